# Generated from ui/course_details_form.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
    QSizePolicy, QWidget)

class Ui_CourseDetailsForm(object):
    def setupUi(self, CourseDetailsForm):
        if not CourseDetailsForm.objectName():
            CourseDetailsForm.setObjectName(u"CourseDetailsForm")
        self.form = QFormLayout(CourseDetailsForm)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.title_edit_label = QLabel(CourseDetailsForm)
        self.title_edit_label.setObjectName(u"title_edit_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.title_edit_label)

        self.title_edit = QLineEdit(CourseDetailsForm)
        self.title_edit.setObjectName(u"title_edit")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.title_edit)

        self.place_label = QLabel(CourseDetailsForm)
        self.place_label.setObjectName(u"place_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.place_label)

        self.place = QLineEdit(CourseDetailsForm)
        self.place.setObjectName(u"place")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.place)

        self.trainers_label = QLabel(CourseDetailsForm)
        self.trainers_label.setObjectName(u"trainers_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.trainers_label)

        self.trainers = QLineEdit(CourseDetailsForm)
        self.trainers.setObjectName(u"trainers")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.trainers)

        self.title_edit_label.setBuddy(self.title_edit)
        self.place_label.setBuddy(self.place)
        self.trainers_label.setBuddy(self.trainers)

        self.retranslateUi(CourseDetailsForm)

        QMetaObject.connectSlotsByName(CourseDetailsForm)
    # setupUi

    def retranslateUi(self, CourseDetailsForm):
        self.title_edit_label.setText(ui_text(u"&Title:", None))
        self.place_label.setText(ui_text(u"&Place:", None))
        self.trainers_label.setText(ui_text(u"T&rainers:", None))
        pass
    # retranslateUi
