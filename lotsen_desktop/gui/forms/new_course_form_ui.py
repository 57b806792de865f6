# Generated from ui/new_course_form.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
from PySide6.QtWidgets import (QApplication, QComboBox, QDoubleSpinBox, QFormLayout,
    QLabel, QLineEdit, QSizePolicy, QSpinBox,
    QTimeEdit, QWidget)

from lotsen_desktop.gui.widgets import DateField

class Ui_NewCourseForm(object):
    def setupUi(self, NewCourseForm):
        if not NewCourseForm.objectName():
            NewCourseForm.setObjectName(u"NewCourseForm")
        self.form = QFormLayout(NewCourseForm)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.module_label = QLabel(NewCourseForm)
        self.module_label.setObjectName(u"module_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.module_label)

        self.module = QComboBox(NewCourseForm)
        self.module.setObjectName(u"module")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.module)

        self.title_edit_label = QLabel(NewCourseForm)
        self.title_edit_label.setObjectName(u"title_edit_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.title_edit_label)

        self.title_edit = QLineEdit(NewCourseForm)
        self.title_edit.setObjectName(u"title_edit")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.title_edit)

        self.place_label = QLabel(NewCourseForm)
        self.place_label.setObjectName(u"place_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.place_label)

        self.place = QLineEdit(NewCourseForm)
        self.place.setObjectName(u"place")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.place)

        self.trainers_label = QLabel(NewCourseForm)
        self.trainers_label.setObjectName(u"trainers_label")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.trainers_label)

        self.trainers = QLineEdit(NewCourseForm)
        self.trainers.setObjectName(u"trainers")

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.trainers)

        self.first_date_label = QLabel(NewCourseForm)
        self.first_date_label.setObjectName(u"first_date_label")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.first_date_label)

        self.first_date = DateField(NewCourseForm)
        self.first_date.setObjectName(u"first_date")

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.first_date)

        self.count_label = QLabel(NewCourseForm)
        self.count_label.setObjectName(u"count_label")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.count_label)

        self.count = QSpinBox(NewCourseForm)
        self.count.setObjectName(u"count")
        self.count.setMinimum(1)
        self.count.setMaximum(60)
        self.count.setValue(12)

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.count)

        self.interval_label = QLabel(NewCourseForm)
        self.interval_label.setObjectName(u"interval_label")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.interval_label)

        self.interval = QSpinBox(NewCourseForm)
        self.interval.setObjectName(u"interval")
        self.interval.setMinimum(1)
        self.interval.setMaximum(60)
        self.interval.setValue(7)

        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.interval)

        self.start_label = QLabel(NewCourseForm)
        self.start_label.setObjectName(u"start_label")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.start_label)

        self.start = QTimeEdit(NewCourseForm)
        self.start.setObjectName(u"start")
        self.start.setDisplayFormat(u"HH:mm")

        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.start)

        self.units_label = QLabel(NewCourseForm)
        self.units_label.setObjectName(u"units_label")

        self.form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.units_label)

        self.units = QDoubleSpinBox(NewCourseForm)
        self.units.setObjectName(u"units")
        self.units.setSuffix(u" UE")
        self.units.setDecimals(1)
        self.units.setMinimum(0.500000000000000)
        self.units.setMaximum(16.000000000000000)
        self.units.setSingleStep(0.500000000000000)

        self.form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.units)

        self.preview = QLabel(NewCourseForm)
        self.preview.setObjectName(u"preview")
        self.preview.setWordWrap(True)

        self.form.setWidget(9, QFormLayout.ItemRole.FieldRole, self.preview)

        self.module_label.setBuddy(self.module)
        self.title_edit_label.setBuddy(self.title_edit)
        self.place_label.setBuddy(self.place)
        self.trainers_label.setBuddy(self.trainers)
        self.first_date_label.setBuddy(self.first_date)
        self.count_label.setBuddy(self.count)
        self.interval_label.setBuddy(self.interval)
        self.start_label.setBuddy(self.start)
        self.units_label.setBuddy(self.units)

        self.retranslateUi(NewCourseForm)

        QMetaObject.connectSlotsByName(NewCourseForm)
    # setupUi

    def retranslateUi(self, NewCourseForm):
        self.module_label.setText(ui_text(u"&Module:", None))
        self.module.setToolTip(ui_text(u"The module of the catalogue this course runs", None))
        self.title_edit_label.setText(ui_text(u"&Title:", None))
        self.title_edit.setToolTip(ui_text(u"Name of this course run, e.g. with year and number", None))
        self.place_label.setText(ui_text(u"&Place:", None))
        self.place.setToolTip(ui_text(u"Where the course takes place", None))
        self.trainers_label.setText(ui_text(u"T&rainers:", None))
        self.trainers.setToolTip(ui_text(u"Who teaches the course (several separated by commas)", None))
        self.first_date_label.setText(ui_text(u"&First session:", None))
        self.first_date.setToolTip(ui_text(u"Date of the first session", None))
        self.count_label.setText(ui_text(u"&Number of sessions:", None))
        self.count.setToolTip(ui_text(u"How many sessions the course has", None))
        self.interval_label.setText(ui_text(u"&Every:", None))
        self.interval.setToolTip(ui_text(u"Days between two sessions: 7 = weekly, 1 = daily", None))
        self.start_label.setText(ui_text(u"&Starts at:", None))
        self.start.setToolTip(ui_text(u"Start time of every session (each can be moved later)", None))
        self.units_label.setText(ui_text(u"&Units per session:", None))
        self.units.setToolTip(ui_text(u"Teaching units per session", None))
        pass
    # retranslateUi
