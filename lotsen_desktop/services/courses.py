"""Courses (Durchgänge), their sessions, enrolments and attendance."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from lotsen_desktop.domain import names, rules, validation
from lotsen_desktop.domain.names import sort_key
from lotsen_desktop.domain.vocabulary import AttendanceState, ModuleKind, VolunteerStatus
from lotsen_desktop.errors import NotFoundError, ValidationError
from lotsen_desktop.i18n import _
from lotsen_desktop.services import course_lock, enrolment_hints
from lotsen_desktop.services.ids import resolve_id
from lotsen_desktop.services.modules import ModuleRow, get_module
from lotsen_desktop.services.progress import ModuleProgress, course_progress, office_rules
from lotsen_desktop.store.batches import chunks
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import (
    Attendance,
    Course,
    CourseSession,
    Enrolment,
    Module,
    StatusChange,
    Volunteer,
    natural_id,
)

DEFAULT_START_MINUTE = 9 * 60
NOT_ENROLLED = "not_enrolled"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SessionRow:
    id: str
    session_date: date
    start_minute: int
    end_minute: int
    topic: str

    @property
    def minutes(self) -> int:
        return self.end_minute - self.start_minute

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.session_date,
            "start": f"{self.start_minute // 60:02d}:{self.start_minute % 60:02d}",
            "end": f"{self.end_minute // 60:02d}:{self.end_minute % 60:02d}",
            "topic": self.topic,
        }


@dataclass(frozen=True)
class ParticipantRow:
    volunteer_id: str
    given_name: str
    family_name: str
    enrolled_on: date
    birth_date: date | None = None
    title_form: str = "neutral"
    detail: str = ""
    """Birth year, place or short id if another participant has the same name."""

    @property
    def distinct_name(self) -> str:
        """ "Haile, Saida (1990)": the name as the grid shows it."""
        return names.with_detail(f"{self.family_name}, {self.given_name}", self.detail)


@dataclass(frozen=True)
class CourseRow:
    id: str
    title: str
    module_code: str
    module_title: str
    kind: str
    place: str
    trainers: str
    first_date: date | None
    last_date: date | None
    sessions: int
    participants: int
    locked: bool = False
    """Finished and locked (``services.course_lock``)."""

    @property
    def label(self) -> str:
        return course_label(self.title, self.first_date, self.last_date, self.place)

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class CourseDetail:
    id: str
    title: str
    place: str
    trainers: str
    module: ModuleRow
    sessions: tuple[SessionRow, ...]
    participants: tuple[ParticipantRow, ...]

    @property
    def first_date(self) -> date | None:
        return self.sessions[0].session_date if self.sessions else None

    @property
    def last_date(self) -> date | None:
        return self.sessions[-1].session_date if self.sessions else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "place": self.place,
            "trainers": self.trainers,
            "module": self.module.as_dict(),
            "sessions": [s.as_dict() for s in self.sessions],
            "participants": [
                {
                    "volunteer_id": p.volunteer_id,
                    "given_name": p.given_name,
                    "family_name": p.family_name,
                    "enrolled_on": p.enrolled_on,
                }
                for p in self.participants
            ],
        }


@dataclass(frozen=True)
class Cell:
    """One grid cell: a state code (``AttendanceState`` value, ``not_enrolled`` or empty)."""

    state: str
    minutes: int | None = None


@dataclass(frozen=True)
class AttendanceGrid:
    """Participants × sessions with live totals: what the trainer's screen and the sheet show."""

    course: CourseDetail
    cells: dict[tuple[str, str], Cell]
    totals: dict[str, ModuleProgress]
    unit_minutes: int

    def cell(self, volunteer_id: str, session_id: str) -> Cell:
        return self.cells.get((volunteer_id, session_id), Cell(""))


@dataclass(frozen=True)
class EnrolResult:
    enrolled: tuple[str, ...]
    already: tuple[str, ...]
    warnings: tuple[str, ...] = field(default_factory=tuple)


def _course(session: Any, course_id: str) -> Course:
    course = session.get(Course, course_id)
    if course is None:
        raise NotFoundError(_("No course with id {id}.").format(id=course_id))
    return course


def resolve_course_id(store: Store, text: str) -> str:
    """A full id, or a prefix of at least 4 characters that matches exactly one."""
    return resolve_id(store, Course, text, _("No course with id {id}."))


def _check_times(start_minute: int, end_minute: int) -> None:
    if not (0 <= start_minute < end_minute <= 24 * 60):
        raise ValidationError(
            _("A session must end after it starts, on the same day."), field="end"
        )


def add_course(
    store: Store,
    *,
    module_code: str,
    title: str,
    session_dates: Sequence[date | str] = (),
    units_per_session: float | None = None,
    start_minute: int = DEFAULT_START_MINUTE,
    place: str = "",
    trainers: str = "",
) -> str:
    """Create a course of a catalogue module, with sessions on the given dates.

    Without ``units_per_session`` the module's planned units are spread over the sessions.
    """
    title = validation.require_name(title, _("Title"))
    dates = sorted(
        d for d in (validation.parse_date(v, "sessions") for v in session_dates) if d is not None
    )
    with store.uow() as uow:
        module = uow.session.scalars(
            select(Module).where(Module.code == module_code.strip().upper())
        ).first()
        if module is None:
            raise NotFoundError(_("No module with code {code}.").format(code=module_code))
        unit = office_rules(uow.session).unit_minutes
        if units_per_session is not None:
            if not 0 < units_per_session <= 16:
                raise ValidationError(
                    _("Hours per session must be between 0 and 16."), field="hours_per_session"
                )
            minutes = rules.units_to_minutes(units_per_session, unit)
        elif dates:
            minutes = min(max(unit, round(module.planned_minutes / len(dates))), 8 * unit)
        else:
            minutes = 4 * unit
        _check_times(start_minute, start_minute + minutes)
        course = Course(
            module_id=module.id,
            title=title,
            place=validation.clean(place),
            trainers=validation.clean(trainers),
        )
        for day in dates:
            course.sessions.append(
                CourseSession(
                    session_date=day, start_minute=start_minute, end_minute=start_minute + minutes
                )
            )
        uow.session.add(course)
        uow.commit()
        return course.id


def update_course(
    store: Store,
    course_id: str,
    *,
    title: str | None = None,
    place: str | None = None,
    trainers: str | None = None,
) -> None:
    with store.uow() as uow:
        course = _course(uow.session, course_id)
        if title is not None:
            course.title = validation.require_name(title, _("Title"))
        if place is not None:
            course.place = validation.clean(place)
        if trainers is not None:
            course.trainers = validation.clean(trainers)
        uow.commit()


def add_session(
    store: Store,
    *,
    course_id: str,
    session_date: date | str,
    start_minute: int = DEFAULT_START_MINUTE,
    end_minute: int | None = None,
    topic: str = "",
) -> str:
    day = validation.parse_date(session_date, "session_date")
    if day is None:
        raise ValidationError(_("A session needs a date."), field="session_date")
    with store.uow() as uow:
        course = _course(uow.session, course_id)
        course_lock.ensure_editable(uow.session, course_id)
        if end_minute is None:
            end_minute = start_minute + 4 * office_rules(uow.session).unit_minutes
        _check_times(start_minute, end_minute)
        new = CourseSession(
            session_date=day,
            start_minute=start_minute,
            end_minute=end_minute,
            topic=validation.clean(topic),
        )
        course.sessions.append(new)
        uow.commit()
        return new.id


def update_session(
    store: Store,
    session_id: str,
    *,
    session_date: date | str | None = None,
    start_minute: int | None = None,
    end_minute: int | None = None,
    topic: str | None = None,
) -> None:
    """Move a session to another day or time, or change its topic."""
    with store.uow() as uow:
        row = uow.session.get(CourseSession, session_id)
        if row is None:
            raise NotFoundError(_("No session with id {id}.").format(id=session_id))
        course_lock.ensure_editable(uow.session, row.course_id)
        if session_date is not None:
            day = validation.parse_date(session_date, "session_date")
            if day is not None:
                row.session_date = day
        start = row.start_minute if start_minute is None else start_minute
        end = row.end_minute if end_minute is None else end_minute
        _check_times(start, end)
        row.start_minute, row.end_minute = start, end
        if topic is not None:
            row.topic = validation.clean(topic)
        uow.commit()


def remove_session(store: Store, session_id: str) -> None:
    """Remove a session and its attendance marks."""
    with store.uow() as uow:
        row = uow.session.get(CourseSession, session_id)
        if row is None:
            raise NotFoundError(_("No session with id {id}.").format(id=session_id))
        course_lock.ensure_editable(uow.session, row.course_id)
        for mark in uow.session.scalars(
            select(Attendance).where(Attendance.session_id == session_id)
        ):
            uow.session.delete(mark)
        uow.session.delete(row)
        uow.commit()


def delete_course(store: Store, course_id: str) -> None:
    """Delete a course with its sessions, enrolments and marks (a course with certificates stays)."""
    with store.uow() as uow:
        course = _course(uow.session, course_id)
        course_lock.ensure_editable(uow.session, course_id)
        session_ids = [s.id for s in course.sessions]
        if session_ids:
            for mark in uow.session.scalars(
                select(Attendance).where(Attendance.session_id.in_(session_ids))
            ):
                uow.session.delete(mark)
        for enrolment in uow.session.scalars(
            select(Enrolment).where(Enrolment.course_id == course_id)
        ):
            uow.session.delete(enrolment)
        # the ORM does not know that enrolments hang on the course: deleted in one flush, the
        # course could go first, the database's cascade take the enrolments, and the ORM warn
        uow.session.flush()
        uow.session.delete(course)
        uow.commit()


COURSE_SORTS = (
    "period",
    "title",
    "state",
    "kind",
    "place",
    "trainers",
    "sessions",
    "participants",
)
"""What the course list can be sorted by; "period" is the first session's date."""

#: Sorts by a text people read: German collation (``names.fold``), see ``list_course_ids``.
_TEXT_SORTS = {"title": Course.title, "place": Course.place, "trainers": Course.trainers}


def _session_totals(course_ids: Sequence[str] | None = None) -> Any:
    """Per course: first and last session date and the number of sessions (a subquery)."""
    query = select(
        CourseSession.course_id,
        func.min(CourseSession.session_date).label("first_date"),
        func.max(CourseSession.session_date).label("last_date"),
        func.count(CourseSession.id).label("sessions"),
    )
    if course_ids is not None:
        query = query.where(CourseSession.course_id.in_(course_ids))
    return query.group_by(CourseSession.course_id).subquery()


def _enrolment_totals(course_ids: Sequence[str] | None = None) -> Any:
    query = select(Enrolment.course_id, func.count(Enrolment.id).label("participants"))
    if course_ids is not None:
        query = query.where(Enrolment.course_id.in_(course_ids))
    return query.group_by(Enrolment.course_id).subquery()


def _course_search(query: Any, search: str) -> Any:
    text = search.strip()
    if text:
        query = query.where(
            Course.title.ilike("%" + text + "%") | Module.title.ilike("%" + text + "%")
        )
    return query


def list_course_ids(
    store: Store, *, search: str = "", sort: str = "period", descending: bool = True
) -> list[str]:
    """Ids of the courses matching ``search`` (title or module title), in the list's order.

    Only ids: the Kurse page holds them and reads the rows it paints in pages
    (``course_rows``), so that the 6,666 courses of a large office are not built as rows at
    once. Filtered in SQL; sorted in SQL except for the text columns (title, place, trainers):
    SQLite has no German collation, so those pairs of id and text are put in order here with
    ``names.fold`` (umlauts as their base letter, case and accents ignored, the spelling
    breaking ties). Ties go by the newest first session, then by id; a course without sessions
    counts as older than any. The default is the newest first (``list_courses``' order).
    """
    with store.new_session() as session:
        return [row.id for row in _sorted_courses(session, search, sort, descending, whole=False)]


def _sorted_courses(
    session: Any, search: str, sort: str, descending: bool, *, whole: bool
) -> list[Any]:
    """The courses' ids (``whole``: with every column of a ``CourseRow``) in the list's order;
    see ``list_course_ids``."""
    if sort not in COURSE_SORTS:
        raise ValidationError(_("Cannot sort by {name}.").format(name=sort))
    sessions = _session_totals()
    people = _enrolment_totals()
    newest = [sessions.c.first_date.is_(None).asc(), sessions.c.first_date.desc()]
    columns: list[Any] = [Course.id]
    if whole:
        columns += _row_columns(sessions, people)
    elif sort in _TEXT_SORTS:
        columns.append(_TEXT_SORTS[sort].label(sort))
    query = (
        select(*columns)
        .join(Module, Module.id == Course.module_id)
        .outerjoin(sessions, sessions.c.course_id == Course.id)
    )
    if whole or sort == "participants":
        query = query.outerjoin(people, people.c.course_id == Course.id)
    query = _course_search(query, search)
    if sort in _TEXT_SORTS:
        rows = list(session.execute(query.order_by(*newest, Course.id)))
        rows.sort(
            key=lambda row: (names.fold(getattr(row, sort) or ""), getattr(row, sort) or ""),
            reverse=descending,
        )
        return rows
    keys: list[Any]
    if sort == "period":
        keys = [sessions.c.first_date.is_not(None), sessions.c.first_date]
    elif sort == "state":
        today = date.today()
        keys = [
            case(
                (sessions.c.first_date.is_(None), 3),
                (sessions.c.first_date > today, 1),
                (sessions.c.last_date < today, 2),
                else_=0,
            )
        ]
    elif sort == "kind":
        labels = sorted(ModuleKind, key=lambda kind: names.fold(str(kind.label)))
        keys = [
            case(
                *((Module.kind == kind.value, rank) for rank, kind in enumerate(labels)),
                else_=len(labels),
            )
        ]
    elif sort == "sessions":
        keys = [func.coalesce(sessions.c.sessions, 0)]
    else:
        keys = [func.coalesce(people.c.participants, 0)]
    ordered = [key.desc() if descending else key.asc() for key in keys]
    if sort != "period":
        ordered += newest
    return list(session.execute(query.order_by(*ordered, Course.id.asc())))


def _row_columns(sessions: Any, people: Any) -> list[Any]:
    """The columns of a ``CourseRow`` but the id (``_course_row`` makes the row)."""
    return [
        Course.title,
        Course.place,
        Course.trainers,
        Module.code,
        Module.title.label("module_title"),
        Module.kind,
        sessions.c.first_date,
        sessions.c.last_date,
        func.coalesce(sessions.c.sessions, 0).label("sessions"),
        func.coalesce(people.c.participants, 0).label("participants"),
        course_lock.latest_action(Course.id).label("lock_action"),
    ]


def _course_row(r: Any) -> CourseRow:
    return CourseRow(
        id=r.id,
        title=r.title,
        module_code=r.code,
        module_title=r.module_title,
        kind=r.kind,
        place=r.place,
        trainers=r.trainers,
        first_date=r.first_date,
        last_date=r.last_date,
        sessions=int(r.sessions),
        participants=int(r.participants),
        locked=r.lock_action in course_lock.LOCKING,
    )


def course_rows(store: Store, ids: Sequence[str]) -> list[CourseRow]:
    """The rows of ``ids`` (from ``list_course_ids``) in the order given; ids of courses
    deleted since the ids were read are left out."""
    found: dict[str, CourseRow] = {}
    with store.new_session() as session:
        for chunk in chunks(ids, 500):
            sessions = _session_totals(chunk)
            people = _enrolment_totals(chunk)
            query = (
                select(Course.id, *_row_columns(sessions, people))
                .join(Module, Module.id == Course.module_id)
                .outerjoin(sessions, sessions.c.course_id == Course.id)
                .outerjoin(people, people.c.course_id == Course.id)
                .where(Course.id.in_(chunk))
            )
            for r in session.execute(query):
                found[r.id] = _course_row(r)
    return [found[i] for i in ids if i in found]


def list_courses(
    store: Store, *, search: str = "", sort: str = "period", descending: bool = True
) -> list[CourseRow]:
    """All courses matching ``search``, newest first (or as ``list_course_ids`` sorts them):
    the whole list in one read, for the command line and short lists."""
    with store.new_session() as session:
        return [
            _course_row(r) for r in _sorted_courses(session, search, sort, descending, whole=True)
        ]


def get_course(store: Store, course_id: str) -> CourseDetail:
    with store.new_session() as session:
        course = _course(session, course_id)
        module_code = course.module.code
        sessions = tuple(
            SessionRow(s.id, s.session_date, s.start_minute, s.end_minute, s.topic)
            for s in course.sessions
        )
        people = session.execute(
            select(
                Volunteer.id,
                Volunteer.given_name,
                Volunteer.family_name,
                Volunteer.birth_date,
                Volunteer.title_form,
                Volunteer.sort_key,
                Volunteer.city,
                Enrolment.enrolled_on,
            )
            .join(Enrolment, Enrolment.volunteer_id == Volunteer.id)
            .where(Enrolment.course_id == course_id)
            .order_by(Volunteer.sort_key)
        ).all()
        detail_fields = {
            "id": course.id,
            "title": course.title,
            "place": course.place,
            "trainers": course.trainers,
        }
    namesakes: dict[str, list[names.Namesake]] = {}
    for p in people:
        namesakes.setdefault(p.sort_key, []).append(
            names.Namesake(p.id, p.birth_date.year if p.birth_date else None, p.city or "")
        )
    details: dict[str, str] = {}
    for group in namesakes.values():
        details.update(names.distinguishing_details(group))
    return CourseDetail(
        **detail_fields,
        module=get_module(store, module_code),
        sessions=sessions,
        participants=tuple(
            ParticipantRow(
                p.id,
                p.given_name,
                p.family_name,
                p.enrolled_on,
                p.birth_date,
                p.title_form,
                details.get(p.id, ""),
            )
            for p in people
        ),
    )


def enrol_volunteers(
    store: Store,
    *,
    course_id: str,
    volunteer_ids: Sequence[str],
    enrolled_on: date | None = None,
    today: date | None = None,
) -> EnrolResult:
    """Enrol people; by default from the course's first session on.

    A late enrolment (``enrolled_on`` after sessions took place) makes those sessions "not
    enrolled" for that person, never "absent". Enrolling someone in a Nachhaltigkeits- or
    Spezialisierungsmodul before six months of activity gives a warning, not a refusal.
    """
    today = today or date.today()
    enrolled: list[str] = []
    already: list[str] = []
    warnings: list[str] = []
    with store.uow() as uow:
        course = _course(uow.session, course_id)
        course_lock.ensure_editable(uow.session, course_id)
        start = enrolled_on or (course.sessions[0].session_date if course.sessions else today)
        kind = ModuleKind(course.module.kind)
        for volunteer_id in dict.fromkeys(volunteer_ids):
            volunteer = uow.session.get(Volunteer, volunteer_id)
            if volunteer is None:
                raise NotFoundError(_("No volunteer with id {id}.").format(id=volunteer_id))
            enrolment_id = natural_id("enrolment", course_id, volunteer_id)
            if uow.session.get(Enrolment, enrolment_id) is not None:
                already.append(volunteer_id)
                continue
            uow.session.add(
                Enrolment(
                    id=enrolment_id,
                    course_id=course_id,
                    volunteer_id=volunteer_id,
                    enrolled_on=start,
                )
            )
            enrolled.append(volunteer_id)
            if kind is not ModuleKind.BASIS:
                active_since = _active_since(uow.session, volunteer_id)
                if rules.needs_activity_warning(kind, active_since, start):
                    warnings.append(
                        _(
                            "{name} has been active for less than six months; this module is meant for "
                            "Lotsinnen and Lotsen with more experience."
                        ).format(name=f"{volunteer.given_name} {volunteer.family_name}")
                    )
            elif volunteer.status == VolunteerStatus.INTERESTED.value:
                volunteer.status = VolunteerStatus.IN_QUALIFICATION.value
                volunteer.status_history.append(
                    StatusChange(status=VolunteerStatus.IN_QUALIFICATION.value, changed_on=today)
                )
            hint = enrolment_hints.second_basis_hint(uow.session, course_id, volunteer)
            if hint:
                warnings.append(hint)
        uow.commit()
    return EnrolResult(tuple(enrolled), tuple(already), tuple(warnings))


def _active_since(session: Any, volunteer_id: str) -> date | None:
    return session.scalar(
        select(func.min(StatusChange.changed_on)).where(
            StatusChange.volunteer_id == volunteer_id,
            StatusChange.status == VolunteerStatus.ACTIVE.value,
        )
    )


def unenrol_volunteer(store: Store, *, course_id: str, volunteer_id: str) -> None:
    """Take a person off a course, with their marks for its sessions."""
    with store.uow() as uow:
        enrolment = uow.session.get(Enrolment, natural_id("enrolment", course_id, volunteer_id))
        if enrolment is None:
            raise NotFoundError(_("This person is not enrolled in the course."))
        course_lock.ensure_editable(uow.session, course_id)
        session_ids = select(CourseSession.id).where(CourseSession.course_id == course_id)
        for mark in uow.session.scalars(
            select(Attendance).where(
                Attendance.volunteer_id == volunteer_id, Attendance.session_id.in_(session_ids)
            )
        ):
            uow.session.delete(mark)
        uow.session.delete(enrolment)
        uow.commit()


def session_on(store: Store, *, course_id: str, session_date: date | str) -> str:
    """The id of the course's session on a date (the CLI names sessions by date)."""
    day = validation.parse_date(session_date, "session")
    with store.new_session() as session:
        _course(session, course_id)
        ids = session.scalars(
            select(CourseSession.id)
            .where(CourseSession.course_id == course_id, CourseSession.session_date == day)
            .order_by(CourseSession.start_minute)
        ).all()
    if not ids:
        raise NotFoundError(
            _("The course has no session on {date}.").format(
                date=day.strftime("%d.%m.%Y") if day else ""
            )
        )
    return ids[0]


def set_attendance(
    store: Store,
    *,
    course_id: str,
    session_id: str,
    volunteer_ids: Sequence[str],
    state: str | None,
    minutes: int | None = None,
    today: date | None = None,
) -> None:
    """Mark people at one session; ``state=None`` clears the mark.

    Marks use ids derived from session and person, so two trainers' laptops marking the same
    cell produce the same row and merge. A session still to come can only be excused in advance:
    nobody can have been present at it yet.
    """
    state_value: str | None = None
    if state is not None:
        try:
            state_value = AttendanceState.parse(state).value
        except ValueError:
            raise ValidationError(
                _("Unknown attendance state: {state}").format(state=state)
            ) from None
    for attempt in range(_MARK_ATTEMPTS):
        try:
            _set_attendance(
                store, course_id, session_id, volunteer_ids, state_value, minutes, today
            )
            return
        except (IntegrityError, StaleDataError):
            # another PC created (or removed) the same mark (its natural id) at the same moment; the next
            # attempt finds that mark and overwrites it: the last save wins, nothing is lost
            if attempt == _MARK_ATTEMPTS - 1:
                raise
            log.info("attendance mark created meanwhile by another writer; saving again")


_MARK_ATTEMPTS = 3


def _set_attendance(
    store: Store,
    course_id: str,
    session_id: str,
    volunteer_ids: Sequence[str],
    state_value: str | None,
    minutes: int | None,
    today: date | None,
) -> None:
    with store.uow() as uow:
        row = uow.session.get(CourseSession, session_id)
        if row is None or row.course_id != course_id:
            raise NotFoundError(_("No session with id {id}.").format(id=session_id))
        course_lock.ensure_editable(uow.session, course_id)
        if state_value not in (None, AttendanceState.EXCUSED.value) and row.session_date > (
            today or date.today()
        ):
            raise ValidationError(
                _(
                    "The session on {date} has not taken place yet; only an excuse can be recorded."
                ).format(date=row.session_date.strftime("%d.%m.%Y")),
                field="state",
            )
        length = row.end_minute - row.start_minute
        if state_value == AttendanceState.PARTIAL.value and (
            minutes is None or not 0 < minutes < length
        ):
            raise ValidationError(
                _("Partial attendance needs minutes between 1 and {max}.").format(max=length - 1),
                field="minutes",
            )
        enrolments = {
            e.volunteer_id: e.enrolled_on
            for e in uow.session.scalars(select(Enrolment).where(Enrolment.course_id == course_id))
        }
        for volunteer_id in dict.fromkeys(volunteer_ids):
            if volunteer_id not in enrolments:
                raise ValidationError(_("This person is not enrolled in the course."))
            if row.session_date < enrolments[volunteer_id]:
                raise ValidationError(
                    _("The person was not yet enrolled on {date}.").format(
                        date=row.session_date.strftime("%d.%m.%Y")
                    )
                )
            mark_id = natural_id("attendance", session_id, volunteer_id)
            mark = uow.session.get(Attendance, mark_id)
            if state_value is None:
                if mark is not None:
                    uow.session.delete(mark)
                continue
            kept_minutes = minutes if state_value == AttendanceState.PARTIAL.value else None
            if mark is None:
                uow.session.add(
                    Attendance(
                        id=mark_id,
                        session_id=session_id,
                        volunteer_id=volunteer_id,
                        state=state_value,
                        minutes=kept_minutes,
                    )
                )
            else:
                mark.state, mark.minutes = state_value, kept_minutes
        uow.commit()


def mark_all_present(store: Store, *, course_id: str, session_id: str) -> int:
    """ "Alle anwesend": everyone enrolled by that session's date; returns how many."""
    with store.new_session() as session:
        row = session.get(CourseSession, session_id)
        if row is None:
            raise NotFoundError(_("No session with id {id}.").format(id=session_id))
        ids = session.scalars(
            select(Enrolment.volunteer_id).where(
                Enrolment.course_id == course_id, Enrolment.enrolled_on <= row.session_date
            )
        ).all()
    set_attendance(
        store,
        course_id=course_id,
        session_id=session_id,
        volunteer_ids=list(ids),
        state=AttendanceState.PRESENT.value,
    )
    return len(ids)


def attendance_grid(store: Store, course_id: str) -> AttendanceGrid:
    course = get_course(store, course_id)
    with store.new_session() as session:
        unit = office_rules(session).unit_minutes
        session_ids = [s.id for s in course.sessions]
        marks = (
            session.execute(
                select(
                    Attendance.volunteer_id,
                    Attendance.session_id,
                    Attendance.state,
                    Attendance.minutes,
                ).where(Attendance.session_id.in_(session_ids))
            ).all()
            if session_ids
            else []
        )
    cells: dict[tuple[str, str], Cell] = {}
    for person in course.participants:
        for s in course.sessions:
            if s.session_date < person.enrolled_on:
                cells[(person.volunteer_id, s.id)] = Cell(NOT_ENROLLED)
    for mark in marks:
        key = (mark.volunteer_id, mark.session_id)
        if cells.get(key, Cell("")).state != NOT_ENROLLED:
            cells[key] = Cell(mark.state, mark.minutes)
    return AttendanceGrid(
        course=course, cells=cells, totals=course_progress(store, course_id), unit_minutes=unit
    )


def participants_sorted(participants: Sequence[ParticipantRow]) -> list[ParticipantRow]:
    return sorted(participants, key=lambda p: sort_key(p.family_name, p.given_name))


def course_label(title: str, first: date | None, last: date | None, place: str = "") -> str:
    """A course as pickers show it: title, dates and place ("Basis (07.03.–28.03.2026, VHS)").

    Titles alone repeat every year ("Basisqualifizierung"); dates and place tell runs apart.
    """
    parts: list[str] = []
    if first is not None:
        if last is None or last == first:
            parts.append(first.strftime("%d.%m.%Y"))
        elif first.year == last.year:
            parts.append(f"{first.strftime('%d.%m.')}–{last.strftime('%d.%m.%Y')}")
        else:
            parts.append(f"{first.strftime('%d.%m.%Y')}–{last.strftime('%d.%m.%Y')}")
    if place.strip():
        parts.append(place.strip())
    return f"{title} ({', '.join(parts)})" if parts else title


def course_choices(store: Store) -> list[tuple[str, str]]:
    """(label, id) of every course in the order of ``list_courses`` (newest first).

    The label is ``course_label``: title, dates and place. For filter lists built when a page
    opens: it reads only the session dates per course, not the participant counts, so it stays
    quick with years of courses.
    """
    dates = (
        select(
            CourseSession.course_id,
            func.min(CourseSession.session_date).label("first_date"),
            func.max(CourseSession.session_date).label("last_date"),
        )
        .group_by(CourseSession.course_id)
        .subquery()
    )
    query = (
        select(Course.id, Course.title, Course.place, dates.c.first_date, dates.c.last_date)
        .join(Module, Module.id == Course.module_id)
        .outerjoin(dates, dates.c.course_id == Course.id)
        .order_by(dates.c.first_date.desc(), Course.title)
    )
    with store.new_session() as session:
        return [
            (course_label(row.title, row.first_date, row.last_date, row.place), row.id)
            for row in session.execute(query)
        ]
