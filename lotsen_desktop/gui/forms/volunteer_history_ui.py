# Generated from ui/volunteer_history.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
from PySide6.QtWidgets import (QApplication, QLabel, QSizePolicy, QVBoxLayout,
    QWidget)

class Ui_VolunteerHistory(object):
    def setupUi(self, VolunteerHistory):
        if not VolunteerHistory.objectName():
            VolunteerHistory.setObjectName(u"VolunteerHistory")
        self.layout = QVBoxLayout(VolunteerHistory)
        self.layout.setObjectName(u"layout")
        self.history_slot = QVBoxLayout()
        self.history_slot.setObjectName(u"history_slot")

        self.layout.addLayout(self.history_slot)

        self.record_label = QLabel(VolunteerHistory)
        self.record_label.setObjectName(u"record_label")
        self.record_label.setWordWrap(True)
        self.record_label.setStyleSheet(u"color: #666666;")

        self.layout.addWidget(self.record_label)

        self.layout.setStretch(0, 1)

        self.retranslateUi(VolunteerHistory)

        QMetaObject.connectSlotsByName(VolunteerHistory)
    # setupUi

    def retranslateUi(self, VolunteerHistory):
        pass
    # retranslateUi
