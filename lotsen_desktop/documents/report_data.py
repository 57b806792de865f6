"""The funding report as plain data: figures of a period and their presentation as tables.

``services.reports`` computes the figures; the page, the PDF and the workbook show the same
``report_tables``. Hiding small counts ("< 3") happens here, in presentation, never in the
numbers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

from lotsen_desktop.documents.data import OfficeInfo
from lotsen_desktop.domain import rules
from lotsen_desktop.domain.vocabulary import (
    Area,
    ContactKind,
    MeetingKind,
    ModuleKind,
    RequestStatus,
    TitleForm,
    VolunteerStatus,
)
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.i18n import N_, _, format_date_short, format_number, gettext, locale

SMALL_COUNT_LIMIT = 3
"""Counts of people from 1 to ``SMALL_COUNT_LIMIT - 1`` are shown as "< 3" when masking is on."""
MASK_SETTING = "reports.mask_small_counts"
"""Local setting: mask small counts on the page too ("1" or "0"); exported files mask by default."""

AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("under_25", 0, 24),
    ("25_34", 25, 34),
    ("35_44", 35, 44),
    ("45_54", 45, 54),
    ("55_64", 55, 64),
    ("65_plus", 65, 200),
)
UNKNOWN = "unknown"
PLACED_STATUSES = (RequestStatus.ACCEPTED.value, RequestStatus.CLOSED.value)
OPEN_STATUSES = (RequestStatus.OPEN.value, RequestStatus.OFFERED.value)
IN_PROGRAMME = (
    VolunteerStatus.IN_QUALIFICATION.value,
    VolunteerStatus.QUALIFIED.value,
    VolunteerStatus.ACTIVE.value,
    VolunteerStatus.PAUSED.value,
)
"""Statuses of the people the breakdowns describe: in the programme at the end of the period."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    def check(self) -> Period:
        if self.start > self.end:
            raise ValidationError(
                _("The period must not end before it starts ({start} – {end}).").format(
                    start=format_date_short(self.start), end=format_date_short(self.end)
                ),
                field="to",
            )
        return self


@dataclass(frozen=True)
class CourseFigures:
    """One Maßnahme: a course with at least one session in the period."""

    course_id: str
    title: str
    module_code: str
    module_title: str
    module_kind: str
    place: str
    trainers: str
    first_date: date | None
    last_date: date | None
    sessions: int
    """Sessions in the period held by the report's day (not later)."""
    minutes_held: int
    planned_minutes: int
    enrolled: int
    attended_any: int
    completed: int
    attendance_percent: float | None
    """Sessions attended (present or partly) of those held since each participant enrolled."""


@dataclass(frozen=True)
class Count:
    """One line of a breakdown: a code (or a language name) and how many people."""

    key: str
    count: int


@dataclass(frozen=True)
class PeopleFigures:
    newly_qualified: int
    active_at_end: int
    in_programme_at_end: int
    by_status: tuple[Count, ...]
    by_title_form: tuple[Count, ...]
    by_age_band: tuple[Count, ...]
    by_migration: tuple[Count, ...]
    by_language: tuple[Count, ...]


@dataclass(frozen=True)
class HoursLine:
    """Contacts, minutes (clock time) and km of mentoring for one area or kind of contact."""

    key: str
    contacts: int
    minutes: int
    km: float


@dataclass(frozen=True)
class MentoringFigures:
    requests_received: int
    requests_placed: int
    requests_open: int
    requests_declined: int
    assignments_started: int
    assignments_ended: int
    assignments_running_at_end: int
    volunteers_with_contacts: int
    contacts: int
    minutes: int
    km: float
    by_area: tuple[HoursLine, ...]
    by_kind: tuple[HoursLine, ...]
    by_month: tuple[HoursLine, ...] = ()  # key "YYYY-MM", every month of the period


@dataclass(frozen=True)
class MeetingLine:
    key: str
    meetings: int
    attendances: int


@dataclass(frozen=True)
class ReflectionFigures:
    meetings: int
    attendances: int
    distinct_attendees: int
    by_kind: tuple[MeetingLine, ...]


@dataclass(frozen=True)
class Report:
    period: Period
    created_on: date
    office: OfficeInfo
    unit_minutes: int
    courses: tuple[CourseFigures, ...]
    people: PeopleFigures
    mentoring: MentoringFigures
    reflection: ReflectionFigures

    @property
    def sessions(self) -> int:
        return sum(c.sessions for c in self.courses)

    @property
    def minutes_held(self) -> int:
        return sum(c.minutes_held for c in self.courses)

    @property
    def units_held(self) -> float:
        return rules.minutes_to_units(self.minutes_held, self.unit_minutes)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (dates stay dates for the caller's encoder); units added where useful."""
        data = asdict(self)
        for course, figures in zip(data["courses"], self.courses, strict=True):
            course["units_held"] = round(
                rules.minutes_to_units(figures.minutes_held, self.unit_minutes), 2
            )
            course["planned_units"] = round(
                rules.minutes_to_units(figures.planned_minutes, self.unit_minutes), 2
            )
        data["totals"] = {
            "courses": len(self.courses),
            "sessions": self.sessions,
            "units_held": round(self.units_held, 2),
        }
        data["mentoring"]["hours"] = round(self.mentoring.minutes / 60, 2)
        return data


# --- presentation: tables with typed cells ----------------------------------------------------

TEXT = "text"
COUNT = "count"
"""A number of people: masked as "< 3" when small."""
NUMBER = "number"
UNITS = "units"
HOURS = "hours"
KM = "km"
PERCENT = "percent"
DATE = "date"


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT


@dataclass(frozen=True)
class ReportTable:
    """A titled table of typed values (numbers stay numbers) for the page, the PDF and XLSX.

    ``kinds`` optionally gives a kind per cell (a table of facts mixes counts and hours).
    """

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    kinds: tuple[tuple[str, ...], ...] | None = None
    chart: tuple[int, int] | None = None
    """(label column, value column) worth a bar chart."""
    note: str = ""
    total_row: bool = False

    def kind(self, row: int, column: int) -> str:
        if self.kinds is not None:
            return self.kinds[row][column]
        return self.columns[column].kind


@dataclass(frozen=True)
class Masked:
    """A small count hidden from view; ``str()`` is what is printed."""

    text: str = field(default="< 3")

    def __str__(self) -> str:
        return self.text


def masked(value: Any, kind: str, mask_small: bool) -> Any:
    """The value to present: a ``Masked`` for a count of 1 or 2 people when masking is on."""
    if mask_small and kind == COUNT and isinstance(value, int) and 0 < value < SMALL_COUNT_LIMIT:
        return Masked(f"< {SMALL_COUNT_LIMIT}")
    return value


def display(value: Any, kind: str, mask_small: bool = False) -> str:
    """A cell as text in the current language (German: ``1.234,5``, ``24.11.2026``)."""
    value = masked(value, kind, mask_small)
    if value is None:
        return ""
    if isinstance(value, Masked):
        return str(value)
    if kind == DATE and isinstance(value, date):
        return format_date_short(value)
    if kind in (UNITS, HOURS, KM, PERCENT) and isinstance(value, (int, float)):
        text = format_decimal(float(value), format="#,##0.0", locale=locale())
        return text + " %" if kind == PERCENT else text
    if kind in (COUNT, NUMBER) and isinstance(value, (int, float)):
        return format_number(value, 0)
    return str(value)


def _month_label(key: str) -> str:
    """``November 2026`` for ``2026-11``."""
    year, month = key.split("-")
    return format_date(date(int(year), int(month), 1), "LLLL yyyy", locale=locale())


def _label(enum: Any, code: str) -> str:
    try:
        return str(enum(code).label)
    except ValueError:
        return code


def _status_label(code: str) -> str:
    return _label(VolunteerStatus, code)


def _age_label(key: str) -> str:
    labels = {
        "under_25": _("under 25"),
        "25_34": "25–34",
        "35_44": "35–44",
        "45_54": "45–54",
        "55_64": "55–64",
        "65_plus": _("65 and older"),
        UNKNOWN: _("not recorded"),
    }
    return labels.get(key, key)


def _migration_label(key: str) -> str:
    return {
        "yes": _("with own migration experience"),
        "no": _("without own migration experience"),
        UNKNOWN: _("not recorded or no consent"),
    }.get(key, key)


def _hours(minutes: int) -> float:
    return round(minutes / 60, 2)


def report_tables(report: Report) -> list[ReportTable]:
    """The report as tables, in the order the PDF, the workbook and the page show them."""
    unit = report.unit_minutes
    people, mentoring, reflection = report.people, report.mentoring, report.reflection

    def units(minutes: int) -> float:
        return round(rules.minutes_to_units(minutes, unit), 2)

    facts: list[tuple[str, Any, str]] = [
        (_("Courses (Maßnahmen) with sessions in the period"), len(report.courses), NUMBER),
        (_("Sessions held"), report.sessions, NUMBER),
        (_("Teaching units held"), units(report.minutes_held), UNITS),
        (_("Participants enrolled"), sum(c.enrolled for c in report.courses), COUNT),
        (
            _("Participants who completed the module"),
            sum(c.completed for c in report.courses),
            COUNT,
        ),
        (_("Newly qualified in the period"), people.newly_qualified, COUNT),
        (_("Active at the end of the period"), people.active_at_end, COUNT),
        (_("In the programme at the end of the period"), people.in_programme_at_end, COUNT),
        (_("Requests received"), mentoring.requests_received, NUMBER),
        (_("Requests placed"), mentoring.requests_placed, NUMBER),
        (_("Requests still open"), mentoring.requests_open, NUMBER),
        (_("Assignments started"), mentoring.assignments_started, COUNT),
        (_("Assignments ended"), mentoring.assignments_ended, COUNT),
        (
            _("Assignments running at the end of the period"),
            mentoring.assignments_running_at_end,
            COUNT,
        ),
        (_("Volunteers with logged contacts"), mentoring.volunteers_with_contacts, COUNT),
        (_("Contacts logged"), mentoring.contacts, NUMBER),
        (_("Hours of mentoring (60 minutes)"), _hours(mentoring.minutes), HOURS),
        (_("Kilometres travelled"), mentoring.km, KM),
        (_("Reflection meetings held"), reflection.meetings, NUMBER),
        (_("Attendances at reflection meetings"), reflection.attendances, COUNT),
        (_("Volunteers who attended a reflection meeting"), reflection.distinct_attendees, COUNT),
    ]
    tables = [
        ReportTable(
            "overview",
            _("Overview"),
            (Column(_("Figure")), Column(_("Value"), NUMBER)),
            tuple((label, value) for label, value, _kind in facts),
            kinds=tuple((TEXT, kind) for _label_, _value, kind in facts),
            note=_(
                "Teaching units of {minutes} minutes; hours of mentoring are clock hours."
            ).format(minutes=unit),
        )
    ]
    course_rows = tuple(
        (
            c.title,
            c.module_title,
            _label(ModuleKind, c.module_kind),
            c.first_date,
            c.last_date,
            c.sessions,
            units(c.minutes_held),
            units(c.planned_minutes),
            c.trainers,
            c.enrolled,
            c.attended_any,
            c.completed,
            c.attendance_percent,
        )
        for c in report.courses
    )
    total = (
        _("Total"),
        "",
        "",
        None,
        None,
        report.sessions,
        units(report.minutes_held),
        None,
        "",
        sum(c.enrolled for c in report.courses),
        sum(c.attended_any for c in report.courses),
        sum(c.completed for c in report.courses),
        None,
    )
    tables.append(
        ReportTable(
            "courses",
            _("Courses (Maßnahmen)"),
            (
                Column(_("Course")),
                Column(_("Module")),
                Column(_("Kind")),
                Column(_("First session"), DATE),
                Column(_("Last session"), DATE),
                Column(_("Sessions held"), NUMBER),
                Column(_("Teaching units held"), UNITS),
                Column(_("Teaching units planned"), UNITS),
                Column(_("Trainers")),
                Column(_("Enrolled"), COUNT),
                Column(_("Attended"), COUNT),
                Column(_("Completed"), COUNT),
                Column(_("Attendance rate"), PERCENT),
            ),
            course_rows + ((total,) if course_rows else ()),
            note=_(
                "Sessions and units: held in the period up to the day of the report. Attended: at "
                "least one session. Attendance rate: sessions attended of those held since each "
                "participant enrolled."
            ),
            total_row=bool(course_rows),
        )
    )

    def breakdown(key: str, title: str, header: str, lines: list[tuple[str, int]]) -> ReportTable:
        return ReportTable(
            key,
            title,
            (Column(header), Column(_("People"), COUNT)),
            tuple(lines),
            chart=(0, 1),
        )

    tables.append(
        breakdown(
            "status",
            _("People by status at the end of the period"),
            _("Status"),
            [(_status_label(c.key), c.count) for c in people.by_status],
        )
    )
    programme_note = _("People in the programme at the end of the period (not those who left).")
    for key, title, header, lines in (
        (
            "title_form",
            _("People by title form"),
            _("Title form"),
            [(_label(TitleForm, c.key), c.count) for c in people.by_title_form],
        ),
        (
            "age",
            _("People by age at the end of the period"),
            _("Age"),
            [(_age_label(c.key), c.count) for c in people.by_age_band],
        ),
        (
            "migration",
            _("People by own migration experience (only where consented)"),
            _("Own migration experience"),
            [(_migration_label(c.key), c.count) for c in people.by_migration],
        ),
        (
            "languages",
            _("People by language spoken"),
            _("Language"),
            [(c.key, c.count) for c in people.by_language],
        ),
    ):
        table = breakdown(key, title, header, lines)
        tables.append(
            ReportTable(
                table.key,
                table.title,
                table.columns,
                table.rows,
                chart=None if key == "languages" else table.chart,
                note=programme_note,
            )
        )
    requests = (
        (_("Received in the period"), mentoring.requests_received),
        (_("Placed (accepted or done)"), mentoring.requests_placed),
        (_("Open (not yet or only offered)"), mentoring.requests_open),
        (_("Declined"), mentoring.requests_declined),
    )
    tables.append(
        ReportTable(
            "requests",
            _("Requests for help (received in the period)"),
            (Column(_("Requests")), Column(_("Number"), NUMBER)),
            requests,
        )
    )
    hour_tables: tuple[tuple[str, str, str, Any, tuple[HoursLine, ...]], ...] = (
        (
            "areas",
            _("Mentoring by area"),
            _("Area"),
            lambda code: _label(Area, code),
            mentoring.by_area,
        ),
        (
            "contact_kinds",
            _("Mentoring by kind of contact"),
            _("Kind of contact"),
            lambda code: _label(ContactKind, code),
            mentoring.by_kind,
        ),
        ("months", _("Mentoring by month"), _("Month"), _month_label, mentoring.by_month),
    )
    for key, title, header, label, hour_lines in hour_tables:
        rows = tuple(
            (label(line.key), line.contacts, _hours(line.minutes), line.km) for line in hour_lines
        )
        tables.append(
            ReportTable(
                key,
                title,
                (
                    Column(header),
                    Column(_("Contacts"), NUMBER),
                    Column(_("Hours"), HOURS),
                    Column(_("km"), KM),
                ),
                (*rows, (_("Total"), mentoring.contacts, _hours(mentoring.minutes), mentoring.km)),
                chart=(0, 2),
                total_row=True,
            )
        )
    tables.append(
        ReportTable(
            "reflection",
            _("Reflection meetings"),
            (
                Column(_("Kind")),
                Column(_("Meetings"), NUMBER),
                Column(_("Attendances"), COUNT),
            ),
            (
                *[
                    (_label(MeetingKind, line.key), line.meetings, line.attendances)
                    for line in reflection.by_kind
                ],
                (_("Total"), reflection.meetings, reflection.attendances),
            ),
            total_row=True,
        )
    )
    return tables


_SHEET_NAMES = {
    "status": N_("People by status"),
    "age": N_("People by age"),
    "migration": N_("Own migration experience"),
    "languages": N_("People by language"),
    "requests": N_("Requests for help"),
    "contact_kinds": N_("Mentoring by contact kind"),
}
"""Worksheet names for titles longer than Excel's 31 characters: cut, they read
"Personen nach Status am Ende de" and "Personen nach gesprochenen Spra"."""


def sheet_title(table: ReportTable) -> str:
    """A worksheet name: at most 31 characters, none of ``[]:*?/\\``; a long title gives way
    to its short name."""
    text = table.title
    if len(text) > 31 and table.key in _SHEET_NAMES:
        text = gettext(_SHEET_NAMES[table.key])
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return text[:31].strip()


def report_file_name(period: Period) -> str:
    """``Bericht_2026`` for a calendar year, else ``Bericht_2026-01-01_2026-06-30``."""
    if (
        period.start.year == period.end.year
        and (period.start.month, period.start.day) == (1, 1)
        and (period.end.month, period.end.day) == (12, 31)
    ):
        return _("Report") + f"_{period.start.year}"
    return _("Report") + f"_{period.start.isoformat()}_{period.end.isoformat()}"


def chart_items(table: ReportTable, mask_small: bool) -> list[tuple[str, float, str]]:
    """(label, value, printed value) per row of a chart table; masked counts get no bar."""
    if table.chart is None:
        return []
    label_col, value_col = table.chart
    rows = table.rows[:-1] if table.total_row else table.rows
    items = []
    for index, row in enumerate(rows):
        kind = table.kind(index, value_col)
        value = masked(row[value_col], kind, mask_small)
        number = 0.0 if isinstance(value, Masked) or value is None else float(value)
        items.append((str(row[label_col]), number, display(row[value_col], kind, mask_small)))
    return items
