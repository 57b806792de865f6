"""Qualification progress: for one person, one course or everyone at once.

The readers take the figures ``services.qualification`` keeps up to date in the ``figure_*``
tables; ``course_results_query`` and ``compute_from_scratch`` derive the same figures from all
attendance (the rebuild and the consistency check use them).

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

from sqlalchemy import BindParameter, Connection, Integer, and_, case, cast, func, select
from sqlalchemy.orm import Session

from lotsen_desktop.domain import rules
from lotsen_desktop.domain.vocabulary import AttendanceState, ModuleKind
from lotsen_desktop.errors import NotFoundError
from lotsen_desktop.i18n import _
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import (
    Attendance,
    Course,
    CourseSession,
    Enrolment,
    EnrolmentFigure,
    Module,
    ModuleFigure,
    Office,
    QualificationFigure,
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


def office_rules(session: Session | Connection) -> OfficeRules:
    """The office's rule settings (defaults before the office row exists)."""
    office = session.execute(
        select(Office.unit_minutes, Office.threshold_percent, Office.specialisations_required)
        .order_by(Office.id)
        .limit(1)
    ).first()
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
        (Attendance.state == AttendanceState.PRESENT.value, minutes),
        (
            Attendance.state == AttendanceState.PARTIAL.value,
            case(
                (Attendance.minutes > minutes, minutes), else_=func.coalesce(Attendance.minutes, 0)
            ),
        ),
        else_=0,
    )


def course_results_query(
    default_threshold: int, volunteer_ids: Sequence[str] | BindParameter[Any] | None = None
) -> Any:
    """One row per enrolment: attended, planned and required minutes, completed, course dates.

    ``volunteer_ids`` may be an expanding bind parameter, so a caller can build the query once.
    """
    if volunteer_ids is not None and not isinstance(volunteer_ids, BindParameter):
        volunteer_ids = list(volunteer_ids)
    dates_query = select(
        CourseSession.course_id.label("course_id"),
        func.min(CourseSession.session_date).label("first_date"),
        func.max(CourseSession.session_date).label("last_date"),
    ).group_by(CourseSession.course_id)
    if volunteer_ids is not None:
        dates_query = dates_query.where(
            CourseSession.course_id.in_(
                select(Enrolment.course_id).where(Enrolment.volunteer_id.in_(volunteer_ids))
            )
        )
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
        attended = attended.where(Enrolment.volunteer_id.in_(volunteer_ids))
    attended_sq = attended.subquery()
    threshold = func.coalesce(Module.threshold_percent, default_threshold)
    required = cast((Module.planned_minutes * threshold + 99) // 100, Integer)
    attended_minutes = func.coalesce(attended_sq.c.attended, 0)
    query = (
        select(
            Enrolment.id.label("enrolment_id"),
            Enrolment.volunteer_id,
            Enrolment.course_id,
            Module.id.label("module_id"),
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
        query = query.where(Enrolment.volunteer_id.in_(volunteer_ids))
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
    return _sorted_modules(best.values())


def _better(candidate: ModuleProgress, current: ModuleProgress) -> bool:
    return run_rank(
        candidate.completed, candidate.completed_on, candidate.attended_minutes, candidate.course_id
    ) < run_rank(
        current.completed, current.completed_on, current.attended_minutes, current.course_id
    )


def run_rank(
    completed: bool, completed_on: date | None, attended_minutes: int, course_id: str
) -> tuple[int, date, int, str]:
    """Order of the runs of one module (smallest counts): completed first, the earliest; else
    the most minutes; the course id decides a tie, so every machine picks the same run."""
    if completed:
        return (0, completed_on or date.max, 0, course_id)
    return (1, date.min, -attended_minutes, course_id)


def _sorted_modules(results: Iterable[ModuleProgress]) -> list[ModuleProgress]:
    order = {
        ModuleKind.BASIS.value: 0,
        ModuleKind.NACHHALTIGKEIT.value: 1,
        ModuleKind.SPEZIALISIERUNG.value: 2,
    }
    return sorted(
        results, key=lambda r: (order.get(r.kind, 9), r.first_date or date.max, r.module_code)
    )


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


def _figure_query() -> Any:
    """The stored figures of enrolments, with what a reader shows of course and module."""
    return (
        select(
            EnrolmentFigure.volunteer_id,
            EnrolmentFigure.course_id,
            Course.title.label("course_title"),
            Module.code.label("module_code"),
            Module.title.label("module_title"),
            Module.kind,
            Module.planned_minutes,
            EnrolmentFigure.attended_minutes.label("attended"),
            EnrolmentFigure.required_minutes.label("required"),
            EnrolmentFigure.completed,
            EnrolmentFigure.first_date,
            EnrolmentFigure.last_date,
        )
        .select_from(EnrolmentFigure)
        .join(Course, Course.id == EnrolmentFigure.course_id)
        .join(Module, Module.id == EnrolmentFigure.module_id)
    )


def _counting_runs() -> Any:
    return _figure_query().join(
        ModuleFigure, ModuleFigure.enrolment_id == EnrolmentFigure.enrolment_id
    )


def volunteer_progress(store: Store, volunteer_id: str) -> Progress:
    """Modules, hours, completion and qualification of one person."""
    with store.new_session() as session:
        if session.get(Volunteer, volunteer_id) is None:
            raise NotFoundError(_("No volunteer with id {id}.").format(id=volunteer_id))
        office = office_rules(session)
        rows = session.execute(
            _counting_runs().where(ModuleFigure.volunteer_id == volunteer_id)
        ).all()
        qualification = session.get(QualificationFigure, volunteer_id)
    return Progress(
        volunteer_id=volunteer_id,
        qualified=qualification is not None,
        qualified_on=qualification.qualified_on if qualification is not None else None,
        unit_minutes=office.unit_minutes,
        modules=tuple(_sorted_modules(_to_progress(row) for row in rows)),
    )


def qualified_dates(
    session: Session, volunteer_ids: Sequence[str] | None = None
) -> dict[str, date]:
    """Qualified-since date per qualified person (all of them when ``volunteer_ids`` is None)."""
    query = select(QualificationFigure.volunteer_id, QualificationFigure.qualified_on).where(
        QualificationFigure.qualified_on.is_not(None)
    )
    if volunteer_ids is None:
        return {row.volunteer_id: row.qualified_on for row in session.execute(query)}
    ids = list(volunteer_ids)
    result: dict[str, date] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in session.execute(query.where(QualificationFigure.volunteer_id.in_(chunk))):
            result[row.volunteer_id] = row.qualified_on
    return result


def qualified_count(session: Session) -> int:
    """How many people are qualified."""
    return int(session.scalar(select(func.count()).select_from(QualificationFigure)) or 0)


def progress_overview(store: Store) -> dict[str, Progress]:
    """Everyone's progress at once (statistics, eligibility lists), from the stored figures."""
    with store.new_session() as session:
        office = office_rules(session)
        catalogue = {
            m.id: (m.code, m.title, m.kind, int(m.planned_minutes))
            for m in session.execute(
                select(Module.id, Module.code, Module.title, Module.kind, Module.planned_minutes)
            )
        }
        titles: dict[str, str] = {
            row.id: row.title for row in session.execute(select(Course.id, Course.title))
        }
        e = EnrolmentFigure
        runs = select(
            e.volunteer_id,
            e.course_id,
            e.module_id,
            e.attended_minutes,
            e.required_minutes,
            e.completed,
            e.completed_on,
            e.first_date,
            e.last_date,
        ).join(ModuleFigure, ModuleFigure.enrolment_id == e.enrolment_id)
        per_person: dict[str, list[ModuleProgress]] = defaultdict(list)
        for (
            person,
            course_id,
            module_id,
            attended,
            required,
            done,
            done_on,
            first,
            last,
        ) in session.execute(runs):
            code, title, kind, planned = catalogue[module_id]
            per_person[person].append(
                ModuleProgress(
                    code,
                    title,
                    kind,
                    course_id,
                    titles[course_id],
                    first,
                    last,
                    planned,
                    attended,
                    required,
                    bool(done),
                    done_on,
                )
            )
        qualified = {
            row.volunteer_id: row.qualified_on
            for row in session.execute(
                select(QualificationFigure.volunteer_id, QualificationFigure.qualified_on)
            )
        }
    return {
        person: Progress(
            volunteer_id=person,
            qualified=person in qualified,
            qualified_on=qualified.get(person),
            unit_minutes=office.unit_minutes,
            modules=tuple(results if len(results) == 1 else _sorted_modules(results)),
        )
        for person, results in per_person.items()
    }


def course_progress(store: Store, course_id: str) -> dict[str, ModuleProgress]:
    """Each participant's standing in one course (the attendance grid's totals and markers)."""
    with store.new_session() as session:
        query = _figure_query().where(EnrolmentFigure.course_id == course_id)
        return {row.volunteer_id: _to_progress(row) for row in session.execute(query)}


# --- from scratch: the reference the stored figures are checked against ------------------------

EnrolmentValues = tuple[str, str, str, int, int, bool, date | None, date | None, date | None]
"""volunteer, course, module, attended, required, completed, completed_on, first and last date"""


@dataclass
class Figures:
    """All derived figures in a comparable form: per enrolment, per person and module, per person."""

    enrolments: dict[str, EnrolmentValues]
    modules: dict[tuple[str, str], tuple[str, date | None]]
    qualified: dict[str, date | None]


def compute_from_scratch(session: Session | Connection) -> Figures:
    """Every figure derived again from all attendance (slow at 100,000; for checks and tests)."""
    office = office_rules(session)
    enrolments: dict[str, EnrolmentValues] = {}
    per_person: dict[str, list[ModuleProgress]] = defaultdict(list)
    run_ids: dict[tuple[str, str], str] = {}
    module_ids: dict[str, str] = {}
    for row in session.execute(course_results_query(office.threshold_percent)):
        result = _to_progress(row)
        enrolments[row.enrolment_id] = (
            row.volunteer_id,
            row.course_id,
            row.module_id,
            result.attended_minutes,
            result.required_minutes,
            result.completed,
            result.completed_on,
            result.first_date,
            result.last_date,
        )
        per_person[row.volunteer_id].append(result)
        run_ids[(row.volunteer_id, row.course_id)] = row.enrolment_id
        module_ids[row.module_code] = row.module_id
    modules: dict[tuple[str, str], tuple[str, date | None]] = {}
    qualified: dict[str, date | None] = {}
    for person, results in per_person.items():
        best = _best_per_module(results)
        for r in best:
            modules[(person, module_ids[r.module_code])] = (
                run_ids[(person, r.course_id)],
                r.completed_on,
            )
        rule_results = _as_rule_results(best)
        if rules.is_qualified(rule_results, office.specialisations_required):
            qualified[person] = rules.qualified_on(rule_results, office.specialisations_required)
    return Figures(enrolments, modules, qualified)


def stored_figures(session: Session | Connection) -> Figures:
    """The figures as the ``figure_*`` tables hold them."""
    e = EnrolmentFigure
    enrolments: dict[str, EnrolmentValues] = {
        row.enrolment_id: (
            row.volunteer_id,
            row.course_id,
            row.module_id,
            int(row.attended_minutes),
            int(row.required_minutes),
            bool(row.completed),
            row.completed_on,
            row.first_date,
            row.last_date,
        )
        for row in session.execute(select(e.__table__))
    }
    modules = {
        (row.volunteer_id, row.module_id): (row.enrolment_id, row.completed_on)
        for row in session.execute(select(ModuleFigure.__table__))
    }
    qualified = {
        row.volunteer_id: row.qualified_on
        for row in session.execute(select(QualificationFigure.__table__))
    }
    return Figures(enrolments, modules, qualified)


def progress_of(store: Store, volunteer_ids: Sequence[str]) -> dict[str, Progress]:
    """Several people's progress (a course batch of certificates), from the stored figures.

    People without any enrolment are missing from the result.
    """
    ids = list(dict.fromkeys(volunteer_ids))
    per_person: dict[str, list[ModuleProgress]] = defaultdict(list)
    qualified: dict[str, date | None] = {}
    with store.new_session() as session:
        office = office_rules(session)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for row in session.execute(
                _counting_runs().where(ModuleFigure.volunteer_id.in_(chunk))
            ):
                per_person[row.volunteer_id].append(_to_progress(row))
            for row in session.execute(
                select(QualificationFigure.volunteer_id, QualificationFigure.qualified_on).where(
                    QualificationFigure.volunteer_id.in_(chunk)
                )
            ):
                qualified[row.volunteer_id] = row.qualified_on
    return {
        person: Progress(
            volunteer_id=person,
            qualified=person in qualified,
            qualified_on=qualified.get(person),
            unit_minutes=office.unit_minutes,
            modules=tuple(_sorted_modules(results)),
        )
        for person, results in per_person.items()
    }
