# Generated from ui/volunteer_mentoring.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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

class Ui_VolunteerMentoring(object):
    def setupUi(self, VolunteerMentoring):
        if not VolunteerMentoring.objectName():
            VolunteerMentoring.setObjectName(u"VolunteerMentoring")
        self.layout = QVBoxLayout(VolunteerMentoring)
        self.layout.setObjectName(u"layout")
        self.mentoring_label = QLabel(VolunteerMentoring)
        self.mentoring_label.setObjectName(u"mentoring_label")
        self.mentoring_label.setWordWrap(True)

        self.layout.addWidget(self.mentoring_label)

        self.assignments_slot = QVBoxLayout()
        self.assignments_slot.setObjectName(u"assignments_slot")

        self.layout.addLayout(self.assignments_slot)

        self.mentoring_hint = QLabel(VolunteerMentoring)
        self.mentoring_hint.setObjectName(u"mentoring_hint")
        self.mentoring_hint.setStyleSheet(u"color: #666666;")

        self.layout.addWidget(self.mentoring_hint)

        self.layout.setStretch(1, 1)

        self.retranslateUi(VolunteerMentoring)

        QMetaObject.connectSlotsByName(VolunteerMentoring)
    # setupUi

    def retranslateUi(self, VolunteerMentoring):
        self.mentoring_hint.setText(ui_text(u"New assignments and log entries are made on the page Begleitung.", None))
        pass
    # retranslateUi
