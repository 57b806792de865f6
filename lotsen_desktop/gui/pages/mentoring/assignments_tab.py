"""The "Assignments and log" tab: pick a volunteer, their assignments, the quick entry line of
the log and the hours per month and area."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from lotsen_desktop.domain.vocabulary import Area
from lotsen_desktop.errors import LotsenError
from lotsen_desktop.gui.dialogs.mentoring_dialogs import (
    EditLogEntryDialog,
    EndAssignmentDialog,
    NewAssignmentDialog,
)
from lotsen_desktop.gui.forms.mentoring_assignments_ui import Ui_AssignmentsTab
from lotsen_desktop.gui.models.course_models import VolunteerPickModel
from lotsen_desktop.gui.models.mentoring_models import (
    AssignmentTableModel,
    KmPerPersonModel,
    LogTableModel,
    MonthAreaTotalsModel,
)
from lotsen_desktop.gui.models.paged_model import first_pages
from lotsen_desktop.gui.operations import Loader
from lotsen_desktop.gui.pages.mentoring.common import (
    MentoringTab,
    list_table,
    select_row,
    tab_order,
)
from lotsen_desktop.gui.pages.mentoring.quick_entry import LogQuickEntry
from lotsen_desktop.gui.screen_fit import keep_text_width
from lotsen_desktop.gui.views import feedback
from lotsen_desktop.gui.views.feedback import format_duration, format_hours
from lotsen_desktop.gui.widgets import size_columns_from_samples
from lotsen_desktop.i18n import _, format_number
from lotsen_desktop.services import mentoring, volunteers
from lotsen_desktop.services.mentoring import AssignmentRow, KmTotals
from lotsen_desktop.services.volunteers import VolunteerRow
from lotsen_desktop.store.database import Store

VOLUNTEER_LIMIT = 200

_AssignmentsRead = tuple[list[str], list[AssignmentRow], dict[int, list[AssignmentRow]]]


def _assignments_start(
    store: Store,
    volunteer: VolunteerRow | None,
    sort: str,
    descending: bool,
    wanted: str | None,
    page_size: int,
) -> _AssignmentsRead:
    """The ids of the list, the rows of its first page and of the page ``wanted`` is on (made
    in the worker thread)."""
    ids = mentoring.list_assignment_ids(
        store,
        volunteer_id=volunteer.id if volunteer is not None else None,
        open_only=volunteer is None,
        sort=sort,
        descending=descending,
    )
    first, more = first_pages(
        ids, lambda page: mentoring.assignment_rows(store, page), wanted, page_size
    )
    return ids, first, more


def _fixed_assignment_columns(table: QTableView) -> None:
    """Widths from the font, not from the rows: a date, a few digits, a pseudonym, a name and an
    area; at least the header's title with the sort arrow. The last column takes what is left.

    The areas once stretched instead; at 200 % scaling the fixed columns filled the table and
    squeezed them to a few pixels, where now the table scrolls sideways."""
    samples = {
        AssignmentTableModel.PSEUDONYM: "Familie Mustermann",
        AssignmentTableModel.VOLUNTEER: "Alexandra Mustermann-Li",
        AssignmentTableModel.AREAS: Area.AUTHORITIES.label,  # in the language shown
        AssignmentTableModel.SINCE: "00.00.0000",
        AssignmentTableModel.UNTIL: "00.00.0000",
        AssignmentTableModel.HOURS: "0.000,0",
        AssignmentTableModel.ENTRIES: "0.000",
    }
    size_columns_from_samples(table, samples)
    table.horizontalHeader().setStretchLastSection(True)


class AssignmentsTab(MentoringTab):
    """A volunteer's assignments (or the open ones of all), the log of one and the totals."""

    def __init__(self, store: Store, loader: Loader, parent: QWidget | None = None) -> None:
        super().__init__(store, loader, parent)
        self.ui = Ui_AssignmentsTab()
        self.ui.setupUi(self)
        ui = self.ui
        self.volunteers_label = ui.volunteers_label
        self.volunteer_search = ui.volunteer_search
        self.volunteer_search.settled.connect(lambda _text: self.reload_volunteers())
        self.volunteer_search.returnPressed.connect(self._volunteer_search_enter)
        self.all_button = ui.all_button
        self.all_button.clicked.connect(self.show_all_volunteers)
        self.assignments_label = ui.assignments_label
        self.new_assignment_button = ui.new_assignment_button
        self.new_assignment_button.clicked.connect(self.new_assignment)
        self.end_assignment_button = ui.end_assignment_button
        self.end_assignment_button.clicked.connect(self.end_assignment)
        self.assignment_message = ui.assignment_message
        self.log_label = ui.log_label
        self.delete_log_button = ui.delete_log_button
        self.delete_log_button.clicked.connect(self.delete_log_entry)
        self.edit_log_button = ui.edit_log_button
        self.edit_log_button.clicked.connect(self.edit_log_entry)
        self.log_label.setWordWrap(True)  # a long pseudonym wraps; the buttons keep their text
        keep_text_width(self.edit_log_button, self.delete_log_button)
        self.km_label = ui.km_label
        self.totals_label = ui.totals_label
        self.totals_empty = ui.totals_empty
        self.year = ui.year
        self.year.setValue(date.today().year)
        self.year.valueChanged.connect(lambda _v: self.reload_totals())

        self.volunteer_model = VolunteerPickModel(self)
        self.volunteer_table = list_table(self.volunteer_model)
        for column in (VolunteerPickModel.LANGUAGES, VolunteerPickModel.PHONE):
            self.volunteer_table.hideColumn(column)
        self.volunteer_table.horizontalHeader().setSectionResizeMode(
            VolunteerPickModel.NAME, QHeaderView.ResizeMode.Stretch
        )
        # the status may shorten ("in Qualifi…"), the name not (it was "Al-Hass…" at 1024x768)
        self.volunteer_table.horizontalHeader().setSectionResizeMode(
            VolunteerPickModel.STATUS, QHeaderView.ResizeMode.Interactive
        )
        self.volunteer_table.horizontalHeader().resizeSection(
            VolunteerPickModel.STATUS, self.fontMetrics().averageCharWidth() * 10
        )
        self.volunteer_table.selectionModel().currentRowChanged.connect(
            lambda *_args: self.follow(self.reload_assignments)
        )
        ui.volunteer_table_slot.addWidget(self.volunteer_table)

        # "All open ones" are tens of thousands in a large register: the model holds their ids
        # and reads the rows in view; the columns have fixed widths (no row is read to size one)
        # and a click on a column header reads the ids again in that order.
        self.assignment_model = AssignmentTableModel(
            lambda ids: mentoring.assignment_rows(store, ids), self
        )
        self.assignment_table = list_table(self.assignment_model, sortable=True)
        self.assignment_model.sort_requested.connect(lambda *_args: self.reload_assignments())
        _fixed_assignment_columns(self.assignment_table)
        self.assignment_table.selectionModel().currentRowChanged.connect(
            lambda *_args: self.follow(self.reload_log)
        )
        self.assignment_table.setMaximumHeight(
            self.assignment_table.verticalHeader().defaultSectionSize() * 6
            + self.assignment_table.horizontalHeader().sizeHint().height()
            + 4
        )
        ui.assignment_table_slot.addWidget(self.assignment_table)

        self.quick_entry = LogQuickEntry(store, self.selected_assignment, self)
        self.quick_entry.saved.connect(self.log_saved)
        ui.quick_entry_slot.addWidget(self.quick_entry)

        self.log_model = LogTableModel(self)
        self.log_table = list_table(self.log_model)
        log_header = self.log_table.horizontalHeader()
        log_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        log_header.setSectionResizeMode(LogTableModel.NOTE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((LogTableModel.KIND, 130), (LogTableModel.AREA, 110)):
            log_header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            log_header.resizeSection(column, width)
        delete_action = QAction(self.log_table)
        delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_action.triggered.connect(self.delete_log_entry)
        self.log_table.addAction(delete_action)
        edit_action = QAction(self.log_table)
        edit_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        edit_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        edit_action.triggered.connect(self.edit_log_entry)
        self.log_table.addAction(edit_action)
        self.log_table.doubleClicked.connect(lambda _index: self.edit_log_entry())
        ui.log_table_slot.addWidget(self.log_table)

        self.totals_model = MonthAreaTotalsModel(self)
        self.totals_table = QTableView(self)
        self.totals_table.setModel(self.totals_model)
        self.totals_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.totals_table.setWordWrap(False)
        self.totals_table.verticalHeader().setDefaultSectionSize(
            max(22, self.totals_table.fontMetrics().height() + 6)
        )
        self.totals_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        ui.totals_table_slot.addWidget(self.totals_table)

        self.km_model = KmPerPersonModel(self)
        self.km_table = list_table(self.km_model)
        self.km_table.horizontalHeader().setSectionResizeMode(
            KmPerPersonModel.NAME, QHeaderView.ResizeMode.Stretch
        )
        self.km_table.horizontalHeader().setSectionResizeMode(
            KmPerPersonModel.KM, QHeaderView.ResizeMode.ResizeToContents
        )
        ui.km_table_slot.addWidget(self.km_table)

        entry = self.quick_entry
        tab_order(
            self.volunteer_search,
            self.volunteer_table,
            self.all_button,
            self.new_assignment_button,
            self.end_assignment_button,
            self.assignment_table,
            entry.date,
            entry.duration,
            entry.kind,
            entry.area,
            entry.km,
            entry.note,
            entry.save_button,
            self.log_table,
            self.edit_log_button,
            self.delete_log_button,
            self.year,
            self.totals_table,
            self.km_table,
        )
        ui.lower.setStretchFactor(0, 2)
        ui.lower.setStretchFactor(1, 1)  # the log with its notes gets the room
        ui.splitter.setStretchFactor(0, 1)
        ui.splitter.setStretchFactor(1, 4)
        ui.splitter.setSizes([280, 900])

    def retranslate(self) -> None:
        self.ui.retranslateUi(self)
        self.quick_entry.retranslate()
        for model in (self.assignment_model, self.log_model, self.volunteer_model, self.km_model):
            model.retranslate()
        _fixed_assignment_columns(self.assignment_table)  # the titles may be wider now
        self.totals_model.retranslate()

    def retranslate_data(self) -> None:
        """Texts made from data: show them again in the new language."""
        self._update_assignment_header()
        self.reload_totals()

    def focus_search(self) -> None:
        self.volunteer_search.setFocus()
        self.volunteer_search.selectAll()

    # --- volunteers and assignments --------------------------------------------------------

    def selected_volunteer(self) -> VolunteerRow | None:
        index = self.volunteer_table.currentIndex()
        return self.volunteer_model.row_at(index.row()) if index.isValid() else None

    def reload_volunteers(self, then: Callable[[], None] | None = None) -> None:
        """Search the volunteers in the background; typing goes on meanwhile."""
        self.volunteer_search.cancel()
        store, text = self.store, self.volunteer_search.text()
        self.loader.load(
            "volunteers",
            lambda: volunteers.list_volunteers(
                store, search=text, limit=VOLUNTEER_LIMIT, with_qualification=False
            ),
            lambda rows: self._show_volunteers(rows, then),
            busy=self.volunteer_table,
        )

    def _show_volunteers(self, rows: list[VolunteerRow], then: Callable[[], None] | None) -> None:
        current = self.selected_volunteer()
        self.volunteer_model.set_volunteers(rows, set())
        if current is not None:
            row = next((n for n, r in enumerate(rows) if r.id == current.id), -1)
            with self.reloading():
                select_row(self.volunteer_table, row)
        self.reload_assignments()
        if then is not None:
            then()

    def _volunteer_search_enter(self) -> None:
        def pick_first() -> None:
            if self.volunteer_model.rowCount():
                select_row(self.volunteer_table, 0)
                self.volunteer_table.setFocus()

        self.reload_volunteers(then=pick_first)

    def select_volunteer(self, volunteer_id: str) -> bool:
        """Pick a volunteer in the list (searching for nothing first if needed)."""
        for row in range(self.volunteer_model.rowCount()):
            if self.volunteer_model.row_at(row).id == volunteer_id:
                select_row(self.volunteer_table, row)
                return True
        return False

    def show_all_volunteers(self) -> None:
        with self.reloading():
            self.volunteer_table.selectionModel().clearSelection()
            self.volunteer_table.setCurrentIndex(self.volunteer_model.index(-1, -1))
        self.reload_assignments()

    def selected_assignment(self) -> AssignmentRow | None:
        index = self.assignment_table.currentIndex()
        return self.assignment_model.row_at(index.row()) if index.isValid() else None

    def assignment_order(self) -> tuple[str, bool]:
        """The order the list is in: the sort of the clicked column header, else the newest
        start first (``mentoring.list_assignment_ids``'s sort name, descending)."""
        header = self.assignment_table.horizontalHeader()
        key = AssignmentTableModel.SORT_KEYS.get(header.sortIndicatorSection())
        if key is None:
            return "since", True
        return key, header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    def reload_assignments(self, select_id: str | None = None) -> None:
        """Read the assignments (of the selected volunteer, or all open ones) in the background:
        their ids in the list's order with the first page of rows, and the page of the row
        to select again."""
        store, volunteer = self.store, self.selected_volunteer()
        wanted = select_id or (a.id if (a := self.selected_assignment()) else None)
        sort, descending = self.assignment_order()
        page_size = self.assignment_model.page_size
        self.loader.load(
            "assignments",
            lambda: _assignments_start(store, volunteer, sort, descending, wanted, page_size),
            lambda found: self._show_assignments(found, volunteer, select_id),
            busy=self.assignment_table,
        )
        self.reload_totals()

    def _show_assignments(
        self, found: _AssignmentsRead, volunteer: VolunteerRow | None, select_id: str | None
    ) -> None:
        ids, first, more = found
        current = select_id or (a.id if (a := self.selected_assignment()) else None)
        self.assignment_table.setColumnHidden(AssignmentTableModel.VOLUNTEER, volunteer is not None)
        self.assignment_model.set_ids(ids, first, more)
        row = self.assignment_model.row_of(current) if current else -1
        with self.reloading():
            select_row(self.assignment_table, row if row >= 0 else 0)
        self.new_assignment_button.setEnabled(volunteer is not None)
        self._update_assignment_header()
        self.reload_log()

    def _update_assignment_header(self) -> None:
        volunteer = self.selected_volunteer()
        if volunteer is None:
            text = _("Open assignments of all volunteers")
        else:
            text = _("Assignments of {name}").format(
                name=f"{volunteer.given_name} {volunteer.family_name}"
            )
        if not self.assignment_model.rowCount() and not self.loader.is_loading("assignments"):
            text += " – " + _("none yet")
        self.assignments_label.setText(text)

    def reload_log(self) -> None:
        assignment = self.selected_assignment()
        self.quick_entry.set_assignment(assignment)
        self.end_assignment_button.setEnabled(
            assignment is not None and assignment.ended_on is None
        )
        if assignment is None:
            self.log_model.set_rows([])
            self.log_label.setText(_("Log"))
            self.delete_log_button.setEnabled(False)
            self.edit_log_button.setEnabled(False)
            return
        self.log_model.set_rows(mentoring.list_log_entries(self.store, assignment.id))
        self.log_label.setText(
            _("Log of {pseudonym} ({volunteer})").format(
                pseudonym=assignment.mentee_pseudonym, volunteer=assignment.volunteer_name
            )
        )
        self.delete_log_button.setEnabled(self.log_model.rowCount() > 0)
        self.edit_log_button.setEnabled(self.log_model.rowCount() > 0)

    def reload_totals(self) -> None:
        """Sum the log lines of the year in the background (all volunteers: many lines)."""
        store, volunteer, year = self.store, self.selected_volunteer(), self.year.value()
        self.loader.load(
            "totals",
            lambda: (
                mentoring.totals_by_month_and_area(
                    store, volunteer_id=volunteer.id if volunteer else None, year=year
                ),
                mentoring.km_totals(
                    store, year=year, volunteer_id=volunteer.id if volunteer else None
                ),
            ),
            lambda totals: self._show_totals(*totals, volunteer, year),
            busy=self.totals_table,
        )

    def _show_totals(
        self,
        totals: Mapping[tuple[str, str], int],
        km: KmTotals,
        volunteer: VolunteerRow | None,
        year: int,
    ) -> None:
        self.totals_model.set_totals(totals, km.by_month)
        self.km_model.set_totals(km)
        self.km_label.setText(
            _("Kilometres per person in {year}: {km} km").format(
                year=year, km=format_number(km.total, 1)
            )
        )
        who = (
            f"{volunteer.given_name} {volunteer.family_name}" if volunteer else _("all volunteers")
        )
        self.totals_label.setText(
            _("Hours per month and area – {who}: {hours} h").format(
                who=who, hours=format_hours(self.totals_model.total_minutes())
            )
        )
        empty = not totals and not km.by_month
        self.totals_empty.setText(_("No log lines in {year}.").format(year=year))
        self.totals_empty.setVisible(empty)

    def log_saved(self, assignment: AssignmentRow) -> None:
        """After the quick entry saved a line: lists and totals follow at once."""
        self.reload_assignments(select_id=assignment.id)
        self.changes_shown.emit()

    def new_assignment(self) -> None:
        volunteer = self.selected_volunteer()
        if volunteer is None:
            self.assignment_message.show_warning(_("Please pick a volunteer on the left first."))
            return
        dialog = NewAssignmentDialog(
            self.store, volunteer.id, f"{volunteer.given_name} {volunteer.family_name}", self
        )
        dialog.accepted.connect(lambda: self._assignment_added(dialog))
        self.open_dialog(dialog)

    def _assignment_added(self, dialog: NewAssignmentDialog) -> None:
        self.reload_assignments(select_id=dialog.assignment_id)
        self.assignment_message.show_info(_("Assignment started. Record its contacts below."))
        self.quick_entry.date.setFocus()
        self.changes_shown.emit()

    def end_assignment(self) -> None:
        assignment = self.selected_assignment()
        if assignment is None:
            return
        dialog = EndAssignmentDialog(self.store, assignment.id, self)
        dialog.accepted.connect(lambda: self._assignment_ended(assignment))
        self.open_dialog(dialog)

    def _assignment_ended(self, assignment: AssignmentRow) -> None:
        self.reload_assignments(select_id=assignment.id)
        self.assignment_message.show_info(
            _("The assignment of {pseudonym} was ended.").format(
                pseudonym=assignment.mentee_pseudonym
            )
        )
        self.changes_shown.emit()

    def edit_log_entry(self) -> None:
        """Open the selected log line to change it (its earlier values are kept)."""
        index = self.log_table.currentIndex()
        assignment = self.selected_assignment()
        if not index.isValid() or assignment is None:
            return
        dialog = EditLogEntryDialog(self.store, self.log_model.row_at(index.row()), self)
        dialog.accepted.connect(lambda: self._log_edited(dialog, assignment))
        self.open_dialog(dialog)

    def _log_edited(self, dialog: EditLogEntryDialog, assignment: AssignmentRow) -> None:
        if not dialog.changed:
            self.assignment_message.show_info(_("Nothing was changed."))
            return
        self.reload_assignments(select_id=assignment.id)
        self.assignment_message.show_info(_("Log line changed; its earlier values are kept."))
        self.changes_shown.emit()

    def delete_log_entry(self) -> None:
        index = self.log_table.currentIndex()
        assignment = self.selected_assignment()
        if not index.isValid() or assignment is None:
            return
        entry = self.log_model.row_at(index.row())
        if not feedback.confirm(
            self,
            _("Delete line"),
            _("Delete the log line of {date} ({duration} h)?").format(
                date=entry.entry_date.strftime("%d.%m.%Y"), duration=format_duration(entry.minutes)
            ),
        ):
            return
        try:
            mentoring.delete_log_entry(self.store, entry.id)
        except LotsenError as error:
            self.assignment_message.show_error(str(error))
            return
        self.reload_assignments(select_id=assignment.id)
        self.assignment_message.show_info(_("Log line deleted."))
        self.changes_shown.emit()
