# Generated from ui/new_meeting_form.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
from PySide6.QtWidgets import (QApplication, QComboBox, QFormLayout, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QSizePolicy,
    QWidget)

from lotsen_desktop.gui.widgets import (DateField, DebouncedLineEdit)

class Ui_NewMeetingForm(object):
    def setupUi(self, NewMeetingForm):
        if not NewMeetingForm.objectName():
            NewMeetingForm.setObjectName(u"NewMeetingForm")
        self.form = QFormLayout(NewMeetingForm)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.held_label = QLabel(NewMeetingForm)
        self.held_label.setObjectName(u"held_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.held_label)

        self.held = DateField(NewMeetingForm)
        self.held.setObjectName(u"held")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.held)

        self.kind_label = QLabel(NewMeetingForm)
        self.kind_label.setObjectName(u"kind_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.kind_label)

        self.kind = QComboBox(NewMeetingForm)
        self.kind.setObjectName(u"kind")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.kind)

        self.topic_label = QLabel(NewMeetingForm)
        self.topic_label.setObjectName(u"topic_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.topic_label)

        self.topic = QLineEdit(NewMeetingForm)
        self.topic.setObjectName(u"topic")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.topic)

        self.search_label = QLabel(NewMeetingForm)
        self.search_label.setObjectName(u"search_label")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.search_label)

        self.search = DebouncedLineEdit(NewMeetingForm)
        self.search.setObjectName(u"search")
        self.search.setClearButtonEnabled(True)

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.search)

        self.people_label = QLabel(NewMeetingForm)
        self.people_label.setObjectName(u"people_label")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.people_label)

        self.people = QListWidget(NewMeetingForm)
        self.people.setObjectName(u"people")

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.people)

        self.count = QLabel(NewMeetingForm)
        self.count.setObjectName(u"count")

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.count)

        self.held_label.setBuddy(self.held)
        self.kind_label.setBuddy(self.kind)
        self.topic_label.setBuddy(self.topic)
        self.search_label.setBuddy(self.search)
        self.people_label.setBuddy(self.people)

        self.retranslateUi(NewMeetingForm)

        QMetaObject.connectSlotsByName(NewMeetingForm)
    # setupUi

    def retranslateUi(self, NewMeetingForm):
        self.held_label.setText(ui_text(u"&Held on:", None))
        self.held.setToolTip(ui_text(u"Date as DD.MM.YYYY; 24.11. means this year", None))
        self.kind_label.setText(ui_text(u"&Kind:", None))
        self.kind.setToolTip(ui_text(u"Reflection meeting, exchange meeting or supervision", None))
        self.topic_label.setText(ui_text(u"&Topic:", None))
        self.topic.setToolTip(ui_text(u"What the meeting was about", None))
        self.search_label.setText(ui_text(u"&Search:", None))
        self.search.setToolTip(ui_text(u"Type part of a name; accents do not matter (sahin finds \u015eahin)", None))
        self.search.setPlaceholderText(ui_text(u"Search by name\u2026", None))
        self.people_label.setText(ui_text(u"&Participants:", None))
        self.people.setToolTip(ui_text(u"Tick who took part (Space ticks); ticks stay while you search", None))
        pass
    # retranslateUi
