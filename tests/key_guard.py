"""The suite-wide check that no UUID key is stored as text on SQLite (``store/types.py``).

A text id next to blob ids matches nothing, silently: a query finds no row, a foreign key
points nowhere. Every test's SQLite files at the newest schema are checked after the test, so
any write path that bypasses ``UuidKey`` (driver SQL, triggers, migrations, child processes)
fails the test that used it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import lotsen_desktop.store.sync_tables  # noqa: F401  (sync_row on the models' metadata)
from lotsen_desktop.store import name_index, phone_index
from lotsen_desktop.store.database import head_revision
from lotsen_desktop.store.models import Base
from lotsen_desktop.store.types import UuidKey


def key_columns() -> dict[str, tuple[str, ...]]:
    """Every ``UuidKey`` column by table, the search indexes' and the row states' (``sync_row``,
    schema 0021) included; the change log keeps its ids as text."""
    found: dict[str, tuple[str, ...]] = {}
    for metadata in (
        Base.metadata,
        name_index.search_table.metadata,
        phone_index.phone_table.metadata,
    ):
        for table in metadata.tables.values():
            columns = tuple(c.name for c in table.columns if isinstance(c.type, UuidKey))
            if columns:
                found[table.name] = columns
    return found


def text_keys(path: Path) -> list[str]:
    """``table.column: value`` of the UUIDs stored as text in the SQLite file at ``path`` (at
    the newest schema; other files, encrypted ones and older schemas, are not checked)."""
    return stored_values(path, key_columns(), "typeof({column}) = 'text' AND length({column}) = 36")


def stored_values(path: Path, columns: dict[str, tuple[str, ...]], condition: str) -> list[str]:
    """``table.column: value`` of up to three values per column that meet ``condition`` (SQL,
    ``{column}`` the quoted column) in the SQLite file at ``path``, if it is at the newest
    schema: the guards' common walk (``time_guard`` too)."""
    try:
        with open(path, "rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                return []
    except OSError:
        return []
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        try:
            version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:
            return []
        if version is None or version[0] != head_revision():
            return []
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        bad: list[str] = []
        for table, names in columns.items():
            if table not in tables:
                continue
            for column in names:
                where = condition.format(column=f'"{column}"')
                rows = connection.execute(
                    f'SELECT "{column}" FROM "{table}" WHERE {where} LIMIT 3'
                ).fetchall()
                bad.extend(f"{table}.{column}: {row[0]!r}" for row in rows)
        return bad
    finally:
        connection.close()
