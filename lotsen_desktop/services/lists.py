"""Lists that leave the program: the volunteer list as filtered, course participants with their
hours, a phone list, mentoring hours per volunteer; saved as XLSX, CSV or PDF.

The volunteer lists use the same filter and sort as the list on screen (``services.volunteers``),
so what is exported is exactly what the office sees. Course hours come from
``services.progress.course_progress``, the same figures as the attendance grid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from lotsen_desktop.documents import tables
from lotsen_desktop.documents.data import OfficeInfo
from lotsen_desktop.documents.tables import DATE, INTEGER, NUMBER, Column, ListTable
from lotsen_desktop.domain import rules
from lotsen_desktop.domain.vocabulary import VolunteerStatus
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.files import write_atomic
from lotsen_desktop.i18n import _, format_date_short
from lotsen_desktop.services import courses, setup
from lotsen_desktop.services import progress as standings
from lotsen_desktop.services.volunteers import (
    VolunteerFilter,
    filter_query,
    languages_for,
    order_query,
)
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import Assignment, LogEntry, Volunteer, VolunteerLanguage
from lotsen_desktop.tasks import ProgressCallback, check

FORMATS = ("xlsx", "csv", "pdf")
ALL_AT_ONCE = 2000
"""From this many rows languages and qualification dates of everyone are read in one query."""


@dataclass(frozen=True)
class ListSpec:
    """What the volunteer list on screen shows: the filter and the sort order."""

    filter: VolunteerFilter = field(default_factory=VolunteerFilter)
    sort: str = "name"
    descending: bool = False

    @classmethod
    def of(
        cls,
        *,
        search: str = "",
        status: str | None = None,
        language: str | None = None,
        area: str | None = None,
        course_id: str | None = None,
        sort: str = "name",
        descending: bool = False,
    ) -> ListSpec:
        return cls(
            VolunteerFilter(
                search=search, status=status, language=language, area=area, course_id=course_id
            ),
            sort,
            descending,
        )


def _status_label(code: str) -> str:
    try:
        return VolunteerStatus(code).label
    except ValueError:
        return code


def _report(progress: ProgressCallback | None, done: int, total: int) -> None:
    check(progress, done, total, _("Cancelled. No file was written."))


def _filter_text(spec: ListSpec) -> str:
    flt = spec.filter
    parts = []
    if flt.search:
        parts.append(_("Search: {text}").format(text=flt.search))
    if flt.status:
        parts.append(_("Status: {text}").format(text=_status_label(flt.status)))
    if flt.language:
        parts.append(_("Language: {text}").format(text=flt.language))
    if flt.area:
        from lotsen_desktop.domain.vocabulary import Area

        try:
            parts.append(_("Area: {text}").format(text=Area(flt.area).label))
        except ValueError:
            parts.append(_("Area: {text}").format(text=flt.area))
    if flt.course_id:
        parts.append(_("Participants of one course"))
    return "; ".join(parts)


def _subtitle(count: int, spec: ListSpec | None, today: date) -> str:
    text = _("{count} entries, as of {date}").format(count=count, date=format_date_short(today))
    filters = _filter_text(spec) if spec is not None else ""
    return f"{text} – {filters}" if filters else text


def _volunteer_rows(
    session: Session, spec: ListSpec, columns: tuple[Any, ...], progress: ProgressCallback | None
) -> list[Any]:
    query = order_query(
        filter_query(select(Volunteer.id, *columns), spec.filter), spec.sort, spec.descending
    )
    rows = session.execute(query).all()
    _report(progress, 0, len(rows))
    return list(rows)


def _languages(session: Session, ids: list[str]) -> dict[str, str]:
    """Languages per person; for long lists one pass over the table beats many ``IN`` queries."""
    if len(ids) < ALL_AT_ONCE:
        return languages_for(session, ids)
    wanted = set(ids)
    found: dict[str, list[str]] = {}
    for volunteer_id, language in session.execute(
        select(VolunteerLanguage.volunteer_id, VolunteerLanguage.language).order_by(
            VolunteerLanguage.volunteer_id, VolunteerLanguage.language
        )
    ):
        if volunteer_id in wanted:
            found.setdefault(volunteer_id, []).append(language)
    return {k: ", ".join(v) for k, v in found.items()}


def volunteer_list(
    store: Store, spec: ListSpec = ListSpec(), *, progress: ProgressCallback | None = None
) -> ListTable:
    """The volunteer list as filtered and sorted on screen, with contact columns."""
    today = date.today()
    with store.new_session() as session:
        rows = _volunteer_rows(
            session,
            spec,
            (
                Volunteer.family_name,
                Volunteer.given_name,
                Volunteer.status,
                Volunteer.phone,
                Volunteer.email,
                Volunteer.postal_code,
                Volunteer.city,
            ),
            progress,
        )
        ids = [r.id for r in rows]
        languages = _languages(session, ids)
        _report(progress, len(ids) // 3, len(ids))
        if len(ids) >= ALL_AT_ONCE:
            qualified = standings.qualified_dates(session, None)
        else:
            qualified = standings.qualified_dates(session, ids) if ids else {}
        _report(progress, 2 * len(ids) // 3, len(ids))
    columns = (
        Column("family_name", _("Family name")),
        Column("given_name", _("Given name")),
        Column("status", _("Status")),
        Column("languages", _("Languages")),
        Column("qualified_on", _("Qualified since"), kind=DATE),
        Column("phone", _("Phone")),
        Column("email", _("E-mail")),
        Column("postal_code", _("Postal code")),
        Column("city", _("City")),
    )
    body = [
        (
            r.family_name,
            r.given_name,
            _status_label(r.status),
            languages.get(r.id, ""),
            qualified.get(r.id),
            r.phone,
            r.email,
            r.postal_code,
            r.city,
        )
        for r in rows
    ]
    return ListTable(
        title=_("Volunteers"),
        columns=columns,
        rows=body,
        subtitle=_subtitle(len(body), spec, today),
        sheet_name=_("Volunteers"),
    )


def phone_list(
    store: Store, spec: ListSpec = ListSpec(), *, progress: ProgressCallback | None = None
) -> ListTable:
    """Names with phone and e-mail, in the order of the list on screen."""
    with store.new_session() as session:
        rows = _volunteer_rows(
            session,
            spec,
            (
                Volunteer.family_name,
                Volunteer.given_name,
                Volunteer.phone,
                Volunteer.email,
                Volunteer.status,
            ),
            progress,
        )
    columns = (
        Column("family_name", _("Family name")),
        Column("given_name", _("Given name")),
        Column("phone", _("Phone")),
        Column("email", _("E-mail")),
        Column("status", _("Status")),
    )
    body = [(r.family_name, r.given_name, r.phone, r.email, _status_label(r.status)) for r in rows]
    return ListTable(
        title=_("Phone list"),
        columns=columns,
        rows=body,
        subtitle=_subtitle(len(body), spec, date.today()),
        sheet_name=_("Phone list"),
    )


def participants_list(
    store: Store, course_id: str, *, progress: ProgressCallback | None = None
) -> ListTable:
    """A course's participants with hours attended, required and planned, and completion."""
    detail = courses.get_course(store, course_id)
    standing = standings.course_progress(store, course_id)
    unit = setup.get_office(store).unit_minutes
    _report(progress, 1, 2)

    def hours(minutes: int | None) -> float | None:
        return None if minutes is None else round(rules.minutes_to_units(minutes, unit), 1)

    columns = (
        Column("family_name", _("Family name")),
        Column("given_name", _("Given name")),
        Column("birth_date", _("Date of birth"), kind=DATE),
        Column("enrolled_on", _("Enrolled on"), kind=DATE),
        Column("attended", _("Hours attended"), kind=NUMBER),
        Column("required", _("Hours required"), kind=NUMBER),
        Column("planned", _("Hours planned"), kind=NUMBER),
        Column("completed", _("Completed")),
        Column("completed_on", _("Completed on"), kind=DATE),
    )
    body = []
    for person in courses.participants_sorted(detail.participants):
        result = standing.get(person.volunteer_id)
        body.append(
            (
                person.family_name,
                person.given_name,
                person.birth_date,
                person.enrolled_on,
                hours(result.attended_minutes if result else 0),
                hours(result.required_minutes if result else None),
                hours(result.planned_minutes if result else None),
                bool(result and result.completed),
                result.completed_on if result else None,
            )
        )
    title = _("Participants: {course}").format(course=detail.title)
    unit_note = (
        _("Hours of 60 minutes.")
        if unit == 60
        else _("Hours are teaching units (Unterrichtseinheiten) of {minutes} minutes.").format(
            minutes=unit
        )
    )
    return ListTable(
        title=title,
        columns=columns,
        rows=body,
        subtitle=_subtitle(len(body), None, date.today()),
        sheet_name=_("Participants"),
        footnote=unit_note,
    )


def mentoring_hours_list(
    store: Store,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    spec: ListSpec | None = None,
    progress: ProgressCallback | None = None,
) -> ListTable:
    """Per volunteer in the period: assignments, contacts, clock hours and km of the logs."""
    today = date.today()
    date_from = date_from or date(today.year, 1, 1)
    date_to = date_to or date(today.year, 12, 31)
    if date_to < date_from:
        raise ValidationError(_("The end of the period lies before its start."))
    period = and_(LogEntry.entry_date >= date_from, LogEntry.entry_date <= date_to)
    totals = (
        select(
            Assignment.volunteer_id.label("volunteer_id"),
            func.count(func.distinct(Assignment.id)).label("assignments"),
            func.count(LogEntry.id).label("contacts"),
            func.coalesce(func.sum(LogEntry.minutes), 0).label("minutes"),
            func.coalesce(func.sum(LogEntry.km), 0.0).label("km"),
        )
        .join(LogEntry, LogEntry.assignment_id == Assignment.id)
        .where(period)
        .group_by(Assignment.volunteer_id)
        .subquery()
    )
    query = select(
        Volunteer.id,
        Volunteer.family_name,
        Volunteer.given_name,
        totals.c.assignments,
        totals.c.contacts,
        totals.c.minutes,
        totals.c.km,
    ).join(totals, totals.c.volunteer_id == Volunteer.id)
    spec = spec or ListSpec()
    query = order_query(filter_query(query, spec.filter), spec.sort, spec.descending)
    with store.new_session() as session:
        rows = session.execute(query).all()
    _report(progress, 1, 2)
    columns = (
        Column("family_name", _("Family name")),
        Column("given_name", _("Given name")),
        Column("assignments", _("Assignments"), kind=INTEGER),
        Column("contacts", _("Contacts"), kind=INTEGER),
        Column("hours", _("Hours"), kind=NUMBER, digits=2),
        Column("km", _("km"), kind=NUMBER),
    )
    body = [
        (
            r.family_name,
            r.given_name,
            int(r.assignments),
            int(r.contacts),
            round(int(r.minutes) / 60, 2),
            round(float(r.km), 1),
        )
        for r in rows
    ]
    period_text = f"{format_date_short(date_from)} – {format_date_short(date_to)}"
    return ListTable(
        title=_("Mentoring hours per volunteer"),
        columns=columns,
        rows=body,
        subtitle=_("Period {period}; {count} volunteers").format(
            period=period_text, count=len(body)
        ),
        sheet_name=_("Mentoring hours"),
        footnote=_("Hours of 60 minutes."),
    )


def format_of(path: Path) -> str:
    """``xlsx``, ``csv`` or ``pdf`` from the file name; anything else is refused clearly."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValidationError(
            _("Save the list as .xlsx, .csv or .pdf (not '{name}').").format(name=path.name)
        )
    return suffix


def office_info(store: Store) -> tuple[OfficeInfo, bytes | None]:
    settings = setup.get_office(store)
    return OfficeInfo(name=settings.name, address=settings.address, place=settings.place), (
        settings.logo
    )


def render(
    store: Store, table: ListTable, fmt: str, *, progress: ProgressCallback | None = None
) -> bytes:
    """The bytes of ``table`` in ``fmt`` (``xlsx``, ``csv`` or ``pdf``)."""
    if fmt == "xlsx":
        return tables.to_xlsx([table], progress)
    if fmt == "csv":
        return tables.to_csv(table, progress)
    if fmt == "pdf":
        office, logo = office_info(store)
        return tables.to_pdf(table, office=office, logo=logo, progress=progress)
    raise ValidationError(
        _("Save the list as .xlsx, .csv or .pdf (not '{name}').").format(name=fmt)
    )


def save_list(
    store: Store, table: ListTable, path: Path | str, *, progress: ProgressCallback | None = None
) -> Path:
    """Write the list completely or not at all; the format follows the file name."""
    target = Path(path)
    data = render(store, table, format_of(target), progress=progress)
    write_atomic(target, data)
    return target
