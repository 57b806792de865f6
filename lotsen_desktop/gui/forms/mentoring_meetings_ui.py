# Generated from ui/mentoring_meetings.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QPushButton,
    QSizePolicy, QVBoxLayout, QWidget)

from lotsen_desktop.gui.views.feedback import InlineMessage

class Ui_MeetingsTab(object):
    def setupUi(self, MeetingsTab):
        if not MeetingsTab.objectName():
            MeetingsTab.setObjectName(u"MeetingsTab")
        self.layout = QVBoxLayout(MeetingsTab)
        self.layout.setObjectName(u"layout")
        self.top = QHBoxLayout()
        self.top.setObjectName(u"top")
        self.meetings_label = QLabel(MeetingsTab)
        self.meetings_label.setObjectName(u"meetings_label")
        self.meetings_label.setWordWrap(True)

        self.top.addWidget(self.meetings_label)

        self.new_meeting_button = QPushButton(MeetingsTab)
        self.new_meeting_button.setObjectName(u"new_meeting_button")

        self.top.addWidget(self.new_meeting_button)

        self.top.setStretch(0, 1)

        self.layout.addLayout(self.top)

        self.meeting_message = InlineMessage(MeetingsTab)
        self.meeting_message.setObjectName(u"meeting_message")

        self.layout.addWidget(self.meeting_message)

        self.meeting_table_slot = QVBoxLayout()
        self.meeting_table_slot.setObjectName(u"meeting_table_slot")

        self.layout.addLayout(self.meeting_table_slot)

        self.layout.setStretch(2, 1)

        self.retranslateUi(MeetingsTab)

        QMetaObject.connectSlotsByName(MeetingsTab)
    # setupUi

    def retranslateUi(self, MeetingsTab):
        self.meetings_label.setText(ui_text(u"Volunteers are accompanied: reflection and exchange meetings and supervision with who took part (shown in activity records).", None))
        self.new_meeting_button.setToolTip(ui_text(u"Record a meeting and who took part", None))
        self.new_meeting_button.setText(ui_text(u"New &meeting\u2026", None))
        pass
    # retranslateUi
