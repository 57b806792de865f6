"""Table models of the courses page: course list, sessions, participants, volunteers to enrol.

All are ``RowsTableModel`` subclasses over service rows (no SQL here), except the course list:
it holds ids and reads rows page by page (``IdPagedTableModel``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from lotsen_desktop.domain import rules
from lotsen_desktop.domain.names import sort_key
from lotsen_desktop.domain.vocabulary import ModuleKind, VolunteerStatus
from lotsen_desktop.gui.models.paged_model import Fetch, IdPagedTableModel
from lotsen_desktop.gui.models.rows_model import Index, RowsTableModel
from lotsen_desktop.i18n import N_, _, format_number
from lotsen_desktop.services.courses import CourseRow, ParticipantRow, SessionRow
from lotsen_desktop.services.progress import ModuleProgress
from lotsen_desktop.services.volunteers import VolunteerRow

WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _label(enum: Any, value: str) -> str:
    try:
        return str(enum(value).label)
    except ValueError:
        return value


def period(first: Any, last: Any) -> str:
    if first is None:
        return ""
    if last is None or last == first:
        return first.strftime("%d.%m.%Y")
    return f"{first.strftime('%d.%m.%Y')} – {last.strftime('%d.%m.%Y')}"


class CourseListModel(IdPagedTableModel[CourseRow]):
    """The courses, newest first: thousands at a large office, so the model holds their ids
    (``courses.list_course_ids``, sorted in SQL) and reads the rows a view paints
    (``courses.course_rows``) 100 at a time; see ``IdPagedTableModel``."""

    TITLE, STATE, MODULE, PERIOD, PLACE, TRAINERS, SESSIONS, PARTICIPANTS = range(8)
    HEADERS = (
        N_("Course"),
        N_("State"),
        N_("Module kind"),
        N_("Period"),
        N_("Place"),
        N_("Trainers"),
        N_("Sessions"),
        N_("Participants"),
    )
    RIGHT_ALIGNED = (SESSIONS, PARTICIPANTS)
    SORT_KEYS: ClassVar[dict[int, str]] = {
        TITLE: "title",
        STATE: "state",
        MODULE: "kind",
        PERIOD: "period",
        PLACE: "place",
        TRAINERS: "trainers",
        SESSIONS: "sessions",
        PARTICIPANTS: "participants",
    }

    def __init__(self, fetch: Fetch | None = None, parent: Any = None, **kwargs: Any) -> None:
        super().__init__(fetch, parent, **kwargs)
        self.today = date.today()

    def state(self, row: CourseRow) -> str:
        """``running``, ``planned``, ``finished`` or ``""`` (no sessions)."""
        if row.first_date is None or row.last_date is None:
            return ""
        if row.first_date > self.today:
            return "planned"
        return "finished" if row.last_date < self.today else "running"

    def cell(self, row: CourseRow, column: int, role: int) -> Any:
        state = self.state(row)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TITLE:
                return row.title
            if column == self.STATE:
                if row.locked:
                    return "🔒 " + _("finished, locked")
                return {
                    "running": "▶ " + _("running"),
                    "planned": _("planned"),
                    "finished": _("finished"),
                }.get(state, _("no sessions"))
            if column == self.MODULE:
                return _label(ModuleKind, row.kind)
            if column == self.PERIOD:
                return period(row.first_date, row.last_date)
            if column == self.PLACE:
                return row.place
            if column == self.TRAINERS:
                return row.trainers
            if column == self.SESSIONS:
                return row.sessions
            if column == self.PARTICIPANTS:
                return row.participants
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TITLE:
            return _("Enter or double-click opens the course with its attendance grid")
        if role == Qt.ItemDataRole.ToolTipRole and column == self.MODULE:
            return row.module_title
        if role == Qt.ItemDataRole.FontRole and state == "running":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and state == "finished":
            return QBrush(QColor("#555555"))
        return None


class SessionTableModel(RowsTableModel[SessionRow]):
    """The sessions (Termine) of one course in date order."""

    NUMBER, DATE, TIME, LENGTH, TOPIC = range(5)
    HEADERS = (N_("No."), N_("Date"), N_("Time"), N_("Length"), N_("Topic"))
    RIGHT_ALIGNED = (NUMBER, LENGTH)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.unit_minutes = rules.DEFAULT_UNIT_MINUTES

    def set_sessions(self, sessions: Sequence[SessionRow], unit_minutes: int) -> None:
        self.unit_minutes = unit_minutes
        self.set_rows(sessions)

    def cell(self, row: SessionRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NUMBER:
                return self._rows.index(row) + 1
            if column == self.DATE:
                return "{weekday}, {date}".format(
                    weekday=_(WEEKDAYS[row.session_date.weekday()]),
                    date=row.session_date.strftime("%d.%m.%Y"),
                )
            if column == self.TIME:
                return f"{clock(row.start_minute)}–{clock(row.end_minute)}"
            if column == self.LENGTH:
                return _("{units} UE").format(
                    units=format_number(rules.minutes_to_units(row.minutes, self.unit_minutes), 1)
                )
            if column == self.TOPIC:
                return row.topic
        return None

    def sort_value(self, row: SessionRow, column: int) -> Any:
        if column in (self.NUMBER, self.DATE, self.TIME):
            return (row.session_date.toordinal(), row.start_minute)
        if column == self.LENGTH:
            return row.minutes
        return super().sort_value(row, column)


class ParticipantTableModel(RowsTableModel[ParticipantRow]):
    """The people enrolled in a course with their standing."""

    NAME, ENROLLED, UNITS, REACHED = range(4)
    HEADERS = (N_("Name"), N_("Enrolled from"), N_("UE attended / needed"), N_("Threshold"))
    RIGHT_ALIGNED = (UNITS,)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.totals: dict[str, ModuleProgress] = {}
        self.unit_minutes = rules.DEFAULT_UNIT_MINUTES

    def set_participants(
        self,
        participants: Sequence[ParticipantRow],
        totals: dict[str, ModuleProgress],
        unit_minutes: int,
    ) -> None:
        self.totals = dict(totals)
        self.unit_minutes = unit_minutes
        self.set_rows(participants)

    def _units(self, minutes: int) -> str:
        return format_number(rules.minutes_to_units(minutes, self.unit_minutes), 1)

    def cell(self, row: ParticipantRow, column: int, role: int) -> Any:
        total = self.totals.get(row.volunteer_id)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return row.distinct_name
            if column == self.ENROLLED:
                return row.enrolled_on.strftime("%d.%m.%Y")
            if column == self.UNITS and total is not None:
                return (
                    f"{self._units(total.attended_minutes)} / {self._units(total.required_minutes)}"
                )
            if column == self.REACHED and total is not None:
                if total.completed:
                    return "✓ " + _("reached")
                missing = max(0, total.required_minutes - total.attended_minutes)
                return _("{units} UE to go").format(units=self._units(missing))
        if (
            role == Qt.ItemDataRole.BackgroundRole
            and column == self.REACHED
            and total is not None
            and total.completed
        ):
            return QBrush(QColor("#cdeccd"))
        return None

    def sort_value(self, row: ParticipantRow, column: int) -> Any:
        if column == self.NAME:
            return sort_key(row.family_name, row.given_name)
        if column == self.ENROLLED:
            return row.enrolled_on.toordinal()
        total = self.totals.get(row.volunteer_id)
        if column in (self.UNITS, self.REACHED):
            return total.attended_minutes if total else 0
        return super().sort_value(row, column)


class VolunteerPickModel(RowsTableModel[VolunteerRow]):
    """Search results to pick participants from; people already in the course are greyed."""

    NAME, STATUS, LANGUAGES, PHONE = range(4)
    HEADERS = (N_("Name"), N_("Status"), N_("Languages"), N_("Phone"))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.enrolled: set[str] = set()

    def set_volunteers(self, rows: Sequence[VolunteerRow], enrolled: set[str]) -> None:
        self.enrolled = set(enrolled)
        self.set_rows(rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].id in self.enrolled:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def cell(self, row: VolunteerRow, column: int, role: int) -> Any:
        already = row.id in self.enrolled
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                name = row.distinct_name
                return name + " (" + _("already enrolled") + ")" if already else name
            if column == self.STATUS:
                return _label(VolunteerStatus, row.status)
            if column == self.LANGUAGES:
                return row.languages
            if column == self.PHONE:
                return row.phone
        if role == Qt.ItemDataRole.ForegroundRole and already:
            return QBrush(QColor("#808080"))
        if role == Qt.ItemDataRole.ToolTipRole:
            # The whole name with its detail: a narrow picker cuts "Ahmadi, Arash (2002, #00…"
            # where the short id tells two namesakes of one year apart.
            lines = [row.distinct_name] if column == self.NAME else []
            if already:
                lines.append(_("Already enrolled in this course"))
            return "\n".join(lines) or None
        return None

    def sort_value(self, row: VolunteerRow, column: int) -> Any:
        if column == self.NAME:
            return sort_key(row.family_name, row.given_name)
        return super().sort_value(row, column)
