# Generated from ui/end_assignment_form.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QLabel, QSizePolicy,
    QWidget)

from lotsen_desktop.gui.widgets import DateField

class Ui_EndAssignmentForm(object):
    def setupUi(self, EndAssignmentForm):
        if not EndAssignmentForm.objectName():
            EndAssignmentForm.setObjectName(u"EndAssignmentForm")
        self.form = QFormLayout(EndAssignmentForm)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.ended_label = QLabel(EndAssignmentForm)
        self.ended_label.setObjectName(u"ended_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.ended_label)

        self.ended = DateField(EndAssignmentForm)
        self.ended.setObjectName(u"ended")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.ended)

        self.ended_label.setBuddy(self.ended)

        self.retranslateUi(EndAssignmentForm)

        QMetaObject.connectSlotsByName(EndAssignmentForm)
    # setupUi

    def retranslateUi(self, EndAssignmentForm):
        self.ended_label.setText(ui_text(u"&Ended on:", None))
        self.ended.setToolTip(ui_text(u"Date as DD.MM.YYYY; 24.11. means this year", None))
        pass
    # retranslateUi
