"""Qualification progress, computed in SQL from attendance: for one person or everyone at once.

The SQL mirrors ``domain.rules`` (tests check both agree): present counts the session's minutes,
partial its recorded minutes (at most the session's), excused and absent nothing; sessions before
a person's enrolment are "not enrolled" and never count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Integer, and_, case, cast, func, select
from sqlalchemy.orm import Session

from lotsen_desktop.domain import rules
from lotsen_desktop.domain.vocabulary import ModuleKind
from lotsen_desktop.errors import NotFoundError
from lotsen_desktop.i18n import _
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import (
    Attendance,
    Course,
    CourseSession,
    Enrolment,
    Module,
    Office,
    Volunteer,
)


@dataclass(frozen=True)
class ModuleProgress:
    """One person's standing in one course run of a module."""

    module_code: str
    module_title: str
    kind: str
    course_id: str
    course_title: str
    first_date: date | None
    last_date: date | None
    planned_minutes: int
    attended_minutes: int
    required_minutes: int
    completed: bool
    completed_on: date | None

    def as_dict(self, unit_minutes: int) -> dict[str, Any]:
        return {
            "code": self.module_code,
            "title": self.module_title,
            "kind": self.kind,
            "course_id": self.course_id,
            "course_title": self.course_title,
            "attended_hours": round(rules.minutes_to_units(self.attended_minutes, unit_minutes), 2),
            "required_hours": round(rules.minutes_to_units(self.required_minutes, unit_minutes), 2),
            "planned_hours": round(rules.minutes_to_units(self.planned_minutes, unit_minutes), 2),
            "completed": self.completed,
            "completed_on": self.completed_on,
        }


@dataclass(frozen=True)
class Progress:
    volunteer_id: str
    qualified: bool
    qualified_on: date | None
    unit_minutes: int
    modules: tuple[ModuleProgress, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "volunteer_id": self.volunteer_id,
            "qualified": self.qualified,
            "qualified_on": self.qualified_on,
            "unit_minutes": self.unit_minutes,
            "modules": [m.as_dict(self.unit_minutes) for m in self.modules],
        }


@dataclass(frozen=True)
class OfficeRules:
    unit_minutes: int
    threshold_percent: int
    specialisations_required: int


def office_rules(session: Session) -> OfficeRules:
    office = session.scalars(select(Office).limit(1)).first()
    if office is None:
        return OfficeRules(
            rules.DEFAULT_UNIT_MINUTES,
            rules.DEFAULT_THRESHOLD_PERCENT,
            rules.DEFAULT_SPECIALISATIONS_REQUIRED,
        )
    return OfficeRules(
        office.unit_minutes, office.threshold_percent, office.specialisations_required
    )


def _session_minutes() -> Any:
    return CourseSession.end_minute - CourseSession.start_minute


def _attended_expression() -> Any:
    """Minutes one attendance row counts (NULL rows count nothing)."""
    minutes = _session_minutes()
    return case(
        (Attendance.state == "present", minutes),
        (
            Attendance.state == "partial",
            case(
                (Attendance.minutes > minutes, minutes), else_=func.coalesce(Attendance.minutes, 0)
            ),
        ),
        else_=0,
    )


def course_results_query(
    default_threshold: int,
    volunteer_ids: Sequence[str] | None = None,
    course_id: str | None = None,
) -> Any:
    """One row per enrolment: attended, planned and required minutes, completed, course dates.

    ``course_id`` limits it to one course inside the grouped subqueries too (SQLite does not
    push an outer condition into them), so one course does not group everyone's attendance.
    """
    dates_query = select(
        CourseSession.course_id.label("course_id"),
        func.min(CourseSession.session_date).label("first_date"),
        func.max(CourseSession.session_date).label("last_date"),
    ).group_by(CourseSession.course_id)
    if course_id is not None:
        dates_query = dates_query.where(CourseSession.course_id == course_id)
    dates = dates_query.subquery()
    attended = (
        select(
            Enrolment.volunteer_id.label("volunteer_id"),
            Enrolment.course_id.label("course_id"),
            func.coalesce(func.sum(_attended_expression()), 0).label("attended"),
        )
        .select_from(Enrolment)
        .join(CourseSession, CourseSession.course_id == Enrolment.course_id)
        .join(
            Attendance,
            and_(
                Attendance.session_id == CourseSession.id,
                Attendance.volunteer_id == Enrolment.volunteer_id,
            ),
        )
        .where(CourseSession.session_date >= Enrolment.enrolled_on)
        .group_by(Enrolment.volunteer_id, Enrolment.course_id)
    )
    if volunteer_ids is not None:
        attended = attended.where(Enrolment.volunteer_id.in_(list(volunteer_ids)))
    if course_id is not None:
        attended = attended.where(Enrolment.course_id == course_id)
    attended_sq = attended.subquery()
    threshold = func.coalesce(Module.threshold_percent, default_threshold)
    required = cast((Module.planned_minutes * threshold + 99) // 100, Integer)
    attended_minutes = func.coalesce(attended_sq.c.attended, 0)
    query = (
        select(
            Enrolment.volunteer_id,
            Enrolment.course_id,
            Course.title.label("course_title"),
            Module.code.label("module_code"),
            Module.title.label("module_title"),
            Module.kind,
            Module.planned_minutes,
            attended_minutes.label("attended"),
            required.label("required"),
            (and_(Module.planned_minutes > 0, attended_minutes >= required)).label("completed"),
            dates.c.first_date,
            dates.c.last_date,
        )
        .select_from(Enrolment)
        .join(Course, Course.id == Enrolment.course_id)
        .join(Module, Module.id == Course.module_id)
        .outerjoin(dates, dates.c.course_id == Enrolment.course_id)
        .outerjoin(
            attended_sq,
            and_(
                attended_sq.c.volunteer_id == Enrolment.volunteer_id,
                attended_sq.c.course_id == Enrolment.course_id,
            ),
        )
    )
    if volunteer_ids is not None:
        query = query.where(Enrolment.volunteer_id.in_(list(volunteer_ids)))
    if course_id is not None:
        query = query.where(Enrolment.course_id == course_id)
    return query


def _to_progress(row: Any) -> ModuleProgress:
    completed = bool(row.completed)
    return ModuleProgress(
        module_code=row.module_code,
        module_title=row.module_title,
        kind=row.kind,
        course_id=row.course_id,
        course_title=row.course_title,
        first_date=row.first_date,
        last_date=row.last_date,
        planned_minutes=int(row.planned_minutes),
        attended_minutes=int(row.attended),
        required_minutes=int(row.required),
        completed=completed,
        completed_on=row.last_date if completed else None,
    )


def _best_per_module(results: Iterable[ModuleProgress]) -> list[ModuleProgress]:
    """If a person took a module twice, the completed (earliest) or best run counts."""
    best: dict[str, ModuleProgress] = {}
    for result in results:
        current = best.get(result.module_code)
        if current is None or _better(result, current):
            best[result.module_code] = result
    order = {
        ModuleKind.BASIS.value: 0,
        ModuleKind.NACHHALTIGKEIT.value: 1,
        ModuleKind.SPEZIALISIERUNG.value: 2,
    }
    return sorted(
        best.values(), key=lambda r: (order.get(r.kind, 9), r.first_date or date.max, r.module_code)
    )


def _better(candidate: ModuleProgress, current: ModuleProgress) -> bool:
    if candidate.completed != current.completed:
        return candidate.completed
    if candidate.completed:
        return (candidate.completed_on or date.max) < (current.completed_on or date.max)
    return candidate.attended_minutes > current.attended_minutes


def _as_rule_results(results: Iterable[ModuleProgress]) -> list[rules.ModuleResult]:
    return [
        rules.ModuleResult(
            module_code=r.module_code,
            kind=ModuleKind(r.kind),
            attended_minutes=r.attended_minutes,
            required_minutes=r.required_minutes,
            completed=r.completed,
            completed_on=r.completed_on,
        )
        for r in results
    ]


def volunteer_progress(store: Store, volunteer_id: str) -> Progress:
    """Modules, hours, completion and qualification of one person."""
    with store.new_session() as session:
        if session.get(Volunteer, volunteer_id) is None:
            raise NotFoundError(_("No volunteer with id {id}.").format(id=volunteer_id))
        office = office_rules(session)
        rows = session.execute(course_results_query(office.threshold_percent, [volunteer_id])).all()
    modules = _best_per_module(_to_progress(row) for row in rows)
    rule_results = _as_rule_results(modules)
    return Progress(
        volunteer_id=volunteer_id,
        qualified=rules.is_qualified(rule_results, office.specialisations_required),
        qualified_on=rules.qualified_on(rule_results, office.specialisations_required),
        unit_minutes=office.unit_minutes,
        modules=tuple(modules),
    )


def qualified_dates(
    session: Session, volunteer_ids: Sequence[str] | None = None
) -> dict[str, date]:
    """Qualified-since date per qualified person (all of them when ``volunteer_ids`` is None)."""
    office = office_rules(session)
    per_person: dict[str, list[ModuleProgress]] = defaultdict(list)
    ids = list(volunteer_ids) if volunteer_ids is not None else None
    chunks: list[list[str] | None] = (
        [ids[i : i + 500] for i in range(0, len(ids), 500)] if ids else [None]
    )
    if ids == []:
        return {}
    for chunk in chunks:
        for row in session.execute(course_results_query(office.threshold_percent, chunk)):
            if row.completed:
                per_person[row.volunteer_id].append(_to_progress(row))
    result: dict[str, date] = {}
    for person, results in per_person.items():
        when = rules.qualified_on(
            _as_rule_results(_best_per_module(results)), office.specialisations_required
        )
        if when is not None:
            result[person] = when
    return result


def progress_overview(store: Store) -> dict[str, Progress]:
    """Everyone's progress at once (statistics, eligibility lists): one query."""
    with store.new_session() as session:
        office = office_rules(session)
        per_person: dict[str, list[ModuleProgress]] = defaultdict(list)
        for row in session.execute(course_results_query(office.threshold_percent)):
            per_person[row.volunteer_id].append(_to_progress(row))
    overview: dict[str, Progress] = {}
    for person, results in per_person.items():
        modules = _best_per_module(results)
        rule_results = _as_rule_results(modules)
        overview[person] = Progress(
            volunteer_id=person,
            qualified=rules.is_qualified(rule_results, office.specialisations_required),
            qualified_on=rules.qualified_on(rule_results, office.specialisations_required),
            unit_minutes=office.unit_minutes,
            modules=tuple(modules),
        )
    return overview


def course_progress(store: Store, course_id: str) -> dict[str, ModuleProgress]:
    """Each participant's standing in one course (the attendance grid's totals and markers)."""
    with store.new_session() as session:
        office = office_rules(session)
        query = course_results_query(office.threshold_percent, course_id=course_id)
        return {row.volunteer_id: _to_progress(row) for row in session.execute(query)}


def progress_of(store: Store, volunteer_ids: Sequence[str]) -> dict[str, Progress]:
    """Several people's progress (a course batch of certificates): one query per 500 people.

    People without any enrolment are missing from the result.
    """
    ids = list(dict.fromkeys(volunteer_ids))
    per_person: dict[str, list[ModuleProgress]] = defaultdict(list)
    with store.new_session() as session:
        office = office_rules(session)
        for start in range(0, len(ids), 500):
            query = course_results_query(office.threshold_percent, ids[start : start + 500])
            for row in session.execute(query):
                per_person[row.volunteer_id].append(_to_progress(row))
    result: dict[str, Progress] = {}
    for person, results in per_person.items():
        modules = _best_per_module(results)
        rule_results = _as_rule_results(modules)
        result[person] = Progress(
            volunteer_id=person,
            qualified=rules.is_qualified(rule_results, office.specialisations_required),
            qualified_on=rules.qualified_on(rule_results, office.specialisations_required),
            unit_minutes=office.unit_minutes,
            modules=tuple(modules),
        )
    return result
