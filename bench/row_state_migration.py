"""Migration 0019 (dense ``sync_row``) on a real file: its time and the sizes before and after.

Copies SOURCE (schema 0018) twice into ``--work``: one copy stays at 0018, the other is migrated
to 0019 (timed, as the program runs it: Alembic on one connection, one transaction). Both are
then ``VACUUM``-ed (as *Datenbank verkleinern* does) and their sizes printed side by side, with
``sync_row`` and ``sync_site`` alone (``dbstat``). The 0018 copy is the baseline of the same run.

Usage: ``python bench/row_state_migration.py /work/data/c/lc.sqlite --work /tmp/me``
(SOURCE is only read; the copies are deleted at the end unless ``--keep``).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import time
from pathlib import Path

from alembic import command

from lotsen_desktop.store.database import _alembic_config, create_sqlite_engine

MB = 1_000_000


def _table_mb(path: Path, *names: str) -> float:
    connection = sqlite3.connect(path)
    try:
        marks = ", ".join("?" for _ in names)
        query = (
            "SELECT sum(pgsize) FROM dbstat WHERE name IN (SELECT name FROM sqlite_master "
            f"WHERE tbl_name IN ({marks}))"
        )
        return float(connection.execute(query, names).fetchone()[0] or 0) / MB
    finally:
        connection.close()


def _vacuum(path: Path) -> float:
    began = time.perf_counter()
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("VACUUM")
    finally:
        connection.close()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", type=Path)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    before, after = args.work / "before-0018.sqlite", args.work / "after-0019.sqlite"
    for target in (before, after):
        shutil.copyfile(args.source, target)
    print(f"source: {args.source} ({args.source.stat().st_size / MB:,.1f} MB)")

    engine = create_sqlite_engine(after)
    began, cpu = time.perf_counter(), time.process_time()
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0019")
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    engine.dispose()
    print(f"migration 0018 -> 0019: {wall:.1f} s wall, {cpu:.1f} s CPU")
    connection = sqlite3.connect(after)
    try:
        rows = connection.execute("SELECT count(*) FROM sync_row").fetchone()[0]
        sites = connection.execute("SELECT count(*) FROM sync_site").fetchone()[0]
    finally:
        connection.close()
    print(f"rows: {rows:,} states, {sites} sites numbered")
    print(f"0019 before VACUUM: {after.stat().st_size / MB:,.1f} MB (the old table's pages free)")

    for label, path in (("0018 (baseline)", before), ("0019", after)):
        spent = _vacuum(path)
        print(
            f"{label:16} after VACUUM ({spent:.0f} s): {path.stat().st_size / MB:8,.1f} MB file, "
            f"sync_row+sync_site {_table_mb(path, 'sync_row', 'sync_site'):6,.1f} MB"
        )
    print(
        f"saved: {(before.stat().st_size - after.stat().st_size) / MB:,.1f} MB "
        f"({after.stat().st_size / before.stat().st_size:.3f} of the 0018 file)"
    )
    if not args.keep:
        before.unlink()
        after.unlink()


if __name__ == "__main__":
    main()
