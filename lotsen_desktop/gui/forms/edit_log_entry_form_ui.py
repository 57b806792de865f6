# Generated from ui/edit_log_entry_form.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
# ruff: noqa
# mypy: ignore-errors

from lotsen_desktop.i18n import ui_text
from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QComboBox, QFormLayout, QLabel,
    QLineEdit, QPlainTextEdit, QSizePolicy, QVBoxLayout,
    QWidget)

from lotsen_desktop.gui.widgets import DateField

class Ui_EditLogEntryForm(object):
    def setupUi(self, EditLogEntryForm):
        if not EditLogEntryForm.objectName():
            EditLogEntryForm.setObjectName(u"EditLogEntryForm")
        self.form = QFormLayout(EditLogEntryForm)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.date_label = QLabel(EditLogEntryForm)
        self.date_label.setObjectName(u"date_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.date_label)

        self.date = DateField(EditLogEntryForm)
        self.date.setObjectName(u"date")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.date)

        self.duration_label = QLabel(EditLogEntryForm)
        self.duration_label.setObjectName(u"duration_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.duration_label)

        self.duration = QLineEdit(EditLogEntryForm)
        self.duration.setObjectName(u"duration")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.duration)

        self.kind_label = QLabel(EditLogEntryForm)
        self.kind_label.setObjectName(u"kind_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.kind_label)

        self.kind = QComboBox(EditLogEntryForm)
        self.kind.setObjectName(u"kind")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.kind)

        self.area_label = QLabel(EditLogEntryForm)
        self.area_label.setObjectName(u"area_label")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.area_label)

        self.area = QComboBox(EditLogEntryForm)
        self.area.setObjectName(u"area")

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.area)

        self.km_label = QLabel(EditLogEntryForm)
        self.km_label.setObjectName(u"km_label")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.km_label)

        self.km = QLineEdit(EditLogEntryForm)
        self.km.setObjectName(u"km")

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.km)

        self.note_label = QLabel(EditLogEntryForm)
        self.note_label.setObjectName(u"note_label")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.note_label)

        self.note = QPlainTextEdit(EditLogEntryForm)
        self.note.setObjectName(u"note")
        self.note.setTabChangesFocus(True)
        self.note.setMinimumSize(QSize(0, 70))

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.note)

        self.history_label = QLabel(EditLogEntryForm)
        self.history_label.setObjectName(u"history_label")
        self.history_label.setWordWrap(True)

        self.form.setWidget(6, QFormLayout.ItemRole.SpanningRole, self.history_label)

        self.history_slot = QVBoxLayout()
        self.history_slot.setObjectName(u"history_slot")

        self.form.setLayout(7, QFormLayout.ItemRole.SpanningRole, self.history_slot)

        self.date_label.setBuddy(self.date)
        self.duration_label.setBuddy(self.duration)
        self.kind_label.setBuddy(self.kind)
        self.area_label.setBuddy(self.area)
        self.km_label.setBuddy(self.km)
        self.note_label.setBuddy(self.note)

        self.retranslateUi(EditLogEntryForm)

        QMetaObject.connectSlotsByName(EditLogEntryForm)
    # setupUi

    def retranslateUi(self, EditLogEntryForm):
        self.date_label.setText(ui_text(u"&Date:", None))
        self.date.setToolTip(ui_text(u"Date of the contact as DD.MM.YYYY; 24.11. means this year", None))
        self.duration_label.setText(ui_text(u"D&uration:", None))
        self.duration.setToolTip(ui_text(u"Duration: minutes (90), hours and minutes (1:30) or 1,5 h", None))
        self.kind_label.setText(ui_text(u"&Kind:", None))
        self.kind.setToolTip(ui_text(u"What kind of contact it was", None))
        self.area_label.setText(ui_text(u"A&rea:", None))
        self.area.setToolTip(ui_text(u"The area the contact was about", None))
        self.km_label.setText(ui_text(u"&km:", None))
        self.km.setToolTip(ui_text(u"Kilometres driven (optional)", None))
        self.note_label.setText(ui_text(u"&Note (no names):", None))
        self.note.setToolTip(ui_text(u"A short note; never the full name of the accompanied person", None))
        self.history_label.setText(ui_text(u"Earlier values (who changed the line, when, and what it said before):", None))
        pass
    # retranslateUi
