# Generated from ui/reports_page.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
from PySide6.QtWidgets import (QApplication, QCheckBox, QHBoxLayout, QLabel,
    QProgressBar, QPushButton, QSizePolicy, QSpacerItem,
    QSpinBox, QTabWidget, QVBoxLayout, QWidget)

from lotsen_desktop.gui.widgets import DateField

class Ui_ReportsPage(object):
    def setupUi(self, ReportsPage):
        if not ReportsPage.objectName():
            ReportsPage.setObjectName(u"ReportsPage")
        self.layout = QVBoxLayout(ReportsPage)
        self.layout.setObjectName(u"layout")
        self.bar = QHBoxLayout()
        self.bar.setObjectName(u"bar")
        self.year_label = QLabel(ReportsPage)
        self.year_label.setObjectName(u"year_label")

        self.bar.addWidget(self.year_label)

        self.year = QSpinBox(ReportsPage)
        self.year.setObjectName(u"year")
        self.year.setMinimum(2000)
        self.year.setMaximum(2200)

        self.bar.addWidget(self.year)

        self.from_label = QLabel(ReportsPage)
        self.from_label.setObjectName(u"from_label")

        self.bar.addWidget(self.from_label)

        self.date_from = DateField(ReportsPage)
        self.date_from.setObjectName(u"date_from")

        self.bar.addWidget(self.date_from)

        self.to_label = QLabel(ReportsPage)
        self.to_label.setObjectName(u"to_label")

        self.bar.addWidget(self.to_label)

        self.date_to = DateField(ReportsPage)
        self.date_to.setObjectName(u"date_to")

        self.bar.addWidget(self.date_to)

        self.compute_button = QPushButton(ReportsPage)
        self.compute_button.setObjectName(u"compute_button")

        self.bar.addWidget(self.compute_button)

        self.cancel_button = QPushButton(ReportsPage)
        self.cancel_button.setObjectName(u"cancel_button")

        self.bar.addWidget(self.cancel_button)

        self.bar_space = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.bar.addItem(self.bar_space)

        self.bar.setStretch(8, 1)

        self.layout.addLayout(self.bar)

        self.actions = QHBoxLayout()
        self.actions.setObjectName(u"actions")
        self.mask_box = QCheckBox(ReportsPage)
        self.mask_box.setObjectName(u"mask_box")

        self.actions.addWidget(self.mask_box)

        self.actions_space = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.actions.addItem(self.actions_space)

        self.pdf_button = QPushButton(ReportsPage)
        self.pdf_button.setObjectName(u"pdf_button")

        self.actions.addWidget(self.pdf_button)

        self.xlsx_button = QPushButton(ReportsPage)
        self.xlsx_button.setObjectName(u"xlsx_button")

        self.actions.addWidget(self.xlsx_button)

        self.print_button = QPushButton(ReportsPage)
        self.print_button.setObjectName(u"print_button")

        self.actions.addWidget(self.print_button)

        self.actions.setStretch(1, 1)

        self.layout.addLayout(self.actions)

        self.busy = QProgressBar(ReportsPage)
        self.busy.setObjectName(u"busy")
        self.busy.setMaximumSize(QSize(16777215, 10))
        self.busy.setMaximum(0)
        self.busy.setTextVisible(False)

        self.layout.addWidget(self.busy)

        self.status = QLabel(ReportsPage)
        self.status.setObjectName(u"status")
        self.status.setTextFormat(Qt.PlainText)
        self.status.setWordWrap(True)

        self.layout.addWidget(self.status)

        self.tabs = QTabWidget(ReportsPage)
        self.tabs.setObjectName(u"tabs")

        self.layout.addWidget(self.tabs)

        self.layout.setStretch(4, 1)

        self.retranslateUi(ReportsPage)

        QMetaObject.connectSlotsByName(ReportsPage)
    # setupUi

    def retranslateUi(self, ReportsPage):
        self.year_label.setText(ui_text(u"Year", None))
        self.from_label.setText(ui_text(u"From", None))
        self.to_label.setText(ui_text(u"To", None))
        self.compute_button.setText(ui_text(u"Compute", None))
        self.cancel_button.setText(ui_text(u"Cancel", None))
        self.mask_box.setToolTip(ui_text(u"So that nobody can be recognised; applies to the page, the PDF and the XLSX file.", None))
        self.mask_box.setText(ui_text(u"Show counts of one or two people as \u201c< 3\u201d", None))
        self.pdf_button.setText(ui_text(u"Save as PDF\u2026", None))
        self.xlsx_button.setText(ui_text(u"Save as XLSX\u2026", None))
        self.print_button.setText(ui_text(u"Print\u2026", None))
        pass
    # retranslateUi
