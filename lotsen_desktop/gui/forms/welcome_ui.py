# Generated from ui/welcome.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QButtonGroup, QCheckBox,
    QDialog, QDialogButtonBox, QFormLayout, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QRadioButton,
    QSizePolicy, QVBoxLayout, QWidget)

from lotsen_desktop.gui.views.passphrase_fields import NewPassphraseFields
from lotsen_desktop.gui.widgets import FieldMessage

class Ui_WelcomeDialog(object):
    def setupUi(self, WelcomeDialog):
        if not WelcomeDialog.objectName():
            WelcomeDialog.setObjectName(u"WelcomeDialog")
        WelcomeDialog.setMinimumSize(QSize(640, 0))
        self.layout = QVBoxLayout(WelcomeDialog)
        self.layout.setSpacing(10)
        self.layout.setObjectName(u"layout")
        self.top = QHBoxLayout()
        self.top.setObjectName(u"top")
        self.picture = QLabel(WelcomeDialog)
        self.picture.setObjectName(u"picture")

        self.top.addWidget(self.picture)

        self.heading = QLabel(WelcomeDialog)
        self.heading.setObjectName(u"heading")

        self.top.addWidget(self.heading)

        self.top.setStretch(1, 1)

        self.layout.addLayout(self.top)

        self.intro = QLabel(WelcomeDialog)
        self.intro.setObjectName(u"intro")
        self.intro.setWordWrap(True)

        self.layout.addWidget(self.intro)

        self.profile = QWidget(WelcomeDialog)
        self.profile.setObjectName(u"profile")
        self.form = QFormLayout(self.profile)
        self.form.setObjectName(u"form")
        self.form.setContentsMargins(0, 0, 0, 0)
        self.name_label = QLabel(self.profile)
        self.name_label.setObjectName(u"name_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.name_label)

        self.name_edit = QLineEdit(self.profile)
        self.name_edit.setObjectName(u"name_edit")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.name_edit)

        self.name_message = FieldMessage(self.profile)
        self.name_message.setObjectName(u"name_message")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.name_message)

        self.place_label = QLabel(self.profile)
        self.place_label.setObjectName(u"place_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.place_label)

        self.place_edit = QLineEdit(self.profile)
        self.place_edit.setObjectName(u"place_edit")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.place_edit)

        self.signatory_label = QLabel(self.profile)
        self.signatory_label.setObjectName(u"signatory_label")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.signatory_label)

        self.signatory_edit = QLineEdit(self.profile)
        self.signatory_edit.setObjectName(u"signatory_edit")

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.signatory_edit)

        self.role_label = QLabel(self.profile)
        self.role_label.setObjectName(u"role_label")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.role_label)

        self.role_edit = QLineEdit(self.profile)
        self.role_edit.setObjectName(u"role_edit")

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.role_edit)


        self.layout.addWidget(self.profile)

        self.start = QGroupBox(WelcomeDialog)
        self.start.setObjectName(u"start")
        self.start_layout = QVBoxLayout(self.start)
        self.start_layout.setObjectName(u"start_layout")
        self.empty_radio = QRadioButton(self.start)
        self.start_group = QButtonGroup(WelcomeDialog)
        self.start_group.setObjectName(u"start_group")
        self.start_group.addButton(self.empty_radio)
        self.empty_radio.setObjectName(u"empty_radio")
        self.empty_radio.setChecked(True)

        self.start_layout.addWidget(self.empty_radio)

        self.demo_radio = QRadioButton(self.start)
        self.start_group.addButton(self.demo_radio)
        self.demo_radio.setObjectName(u"demo_radio")

        self.start_layout.addWidget(self.demo_radio)

        self.import_radio = QRadioButton(self.start)
        self.start_group.addButton(self.import_radio)
        self.import_radio.setObjectName(u"import_radio")

        self.start_layout.addWidget(self.import_radio)


        self.layout.addWidget(self.start)

        self.encryption_group = QGroupBox(WelcomeDialog)
        self.encryption_group.setObjectName(u"encryption_group")
        self.encryption_layout = QVBoxLayout(self.encryption_group)
        self.encryption_layout.setObjectName(u"encryption_layout")
        self.encrypt_check = QCheckBox(self.encryption_group)
        self.encrypt_check.setObjectName(u"encrypt_check")

        self.encryption_layout.addWidget(self.encrypt_check)

        self.encryption_details = QWidget(self.encryption_group)
        self.encryption_details.setObjectName(u"encryption_details")
        self.encryption_details_layout = QVBoxLayout(self.encryption_details)
        self.encryption_details_layout.setObjectName(u"encryption_details_layout")
        self.encryption_details_layout.setContentsMargins(0, 0, 0, 0)
        self.passphrase_fields = NewPassphraseFields(self.encryption_details)
        self.passphrase_fields.setObjectName(u"passphrase_fields")

        self.encryption_details_layout.addWidget(self.passphrase_fields)

        self.no_back_door = QLabel(self.encryption_details)
        self.no_back_door.setObjectName(u"no_back_door")
        self.no_back_door.setWordWrap(True)

        self.encryption_details_layout.addWidget(self.no_back_door)


        self.encryption_layout.addWidget(self.encryption_details)


        self.layout.addWidget(self.encryption_group)

        self.buttons = QDialogButtonBox(WelcomeDialog)
        self.buttons.setObjectName(u"buttons")

        self.layout.addWidget(self.buttons)

        self.name_label.setBuddy(self.name_edit)
        self.place_label.setBuddy(self.place_edit)
        self.signatory_label.setBuddy(self.signatory_edit)
        self.role_label.setBuddy(self.role_edit)

        self.retranslateUi(WelcomeDialog)

        QMetaObject.connectSlotsByName(WelcomeDialog)
    # setupUi

    def retranslateUi(self, WelcomeDialog):
        WelcomeDialog.setWindowTitle(ui_text(u"Welcome to Lotsen Desktop", None))
        self.heading.setText(ui_text(u"Welcome to Lotsen Desktop", None))
        self.intro.setText(ui_text(u"Lotsen Desktop keeps the files of your Integrationslotsinnen and Integrationslotsen, courses, attendance and mentoring, on this computer.\n"
"Please tell us who runs the programme here. These details appear on certificates; you can change them later under Einstellungen.", None))
        self.name_label.setText(ui_text(u"Organisation (Tr\u00e4ger) *", None))
        self.name_edit.setToolTip(ui_text(u"The organisation (Tr\u00e4ger) that runs the courses", None))
        self.name_edit.setPlaceholderText(ui_text(u"e.g. Volkshochschule Musterstadt", None))
        self.place_label.setText(ui_text(u"Place", None))
        self.place_edit.setToolTip(ui_text(u"Place printed in the place-and-date line of documents", None))
        self.place_edit.setPlaceholderText(ui_text(u"e.g. Hannover", None))
        self.signatory_label.setText(ui_text(u"Signatory", None))
        self.signatory_edit.setToolTip(ui_text(u"The person who signs certificates", None))
        self.role_label.setText(ui_text(u"Signatory's role", None))
        self.role_edit.setToolTip(ui_text(u"Function printed under the signature", None))
        self.role_edit.setPlaceholderText(ui_text(u"e.g. Koordinatorin Integrationslotsen", None))
        self.start.setTitle(ui_text(u"How do you want to start?", None))
        self.empty_radio.setText(ui_text(u"With an &empty database (for real work)", None))
        self.import_radio.setToolTip(ui_text(u"For a second computer of the same office: the office profile, the volunteers and courses come from an exchange file made on the other computer.", None))
        self.import_radio.setText(ui_text(u"Take over the data from another &computer (exchange file)", None))
        self.encryption_group.setTitle(ui_text(u"Protection on a lost laptop", None))
        self.encrypt_check.setToolTip(ui_text(u"The database file is stored encrypted (SQLCipher, AES-256). The passphrase is asked at every start.", None))
        self.encrypt_check.setText(ui_text(u"&Encrypt the database with a passphrase (recommended for laptops)", None))
        self.no_back_door.setText(ui_text(u"There is no back door: whoever loses the passphrase loses the data in this file. Write it down and keep it safe, e.g. sealed in the office safe.", None))
    # retranslateUi
