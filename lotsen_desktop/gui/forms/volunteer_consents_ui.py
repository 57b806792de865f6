# Generated from ui/volunteer_consents.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
from PySide6.QtWidgets import (QApplication, QComboBox, QFormLayout, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

from lotsen_desktop.gui.widgets import (DateField, FieldMessage)

class Ui_VolunteerConsents(object):
    def setupUi(self, VolunteerConsents):
        if not VolunteerConsents.objectName():
            VolunteerConsents.setObjectName(u"VolunteerConsents")
        self.layout = QVBoxLayout(VolunteerConsents)
        self.layout.setObjectName(u"layout")
        self.consents_slot = QVBoxLayout()
        self.consents_slot.setObjectName(u"consents_slot")

        self.layout.addLayout(self.consents_slot)

        self.record_group = QGroupBox(VolunteerConsents)
        self.record_group.setObjectName(u"record_group")
        self.record_form = QFormLayout(self.record_group)
        self.record_form.setObjectName(u"record_form")
        self.record_form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.record_form.setLabelAlignment(Qt.AlignLeft|Qt.AlignVCenter)
        self.purpose__label = QLabel(self.record_group)
        self.purpose__label.setObjectName(u"purpose__label")

        self.record_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.purpose__label)

        self.consent_purpose_combo = QComboBox(self.record_group)
        self.consent_purpose_combo.setObjectName(u"consent_purpose_combo")

        self.record_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.consent_purpose_combo)

        self.version__label = QLabel(self.record_group)
        self.version__label.setObjectName(u"version__label")

        self.record_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.version__label)

        self.consent_version_edit = QLineEdit(self.record_group)
        self.consent_version_edit.setObjectName(u"consent_version_edit")

        self.record_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.consent_version_edit)

        self.given_on__label = QLabel(self.record_group)
        self.given_on__label.setObjectName(u"given_on__label")

        self.record_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.given_on__label)

        self.consent_date_edit = DateField(self.record_group)
        self.consent_date_edit.setObjectName(u"consent_date_edit")

        self.record_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.consent_date_edit)

        self.consent_message = FieldMessage(self.record_group)
        self.consent_message.setObjectName(u"consent_message")

        self.record_form.setWidget(3, QFormLayout.ItemRole.SpanningRole, self.consent_message)

        self.consent_buttons = QHBoxLayout()
        self.consent_buttons.setObjectName(u"consent_buttons")
        self.record_consent_button = QPushButton(self.record_group)
        self.record_consent_button.setObjectName(u"record_consent_button")

        self.consent_buttons.addWidget(self.record_consent_button)

        self.withdraw_button = QPushButton(self.record_group)
        self.withdraw_button.setObjectName(u"withdraw_button")

        self.consent_buttons.addWidget(self.withdraw_button)

        self.buttons_stretch = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.consent_buttons.addItem(self.buttons_stretch)


        self.record_form.setLayout(4, QFormLayout.ItemRole.SpanningRole, self.consent_buttons)


        self.layout.addWidget(self.record_group)

        self.consents_note = QLabel(VolunteerConsents)
        self.consents_note.setObjectName(u"consents_note")
        self.consents_note.setStyleSheet(u"color: #666666;")

        self.layout.addWidget(self.consents_note)

        self.layout.setStretch(0, 1)
        self.purpose__label.setBuddy(self.consent_purpose_combo)
        self.version__label.setBuddy(self.consent_version_edit)
        self.given_on__label.setBuddy(self.consent_date_edit)
        QWidget.setTabOrder(self.consent_purpose_combo, self.consent_version_edit)
        QWidget.setTabOrder(self.consent_version_edit, self.consent_date_edit)
        QWidget.setTabOrder(self.consent_date_edit, self.record_consent_button)
        QWidget.setTabOrder(self.record_consent_button, self.withdraw_button)

        self.retranslateUi(VolunteerConsents)

        QMetaObject.connectSlotsByName(VolunteerConsents)
    # setupUi

    def retranslateUi(self, VolunteerConsents):
        self.record_group.setTitle(ui_text(u"Record a consent", None))
        self.purpose__label.setText(ui_text(u"Purpose", None))
        self.consent_purpose_combo.setToolTip(ui_text(u"What the person agreed to", None))
        self.version__label.setText(ui_text(u"Form version", None))
        self.consent_version_edit.setToolTip(ui_text(u"Version of the consent form the person signed", None))
        self.consent_version_edit.setPlaceholderText(ui_text(u"e.g. 2026-01", None))
        self.given_on__label.setText(ui_text(u"Given on", None))
        self.record_consent_button.setText(ui_text(u"&Record consent", None))
        self.record_consent_button.setToolTip(ui_text(u"Saved at once", None))
        self.withdraw_button.setText(ui_text(u"&Withdraw selected consent\u2026", None))
        self.withdraw_button.setToolTip(ui_text(u"Records the withdrawal today and deletes what was kept on its basis", None))
        pass
    # retranslateUi
