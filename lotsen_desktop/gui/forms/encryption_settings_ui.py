# Generated from ui/encryption_settings.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
from PySide6.QtWidgets import (QApplication, QGroupBox, QHBoxLayout, QLabel,
    QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_EncryptionSettings(object):
    def setupUi(self, EncryptionSettings):
        if not EncryptionSettings.objectName():
            EncryptionSettings.setObjectName(u"EncryptionSettings")
        self.outer = QVBoxLayout(EncryptionSettings)
        self.outer.setObjectName(u"outer")
        self.outer.setContentsMargins(0, 0, 0, 0)
        self.group = QGroupBox(EncryptionSettings)
        self.group.setObjectName(u"group")
        self.group_layout = QVBoxLayout(self.group)
        self.group_layout.setObjectName(u"group_layout")
        self.status_label = QLabel(self.group)
        self.status_label.setObjectName(u"status_label")
        self.status_label.setWordWrap(True)

        self.group_layout.addWidget(self.status_label)

        self.explanation = QLabel(self.group)
        self.explanation.setObjectName(u"explanation")
        self.explanation.setWordWrap(True)

        self.group_layout.addWidget(self.explanation)

        self.buttons = QHBoxLayout()
        self.buttons.setObjectName(u"buttons")
        self.encrypt_button = QPushButton(self.group)
        self.encrypt_button.setObjectName(u"encrypt_button")

        self.buttons.addWidget(self.encrypt_button)

        self.change_button = QPushButton(self.group)
        self.change_button.setObjectName(u"change_button")

        self.buttons.addWidget(self.change_button)

        self.decrypt_button = QPushButton(self.group)
        self.decrypt_button.setObjectName(u"decrypt_button")

        self.buttons.addWidget(self.decrypt_button)

        self.buttons_space = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttons.addItem(self.buttons_space)

        self.buttons.setStretch(3, 1)

        self.group_layout.addLayout(self.buttons)


        self.outer.addWidget(self.group)


        self.retranslateUi(EncryptionSettings)

        QMetaObject.connectSlotsByName(EncryptionSettings)
    # setupUi

    def retranslateUi(self, EncryptionSettings):
        self.group.setTitle(ui_text(u"Encryption", None))
        self.explanation.setText(ui_text(u"An encrypted database cannot be read without its passphrase, e.g. on a lost laptop (recommended for laptops). The passphrase is asked at every start. There is no back door: a lost passphrase means the data in the file is lost. Also use the encryption of the whole disk (BitLocker, FileVault): an SSD may keep remnants of the unencrypted file.", None))
        self.encrypt_button.setToolTip(ui_text(u"Store the database file encrypted (SQLCipher, AES-256)", None))
        self.encrypt_button.setText(ui_text(u"&Encrypt\u2026", None))
        self.change_button.setText(ui_text(u"Change the &passphrase\u2026", None))
        self.decrypt_button.setToolTip(ui_text(u"Store the database file unencrypted again", None))
        self.decrypt_button.setText(ui_text(u"&Decrypt\u2026", None))
        pass
    # retranslateUi
