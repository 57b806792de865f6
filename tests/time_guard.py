"""The suite-wide check that no time of the user tables is stored as text on SQLite
(``store/timestamps.py``).

Text next to integers sorts after every one of them and compares with none: an ordering by
``created_at`` goes wrong, silently. Every test's SQLite files at the newest schema are checked
after the test, so any write path that bypasses ``UtcTimestamp`` (driver SQL, the merge's bulk
writes, migrations, child processes) fails the test that used it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import lotsen_desktop.store.sync_tables  # noqa: F401  (the change log's tables: not checked)
from lotsen_desktop.store.database import head_revision
from lotsen_desktop.store.models import Base
from lotsen_desktop.store.timestamps import UtcTimestamp


def time_columns() -> dict[str, tuple[str, ...]]:
    """Every ``UtcTimestamp`` column by table."""
    found: dict[str, tuple[str, ...]] = {}
    for table in Base.metadata.tables.values():
        columns = tuple(c.name for c in table.columns if isinstance(c.type, UtcTimestamp))
        if columns:
            found[table.name] = columns
    return found


def text_times(path: Path) -> list[str]:
    """``table.column: value`` of the times stored as anything but integers (text, mostly) in
    the SQLite file at ``path`` (at the newest schema; other files, encrypted ones and older
    schemas, are not checked)."""
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
        for table, columns in time_columns().items():
            if table not in tables:
                continue
            for column in columns:
                rows = connection.execute(
                    f'SELECT "{column}" FROM "{table}" '
                    f"WHERE typeof(\"{column}\") NOT IN ('integer', 'null') LIMIT 3"
                ).fetchall()
                bad.extend(f"{table}.{column}: {row[0]!r}" for row in rows)
        return bad
    finally:
        connection.close()
