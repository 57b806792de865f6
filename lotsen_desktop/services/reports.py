"""The funding body's figures for a period: courses, people, mentoring, reflection meetings.

Everything is counted set-based in SQL, except completion and qualification, which come from
``services.progress`` (its public functions own that rule). Figures are plain numbers; hiding
small counts ("< 3") is a matter of presentation (``report_tables`` / ``display``), never of
the numbers themselves.

What erasure (``services.privacy.erase_person``) changes: it deletes the person's enrolments,
attendance, offers, reflection attendance, assignments and log entries. Figures about what the
office held (courses, sessions, teaching units, requests received and placed, meetings held)
never change; figures that count people or their work (participants, qualified, hours of
mentoring) drop by what that person contributed. See docs/reports.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import String, and_, case, cast, distinct, func, or_, select
from sqlalchemy.orm import Session

from lotsen_desktop.documents.data import OfficeInfo
from lotsen_desktop.documents.report_data import (
    AGE_BANDS,
    COUNT,
    DATE,
    HOURS,
    IN_PROGRAMME,
    KM,
    MASK_SETTING,
    NUMBER,
    OPEN_STATUSES,
    PERCENT,
    PLACED_STATUSES,
    TEXT,
    UNITS,
    UNKNOWN,
    Count,
    CourseFigures,
    HoursLine,
    MeetingLine,
    MentoringFigures,
    PeopleFigures,
    Period,
    ReflectionFigures,
    Report,
    ReportTable,
    display,
    masked,
    report_file_name,
    report_tables,
    sheet_title,
)
from lotsen_desktop.domain.vocabulary import (
    Area,
    AttendanceState,
    ConsentPurpose,
    ContactKind,
    MeetingKind,
    RequestStatus,
    TitleForm,
    VolunteerStatus,
)
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.files import write_atomic
from lotsen_desktop.i18n import _
from lotsen_desktop.services import progress as standings
from lotsen_desktop.services import setup
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import (
    Assignment,
    Attendance,
    Consent,
    Course,
    CourseSession,
    Enrolment,
    HelpRequest,
    LogEntry,
    Module,
    ReflectionAttendee,
    ReflectionMeeting,
    StatusChange,
    Volunteer,
    VolunteerLanguage,
)
from lotsen_desktop.store.server import year_month
from lotsen_desktop.tasks import ProgressCallback, check

__all__ = [
    "COUNT",
    "DATE",
    "HOURS",
    "KM",
    "MASK_SETTING",
    "NUMBER",
    "PERCENT",
    "TEXT",
    "UNITS",
    "Count",
    "CourseFigures",
    "HoursLine",
    "MeetingLine",
    "MentoringFigures",
    "PeopleFigures",
    "Period",
    "ReflectionFigures",
    "Report",
    "ReportTable",
    "compute_report",
    "display",
    "format_for",
    "masked",
    "render_report",
    "report_file_name",
    "report_tables",
    "save_report",
    "sheet_title",
    "write_report",
]


# --- computing -----------------------------------------------------------------------------------


STEPS = 5


def compute_report(
    store: Store,
    period: Period,
    *,
    today: date | None = None,
    progress: ProgressCallback | None = None,
) -> Report:
    """All figures for ``period``; ``today`` bounds what counts as held (default: today).

    ``progress(done, total)`` is told after each part; returning ``False`` cancels
    (``tasks.Cancelled``).
    """
    period.check()
    today = today or date.today()
    settings = setup.get_office(store)
    office = OfficeInfo(
        name=settings.name,
        address=settings.address,
        place=settings.place,
        signatory_name=settings.signatory_name,
        signatory_role=settings.signatory_role,
    )
    done = 0

    def step(amount: int = 1) -> bool:
        nonlocal done
        done += amount
        check(progress, done, STEPS)
        return True

    # Everyone's progress (completion, qualification) is the slowest part: it runs in a second
    # thread, on its own connection, while the set-based counts run here; each waits only where
    # it needs it. A cancelled report does not wait for it.
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        future = pool.submit(standings.progress_overview, store)

        def overview() -> dict[str, standings.Progress]:
            while True:
                try:
                    return future.result(timeout=0.2)
                except FuturesTimeout:
                    step(0)

        with store.new_session() as session:
            rules_now = standings.office_rules(session)
            mentoring = _mentoring(session, period)
            step()
            reflection = _reflection(session, period)
            step()
            people = _people(session, period, overview)
            step()
            courses = _courses(session, period, min(period.end, today), overview)
            step(2)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return Report(
        period=period,
        created_on=today,
        office=office,
        unit_minutes=rules_now.unit_minutes,
        courses=courses,
        people=people,
        mentoring=mentoring,
        reflection=reflection,
    )


Overview = Callable[[], dict[str, standings.Progress]]
"""Everyone's progress, waited for at the first call."""


def _in(column: Any, period: Period) -> Any:
    return and_(column >= period.start, column <= period.end)


def _courses(
    session: Session, period: Period, held_until: date, overview: Overview
) -> tuple[CourseFigures, ...]:
    minutes = CourseSession.end_minute - CourseSession.start_minute
    held = and_(_in(CourseSession.session_date, period), CourseSession.session_date <= held_until)
    per_course = (
        select(
            CourseSession.course_id.label("course_id"),
            func.min(CourseSession.session_date).label("first_date"),
            func.max(CourseSession.session_date).label("last_date"),
            func.sum(case((held, 1), else_=0)).label("sessions"),
            func.sum(case((held, minutes), else_=0)).label("minutes_held"),
            func.sum(case((_in(CourseSession.session_date, period), 1), else_=0)).label("inside"),
        )
        .group_by(CourseSession.course_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Course.id,
            Course.title,
            Course.place,
            Course.trainers,
            Module.code,
            Module.title.label("module_title"),
            Module.kind,
            Module.planned_minutes,
            per_course.c.first_date,
            per_course.c.last_date,
            per_course.c.sessions,
            per_course.c.minutes_held,
        )
        .join(per_course, per_course.c.course_id == Course.id)
        .join(Module, Module.id == Course.module_id)
        .where(per_course.c.inside > 0)
    ).all()
    if not rows:
        return ()
    ids = [row.id for row in rows]
    enrolled: Counter[str] = Counter()
    attended: Counter[str] = Counter()
    marks: dict[str, tuple[int, int]] = {}
    for chunk in _chunks(ids):
        enrolled.update(
            dict(
                session.execute(
                    select(Enrolment.course_id, func.count())
                    .where(Enrolment.course_id.in_(chunk))
                    .group_by(Enrolment.course_id)
                ).all()
            )
        )
        attended.update(dict(session.execute(_attended_any_query(chunk)).all()))
        for course_id, possible, present in session.execute(_marks_query(chunk, held_until)):
            marks[course_id] = (int(possible or 0), int(present or 0))
    completed: Counter[str] = Counter()
    wanted = set(ids)
    for person in overview().values():
        for result in person.modules:
            if result.completed and result.course_id in wanted:
                completed[result.course_id] += 1
    figures = []
    for row in rows:
        possible, present = marks.get(row.id, (0, 0))
        figures.append(
            CourseFigures(
                course_id=row.id,
                title=row.title,
                module_code=row.code,
                module_title=row.module_title,
                module_kind=row.kind,
                place=row.place,
                trainers=row.trainers,
                first_date=row.first_date,
                last_date=row.last_date,
                sessions=int(row.sessions or 0),
                minutes_held=int(row.minutes_held or 0),
                planned_minutes=int(row.planned_minutes),
                enrolled=enrolled.get(row.id, 0),
                attended_any=attended.get(row.id, 0),
                completed=completed.get(row.id, 0),
                attendance_percent=round(100 * present / possible, 1) if possible else None,
            )
        )
    figures.sort(key=lambda c: (c.first_date or date.max, c.title.casefold(), c.course_id))
    return tuple(figures)


def _chunks(ids: Sequence[str], size: int = 500) -> list[Sequence[str]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


_ATTENDED_STATES = (AttendanceState.PRESENT.value, AttendanceState.PARTIAL.value)


def _attended_mark() -> Any:
    """An attendance mark that means the person was there (a partial with no minutes is not)."""
    return or_(
        Attendance.state == AttendanceState.PRESENT.value,
        and_(Attendance.state == AttendanceState.PARTIAL.value, Attendance.minutes > 0),
    )


def _attended_any_query(course_ids: Sequence[str]) -> Any:
    """Participants with at least one session attended since their enrolment, per course."""
    return (
        select(Enrolment.course_id, func.count(distinct(Enrolment.volunteer_id)))
        .join(CourseSession, CourseSession.course_id == Enrolment.course_id)
        .join(
            Attendance,
            and_(
                Attendance.session_id == CourseSession.id,
                Attendance.volunteer_id == Enrolment.volunteer_id,
            ),
        )
        .where(
            Enrolment.course_id.in_(course_ids),
            CourseSession.session_date >= Enrolment.enrolled_on,
            _attended_mark(),
        )
        .group_by(Enrolment.course_id)
    )


def _marks_query(course_ids: Sequence[str], held_until: date) -> Any:
    """Per course: sessions held since each enrolment (possible) and those attended (present)."""
    return (
        select(
            Enrolment.course_id,
            func.count(CourseSession.id),
            func.count(Attendance.id),
        )
        .join(CourseSession, CourseSession.course_id == Enrolment.course_id)
        .outerjoin(
            Attendance,
            and_(
                Attendance.session_id == CourseSession.id,
                Attendance.volunteer_id == Enrolment.volunteer_id,
                _attended_mark(),
            ),
        )
        .where(
            Enrolment.course_id.in_(course_ids),
            CourseSession.session_date >= Enrolment.enrolled_on,
            CourseSession.session_date <= held_until,
        )
        .group_by(Enrolment.course_id)
    )


def _status_at(session: Session, on: date) -> dict[str, str]:
    """Each person's status on ``on`` from the dated history (people not yet known are absent).

    The latest change counts; on the same day the one recorded last. SQLite takes the bare
    ``status`` column from the row that holds the ``max()``, one grouped pass over the history;
    PostgreSQL has ``DISTINCT ON`` for the same.
    """
    if session.get_bind().dialect.name != "sqlite":
        from sqlalchemy.dialects.postgresql import distinct_on

        return {
            volunteer_id: status
            for volunteer_id, status in session.execute(
                select(StatusChange.volunteer_id, StatusChange.status)
                .where(StatusChange.changed_on <= on)
                .ext(distinct_on(StatusChange.volunteer_id))
                .order_by(
                    StatusChange.volunteer_id,
                    StatusChange.changed_on.desc(),
                    StatusChange.created_at.desc(),
                )
            )
        }
    latest = func.max(  # created_at: integer microseconds, of one width to sort as text
        cast(StatusChange.changed_on, String) + " " + func.printf("%020d", StatusChange.created_at)
    )
    return {
        volunteer_id: status
        for volunteer_id, status, _latest in session.execute(
            select(StatusChange.volunteer_id, StatusChange.status, latest)
            .where(StatusChange.changed_on <= on)
            .group_by(StatusChange.volunteer_id)
        )
    }


def _age_band(birth: date | None, on: date) -> str:
    if birth is None:
        return UNKNOWN
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    for key, low, high in AGE_BANDS:
        if low <= age <= high:
            return key
    return UNKNOWN


def _people(session: Session, period: Period, overview: Overview) -> PeopleFigures:
    status_at_end = _status_at(session, period.end)
    status_counts = Counter(status_at_end.values())
    members = {vid for vid, status in status_at_end.items() if status in IN_PROGRAMME}
    consented = set(
        session.scalars(
            select(Consent.volunteer_id).where(
                Consent.purpose == ConsentPurpose.MIGRATION_HISTORY.value,
                Consent.given_on <= period.end,
                Consent.withdrawn_on.is_(None),
            )
        )
    )
    titles: Counter[str] = Counter()
    ages: Counter[str] = Counter()
    migration: Counter[str] = Counter()
    for vid, title_form, birth, experience in session.execute(
        select(
            Volunteer.id,
            Volunteer.title_form,
            Volunteer.birth_date,
            Volunteer.migration_experience,
        )
    ):
        if vid not in members:
            continue
        titles[title_form] += 1
        ages[_age_band(birth, period.end)] += 1
        if vid in consented and experience is not None:
            migration["yes" if experience else "no"] += 1
        else:
            migration[UNKNOWN] += 1
    spellings: Counter[tuple[str, str]] = Counter()  # (folded, as written)
    for vid, language in session.execute(
        select(VolunteerLanguage.volunteer_id, VolunteerLanguage.language)
    ):
        if vid in members:
            written = language.strip()
            spellings[(written.casefold(), written)] += 1
    languages: Counter[str] = Counter()
    shown: dict[str, tuple[int, str]] = {}  # "deutsch" and "Deutsch" are one language
    for (folded, written), count in spellings.items():
        languages[folded] += count
        shown[folded] = min(shown.get(folded, (0, written)), (-count, written))
    newly = sum(
        1
        for person in overview().values()
        if person.qualified_on is not None and period.start <= person.qualified_on <= period.end
    )
    return PeopleFigures(
        newly_qualified=newly,
        active_at_end=status_counts.get(VolunteerStatus.ACTIVE.value, 0),
        in_programme_at_end=len(members),
        by_status=tuple(Count(s.value, status_counts.get(s.value, 0)) for s in VolunteerStatus),
        by_title_form=tuple(Count(t.value, titles.get(t.value, 0)) for t in TitleForm),
        by_age_band=tuple(
            Count(key, ages.get(key, 0)) for key in [b[0] for b in AGE_BANDS] + [UNKNOWN]
        ),
        by_migration=tuple(Count(key, migration.get(key, 0)) for key in ("yes", "no", UNKNOWN)),
        by_language=tuple(
            Count(shown[folded][1], count)
            for folded, count in sorted(languages.items(), key=lambda i: (-i[1], i[0]))
        ),
    )


def _hours_lines(session: Session, period: Period, column: Any, codes: Sequence[str]) -> Any:
    found = {
        key: HoursLine(key, int(contacts), int(minutes or 0), round(float(km or 0), 1))
        for key, contacts, minutes, km in session.execute(
            select(column, func.count(), func.sum(LogEntry.minutes), func.sum(LogEntry.km))
            .where(_in(LogEntry.entry_date, period))
            .group_by(column)
        )
    }
    lines = [found.pop(code, HoursLine(code, 0, 0, 0.0)) for code in codes]
    lines.extend(found[key] for key in sorted(found))
    return tuple(lines)


_MONTH = year_month(LogEntry.entry_date)
"""The ``YYYY-MM`` of a log line (dates are stored as ISO text)."""


def _months(period: Period) -> list[str]:
    """Every ``YYYY-MM`` of the period, in order."""
    keys: list[str] = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def _mentoring(session: Session, period: Period) -> MentoringFigures:
    requests: Counter[str] = Counter(
        dict(
            session.execute(
                select(HelpRequest.status, func.count())
                .where(_in(HelpRequest.received_on, period))
                .group_by(HelpRequest.status)
            ).all()
        )
    )
    started = session.scalar(
        select(func.count()).select_from(Assignment).where(_in(Assignment.started_on, period))
    )
    ended = session.scalar(
        select(func.count()).select_from(Assignment).where(_in(Assignment.ended_on, period))
    )
    running = session.scalar(
        select(func.count())
        .select_from(Assignment)
        .where(
            Assignment.started_on <= period.end,
            or_(Assignment.ended_on.is_(None), Assignment.ended_on > period.end),
        )
    )
    totals = session.execute(
        select(
            func.count(LogEntry.id),
            func.sum(LogEntry.minutes),
            func.sum(LogEntry.km),
            func.count(distinct(Assignment.volunteer_id)),
        )
        .join(Assignment, Assignment.id == LogEntry.assignment_id)
        .where(_in(LogEntry.entry_date, period))
    ).one()
    return MentoringFigures(
        requests_received=sum(requests.values()),
        requests_placed=sum(requests.get(s, 0) for s in PLACED_STATUSES),
        requests_open=sum(requests.get(s, 0) for s in OPEN_STATUSES),
        requests_declined=requests.get(RequestStatus.DECLINED.value, 0),
        assignments_started=int(started or 0),
        assignments_ended=int(ended or 0),
        assignments_running_at_end=int(running or 0),
        volunteers_with_contacts=int(totals[3] or 0),
        contacts=int(totals[0] or 0),
        minutes=int(totals[1] or 0),
        km=round(float(totals[2] or 0), 1),
        by_area=_hours_lines(session, period, LogEntry.area, [a.value for a in Area]),
        by_kind=_hours_lines(session, period, LogEntry.kind, [k.value for k in ContactKind]),
        by_month=_hours_lines(session, period, _MONTH, _months(period)),
    )


def _reflection(session: Session, period: Period) -> ReflectionFigures:
    attendance = (
        select(ReflectionAttendee.meeting_id, func.count().label("people"))
        .group_by(ReflectionAttendee.meeting_id)
        .subquery()
    )
    per_kind: dict[str, tuple[int, int]] = {
        kind: (int(meetings), int(people or 0))
        for kind, meetings, people in session.execute(
            select(
                ReflectionMeeting.kind,
                func.count(ReflectionMeeting.id),
                func.sum(attendance.c.people),
            )
            .outerjoin(attendance, attendance.c.meeting_id == ReflectionMeeting.id)
            .where(_in(ReflectionMeeting.held_on, period))
            .group_by(ReflectionMeeting.kind)
        )
    }
    distinct_people = session.scalar(
        select(func.count(distinct(ReflectionAttendee.volunteer_id)))
        .join(ReflectionMeeting, ReflectionMeeting.id == ReflectionAttendee.meeting_id)
        .where(_in(ReflectionMeeting.held_on, period))
    )
    codes = [k.value for k in MeetingKind] + sorted(set(per_kind) - {k.value for k in MeetingKind})
    lines = tuple(MeetingLine(code, *per_kind.get(code, (0, 0))) for code in codes)
    return ReflectionFigures(
        meetings=sum(line.meetings for line in lines),
        attendances=sum(line.attendances for line in lines),
        distinct_attendees=int(distinct_people or 0),
        by_kind=lines,
    )


# --- files ---------------------------------------------------------------------------------------

FORMATS = ("pdf", "xlsx")


def format_for(path: Path) -> str:
    """``pdf`` or ``xlsx`` from the file name; anything else is refused before any work."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValidationError(
            _("The report can be saved as .pdf or .xlsx, not as “{name}”.").format(name=path.name),
            field="out",
        )
    return suffix


def render_report(
    report: Report, kind: str, *, mask_small: bool = True, logo: bytes | None = None
) -> bytes:
    """The bytes of the report as ``pdf`` or ``xlsx``."""
    from lotsen_desktop.documents.report import report_pdf, report_xlsx

    if kind == "xlsx":
        return report_xlsx(report, mask_small=mask_small)
    return report_pdf(report, mask_small=mask_small, logo=logo)


def save_report(store: Store, report: Report, out: Path, *, mask_small: bool = True) -> Path:
    """Write the report to ``out`` (.pdf or .xlsx) completely or not at all."""
    kind = format_for(out)
    data = render_report(report, kind, mask_small=mask_small, logo=setup.get_office(store).logo)
    write_atomic(out, data)
    return out


def write_report(
    store: Store,
    period: Period,
    out: Path,
    *,
    mask_small: bool = True,
    today: date | None = None,
) -> Report:
    """Compute the figures of ``period`` and save them to ``out``; returns the figures."""
    format_for(out)
    if not out.parent.is_dir():
        raise ValidationError(
            _("The folder {folder} does not exist.").format(folder=out.parent), field="out"
        )
    report = compute_report(store, period, today=today)
    save_report(store, report, out, mask_small=mask_small)
    return report
