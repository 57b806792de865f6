"""Row states' keys (migration 0021): ``sync_row.row_id`` and ``scope`` stored like the keys of
the rows they describe (16 bytes on SQLite), read back as the same text, converted both ways by
the migration without changing a state, and compared directly with the rows' keys by the sweep.
"""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date
from typing import Any

import key_guard
import pytest
from alembic import command
from sqlalchemy import text

from lotsen_desktop.domain.vocabulary import AttendanceState
from lotsen_desktop.services import courses, volunteers
from lotsen_desktop.store import database
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.inline_state import INLINE_COLUMNS
from lotsen_desktop.store.models import Volunteer
from lotsen_desktop.store.sync_tables import TABLE_NUMBERS
from lotsen_desktop.store.types import key_bytes
from lotsen_desktop.sync import capture, schema
from lotsen_desktop.sync.state import (
    RowState,
    Stamps,
    all_states,
    fold_states,
    load_states,
    save_states,
)

A = "d69c9575-51e9-467c-9900-7104adcb1715"
B = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"


def _alembic(store: Store, action: str, revision: str) -> None:
    with store.engine.begin() as connection:
        getattr(command, action)(database._alembic_config(connection), revision)


def _crafted() -> list[RowState]:
    """States no service writes this way: overrides, a tombstone with a scope, a text id."""
    course = str(uuid.uuid4())
    return [
        RowState(
            "volunteer",
            str(uuid.uuid4()),
            2,
            True,
            Stamps((117710661287936023, A), {"city": (117710661287999999, B), "notes": (5, A)}),
        ),
        RowState("attendance", str(uuid.uuid4()), 3, False, Stamps(), (1177106612880, B), course),
        RowState("enrolment", str(uuid.uuid4()), 1, True, Stamps((42, B)), None, course),
        RowState(
            "status_change", "s-text-id", 1, True, Stamps(None, {"kind": (7, A)}), None, "c-1"
        ),
    ]


def _fill(office: Store) -> list[RowState]:
    people = [
        volunteers.add_volunteer(office, given_name=given, family_name="Muster")
        for given in ("Ayşe", "Bao", "Chiara")
    ]
    course_id = courses.add_course(
        office,
        module_code="BASIS",
        title="Basis",
        session_dates=[date(2026, 3, 2), date(2026, 3, 9)],
        units_per_session=3,
    )
    courses.enrol_volunteers(
        office, course_id=course_id, volunteer_ids=people, enrolled_on=date(2026, 3, 1)
    )
    sessions = courses.get_course(office, course_id).sessions
    for session in sessions:
        courses.set_attendance(
            office,
            course_id=course_id,
            session_id=session.id,
            volunteer_ids=people,
            state=AttendanceState.PRESENT,
            today=date(2026, 3, 10),
        )
    # tombstones with the course as their scope: a session with its attendance, an enrolment
    courses.remove_session(office, sessions[1].id)
    courses.unenrol_volunteer(office, course_id=course_id, volunteer_id=people[2])
    volunteers.update_volunteer(office, people[0], city="Hannover")  # a per-column stamp
    crafted = _crafted()
    with office.uow() as uow:
        save_states(uow.session, crafted, set())
        uow.commit()
    return crafted


def _stored(store: Store) -> list[tuple[Any, ...]]:
    """``sync_row`` as stored (ids as the engine holds them), in a fixed order."""
    with store.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT tbl, row_id, gen, alive, hlc, site, stamps, del_hlc, del_site, scope "
                "FROM sync_row"
            )
        ).all()
    return sorted((tuple(row) for row in rows), key=repr)


def _states(store: Store) -> dict[tuple[str, str], RowState]:
    with store.new_session() as session:
        return {(s.tbl, s.row_id): s for s in all_states(session)}


def test_migration_0021_converts_every_state_and_back_unchanged(office: Store) -> None:
    crafted = _fill(office)
    states = _states(office)
    stored = _stored(office)
    assert {(s.tbl, s.row_id) for s in crafted} <= states.keys()
    dead = [s for s in states.values() if not s.alive and s.scope is not None]
    assert {s.tbl for s in dead} >= {"course_session", "attendance", "enrolment"}
    assert any(s.stamps.cols for s in states.values() if s.tbl == "volunteer")
    sqlite = office.engine.dialect.name == "sqlite"

    _alembic(office, "downgrade", "0020")
    as_text = _stored(office)
    assert _states(office) == states
    if sqlite:  # every id as text again, the same text
        assert all(isinstance(v, str) for row in as_text for v in (row[1], row[9]) if v)
        assert sorted(as_text, key=repr) != stored
    else:  # nothing to do on PostgreSQL
        assert as_text == stored

    _alembic(office, "upgrade", "0021")
    assert _stored(office) == stored
    assert _states(office) == states
    if sqlite:
        kinds = {type(row[1]) for row in stored} | {type(row[9]) for row in stored if row[9]}
        assert kinds == {bytes, str}  # the text ids stayed text
        assert key_guard.text_keys(office.path) == []
        with office.engine.connect() as connection:
            ddl = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'sync_row'")
            ).scalar()
            index = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'ix_sync_row_dead_scope'")
            ).scalar()
        assert "WITHOUT ROWID" in ddl and "WHERE alive IS 0" in index
    _alembic(office, "upgrade", "head")


@pytest.mark.sqlite_only
def test_states_are_stored_as_bytes_and_found_by_their_text(store: Store) -> None:
    crafted = _crafted()
    with store.uow() as uow:
        save_states(uow.session, crafted, set())
        uow.commit()
    tomb = crafted[1]
    connection = sqlite3.connect(store.path)
    try:
        row_kind, scope_kind = connection.execute(
            "SELECT typeof(row_id), typeof(scope) FROM sync_row WHERE tbl = ? AND row_id = ?",
            (TABLE_NUMBERS["attendance"], key_bytes(tomb.row_id)),
        ).fetchone()
        (text_kind,) = connection.execute(
            "SELECT typeof(row_id) FROM sync_row WHERE row_id = 's-text-id'"
        ).fetchone()
    finally:
        connection.close()
    assert (row_kind, scope_kind, text_kind) == ("blob", "blob", "text")
    with store.new_session() as session:
        loaded = load_states(session, [(s.tbl, s.row_id) for s in crafted])
    assert loaded == {(s.tbl, s.row_id): s for s in crafted}


@pytest.mark.sqlite_only
def test_the_suite_guard_finds_a_row_state_id_written_as_text(store: Store) -> None:
    person = volunteers.add_volunteer(store, given_name="Reza", family_name="Karimi")
    connection = sqlite3.connect(store.path)
    try:
        connection.execute(  # what driver SQL that forgot the conversion would write
            "INSERT INTO sync_row (tbl, row_id, gen, alive, scope) VALUES (?, ?, 0, 0, ?)",
            (TABLE_NUMBERS["enrolment"], B, key_bytes(A)),
        )
        connection.commit()
        assert key_guard.text_keys(store.path) == [f"sync_row.row_id: {B!r}"]
        connection.execute("DELETE FROM sync_row WHERE row_id = ?", (B,))
        connection.execute("UPDATE sync_row SET scope = ? WHERE row_id = ?", (A, key_bytes(person)))
        connection.commit()
        assert key_guard.text_keys(store.path) == [f"sync_row.scope: {A!r}"]
        connection.execute("UPDATE sync_row SET scope = NULL WHERE scope = ?", (A,))
        connection.commit()
    finally:
        connection.close()
    assert key_guard.text_keys(store.path) == []


@pytest.mark.sqlite_only
@pytest.mark.parametrize("folded", [False, True])
@pytest.mark.parametrize(("chunk", "share"), [(1, 0.0), (3, 0.0), (20_000, 0.0), (1, 2.0)])
def test_the_sweep_finds_rows_that_appeared_and_vanished_among_keys_and_text_ids(
    store: Store, monkeypatch: pytest.MonkeyPatch, folded: bool, chunk: int, share: float
) -> None:
    """Both sides stored alike (bytes, and text for an id that is not a UUID, which SQLite
    sorts first): rows without a state and states without a row, first and last in key order.
    ``folded``: the states are inline first; a row deleted with plain SQL leaves its state in
    ``sync_row`` (the delete trigger), where the sweep finds it. ``share`` 0: the sweep walks
    both sides in key order (``chunk`` at a time); 2: it looks the rows up in SQL."""
    monkeypatch.setattr(capture, "_WALK_CHUNK", chunk)
    monkeypatch.setattr(capture, "_WALK_SHARE", share)
    people = sorted(
        volunteers.add_volunteer(store, given_name=f"Person {n}", family_name="Muster")
        for n in range(6)
    )
    with store.uow() as uow:
        uow.insert_rows(
            Volunteer,
            [
                {"id": name, "given_name": name, "family_name": "Text", "search_key": name}
                for name in ("person-a", "person-b")
            ],
        )
        uow.commit()
    if folded:
        with store.uow() as uow:
            assert fold_states(uow.session) >= len(people) + 2
            uow.commit()
    gone = [people[0], people[3], "person-a"]
    added = ["00000000-0000-4000-8000-000000000000", "ffffffff-ffff-4fff-bfff-ffffffffffff"]
    connection = sqlite3.connect(store.path)
    try:
        for row_id in gone:
            connection.execute("DELETE FROM volunteer WHERE id = ?", (key_bytes(row_id),))
        columns = [
            c.name
            for c in Volunteer.__table__.columns
            if c.name != "id" and c.name not in INLINE_COLUMNS
        ]
        copied = ", ".join(columns)
        for row_id in [*added, "person-c"]:  # copies of a person's row under a new id
            connection.execute(
                f"INSERT INTO volunteer (id, {copied}) SELECT ?, {copied} FROM volunteer "
                "WHERE id = ?",
                (key_bytes(row_id), key_bytes(people[1])),
            )
        connection.commit()
    finally:
        connection.close()
    info = schema.tables()["volunteer"]
    with store.new_session() as session:
        appeared, vanished = capture._differences(session, info)
    assert sorted(appeared) == sorted([*added, "person-c"])
    assert sorted(vanished) == sorted(gone)
    with store.new_session() as session, session.begin():
        assert capture.sweep(session) >= len(gone) + 3
    with store.new_session() as session:
        assert all(capture._differences(session, i) == ([], []) for i in schema.tables().values())
        alive = {s.row_id for s in all_states(session) if s.tbl == "volunteer" and s.alive}
    assert alive == (set(people) | {"person-b", "person-c", *added}) - set(gone)


def test_states_asked_for_twice_are_loaded_once(store: Store) -> None:
    crafted = _crafted()
    with store.uow() as uow:
        save_states(uow.session, crafted, set())
        uow.commit()
    keys = [(s.tbl, s.row_id) for s in crafted]
    with store.new_session() as session:
        assert load_states(session, [*keys, *keys, ("volunteer", "never-seen")]) == {
            (s.tbl, s.row_id): s for s in crafted
        }
