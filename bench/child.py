"""Measurements that need a fresh process (start-up, peak memory): ``python -m bench.child KIND ...``.

Each prints one JSON object per line; the parent measures the wall time until a line arrives.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
STARTED = time.perf_counter()


def peak_rss_mb() -> float:
    """Peak resident memory of this process since it started.

    ``VmHWM`` belongs to the process image; ``ru_maxrss`` would also count the parent's memory
    at fork time (Linux keeps it across ``exec``), so it is only the fallback.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def emit(**values: object) -> None:
    values["rss_mb"] = peak_rss_mb()
    values["elapsed_ms"] = (time.perf_counter() - STARTED) * 1000
    print(json.dumps(values), flush=True)


def empty_window() -> None:
    """Baseline: a bare PySide6 window, shown and painted."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.resize(1366, 768)
    window.show()
    window.repaint()
    QCoreApplication.processEvents()
    emit(kind="painted")
    del app


def main_window(db: str) -> None:
    """The program's window on ``db``: start to the painted list, then each page's first paint."""
    from PySide6.QtCore import QCoreApplication

    from lotsen_desktop.bootstrap import open_office_store
    from lotsen_desktop.gui.app import application, open_window
    from lotsen_desktop.gui.pages import registry
    from lotsen_desktop.gui.qt_language import apply_language

    app = application()
    apply_language("de")
    store = open_office_store(db)
    window = open_window(store, show_welcome=False)
    window.resize(1366, 768)
    window.show()
    window.show_page("volunteers")
    window.repaint()
    QCoreApplication.processEvents()
    emit(kind="painted")
    for entry in registry.PAGES:
        if entry.key == "volunteers":
            continue
        start = time.perf_counter()
        try:
            window.show_page(entry.key)
            page = window.page(entry.key)
            page.repaint()
            QCoreApplication.processEvents()
            emit(kind="page", page=entry.key, ms=(time.perf_counter() - start) * 1000)
        except Exception as error:
            emit(kind="page", page=entry.key, error=f"{type(error).__name__}: {error}")
    from PySide6.QtWidgets import QLabel

    bare = QLabel("Benchmark")
    window.stack.addWidget(bare)
    start = time.perf_counter()
    window.stack.setCurrentWidget(bare)
    bare.repaint()
    QCoreApplication.processEvents()
    emit(kind="page", page="(bare label)", ms=(time.perf_counter() - start) * 1000)
    # settle: whatever pages load in the background finishes before the memory is read
    deadline = time.perf_counter() + 5
    while time.perf_counter() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.05)
    emit(kind="memory")
    window.close()
    store.close()
    del app


def sync_import(path: str, db: str, passphrase: str) -> None:
    """Receive a sync file on a new database as the window and the command line do (the import
    and the compaction after it): time and peak memory of this process."""
    from lotsen_desktop.bootstrap import open_office_store
    from lotsen_desktop.sync import exchange

    store = open_office_store(db, user="bench")
    start = time.perf_counter()
    summary = exchange.receive_file(store, path, passphrase=passphrase)
    emit(kind="import", ms=(time.perf_counter() - start) * 1000, changes=summary.received)
    store.close()


def sync_export(db: str, folder: str, passphrase: str) -> None:
    """A full export of ``db``: time, file and peak memory of this process."""
    from lotsen_desktop.bootstrap import open_office_store
    from lotsen_desktop.sync import exchange

    store = open_office_store(db, user="bench")
    start = time.perf_counter()
    result = exchange.export_file(store, folder, passphrase=passphrase, full=True)
    emit(
        kind="export",
        ms=(time.perf_counter() - start) * 1000,
        path=str(result.path),
        size=result.size,
    )
    store.close()


def executemany_rows(source: str, target: str) -> None:
    """Baseline of the import: ``executemany`` of the same change rows into an empty log table.

    The table gets the same indexes as the program's change log; only the inserts are timed.
    """
    import sqlite3

    reader = sqlite3.connect(source)
    statements = [
        sql
        for (sql,) in reader.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'sync_change' AND sql IS NOT NULL "
            "ORDER BY type DESC"
        )
    ]
    out = sqlite3.connect(target)
    for statement in statements:
        out.execute(statement)
    cursor = reader.execute("SELECT * FROM sync_change")
    placeholders = ", ".join("?" for _ in cursor.description)
    elapsed, count = 0.0, 0
    while rows := cursor.fetchmany(50_000):
        start = time.perf_counter()
        out.executemany(f"INSERT INTO sync_change VALUES ({placeholders})", rows)
        elapsed += time.perf_counter() - start
        count += len(rows)
    start = time.perf_counter()
    out.commit()
    elapsed += time.perf_counter() - start
    emit(kind="executemany", ms=elapsed * 1000, rows=count)
    out.close()
    reader.close()


def sql_floor(imported: str, target: str) -> None:
    """What SQLite alone needs for an import: the user rows, log entries and row states of an
    imported database written into a new, migrated one with ``executemany`` in one transaction
    (same indexes, triggers and page cache as the import); only the inserts and commit are
    timed (CPU of this process)."""
    import sqlite3

    from lotsen_desktop.bootstrap import open_office_store
    from lotsen_desktop.store.models import TRACKED_MODELS
    from lotsen_desktop.sync.exchange.importing import IMPORT_CACHE_KIB

    open_office_store(target, user="bench").close()
    tables = [m.__table__.name for m in TRACKED_MODELS] + ["sync_change", "sync_site", "sync_row"]  # type: ignore[attr-defined]
    reader = sqlite3.connect(imported)
    rows: dict[str, tuple[list[str], list[Any]]] = {}
    for table in tables:
        order = "" if table.startswith("sync_") else " ORDER BY id"  # as the merge writes them
        cursor = reader.execute(f'SELECT * FROM "{table}"{order}')
        rows[table] = ([d[0] for d in cursor.description], cursor.fetchall())
    out = sqlite3.connect(target, isolation_level=None)
    out.execute("PRAGMA foreign_keys = ON")
    out.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
    for table in reversed(tables):  # the new database's shipped rows and its own log
        out.execute(f'DELETE FROM "{table}"')
    spent: dict[str, float] = {}
    start = time.process_time()
    out.execute("BEGIN")
    out.execute("PRAGMA defer_foreign_keys = ON")
    for table in tables:
        columns, values = rows[table]
        names = ", ".join(f'"{c}"' for c in columns)
        began = time.process_time()
        out.executemany(
            f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" for _ in columns)})', values
        )
        spent[table] = time.process_time() - began
    out.execute("COMMIT")
    emit(
        kind="sql-floor",
        cpu_ms=(time.process_time() - start) * 1000,
        log_ms=spent.pop("sync_change") * 1000,
        states_ms=(spent.pop("sync_row") + spent.pop("sync_site")) * 1000,
        user_rows_ms=sum(spent.values()) * 1000,
        rows=sum(len(v) for _c, v in rows.values()),
    )
    out.close()
    reader.close()


if __name__ == "__main__":
    kind, *args = sys.argv[1:]
    {
        "empty-window": empty_window,
        "main-window": main_window,
        "sync-import": sync_import,
        "sync-export": sync_export,
        "executemany": executemany_rows,
        "sql-floor": sql_floor,
    }[kind](*args)
