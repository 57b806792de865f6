# Generated from ui/new_passphrase.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QProgressBar, QSizePolicy, QWidget)

from lotsen_desktop.gui.widgets import FieldMessage

class Ui_NewPassphraseFields(object):
    def setupUi(self, NewPassphraseFields):
        if not NewPassphraseFields.objectName():
            NewPassphraseFields.setObjectName(u"NewPassphraseFields")
        self.form = QFormLayout(NewPassphraseFields)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.passphrase_label = QLabel(NewPassphraseFields)
        self.passphrase_label.setObjectName(u"passphrase_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.passphrase_label)

        self.passphrase_edit = QLineEdit(NewPassphraseFields)
        self.passphrase_edit.setObjectName(u"passphrase_edit")
        self.passphrase_edit.setEchoMode(QLineEdit.Password)

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.passphrase_edit)

        self.strength_row = QHBoxLayout()
        self.strength_row.setObjectName(u"strength_row")
        self.strength_bar = QProgressBar(NewPassphraseFields)
        self.strength_bar.setObjectName(u"strength_bar")
        self.strength_bar.setMaximumSize(QSize(90, 10))
        self.strength_bar.setMaximum(3)
        self.strength_bar.setValue(0)
        self.strength_bar.setTextVisible(False)

        self.strength_row.addWidget(self.strength_bar)

        self.strength_label = QLabel(NewPassphraseFields)
        self.strength_label.setObjectName(u"strength_label")
        self.strength_label.setWordWrap(True)

        self.strength_row.addWidget(self.strength_label)

        self.strength_row.setStretch(1, 1)

        self.form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.strength_row)

        self.repeat_label = QLabel(NewPassphraseFields)
        self.repeat_label.setObjectName(u"repeat_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.repeat_label)

        self.repeat_edit = QLineEdit(NewPassphraseFields)
        self.repeat_edit.setObjectName(u"repeat_edit")
        self.repeat_edit.setEchoMode(QLineEdit.Password)

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.repeat_edit)

        self.message = FieldMessage(NewPassphraseFields)
        self.message.setObjectName(u"message")

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.message)

        self.passphrase_label.setBuddy(self.passphrase_edit)
        self.repeat_label.setBuddy(self.repeat_edit)

        self.retranslateUi(NewPassphraseFields)

        QMetaObject.connectSlotsByName(NewPassphraseFields)
    # setupUi

    def retranslateUi(self, NewPassphraseFields):
        self.passphrase_label.setText(ui_text(u"&New passphrase", None))
        self.passphrase_edit.setToolTip(ui_text(u"Several unrelated words are easy to remember and hard to guess", None))
        self.repeat_label.setText(ui_text(u"&Repeat", None))
        pass
    # retranslateUi
