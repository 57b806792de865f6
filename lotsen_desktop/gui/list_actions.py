"""Exportieren, Drucken and Importieren where the lists are: the volunteers page and a course's
participants. Kept out of the pages so they only add one widget each.

Building a list and writing or rendering it runs in the background (``run_operation``) with
progress and cancel; printing goes through the system print dialog (a preview first for short
lists), the same PDF that "save as PDF" writes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QWidget,
)

from lotsen_desktop.errors import LotsenError
from lotsen_desktop.gui import save_dialog
from lotsen_desktop.gui.icons import icon
from lotsen_desktop.gui.operations import Operation, ProgressCallback, run_operation
from lotsen_desktop.gui.widgets import action_text
from lotsen_desktop.i18n import _, format_number, ngettext
from lotsen_desktop.store.database import Store
from lotsen_desktop.tasks import Cancelled

PREVIEW_PAGE_LIMIT = 30
"""Longer printouts go straight to the print dialog instead of an on-screen preview."""

FILE_FILTERS = {
    "xlsx": "Excel (*.xlsx)",
    "csv": "CSV (*.csv)",
    "pdf": "PDF (*.pdf)",
}


if TYPE_CHECKING:
    from lotsen_desktop.documents.tables import ListTable


def _lists() -> ModuleType:
    """The list service, imported on first use: it brings ReportLab, which the start does not need."""
    from lotsen_desktop.services import lists

    return lists


Builder = Callable[[Store, ProgressCallback], "ListTable"]


def volunteer_spec(page: Any) -> Any:
    """The filter and sort the volunteers page shows right now."""
    query = page.model.query
    return _lists().ListSpec.of(**query.filters(), sort=query.sort, descending=query.descending)


def _ask_year(parent: QWidget) -> int | None:
    year, ok = QInputDialog.getInt(
        parent,
        _("Mentoring hours per volunteer"),
        _("Year:"),
        date.today().year,
        2000,
        2100,
    )
    return year if ok else None


def volunteer_builders(page: Any) -> dict[str, tuple[str, Callable[[], Builder | None]]]:
    """The lists of the volunteers page: label and a function giving the builder (or None)."""

    def volunteers() -> Builder:
        spec = volunteer_spec(page)
        return lambda store, report: _lists().volunteer_list(store, spec, progress=report)

    def phones() -> Builder:
        spec = volunteer_spec(page)
        return lambda store, report: _lists().phone_list(store, spec, progress=report)

    def mentoring() -> Builder | None:
        year = _ask_year(page)
        if year is None:
            return None
        spec = volunteer_spec(page)
        return lambda store, report: _lists().mentoring_hours_list(
            store,
            date_from=date(year, 1, 1),
            date_to=date(year, 12, 31),
            spec=spec,
            progress=report,
        )

    return {
        "volunteers": (_("Volunteer list (as filtered)"), volunteers),
        "phone": (_("Phone list"), phones),
        "mentoring": (_("Mentoring hours per volunteer…"), mentoring),
    }


def ask_save_path(
    parent: QWidget, store: Store | None, kind: str, detail: str = "", fmt: str = "xlsx"
) -> Path | None:
    """Where to export a list: named after the list (``kind``), ``detail`` (a course) and the
    date, in Documents or the folder last used for lists (``save_dialog``)."""
    order = [fmt] + [key for key in FILE_FILTERS if key != fmt]
    return save_dialog.ask_save_path(
        parent,
        store,
        kind="list",
        title=_("Export list"),
        name=save_dialog.default_file_name(kind, detail, suffix=fmt),
        filters=[FILE_FILTERS[key] for key in order],
        suffixes=order,
    )


def export_list(
    parent: QWidget,
    store: Store,
    builder: Builder,
    path: Path,
    on_saved: Callable[[Path, int], None] | None = None,
) -> Operation:
    """Build the list and write it in the background; a message says where it went."""

    def work(report: ProgressCallback) -> tuple[Path, int]:
        table = builder(store, report)
        _lists().save_list(store, table, path, progress=report)
        return path, len(table.rows)

    def done(result: tuple[Path, int]) -> None:
        saved, count = result
        if on_saved is not None:
            on_saved(saved, count)

    return run_operation(parent, _("Writing the list…"), _wrap_cancel(work), done)


def _wrap_cancel(work: Callable[[ProgressCallback], Any]) -> Callable[[ProgressCallback], Any]:
    def run(report: ProgressCallback) -> Any:
        try:
            return work(report)
        except Cancelled:
            raise Cancelled(_("Cancelled. No file was written.")) from None

    return run


def print_list(parent: QWidget, store: Store, builder: Builder) -> Operation:
    """Render the list as PDF in the background, then preview it or open the print dialog."""

    def work(report: ProgressCallback) -> tuple[bytes, str]:
        table = builder(store, report)
        return _lists().render(store, table, "pdf", progress=report), table.title

    def done(result: tuple[bytes, str]) -> None:
        pdf, title = result
        show_print(parent, pdf, title)

    return run_operation(parent, _("Preparing the printout…"), _wrap_cancel(work), done)


def show_print(parent: QWidget, pdf: bytes, title: str) -> None:
    from lotsen_desktop.gui.dialogs.pdf_preview import PdfPreviewDialog, page_count, print_pdf

    if page_count(pdf) <= PREVIEW_PAGE_LIMIT:
        dialog = PdfPreviewDialog(
            pdf,
            title=title,
            suggested_name=save_dialog.default_file_name(title, suffix="pdf"),
            parent=parent,
            store=getattr(parent, "store", None),
        )
        dialog.exec()
        return
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    chooser = QPrintDialog(printer, parent)
    if chooser.exec() != QDialog.DialogCode.Accepted:
        return
    try:
        print_pdf(pdf, printer)
    except LotsenError as error:
        QMessageBox.warning(parent, _("Print"), str(error))


def _menu_button(text: str, tooltip: str, icon_name: str | None = None) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    if icon_name:
        button.setIcon(icon(icon_name))
    button.setToolTip(tooltip)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setToolButtonStyle(button.toolButtonStyle().ToolButtonTextBesideIcon)
    button.setMenu(QMenu(button))
    return button


def _say(page: Any, text: str) -> None:
    label = getattr(page, "hint_label", None)
    if label is not None:
        label.setText(text)
    else:
        QMessageBox.information(page, _("Export list"), text)


def _saved_message(page: Any, what: str) -> Callable[[Path, int], None]:
    """The confirmation names the list and how many rows it holds."""

    def say(path: Path, count: int) -> None:
        rows = ngettext("{count} row", "{count} rows", count).format(count=format_number(count, 0))
        _say(page, save_dialog.saved_message(path, f"{what}: {rows}"))

    return say


class VolunteerListButtons(QWidget):
    """Exportieren ▾, Drucken ▾ and Importieren… for the volunteers page."""

    def __init__(self, page: Any) -> None:
        super().__init__(page)
        self.page = page
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.export_button = _menu_button(
            _("&Export"), _("Save a list as Excel, CSV or PDF file"), "save"
        )
        self.print_button = _menu_button(_("P&rint"), _("Print a list"), "print")
        self.import_button = QPushButton(_("&Import…"))
        self.import_button.setToolTip(_("Bring in an existing volunteer list (Excel or CSV)"))
        self.import_button.clicked.connect(self.start_import)
        for kind, (label, _make) in volunteer_builders(page).items():
            export_action = self.export_button.menu().addAction(action_text(label))
            export_action.setObjectName(f"export_{kind}")
            export_action.triggered.connect(lambda _c=False, k=kind: self.export(k))
            print_action = self.print_button.menu().addAction(action_text(label))
            print_action.setObjectName(f"print_{kind}")
            print_action.triggered.connect(lambda _c=False, k=kind: self.print(k))
        for widget in (self.export_button, self.print_button, self.import_button):
            layout.addWidget(widget)

    def _builder(self, kind: str) -> tuple[str, Builder | None]:
        label, make = volunteer_builders(self.page)[kind]
        return label, make()

    def export(self, kind: str, path: Path | None = None) -> Operation | None:
        label, builder = self._builder(kind)
        if builder is None:
            return None
        what = label.rstrip("…")
        target = path or ask_save_path(self.page, self.page.store, what)
        if target is None:
            return None
        return export_list(
            self.page, self.page.store, builder, target, _saved_message(self.page, what)
        )

    def print(self, kind: str = "volunteers") -> Operation | None:
        _label, builder = self._builder(kind)
        if builder is None:
            return None
        return print_list(self.page, self.page.store, builder)

    def start_import(self) -> Any:
        from lotsen_desktop.gui.dialogs.import_wizard import ImportWizard

        wizard = ImportWizard(self.page.store, self.page)
        wizard.open()
        return wizard


class ParticipantListButtons(QWidget):
    """Exportieren and Drucken of one course's participants with their hours."""

    def __init__(self, page: Any) -> None:
        super().__init__(page)
        self.page = page
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.export_button = QPushButton(icon("save"), "")
        self.export_button.clicked.connect(lambda: self.export())
        self.print_button = QPushButton(icon("print"), "")
        self.print_button.clicked.connect(lambda: self.print())
        self.retranslate()
        layout.addWidget(self.export_button)
        layout.addWidget(self.print_button)

    def retranslate(self) -> None:
        self.export_button.setText(_("Export participants…"))
        self.export_button.setToolTip(
            _("Save the participants with their hours as Excel, CSV or PDF")
        )
        self.print_button.setText(_("Print participants…"))
        self.print_button.setToolTip(_("Print the participants with their hours"))

    def _builder(self) -> tuple[str, Builder] | None:
        course = getattr(self.page, "course", None)
        if course is None:
            return None
        course_id = course.id
        return course.title, lambda store, report: _lists().participants_list(
            store, course_id, progress=report
        )

    def export(self, path: Path | None = None) -> Operation | None:
        found = self._builder()
        if found is None:
            return None
        title, builder = found
        target = path or ask_save_path(self.page, self.page.store, _("Participants"), title)
        if target is None:
            return None
        what = _("Participants") + " " + title
        return export_list(
            self.page, self.page.store, builder, target, _saved_message(self.page, what)
        )

    def print(self) -> Operation | None:
        found = self._builder()
        if found is None:
            return None
        return print_list(self.page, self.page.store, found[1])
