# Generated from ui/mentoring_assignments.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
    QSizePolicy, QSpinBox, QSplitter, QVBoxLayout,
    QWidget)

from lotsen_desktop.gui.views.feedback import InlineMessage
from lotsen_desktop.gui.widgets import DebouncedLineEdit

class Ui_AssignmentsTab(object):
    def setupUi(self, AssignmentsTab):
        if not AssignmentsTab.objectName():
            AssignmentsTab.setObjectName(u"AssignmentsTab")
        self.layout = QVBoxLayout(AssignmentsTab)
        self.layout.setObjectName(u"layout")
        self.splitter = QSplitter(AssignmentsTab)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.left = QWidget(self.splitter)
        self.left.setObjectName(u"left")
        self.left_layout = QVBoxLayout(self.left)
        self.left_layout.setObjectName(u"left_layout")
        self.left_layout.setContentsMargins(0, 0, 0, 0)
        self.volunteers_label = QLabel(self.left)
        self.volunteers_label.setObjectName(u"volunteers_label")
        font = QFont()
        font.setBold(True)
        self.volunteers_label.setFont(font)

        self.left_layout.addWidget(self.volunteers_label)

        self.volunteer_search = DebouncedLineEdit(self.left)
        self.volunteer_search.setObjectName(u"volunteer_search")
        self.volunteer_search.setClearButtonEnabled(True)

        self.left_layout.addWidget(self.volunteer_search)

        self.volunteer_table_slot = QVBoxLayout()
        self.volunteer_table_slot.setObjectName(u"volunteer_table_slot")

        self.left_layout.addLayout(self.volunteer_table_slot)

        self.all_button = QPushButton(self.left)
        self.all_button.setObjectName(u"all_button")

        self.left_layout.addWidget(self.all_button)

        self.left_layout.setStretch(2, 1)
        self.splitter.addWidget(self.left)
        self.right = QWidget(self.splitter)
        self.right.setObjectName(u"right")
        self.right_layout = QVBoxLayout(self.right)
        self.right_layout.setObjectName(u"right_layout")
        self.right_layout.setContentsMargins(0, 0, 0, 0)
        self.head = QHBoxLayout()
        self.head.setObjectName(u"head")
        self.assignments_label = QLabel(self.right)
        self.assignments_label.setObjectName(u"assignments_label")
        self.assignments_label.setFont(font)
        self.assignments_label.setTextFormat(Qt.PlainText)

        self.head.addWidget(self.assignments_label)

        self.new_assignment_button = QPushButton(self.right)
        self.new_assignment_button.setObjectName(u"new_assignment_button")

        self.head.addWidget(self.new_assignment_button)

        self.end_assignment_button = QPushButton(self.right)
        self.end_assignment_button.setObjectName(u"end_assignment_button")

        self.head.addWidget(self.end_assignment_button)

        self.head.setStretch(0, 1)

        self.right_layout.addLayout(self.head)

        self.assignment_message = InlineMessage(self.right)
        self.assignment_message.setObjectName(u"assignment_message")

        self.right_layout.addWidget(self.assignment_message)

        self.assignment_table_slot = QVBoxLayout()
        self.assignment_table_slot.setObjectName(u"assignment_table_slot")

        self.right_layout.addLayout(self.assignment_table_slot)

        self.quick_entry_slot = QVBoxLayout()
        self.quick_entry_slot.setObjectName(u"quick_entry_slot")

        self.right_layout.addLayout(self.quick_entry_slot)

        self.lower = QSplitter(self.right)
        self.lower.setObjectName(u"lower")
        self.lower.setOrientation(Qt.Horizontal)
        self.lower.setChildrenCollapsible(False)
        self.log_box = QWidget(self.lower)
        self.log_box.setObjectName(u"log_box")
        self.log_layout = QVBoxLayout(self.log_box)
        self.log_layout.setObjectName(u"log_layout")
        self.log_layout.setContentsMargins(0, 0, 0, 0)
        self.log_head = QHBoxLayout()
        self.log_head.setObjectName(u"log_head")
        self.log_label = QLabel(self.log_box)
        self.log_label.setObjectName(u"log_label")
        self.log_label.setFont(font)

        self.log_head.addWidget(self.log_label)

        self.edit_log_button = QPushButton(self.log_box)
        self.edit_log_button.setObjectName(u"edit_log_button")

        self.log_head.addWidget(self.edit_log_button)

        self.delete_log_button = QPushButton(self.log_box)
        self.delete_log_button.setObjectName(u"delete_log_button")

        self.log_head.addWidget(self.delete_log_button)

        self.log_head.setStretch(0, 1)

        self.log_layout.addLayout(self.log_head)

        self.log_table_slot = QVBoxLayout()
        self.log_table_slot.setObjectName(u"log_table_slot")

        self.log_layout.addLayout(self.log_table_slot)

        self.log_layout.setStretch(1, 1)
        self.lower.addWidget(self.log_box)
        self.totals_box = QWidget(self.lower)
        self.totals_box.setObjectName(u"totals_box")
        self.totals_layout = QVBoxLayout(self.totals_box)
        self.totals_layout.setObjectName(u"totals_layout")
        self.totals_layout.setContentsMargins(0, 0, 0, 0)
        self.totals_head = QHBoxLayout()
        self.totals_head.setObjectName(u"totals_head")
        self.totals_label = QLabel(self.totals_box)
        self.totals_label.setObjectName(u"totals_label")
        self.totals_label.setFont(font)
        self.totals_label.setTextFormat(Qt.PlainText)
        self.totals_label.setWordWrap(True)

        self.totals_head.addWidget(self.totals_label)

        self.year = QSpinBox(self.totals_box)
        self.year.setObjectName(u"year")
        self.year.setMinimum(2000)
        self.year.setMaximum(2100)

        self.totals_head.addWidget(self.year)

        self.totals_head.setStretch(0, 1)

        self.totals_layout.addLayout(self.totals_head)

        self.totals_empty = QLabel(self.totals_box)
        self.totals_empty.setObjectName(u"totals_empty")
        self.totals_empty.setWordWrap(True)

        self.totals_layout.addWidget(self.totals_empty)

        self.totals_table_slot = QVBoxLayout()
        self.totals_table_slot.setObjectName(u"totals_table_slot")

        self.totals_layout.addLayout(self.totals_table_slot)

        self.km_label = QLabel(self.totals_box)
        self.km_label.setObjectName(u"km_label")
        self.km_label.setFont(font)

        self.totals_layout.addWidget(self.km_label)

        self.km_table_slot = QVBoxLayout()
        self.km_table_slot.setObjectName(u"km_table_slot")

        self.totals_layout.addLayout(self.km_table_slot)

        self.totals_layout.setStretch(2, 2)
        self.totals_layout.setStretch(4, 1)
        self.lower.addWidget(self.totals_box)

        self.right_layout.addWidget(self.lower)

        self.right_layout.setStretch(2, 1)
        self.right_layout.setStretch(4, 2)
        self.splitter.addWidget(self.right)

        self.layout.addWidget(self.splitter)


        self.retranslateUi(AssignmentsTab)

        QMetaObject.connectSlotsByName(AssignmentsTab)
    # setupUi

    def retranslateUi(self, AssignmentsTab):
        self.volunteers_label.setText(ui_text(u"Volunteer", None))
        self.volunteer_search.setToolTip(ui_text(u"Type part of a name; accents do not matter (sahin finds \u015eahin)", None))
        self.volunteer_search.setPlaceholderText(ui_text(u"Search by name\u2026", None))
        self.all_button.setToolTip(ui_text(u"Show the open assignments of all volunteers", None))
        self.all_button.setText(ui_text(u"All open assignments", None))
        self.new_assignment_button.setToolTip(ui_text(u"Start an assignment for the selected volunteer (pseudonym or initials only)", None))
        self.new_assignment_button.setText(ui_text(u"New &assignment\u2026", None))
        self.end_assignment_button.setToolTip(ui_text(u"End the selected assignment", None))
        self.end_assignment_button.setText(ui_text(u"&End\u2026", None))
        self.log_label.setText(ui_text(u"Log", None))
        self.edit_log_button.setToolTip(ui_text(u"Change the selected log line; its earlier values are kept (Enter or double-click)", None))
        self.edit_log_button.setText(ui_text(u"&Edit line\u2026", None))
        self.delete_log_button.setToolTip(ui_text(u"Delete the selected log line (Del)", None))
        self.delete_log_button.setText(ui_text(u"Delete line\u2026", None))
        self.year.setToolTip(ui_text(u"Year of the totals", None))
        self.km_label.setText(ui_text(u"Kilometres per person", None))
        pass
    # retranslateUi
