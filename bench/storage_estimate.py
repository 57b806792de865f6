"""What the same data would weigh in a denser storage format (issue 8 item 5: < 500 MB per 100,000).

Copies a (compacted) database into a new SQLite file with the same tables and indexes, but with
values stored more densely, and prints each file's size. Nothing in the program reads the copy:
this measures how far a change of the storage format would go before anyone writes it.

Steps, each on top of the one before (``--steps``):

- ``uuid``: every UUID as 16 bytes instead of 36 characters of text;
- ``time``: timestamps as integer microseconds and dates as integer days instead of ISO text;
- ``state``: the merge state of a row (``sync_row``) with a small table number, and its usual
  single stamp as two integers (clock, site number) instead of JSON holding the site's UUID;
- ``audit``: no ``changed_by``/``created_at`` per row (the change log and ``updated_at`` keep
  who and when).

Usage: ``python bench/storage_estimate.py SOURCE.sqlite --out /tmp/dense.sqlite --steps uuid,time``
(SQLite only; SOURCE is opened read-only; the copy is measured after ``VACUUM``, like the
program's file after *Datenbank verkleinern*). Run with no steps first: that plain copy is the
baseline of the same run.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import time
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

UUID_TEXT = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
EPOCH = datetime(1970, 1, 1)
STEPS = ("uuid", "time", "state", "audit")


def _uuid(value: Any) -> Any:
    if isinstance(value, str) and len(value) == 36 and UUID_TEXT.match(value):
        return uuid.UUID(value).bytes
    return value


def _datetime(value: Any) -> Any:
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] in " T":
        moment = datetime.fromisoformat(value)
        return int((moment.replace(tzinfo=None) - EPOCH).total_seconds() * 1_000_000)
    return value


def _date(value: Any) -> Any:
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        return date.fromisoformat(value).toordinal()
    return value


def _converters(columns: list[tuple[str, str]], steps: set[str]) -> list[Any]:
    out: list[Any] = []
    for name, declared in columns:
        kind = declared.upper()
        if "uuid" in steps and (
            kind.startswith("VARCHAR(36)") or name in {"id", "row_id", "scope", "del_site"}
        ):
            out.append(_uuid)
        elif "time" in steps and kind.startswith("DATETIME"):
            out.append(_datetime)
        elif "time" in steps and kind.startswith("DATE"):
            out.append(_date)
        else:
            out.append(None)
    return out


def _copy_table(
    src: sqlite3.Connection, dst: sqlite3.Connection, name: str, ddl: str, steps: set[str]
) -> int:
    columns = [(r[1], r[2] or "") for r in src.execute(f'PRAGMA table_info("{name}")')]
    keep = [
        i
        for i, (column, _t) in enumerate(columns)
        if not ("audit" in steps and column in {"changed_by", "created_at"} and name != "sync_row")
    ]
    if len(keep) < len(columns):
        kept = [columns[i] for i in keep]
        ddl = _table_ddl(name, ddl, [c for c, _t in kept], src)
        columns = kept
    dst.execute(ddl)
    convert = _converters(columns, steps)
    names = ", ".join(f'"{c}"' for c, _t in columns)
    marks = ", ".join("?" for _ in columns)
    count = 0
    cursor = src.execute(f'SELECT {names} FROM "{name}"')
    while batch := cursor.fetchmany(20_000):
        rows = [tuple(f(v) if f else v for f, v in zip(convert, row, strict=True)) for row in batch]
        dst.executemany(f'INSERT INTO "{name}" ({names}) VALUES ({marks})', rows)
        count += len(rows)
    return count


def _table_ddl(name: str, ddl: str, kept: list[str], src: sqlite3.Connection) -> str:
    """The table's DDL without the dropped audit columns (a plain rebuild: types, keys, uniques)."""
    info = {r[1]: r for r in src.execute(f'PRAGMA table_info("{name}")')}
    parts = []
    for column in kept:
        _cid, _n, declared, notnull, _default, _pk = info[column]
        parts.append(f'"{column}" {declared}{" NOT NULL" if notnull else ""}')
    keys = [c for c in kept if info[c][5]]
    if keys:
        parts.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in keys) + ")")
    for match in re.finditer(r"UNIQUE \(([^)]*)\)", ddl):
        parts.append(f"UNIQUE ({match.group(1)})")
    tail = " WITHOUT ROWID" if "WITHOUT ROWID" in ddl.upper() else ""
    return f'CREATE TABLE "{name}" ({", ".join(parts)}){tail}'


def _copy_states(src: sqlite3.Connection, dst: sqlite3.Connection, steps: set[str]) -> int:
    """``sync_row`` with table numbers and the usual single stamp as two integers."""
    dst.execute("CREATE TABLE sync_table (num INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)")
    dst.execute("CREATE TABLE sync_site (num INTEGER PRIMARY KEY, site TEXT NOT NULL UNIQUE)")
    dst.execute(
        "CREATE TABLE sync_row (tbl INTEGER NOT NULL, row_id BLOB NOT NULL, gen INTEGER NOT NULL,"
        " alive BOOLEAN NOT NULL, hlc INTEGER, site INTEGER, stamps TEXT, del_hlc BIGINT,"
        " del_site INTEGER, scope BLOB, PRIMARY KEY (tbl, row_id)) WITHOUT ROWID"
    )
    tables: dict[str, int] = {}
    sites: dict[str, int] = {}

    def number(mapping: dict[str, int], key: str) -> int:
        return mapping.setdefault(key, len(mapping) + 1)

    to_id = _uuid if "uuid" in steps else (lambda v: v)
    count = 0
    cursor = src.execute(
        "SELECT tbl, row_id, gen, alive, stamps, del_hlc, del_site, scope FROM sync_row"
    )
    while batch := cursor.fetchmany(20_000):
        rows = []
        for tbl, row_id, gen, alive, stamps, del_hlc, del_site, scope in batch:
            parsed = json.loads(stamps)
            hlc = site = None
            if list(parsed) == ["*"]:
                hlc, site = parsed["*"][0], number(sites, parsed["*"][1])
                stamps = None
            rows.append(
                (
                    number(tables, tbl),
                    to_id(row_id),
                    gen,
                    alive,
                    hlc,
                    site,
                    stamps,
                    del_hlc,
                    number(sites, del_site) if del_site else None,
                    to_id(scope),
                )
            )
        dst.executemany("INSERT INTO sync_row VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        count += len(rows)
    dst.executemany("INSERT INTO sync_table VALUES (?, ?)", [(n, t) for t, n in tables.items()])
    dst.executemany("INSERT INTO sync_site VALUES (?, ?)", [(n, s) for s, n in sites.items()])
    dst.execute("CREATE INDEX ix_sync_row_dead_scope ON sync_row (scope) WHERE alive IS 0")
    return count


def build(source: Path, out: Path, steps: set[str]) -> dict[str, Any]:
    if out.exists():
        out.unlink()
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(out)
    dst.execute("PRAGMA journal_mode=OFF")
    dst.execute("PRAGMA synchronous=OFF")
    dst.execute("PRAGMA cache_size=-262144")
    started = time.perf_counter()
    objects = src.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL"
    ).fetchall()
    virtual = {n for t, n, _tb, sql in objects if t == "table" and "VIRTUAL TABLE" in sql.upper()}
    dropped = {"changed_by", "created_at"} if "audit" in steps else set()
    with dst:
        for kind, name, _table, sql in objects:
            if kind != "table" or name in virtual:
                continue
            if name == "sync_row" and "state" in steps:
                _copy_states(src, dst, steps)
            else:
                _copy_table(src, dst, name, sql, steps)
        for kind, _name, table, sql in objects:
            if kind != "index" or table in virtual:
                continue
            if table == "sync_row" and "state" in steps:
                continue
            if any(re.search(rf"\b{d}\b", sql) for d in dropped):
                continue
            dst.execute(sql)
    built = out.stat().st_size
    dst.execute("VACUUM")  # as the program's own file is measured: after compaction and VACUUM
    dst.close()
    src.close()
    return {
        "steps": sorted(steps, key=STEPS.index),
        "mb": round(out.stat().st_size / 1e6, 1),
        "mb_before_vacuum": round(built / 1e6, 1),
        "seconds": round(time.perf_counter() - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--out", type=Path, default=Path("/tmp/dense.sqlite"))
    parser.add_argument("--steps", default="", help="comma-separated: " + ", ".join(STEPS))
    args = parser.parse_args()
    steps = {s for s in args.steps.split(",") if s}
    if unknown := steps - set(STEPS):
        parser.error(f"unknown steps: {', '.join(sorted(unknown))}")
    print(f"source: {round(args.source.stat().st_size / 1e6, 1)} MB", flush=True)
    print(json.dumps(build(args.source, args.out, steps)), flush=True)


if __name__ == "__main__":
    main()
