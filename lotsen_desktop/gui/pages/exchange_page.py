"""The Austausch page: export and import wizards, conflicts, possible duplicates, partners, history.

The data digest at the top lets two people compare their machines by phone. Every export and
import runs through ``run_operation`` (off the GUI thread); the import shows a preview computed by
a dry run and applies the already checked file only after the user confirms. Passwords live only
in the wizard's fields and are cleared when it closes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from lotsen_desktop.errors import LotsenError
from lotsen_desktop.fileformat import MIN_PASSPHRASE, SUFFIX
from lotsen_desktop.gui import save_dialog
from lotsen_desktop.gui.forms.exchange_page_ui import Ui_ExchangePage
from lotsen_desktop.gui.models.exchange_models import (
    ConflictTableModel,
    DuplicateTableModel,
    HistoryTableModel,
    PeerTableModel,
    kind_label,
)
from lotsen_desktop.gui.models.rows_model import RowsTableModel
from lotsen_desktop.gui.operations import Operation, ProgressCallback, run_operation, show_error
from lotsen_desktop.gui.pages.base import Page
from lotsen_desktop.gui.screen_fit import FitsScreen
from lotsen_desktop.gui.widgets import read_only_table
from lotsen_desktop.i18n import _, format_number, ngettext
from lotsen_desktop.services import courses, volunteers
from lotsen_desktop.services.digest import short_digest
from lotsen_desktop.store.database import Store
from lotsen_desktop.sync import compact, conflicts, exchange
from lotsen_desktop.sync.conflicts import ConflictRow
from lotsen_desktop.sync.exchange import ExportResult, ImportSummary, Parsed, PeerRow
from lotsen_desktop.sync.exchange.contents import delta_rows_by_table

R = TypeVar("R")
_Index = QModelIndex | QPersistentModelIndex


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


# ------------------------------------------------------------------------------- export wizard
@dataclass(frozen=True)
class ExportOptions:
    kind: str  # full | peer | course
    peer: str | None
    course_id: str | None
    path: Path
    passphrase: str


CourseChoice = tuple[str, str]
"""A course in the export wizard's list: its id and its label (title, dates, place)."""


def export_choices(store: Store) -> tuple[list[PeerRow], list[CourseChoice]]:
    """The partners and the courses the export wizard offers (read in the background: at a
    large office thousands of courses, a second on the GUI thread with their labels)."""
    choices = [  # title, dates and place: titles repeat every year
        (row.id, courses.course_label(row.title, row.first_date, row.last_date, row.place))
        for row in courses.list_courses(store)
    ]
    return exchange.list_peers(store), choices


class _ScopePage(QWizardPage):
    def __init__(self, peers: Sequence[PeerRow], course_choices: Sequence[CourseChoice]) -> None:
        super().__init__()
        self.full = QRadioButton()
        self.peer = QRadioButton()
        self.course = QRadioButton()
        self.group = QButtonGroup(self)
        for button in (self.full, self.peer, self.course):
            self.group.addButton(button)
        self.peer_combo = QComboBox()
        for peer in peers:
            self.peer_combo.addItem(peer.name, peer.name)
        self.course_combo = QComboBox()
        # sized by a number of characters, not by measuring thousands of course labels
        self.course_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.course_combo.setMinimumContentsLength(40)
        for course_id, label in course_choices:
            self.course_combo.addItem(label, course_id)
        self.course_combo.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.peer.setEnabled(bool(peers))
        self.course.setEnabled(bool(course_choices))
        (self.peer if peers else self.full).setChecked(True)
        self.peer_combo.setEnabled(self.peer.isChecked())
        self.course_combo.setEnabled(False)
        self.peer.toggled.connect(self.peer_combo.setEnabled)
        self.course.toggled.connect(self.course_combo.setEnabled)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout = QFormLayout(self)
        layout.addRow(self.full)
        layout.addRow(self.peer, self.peer_combo)
        layout.addRow(self.course, self.course_combo)
        layout.addRow(self.hint)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("What should the file contain?"))
        self.full.setText(_("Everything (for a new machine or when unsure)"))
        self.peer.setText(_("Only what this partner has not seen yet"))
        self.course.setText(_("Course package for a trainer"))
        self.hint.setText(
            _(
                "A course package contains the course, its sessions, enrolments and attendance, "
                "and only the participants' names: no addresses, dates of birth, notes or "
                "mentoring data."
            )
        )

    def scope(self) -> tuple[str, str | None, str | None]:
        if self.peer.isChecked():
            return "peer", self.peer_combo.currentData(), None
        if self.course.isChecked():
            return "course", None, self.course_combo.currentData()
        return "full", None, None


class _PassphrasePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.first = _password_edit()
        self.second = _password_edit()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.first.textChanged.connect(self._changed)
        self.second.textChanged.connect(self._changed)
        self.first_label = QLabel()
        self.second_label = QLabel()
        layout = QFormLayout(self)
        layout.addRow(self.first_label, self.first)
        layout.addRow(self.second_label, self.second)
        layout.addRow(self.message)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Password"))
        self.setSubTitle(
            _(
                "The file is encrypted with this password. Tell it to the recipient by phone or "
                "in person, never in the same e-mail. It is not stored."
            )
        )
        self.first_label.setText(_("Password"))
        self.second_label.setText(_("Repeat password"))
        self._changed()

    def problem(self) -> str:
        first, second = self.first.text(), self.second.text()
        if len(first.strip()) < MIN_PASSPHRASE:
            return _("The password must have at least {count} characters.").format(
                count=MIN_PASSPHRASE
            )
        if first != second:
            return _("The two passwords differ.")
        return ""

    def _changed(self) -> None:
        self.message.setText(self.problem() if self.first.text() else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.problem()


class _SavePage(QWizardPage):
    """Where the file goes: a proposed name saying kind, partner or course and date, in the
    folder last used for exchange files (else Documents); an existing file is only replaced
    after a question."""

    def __init__(self, folder: Path, store: Store | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.store = store
        self.path = QLineEdit(str(folder / export_file_name("full")))
        self.path.textEdited.connect(self._edited)
        self.path.textChanged.connect(lambda _text: self.completeChanged.emit())
        self.user_chose = False
        self.confirmed: Path | None = None
        self.browse = QPushButton()
        self.browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Where should the file go?"))
        self.setSubTitle(_("For example onto a USB stick. The file name ends in .lotsen."))
        self.browse.setText(_("Browse…"))

    def _edited(self, _text: str) -> None:
        self.user_chose = True

    def initializePage(self) -> None:
        wizard = self.wizard()
        if self.user_chose or not isinstance(wizard, ExportWizard):
            return
        kind, peer, _course_id = wizard.scope_page.scope()
        course = wizard.scope_page.course_combo.currentText() if kind == "course" else ""
        self.path.setText(str(self.folder / export_file_name(kind, peer or "", course)))

    def chosen_path(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        return path if path.suffix == SUFFIX else path.with_name(path.name + SUFFIX)

    def _browse(self) -> None:
        chosen = save_dialog.ask_save_path(
            self,
            self.store,
            kind="exchange",
            title=_("Save exchange file"),
            name=self.chosen_path().name,
            filters=[_("Exchange files (*.lotsen)")],
            suffixes=[SUFFIX],
        )
        if chosen is not None:
            self.user_chose = True
            self.confirmed = chosen
            self.path.setText(str(chosen))

    def validatePage(self) -> bool:
        path = self.chosen_path()
        if (
            path.exists()
            and path != self.confirmed
            and not save_dialog.confirm_overwrite(self, path)
        ):
            return False
        self.confirmed = path
        save_dialog.remember_folder(self.store, "exchange", path.parent)
        return True

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())


def export_file_name(kind: str, peer: str = "", course: str = "") -> str:
    """``Austausch-Laptop Müller-2026-12-01.lotsen``, ``Kurspaket-Basis 2026-….lotsen``: a
    second export for another partner or course never gets the first one's name."""
    if kind == "course":
        return save_dialog.default_file_name(_("Course package"), course, suffix=SUFFIX)
    if kind == "peer":
        return save_dialog.default_file_name(_("Exchange"), peer, suffix=SUFFIX)
    return save_dialog.default_file_name(_("Exchange"), _("complete"), suffix=SUFFIX)


class ExportWizard(FitsScreen, QWizard):
    """Scope (everything, a partner, a course), password twice, file."""

    def __init__(
        self,
        peers: Sequence[PeerRow],
        course_choices: Sequence[CourseChoice],
        folder: Path,
        parent: QWidget | None = None,
        store: Store | None = None,
    ) -> None:
        super().__init__(parent)
        self.scope_page = _ScopePage(peers, course_choices)
        self.passphrase_page = _PassphrasePage()
        self.save_page = _SavePage(folder, store)
        for page in (self.scope_page, self.passphrase_page, self.save_page):
            self.addPage(page)
        self.setWindowTitle(_("Export for another machine"))
        self.finished.connect(lambda _result: self._forget())

    def export_options(self) -> ExportOptions:
        kind, peer, course_id = self.scope_page.scope()
        return ExportOptions(
            kind,
            peer,
            course_id,
            self.save_page.chosen_path(),
            self.passphrase_page.first.text(),
        )

    def _forget(self) -> None:
        self.passphrase_page.first.clear()
        self.passphrase_page.second.clear()


def export_summary(
    store: Store, options: ExportOptions, result: ExportResult, rows: dict[str, int] | None = None
) -> str:
    """What the written file holds, for the confirmation: "Austauschdatei für Laptop Müller:
    3 Kurse, 47 Personen, 1.204 Änderungen, verschlüsselt". ``rows``: the rows per table of a
    delta (``delta_rows_by_table``), read before it was written."""
    if options.kind == "course" and options.course_id:
        course = courses.get_course(store, options.course_id)
        people, sessions = len(course.participants), len(course.sessions)
        return _("Course package {course}: {participants}, {sessions}, encrypted").format(
            course=course.title,
            participants=_count(
                ngettext("{count} participant", "{count} participants", people), people
            ),
            sessions=_count(ngettext("{count} session", "{count} sessions", sessions), sessions),
        )
    if options.kind == "peer" and result.kind != "full":
        changes = result.changes
        parts = []
        course_count = (rows or {}).get("course", 0)
        people = (rows or {}).get("volunteer", 0)
        if course_count:
            parts.append(
                _count(ngettext("{count} course", "{count} courses", course_count), course_count)
            )
        if people:
            parts.append(_count(ngettext("{count} person", "{count} people", people), people))
        parts.append(_count(ngettext("{count} change", "{count} changes", changes), changes))
        return _("Exchange file for {peer}: {contents}, encrypted").format(
            peer=result.peer_name or options.peer or "", contents=", ".join(parts)
        )
    people = volunteers.count_volunteers(store)
    course_count = len(courses.list_course_ids(store))
    records = result.changes + result.rows
    return _("Complete exchange file: {volunteers}, {courses}, {records}, encrypted").format(
        volunteers=_count(ngettext("{count} person", "{count} people", people), people),
        courses=_count(ngettext("{count} course", "{count} courses", course_count), course_count),
        records=_count(ngettext("{count} record", "{count} records", records), records),
    )


def _count(text: str, count: int) -> str:
    return text.format(count=format_number(count, 0))


# ------------------------------------------------------------------------------- import wizard
class _OpenPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.path = QLineEdit()
        self.path.textChanged.connect(lambda _text: self.completeChanged.emit())
        self.browse = QPushButton()
        self.browse.clicked.connect(self._browse)
        self.passphrase = _password_edit()
        self.passphrase.textChanged.connect(lambda _text: self.completeChanged.emit())
        self.file_label = QLabel()
        self.passphrase_label = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        layout = QFormLayout(self)
        layout.addRow(self.file_label, row)
        layout.addRow(self.passphrase_label, self.passphrase)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Which file?"))
        self.setSubTitle(_("Nothing is changed before you have seen the preview and confirmed."))
        self.file_label.setText(_("File"))
        self.passphrase_label.setText(_("Password"))
        self.browse.setText(_("Browse…"))

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Open exchange file"), self.path.text(), _("Exchange files (*.lotsen)")
        )
        if chosen:
            self.path.setText(chosen)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip() and self.passphrase.text())


class _PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.summary.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.summary.setFont(font)
        self.details = QLabel()
        self.details.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.details)
        layout.addStretch(1)
        self.setFinalPage(True)
        self.retranslate()

    def retranslate(self) -> None:
        if self.owner.error:
            # Not „this is what would change“ over „wrong password“: nothing would.
            self.setTitle(_("The file cannot be imported"))
            self.setSubTitle(_("Nothing was changed."))
        else:
            self.setTitle(_("Preview"))
            self.setSubTitle(_("This is what the import would change. Confirm with Import."))

    def initializePage(self) -> None:
        self.summary.setText(_("Checking the file…"))
        self.details.clear()
        self.owner.start_preview()
        self.retranslate()

    def isComplete(self) -> bool:
        return self.owner.parsed is not None


class ImportWizard(FitsScreen, QWizard):
    """File and password, then a dry-run preview, then the confirmed import."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.parsed: Parsed | None = None
        self.preview: ImportSummary | None = None
        self.error: str = ""
        self.operation: Operation | None = None
        self.open_page = _OpenPage()
        self.preview_page = _PreviewPage(self)
        self.addPage(self.open_page)
        self.addPage(self.preview_page)
        self.setWindowTitle(_("Import from another machine"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Import"))
        self.finished.connect(lambda _result: self.open_page.passphrase.clear())

    def file_path(self) -> Path:
        return Path(self.open_page.path.text().strip()).expanduser()

    def start_preview(self) -> None:
        self.parsed = None
        self.preview = None
        self.error = ""
        path, passphrase, store = self.file_path(), self.open_page.passphrase.text(), self.store

        def work(progress: ProgressCallback) -> tuple[Parsed, ImportSummary]:
            parsed = exchange.read_file(path, passphrase)
            summary = exchange.apply_parsed(
                store, parsed, file_name=path.name, dry_run=True, progress=progress
            )
            return parsed, summary

        self.operation = run_operation(
            self,
            _("Checking the file…"),
            work,
            self._previewed,
            on_error=self._failed,
            show_progress=False,
        )

    def _previewed(self, result: tuple[Parsed, ImportSummary]) -> None:
        self.parsed, self.preview = result
        summary = result[1]
        sender = summary.sender_name or summary.sender_site[:8]
        self.preview_page.summary.setText(summary.text)
        lines = [
            _("From: {sender} ({kind})").format(sender=sender, kind=kind_label(summary.kind)),
            _("{count} changes were already known here.").format(count=summary.known),
            *summary.warnings,
        ]
        self.preview_page.details.setText("\n".join(lines))
        self.preview_page.completeChanged.emit()

    def _failed(self, error: object) -> None:
        self.error = str(error) if isinstance(error, LotsenError) else type(error).__name__
        self.preview_page.summary.setText(self.error)
        self.preview_page.details.setText(_("Go back to choose another file or password."))
        self.preview_page.retranslate()
        self.preview_page.completeChanged.emit()


def run_confirmed_import(
    parent: QWidget, wizard: ImportWizard, on_done: Callable[[ImportSummary], None]
) -> Operation | None:
    """Apply the file the wizard checked (in the background); ``None`` if there is none.
    Shared by the Austausch page and the first-start dialog."""
    parsed = wizard.parsed
    if parsed is None:
        return None
    store = wizard.store
    name = wizard.file_path().name

    def work(progress: ProgressCallback) -> ImportSummary:
        return exchange.receive_parsed(store, parsed, file_name=name, progress=progress)

    return run_operation(parent, _("Importing…"), work, on_done)


# ------------------------------------------------------------------------------- page
class ExchangePage(Page):
    """Austausch: files between the office PC, trainers' laptops and a second office."""

    shown_tables = frozenset(
        {"sync_change", "sync_row", "sync_peer", "sync_conflict", "sync_duplicate", "sync_exchange"}
    )

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.operation: Operation | None = None
        self.digest_operation: Operation | None = None
        self.last_export: ExportResult | None = None
        self.last_import: ImportSummary | None = None
        self.export_wizard: ExportWizard | None = None
        self.import_wizard: ImportWizard | None = None

        self.ui = Ui_ExchangePage()
        self.ui.setupUi(self)
        ui = self.ui
        self.site_label = ui.site_label
        self.digest_caption = ui.digest_caption
        self.digest_label = ui.digest_label
        self.digest_label.setText("…")
        digest_font = QFont("monospace")
        digest_font.setStyleHint(QFont.StyleHint.Monospace)
        digest_font.setPointSizeF(digest_font.pointSizeF() * 1.3)
        self.digest_label.setFont(digest_font)
        self.export_button = ui.export_button
        self.export_button.clicked.connect(self.open_export)
        self.import_button = ui.import_button
        self.import_button.clicked.connect(self.open_import)
        self.status = ui.status

        self.conflict_model = ConflictTableModel(self)
        self.conflict_view = read_only_table(self.conflict_model)
        ui.conflict_table_slot.addWidget(self.conflict_view)
        conflict_header = self.conflict_view.horizontalHeader()
        conflict_header.setStretchLastSection(False)
        # The record ("Lotsin/Lotse: Şahin, İlkay") is what people look for: it gets the room.
        conflict_header.setSectionResizeMode(
            ConflictTableModel.RECORD, QHeaderView.ResizeMode.Stretch
        )
        for column, width in (
            (ConflictTableModel.NUMBER, 50),
            (ConflictTableModel.DATE, 90),
            (ConflictTableModel.KIND, 130),
            (ConflictTableModel.FIELD, 120),
            (ConflictTableModel.KEPT, 140),
            (ConflictTableModel.LOST, 140),
            (ConflictTableModel.FROM, 170),
        ):
            conflict_header.resizeSection(column, width)
        conflict_header.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.conflict_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.revert_button = ui.revert_button
        self.revert_button.clicked.connect(self.revert_selected)
        self.dismiss_button = ui.dismiss_button
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.duplicate_model = DuplicateTableModel(self)
        self.duplicate_view = read_only_table(self.duplicate_model)
        ui.duplicate_table_slot.addWidget(self.duplicate_view)
        self.duplicate_dismiss_button = ui.duplicate_dismiss_button
        self.duplicate_dismiss_button.clicked.connect(self.dismiss_duplicate)
        self.peer_model = PeerTableModel(self)
        self.peer_view = read_only_table(self.peer_model)
        ui.peer_table_slot.addWidget(self.peer_view)
        self.forget_button = ui.forget_button
        self.forget_button.clicked.connect(lambda: self.forget_selected())
        self.history_model = HistoryTableModel(self)
        self.history_view = read_only_table(self.history_model)
        ui.history_table_slot.addWidget(self.history_view)
        self.history_filter = ui.history_filter
        self.history_filter.currentIndexChanged.connect(lambda _i: self.reload_history())
        self.tabs = ui.tabs
        self.retranslate()
        self.refresh()

    # ------------------------------------------------------------------ texts
    def page_title(self) -> str:
        return _("Exchange")

    def retranslate(self) -> None:
        self.ui.retranslateUi(self)
        for model in (
            self.conflict_model,
            self.duplicate_model,
            self.peer_model,
            self.history_model,
        ):
            model.retranslate()
        self._update_site()

    def _update_site(self) -> None:
        """Read in the background: ``site_info`` also counts the whole change log."""
        store = self.store
        self.loader.load("site", lambda: exchange.site_info(store), self._show_site)

    def _show_site(self, info: exchange.SiteInfo) -> None:
        self.site_label.setText(_("This machine: {name}").format(name=info.name))
        self.site_label.setToolTip(info.site_id)

    # ------------------------------------------------------------------ data
    def refresh(self, changed: set[str] | None = None) -> None:
        """Read again in the background what ``changed`` touched (``None``: everything).

        Every change of the office's data is logged in ``sync_change``, so the digest and the
        size of the log follow any of them."""
        store = self.store
        if changed is None or "sync_conflict" in changed:
            self.loader.load(
                "conflicts",
                lambda: conflicts.list_conflicts(store),
                self._show_conflicts,
                busy=self.conflict_view,
            )
        if changed is None or "sync_duplicate" in changed:
            self.loader.load(
                "duplicates",
                lambda: conflicts.list_duplicates(store),
                self.duplicate_model.set_rows,
                busy=self.duplicate_view,
            )
        if changed is None or not changed.isdisjoint({"sync_peer", "sync_exchange"}):
            self.loader.load(
                "peers", lambda: exchange.list_peers(store), self._show_peers, busy=self.peer_view
            )
        self._update_site()
        self.start_digest()

    def _show_conflicts(self, rows: list[ConflictRow]) -> None:
        self.conflict_model.set_rows(rows)
        self.tabs.setTabText(
            0, _("Conflicts ({count})").format(count=self.conflict_model.rowCount())
        )

    def _show_peers(self, peers: list[PeerRow]) -> None:
        self.peer_model.set_rows(peers)
        current = self.history_filter.currentData()
        self.history_filter.blockSignals(True)
        self.history_filter.clear()
        self.history_filter.addItem(_("All partners"), "")
        for peer in peers:
            self.history_filter.addItem(peer.name, peer.site_id)
        index = self.history_filter.findData(current) if current else 0
        self.history_filter.setCurrentIndex(max(index, 0))
        self.history_filter.blockSignals(False)
        self.reload_history()

    def reload_history(self) -> None:
        store, site = self.store, self.history_filter.currentData() or None
        self.loader.load(
            "history",
            lambda: exchange.history(store, peer_site=site),
            self.history_model.set_rows,
            busy=self.history_view,
        )

    def start_digest(self) -> None:
        if self.digest_operation is not None and self.digest_operation in Operation._running:
            return
        store = self.store
        self.digest_label.setText("…")
        self.digest_operation = run_operation(
            self,
            _("Computing the digest…"),
            lambda _progress: exchange.data_digest(store),
            lambda digest: self.digest_label.setText(short_digest(digest)),
            show_progress=False,
        )

    # ------------------------------------------------------------------ export
    def open_export(self) -> Operation:
        """Read the partners and courses in the background, then open the export wizard
        (``export_wizard``); the button waits meanwhile."""
        store = self.store
        self.export_button.setEnabled(False)

        def opened(choices: tuple[list[PeerRow], list[CourseChoice]]) -> None:
            self.export_button.setEnabled(True)
            self._open_export_wizard(*choices)

        def failed(error: object) -> None:
            self.export_button.setEnabled(True)
            show_error(self, error)

        return run_operation(
            self,
            _("Reading the courses…"),
            lambda _progress: export_choices(store),
            opened,
            on_error=failed,
            cancellable=False,
        )

    def _open_export_wizard(
        self, peers: list[PeerRow], course_choices: list[CourseChoice]
    ) -> ExportWizard:
        wizard = ExportWizard(
            peers,
            course_choices,
            save_dialog.start_folder(self.store, "exchange"),
            self,
            self.store,
        )
        wizard.accepted.connect(lambda: self.start_export(wizard.export_options()))
        self.export_wizard = wizard
        wizard.open()
        return wizard

    def start_export(self, options: ExportOptions) -> Operation:
        store = self.store

        def work(progress: ProgressCallback) -> tuple[ExportResult, str]:
            rows = delta_rows_by_table(store, options.peer) if options.peer else {}
            result = exchange.export_file(
                store,
                options.path,
                passphrase=options.passphrase,
                full=options.kind == "full",
                peer=options.peer if options.kind == "peer" else None,
                course_id=options.course_id if options.kind == "course" else None,
                progress=progress,
            )
            return result, export_summary(store, options, result, rows)

        self.operation = run_operation(self, _("Writing the exchange file…"), work, self._exported)
        return self.operation

    def _exported(self, done: tuple[ExportResult, str]) -> None:
        result, summary = done
        self.last_export = result
        self.last_export_summary = summary
        text = (
            save_dialog.saved_message(result.path, summary)
            + " "
            + _("Give the password to the recipient separately.")
        )
        self.status.setText(f"{result.notice}\n{text}" if result.notice else text)

    # ------------------------------------------------------------------ import
    def open_import(self) -> ImportWizard:
        wizard = ImportWizard(self.store, self)
        wizard.accepted.connect(lambda: self.confirm_import(wizard))
        self.import_wizard = wizard
        wizard.open()
        return wizard

    def confirm_import(self, wizard: ImportWizard) -> Operation | None:
        self.operation = run_confirmed_import(self, wizard, self._imported)
        return self.operation

    def _imported(self, summary: ImportSummary) -> None:
        self.last_import = summary
        self.status.setText(_("Imported: {summary}").format(summary=summary.text))
        if summary.conflicts:
            self.tabs.setCurrentIndex(0)

    # ------------------------------------------------------------------ conflicts
    def _selected(self, view: QTableView, model: RowsTableModel[R]) -> R | None:
        rows = view.selectionModel().selectedRows()
        return model.row_at(rows[0].row()) if rows else None

    def revert_selected(self) -> None:
        row = self._selected(self.conflict_view, self.conflict_model)
        if row is None:
            return
        try:
            conflicts.revert_conflict(self.store, row.id)
        except LotsenError as error:
            show_error(self, error)
            return
        self.status.setText(
            _("Restored. The value goes to the other machines with the next export.")
        )
        self.changes.deliver_now()

    def dismiss_selected(self) -> None:
        row = self._selected(self.conflict_view, self.conflict_model)
        if row is None:
            return
        conflicts.dismiss_conflict(self.store, row.id)
        self.changes.deliver_now()

    def dismiss_duplicate(self) -> None:
        row = self._selected(self.duplicate_view, self.duplicate_model)
        if row is None:
            return
        conflicts.dismiss_duplicate(self.store, row.id)
        self.changes.deliver_now()

    # ------------------------------------------------------------------ partners
    def forget_selected(self, *, ask: bool = True) -> bool:
        """Forget the selected partner machine (after asking); ``True`` if it was forgotten."""
        row = self._selected(self.peer_view, self.peer_model)
        if row is None:
            return False
        if ask:
            answer = QMessageBox.question(
                self,
                _("Forget this machine"),
                _(
                    "Forget {name}? Only do this for a machine that is gone for good. Changes it "
                    "has not yet received are then no longer kept for it; should it come back, "
                    "it gets a full export."
                ).format(name=row.name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            name = compact.forget_peer(self.store, row.site_id)
        except LotsenError as error:
            show_error(self, error)
            return False
        self.status.setText(_("{name} was forgotten.").format(name=name))
        self.changes.deliver_now()
        return True

    def can_leave(self) -> bool:
        if self.operation is not None and self.operation in Operation._running:
            QMessageBox.information(
                self, _("Exchange"), _("Please wait until the exchange has finished.")
            )
            return False
        return True
