"""The attendance grid: participants (rows) × sessions (columns), plus totals and the threshold.

Every change goes straight to ``services.courses.set_attendance`` and the grid reloads its cells
and totals from the service afterwards, so what the trainer sees is always what is stored.
Cells show a symbol *and* a colour (never colour alone).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from lotsen_desktop.domain import rules
from lotsen_desktop.domain.vocabulary import AttendanceState
from lotsen_desktop.errors import LotsenError
from lotsen_desktop.i18n import N_, _, format_date_long, format_number
from lotsen_desktop.services import courses
from lotsen_desktop.services.courses import (
    NOT_ENROLLED,
    AttendanceGrid,
    Cell,
    ParticipantRow,
    SessionRow,
)
from lotsen_desktop.services.progress import ModuleProgress
from lotsen_desktop.store.database import Store

Index = QModelIndex | QPersistentModelIndex

PRESENT = AttendanceState.PRESENT.value
EXCUSED = AttendanceState.EXCUSED.value
ABSENT = AttendanceState.ABSENT.value
PARTIAL = AttendanceState.PARTIAL.value

#: Space and a click walk through these states.
CYCLE: dict[str, str | None] = {
    "": PRESENT,
    PRESENT: EXCUSED,
    EXCUSED: ABSENT,
    ABSENT: None,
    PARTIAL: PRESENT,
}

#: symbol, background, foreground of each state (symbols keep the grid readable without colour)
STYLE: dict[str, tuple[str, str, str]] = {
    PRESENT: ("✓", "#cdeccd", "#114d11"),
    EXCUSED: ("E", "#fde9b0", "#5c4300"),
    ABSENT: ("✗", "#f6c9c9", "#7a0010"),
    PARTIAL: ("◐", "#cfe0f6", "#0b3d63"),
    NOT_ENROLLED: ("—", "#e4e4e4", "#7a7a7a"),
    "": ("", "#ffffff", "#000000"),
}
REACHED_STYLE = ("#2e7d32", "#ffffff")
TODAY_BACKGROUND = "#e8f0fe"

WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def state_label(state: str) -> str:
    """German word of a cell state."""
    if state == NOT_ENROLLED:
        return _("not enrolled yet")
    if not state:
        return _("not recorded")
    return AttendanceState(state).label


def clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def person_name(person: ParticipantRow) -> str:
    """The row header: with birth year, place or short id when two participants share a name."""
    return person.distinct_name


class AttendanceGridModel(QAbstractTableModel):
    """One row per participant; one column per session, then attended units and the threshold.

    Signals: ``changed`` after a saved change (other views learn it from the store), ``message`` (text, kind)
    for what the page shows inline ("error", "warning", "info").
    """

    StateRole = Qt.ItemDataRole.UserRole + 1
    MinutesRole = Qt.ItemDataRole.UserRole + 2
    ReachedRole = Qt.ItemDataRole.UserRole + 3

    changed = Signal()
    message = Signal(str, str)

    def __init__(self, store: Store, parent: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.course_id: str | None = None
        self._grid: AttendanceGrid | None = None
        self._people: tuple[ParticipantRow, ...] = ()
        self._sessions: tuple[SessionRow, ...] = ()
        self.today = date.today()
        self.locked = False
        """A finished, locked course: no cell is editable (the service refuses changes too)."""
        self.before_save: Callable[[Sequence[str]], bool] | None = None
        """Asked with the people of a change before it is saved; ``False`` keeps everything."""

    # --- loading ---------------------------------------------------------------------------

    def load(self, course_id: str | None) -> None:
        """Show the grid of a course (``None``: empty)."""
        self.beginResetModel()
        self.course_id = course_id
        self._set_grid(courses.attendance_grid(self.store, course_id) if course_id else None)
        self.endResetModel()

    def set_locked(self, locked: bool) -> None:
        if locked != self.locked:
            self.locked = locked
            self._everything_changed()

    def reload(self) -> None:
        """Fetch cells and totals again; keeps the cursor when rows and columns are the same."""
        if self.course_id is None:
            return
        grid = courses.attendance_grid(self.store, self.course_id)
        same_shape = [p.volunteer_id for p in grid.course.participants] == [
            p.volunteer_id for p in self._people
        ] and [s.id for s in grid.course.sessions] == [s.id for s in self._sessions]
        if not same_shape:
            self.beginResetModel()
            self._set_grid(grid)
            self.endResetModel()
            return
        self._set_grid(grid)
        self._everything_changed()

    def _everything_changed(self) -> None:
        rows, columns = self.rowCount(), self.columnCount()
        if columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)
        if rows:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, rows - 1)
        if rows and columns:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, columns - 1))

    def _set_grid(self, grid: AttendanceGrid | None) -> None:
        self._grid = grid
        self._people = grid.course.participants if grid else ()
        self._sessions = grid.course.sessions if grid else ()

    # --- geometry --------------------------------------------------------------------------

    @property
    def grid(self) -> AttendanceGrid | None:
        return self._grid

    @property
    def session_count(self) -> int:
        return len(self._sessions)

    @property
    def units_column(self) -> int:
        return len(self._sessions)

    @property
    def reached_column(self) -> int:
        return len(self._sessions) + 1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._people)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._grid is None:
            return 0
        return len(self._sessions) + 2

    def is_session_column(self, column: int) -> bool:
        return 0 <= column < len(self._sessions)

    def session_at(self, column: int) -> SessionRow:
        return self._sessions[column]

    def participant_at(self, row: int) -> ParticipantRow:
        return self._people[row]

    def row_of(self, volunteer_id: str) -> int:
        for row, person in enumerate(self._people):
            if person.volunteer_id == volunteer_id:
                return row
        return -1

    def cell(self, row: int, column: int) -> Cell:
        if self._grid is None or not self.is_session_column(column):
            return Cell("")
        return self._grid.cell(self._people[row].volunteer_id, self._sessions[column].id)

    def totals(self, row: int) -> ModuleProgress | None:
        if self._grid is None:
            return None
        return self._grid.totals.get(self._people[row].volunteer_id)

    def is_markable(self, index: Index) -> bool:
        """A session cell of a person enrolled by that day."""
        return (
            index.isValid()
            and self.is_session_column(index.column())
            and self.cell(index.row(), index.column()).state != NOT_ENROLLED
        )

    def default_column(self) -> int:
        """Today's session, else the last one before today, else the first."""
        if not self._sessions:
            return 0
        best = 0
        for column, session in enumerate(self._sessions):
            if session.session_date <= self.today:
                best = column
        return best

    # --- display ---------------------------------------------------------------------------

    def _units(self, minutes: int) -> str:
        unit = self._grid.unit_minutes if self._grid else rules.DEFAULT_UNIT_MINUTES
        return format_number(rules.minutes_to_units(minutes, unit), 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_markable(index) and not self.locked:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._grid is None or not 0 <= index.row() < len(self._people):
            return None
        row, column = index.row(), index.column()
        if self.is_session_column(column):
            return self._session_cell_data(row, column, role)
        if column == self.units_column:
            return self._units_data(row, role)
        if column == self.reached_column:
            return self._reached_data(row, role)
        return None

    def _session_cell_data(self, row: int, column: int, role: int) -> Any:
        cell = self.cell(row, column)
        symbol, background, foreground = STYLE.get(cell.state, STYLE[""])
        if role == Qt.ItemDataRole.DisplayRole:
            if cell.state == PARTIAL and cell.minutes is not None:
                return f"{symbol}{cell.minutes}"
            return symbol
        if role == Qt.ItemDataRole.EditRole:
            if cell.state == PARTIAL and cell.minutes:
                return cell.minutes
            return max(1, self._sessions[column].minutes // 2)
        if role == self.StateRole:
            return cell.state
        if role == self.MinutesRole:
            return cell.minutes
        if role == Qt.ItemDataRole.BackgroundRole:
            if not cell.state and self._sessions[column].session_date == self.today:
                return QBrush(QColor(TODAY_BACKGROUND))
            return QBrush(QColor(background))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(foreground))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and cell.state in (PRESENT, EXCUSED, ABSENT):
            font = QFont()
            font.setBold(True)
            return font
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            session = self._sessions[column]
            person = self._people[row]
            what = state_label(cell.state)
            if cell.state == PARTIAL and cell.minutes is not None:
                what = _("{state}: {minutes} of {total} minutes").format(
                    state=what, minutes=cell.minutes, total=session.minutes
                )
            if cell.state == NOT_ENROLLED:
                what = _("not enrolled yet (enrolled from {date})").format(
                    date=person.enrolled_on.strftime("%d.%m.%Y")
                )
            return (
                f"{person.given_name} {person.family_name}\n{self._session_text(session)}\n{what}"
            )
        return None

    def _units_data(self, row: int, role: int) -> Any:
        total = self.totals(row)
        if total is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{self._units(total.attended_minutes)} / {self._units(total.required_minutes)}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return _(
                "{attended} teaching units attended; {required} needed ({percent} % of {planned} planned)"
            ).format(
                attended=self._units(total.attended_minutes),
                required=self._units(total.required_minutes),
                percent=self._threshold_percent(total),
                planned=self._units(total.planned_minutes),
            )
        return None

    def _threshold_percent(self, total: ModuleProgress) -> int:
        if self._grid is not None:
            return self._grid.course.module.threshold_percent
        return rules.DEFAULT_THRESHOLD_PERCENT

    def _reached_data(self, row: int, role: int) -> Any:
        total = self.totals(row)
        if total is None:
            return None
        if role == self.ReachedRole:
            return total.completed
        if role == Qt.ItemDataRole.DisplayRole:
            if total.completed:
                return "✓ " + _("reached")
            missing = max(0, total.required_minutes - total.attended_minutes)
            return _("{units} UE to go").format(units=self._units(missing))
        if role == Qt.ItemDataRole.BackgroundRole and total.completed:
            return QBrush(QColor(REACHED_STYLE[0]))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(REACHED_STYLE[1] if total.completed else "#555555"))
        if role == Qt.ItemDataRole.FontRole and total.completed:
            font = QFont()
            font.setBold(True)
            return font
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            if total.completed:
                return _("Threshold reached: a participation certificate is possible.")
            return _("Threshold not reached yet: {units} teaching units to go.").format(
                units=self._units(max(0, total.required_minutes - total.attended_minutes))
            )
        return None

    def _session_text(self, session: SessionRow) -> str:
        weekday = _(WEEKDAYS[session.session_date.weekday()])
        day = format_date_long(session.session_date)
        text = f"{weekday}, {day}, {clock(session.start_minute)}–{clock(session.end_minute)}"
        if session.topic:
            text += "\n" + session.topic
        return text

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self._grid is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < len(self._people):
                return None
            person = self._people[section]
            if role == Qt.ItemDataRole.DisplayRole:
                total = self._grid.totals.get(person.volunteer_id)
                mark = " ✓" if total is not None and total.completed else ""
                return person_name(person) + mark
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("{name}, enrolled from {date}").format(
                    name=f"{person.given_name} {person.family_name}",
                    date=person.enrolled_on.strftime("%d.%m.%Y"),
                )
            return None
        if self.is_session_column(section):
            session = self._sessions[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return session.session_date.strftime("%d.%m.")
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("Session {number}: {text}").format(
                    number=section + 1, text=self._session_text(session)
                )
            if role == Qt.ItemDataRole.FontRole and session.session_date == self.today:
                font = QFont()
                font.setBold(True)
                font.setUnderline(True)
                return font
            return None
        if section == self.units_column:
            if role == Qt.ItemDataRole.DisplayRole:
                return _("UE attended / needed")
            if role == Qt.ItemDataRole.ToolTipRole:
                return _(
                    "Teaching units ({minutes} minutes) attended and needed for the module"
                ).format(minutes=self._grid.unit_minutes)
        elif section == self.reached_column:
            if role == Qt.ItemDataRole.DisplayRole:
                return _("Threshold")
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("✓ reached: {percent} % of the planned units attended").format(
                    percent=self._grid.course.module.threshold_percent
                )
        return None

    # --- changes ---------------------------------------------------------------------------

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """An edit of a cell's minutes (the delegate) records partial attendance."""
        if role != Qt.ItemDataRole.EditRole or not self.is_markable(index):
            return False
        try:
            minutes = int(value)
        except (TypeError, ValueError):
            self.message.emit(_("Please enter the minutes as a whole number."), "error")
            return False
        return self.set_state(index, PARTIAL, minutes)

    def set_state(self, index: Index, state: str | None, minutes: int | None = None) -> bool:
        """Save one cell now (``None`` clears it); ``False`` with a message if refused."""
        if not index.isValid() or self.course_id is None:
            return False
        row, column = index.row(), index.column()
        if not self.is_session_column(column):
            return False
        person = self._people[row]
        session = self._sessions[column]
        if self.cell(row, column).state == NOT_ENROLLED:
            self.message.emit(
                _("{name} was not enrolled yet on {date} (enrolled from {enrolled}).").format(
                    name=f"{person.given_name} {person.family_name}",
                    date=session.session_date.strftime("%d.%m.%Y"),
                    enrolled=person.enrolled_on.strftime("%d.%m.%Y"),
                ),
                "warning",
            )
            return False
        if state == PARTIAL and (minutes is None or not 0 < minutes < session.minutes):
            self.message.emit(
                _(
                    "Partly present means between 1 and {max} minutes: the session lasts {total} minutes. Nothing was saved."
                ).format(max=session.minutes - 1, total=session.minutes),
                "error",
            )
            return False
        if not self.locked and self.before_save and not self.before_save([person.volunteer_id]):
            return False
        try:
            with self.store.initiated_by(self):  # shown by the reload below
                courses.set_attendance(
                    self.store,
                    course_id=self.course_id,
                    session_id=session.id,
                    volunteer_ids=[person.volunteer_id],
                    state=state,
                    minutes=minutes if state == PARTIAL else None,
                )
        except LotsenError as error:
            self.message.emit(str(error), "error")
            return False
        self._after_change()
        return True

    def cycle(self, index: Index) -> bool:
        """Next state: empty → present → excused → absent → empty (partial → present)."""
        if not self.is_markable(index):
            return self.set_state(index, PRESENT)  # explains why not
        current = self.cell(index.row(), index.column()).state
        return self.set_state(index, CYCLE.get(current, PRESENT))

    def mark_all_present(self, column: int) -> int:
        """ "Alle anwesend": every enrolled person without a mark yet; existing marks stay."""
        if self.course_id is None or not self.is_session_column(column):
            return 0
        session = self._sessions[column]
        empty = [
            person.volunteer_id
            for row, person in enumerate(self._people)
            if self.cell(row, column).state == ""
        ]
        if not empty:
            self.message.emit(
                _("Everyone enrolled is already recorded for {date}.").format(
                    date=session.session_date.strftime("%d.%m.%Y")
                ),
                "info",
            )
            return 0
        if not self.locked and self.before_save and not self.before_save(empty):
            return 0
        try:
            with self.store.initiated_by(self):  # shown by the reload below
                courses.set_attendance(
                    self.store,
                    course_id=self.course_id,
                    session_id=session.id,
                    volunteer_ids=empty,
                    state=PRESENT,
                )
        except LotsenError as error:
            self.message.emit(str(error), "error")
            return 0
        self._after_change()
        self.message.emit(
            _("{count} marked present on {date}; marks already made were kept.").format(
                count=len(empty), date=session.session_date.strftime("%d.%m.%Y")
            ),
            "info",
        )
        return len(empty)

    def _after_change(self) -> None:
        self.reload()
        self.changed.emit()

    def retranslate(self) -> None:
        self._everything_changed()
