"""Time the migrations up to 0020 (0019: dense row states; 0020: UUID keys as 16 bytes) on a
copy of a database at schema 0018, and the file's size after ``VACUUM`` next to the same copy
vacuumed without the migration.

    python -m bench.migrate_keys SOURCE.sqlite WORK_FOLDER

The source is only read: both copies are made in ``WORK_FOLDER`` (twice the source's size).
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


def main(source: Path, folder: Path) -> None:
    from alembic import command

    from lotsen_desktop.store import database

    folder.mkdir(parents=True, exist_ok=True)
    plain, keys = folder / "plain.sqlite", folder / "keys.sqlite"
    for target in (plain, keys):
        shutil.copyfile(source, target)
    print(f"source {source.stat().st_size / 1e6:,.1f} MB")
    seconds, size = _vacuum(plain)
    print(f"baseline: VACUUM of the plain copy {seconds:.1f} s, {size / 1e6:,.1f} MB")
    engine = database.create_sqlite_engine(keys)
    start = time.perf_counter()
    with engine.begin() as connection:
        command.upgrade(database._alembic_config(connection), "0020")
    migrated = time.perf_counter() - start
    engine.dispose()
    print(
        f"migrations to 0020: {migrated:.1f} s, file {keys.stat().st_size / 1e6:,.1f} MB before VACUUM"
    )
    seconds, size = _vacuum(keys)
    print(f"after VACUUM ({seconds:.1f} s): {size / 1e6:,.1f} MB")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
