# Generated from ui/restore_form.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QPushButton, QSizePolicy,
    QTableView, QVBoxLayout, QWidget)

class Ui_RestoreForm(object):
    def setupUi(self, RestoreForm):
        if not RestoreForm.objectName():
            RestoreForm.setObjectName(u"RestoreForm")
        self.outer = QVBoxLayout(RestoreForm)
        self.outer.setObjectName(u"outer")
        self.outer.setContentsMargins(0, 0, 0, 0)
        self.damaged_label = QLabel(RestoreForm)
        self.damaged_label.setObjectName(u"damaged_label")
        self.damaged_label.setStyleSheet(u"QLabel { background: #fdecea; color: #8a1c12; border: 1px solid #e6b3ad; border-radius: 4px; padding: 8px; }")
        self.damaged_label.setWordWrap(True)

        self.outer.addWidget(self.damaged_label)

        self.intro = QLabel(RestoreForm)
        self.intro.setObjectName(u"intro")
        self.intro.setWordWrap(True)

        self.outer.addWidget(self.intro)

        self.backup_table = QTableView(RestoreForm)
        self.backup_table.setObjectName(u"backup_table")

        self.outer.addWidget(self.backup_table)

        self.file_row = QHBoxLayout()
        self.file_row.setObjectName(u"file_row")
        self.other_file_button = QPushButton(RestoreForm)
        self.other_file_button.setObjectName(u"other_file_button")

        self.file_row.addWidget(self.other_file_button)

        self.file_label = QLabel(RestoreForm)
        self.file_label.setObjectName(u"file_label")
        self.file_label.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.file_row.addWidget(self.file_label)

        self.file_row.setStretch(1, 1)

        self.outer.addLayout(self.file_row)

        self.preview_group = QGroupBox(RestoreForm)
        self.preview_group.setObjectName(u"preview_group")
        self.preview_form = QFormLayout(self.preview_group)
        self.preview_form.setObjectName(u"preview_form")
        self.volunteers_label = QLabel(self.preview_group)
        self.volunteers_label.setObjectName(u"volunteers_label")

        self.preview_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.volunteers_label)

        self.volunteers_value = QLabel(self.preview_group)
        self.volunteers_value.setObjectName(u"volunteers_value")

        self.preview_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.volunteers_value)

        self.courses_label = QLabel(self.preview_group)
        self.courses_label.setObjectName(u"courses_label")

        self.preview_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.courses_label)

        self.courses_value = QLabel(self.preview_group)
        self.courses_value.setObjectName(u"courses_value")

        self.preview_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.courses_value)

        self.certificates_label = QLabel(self.preview_group)
        self.certificates_label.setObjectName(u"certificates_label")

        self.preview_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.certificates_label)

        self.certificates_value = QLabel(self.preview_group)
        self.certificates_value.setObjectName(u"certificates_value")

        self.preview_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.certificates_value)

        self.contacts_label = QLabel(self.preview_group)
        self.contacts_label.setObjectName(u"contacts_label")

        self.preview_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.contacts_label)

        self.contacts_value = QLabel(self.preview_group)
        self.contacts_value.setObjectName(u"contacts_value")

        self.preview_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.contacts_value)

        self.problem_label = QLabel(self.preview_group)
        self.problem_label.setObjectName(u"problem_label")
        self.problem_label.setStyleSheet(u"QLabel { color: #a61b0f; }")
        self.problem_label.setWordWrap(True)

        self.preview_form.setWidget(4, QFormLayout.ItemRole.SpanningRole, self.problem_label)


        self.outer.addWidget(self.preview_group)

        self.consequences = QLabel(RestoreForm)
        self.consequences.setObjectName(u"consequences")
        self.consequences.setWordWrap(True)

        self.outer.addWidget(self.consequences)

        self.outer.setStretch(2, 1)

        self.retranslateUi(RestoreForm)

        QMetaObject.connectSlotsByName(RestoreForm)
    # setupUi

    def retranslateUi(self, RestoreForm):
        self.intro.setText(ui_text(u"Choose a backup. The list shows this database's backups, newest first.", None))
        self.backup_table.setToolTip(ui_text(u"Backups of this database: when, why and how large", None))
        self.other_file_button.setToolTip(ui_text(u"Restore a backup file from another folder", None))
        self.other_file_button.setText(ui_text(u"&Other file\u2026", None))
        self.preview_group.setTitle(ui_text(u"Contents of the chosen backup", None))
        self.volunteers_label.setText(ui_text(u"Volunteers:", None))
        self.courses_label.setText(ui_text(u"Courses:", None))
        self.certificates_label.setText(ui_text(u"Certificates:", None))
        self.contacts_label.setText(ui_text(u"Mentoring contacts:", None))
        self.consequences.setText(ui_text(u"The current database is replaced; a copy of it is kept as a backup. Changes made after the chosen backup are gone on this computer unless they were exchanged: a full export of another machine brings those back. Erasures made after the backup must be repeated.", None))
        pass
    # retranslateUi
