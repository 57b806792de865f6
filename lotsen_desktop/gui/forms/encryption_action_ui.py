# Generated from ui/encryption_action.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
    QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
    QSizePolicy, QVBoxLayout, QWidget)

from lotsen_desktop.gui.views.passphrase_fields import NewPassphraseFields
from lotsen_desktop.gui.widgets import FieldMessage

class Ui_EncryptionActionDialog(object):
    def setupUi(self, EncryptionActionDialog):
        if not EncryptionActionDialog.objectName():
            EncryptionActionDialog.setObjectName(u"EncryptionActionDialog")
        EncryptionActionDialog.setMinimumSize(QSize(500, 0))
        self.layout = QVBoxLayout(EncryptionActionDialog)
        self.layout.setSpacing(10)
        self.layout.setObjectName(u"layout")
        self.intro = QLabel(EncryptionActionDialog)
        self.intro.setObjectName(u"intro")
        self.intro.setWordWrap(True)

        self.layout.addWidget(self.intro)

        self.current_box = QWidget(EncryptionActionDialog)
        self.current_box.setObjectName(u"current_box")
        self.current_form = QFormLayout(self.current_box)
        self.current_form.setObjectName(u"current_form")
        self.current_form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        self.current_form.setContentsMargins(0, 0, 0, 0)
        self.current_label = QLabel(self.current_box)
        self.current_label.setObjectName(u"current_label")

        self.current_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.current_label)

        self.current_edit = QLineEdit(self.current_box)
        self.current_edit.setObjectName(u"current_edit")
        self.current_edit.setEchoMode(QLineEdit.Password)

        self.current_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.current_edit)

        self.current_message = FieldMessage(self.current_box)
        self.current_message.setObjectName(u"current_message")

        self.current_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.current_message)


        self.layout.addWidget(self.current_box)

        self.new_fields = NewPassphraseFields(EncryptionActionDialog)
        self.new_fields.setObjectName(u"new_fields")

        self.layout.addWidget(self.new_fields)

        self.understood_check = QCheckBox(EncryptionActionDialog)
        self.understood_check.setObjectName(u"understood_check")

        self.layout.addWidget(self.understood_check)

        self.message = FieldMessage(EncryptionActionDialog)
        self.message.setObjectName(u"message")

        self.layout.addWidget(self.message)

        self.buttons = QDialogButtonBox(EncryptionActionDialog)
        self.buttons.setObjectName(u"buttons")

        self.layout.addWidget(self.buttons)

        self.current_label.setBuddy(self.current_edit)

        self.retranslateUi(EncryptionActionDialog)

        QMetaObject.connectSlotsByName(EncryptionActionDialog)
    # setupUi

    def retranslateUi(self, EncryptionActionDialog):
        self.current_label.setText(ui_text(u"&Current passphrase", None))
        self.understood_check.setText(ui_text(u"I have noted the passphrase: &without it the data cannot be recovered (no back door).", None))
        pass
    # retranslateUi
