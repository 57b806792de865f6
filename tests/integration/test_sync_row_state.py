"""The dense ``sync_row`` (migration 0019): row states read back exactly as written, in the
compact form, and the migration converts 0018's rows both ways without changing them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from alembic import command
from sqlalchemy import inspect, select, text

from lotsen_desktop.errors import StoreError
from lotsen_desktop.store import database
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.sync_tables import TABLE_NAMES, TABLE_NUMBERS, row_table, site_table
from lotsen_desktop.sync import schema
from lotsen_desktop.sync.state import (
    RowState,
    Stamps,
    all_states,
    load_states,
    save_states,
    site_numbers,
)

A = "d69c9575-51e9-467c-9900-7104adcb1715"
B = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
C = "99999999-8888-7777-6666-555555555555"


def _states() -> list[RowState]:
    """One of each kind a merge writes."""
    return [
        # inserted and never edited: the default stamp only (nearly every row)
        RowState("volunteer", "v-plain", 0, True, Stamps((117710661287936023, A))),
        # edited later, by another site: per-column stamps
        RowState(
            "volunteer",
            "v-edited",
            2,
            True,
            Stamps((117710661287936023, A), {"city": (117710661287999999, B), "notes": (5, A)}),
        ),
        # a shipped default row: stamp 0
        RowState("module", "m-default", 0, True, Stamps((0, A))),
        # a course row with its scope, alive
        RowState("enrolment", "e-alive", 1, True, Stamps((42, B)), None, "course-1"),
        # deleted: no stamps, the deletion's stamp, the scope for a course package
        RowState("attendance", "a-dead", 3, False, Stamps(), (117710661288000000, C), "course-1"),
        # per-column stamps without a default (a row written column by column)
        RowState("status_change", "s-cols", 1, True, Stamps(None, {"kind": (7, C)})),
    ]


def _by_key(states: list[RowState]) -> dict[tuple[str, str], RowState]:
    return {(s.tbl, s.row_id): s for s in states}


def _ours(session: Any, written: list[RowState]) -> dict[tuple[str, str], RowState]:
    """The stored states of the rows a test wrote (the template has its shipped rows too)."""
    keys = {(s.tbl, s.row_id) for s in written}
    return {key: state for key, state in _by_key(all_states(session)).items() if key in keys}


def _save(store: Store, states: list[RowState], existing: set[tuple[str, str]]) -> None:
    with store.uow() as uow:
        save_states(uow.session, states, existing)
        uow.commit()


def test_every_kind_of_state_reads_back_as_written(store: Store) -> None:
    written = _states()
    _save(store, written, set())
    with store.new_session() as session:
        loaded = load_states(session, [(s.tbl, s.row_id) for s in written])
        assert loaded == _by_key(written)
        assert _ours(session, written) == _by_key(written)


def test_changed_states_are_updated_in_place(store: Store) -> None:
    first = _states()
    _save(store, first, set())
    changed = [s.copy() for s in first]
    plain, edited, _module, alive, dead, _cols = changed
    plain.stamps.set("city", (117710661290000000, C))  # first edit: a per-column stamp
    edited.stamps = Stamps((9, B))  # a full update: default only again
    alive.alive, alive.stamps, alive.deleted = False, Stamps(), (50, A)
    dead.alive, dead.gen, dead.stamps, dead.deleted = True, 4, Stamps((60, B)), None
    _save(store, changed, {(s.tbl, s.row_id) for s in first})
    with store.new_session() as session:
        assert _ours(session, changed) == _by_key(changed)


def test_the_usual_state_is_stored_as_numbers_without_json(store: Store) -> None:
    _save(store, _states(), set())
    with store.new_session() as session:
        r = row_table
        rows = {row.row_id: row for row in session.execute(select(r))}
        numbers = site_numbers(session, [])
    plain = rows["v-plain"]
    assert (plain.tbl, plain.hlc, plain.site) == (
        TABLE_NUMBERS["volunteer"],
        117710661287936023,
        numbers[A],
    )
    assert plain.stamps is None and plain.del_hlc is None and plain.del_site is None
    edited = Stamps.loads(rows["v-edited"].stamps)
    assert edited == Stamps(None, {"city": (117710661287999999, B), "notes": (5, A)})
    dead = rows["a-dead"]
    assert (dead.hlc, dead.site, dead.stamps) == (None, None, None)
    assert (dead.del_hlc, dead.del_site) == (117710661288000000, numbers[C])


def test_sites_keep_their_numbers_and_new_ones_get_the_next(store: Store) -> None:
    with store.uow() as uow:
        before = site_numbers(uow.session, [A, B])
        again = site_numbers(uow.session, [B, A, C])
        uow.commit()
    assert again[A] == before[A] and again[B] == before[B]
    assert again[C] not in before.values()
    with store.new_session() as session:
        stored = {row.site_id: row.id for row in session.execute(select(site_table))}
    assert stored == again


def test_every_tracked_table_has_its_own_number() -> None:
    names = list(schema.tables())
    assert set(names) <= set(TABLE_NUMBERS)
    assert len(set(TABLE_NUMBERS.values())) == len(TABLE_NUMBERS)
    assert {TABLE_NAMES[TABLE_NUMBERS[n]] for n in names} == set(names)


def test_the_migration_kept_the_numbers_the_code_uses() -> None:
    """0019 wrote its copy of the numbers into every database: the code may only add to it."""
    import importlib

    migration = importlib.import_module(
        "lotsen_desktop.store.migrations.versions.0019_dense_row_state"
    )
    assert {n: TABLE_NUMBERS[n] for n in migration.TABLE_NUMBERS} == migration.TABLE_NUMBERS


# ------------------------------------------------------------------ migration 0018 <-> 0019
ROWS_0018: list[tuple[Any, ...]] = [
    # tbl, row_id, gen, alive, stamps, del_hlc, del_site, scope
    ("volunteer", "v-plain", 0, True, json.dumps({"*": [117710661287936023, A]}), None, None, None),
    (
        "volunteer",
        "v-edited",
        2,
        True,
        json.dumps(
            {"city": [117710661287999999, B], "notes": [5, A], "*": [117710661287936023, A]}
        ),
        None,
        None,
        None,
    ),
    ("module", "m-default", 0, True, json.dumps({"*": [0, A]}), None, None, None),
    ("enrolment", "e-alive", 1, True, json.dumps({"*": [42, B]}), None, None, "course-1"),
    ("attendance", "a-dead", 3, False, "{}", 117710661288000000, C, "course-1"),
    ("attendance", "a-dead-empty", 1, False, "", 17, A, "course-2"),
    ("status_change", "s-cols", 1, True, json.dumps({"kind": [7, C]}), None, None, None),
]

EXPECTED = [
    *_states(),
    RowState("attendance", "a-dead-empty", 1, False, Stamps(), (17, A), "course-2"),
]


def _alembic(store: Store, action: str, revision: str) -> None:
    with store.engine.begin() as connection:
        getattr(command, action)(database._alembic_config(connection), revision)


def _rows_0018(store: Store) -> dict[str, tuple[Any, ...]]:
    """0018's rows with their stamps decoded (the JSON's key order and spacing may differ)."""
    with store.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT tbl, row_id, gen, alive, stamps, del_hlc, del_site, scope FROM sync_row")
        ).all()
    return {
        row[1]: (row[0], int(row[2]), bool(row[3]), Stamps.loads(row[4]), *row[5:]) for row in rows
    }


def test_migration_0019_converts_every_kind_of_row_and_back(store: Store) -> None:
    own = {row[1] for row in _raw_keys(store)}
    _alembic(store, "downgrade", "0018")
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM sync_row"))
        connection.execute(
            text(
                "INSERT INTO sync_row (tbl, row_id, gen, alive, stamps, del_hlc, del_site, scope) "
                "VALUES (:t, :r, :g, :a, :s, :dh, :ds, :sc)"
            ),
            [
                dict(zip(("t", "r", "g", "a", "s", "dh", "ds", "sc"), row, strict=True))
                for row in ROWS_0018
            ],
        )
    original = _rows_0018(store)
    assert own  # the template's own rows were there (and are replaced by the crafted ones)

    _alembic(store, "upgrade", "0019")
    with store.new_session() as session:
        assert _by_key(all_states(session)) == _by_key(EXPECTED)
        plain = session.execute(select(row_table).where(row_table.c.row_id == "v-plain")).one()
        assert plain.stamps is None and plain.tbl == TABLE_NUMBERS["volunteer"]
        assert {row.site_id for row in session.execute(select(site_table))} == {A, B, C}
    indexes = {i["name"]: i for i in inspect(store.engine).get_indexes("sync_row")}
    assert set(indexes) == {"ix_sync_row_dead_scope"}
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as connection:
            ddl = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'sync_row'")
            ).scalar()
            index = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'ix_sync_row_dead_scope'")
            ).scalar()
        assert "WITHOUT ROWID" in ddl and "WHERE alive IS 0" in index

    _alembic(store, "downgrade", "0018")
    back = _rows_0018(store)
    assert back == original
    _alembic(store, "upgrade", "head")


def _raw_keys(store: Store) -> list[tuple[Any, ...]]:
    with store.engine.connect() as connection:
        return list(connection.execute(text("SELECT tbl, row_id FROM sync_row")).all())


@pytest.mark.sqlite_only
def test_a_table_the_migration_does_not_know_stops_it_unchanged(store: Store) -> None:
    _alembic(store, "downgrade", "0018")
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO sync_row (tbl, row_id, gen, alive, stamps) "
                "VALUES ('no_such_table', 'x', 0, 1, '{}')"
            )
        )
    with pytest.raises(
        StoreError, match=r"Tabellen, die diese Version nicht kennt \(no_such_table\)"
    ):
        _alembic(store, "upgrade", "0019")
    assert database.current_revision(store.engine) == "0018"
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM sync_row WHERE tbl = 'no_such_table'"))
    _alembic(store, "upgrade", "head")
