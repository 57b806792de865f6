"""Where the bytes of a database file are: each table with its indexes, largest first.

Reads SQLite's ``dbstat`` table (any schema version; the file is opened read-only), so that a
storage change is judged by what it weighs in the real file and not by an estimate. Run it on a
file after ``VACUUM`` (*Datenbank verkleinern*): free pages are listed apart.

Usage: ``python bench/storage_breakdown.py FILE.sqlite [--json]``
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass
class TableSize:
    table: str
    rows: int
    table_bytes: int
    index_bytes: int

    @property
    def total(self) -> int:
        return self.table_bytes + self.index_bytes


def breakdown(path: Path) -> tuple[list[TableSize], int, int]:
    """Per table (its indexes added to it), the file's size and its free bytes."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        owner = {
            str(name): str(table)
            for name, table in connection.execute("SELECT name, tbl_name FROM sqlite_master")
        }
        sizes: dict[str, TableSize] = {}
        for name, size in connection.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
            table = owner.get(str(name), str(name))
            entry = sizes.setdefault(table, TableSize(table, 0, 0, 0))
            if name == table:
                entry.table_bytes += int(size)
            else:
                entry.index_bytes += int(size)
        for entry in sizes.values():
            try:
                entry.rows = int(
                    connection.execute(f'SELECT count(*) FROM "{entry.table}"').fetchone()[0]
                )
            except sqlite3.DatabaseError:
                entry.rows = 0  # the schema table or a virtual table's shadow
        page_size = int(connection.execute("PRAGMA page_size").fetchone()[0])
        free = int(connection.execute("PRAGMA freelist_count").fetchone()[0]) * page_size
    finally:
        connection.close()
    ordered = sorted(sizes.values(), key=lambda e: e.total, reverse=True)
    return ordered, path.stat().st_size, free


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    tables, size, free = breakdown(args.file)
    if args.json:
        print(
            json.dumps(
                {"file_bytes": size, "free_bytes": free, "tables": [asdict(t) for t in tables]}
            )
        )
        return 0
    print(f"{'table':<32} {'rows':>10} {'table MB':>9} {'index MB':>9} {'total MB':>9}")
    for t in tables:
        print(
            f"{t.table:<32} {t.rows:>10} {t.table_bytes / 1e6:>9.1f} "
            f"{t.index_bytes / 1e6:>9.1f} {t.total / 1e6:>9.1f}"
        )
    print(f"{'free pages':<32} {'':>10} {'':>9} {'':>9} {free / 1e6:>9.1f}")
    print(f"{'file':<32} {'':>10} {'':>9} {'':>9} {size / 1e6:>9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
