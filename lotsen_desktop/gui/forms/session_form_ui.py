# Generated from ui/session_form.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QLabel, QLineEdit,
    QSizePolicy, QTimeEdit, QWidget)

from lotsen_desktop.gui.widgets import DateField

class Ui_SessionForm(object):
    def setupUi(self, SessionForm):
        if not SessionForm.objectName():
            SessionForm.setObjectName(u"SessionForm")
        self.form = QFormLayout(SessionForm)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.date_label = QLabel(SessionForm)
        self.date_label.setObjectName(u"date_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.date_label)

        self.date = DateField(SessionForm)
        self.date.setObjectName(u"date")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.date)

        self.start_label = QLabel(SessionForm)
        self.start_label.setObjectName(u"start_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.start_label)

        self.start = QTimeEdit(SessionForm)
        self.start.setObjectName(u"start")
        self.start.setDisplayFormat(u"HH:mm")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.start)

        self.end_label = QLabel(SessionForm)
        self.end_label.setObjectName(u"end_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.end_label)

        self.end = QTimeEdit(SessionForm)
        self.end.setObjectName(u"end")
        self.end.setDisplayFormat(u"HH:mm")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.end)

        self.topic_label = QLabel(SessionForm)
        self.topic_label.setObjectName(u"topic_label")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.topic_label)

        self.topic = QLineEdit(SessionForm)
        self.topic.setObjectName(u"topic")

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.topic)

        self.note = QLabel(SessionForm)
        self.note.setObjectName(u"note")
        self.note.setWordWrap(True)

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.note)

        self.date_label.setBuddy(self.date)
        self.start_label.setBuddy(self.start)
        self.end_label.setBuddy(self.end)
        self.topic_label.setBuddy(self.topic)

        self.retranslateUi(SessionForm)

        QMetaObject.connectSlotsByName(SessionForm)
    # setupUi

    def retranslateUi(self, SessionForm):
        self.date_label.setText(ui_text(u"&Date:", None))
        self.date.setToolTip(ui_text(u"Day of the session", None))
        self.start_label.setText(ui_text(u"&From:", None))
        self.end_label.setText(ui_text(u"&Until:", None))
        self.topic_label.setText(ui_text(u"T&opic:", None))
        self.topic.setToolTip(ui_text(u"What the session is about (shown in the grid's tooltips)", None))
        self.note.setText(ui_text(u"Attendance already recorded for this session stays with it.", None))
        pass
    # retranslateUi
