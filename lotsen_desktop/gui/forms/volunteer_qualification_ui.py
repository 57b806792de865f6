# Generated from ui/volunteer_qualification.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
from PySide6.QtWidgets import (QApplication, QFrame, QGroupBox, QHBoxLayout,
    QLabel, QLineEdit, QPushButton, QScrollArea,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

from lotsen_desktop.gui.widgets import (DateField, FieldMessage)

class Ui_VolunteerQualification(object):
    def setupUi(self, VolunteerQualification):
        if not VolunteerQualification.objectName():
            VolunteerQualification.setObjectName(u"VolunteerQualification")
        self.layout = QVBoxLayout(VolunteerQualification)
        self.layout.setObjectName(u"layout")
        self.certificate_label = QLabel(VolunteerQualification)
        self.certificate_label.setObjectName(u"certificate_label")
        self.certificate_label.setWordWrap(True)

        self.layout.addWidget(self.certificate_label)

        self.qualification_note = QLabel(VolunteerQualification)
        self.qualification_note.setObjectName(u"qualification_note")
        self.qualification_note.setWordWrap(True)
        self.qualification_note.setStyleSheet(u"color: #666666;")

        self.layout.addWidget(self.qualification_note)

        self.modules_scroll = QScrollArea(VolunteerQualification)
        self.modules_scroll.setObjectName(u"modules_scroll")
        self.modules_scroll.setFrameShape(QFrame.NoFrame)
        self.modules_scroll.setWidgetResizable(True)
        self.modules_holder = QWidget()
        self.modules_holder.setObjectName(u"modules_holder")
        self.modules_layout = QVBoxLayout(self.modules_holder)
        self.modules_layout.setObjectName(u"modules_layout")
        self.modules_layout.setContentsMargins(0, 0, 0, 0)
        self.modules_stretch = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.modules_layout.addItem(self.modules_stretch)

        self.modules_scroll.setWidget(self.modules_holder)

        self.layout.addWidget(self.modules_scroll)

        self.intake_group = QGroupBox(VolunteerQualification)
        self.intake_group.setObjectName(u"intake_group")
        self.intake_layout = QVBoxLayout(self.intake_group)
        self.intake_layout.setObjectName(u"intake_layout")
        self.intakes_slot = QVBoxLayout()
        self.intakes_slot.setObjectName(u"intakes_slot")

        self.intake_layout.addLayout(self.intakes_slot)

        self.intake_row = QHBoxLayout()
        self.intake_row.setObjectName(u"intake_row")
        self.intake_date_label = QLabel(self.intake_group)
        self.intake_date_label.setObjectName(u"intake_date_label")

        self.intake_row.addWidget(self.intake_date_label)

        self.intake_date_edit = DateField(self.intake_group)
        self.intake_date_edit.setObjectName(u"intake_date_edit")

        self.intake_row.addWidget(self.intake_date_edit)

        self.intake_outcome_label = QLabel(self.intake_group)
        self.intake_outcome_label.setObjectName(u"intake_outcome_label")

        self.intake_row.addWidget(self.intake_outcome_label)

        self.intake_outcome_edit = QLineEdit(self.intake_group)
        self.intake_outcome_edit.setObjectName(u"intake_outcome_edit")

        self.intake_row.addWidget(self.intake_outcome_edit)

        self.record_intake_button = QPushButton(self.intake_group)
        self.record_intake_button.setObjectName(u"record_intake_button")

        self.intake_row.addWidget(self.record_intake_button)

        self.intake_row.setStretch(3, 1)

        self.intake_layout.addLayout(self.intake_row)

        self.intake_message = FieldMessage(self.intake_group)
        self.intake_message.setObjectName(u"intake_message")

        self.intake_layout.addWidget(self.intake_message)

        self.intake_note = QLabel(self.intake_group)
        self.intake_note.setObjectName(u"intake_note")
        self.intake_note.setWordWrap(True)
        self.intake_note.setStyleSheet(u"color: #666666;")

        self.intake_layout.addWidget(self.intake_note)


        self.layout.addWidget(self.intake_group)

        self.layout.setStretch(2, 1)
        self.intake_date_label.setBuddy(self.intake_date_edit)
        self.intake_outcome_label.setBuddy(self.intake_outcome_edit)
        QWidget.setTabOrder(self.intake_date_edit, self.intake_outcome_edit)
        QWidget.setTabOrder(self.intake_outcome_edit, self.record_intake_button)

        self.retranslateUi(VolunteerQualification)

        QMetaObject.connectSlotsByName(VolunteerQualification)
    # setupUi

    def retranslateUi(self, VolunteerQualification):
        self.intake_group.setTitle(ui_text(u"Intake conversation", None))
        self.intake_date_label.setText(ui_text(u"Held on", None))
        self.intake_date_edit.setToolTip(ui_text(u"Date of the conversation (DD.MM.YYYY)", None))
        self.intake_outcome_label.setText(ui_text(u"Outcome", None))
        self.intake_outcome_edit.setToolTip(ui_text(u"What was agreed, e.g. takes part in the next Basismodul", None))
        self.record_intake_button.setText(ui_text(u"Record &conversation", None))
        self.record_intake_button.setToolTip(ui_text(u"Saved at once", None))
        pass
    # retranslateUi
