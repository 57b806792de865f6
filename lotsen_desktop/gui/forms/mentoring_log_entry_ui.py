# Generated from ui/mentoring_log_entry.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
from PySide6.QtWidgets import (QApplication, QComboBox, QGridLayout, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QSizePolicy, QWidget)

from lotsen_desktop.gui.views.feedback import InlineMessage
from lotsen_desktop.gui.widgets import DateField

class Ui_LogQuickEntry(object):
    def setupUi(self, LogQuickEntry):
        if not LogQuickEntry.objectName():
            LogQuickEntry.setObjectName(u"LogQuickEntry")
        self.grid = QGridLayout(LogQuickEntry)
        self.grid.setObjectName(u"grid")
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(2)
        self.grid.setContentsMargins(6, 4, 6, 6)
        self.date_label = QLabel(LogQuickEntry)
        self.date_label.setObjectName(u"date_label")

        self.grid.addWidget(self.date_label, 0, 0, 1, 1)

        self.date = DateField(LogQuickEntry)
        self.date.setObjectName(u"date")

        self.grid.addWidget(self.date, 1, 0, 1, 1)

        self.duration_label = QLabel(LogQuickEntry)
        self.duration_label.setObjectName(u"duration_label")

        self.grid.addWidget(self.duration_label, 0, 1, 1, 1)

        self.duration = QLineEdit(LogQuickEntry)
        self.duration.setObjectName(u"duration")
        self.duration.setPlaceholderText(u"1:30")

        self.grid.addWidget(self.duration, 1, 1, 1, 1)

        self.kind_label = QLabel(LogQuickEntry)
        self.kind_label.setObjectName(u"kind_label")

        self.grid.addWidget(self.kind_label, 0, 2, 1, 1)

        self.kind = QComboBox(LogQuickEntry)
        self.kind.setObjectName(u"kind")
        self.kind.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.kind.setMinimumContentsLength(14)

        self.grid.addWidget(self.kind, 1, 2, 1, 1)

        self.area_label = QLabel(LogQuickEntry)
        self.area_label.setObjectName(u"area_label")

        self.grid.addWidget(self.area_label, 0, 3, 1, 1)

        self.area = QComboBox(LogQuickEntry)
        self.area.setObjectName(u"area")
        self.area.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.area.setMinimumContentsLength(14)

        self.grid.addWidget(self.area, 1, 3, 1, 1)

        self.km_label = QLabel(LogQuickEntry)
        self.km_label.setObjectName(u"km_label")

        self.grid.addWidget(self.km_label, 0, 4, 1, 1)

        self.km = QLineEdit(LogQuickEntry)
        self.km.setObjectName(u"km")
        self.km.setPlaceholderText(u"0")

        self.grid.addWidget(self.km, 1, 4, 1, 1)

        self.note_row = QHBoxLayout()
        self.note_row.setObjectName(u"note_row")
        self.note_label = QLabel(LogQuickEntry)
        self.note_label.setObjectName(u"note_label")

        self.note_row.addWidget(self.note_label)

        self.note = QLineEdit(LogQuickEntry)
        self.note.setObjectName(u"note")
        self.note.setMaxLength(500)

        self.note_row.addWidget(self.note)

        self.save_button = QPushButton(LogQuickEntry)
        self.save_button.setObjectName(u"save_button")

        self.note_row.addWidget(self.save_button)

        self.note_row.setStretch(1, 1)

        self.grid.addLayout(self.note_row, 2, 0, 1, 7)

        self.message = InlineMessage(LogQuickEntry)
        self.message.setObjectName(u"message")

        self.grid.addWidget(self.message, 3, 0, 1, 7)

        self.grid.setColumnStretch(2, 1)
        self.grid.setColumnStretch(3, 1)
        self.date_label.setBuddy(self.date)
        self.duration_label.setBuddy(self.duration)
        self.kind_label.setBuddy(self.kind)
        self.area_label.setBuddy(self.area)
        self.km_label.setBuddy(self.km)
        self.note_label.setBuddy(self.note)

        self.retranslateUi(LogQuickEntry)

        QMetaObject.connectSlotsByName(LogQuickEntry)
    # setupUi

    def retranslateUi(self, LogQuickEntry):
        LogQuickEntry.setTitle(ui_text(u"Record a contact", None))
        self.date_label.setText(ui_text(u"&Date", None))
        self.date.setToolTip(ui_text(u"Date of the contact as DD.MM.YYYY; 24.11. means this year", None))
        self.duration_label.setText(ui_text(u"D&uration", None))
        self.duration.setToolTip(ui_text(u"Duration: minutes (90), hours and minutes (1:30) or 1,5 h", None))
        self.kind_label.setText(ui_text(u"&Kind", None))
        self.kind.setToolTip(ui_text(u"What kind of contact it was", None))
        self.area_label.setText(ui_text(u"A&rea", None))
        self.area.setToolTip(ui_text(u"The area the contact was about", None))
        self.km_label.setText(ui_text(u"km", None))
        self.km.setToolTip(ui_text(u"Kilometres driven (optional)", None))
        self.note_label.setText(ui_text(u"&Note (no names)", None))
        self.note.setToolTip(ui_text(u"A short note; never the full name of the accompanied person", None))
        self.save_button.setToolTip(ui_text(u"Saves the line; the fields stay ready for the next contact", None))
        self.save_button.setText(ui_text(u"Save (Enter)", None))
    # retranslateUi
