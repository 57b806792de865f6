# Generated from ui/volunteer_languages.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
from PySide6.QtWidgets import (QApplication, QGridLayout, QGroupBox, QHBoxLayout,
    QPlainTextEdit, QPushButton, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

from lotsen_desktop.gui.widgets import FieldMessage

class Ui_VolunteerLanguages(object):
    def setupUi(self, VolunteerLanguages):
        if not VolunteerLanguages.objectName():
            VolunteerLanguages.setObjectName(u"VolunteerLanguages")
        self.layout = QVBoxLayout(VolunteerLanguages)
        self.layout.setObjectName(u"layout")
        self.languages_group = QGroupBox(VolunteerLanguages)
        self.languages_group.setObjectName(u"languages_group")
        self.languages_layout = QVBoxLayout(self.languages_group)
        self.languages_layout.setSpacing(4)
        self.languages_layout.setObjectName(u"languages_layout")
        self.language_rows_box = QVBoxLayout()
        self.language_rows_box.setObjectName(u"language_rows_box")

        self.languages_layout.addLayout(self.language_rows_box)

        self.add_row = QHBoxLayout()
        self.add_row.setObjectName(u"add_row")
        self.add_language_button = QPushButton(self.languages_group)
        self.add_language_button.setObjectName(u"add_language_button")

        self.add_row.addWidget(self.add_language_button)

        self.add_row_stretch = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.add_row.addItem(self.add_row_stretch)


        self.languages_layout.addLayout(self.add_row)

        self.languages_message = FieldMessage(self.languages_group)
        self.languages_message.setObjectName(u"languages_message")

        self.languages_layout.addWidget(self.languages_message)


        self.layout.addWidget(self.languages_group)

        self.interests_group = QGroupBox(VolunteerLanguages)
        self.interests_group.setObjectName(u"interests_group")
        self.interests_grid = QGridLayout(self.interests_group)
        self.interests_grid.setObjectName(u"interests_grid")

        self.layout.addWidget(self.interests_group)

        self.availability_group = QGroupBox(VolunteerLanguages)
        self.availability_group.setObjectName(u"availability_group")
        self.availability_layout = QVBoxLayout(self.availability_group)
        self.availability_layout.setObjectName(u"availability_layout")
        self.availability_edit = QPlainTextEdit(self.availability_group)
        self.availability_edit.setObjectName(u"availability_edit")
        self.availability_edit.setMinimumSize(QSize(0, 60))
        self.availability_edit.setMaximumSize(QSize(16777215, 60))
        self.availability_edit.setTabChangesFocus(True)

        self.availability_layout.addWidget(self.availability_edit)


        self.layout.addWidget(self.availability_group)

        self.stretch = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.layout.addItem(self.stretch)

        self.layout.setStretch(3, 1)

        self.retranslateUi(VolunteerLanguages)

        QMetaObject.connectSlotsByName(VolunteerLanguages)
    # setupUi

    def retranslateUi(self, VolunteerLanguages):
        self.languages_group.setTitle(ui_text(u"Languages", None))
        self.add_language_button.setText(ui_text(u"Add &language", None))
        self.add_language_button.setToolTip(ui_text(u"Add another language the person speaks", None))
        self.interests_group.setTitle(ui_text(u"Areas of interest (Einsatzbereiche)", None))
        self.availability_group.setTitle(ui_text(u"Availability", None))
        self.availability_edit.setToolTip(ui_text(u"When the person can help; used for suggestions", None))
        self.availability_edit.setPlaceholderText(ui_text(u"e.g. weekdays after 16:00, not in August", None))
        pass
    # retranslateUi
