"""Time the migrations up to ``REVISION`` on a copy of a database, and the file's size after
``VACUUM`` next to the same copy vacuumed without them (from 0018: 0019 dense row states, 0020
UUID keys as 16 bytes, 0021 the row states' keys as 16 bytes).

    python -m bench.migrate_keys SOURCE.sqlite WORK_FOLDER [REVISION]

``REVISION`` (default 0020) is where the copy is migrated to: ``0021`` (the row states' keys as
bytes) on a source at 0020. The source is only read: both copies are made in ``WORK_FOLDER``
(twice the source's size).
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import time
from pathlib import Path


def _vacuum(path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    connection = sqlite3.connect(path)
    connection.execute("VACUUM")
    connection.close()
    return time.perf_counter() - start, path.stat().st_size


def _sync_row_mb(path: Path) -> float:
    """``sync_row`` with its index (``dbstat``)."""
    connection = sqlite3.connect(path)
    try:
        query = (
            "SELECT sum(pgsize) FROM dbstat WHERE name IN "
            "(SELECT name FROM sqlite_master WHERE tbl_name = 'sync_row')"
        )
        return float(connection.execute(query).fetchone()[0] or 0) / 1e6
    finally:
        connection.close()


def main(source: Path, folder: Path, revision: str = "0020") -> None:
    from alembic import command

    from lotsen_desktop.store import database

    folder.mkdir(parents=True, exist_ok=True)
    plain, keys = folder / "plain.sqlite", folder / "keys.sqlite"
    for target in (plain, keys):
        shutil.copyfile(source, target)
    print(f"source {source.stat().st_size / 1e6:,.1f} MB")
    seconds, size = _vacuum(plain)
    print(
        f"baseline: VACUUM of the plain copy {seconds:.1f} s, {size / 1e6:,.1f} MB "
        f"(sync_row {_sync_row_mb(plain):,.1f} MB)"
    )
    engine = database.create_sqlite_engine(keys)
    start = time.perf_counter()
    with engine.begin() as connection:
        command.upgrade(database._alembic_config(connection), revision)
    migrated = time.perf_counter() - start
    engine.dispose()
    print(
        f"migration to {revision}: {migrated:.1f} s, "
        f"file {keys.stat().st_size / 1e6:,.1f} MB before VACUUM"
    )
    seconds, size = _vacuum(keys)
    print(
        f"after VACUUM ({seconds:.1f} s): {size / 1e6:,.1f} MB "
        f"(sync_row {_sync_row_mb(keys):,.1f} MB)"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), *sys.argv[3:4])
