# Generated from ui/new_assignment_form.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
    QListWidget, QListWidgetItem, QSizePolicy, QSpinBox,
    QWidget)

from lotsen_desktop.gui.widgets import DateField

class Ui_NewAssignmentForm(object):
    def setupUi(self, NewAssignmentForm):
        if not NewAssignmentForm.objectName():
            NewAssignmentForm.setObjectName(u"NewAssignmentForm")
        self.form = QFormLayout(NewAssignmentForm)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.pseudonym_label = QLabel(NewAssignmentForm)
        self.pseudonym_label.setObjectName(u"pseudonym_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.pseudonym_label)

        self.pseudonym = QLineEdit(NewAssignmentForm)
        self.pseudonym.setObjectName(u"pseudonym")
        self.pseudonym.setMaxLength(40)

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.pseudonym)

        self.household_label = QLabel(NewAssignmentForm)
        self.household_label.setObjectName(u"household_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.household_label)

        self.household = QSpinBox(NewAssignmentForm)
        self.household.setObjectName(u"household")
        self.household.setMaximum(30)

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.household)

        self.languages_label = QLabel(NewAssignmentForm)
        self.languages_label.setObjectName(u"languages_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.languages_label)

        self.languages = QLineEdit(NewAssignmentForm)
        self.languages.setObjectName(u"languages")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.languages)

        self.areas_label = QLabel(NewAssignmentForm)
        self.areas_label.setObjectName(u"areas_label")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.areas_label)

        self.areas = QListWidget(NewAssignmentForm)
        self.areas.setObjectName(u"areas")
        self.areas.setMinimumSize(QSize(0, 150))
        self.areas.setMaximumSize(QSize(16777215, 150))

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.areas)

        self.started_label = QLabel(NewAssignmentForm)
        self.started_label.setObjectName(u"started_label")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.started_label)

        self.started = DateField(NewAssignmentForm)
        self.started.setObjectName(u"started")

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.started)

        self.pseudonym_label.setBuddy(self.pseudonym)
        self.household_label.setBuddy(self.household)
        self.languages_label.setBuddy(self.languages)
        self.areas_label.setBuddy(self.areas)
        self.started_label.setBuddy(self.started)

        self.retranslateUi(NewAssignmentForm)

        QMetaObject.connectSlotsByName(NewAssignmentForm)
    # setupUi

    def retranslateUi(self, NewAssignmentForm):
        self.pseudonym_label.setText(ui_text(u"&Pseudonym:", None))
        self.pseudonym.setToolTip(ui_text(u"Pseudonym or initials of the accompanied person, never the full name", None))
        self.pseudonym.setPlaceholderText(ui_text(u"e.g. Familie K. or A. B.", None))
        self.household_label.setText(ui_text(u"&Household size:", None))
        self.household.setToolTip(ui_text(u"How many people live in the household (optional)", None))
        self.household.setSpecialValueText(ui_text(u"not given", None))
        self.languages_label.setText(ui_text(u"&Languages:", None))
        self.languages.setToolTip(ui_text(u"Languages used in the assignment", None))
        self.areas_label.setText(ui_text(u"A&reas:", None))
        self.areas.setToolTip(ui_text(u"Tick the areas of the assignment (Space ticks)", None))
        self.started_label.setText(ui_text(u"&Started on:", None))
        self.started.setToolTip(ui_text(u"Date as DD.MM.YYYY; 24.11. means this year", None))
        pass
    # retranslateUi
