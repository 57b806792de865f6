# Generated from ui/add_participants_form.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QLabel, QSizePolicy,
    QVBoxLayout, QWidget)

from lotsen_desktop.gui.widgets import (DateField, DebouncedLineEdit)

class Ui_AddParticipantsForm(object):
    def setupUi(self, AddParticipantsForm):
        if not AddParticipantsForm.objectName():
            AddParticipantsForm.setObjectName(u"AddParticipantsForm")
        self.form = QFormLayout(AddParticipantsForm)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.search_label = QLabel(AddParticipantsForm)
        self.search_label.setObjectName(u"search_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.search_label)

        self.search = DebouncedLineEdit(AddParticipantsForm)
        self.search.setObjectName(u"search")
        self.search.setClearButtonEnabled(True)

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.search)

        self.table_slot = QVBoxLayout()
        self.table_slot.setObjectName(u"table_slot")

        self.form.setLayout(1, QFormLayout.ItemRole.SpanningRole, self.table_slot)

        self.count_label = QLabel(AddParticipantsForm)
        self.count_label.setObjectName(u"count_label")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.count_label)

        self.enrolled_on_label = QLabel(AddParticipantsForm)
        self.enrolled_on_label.setObjectName(u"enrolled_on_label")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.enrolled_on_label)

        self.enrolled_on = DateField(AddParticipantsForm)
        self.enrolled_on.setObjectName(u"enrolled_on")

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.enrolled_on)

        self.hint = QLabel(AddParticipantsForm)
        self.hint.setObjectName(u"hint")
        self.hint.setWordWrap(True)

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.hint)

        self.search_label.setBuddy(self.search)
        self.enrolled_on_label.setBuddy(self.enrolled_on)

        self.retranslateUi(AddParticipantsForm)

        QMetaObject.connectSlotsByName(AddParticipantsForm)
    # setupUi

    def retranslateUi(self, AddParticipantsForm):
        self.search_label.setText(ui_text(u"&Search:", None))
        self.search.setToolTip(ui_text(u"Type part of a name; accents and special letters do not matter (sahin finds \u015eahin)", None))
        self.search.setPlaceholderText(ui_text(u"Search by name, e.g. sahin", None))
        self.enrolled_on_label.setText(ui_text(u"&Enrolled from:", None))
        self.enrolled_on.setToolTip(ui_text(u"Sessions before this date count as \u201cnot enrolled\u201d for the new people, never as absent", None))
        pass
    # retranslateUi
