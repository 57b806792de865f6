# Generated from ui/new_request_form.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
    QLineEdit, QPlainTextEdit, QSizePolicy, QWidget)

from lotsen_desktop.gui.widgets import DateField

class Ui_NewRequestForm(object):
    def setupUi(self, NewRequestForm):
        if not NewRequestForm.objectName():
            NewRequestForm.setObjectName(u"NewRequestForm")
        self.form = QFormLayout(NewRequestForm)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.institution_label = QLabel(NewRequestForm)
        self.institution_label.setObjectName(u"institution_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.institution_label)

        self.institution = QLineEdit(NewRequestForm)
        self.institution.setObjectName(u"institution")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.institution)

        self.contact_label = QLabel(NewRequestForm)
        self.contact_label.setObjectName(u"contact_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.contact_label)

        self.contact = QLineEdit(NewRequestForm)
        self.contact.setObjectName(u"contact")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.contact)

        self.area_label = QLabel(NewRequestForm)
        self.area_label.setObjectName(u"area_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.area_label)

        self.area = QComboBox(NewRequestForm)
        self.area.setObjectName(u"area")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.area)

        self.languages_label = QLabel(NewRequestForm)
        self.languages_label.setObjectName(u"languages_label")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.languages_label)

        self.languages = QLineEdit(NewRequestForm)
        self.languages.setObjectName(u"languages")

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.languages)

        self.timing_label = QLabel(NewRequestForm)
        self.timing_label.setObjectName(u"timing_label")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.timing_label)

        self.timing = QLineEdit(NewRequestForm)
        self.timing.setObjectName(u"timing")

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.timing)

        self.description_label = QLabel(NewRequestForm)
        self.description_label.setObjectName(u"description_label")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.description_label)

        self.description = QPlainTextEdit(NewRequestForm)
        self.description.setObjectName(u"description")
        self.description.setMinimumSize(QSize(0, 80))
        self.description.setMaximumSize(QSize(16777215, 80))
        self.description.setTabChangesFocus(True)

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.description)

        self.received_label = QLabel(NewRequestForm)
        self.received_label.setObjectName(u"received_label")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.received_label)

        self.received = DateField(NewRequestForm)
        self.received.setObjectName(u"received")

        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.received)

        self.institution_label.setBuddy(self.institution)
        self.contact_label.setBuddy(self.contact)
        self.area_label.setBuddy(self.area)
        self.languages_label.setBuddy(self.languages)
        self.timing_label.setBuddy(self.timing)
        self.description_label.setBuddy(self.description)
        self.received_label.setBuddy(self.received)

        self.retranslateUi(NewRequestForm)

        QMetaObject.connectSlotsByName(NewRequestForm)
    # setupUi

    def retranslateUi(self, NewRequestForm):
        self.institution_label.setText(ui_text(u"&Institution:", None))
        self.institution.setToolTip(ui_text(u"Who asks for support, e.g. Grundschule Am Lindenhof", None))
        self.contact_label.setText(ui_text(u"&Contact:", None))
        self.contact.setToolTip(ui_text(u"Contact person at the institution (phone or e-mail)", None))
        self.area_label.setText(ui_text(u"&Area:", None))
        self.area.setToolTip(ui_text(u"What the support is about", None))
        self.languages_label.setText(ui_text(u"&Languages:", None))
        self.languages.setToolTip(ui_text(u"Languages needed, separated by commas", None))
        self.languages.setPlaceholderText(ui_text(u"e.g. Arabisch, Kurdisch", None))
        self.timing_label.setText(ui_text(u"&When:", None))
        self.timing.setToolTip(ui_text(u"When the support is needed", None))
        self.timing.setPlaceholderText(ui_text(u"e.g. Tuesday mornings from March", None))
        self.description_label.setText(ui_text(u"&Description:", None))
        self.description.setToolTip(ui_text(u"What is needed, without the full name of the person concerned", None))
        self.received_label.setText(ui_text(u"&Received on:", None))
        self.received.setToolTip(ui_text(u"Date as DD.MM.YYYY; 24.11. means this year", None))
        pass
    # retranslateUi
