"""Simple row states inside the user rows (``store.inline_state``, migration 0023).

A state in ``sync_row`` wins over the row's inline one; folding moves the simple states into the
rows without changing any state; a deleted row's inline state survives in ``sync_row`` (delete
trigger) with the scope capture would give it; two machines importing the same files hold the
same states whether one of them folds between the imports or not.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import select
from sync_helpers import PASS, digest, export, full_export, import_, replica

from lotsen_desktop import fileformat
from lotsen_desktop.domain.vocabulary import AttendanceState
from lotsen_desktop.services import courses, volunteers
from lotsen_desktop.store import database, inline_state
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import Attendance, CourseSession, Enrolment, Volunteer
from lotsen_desktop.store.types import key_io
from lotsen_desktop.sync import capture, compact
from lotsen_desktop.sync.state import (
    RowState,
    Stamps,
    all_states,
    count_states,
    fold_states,
    load_states,
    raw_connection,
    save_states,
)

REVISION = "0023"
"""This feature's migration (renumbered at merge time: named here once)."""
BEFORE = "0022"


def _fill(store: Store) -> dict[str, str]:
    """Persons, a course with sessions, enrolments and attendance: every kind of scope."""
    people = [
        volunteers.add_volunteer(store, given_name=g, family_name="Muster", languages=("Arabisch",))
        for g in ("Anna", "Berk", "Chiara")
    ]
    course_id = courses.add_course(
        store,
        module_code="BASIS",
        title="Kurs A",
        session_dates=[date(2026, 2, 2), date(2026, 2, 9)],
        units_per_session=2,
    )
    courses.enrol_volunteers(
        store, course_id=course_id, volunteer_ids=people, enrolled_on=date(2026, 1, 1)
    )
    course = courses.get_course(store, course_id)
    for session in course.sessions:
        courses.set_attendance(
            store,
            course_id=course_id,
            session_id=session.id,
            volunteer_ids=people[:2],
            state=AttendanceState.PRESENT.value,
        )
    volunteers.update_volunteer(store, people[0], city="Celle")  # a per-column stamp: stays
    return {"person": people[1], "edited": people[0], "course": course_id}


def _states(store: Store) -> dict[tuple[str, str], RowState]:
    with store.new_session() as session:
        return {(s.tbl, s.row_id): s for s in all_states(session)}


def _shared(store: Store) -> dict[tuple[str, str], RowState]:
    """The states, without the rows every machine creates alike at first start (stamped 0
    with its own site until someone edits them)."""
    defaults = capture.default_row_ids()
    return {k: s for k, s in _states(store).items() if k[1] not in defaults}


def _stored_count(store: Store) -> int:
    with store.new_session() as session:
        return int(raw_connection(session).execute("SELECT count(*) FROM sync_row").fetchone()[0])


def _fold(store: Store) -> int:
    with store.uow() as uow:
        moved = fold_states(uow.session)
        uow.commit()
    return moved


def test_folding_moves_simple_states_into_the_rows_and_changes_no_state(store: Store) -> None:
    ids = _fill(store)
    before = _states(store)
    stored = _stored_count(store)
    moved = _fold(store)
    assert moved > 10 and _stored_count(store) == stored - moved
    assert _states(store) == before
    assert _fold(store) == 0  # idempotent
    with store.new_session() as session:
        assert count_states(session) == len(before)
        loaded = load_states(session, before)
        assert loaded == before
        assert ("volunteer", ids["edited"]) in loaded.stored  # city stamped apart: stays
        enrolment = session.scalars(select(Enrolment.id)).first()
        assert enrolment is not None
        assert ("enrolment", enrolment) not in loaded.stored  # simple: inline
        assert loaded[("enrolment", enrolment)].scope == ids["course"]
        assert not {k for k in loaded.stored if k[0] == "attendance"}
    assert {s.scope for k, s in before.items() if k[0] == "attendance"} == {ids["course"]}


def test_a_state_in_sync_row_wins_over_the_inline_one(store: Store) -> None:
    _fill(store)
    _fold(store)
    with store.new_session() as session:
        key = ("enrolment", str(session.scalars(select(Enrolment.id)).first()))
    with store.uow() as uow:
        loaded = load_states(uow.session, [key])
        assert key not in loaded.stored
        newer = loaded[key].copy()
        newer.gen += 1
        newer.stamps = Stamps((newer.stamps.default[0] + 5, newer.stamps.default[1]))  # type: ignore[index]
        save_states(uow.session, [newer], loaded.stored)  # inserted: the inline one stays
        uow.commit()
    with store.new_session() as session:
        bind, _read = key_io(session)
        inline = (
            raw_connection(session)
            .execute("SELECT sync_gen FROM enrolment WHERE id = ?", (bind(key[1]),))
            .fetchone()
        )
        assert inline[0] == newer.gen - 1  # stale, and ignored:
        again = load_states(session, [key])
        assert again[key] == newer and key in again.stored
    assert _states(store)[key] == newer
    _fold(store)  # the newer one is simple: it goes inline, over the stale values
    assert _states(store)[key] == newer
    with store.new_session() as session:
        assert key not in load_states(session, [key]).stored


def test_rows_deleted_after_folding_keep_generation_and_scope(store: Store) -> None:
    """Through the services (ORM, the store's cascade) and with plain SQL (the database's
    cascade, found by the sweep): the dead states carry the inline generation and the course."""
    ids = _fill(store)
    before = _states(store)
    _fold(store)
    courses.delete_course(store, ids["course"])
    with store.uow() as uow:
        uow.session.delete(uow.session.get(Volunteer, ids["person"]))
        uow.commit()
    after = _states(store)
    gone = {k for k, s in after.items() if not s.alive}
    assert ("volunteer", ids["person"]) in gone and ("course", ids["course"]) in gone
    assert {k[0] for k in gone} >= {"course_session", "enrolment", "attendance", "course"}
    for key in gone:
        assert after[key].gen == before[key].gen
        assert after[key].scope == before[key].scope
        assert after[key].deleted is not None


def test_a_cascade_in_plain_sql_leaves_the_states_for_the_sweep(store: Store) -> None:
    ids = _fill(store)
    before = _states(store)
    _fold(store)
    with store.new_session() as session, session.begin():
        if session.get_bind().dialect.name == "sqlite":
            raw_connection(session).execute("PRAGMA foreign_keys = ON")
        bind, _read = key_io(session)
        sessions = session.scalars(
            select(CourseSession.id).where(CourseSession.course_id == ids["course"])
        ).all()
        raw_connection(session).execute(
            "DELETE FROM course_session WHERE id = ?", (bind(sessions[0]),)
        )
    kept = _states(store)  # the trigger put the inline states into sync_row, still alive
    marks = [k for k, s in before.items() if k[0] == "attendance"]
    assert kept == before
    with store.new_session() as session, session.begin():
        assert capture.sweep(session) >= 3  # the session and its two marks
    after = _states(store)
    dead = {k for k, s in after.items() if not s.alive}
    assert ("course_session", sessions[0]) in dead
    assert {k for k in marks if k in dead}
    for key in dead:
        assert after[key].scope == ids["course"] and after[key].gen == before[key].gen


@pytest.mark.parametrize("folded", [False, True])
def test_a_mark_cleared_and_set_again_lives_on_alike(store: Store, folded: bool) -> None:
    """Revive (a new generation) after a delete, and a delete and insert of the same id in one
    transaction (a whole row replaced): the same states whether the states were inline."""
    ids = _fill(store)
    before = _states(store)
    if folded:
        _fold(store)
    with store.new_session() as session:
        mark = session.scalars(select(Attendance).order_by(Attendance.id)).first()
        assert mark is not None
        key = ("attendance", mark.id)
        session_id, person = mark.session_id, mark.volunteer_id
    courses.set_attendance(
        store, course_id=ids["course"], session_id=session_id, volunteer_ids=[person], state=None
    )
    dead = _states(store)[key]
    assert (dead.alive, dead.gen, dead.scope) == (False, before[key].gen, ids["course"])
    courses.set_attendance(
        store,
        course_id=ids["course"],
        session_id=session_id,
        volunteer_ids=[person],
        state=AttendanceState.PRESENT.value,
    )
    revived = _states(store)[key]
    assert (revived.alive, revived.gen, revived.scope) == (True, dead.gen + 1, ids["course"])
    if folded:
        _fold(store)
    with store.uow() as uow:  # the whole row replaced under the same id
        row = uow.session.get(Attendance, key[1])
        values = {
            c.key: getattr(row, c.key)
            for c in Attendance.__table__.columns
            if c.key not in inline_state.INLINE_COLUMNS
        }
        uow.session.delete(row)
        uow.session.flush()
        uow.session.add(Attendance(**values))
        uow.commit()
    replaced = _states(store)[key]
    assert (replaced.alive, replaced.gen, replaced.scope) == (True, revived.gen, ids["course"])
    assert replaced.stamps.max() > revived.stamps.max()  # type: ignore[operator]


@pytest.mark.slow
def test_folding_between_imports_gives_the_same_states(tmp_path: Path) -> None:
    """Two laptops import the same files from the office; one folds before and after each
    import. Their states (stamps included) and digests are equal after every step."""
    office = replica(tmp_path, "office")
    plain = replica(tmp_path, "plain")
    folding = replica(tmp_path, "folding")
    try:
        ids = _fill(office)
        files = [full_export(office, tmp_path / "f1")]
        volunteers.update_volunteer(office, ids["person"], phone="0511 1")
        extra = volunteers.add_volunteer(office, given_name="Dana", family_name="Neu")
        courses.delete_course(office, ids["course"])
        files.append(full_export(office, tmp_path / "f2"))
        with office.uow() as uow:
            uow.session.delete(uow.session.get(Volunteer, extra))
            uow.commit()
        course_id = courses.add_course(
            office,
            module_code="BASIS",
            title="Kurs B",
            session_dates=[date(2026, 3, 2)],
            units_per_session=2,
        )
        courses.enrol_volunteers(
            office, course_id=course_id, volunteer_ids=[ids["person"]], enrolled_on=date(2026, 1, 1)
        )
        files.append(full_export(office, tmp_path / "f3"))
        for path in [files[0], files[2], files[1], files[2]]:  # reordered and repeated
            import_(plain, path)
            _fold(folding)
            import_(folding, path)
            _fold(folding)
            assert _shared(plain) == _shared(folding)
            assert digest(plain) == digest(folding)
        assert digest(plain) == digest(office)
        # local work on top (capture): the same rows change alike on both
        for laptop in (plain, folding):
            volunteers.update_volunteer(laptop, ids["edited"], city="Hannover")
            courses.delete_course(laptop, course_id)
        shape = [
            {k: (s.gen, s.alive, s.scope, sorted(s.stamps.cols)) for k, s in _shared(x).items()}
            for x in (plain, folding)
        ]
        assert shape[0] == shape[1]
        back = export(folding, tmp_path / "back", peer="office")
        import_(office, back)
        import_(office, export(plain, tmp_path / "back2", peer="office"))
        import_(plain, export(office, tmp_path / "f4", full=True))
        import_(folding, export(office, tmp_path / "f5", full=True))
        assert digest(plain) == digest(folding) == digest(office)
    finally:
        for store in (office, plain, folding):
            store.close()


def test_a_full_export_after_compaction_carries_the_inline_states(tmp_path: Path) -> None:
    """The states of a compacted log travel alike from ``sync_row`` and from the rows, and a
    new machine joins from them."""
    office = replica(tmp_path, "office")
    laptop = replica(tmp_path, "laptop")
    try:
        _fill(office)
        compact.compact_log(office)  # folds as well
        assert _stored_count(office) < len(_states(office)) / 2
        inline_file = full_export(office, tmp_path / "inline")
        inline = _payload(inline_file)
        with office.engine.begin() as connection:
            assert inline_state.unfold(connection) > 10
        stored = _payload(full_export(office, tmp_path / "stored"))
        assert inline["changes"] == stored["changes"]
        assert len(inline["snapshot"]) == len(stored["snapshot"]) == len(_states(office))
        assert sorted(map(json.dumps, inline["snapshot"])) == sorted(
            map(json.dumps, stored["snapshot"])
        )
        import_(laptop, inline_file)
        assert digest(laptop) == digest(office)
    finally:
        office.close()
        laptop.close()


def _payload(path: Path) -> Any:
    _manifest, payload = fileformat.open_sealed(path.read_bytes(), PASS)
    return json.loads(payload)


def test_the_migration_folds_and_its_downgrade_puts_every_state_back(store: Store) -> None:
    _fill(store)
    before = _states(store)
    _alembic(store, "downgrade", BEFORE)
    with store.engine.connect() as connection:
        assert not inline_state.has_columns(connection)
    assert _states(store) == before  # all in sync_row again
    stored = _stored_count(store)
    assert stored == len(before)
    _alembic(store, "upgrade", REVISION)
    assert _states(store) == before
    assert _stored_count(store) < stored / 2
    with store.engine.connect() as connection:
        assert inline_state.triggers_complete(connection)


def test_missing_triggers_are_created_again_at_open(tmp_path: Path) -> None:
    store = replica(tmp_path, "office")
    with store.engine.begin() as connection:
        inline_state.drop_triggers(connection, ["attendance"])
        assert not inline_state.triggers_complete(connection)
    store.close()
    store = replica(tmp_path, "office")
    try:
        with store.engine.connect() as connection:
            assert inline_state.triggers_complete(connection)
    finally:
        store.close()


def _alembic(store: Store, action: str, revision: str) -> None:
    with store.engine.begin() as connection:
        getattr(command, action)(database._alembic_config(connection), revision)


def test_an_import_writes_new_rows_with_their_state_inline(
    tmp_path: Path, office: Store, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New rows of an import carry their state inline from the start (``Merger._inline``):
    the same states as through ``sync_row``, and later edits and deletes merge alike."""
    from lotsen_desktop.sync import merge

    ids = _fill(office)
    first = full_export(office, tmp_path / "1")
    inline = replica(tmp_path, "Inline", engine)
    import_(inline, first)
    with monkeypatch.context() as patch:
        patch.setattr(merge.Merger, "_inline", lambda _self, _w: None)
        general = replica(tmp_path, "Allgemein", engine)
        import_(general, first)
    assert _shared(inline) == _shared(general) != {}
    assert digest(inline) == digest(general) == digest(office)
    with inline.new_session() as session:
        carried = raw_connection(session).execute(
            "SELECT count(*) FROM attendance WHERE sync_hlc IS NOT NULL"
        )
        assert carried.fetchone()[0] == 4  # each mark was set once
    assert _stored_count(inline) < _stored_count(general)

    volunteers.update_volunteer(office, ids["person"], city="Peine")
    courses.delete_course(office, ids["course"])
    later = full_export(office, tmp_path / "2")
    import_(inline, later)
    import_(general, later)
    assert _shared(inline) == _shared(general)
    assert digest(inline) == digest(general) == digest(office)
    inline.close()
    general.close()
