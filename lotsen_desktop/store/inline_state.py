"""Simple merge states kept inside the user rows (``sync_gen``, ``sync_hlc``, ``sync_site``).

Nearly every row state (``sync_row``) is "simple": alive, one default stamp, no per-column
stamps, no deletion stamp. Such a state costs a ``sync_row`` entry of its own (about 45 bytes
with its key, 2 million of them at 100,000 volunteers); inside the row it describes it costs
three small integers. The rule that keeps this safe:

- Writes go to ``sync_row`` as before (``sync.state.save_states``); a state there always wins
  over the row's inline one, which may be stale.
- :func:`fold` moves the simple states whose row exists into the row and deletes them from
  ``sync_row`` (one statement pair per table, in the caller's transaction): after migration
  0023, after compaction and after the demo data.
- A row that is deleted takes its inline state with it, so a ``BEFORE DELETE`` trigger on every
  tracked table copies it into ``sync_row`` first (unless a state is there already), whoever
  deletes: the services through the ORM, a cascade of the database, the merge, plain SQL. Change
  capture and the sweep then find the state of a deleted row where they always did.

The scope of an inline state (a course row's course, for its package's tombstones) is not
stored: it is what capture and the merge give the row, read from the row itself
(:func:`scope_sql`). :func:`fold` moves only states whose stored scope equals it.

The columns are in the models (``Tracked``) so that copies between engines keep them, and are
local like ``row_version``: they never travel, never count in the digest or in exports.
Plain SQL with the same text on SQLite and PostgreSQL, except the trigger bodies.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lotsen_desktop.store.sync_tables import TABLE_NUMBERS

INLINE_COLUMNS = ("sync_gen", "sync_hlc", "sync_site")
"""The row's generation, default stamp's clock value and site number (``sync_site``); all NULL
when the row's state is in ``sync_row``."""

COURSE_SCOPED = ("course_session", "enrolment", "course_lock")
"""Tables whose rows' scope is their own ``course_id`` (``sync.capture.scope_of``)."""


def trigger_name(tbl: str) -> str:
    return f"sync_inline_{tbl}"


def scope_sql(tbl: str, alias: str) -> str:
    """SQL for the scope capture would give the row ``alias`` of ``tbl`` (``NULL`` if none)."""
    if tbl in COURSE_SCOPED:
        return f"{alias}.course_id"
    if tbl == "attendance":
        return (
            "(SELECT scope_session.course_id FROM course_session scope_session "
            f"WHERE scope_session.id = {alias}.session_id)"
        )
    return "NULL"


def _deleted_scope_sql(tbl: str) -> str:
    """The scope of a row being deleted (``OLD``): an attendance mark's session may be gone
    already in a cascade, its state (written by its own trigger) then names the course."""
    if tbl == "attendance":
        number = TABLE_NUMBERS["course_session"]
        return (
            "COALESCE((SELECT s.course_id FROM course_session s WHERE s.id = OLD.session_id), "
            f"(SELECT r.scope FROM sync_row r WHERE r.tbl = {number} "
            "AND r.row_id = OLD.session_id))"
        )
    return scope_sql(tbl, "OLD")


def _insert_sql(tbl: str) -> str:
    return (
        "INSERT INTO sync_row (tbl, row_id, gen, alive, hlc, site, scope) "
        f"VALUES ({TABLE_NUMBERS[tbl]}, OLD.id, OLD.sync_gen, TRUE, OLD.sync_hlc, OLD.sync_site, "
        f"{_deleted_scope_sql(tbl)}) ON CONFLICT DO NOTHING"
    )


def _is_sqlite(connection: Any) -> bool:
    return bool(connection.dialect.name == "sqlite")


def _quote(connection: Any, name: str) -> str:
    return str(connection.dialect.identifier_preparer.quote(name))


def create_triggers(connection: Any, tables: Iterable[str] = TABLE_NUMBERS) -> None:
    """The ``BEFORE DELETE`` trigger of every tracked table (idempotent)."""
    for tbl in tables:
        name, table = trigger_name(tbl), _quote(connection, tbl)
        if _is_sqlite(connection):
            connection.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE DELETE ON {table} "
                f"WHEN OLD.sync_hlc IS NOT NULL BEGIN {_insert_sql(tbl)}; END"
            )
            continue
        connection.exec_driver_sql(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF OLD.sync_hlc IS NOT NULL THEN {_insert_sql(tbl)}; END IF; "
            "RETURN OLD; END $$"
        )
        connection.exec_driver_sql(
            f"CREATE OR REPLACE TRIGGER {name} BEFORE DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}()"
        )


def drop_triggers(connection: Any, tables: Iterable[str] = TABLE_NUMBERS) -> None:
    for tbl in tables:
        name = trigger_name(tbl)
        if _is_sqlite(connection):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        else:
            connection.exec_driver_sql(
                f"DROP TRIGGER IF EXISTS {name} ON {_quote(connection, tbl)}"
            )
            connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name}()")


def triggers_complete(connection: Any) -> bool:
    """Are all triggers there? (A table rebuild, ``batch_alter_table`` on SQLite, drops them.)"""
    if _is_sqlite(connection):
        query = (
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_inline_%'"
        )
    else:
        query = "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'sync_inline_%%'"  # psycopg
    found = {str(row[0]) for row in connection.exec_driver_sql(query)}
    return {trigger_name(tbl) for tbl in TABLE_NUMBERS} <= found


def has_columns(connection: Any) -> bool:
    """Whether the schema has the inline columns (from 0023 on)."""
    if _is_sqlite(connection):
        rows = connection.exec_driver_sql("PRAGMA table_info(office)").fetchall()
        return any(row[1] == "sync_hlc" for row in rows)
    return (
        connection.exec_driver_sql(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = 'office' AND column_name = 'sync_hlc'"
        ).first()
        is not None
    )


def repair(connection: Any) -> bool:
    """Recreate missing triggers; ``True`` if any was missing. A state is never lost by this:
    without the trigger only a delete could lose one, and deletes come after the open."""
    if not has_columns(connection) or triggers_complete(connection):
        return False
    create_triggers(connection)
    return True


def _simple(tbl: str) -> str:
    """``sync_row`` entry ``r`` is simple and belongs inline in row ``u`` of ``tbl``."""
    return (
        f"r.tbl = {TABLE_NUMBERS[tbl]} AND r.row_id = u.id AND r.alive = TRUE "
        "AND r.stamps IS NULL AND r.del_hlc IS NULL AND r.hlc IS NOT NULL "
        "AND r.site IS NOT NULL AND "
        + (
            "r.scope IS NULL"
            if scope_sql(tbl, "u") == "NULL"
            else f"r.scope = {scope_sql(tbl, 'u')}"
        )
    )


def fold(connection: Any, tables: Iterable[str] = TABLE_NUMBERS) -> int:
    """Move every simple state whose row exists from ``sync_row`` into the row; returns how
    many. Idempotent; run it in one transaction (the caller's), so an interruption leaves
    every state where it was."""
    moved = 0
    for tbl in tables:
        table = _quote(connection, tbl)
        connection.exec_driver_sql(
            f"UPDATE {table} AS u SET sync_gen = r.gen, sync_hlc = r.hlc, sync_site = r.site "
            f"FROM sync_row r WHERE {_simple(tbl)}"
        )
        # only what is now exactly in the row leaves sync_row
        result = connection.exec_driver_sql(
            f"DELETE FROM sync_row WHERE tbl = {TABLE_NUMBERS[tbl]} AND EXISTS ("
            f"SELECT 1 FROM {table} u WHERE u.id = sync_row.row_id "
            "AND u.sync_gen = sync_row.gen AND u.sync_hlc = sync_row.hlc "
            "AND u.sync_site = sync_row.site) AND alive = TRUE AND stamps IS NULL "
            "AND del_hlc IS NULL"
        )
        moved += max(int(result.rowcount or 0), 0)
    return moved


def unfold(connection: Any, tables: Iterable[str] = TABLE_NUMBERS) -> int:
    """Copy every inline state that ``sync_row`` lacks into it and clear the inline columns
    (the downgrade of 0023, and before anything that must see ``sync_row`` alone)."""
    moved = 0
    for tbl in tables:
        table = _quote(connection, tbl)
        result = connection.exec_driver_sql(
            "INSERT INTO sync_row (tbl, row_id, gen, alive, hlc, site, scope) "
            f"SELECT {TABLE_NUMBERS[tbl]}, u.id, u.sync_gen, TRUE, u.sync_hlc, u.sync_site, "
            f"{scope_sql(tbl, 'u')} FROM {table} u WHERE u.sync_hlc IS NOT NULL "
            f"AND NOT EXISTS (SELECT 1 FROM sync_row r WHERE r.tbl = {TABLE_NUMBERS[tbl]} "
            "AND r.row_id = u.id)"
        )
        moved += max(int(result.rowcount or 0), 0)
        connection.exec_driver_sql(
            f"UPDATE {table} SET sync_gen = NULL, sync_hlc = NULL, sync_site = NULL "
            "WHERE sync_hlc IS NOT NULL"
        )
    return moved
