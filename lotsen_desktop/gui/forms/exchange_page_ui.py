# Generated from ui/exchange_page.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
    QPushButton, QSizePolicy, QSpacerItem, QTabWidget,
    QVBoxLayout, QWidget)

class Ui_ExchangePage(object):
    def setupUi(self, ExchangePage):
        if not ExchangePage.objectName():
            ExchangePage.setObjectName(u"ExchangePage")
        self.layout = QVBoxLayout(ExchangePage)
        self.layout.setObjectName(u"layout")
        self.top = QHBoxLayout()
        self.top.setObjectName(u"top")
        self.site_label = QLabel(ExchangePage)
        self.site_label.setObjectName(u"site_label")

        self.top.addWidget(self.site_label)

        self.top_space = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.top.addItem(self.top_space)

        self.digest_caption = QLabel(ExchangePage)
        self.digest_caption.setObjectName(u"digest_caption")

        self.top.addWidget(self.digest_caption)

        self.digest_label = QLabel(ExchangePage)
        self.digest_label.setObjectName(u"digest_label")
        self.digest_label.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.top.addWidget(self.digest_label)

        self.top.setStretch(1, 1)

        self.layout.addLayout(self.top)

        self.buttons = QHBoxLayout()
        self.buttons.setObjectName(u"buttons")
        self.export_button = QPushButton(ExchangePage)
        self.export_button.setObjectName(u"export_button")

        self.buttons.addWidget(self.export_button)

        self.import_button = QPushButton(ExchangePage)
        self.import_button.setObjectName(u"import_button")

        self.buttons.addWidget(self.import_button)

        self.buttons_space = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttons.addItem(self.buttons_space)

        self.buttons.setStretch(2, 1)

        self.layout.addLayout(self.buttons)

        self.status = QLabel(ExchangePage)
        self.status.setObjectName(u"status")
        self.status.setWordWrap(True)

        self.layout.addWidget(self.status)

        self.tabs = QTabWidget(ExchangePage)
        self.tabs.setObjectName(u"tabs")
        self.conflicts_tab = QWidget()
        self.conflicts_tab.setObjectName(u"conflicts_tab")
        self.conflicts_tab_layout = QVBoxLayout(self.conflicts_tab)
        self.conflicts_tab_layout.setObjectName(u"conflicts_tab_layout")
        self.conflict_table_slot = QVBoxLayout()
        self.conflict_table_slot.setObjectName(u"conflict_table_slot")

        self.conflicts_tab_layout.addLayout(self.conflict_table_slot)

        self.conflicts_tab_buttons = QHBoxLayout()
        self.conflicts_tab_buttons.setObjectName(u"conflicts_tab_buttons")
        self.revert_button = QPushButton(self.conflicts_tab)
        self.revert_button.setObjectName(u"revert_button")

        self.conflicts_tab_buttons.addWidget(self.revert_button)

        self.dismiss_button = QPushButton(self.conflicts_tab)
        self.dismiss_button.setObjectName(u"dismiss_button")

        self.conflicts_tab_buttons.addWidget(self.dismiss_button)

        self.conflicts_tab_space = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.conflicts_tab_buttons.addItem(self.conflicts_tab_space)

        self.conflicts_tab_buttons.setStretch(2, 1)

        self.conflicts_tab_layout.addLayout(self.conflicts_tab_buttons)

        self.tabs.addTab(self.conflicts_tab, "")
        self.duplicates_tab = QWidget()
        self.duplicates_tab.setObjectName(u"duplicates_tab")
        self.duplicates_tab_layout = QVBoxLayout(self.duplicates_tab)
        self.duplicates_tab_layout.setObjectName(u"duplicates_tab_layout")
        self.duplicate_table_slot = QVBoxLayout()
        self.duplicate_table_slot.setObjectName(u"duplicate_table_slot")

        self.duplicates_tab_layout.addLayout(self.duplicate_table_slot)

        self.duplicates_tab_buttons = QHBoxLayout()
        self.duplicates_tab_buttons.setObjectName(u"duplicates_tab_buttons")
        self.duplicate_dismiss_button = QPushButton(self.duplicates_tab)
        self.duplicate_dismiss_button.setObjectName(u"duplicate_dismiss_button")

        self.duplicates_tab_buttons.addWidget(self.duplicate_dismiss_button)

        self.duplicates_tab_space = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.duplicates_tab_buttons.addItem(self.duplicates_tab_space)

        self.duplicates_tab_buttons.setStretch(1, 1)

        self.duplicates_tab_layout.addLayout(self.duplicates_tab_buttons)

        self.tabs.addTab(self.duplicates_tab, "")
        self.peers_tab = QWidget()
        self.peers_tab.setObjectName(u"peers_tab")
        self.peers_tab_layout = QVBoxLayout(self.peers_tab)
        self.peers_tab_layout.setObjectName(u"peers_tab_layout")
        self.peer_table_slot = QVBoxLayout()
        self.peer_table_slot.setObjectName(u"peer_table_slot")

        self.peers_tab_layout.addLayout(self.peer_table_slot)

        self.peers_tab_buttons = QHBoxLayout()
        self.peers_tab_buttons.setObjectName(u"peers_tab_buttons")
        self.forget_button = QPushButton(self.peers_tab)
        self.forget_button.setObjectName(u"forget_button")

        self.peers_tab_buttons.addWidget(self.forget_button)

        self.peers_tab_space = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.peers_tab_buttons.addItem(self.peers_tab_space)

        self.peers_tab_buttons.setStretch(1, 1)

        self.peers_tab_layout.addLayout(self.peers_tab_buttons)

        self.tabs.addTab(self.peers_tab, "")
        self.history_tab = QWidget()
        self.history_tab.setObjectName(u"history_tab")
        self.history_tab_layout = QVBoxLayout(self.history_tab)
        self.history_tab_layout.setObjectName(u"history_tab_layout")
        self.history_filter = QComboBox(self.history_tab)
        self.history_filter.setObjectName(u"history_filter")

        self.history_tab_layout.addWidget(self.history_filter)

        self.history_table_slot = QVBoxLayout()
        self.history_table_slot.setObjectName(u"history_table_slot")

        self.history_tab_layout.addLayout(self.history_table_slot)

        self.tabs.addTab(self.history_tab, "")

        self.layout.addWidget(self.tabs)

        self.layout.setStretch(3, 1)

        self.retranslateUi(ExchangePage)

        QMetaObject.connectSlotsByName(ExchangePage)
    # setupUi

    def retranslateUi(self, ExchangePage):
        self.digest_caption.setText(ui_text(u"Digest of the data:", None))
        self.digest_label.setToolTip(ui_text(u"Equal on two machines that hold the same data: compare it by phone.", None))
        self.export_button.setText(ui_text(u"Export\u2026", None))
        self.import_button.setText(ui_text(u"Import\u2026", None))
        self.revert_button.setText(ui_text(u"Restore lost value", None))
        self.dismiss_button.setText(ui_text(u"Keep as it is", None))
        self.tabs.setTabText(self.tabs.indexOf(self.conflicts_tab), ui_text(u"Conflicts", None))
        self.duplicate_dismiss_button.setText(ui_text(u"Not the same person / done", None))
        self.tabs.setTabText(self.tabs.indexOf(self.duplicates_tab), ui_text(u"Possible duplicates", None))
        self.forget_button.setToolTip(ui_text(u"For a machine that is gone: it no longer holds back the compaction of the change log. Should it come back, it gets a full export.", None))
        self.forget_button.setText(ui_text(u"Forget this machine\u2026", None))
        self.tabs.setTabText(self.tabs.indexOf(self.peers_tab), ui_text(u"Partners", None))
        self.tabs.setTabText(self.tabs.indexOf(self.history_tab), ui_text(u"History", None))
        pass
    # retranslateUi
