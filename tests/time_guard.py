"""The suite-wide check that no time of the user tables is stored as text on SQLite
(``store/timestamps.py``).

Text next to integers sorts after every one of them and compares with none: an ordering by
``created_at`` goes wrong, silently. Every test's SQLite files at the newest schema are checked
after the test, so any write path that bypasses ``UtcTimestamp`` (driver SQL, the merge's bulk
writes, migrations, child processes) fails the test that used it.
"""

from __future__ import annotations

from pathlib import Path

from key_guard import stored_values

import lotsen_desktop.store.sync_tables  # noqa: F401  (the change log's tables: not checked)
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
    return stored_values(path, time_columns(), "typeof({column}) NOT IN ('integer', 'null')")
