# Generated from ui/certificates_page.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
from PySide6.QtWidgets import (QApplication, QGroupBox, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QSizePolicy, QSpacerItem,
    QTabWidget, QVBoxLayout, QWidget)

from lotsen_desktop.gui.widgets import (DebouncedLineEdit, MiddleElidedComboBox)

class Ui_CertificatesPage(object):
    def setupUi(self, CertificatesPage):
        if not CertificatesPage.objectName():
            CertificatesPage.setObjectName(u"CertificatesPage")
        self.layout = QVBoxLayout(CertificatesPage)
        self.layout.setObjectName(u"layout")
        self.top = QHBoxLayout()
        self.top.setObjectName(u"top")
        self.search_label = QLabel(CertificatesPage)
        self.search_label.setObjectName(u"search_label")

        self.top.addWidget(self.search_label)

        self.search = DebouncedLineEdit(CertificatesPage)
        self.search.setObjectName(u"search")
        self.search.setClearButtonEnabled(True)

        self.top.addWidget(self.search)

        self.top_space = QSpacerItem(24, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)

        self.top.addItem(self.top_space)

        self.code_label = QLabel(CertificatesPage)
        self.code_label.setObjectName(u"code_label")

        self.top.addWidget(self.code_label)

        self.code_edit = QLineEdit(CertificatesPage)
        self.code_edit.setObjectName(u"code_edit")

        self.top.addWidget(self.code_edit)

        self.verify_button = QPushButton(CertificatesPage)
        self.verify_button.setObjectName(u"verify_button")

        self.top.addWidget(self.verify_button)

        self.top.setStretch(1, 2)
        self.top.setStretch(4, 2)

        self.layout.addLayout(self.top)

        self.verify_result = QLabel(CertificatesPage)
        self.verify_result.setObjectName(u"verify_result")
        self.verify_result.setWordWrap(True)
        self.verify_result.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.layout.addWidget(self.verify_result)

        self.tabs = QTabWidget(CertificatesPage)
        self.tabs.setObjectName(u"tabs")
        self.eligible_tab = QWidget()
        self.eligible_tab.setObjectName(u"eligible_tab")
        self.eligible_layout = QVBoxLayout(self.eligible_tab)
        self.eligible_layout.setObjectName(u"eligible_layout")
        self.eligible_table_slot = QVBoxLayout()
        self.eligible_table_slot.setObjectName(u"eligible_table_slot")

        self.eligible_layout.addLayout(self.eligible_table_slot)

        self.eligible_buttons = QHBoxLayout()
        self.eligible_buttons.setObjectName(u"eligible_buttons")
        self.issue_button = QPushButton(self.eligible_tab)
        self.issue_button.setObjectName(u"issue_button")

        self.eligible_buttons.addWidget(self.issue_button)

        self.activity_button = QPushButton(self.eligible_tab)
        self.activity_button.setObjectName(u"activity_button")

        self.eligible_buttons.addWidget(self.activity_button)

        self.eligible_space = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.eligible_buttons.addItem(self.eligible_space)

        self.eligible_buttons.setStretch(2, 1)

        self.eligible_layout.addLayout(self.eligible_buttons)

        self.tabs.addTab(self.eligible_tab, "")
        self.register_tab = QWidget()
        self.register_tab.setObjectName(u"register_tab")
        self.register_layout = QVBoxLayout(self.register_tab)
        self.register_layout.setObjectName(u"register_layout")
        self.register_table_slot = QVBoxLayout()
        self.register_table_slot.setObjectName(u"register_table_slot")

        self.register_layout.addLayout(self.register_table_slot)

        self.register_buttons = QHBoxLayout()
        self.register_buttons.setObjectName(u"register_buttons")
        self.reprint_button = QPushButton(self.register_tab)
        self.reprint_button.setObjectName(u"reprint_button")

        self.register_buttons.addWidget(self.reprint_button)

        self.revoke_button = QPushButton(self.register_tab)
        self.revoke_button.setObjectName(u"revoke_button")

        self.register_buttons.addWidget(self.revoke_button)

        self.register_space = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.register_buttons.addItem(self.register_space)

        self.register_buttons.setStretch(2, 1)

        self.register_layout.addLayout(self.register_buttons)

        self.tabs.addTab(self.register_tab, "")

        self.layout.addWidget(self.tabs)

        self.course_box = QGroupBox(CertificatesPage)
        self.course_box.setObjectName(u"course_box")
        self.course_layout = QVBoxLayout(self.course_box)
        self.course_layout.setObjectName(u"course_layout")
        self.course_combo = MiddleElidedComboBox(self.course_box)
        self.course_combo.setObjectName(u"course_combo")
        self.course_combo.setMinimumContentsLength(30)

        self.course_layout.addWidget(self.course_combo)

        self.course_buttons = QHBoxLayout()
        self.course_buttons.setObjectName(u"course_buttons")
        self.blank_sheet_button = QPushButton(self.course_box)
        self.blank_sheet_button.setObjectName(u"blank_sheet_button")
        self.blank_sheet_button.setEnabled(False)

        self.course_buttons.addWidget(self.blank_sheet_button)

        self.filled_sheet_button = QPushButton(self.course_box)
        self.filled_sheet_button.setObjectName(u"filled_sheet_button")
        self.filled_sheet_button.setEnabled(False)

        self.course_buttons.addWidget(self.filled_sheet_button)

        self.batch_certificates_button = QPushButton(self.course_box)
        self.batch_certificates_button.setObjectName(u"batch_certificates_button")
        self.batch_certificates_button.setEnabled(False)

        self.course_buttons.addWidget(self.batch_certificates_button)

        self.batch_participation_button = QPushButton(self.course_box)
        self.batch_participation_button.setObjectName(u"batch_participation_button")
        self.batch_participation_button.setEnabled(False)

        self.course_buttons.addWidget(self.batch_participation_button)

        self.course_space = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.course_buttons.addItem(self.course_space)

        self.course_buttons.setStretch(4, 1)

        self.course_layout.addLayout(self.course_buttons)


        self.layout.addWidget(self.course_box)

        self.status = QLabel(CertificatesPage)
        self.status.setObjectName(u"status")
        self.status.setWordWrap(True)

        self.layout.addWidget(self.status)

        self.layout.setStretch(2, 1)

        self.retranslateUi(CertificatesPage)

        QMetaObject.connectSlotsByName(CertificatesPage)
    # setupUi

    def retranslateUi(self, CertificatesPage):
        self.search_label.setText(ui_text(u"Search", None))
        self.search.setPlaceholderText(ui_text(u"Name, serial or module", None))
        self.code_label.setText(ui_text(u"Verification code", None))
        self.code_edit.setPlaceholderText(ui_text(u"e.g. IL-2026-0007-3F9A2C1B", None))
        self.verify_button.setText(ui_text(u"Check", None))
        self.issue_button.setText(ui_text(u"Issue certificate", None))
        self.activity_button.setText(ui_text(u"Confirmation of volunteer work\u2026", None))
        self.tabs.setTabText(self.tabs.indexOf(self.eligible_tab), ui_text(u"Eligible", None))
        self.reprint_button.setText(ui_text(u"Print again", None))
        self.revoke_button.setText(ui_text(u"Revoke\u2026", None))
        self.tabs.setTabText(self.tabs.indexOf(self.register_tab), ui_text(u"Register", None))
        self.course_box.setTitle(ui_text(u"Documents for a course", None))
        self.blank_sheet_button.setText(ui_text(u"Attendance sheet (blank)", None))
        self.filled_sheet_button.setText(ui_text(u"Attendance sheet (filled in)", None))
        self.batch_certificates_button.setText(ui_text(u"Certificates for all\u2026", None))
        self.batch_participation_button.setText(ui_text(u"Certificates of participation for all\u2026", None))
        pass
    # retranslateUi
