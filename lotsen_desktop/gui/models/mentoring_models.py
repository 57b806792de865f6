"""Table models of the mentoring page (Begleitung): requests, suggestions, offers, assignments,
log lines and the totals per month and area. Plain models over service rows; no SQL here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from lotsen_desktop.domain.vocabulary import (
    Area,
    ContactKind,
    MeetingKind,
    OfferResponse,
    RequestStatus,
)
from lotsen_desktop.gui.models.paged_model import IdPagedTableModel
from lotsen_desktop.gui.models.rows_model import RowsTableModel
from lotsen_desktop.gui.views.feedback import format_duration, format_hours
from lotsen_desktop.i18n import N_, _, format_local_time, format_number, ngettext
from lotsen_desktop.services.mentoring import (
    AssignmentRow,
    KmTotals,
    LogChangeRow,
    LogRow,
    MeetingRow,
    OfferRow,
    RequestRow,
    Suggestion,
)

Index = QModelIndex | QPersistentModelIndex

MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


def label(enum: Any, value: str) -> str:
    try:
        return str(enum(value).label)
    except ValueError:
        return value


def area_labels(areas: str) -> str:
    return ", ".join(label(Area, a) for a in Area.in_order(a for a in areas.split(",") if a))


def short_date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


class RequestTableModel(RowsTableModel[RequestRow]):
    """Einsatzanfragen, newest first."""

    RECEIVED, INSTITUTION, AREA, LANGUAGES, STATUS = range(5)
    HEADERS = (N_("Received"), N_("Institution"), N_("Area"), N_("Languages"), N_("Status"))

    def cell(self, row: RequestRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.RECEIVED:
                return short_date(row.received_on)
            if column == self.INSTITUTION:
                return row.institution
            if column == self.AREA:
                return label(Area, row.area)
            if column == self.LANGUAGES:
                return row.languages_needed
            if column == self.STATUS:
                return label(RequestStatus, row.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [row.institution]
            if row.contact:
                parts.append(_("Contact: {contact}").format(contact=row.contact))
            if row.timing:
                parts.append(_("When: {timing}").format(timing=row.timing))
            if row.description:
                parts.append(row.description)
            return "\n".join(parts)
        if role == Qt.ItemDataRole.BackgroundRole and column == self.STATUS:
            colour = {
                RequestStatus.OPEN.value: "#fde9b0",
                RequestStatus.DECLINED.value: "#f6c9c9",
                RequestStatus.ACCEPTED.value: "#cdeccd",
            }.get(row.status)
            return QBrush(QColor(colour)) if colour else None
        return None

    def sort_value(self, row: RequestRow, column: int) -> Any:
        if column == self.RECEIVED:
            return row.received_on.toordinal()
        return super().sort_value(row, column)

    def row_of(self, request_id: str) -> int:
        return next((n for n, r in enumerate(self._rows) if r.id == request_id), -1)


class SuggestionTableModel(RowsTableModel[Suggestion]):
    """Volunteers who fit a request, with the reasons (languages, area, time, load)."""

    NAME, LANGUAGES, AREA, AVAILABILITY, LOAD = range(5)
    HEADERS = (
        N_("Name"),
        N_("Matching languages"),
        N_("Area fits"),
        N_("Availability"),
        N_("Open assignments"),
    )
    TOOLTIPS = (
        "",
        N_("Languages of the person that the request asks for"),
        N_("The request's area is among the person's interests"),
        N_("When the person said they have time"),
        N_("How many assignments the person has now (fewer ranks higher)"),
    )
    RIGHT_ALIGNED = (LOAD,)

    def cell(self, row: Suggestion, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return row.distinct_name
            if column == self.LANGUAGES:
                return ", ".join(row.matching_languages) or "–"
            if column == self.AREA:
                return ("✓ " + _("yes")) if row.matching_area else "–"
            if column == self.AVAILABILITY:
                return row.availability or "–"
            if column == self.LOAD:
                return row.open_assignments
        if role == Qt.ItemDataRole.ToolTipRole:
            why = _("Why suggested: {reasons}").format(reasons=self.reasons(row))
            # the whole name first: at 1024 px a common name's short id is cut in the column
            return f"{row.distinct_name}\n{why}" if column == self.NAME else why
        return None

    @staticmethod
    def reasons(row: Suggestion) -> str:
        parts = []
        if row.matching_languages:
            parts.append(
                _("speaks {languages}").format(languages=", ".join(row.matching_languages))
            )
        if row.matching_area:
            parts.append(_("interested in this area"))
        if row.availability:
            parts.append(_("available: {when}").format(when=row.availability))
        parts.append(
            _("{count} open assignments").format(count=row.open_assignments)
            if row.open_assignments != 1
            else _("1 open assignment")
        )
        return "; ".join(parts)


class OfferTableModel(RowsTableModel[OfferRow]):
    """To whom a request was offered, and their answer."""

    NAME, OFFERED, RESPONSE = range(3)
    HEADERS = (N_("Offered to"), N_("On"), N_("Answer"))

    def cell(self, row: OfferRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return row.distinct_name
            if column == self.OFFERED:
                return short_date(row.offered_on)
            if column == self.RESPONSE:
                symbol = {
                    OfferResponse.ACCEPTED.value: "✓ ",
                    OfferResponse.DECLINED.value: "✗ ",
                }.get(row.response, "… ")
                return symbol + label(OfferResponse, row.response)
        if role == Qt.ItemDataRole.BackgroundRole and column == self.RESPONSE:
            colour = {
                OfferResponse.ACCEPTED.value: "#cdeccd",
                OfferResponse.DECLINED.value: "#f6c9c9",
            }.get(row.response)
            return QBrush(QColor(colour)) if colour else None
        return None


class AssignmentTableModel(IdPagedTableModel[AssignmentRow]):
    """Begleitungen: mentee by pseudonym only, with time logged.

    "All open ones" are tens of thousands in a large register: the model holds the ids
    (``mentoring.list_assignment_ids``, sorted in SQL) and reads the rows a view paints
    (``mentoring.assignment_rows``) 100 at a time; see ``IdPagedTableModel``.
    """

    PSEUDONYM, VOLUNTEER, AREAS, SINCE, UNTIL, HOURS, ENTRIES = range(7)
    HEADERS = (
        N_("Mentee (pseudonym)"),
        N_("Volunteer"),
        N_("Areas"),
        N_("Since"),
        N_("Until"),
        N_("Hours"),
        N_("Entries"),
    )
    RIGHT_ALIGNED = (HOURS, ENTRIES)
    SORT_KEYS: ClassVar[dict[int, str]] = {
        PSEUDONYM: "pseudonym",
        VOLUNTEER: "volunteer",
        AREAS: "areas",
        SINCE: "since",
        UNTIL: "until",
        HOURS: "hours",
        ENTRIES: "entries",
    }

    def cell(self, row: AssignmentRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.PSEUDONYM:
                return row.mentee_pseudonym
            if column == self.VOLUNTEER:
                return row.distinct_name
            if column == self.AREAS:
                return area_labels(row.areas)
            if column == self.SINCE:
                return short_date(row.started_on)
            if column == self.UNTIL:
                return short_date(row.ended_on) or _("ongoing")
            if column == self.HOURS:
                return format_hours(row.total_minutes)
            if column == self.ENTRIES:
                return row.entries
        if role == Qt.ItemDataRole.ToolTipRole and column == self.VOLUNTEER:
            return row.distinct_name  # whole, where the column cuts the namesake's short id
        if role == Qt.ItemDataRole.ForegroundRole and row.ended_on is not None:
            return QBrush(QColor("#707070"))
        return None


class LogTableModel(RowsTableModel[LogRow]):
    """The log lines (Einsatzprotokoll) of one assignment, newest first."""

    DATE, DURATION, KIND, AREA, NOTE, KM = range(6)
    HEADERS = (N_("Date"), N_("Duration"), N_("Kind"), N_("Area"), N_("Note"), N_("km"))
    RIGHT_ALIGNED = (DURATION, KM)

    def cell(self, row: LogRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.DATE:
                return short_date(row.entry_date)
            if column == self.DURATION:
                return format_duration(row.minutes)
            if column == self.KIND:
                return label(ContactKind, row.kind)
            if column == self.AREA:
                return label(Area, row.area)
            if column == self.NOTE:
                return row.note
            if column == self.KM:
                return format_number(row.km, 1) if row.km else ""
        if role == Qt.ItemDataRole.ToolTipRole and column == self.DATE and row.edits:
            return ngettext("Edited once", "Edited {n} times", row.edits).format(n=row.edits)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NOTE and row.note:
            return row.note
        if role == Qt.ItemDataRole.FontRole and column == self.DATE and row.edits:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def sort_value(self, row: LogRow, column: int) -> Any:
        if column == self.DATE:
            return row.entry_date.toordinal()
        if column == self.DURATION:
            return row.minutes
        if column == self.KM:
            return row.km
        return super().sort_value(row, column)


class MeetingTableModel(RowsTableModel[MeetingRow]):
    """Reflexions- and Austauschtreffen, Supervision: how the office accompanies its volunteers."""

    DATE, KIND, TOPIC, ATTENDEES = range(4)
    HEADERS = (N_("Date"), N_("Kind"), N_("Topic"), N_("Participants"))
    RIGHT_ALIGNED = (ATTENDEES,)

    def cell(self, row: MeetingRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.DATE:
                return short_date(row.held_on)
            if column == self.KIND:
                return label(MeetingKind, row.kind)
            if column == self.TOPIC:
                return row.topic
            if column == self.ATTENDEES:
                return row.attendees
        return None

    def sort_value(self, row: MeetingRow, column: int) -> Any:
        if column == self.DATE:
            return row.held_on.toordinal()
        return super().sort_value(row, column)


class LogChangeTableModel(RowsTableModel[LogChangeRow]):
    """The earlier values of one log line: who changed it, when, and what it said before."""

    CHANGED_AT, CHANGED_BY, DATE, DURATION, KIND, AREA, KM, NOTE = range(8)
    HEADERS = (
        N_("Changed at"),
        N_("By"),
        N_("Date"),
        N_("Duration"),
        N_("Kind"),
        N_("Area"),
        N_("km"),
        N_("Note"),
    )
    RIGHT_ALIGNED = (DURATION, KM)

    def cell(self, row: LogChangeRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.CHANGED_AT:
                return format_local_time(row.changed_at)
            if column == self.CHANGED_BY:
                return row.changed_by
            if column == self.DATE:
                return short_date(row.entry_date)
            if column == self.DURATION:
                return format_duration(row.minutes)
            if column == self.KIND:
                return label(ContactKind, row.kind)
            if column == self.AREA:
                return label(Area, row.area)
            if column == self.KM:
                return format_number(row.km, 1) if row.km else ""
            if column == self.NOTE:
                return row.note
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NOTE and row.note:
            return row.note
        return None


class KmPerPersonModel(RowsTableModel[tuple[str, str, float]]):
    """Kilometres of a year per volunteer (for travel expenses), with a total row."""

    NAME, KM = range(2)
    HEADERS = (N_("Volunteer"), N_("km"))
    RIGHT_ALIGNED = (KM,)

    def set_totals(self, totals: KmTotals) -> None:
        rows = list(totals.by_volunteer)
        if len(rows) > 1:
            rows.append(("", _("Total"), totals.total))
        self.set_rows(rows)

    def cell(self, row: tuple[str, str, float], column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return row[1] if column == self.NAME else format_number(row[2], 1)
        if role == Qt.ItemDataRole.FontRole and not row[0]:
            font = QFont()
            font.setBold(True)
            return font
        return None


class MonthAreaTotalsModel(QAbstractTableModel):
    """Hours per month (rows) and area (columns), with a total column and a total row."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._months: list[str] = []
        self._areas: list[str] = []
        self._minutes: dict[tuple[str, str], int] = {}
        self._km: dict[str, float] = {}

    def set_totals(
        self, totals: Mapping[tuple[str, str], int], km: Mapping[str, float] | None = None
    ) -> None:
        """Minutes per (month, area) and, in a last column, kilometres per month."""
        self.beginResetModel()
        self._minutes = dict(totals)
        self._km = dict(km or {})
        self._months = sorted({month for month, _area in totals} | set(self._km))
        order = [a.value for a in Area]
        areas = {area for _month, area in totals}
        self._areas = sorted(areas, key=lambda a: (order.index(a) if a in order else 99, a))
        self.endResetModel()

    def months(self) -> Sequence[str]:
        return list(self._months)

    def total_minutes(self) -> int:
        return sum(self._minutes.values())

    def km_column(self) -> int:
        return len(self._areas) + 1

    def _km_value(self, row: int) -> float:
        months = self._months if row == len(self._months) else [self._months[row]]
        return round(sum(self._km.get(m, 0.0) for m in months), 1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or not self._months:
            return 0
        return len(self._months) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._areas) + 2

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _value(self, row: int, column: int) -> int:
        months = self._months if row == len(self._months) else [self._months[row]]
        areas = self._areas if column == len(self._areas) else [self._areas[column]]
        return sum(self._minutes.get((m, a), 0) for m in months for a in areas)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self.rowCount():
            return None
        row, column = index.row(), index.column()
        is_total = row == len(self._months) or column == len(self._areas)
        if column == self.km_column():
            km = self._km_value(row)
            if role == Qt.ItemDataRole.DisplayRole:
                return format_number(km, 1) if km else ""
            if role == Qt.ItemDataRole.UserRole:
                return km
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("{km} km driven").format(km=format_number(km, 1))
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            minutes = self._value(row, column)
            return format_hours(minutes) if minutes else ""
        if role == Qt.ItemDataRole.UserRole:
            return self._value(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and is_total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("{hours} hours").format(hours=format_hours(self._value(row, column)))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section == self.km_column():
                return _("km")
            if section == len(self._areas):
                return _("Total")
            if 0 <= section < len(self._areas):
                return label(Area, self._areas[section])
            return None
        if section == len(self._months) and self._months:
            return _("Total")
        if 0 <= section < len(self._months):
            year, month = self._months[section].split("-")
            return _(MONTHS[int(month) - 1]) + " " + year
        return None

    def retranslate(self) -> None:
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self.rowCount():
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, self.rowCount() - 1)
