# Generated from ui/accept_offer_form.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
    QSizePolicy, QWidget)

from lotsen_desktop.gui.widgets import DateField

class Ui_AcceptOfferForm(object):
    def setupUi(self, AcceptOfferForm):
        if not AcceptOfferForm.objectName():
            AcceptOfferForm.setObjectName(u"AcceptOfferForm")
        self.form = QFormLayout(AcceptOfferForm)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.intro = QLabel(AcceptOfferForm)
        self.intro.setObjectName(u"intro")
        self.intro.setWordWrap(True)

        self.form.setWidget(0, QFormLayout.ItemRole.SpanningRole, self.intro)

        self.pseudonym_label = QLabel(AcceptOfferForm)
        self.pseudonym_label.setObjectName(u"pseudonym_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.pseudonym_label)

        self.pseudonym = QLineEdit(AcceptOfferForm)
        self.pseudonym.setObjectName(u"pseudonym")
        self.pseudonym.setMaxLength(40)

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.pseudonym)

        self.answered_label = QLabel(AcceptOfferForm)
        self.answered_label.setObjectName(u"answered_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.answered_label)

        self.answered = DateField(AcceptOfferForm)
        self.answered.setObjectName(u"answered")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.answered)

        self.pseudonym_label.setBuddy(self.pseudonym)
        self.answered_label.setBuddy(self.answered)

        self.retranslateUi(AcceptOfferForm)

        QMetaObject.connectSlotsByName(AcceptOfferForm)
    # setupUi

    def retranslateUi(self, AcceptOfferForm):
        self.pseudonym_label.setText(ui_text(u"&Pseudonym:", None))
        self.pseudonym.setToolTip(ui_text(u"Pseudonym or initials of the accompanied person or group", None))
        self.pseudonym.setPlaceholderText(ui_text(u"e.g. Familie K. or A. B.", None))
        self.answered_label.setText(ui_text(u"&Accepted on:", None))
        self.answered.setToolTip(ui_text(u"Date as DD.MM.YYYY; 24.11. means this year", None))
        pass
    # retranslateUi
