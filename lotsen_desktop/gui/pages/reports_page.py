"""Berichte: the funding body's figures for a period, on screen, as PDF or XLSX, printed.

The figures are computed in the background (``load``, through the page's loader, which keeps
figures that arrive while another page is shown until this one is shown); the page shows them as
tables with simple bar charts drawn by ``BarChartWidget`` (PySide6-Essentials has no QtCharts).
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from lotsen_desktop.documents.report_data import chart_items
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.gui import save_dialog
from lotsen_desktop.gui.dialogs.pdf_preview import PdfPreviewDialog
from lotsen_desktop.gui.forms.reports_page_ui import Ui_ReportsPage
from lotsen_desktop.gui.models.report_table_model import ReportTableModel
from lotsen_desktop.gui.operations import Operation, run_operation, show_error
from lotsen_desktop.gui.pages.base import Page, PageAction
from lotsen_desktop.gui.widgets import read_only_table
from lotsen_desktop.i18n import _
from lotsen_desktop.services import reports, setup
from lotsen_desktop.services.reports import Period, Report
from lotsen_desktop.store.database import Store
from lotsen_desktop.tasks import Cancelled

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("overview", ("overview",)),
    ("courses", ("courses",)),
    ("people", ("status", "title_form", "age", "migration", "languages")),
    ("mentoring", ("requests", "areas", "contact_kinds", "months")),
    ("reflection", ("reflection",)),
)


class BarChartWidget(QWidget):
    """Horizontal bars: label, bar, printed value. A masked count ("< 3") gets no bar."""

    ROW = 20

    def __init__(self, items: list[tuple[str, float, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items = items
        self.setMinimumHeight(self.ROW * len(items) + 6)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMaximumWidth(820)

    def sizeHint(self) -> QSize:
        return QSize(480, self.ROW * len(self.items) + 6)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        label_width = min(
            max((metrics.horizontalAdvance(label) for label, _v, _t in self.items), default=0) + 16,
            int(self.width() * 0.4),
        )
        top = max((value for _label, value, _text in self.items), default=0) or 1
        room = max(10, self.width() - label_width - 70)
        colour = QColor("#5b7fa6")
        text_colour = self.palette().windowText().color()
        for index, (label, value, text) in enumerate(self.items):
            y = 3 + index * self.ROW
            painter.setPen(text_colour)
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideMiddle, label_width - 6)
            painter.drawText(
                0,
                y,
                label_width - 8,
                self.ROW - 4,
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                shown,
            )
            length = int(room * value / top) if value > 0 else 0
            if length:
                painter.fillRect(label_width, y + 2, length, self.ROW - 8, colour)
            painter.drawText(
                label_width + length + 6,
                y,
                70,
                self.ROW - 4,
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                text,
            )
        painter.end()


class ReportsPage(Page):
    """Berichte: period, figures with charts, save as PDF or XLSX, print."""

    shown_tables = frozenset(
        {
            "office",
            "volunteer",
            "volunteer_language",
            "volunteer_interest",
            "status_change",
            "module",
            "course",
            "course_session",
            "enrolment",
            "attendance",
            "figure_enrolment",
            "figure_module",
            "figure_person",
            "help_request",
            "request_offer",
            "assignment",
            "log_entry",
            "reflection_meeting",
            "reflection_attendee",
        }
    )

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.report: Report | None = None
        self.preview: PdfPreviewDialog | None = None
        self.models: dict[str, ReportTableModel] = {}
        self._stale = True
        self._stop: threading.Event | None = None
        """Set to stop the newest computation (Abbrechen, or a newer period asked for)."""

        self.ui = Ui_ReportsPage()
        self.ui.setupUi(self)
        ui = self.ui
        today = date.today()
        self.year_label = ui.year_label
        self.year = ui.year
        self.year.setValue(today.year)
        self.year.valueChanged.connect(self._year_chosen)
        self.from_label = ui.from_label
        self.date_from = ui.date_from
        self.to_label = ui.to_label
        self.date_to = ui.date_to
        self._set_period(Period.year(today.year))
        self.compute_button = ui.compute_button
        self.compute_button.clicked.connect(self.load)
        self.cancel_button = ui.cancel_button
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.date_from.returnPressed.connect(self.load)
        self.date_to.returnPressed.connect(self.load)
        self.mask_box = ui.mask_box
        self.mask_box.setChecked(store.local_setting(reports.MASK_SETTING, "1") != "0")
        self.mask_box.toggled.connect(self._mask_toggled)
        self.pdf_button = ui.pdf_button
        self.pdf_button.clicked.connect(lambda: self.save_as("pdf"))
        self.xlsx_button = ui.xlsx_button
        self.xlsx_button.clicked.connect(lambda: self.save_as("xlsx"))
        self.print_button = ui.print_button
        self.print_button.clicked.connect(self.print_page)
        self.busy = ui.busy
        self.busy.hide()
        self.status = ui.status

        self.tabs = ui.tabs
        self.group_pages: dict[str, QScrollArea] = {}
        for key, _tables in GROUPS:
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(QWidget())
            self.tabs.addTab(scroll, "")
            self.group_pages[key] = scroll

        self._set_enabled_outputs(False)
        self.retranslate()

    # --- page protocol ---------------------------------------------------------------------------

    def page_title(self) -> str:
        return _("Reports")

    def retranslate(self) -> None:
        self.ui.retranslateUi(self)
        titles = {
            "overview": _("Overview"),
            "courses": _("Courses"),
            "people": _("People"),
            "mentoring": _("Mentoring"),
            "reflection": _("Reflection meetings"),
        }
        for index, (key, _tables) in enumerate(GROUPS):
            self.tabs.setTabText(index, titles[key])
        if self.report is not None:
            self.show_report(self.report)
        elif not self.status.text():
            self.status.setText(_("Choose a period and press Compute."))

    def supported_actions(self) -> set[PageAction]:
        return {PageAction.PRINT} if self.report is not None else set()

    def refresh(self, changed: set[str] | None = None) -> None:
        self._stale = True
        if self.isVisible():
            self.load()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale and not self.computing():
            self.load()

    def computing(self) -> bool:
        """Figures are being computed (or have arrived and wait for the page to be shown)."""
        return self.loader.is_loading("report")

    # --- period ----------------------------------------------------------------------------------

    def _set_period(self, period: Period) -> None:
        self.date_from.set_date(period.start)
        self.date_to.set_date(period.end)

    def _year_chosen(self, year: int) -> None:
        self._set_period(Period.year(year))
        self.load()

    def period(self) -> Period:
        """The period typed in; raises ``ValidationError`` with a message for the user."""
        start = self.date_from.date_value("from")
        end = self.date_to.date_value("to")
        if start is None or end is None:
            raise ValidationError(_("Enter the first and the last day of the period."))
        return Period(start, end).check()

    # --- computing -------------------------------------------------------------------------------

    def load(self) -> bool:
        """Compute the figures of the chosen period in the background and show them; ``False``
        if the period is wrong (the status says why).

        One computation at a time: a newer request stops the running one, waits for it to end
        and runs then (the loader's newest-wins rule).
        """
        try:
            period = self.period()
        except ValidationError as error:
            self.status.setText(str(error))
            return False
        self._stale = False
        if self._stop is not None:
            self._stop.set()  # outdated: let it end early, its result is dropped anyway
        stop = self._stop = threading.Event()
        self._set_busy(True)
        self.status.setText(_("Computing the figures…"))
        store = self.store
        self.loader.load(
            "report",
            lambda: reports.compute_report(
                store, period, progress=lambda _done, _total: not stop.is_set()
            ),
            self._computed,
            on_error=self._failed,
        )
        return True

    def _computed(self, report: Report) -> None:
        self._stop = None
        self._set_busy(False)
        self.show_report(report)

    def _failed(self, error: object) -> None:
        self._stop = None
        self._set_busy(False)
        if isinstance(error, Cancelled):
            self._stale = True
            self.status.setText(_("Cancelled. Press Compute to start again."))
            return
        self.status.setText("")
        show_error(self, error)

    def cancel(self) -> None:
        """Stop the running computation (the figures shown before stay)."""
        if self._stop is not None:
            self._stop.set()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.compute_button.setEnabled(not busy)
        self._set_enabled_outputs(not busy and self.report is not None)

    def _set_enabled_outputs(self, enabled: bool) -> None:
        for button in (self.pdf_button, self.xlsx_button, self.print_button):
            button.setEnabled(enabled)
        self.actions_changed.emit()

    def _mask_toggled(self, on: bool) -> None:
        self.store.set_local_setting(reports.MASK_SETTING, "1" if on else "0")
        if self.report is not None:
            self.show_report(self.report)

    def show_report(self, report: Report) -> None:
        """Fill the tabs with the tables and charts of ``report``."""
        self.report = report
        mask = self.mask_box.isChecked()
        tables = {table.key: table for table in reports.report_tables(report)}
        self.models = {}
        for group, keys in GROUPS:
            holder = QWidget()  # a fresh one: setWidget deletes the old tables and charts
            layout = QVBoxLayout(holder)
            for key in keys:
                table = tables[key]
                heading = QLabel(table.title)
                font = heading.font()
                font.setBold(True)
                heading.setFont(font)
                layout.addWidget(heading)
                model = ReportTableModel(table, mask, self)
                self.models[key] = model
                view = read_only_table(
                    model, selection=QAbstractItemView.SelectionMode.NoSelection, fit_contents=True
                )  # as tall as its rows: the page scrolls, not each table
                view.setObjectName(f"report_table_{key}")
                layout.addWidget(view)
                items = chart_items(table, mask)
                if items:
                    layout.addWidget(BarChartWidget(items))
                if table.note:
                    note = QLabel(table.note)
                    note.setWordWrap(True)
                    note.setStyleSheet("color: #555;")
                    layout.addWidget(note)
                layout.addSpacing(12)
            if group == "overview":
                areas = tables["areas"]
                heading = QLabel(_("Hours of mentoring by area"))
                font = heading.font()
                font.setBold(True)
                heading.setFont(font)
                layout.addWidget(heading)
                layout.addWidget(BarChartWidget(chart_items(areas, mask)))
            layout.addStretch(1)
            self.group_pages[group].setWidget(holder)
        self.status.setText(
            _("Figures for {start} to {end}, computed on {today}.").format(
                start=report.period.start.strftime("%d.%m.%Y"),
                end=report.period.end.strftime("%d.%m.%Y"),
                today=report.created_on.strftime("%d.%m.%Y"),
            )
        )
        self._set_enabled_outputs(not self.computing())

    # --- outputs ---------------------------------------------------------------------------------

    def save_as(self, kind: str, path: Path | None = None) -> Operation | None:
        """Ask for a file name (unless given) and write the shown report there."""
        report = self.report
        if report is None:
            return None
        if path is None:
            filters = {
                "pdf": _("PDF documents (*.pdf)"),
                "xlsx": _("Excel workbooks (*.xlsx)"),
            }
            chosen = save_dialog.ask_save_path(
                self,
                self.store,
                kind="report",
                title=_("Save the report"),
                name=save_dialog.default_file_name(
                    reports.report_file_name(report.period), suffix=kind
                ),
                filters=[filters[kind]],
                suffixes=[kind],
            )
            if chosen is None:
                return None
            path = chosen
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(path.name + f".{kind}")
        summary = _("Report for {start} to {end}").format(
            start=report.period.start.strftime("%d.%m.%Y"),
            end=report.period.end.strftime("%d.%m.%Y"),
        )
        store, mask = self.store, self.mask_box.isChecked()
        return run_operation(
            self,
            _("Writing the report…"),
            lambda _progress: reports.save_report(store, report, path, mask_small=mask),
            lambda written: self.status.setText(save_dialog.saved_message(written, summary)),
            cancellable=False,
        )

    def print_page(self) -> None:
        """Render the PDF in the background, then show it in the preview with Drucken."""
        report = self.report
        if report is None:
            return
        store, mask = self.store, self.mask_box.isChecked()

        def work(_progress: Any) -> bytes:
            logo = setup.get_office(store).logo
            return reports.render_report(report, "pdf", mask_small=mask, logo=logo)

        run_operation(
            self, _("Preparing the document…"), work, self._open_preview, cancellable=False
        )

    def _open_preview(self, pdf: bytes) -> None:
        report = self.report
        name = reports.report_file_name(report.period) if report else _("Report")
        self.preview = PdfPreviewDialog(
            pdf,
            title=_("Report for the funding body"),
            suggested_name=save_dialog.default_file_name(name, suffix="pdf"),
            parent=self,
            kind="report",
        )
        self.preview.open()
