"""Qualification as maintained data: the ``figure_*`` tables, kept right in every transaction.

Attended minutes per enrolment, the counting run per person and module, and qualified-since per
person are derived from attendance, enrolments, sessions, modules and the office's rules. Summing
all attendance on every read takes seconds at 100,000 volunteers, so the figures are stored and
recomputed, from scratch but only for what changed, in the transaction that changed it:

* ORM mapper events on the source tables, and ``mark_dirty`` for writers that bypass the ORM (the
  sync merge), note which people, courses and modules a transaction touched;
* just before the session commits, those are widened to the people concerned and their rows are
  derived again with the same SQL as ``progress.course_results_query`` (set-based, restricted to
  these people). An office-wide rule change rebuilds everything.

The figures are not user data: they are not ``Tracked``, never enter the change log or a file,
and every machine derives its own. ``check`` compares them with a computation from scratch.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    Connection,
    bindparam,
    case,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    union,
)
from sqlalchemy.orm import Mapper, Session, object_session

from lotsen_desktop.domain import rules
from lotsen_desktop.domain.vocabulary import ModuleKind
from lotsen_desktop.services import progress, status_follow
from lotsen_desktop.store.database import Store, UnitOfWork
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

DIRTY = "lotsen.qualification.dirty"
FOLLOW_STATUS = "lotsen.qualification.follow_status"
"""``session.info`` key: ``False`` keeps the status as it is (the status follows by default)."""
CHUNK = 500
FULL_REBUILD_ABOVE = 20_000
"""More people than this to recompute: one set-based rebuild of everything is cheaper."""
REBUILD_SHARE_FROM = 1000
"""From this many people on, a rebuild of everyone is considered (``_most_of_everyone``)."""
DERIVE_BATCH = 5000
"""Enrolment figures read, and module and person figures written, at a time (memory stays flat
for 100,000 people: the rebuild after a full sync import was the import's peak)."""

_WATCHED: dict[str, tuple[str, ...]] = {
    "attendance": ("volunteer_id", "session_id", "state", "minutes"),
    "enrolment": ("volunteer_id", "course_id", "enrolled_on"),
    "course_session": ("course_id", "session_date", "start_minute", "end_minute"),
    "course": ("module_id",),
    "module": ("planned_minutes", "threshold_percent", "kind"),
    "office": ("threshold_percent", "specialisations_required"),
    "volunteer": (),
}
"""Columns the figures depend on, per source table. The unit only converts minutes for display."""

_registered = False
_lock = threading.Lock()


@dataclass
class Dirty:
    """What a transaction touched that the figures depend on."""

    everything: bool = False
    volunteers: set[str] = field(default_factory=set)
    courses: set[str] = field(default_factory=set)
    modules: set[str] = field(default_factory=set)
    stepped: set[str] = field(default_factory=set)
    """People whose status history a sync import wrote (``status_follow.follow_received``)."""

    def __bool__(self) -> bool:
        return self.everything or bool(
            self.volunteers or self.courses or self.modules or self.stepped
        )


def install(store: Store | None = None) -> None:
    """Keep the figures of every session up to date (idempotent; ``open_office_store`` calls it).

    The events are global, so any session of any store (also one opened without the bootstrap)
    maintains the figures once this ran.
    """
    global _registered
    with _lock:
        if store is not None and _commit_hook not in store.commit_hooks:
            # before sync capture's hook, so the status the figures set enters the change log
            store.commit_hooks.insert(0, _commit_hook)
        if _registered:
            return
        for model in (Attendance, Enrolment, CourseSession, Course, Module, Office, Volunteer):
            event.listen(model, "after_insert", _after_insert)
            event.listen(model, "after_update", _after_update)
            event.listen(model, "after_delete", _after_delete)
        event.listen(Session, "before_commit", _before_commit)
        event.listen(Session, "after_rollback", _after_rollback)
        _registered = True


def mark_dirty(
    session: Session,
    *,
    volunteers: Iterable[str] = (),
    courses: Iterable[str] = (),
    modules: Iterable[str] = (),
    everything: bool = False,
    stepped: Iterable[str] = (),
) -> None:
    """Note changes written without the ORM (Core statements): recomputed before the commit.

    ``everything=True`` (bulk writers such as the demo data) skips all further noting in this
    transaction and rebuilds every figure at its commit.
    """
    dirty = _dirty(session)
    dirty.volunteers.update(v for v in volunteers if v)
    dirty.courses.update(c for c in courses if c)
    dirty.modules.update(m for m in modules if m)
    dirty.stepped.update(v for v in stepped if v)
    dirty.everything = dirty.everything or everything


def note_row(
    session: Session,
    tbl: str,
    row_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """Note one row written by a Core statement (``before``/``after``: its values, None: absent)."""
    note_rows(session, [(tbl, row_id, before, after)])


def note_rows(
    session: Session,
    rows: Iterable[tuple[str, str, dict[str, Any] | None, dict[str, Any] | None]],
) -> None:
    """Note many rows written by Core statements (``(tbl, row_id, before, after)`` each, as
    ``note_row``), with one ``mark_dirty`` for them all (a large import writes 100,000s)."""
    volunteers: set[str] = set()
    courses: set[str] = set()
    modules: set[str] = set()
    stepped: set[str] = set()
    everything = False
    for tbl, row_id, before, after in rows:
        if tbl == "status_change" and after is not None:
            stepped.add(after.get("volunteer_id") or "")
            continue
        watched = _WATCHED.get(tbl)
        if watched is None:
            continue
        if (
            before is not None
            and after is not None
            and not any(before.get(c) != after.get(c) for c in watched)
        ):
            continue
        values = [v for v in (before, after) if v is not None]
        if tbl in ("attendance", "enrolment"):
            volunteers.update(v.get("volunteer_id") or "" for v in values)
        elif tbl == "course_session":
            courses.update(v.get("course_id") or "" for v in values)
        elif tbl == "course":
            courses.add(row_id)
        elif tbl == "module":
            modules.add(row_id)
        elif tbl == "office":
            everything = True
        elif tbl == "volunteer" and after is None:
            volunteers.add(row_id)
    if volunteers or courses or modules or everything or stepped:
        mark_dirty(
            session,
            volunteers=volunteers,
            courses=courses,
            modules=modules,
            everything=everything,
            stepped=stepped,
        )


# --- events -------------------------------------------------------------------------------------


def _dirty(session: Session) -> Dirty:
    dirty: Dirty | None = session.info.get(DIRTY)
    if dirty is None:
        dirty = session.info[DIRTY] = Dirty()
    return dirty


def _current(target: Any, tbl: str) -> dict[str, Any]:
    return {c: getattr(target, c) for c in _WATCHED[tbl]}


def _session_to_note(target: Any) -> Session | None:
    """The session of ``target`` unless it rebuilds everything anyway (bulk writers)."""
    session = object_session(target)
    if session is None or _dirty(session).everything:
        return None
    return session


def _after_insert(_mapper: Mapper[Any], _connection: Connection, target: Any) -> None:
    session = _session_to_note(target)
    if session is not None:
        tbl = target.__tablename__
        note_row(session, tbl, target.id, None, _current(target, tbl))


def _after_update(_mapper: Mapper[Any], _connection: Connection, target: Any) -> None:
    session = _session_to_note(target)
    if session is None:
        return
    tbl = target.__tablename__
    attrs = inspect(target).attrs
    before: dict[str, Any] = {}
    for column in _WATCHED[tbl]:
        history = attrs[column].history
        before[column] = history.deleted[0] if history.deleted else getattr(target, column)
    note_row(session, tbl, target.id, before, _current(target, tbl))


def _after_delete(_mapper: Mapper[Any], _connection: Connection, target: Any) -> None:
    session = _session_to_note(target)
    if session is not None:
        tbl = target.__tablename__
        note_row(session, tbl, target.id, _current(target, tbl), None)


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the figures (and the status steps they take) wait for the commit
    if session.new or session.deleted or session.dirty:
        session.flush()  # pending ORM changes mark what they touch
    dirty: Dirty | None = session.info.pop(DIRTY, None)
    if dirty:
        refresh(session, dirty)


def settle(session: Session) -> None:
    """Bring the figures (and the status that follows them) up to date now, before the commit.

    The sync import calls this with change capture switched on, so that a status set here is
    logged as this machine's own change and travels like one.
    """
    _before_commit(session)
    session.flush()


def _commit_hook(session: Session, _uow: UnitOfWork) -> None:
    """The unit of work's commit: figures (and the status that follows them) before capture."""
    _before_commit(session)
    session.flush()


def _after_rollback(session: Session) -> None:
    session.info.pop(DIRTY, None)


# --- recomputing --------------------------------------------------------------------------------


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    items = sorted(ids)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def refresh(session: Session | Connection, dirty: Dirty) -> None:
    """Recompute the figures of everyone a change concerns (inside the caller's transaction),
    then let the status of people whose status history an import wrote agree with them."""
    _refresh_figures(session, dirty)
    if dirty.stepped and isinstance(session, Session) and session.info.get(FOLLOW_STATUS, True):
        status_follow.follow_received(session, dirty.stepped)


def _refresh_figures(session: Session | Connection, dirty: Dirty) -> None:
    if dirty.everything:
        rebuild_all(session)
        return
    people = set(dirty.volunteers)
    e, f = EnrolmentFigure, Enrolment
    for part in _chunks(dirty.courses):
        people.update(
            session.execute(
                union(
                    select(f.volunteer_id).where(f.course_id.in_(part)),
                    select(e.volunteer_id).where(e.course_id.in_(part)),
                )
            ).scalars()
        )
    for part in _chunks(dirty.modules):
        people.update(
            session.execute(
                union(
                    select(f.volunteer_id)
                    .join(Course, Course.id == f.course_id)
                    .where(Course.module_id.in_(part)),
                    select(e.volunteer_id).where(e.module_id.in_(part)),
                )
            ).scalars()
        )
    if len(people) > FULL_REBUILD_ABOVE or _most_of_everyone(session, len(people)):
        rebuild_all(session)
    elif people:
        recompute_people(session, people)


def _most_of_everyone(session: Session | Connection, count: int) -> bool:
    """Whether ``count`` people are most of all: then one set-based rebuild is cheaper than
    recomputing them in chunks (a full import into a new database: 0.75 s against 1.05 s for
    4,600 people)."""
    if count < REBUILD_SHARE_FROM:
        return False
    total = int(session.execute(select(func.count()).select_from(Volunteer)).scalar() or 0)
    return count * 4 >= total * 3


def recompute_people(session: Session | Connection, volunteer_ids: Iterable[str]) -> None:
    """Derive the figures of these people again and replace their rows."""
    office = progress.office_rules(session)
    gained: set[str] = set()
    lost: set[str] = set()
    for part in _chunks(volunteer_ids):
        before = _qualified(session, part)
        session.execute(delete(EnrolmentFigure).where(EnrolmentFigure.volunteer_id.in_(part)))
        session.execute(_insert_for_people(office.threshold_percent), {"people": part})
        _derive_people(session, office.specialisations_required, part)
        after = _qualified(session, part)
        gained |= after - before
        lost |= before - after
    _follow(session, gained, lost)


def rebuild_all(session: Session | Connection) -> None:
    """Derive every figure again (migration, office-wide rule change, demo data, ``figures rebuild``)."""
    office = progress.office_rules(session)
    before = _qualified(session, None)
    session.execute(delete(EnrolmentFigure))
    session.execute(_insert_enrolment_figures(office.threshold_percent, None))
    _derive_people(session, office.specialisations_required, None)
    after = _qualified(session, None)
    _follow(session, after - before, before - after)


def _qualified(session: Session | Connection, people: list[str] | None) -> set[str]:
    query = select(QualificationFigure.volunteer_id)
    if people is not None:
        query = query.where(QualificationFigure.volunteer_id.in_(people))
    return set(session.execute(query).scalars())


def _follow(session: Session | Connection, gained: set[str], lost: set[str]) -> None:
    """Let the status follow a change of qualification (ORM sessions only: migrations keep it)."""
    if (gained or lost) and isinstance(session, Session) and session.info.get(FOLLOW_STATUS, True):
        status_follow.follow(session, gained, lost)


@functools.lru_cache(maxsize=8)
def _insert_for_people(threshold: int) -> Any:
    """Built once per threshold: building the statement costs more than running it for one person."""
    return _insert_enrolment_figures(threshold, bindparam("people", expanding=True))


def _insert_enrolment_figures(threshold: int, volunteer_ids: Any) -> Any:
    results = progress.course_results_query(threshold, volunteer_ids).subquery()
    source = select(
        results.c.enrolment_id,
        results.c.volunteer_id,
        results.c.course_id,
        results.c.module_id,
        results.c.attended,
        results.c.required,
        results.c.completed,
        case((results.c.completed.is_(True), results.c.last_date), else_=None),
        results.c.first_date,
        results.c.last_date,
    )
    table: Any = EnrolmentFigure.__table__  # Core: the session passes parameters as binds
    return insert(table).from_select(
        [
            "enrolment_id",
            "volunteer_id",
            "course_id",
            "module_id",
            "attended_minutes",
            "required_minutes",
            "completed",
            "completed_on",
            "first_date",
            "last_date",
        ],
        source,
    )


def _derive_people(
    session: Session | Connection, specialisations_required: int, volunteer_ids: list[str] | None
) -> None:
    """Counting run per module and qualified-since, from the (fresh) enrolment figures."""
    e = EnrolmentFigure
    query = select(
        e.enrolment_id,
        e.volunteer_id,
        e.course_id,
        e.module_id,
        e.attended_minutes,
        e.required_minutes,
        e.completed,
        e.completed_on,
        Module.kind,
    ).join(Module, Module.id == e.module_id)
    if volunteer_ids is None:
        session.execute(delete(ModuleFigure))
        session.execute(delete(QualificationFigure))
    else:
        query = query.where(e.volunteer_id.in_(volunteer_ids))
        session.execute(delete(ModuleFigure).where(ModuleFigure.volunteer_id.in_(volunteer_ids)))
        session.execute(
            delete(QualificationFigure).where(QualificationFigure.volunteer_id.in_(volunteer_ids))
        )
    module_rows: list[dict[str, Any]] = []
    person_rows: list[dict[str, Any]] = []

    def settle_person(person: str, best: dict[str, Any]) -> None:
        results: list[rules.ModuleResult] = []
        for module_id, row in best.items():
            module_rows.append(
                {
                    "volunteer_id": person,
                    "module_id": module_id,
                    "enrolment_id": row.enrolment_id,
                    "completed_on": row.completed_on,
                }
            )
            results.append(
                rules.ModuleResult(
                    module_code=module_id,
                    kind=ModuleKind(row.kind),
                    attended_minutes=int(row.attended_minutes),
                    required_minutes=int(row.required_minutes),
                    completed=bool(row.completed),
                    completed_on=row.completed_on,
                )
            )
        if rules.is_qualified(results, specialisations_required):
            person_rows.append(
                {
                    "volunteer_id": person,
                    "qualified_on": rules.qualified_on(results, specialisations_required),
                }
            )
        if len(module_rows) >= DERIVE_BATCH:
            session.execute(insert(_MODULE_FIGURES), module_rows)
            module_rows.clear()
        if len(person_rows) >= DERIVE_BATCH:
            session.execute(insert(_PERSON_FIGURES), person_rows)
            person_rows.clear()

    # person by person (rows ordered by person, read in batches), writing the figures in batches
    rows = session.execute(query.order_by(e.volunteer_id).execution_options(yield_per=DERIVE_BATCH))
    person: str | None = None
    best: dict[str, Any] = {}
    pending: list[tuple[str, dict[str, Any]]] = []
    for part in rows.partitions():
        for row in part:
            if row.volunteer_id != person:
                if person is not None:
                    pending.append((person, best))
                person, best = row.volunteer_id, {}
            current = best.get(row.module_id)
            if current is None or _rank(row) < _rank(current):
                best[row.module_id] = row
        for done, chosen in pending:
            settle_person(done, chosen)
        pending.clear()
    if person is not None:
        settle_person(person, best)
    if module_rows:
        session.execute(insert(_MODULE_FIGURES), module_rows)
    if person_rows:
        session.execute(insert(_PERSON_FIGURES), person_rows)


_MODULE_FIGURES: Any = ModuleFigure.__table__
_PERSON_FIGURES: Any = QualificationFigure.__table__
"""Written through Core: the ORM's bulk insert costs a third of a full rebuild's time."""


def _rank(row: Any) -> tuple[int, date, int, str]:
    return progress.run_rank(
        bool(row.completed), row.completed_on, int(row.attended_minutes), row.course_id
    )


# --- check and rebuild for the office -----------------------------------------------------------


@dataclass(frozen=True)
class Mismatch:
    """One figure that differs from the computation from scratch (ids only, no names)."""

    table: str
    key: str
    stored: Any
    expected: Any

    def __str__(self) -> str:
        return f"{self.table} {self.key}: {self.stored!r} != {self.expected!r}"


def check(store: Store) -> list[Mismatch]:
    """Compare the stored figures with a computation from scratch; empty when they agree."""
    with store.new_session() as session:
        stored = progress.stored_figures(session)
        expected = progress.compute_from_scratch(session)
    return compare(stored, expected)


def compare(stored: progress.Figures, expected: progress.Figures) -> list[Mismatch]:
    found: list[Mismatch] = []
    pairs: list[tuple[str, dict[Any, Any], dict[Any, Any]]] = [
        ("figure_enrolment", stored.enrolments, expected.enrolments),
        ("figure_module", stored.modules, expected.modules),
        ("figure_person", stored.qualified, expected.qualified),
    ]
    for table, have, want in pairs:
        for key in sorted(set(have) | set(want), key=str):
            if have.get(key, "missing") != want.get(key, "missing"):
                found.append(Mismatch(table, str(key), have.get(key), want.get(key)))
    return found


def rebuild(store: Store) -> None:
    """Derive every figure again in one transaction."""
    with store.uow() as uow:
        rebuild_all(uow.session)
        uow.commit()


__all__ = [
    "Dirty",
    "Mismatch",
    "check",
    "install",
    "mark_dirty",
    "note_row",
    "note_rows",
    "rebuild",
    "rebuild_all",
    "recompute_people",
    "refresh",
    "settle",
]
