# Generated from ui/backup_settings.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
    QLineEdit, QPushButton, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

from lotsen_desktop.gui.views.feedback import InlineMessage

class Ui_BackupSettings(object):
    def setupUi(self, BackupSettings):
        if not BackupSettings.objectName():
            BackupSettings.setObjectName(u"BackupSettings")
        self.backup_layout = QVBoxLayout(BackupSettings)
        self.backup_layout.setObjectName(u"backup_layout")
        self.folder_row = QHBoxLayout()
        self.folder_row.setObjectName(u"folder_row")
        self.folder_label = QLabel(BackupSettings)
        self.folder_label.setObjectName(u"folder_label")

        self.folder_row.addWidget(self.folder_label)

        self.folder_edit = QLineEdit(BackupSettings)
        self.folder_edit.setObjectName(u"folder_edit")
        self.folder_edit.setReadOnly(True)

        self.folder_row.addWidget(self.folder_edit)

        self.choose_button = QPushButton(BackupSettings)
        self.choose_button.setObjectName(u"choose_button")

        self.folder_row.addWidget(self.choose_button)

        self.default_button = QPushButton(BackupSettings)
        self.default_button.setObjectName(u"default_button")

        self.folder_row.addWidget(self.default_button)

        self.folder_row.setStretch(1, 1)

        self.backup_layout.addLayout(self.folder_row)

        self.folder_message = InlineMessage(BackupSettings)
        self.folder_message.setObjectName(u"folder_message")

        self.backup_layout.addWidget(self.folder_message)

        self.last_backup = QLabel(BackupSettings)
        self.last_backup.setObjectName(u"last_backup")
        self.last_backup.setWordWrap(True)

        self.backup_layout.addWidget(self.last_backup)

        self.backup_explanation = QLabel(BackupSettings)
        self.backup_explanation.setObjectName(u"backup_explanation")
        self.backup_explanation.setWordWrap(True)

        self.backup_layout.addWidget(self.backup_explanation)

        self.backup_buttons = QHBoxLayout()
        self.backup_buttons.setObjectName(u"backup_buttons")
        self.backup_button = QPushButton(BackupSettings)
        self.backup_button.setObjectName(u"backup_button")

        self.backup_buttons.addWidget(self.backup_button)

        self.restore_button = QPushButton(BackupSettings)
        self.restore_button.setObjectName(u"restore_button")

        self.backup_buttons.addWidget(self.restore_button)

        self.backup_space = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.backup_buttons.addItem(self.backup_space)

        self.backup_buttons.setStretch(2, 1)

        self.backup_layout.addLayout(self.backup_buttons)

        self.folder_label.setBuddy(self.folder_edit)

        self.retranslateUi(BackupSettings)

        QMetaObject.connectSlotsByName(BackupSettings)
    # setupUi

    def retranslateUi(self, BackupSettings):
        BackupSettings.setTitle(ui_text(u"Backups", None))
        self.folder_label.setText(ui_text(u"&Folder:", None))
        self.folder_edit.setToolTip(ui_text(u"Where backups are written, e.g. a USB stick or a network share", None))
        self.choose_button.setToolTip(ui_text(u"Choose another folder for the backups", None))
        self.choose_button.setText(ui_text(u"&Change\u2026", None))
        self.default_button.setToolTip(ui_text(u"Write the backups beside the database again", None))
        self.default_button.setText(ui_text(u"Beside the &database", None))
        self.backup_explanation.setText(ui_text(u"A backup is written automatically at the first start of a day and before every import, erasure and update; each is checked. Kept are the last 5 and the newest of each of the last 7 days, 4 weeks and 12 months. Backups made by hand are never removed automatically.", None))
        self.backup_button.setToolTip(ui_text(u"Write a checked backup of the database now", None))
        self.backup_button.setText(ui_text(u"&Back up now", None))
        self.restore_button.setToolTip(ui_text(u"Replace the database with one of its backups", None))
        self.restore_button.setText(ui_text(u"&Restore\u2026", None))
    # retranslateUi
