# Generated from ui/mentoring_requests.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
from PySide6.QtWidgets import (QApplication, QComboBox, QHBoxLayout, QLabel,
    QPushButton, QSizePolicy, QSpacerItem, QSplitter,
    QVBoxLayout, QWidget)

from lotsen_desktop.gui.views.feedback import InlineMessage

class Ui_RequestsTab(object):
    def setupUi(self, RequestsTab):
        if not RequestsTab.objectName():
            RequestsTab.setObjectName(u"RequestsTab")
        self.layout = QVBoxLayout(RequestsTab)
        self.layout.setObjectName(u"layout")
        self.top = QHBoxLayout()
        self.top.setObjectName(u"top")
        self.request_filter = QComboBox(RequestsTab)
        self.request_filter.setObjectName(u"request_filter")

        self.top.addWidget(self.request_filter)

        self.top_space = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.top.addItem(self.top_space)

        self.new_request_button = QPushButton(RequestsTab)
        self.new_request_button.setObjectName(u"new_request_button")

        self.top.addWidget(self.new_request_button)

        self.close_request_button = QPushButton(RequestsTab)
        self.close_request_button.setObjectName(u"close_request_button")

        self.top.addWidget(self.close_request_button)


        self.layout.addLayout(self.top)

        self.request_message = InlineMessage(RequestsTab)
        self.request_message.setObjectName(u"request_message")

        self.layout.addWidget(self.request_message)

        self.request_splitter = QSplitter(RequestsTab)
        self.request_splitter.setObjectName(u"request_splitter")
        self.request_splitter.setOrientation(Qt.Horizontal)
        self.request_splitter.setChildrenCollapsible(False)
        self.left = QWidget(self.request_splitter)
        self.left.setObjectName(u"left")
        self.left_layout = QVBoxLayout(self.left)
        self.left_layout.setObjectName(u"left_layout")
        self.left_layout.setContentsMargins(0, 0, 0, 0)
        self.request_table_slot = QVBoxLayout()
        self.request_table_slot.setObjectName(u"request_table_slot")

        self.left_layout.addLayout(self.request_table_slot)

        self.request_details = QLabel(self.left)
        self.request_details.setObjectName(u"request_details")
        self.request_details.setTextFormat(Qt.PlainText)
        self.request_details.setAlignment(Qt.AlignLeft|Qt.AlignTop)
        self.request_details.setWordWrap(True)
        self.request_details.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.left_layout.addWidget(self.request_details)

        self.left_layout.setStretch(0, 3)
        self.left_layout.setStretch(1, 1)
        self.request_splitter.addWidget(self.left)
        self.right = QWidget(self.request_splitter)
        self.right.setObjectName(u"right")
        self.right_layout = QVBoxLayout(self.right)
        self.right_layout.setObjectName(u"right_layout")
        self.right_layout.setContentsMargins(0, 0, 0, 0)
        self.suggestions_label = QLabel(self.right)
        self.suggestions_label.setObjectName(u"suggestions_label")
        font = QFont()
        font.setBold(True)
        self.suggestions_label.setFont(font)

        self.right_layout.addWidget(self.suggestions_label)

        self.suggestion_table_slot = QVBoxLayout()
        self.suggestion_table_slot.setObjectName(u"suggestion_table_slot")

        self.right_layout.addLayout(self.suggestion_table_slot)

        self.offer_row = QHBoxLayout()
        self.offer_row.setObjectName(u"offer_row")
        self.offer_space = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.offer_row.addItem(self.offer_space)

        self.offer_button = QPushButton(self.right)
        self.offer_button.setObjectName(u"offer_button")

        self.offer_row.addWidget(self.offer_button)


        self.right_layout.addLayout(self.offer_row)

        self.offers_label = QLabel(self.right)
        self.offers_label.setObjectName(u"offers_label")
        self.offers_label.setFont(font)

        self.right_layout.addWidget(self.offers_label)

        self.offer_table_slot = QVBoxLayout()
        self.offer_table_slot.setObjectName(u"offer_table_slot")

        self.right_layout.addLayout(self.offer_table_slot)

        self.answer_row = QHBoxLayout()
        self.answer_row.setObjectName(u"answer_row")
        self.answer_space = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.answer_row.addItem(self.answer_space)

        self.accept_button = QPushButton(self.right)
        self.accept_button.setObjectName(u"accept_button")

        self.answer_row.addWidget(self.accept_button)

        self.decline_button = QPushButton(self.right)
        self.decline_button.setObjectName(u"decline_button")

        self.answer_row.addWidget(self.decline_button)


        self.right_layout.addLayout(self.answer_row)

        self.right_layout.setStretch(1, 3)
        self.right_layout.setStretch(4, 2)
        self.request_splitter.addWidget(self.right)

        self.layout.addWidget(self.request_splitter)

        self.layout.setStretch(2, 1)

        self.retranslateUi(RequestsTab)

        QMetaObject.connectSlotsByName(RequestsTab)
    # setupUi

    def retranslateUi(self, RequestsTab):
        self.request_filter.setToolTip(ui_text(u"Show only requests still to be placed, or all", None))
        self.new_request_button.setToolTip(ui_text(u"Record a request from an institution", None))
        self.new_request_button.setText(ui_text(u"&New request\u2026", None))
        self.close_request_button.setToolTip(ui_text(u"The selected request needs nothing more", None))
        self.close_request_button.setText(ui_text(u"Mark as done", None))
        self.suggestions_label.setText(ui_text(u"Suitable volunteers", None))
        self.offer_button.setToolTip(ui_text(u"Record that the request was offered to the selected person", None))
        self.offer_button.setText(ui_text(u"&Offer to this person", None))
        self.offers_label.setText(ui_text(u"Offered to", None))
        self.accept_button.setToolTip(ui_text(u"The person said yes: start the assignment (asks for a pseudonym)", None))
        self.accept_button.setText(ui_text(u"\u2713 Accepted\u2026", None))
        self.decline_button.setToolTip(ui_text(u"The person said no", None))
        self.decline_button.setText(ui_text(u"\u2717 Declined", None))
        pass
    # retranslateUi
