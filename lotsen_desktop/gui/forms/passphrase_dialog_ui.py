# Generated from ui/passphrase_dialog.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QDialog,
    QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QSizePolicy, QVBoxLayout, QWidget)

from lotsen_desktop.gui.widgets import FieldMessage

class Ui_PassphraseDialog(object):
    def setupUi(self, PassphraseDialog):
        if not PassphraseDialog.objectName():
            PassphraseDialog.setObjectName(u"PassphraseDialog")
        PassphraseDialog.setMinimumSize(QSize(480, 0))
        self.layout = QVBoxLayout(PassphraseDialog)
        self.layout.setSpacing(10)
        self.layout.setObjectName(u"layout")
        self.top = QHBoxLayout()
        self.top.setObjectName(u"top")
        self.picture = QLabel(PassphraseDialog)
        self.picture.setObjectName(u"picture")

        self.top.addWidget(self.picture)

        self.heading = QLabel(PassphraseDialog)
        self.heading.setObjectName(u"heading")

        self.top.addWidget(self.heading)

        self.top.setStretch(1, 1)

        self.layout.addLayout(self.top)

        self.file_label = QLabel(PassphraseDialog)
        self.file_label.setObjectName(u"file_label")
        self.file_label.setWordWrap(True)
        self.file_label.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.layout.addWidget(self.file_label)

        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        self.passphrase_label = QLabel(PassphraseDialog)
        self.passphrase_label.setObjectName(u"passphrase_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.passphrase_label)

        self.passphrase_edit = QLineEdit(PassphraseDialog)
        self.passphrase_edit.setObjectName(u"passphrase_edit")
        self.passphrase_edit.setEchoMode(QLineEdit.Password)

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.passphrase_edit)

        self.show_check = QCheckBox(PassphraseDialog)
        self.show_check.setObjectName(u"show_check")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.show_check)


        self.layout.addLayout(self.form)

        self.message = FieldMessage(PassphraseDialog)
        self.message.setObjectName(u"message")

        self.layout.addWidget(self.message)

        self.limit_label = QLabel(PassphraseDialog)
        self.limit_label.setObjectName(u"limit_label")
        self.limit_label.setWordWrap(True)

        self.layout.addWidget(self.limit_label)

        self.no_back_door = QLabel(PassphraseDialog)
        self.no_back_door.setObjectName(u"no_back_door")
        self.no_back_door.setWordWrap(True)

        self.layout.addWidget(self.no_back_door)

        self.buttons = QDialogButtonBox(PassphraseDialog)
        self.buttons.setObjectName(u"buttons")

        self.layout.addWidget(self.buttons)

        self.passphrase_label.setBuddy(self.passphrase_edit)

        self.retranslateUi(PassphraseDialog)

        QMetaObject.connectSlotsByName(PassphraseDialog)
    # setupUi

    def retranslateUi(self, PassphraseDialog):
        PassphraseDialog.setWindowTitle(ui_text(u"Open the encrypted database", None))
        self.heading.setText(ui_text(u"The database is encrypted", None))
        self.passphrase_label.setText(ui_text(u"&Passphrase", None))
        self.show_check.setText(ui_text(u"&Show passphrase", None))
        self.limit_label.setText(ui_text(u"After each wrong passphrase the next attempt waits longer (1, 2, 4 \u2026 up to 60 seconds).", None))
        self.no_back_door.setText(ui_text(u"There is no back door: without the passphrase nobody, not even the makers of the program, can open the data. If it is lost, only a backup made before the encryption or an exchange file from another computer brings the data back.", None))
    # retranslateUi
