"""The Zertifikate page: who is eligible, what was issued, verification, course documents.

Everything that writes or renders runs through ``run_operation`` (off the GUI thread); results
open in the in-app preview, from where they are printed or saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QInputDialog,
    QMessageBox,
    QWidget,
)

from lotsen_desktop.domain.vocabulary import CertificateKind
from lotsen_desktop.errors import LotsenError
from lotsen_desktop.gui import save_dialog
from lotsen_desktop.gui.dialogs.pdf_preview import PdfPreviewDialog
from lotsen_desktop.gui.forms.certificates_page_ui import Ui_CertificatesPage
from lotsen_desktop.gui.models.certificate_models import (
    EligibleTableModel,
    RegisterTableModel,
    kind_label,
)
from lotsen_desktop.gui.operations import Operation, ProgressCallback, run_operation
from lotsen_desktop.gui.pages.base import Page
from lotsen_desktop.gui.views.feedback import FormDialog
from lotsen_desktop.gui.widgets import DateField, read_only_table
from lotsen_desktop.i18n import _
from lotsen_desktop.services import certificates, courses
from lotsen_desktop.services.certificates import (
    BatchResult,
    EligibleRow,
    IssuedDocument,
    RegisterEntry,
    Verification,
    VerifyStatus,
)
from lotsen_desktop.store.database import Store

R = TypeVar("R")

_Index = QModelIndex | QPersistentModelIndex


def _course_choices(store: Store) -> list[tuple[str, str]]:
    """Label and id of every course (made in the worker thread: there may be thousands)."""
    return courses.course_choices(store)


def _eligible_start(
    store: Store, search: str, page_size: int
) -> tuple[list[str], list[EligibleRow]]:
    """The eligible list's ids and its first page of rows (made in the worker thread)."""
    ids = certificates.list_eligible_ids(store, search=search)
    return ids, certificates.eligible_rows(store, ids[:page_size])


def _register_start(
    store: Store, search: str, page_size: int
) -> tuple[list[str], list[RegisterEntry]]:
    """The register's serials and its first page of entries (made in the worker thread)."""
    serials = certificates.list_register_serials(store, search=search)
    return serials, certificates.register_rows(store, serials[:page_size])


def _year_before(day: date) -> date:
    """The same day a year earlier (28 February for a 29th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return date(day.year - 1, 2, 28)


class ActivityPeriodDialog(FormDialog):
    """Asks for the period of a Tätigkeitsnachweis.

    Default: from the day the work began (``started``) until today; without it the last twelve
    months.
    """

    def __init__(self, parent: QWidget | None = None, *, started: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Confirmation of volunteer work"))
        today = date.today()
        self.start = DateField(self)
        self.start.set_date(
            started
            if started is not None and started <= today
            else _year_before(today) + timedelta(days=1)
        )
        self.end = DateField(self)
        self.end.set_date(today)
        form = QFormLayout(self.body)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("From"), self.start)
        form.addRow(_("To"), self.end)
        self.chosen: tuple[date, date] | None = None

    def submit(self) -> None:
        self.chosen = (self.start.required_date("from"), self.end.required_date("to"))

    def period(self) -> tuple[date, date]:
        """The period confirmed with OK (what is typed now if OK was not pressed)."""
        return self.chosen or (self.start.required_date("from"), self.end.required_date("to"))


class CertificatesPage(Page):
    """Zertifikate: eligible people, the register, the Prüfen field, documents per course."""

    shown_tables = frozenset(
        {
            "certificate",
            "volunteer",
            "attendance",
            "enrolment",
            "course",
            "course_session",
            "module",
            "office",
        }
    )

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.operation: Operation | None = None
        self.preview: PdfPreviewDialog | None = None
        self.last_batch: BatchResult | None = None

        self.ui = Ui_CertificatesPage()
        self.ui.setupUi(self)
        ui = self.ui

        self.search = ui.search
        self.search.settled.connect(lambda _text: self.reload())

        self.code_edit = ui.code_edit
        self.code_edit.returnPressed.connect(self.verify_code)
        self.verify_button = ui.verify_button
        self.verify_button.clicked.connect(self.verify_code)
        self.verify_result = ui.verify_result

        self.eligible_model = EligibleTableModel(
            lambda ids: certificates.eligible_rows(store, ids), self
        )
        self.eligible_view = read_only_table(self.eligible_model)
        # Fixed widths: sizing to the contents would read thousands of rows on the GUI thread.
        for column, width in (
            (EligibleTableModel.NAME, 280),
            (EligibleTableModel.QUALIFIED_ON, 110),
        ):
            self.eligible_view.horizontalHeader().resizeSection(column, width)
        ui.eligible_table_slot.addWidget(self.eligible_view)
        self.eligible_view.doubleClicked.connect(lambda _index: self.issue_selected())
        self.issue_button = ui.issue_button
        self.issue_button.clicked.connect(self.issue_selected)
        self.activity_button = ui.activity_button
        self.activity_button.clicked.connect(self.ask_activity)

        self.register_model = RegisterTableModel(
            lambda serials: certificates.register_rows(store, serials), self
        )
        self.register_view = read_only_table(self.register_model)
        # Fixed widths, as above; the subject takes the rest.
        for column, width in (
            (RegisterTableModel.SERIAL, 130),
            (RegisterTableModel.KIND, 190),
            (RegisterTableModel.ISSUED_ON, 100),
            (RegisterTableModel.NAME, 200),
            (RegisterTableModel.STATUS, 200),
        ):
            self.register_view.horizontalHeader().resizeSection(column, width)
        ui.register_table_slot.addWidget(self.register_view)
        self.register_view.doubleClicked.connect(lambda _index: self.reprint_selected())
        self.reprint_button = ui.reprint_button
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.revoke_button = ui.revoke_button
        self.revoke_button.clicked.connect(lambda: self.revoke_selected())

        self.tabs = ui.tabs
        self.course_box = ui.course_box
        self.course_combo = ui.course_combo
        self.course_combo.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)  # keep the dates
        # The four buttons wait (disabled in the form) until the courses are read.
        self.blank_sheet_button = ui.blank_sheet_button
        self.blank_sheet_button.clicked.connect(lambda: self.show_attendance_sheet(blank=True))
        self.filled_sheet_button = ui.filled_sheet_button
        self.filled_sheet_button.clicked.connect(lambda: self.show_attendance_sheet(blank=False))
        self.batch_certificates_button = ui.batch_certificates_button
        self.batch_certificates_button.clicked.connect(
            lambda: self.start_batch(CertificateKind.CERTIFICATE.value)
        )
        self.batch_participation_button = ui.batch_participation_button
        self.batch_participation_button.clicked.connect(
            lambda: self.start_batch(CertificateKind.PARTICIPATION.value)
        )
        self.status = ui.status
        self.retranslate()
        self.refresh()

    # --- Page ---------------------------------------------------------------------------------

    def page_title(self) -> str:
        return _("Certificates")

    def retranslate(self) -> None:
        self.ui.retranslateUi(self)
        self.eligible_model.retranslate()
        self.register_model.retranslate()

    def refresh(self, changed: set[str] | None = None) -> None:
        if not self.shows(changed):
            return
        self.reload()
        self._load_courses()

    def reload(self) -> None:
        """Read both lists again in the background (the search may match thousands)."""
        store, text = self.store, self.search.text()
        page_size = self.eligible_model.page_size
        self.loader.load(
            "eligible",
            lambda: _eligible_start(store, text, page_size),
            self._show_eligible,
            busy=self.eligible_view,
        )
        self.loader.load(
            "register",
            lambda: _register_start(store, text, page_size),
            self._show_register,
            busy=self.register_view,
        )

    def _show_eligible(self, found: tuple[list[str], list[EligibleRow]]) -> None:
        ids, first = found
        self.eligible_model.set_ids(ids, first)

    def _show_register(self, found: tuple[list[str], list[RegisterEntry]]) -> None:
        serials, first = found
        self.register_model.set_ids(serials, first)

    def _load_courses(self) -> None:
        store = self.store
        self.loader.load(
            "courses", lambda: _course_choices(store), self._fill_courses, busy=self.course_box
        )

    def _fill_courses(self, choices: list[tuple[str, str]]) -> None:
        current = self.course_combo.currentData()
        self.course_combo.clear()
        for label, course_id in choices:
            self.course_combo.addItem(label, course_id)
        if current is not None:
            index = self.course_combo.findData(current)
            if index >= 0:
                self.course_combo.setCurrentIndex(index)
        enabled = self.course_combo.count() > 0
        for button in (
            self.blank_sheet_button,
            self.filled_sheet_button,
            self.batch_certificates_button,
            self.batch_participation_button,
        ):
            button.setEnabled(enabled)

    # --- verification -------------------------------------------------------------------------

    def verify_code(self) -> Verification | None:
        code = self.code_edit.text().strip()
        if not code:
            self.verify_result.clear()
            return None
        result = certificates.verify(self.store, code)
        colour = {
            VerifyStatus.VALID: "#1b7a2f",
            VerifyStatus.REVOKED: "#b35c00",
        }.get(result.status, "#b00020")
        self.verify_result.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.verify_result.setText(result.message)
        return result

    # --- issuing ------------------------------------------------------------------------------

    def selected_eligible(self) -> EligibleRow | None:
        rows = self.eligible_view.selectionModel().selectedRows()
        return self.eligible_model.row_at(rows[0].row()) if rows else None

    def selected_entry(self) -> RegisterEntry | None:
        rows = self.register_view.selectionModel().selectedRows()
        return self.register_model.row_at(rows[0].row()) if rows else None

    def _run(
        self,
        label: str,
        work: Callable[[ProgressCallback], Any],
        done: Callable[[Any], None],
        *,
        cancellable: bool = False,
    ) -> Operation:
        self.operation = run_operation(self, label, work, done, cancellable=cancellable)
        return self.operation

    def issue_selected(self) -> Operation | None:
        row = self.selected_eligible()
        if row is None:
            self.status.setText(_("Select a person in the list first."))
            return None
        store, volunteer_id = self.store, row.volunteer_id
        return self._run(
            _("Issuing the certificate…"),
            lambda _progress: certificates.issue_certificate(store, volunteer_id=volunteer_id),
            self._issued,
        )

    def ask_activity(self) -> Operation | None:
        row = self.selected_eligible()
        if row is None:
            self.status.setText(_("Select a person in the list first."))
            return None
        dialog = ActivityPeriodDialog(
            self, started=certificates.activity_start(self.store, row.volunteer_id)
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        start, end = dialog.period()
        return self.issue_activity(row.volunteer_id, start, end)

    def issue_activity(self, volunteer_id: str, start: date, end: date) -> Operation:
        store = self.store
        return self._run(
            _("Issuing the confirmation of volunteer work…"),
            lambda _progress: certificates.issue_activity_record(
                store, volunteer_id=volunteer_id, date_from=start, date_to=end
            ),
            self._issued,
        )

    def reprint_selected(self) -> Operation | None:
        entry = self.selected_entry()
        if entry is None:
            self.status.setText(_("Select an entry of the register first."))
            return None
        store, serial = self.store, entry.serial
        return self._run(
            _("Preparing the document…"),
            lambda _progress: certificates.reprint(store, serial),
            self._issued,
        )

    def _issued(self, doc: IssuedDocument) -> None:
        self.status.setText(
            _("{kind} {serial} for {name}; verification code {code}.").format(
                kind=kind_label(doc.kind), serial=doc.serial, name=doc.holder, code=doc.code
            )
        )
        self.open_preview(
            doc.pdf,
            title=f"{kind_label(doc.kind)} {doc.serial} – {doc.holder}",
            suggested_name=save_dialog.default_file_name(
                kind_label(doc.kind), doc.holder, doc.serial, suffix="pdf"
            ),
        )

    def open_preview(self, pdf: bytes, *, title: str, suggested_name: str) -> PdfPreviewDialog:
        self.preview = PdfPreviewDialog(
            pdf, title=title, suggested_name=suggested_name, parent=self, kind="certificate"
        )
        self.preview.open()
        return self.preview

    def revoke_selected(self, reason: str | None = None) -> RegisterEntry | None:
        entry = self.selected_entry()
        if entry is None:
            self.status.setText(_("Select an entry of the register first."))
            return None
        if reason is None:
            reason, accepted = QInputDialog.getText(
                self,
                _("Revoke"),
                _("Why is {serial} ({name}) revoked? The entry stays in the register.").format(
                    serial=entry.serial, name=entry.holder
                ),
            )
            if not accepted:
                return None
        try:
            revoked = certificates.revoke_certificate(
                self.store, serial=entry.serial, reason=reason
            )
        except LotsenError as error:
            QMessageBox.warning(self, _("Revoke"), str(error))
            return None
        self.status.setText(_("{serial} revoked.").format(serial=revoked.serial))
        self.changes.deliver_now()
        return revoked

    # --- course documents ---------------------------------------------------------------------

    def current_course(self) -> str | None:
        data = self.course_combo.currentData()
        return str(data) if data else None

    def show_attendance_sheet(self, *, blank: bool) -> Operation | None:
        course_id = self.current_course()
        if course_id is None:
            return None
        store, title = self.store, self.course_combo.currentText()
        name = _("Attendance sheet") + " " + title

        def done(pdf: bytes) -> None:
            self.open_preview(
                pdf,
                title=name,
                suggested_name=save_dialog.default_file_name(
                    _("Attendance sheet"), title, suffix="pdf"
                ),
            )

        return self._run(
            _("Preparing the attendance sheet…"),
            lambda _progress: certificates.attendance_sheet(
                store, course_id=course_id, blank=blank
            ),
            done,
        )

    def start_batch(self, kind: str, folder: Path | None = None) -> Operation | None:
        course_id = self.current_course()
        if course_id is None:
            return None
        if folder is None:
            chosen = save_dialog.ask_folder(
                self, self.store, kind="certificate", title=_("Folder for the documents")
            )
            if chosen is None:
                return None
            folder = chosen
        store = self.store

        def work(progress: ProgressCallback) -> BatchResult:
            return certificates.issue_course_batch(
                store,
                course_id=course_id,
                out_dir=folder,
                kind=kind,
                progress=progress,
            )

        return self._run(
            _("Writing the documents of the course…"), work, self._batch_done, cancellable=True
        )

    def _batch_done(self, result: BatchResult) -> None:
        self.last_batch = result
        if result.cancelled:
            self.status.setText(_("Cancelled; no document was issued or written."))
            return
        lines = [
            _("{count} documents written; combined file for printing: {path}").format(
                count=len(result.documents), path=result.combined
            )
        ]
        lines += [
            _("Skipped {name}: {reason}").format(name=name, reason=reason)
            for _vid, name, reason in result.skipped
        ]
        self.status.setText("\n".join(lines))
