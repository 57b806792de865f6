"""``python -m bench``: datasets S and L, every measurement next to its baseline from the same run.

Only public entry points of the program are used (services, the sync exchange, GUI classes, the
command line), so a faster implementation behind them shows up here without changing the bench.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench import core, datasets
from bench.bytecode import use_cached_bytecode
from bench.core import Recorder, Result, time_ms

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
PASSPHRASE = "benchmark-passwort-lang"
BARE_PAGE = "(bare label)"
SEARCHES = ("s", "sa", "sah", "sahi", "sahin", "m", "mü", "mül", "müll", "müller", "ng", "ngu")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="dataset S only, fewer repeats (< 2 min)"
    )
    parser.add_argument(
        "--data", type=Path, default=datasets.DEFAULT_DATA, help="dataset cache folder"
    )
    parser.add_argument("--json", type=Path, default=RESULTS, help="where to write the results")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown")
    parser.add_argument("--datasets", default=None, help="e.g. S or S,L (default: S,L; quick: S)")
    parser.add_argument("--s-volunteers", type=int, default=datasets.SIZES["S"])
    parser.add_argument("--l-volunteers", type=int, default=datasets.SIZES["L"])
    parser.add_argument("--repeat", type=int, default=None, help="samples per measurement")
    parser.add_argument(
        "--only", action="append", default=[], help="run measurements whose key contains this"
    )
    args = parser.parse_args(argv)
    use_cached_bytecode()

    names = (args.datasets or ("S" if args.quick else "S,L")).upper().split(",")
    sizes = {"S": args.s_volunteers, "L": args.l_volunteers}
    repeat = args.repeat or (3 if args.quick else 7)
    recorder = Recorder(args.only)
    started = time.time()
    meta: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "quick": args.quick,
        "repeat": repeat,
        "machine": core.machine(),
        "datasets": {},
    }
    print(json.dumps(meta["machine"]))
    print(core.HEADER)
    with tempfile.TemporaryDirectory(prefix="lotsen-bench-") as scratch:
        folder = Path(scratch)
        for name in names:
            dataset = datasets.ensure(name, sizes[name], args.data)
            meta["datasets"][name] = dataset.meta
            run_dataset(recorder, dataset, folder, repeat=repeat)
    meta["seconds"] = round(time.time() - started, 1)
    core.write_json(args.json, recorder.results, meta)
    print()
    print(core.format_table(recorder.results))
    print(f"\n{len(recorder.results)} measurements in {meta['seconds']} s; JSON: {args.json}")
    if args.markdown:
        args.markdown.write_text(core.markdown_table(recorder.results) + "\n", "utf-8")
    return 0


def run_dataset(
    recorder: Recorder, dataset: datasets.Dataset, folder: Path, *, repeat: int
) -> None:
    name = dataset.name
    large = dataset.volunteers >= 50_000
    few = max(1, repeat // 2) if large else repeat  # the slow service calls at L
    meta = dataset.meta
    counts = meta.get("counts", {})

    def demo_time(r: Result) -> None:
        r.samples = [float(meta["demo_seconds"])]
        r.note = f"cpu {meta.get('demo_cpu_seconds')} s; {json.dumps(counts)}"
        if meta.get("cached"):
            r.note += " (dataset cached: time of the run that made it)"

    recorder.measure(
        "demo",
        name,
        f"demo --volunteers {dataset.volunteers:,}",
        "s",
        demo_time,
        target="< 180 s at 100,000",
    )

    def file_size(r: Result) -> None:
        r.samples = [dataset.path.stat().st_size / 1e6]
        r.note = f"{r.samples[0] * 100_000 / dataset.volunteers:,.0f} MB per 100,000 volunteers"

    recorder.measure("size", name, "database file", "MB", file_size, target="< 500 MB per 100,000")

    db = dataset.working_copy(folder)
    _configure_office(db)
    _subprocess_measurements(recorder, name, db, repeat=min(repeat, 3 if repeat > 3 else 2))
    _service_measurements(recorder, name, db, repeat=few)
    _gui_measurements(recorder, name, db, repeat=repeat)
    _batch_measurement(recorder, name, db, folder, repeat=min(few, 3))
    _sync_measurement(
        recorder, name, db, folder, repeat=1 if large else min(repeat, 3 if repeat > 3 else 2)
    )


def _configure_office(db: Path) -> None:
    from lotsen_desktop.bootstrap import open_office_store
    from lotsen_desktop.services import setup

    store = open_office_store(db, user="bench")
    try:
        if not setup.get_office(store).is_configured:
            setup.update_office(store, name="Benchmark", place="Hannover")
    finally:
        store.close()


# --- fresh processes: start-up, page first paint, peak memory -------------------------------------


def _child(*args: str, timeout: float = 600) -> tuple[float, list[dict[str, Any]]]:
    """Run ``bench.child``; wall time from start to its first line, and every line it printed."""
    command = [sys.executable, "-m", "bench.child", *args]
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=datasets.ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert process.stdout is not None
    first_line = None
    lines: list[dict[str, Any]] = []
    for line in process.stdout:
        if first_line is None:
            first_line = time.perf_counter() - start
        if line.startswith("{"):
            lines.append(json.loads(line))
    _out, err = process.communicate(timeout=timeout)
    if process.returncode != 0 or first_line is None:
        tail = (err or "").strip().splitlines()[-1:] or [f"exit code {process.returncode}"]
        raise RuntimeError(tail[0])
    return first_line * 1000, lines


def _subprocess_measurements(recorder: Recorder, name: str, db: Path, *, repeat: int) -> None:
    if not recorder.wanted("window-start", "window-page", "window-memory"):
        return
    empty_ms: list[float] = []
    empty_rss: list[float] = []
    for _ in range(repeat):
        try:
            elapsed, lines = _child("empty-window")
            empty_ms.append(elapsed)
            empty_rss.append(lines[-1]["rss_mb"])
        except Exception:
            pass
    runs: list[tuple[float, list[dict[str, Any]]]] = []
    failure: list[str] = []
    for _ in range(repeat):
        try:
            runs.append(_child("main-window", str(db)))
        except Exception as error:
            failure.append(str(error))

    def need_runs() -> None:
        if not runs:
            raise RuntimeError(failure[0] if failure else "no run")

    def cold(r: Result) -> None:
        need_runs()
        r.samples = [elapsed for elapsed, _lines in runs]
        r.baseline_samples = empty_ms

    recorder.measure(
        "window-start",
        name,
        "cold start to painted list (process)",
        "ms",
        cold,
        baseline="empty PySide6 window shown (process)",
        target="< 1500 ms at L",
    )
    pages = sorted(
        {
            line["page"]
            for _e, lines in runs
            for line in lines
            if line["kind"] == "page" and line["page"] != BARE_PAGE
        }
    )
    for page in pages:

        def paint(r: Result, page: str = page) -> None:
            need_runs()
            lines = [line for _e, ls in runs for line in ls if line.get("page") == page]
            errors = [line["error"] for line in lines if "error" in line]
            if errors:
                raise RuntimeError(errors[0])
            r.samples = [line["ms"] for line in lines]
            r.baseline_samples = [
                line["ms"] for _e, ls in runs for line in ls if line.get("page") == BARE_PAGE
            ]

        recorder.measure(
            f"window-page-{page}",
            name,
            f"page {page}: first paint after switching",
            "ms",
            paint,
            baseline="a bare QLabel page in the same window",
            target="< 300 ms",
        )

    def memory(r: Result) -> None:
        need_runs()
        r.samples = [lines[-1]["rss_mb"] for _e, lines in runs]
        r.baseline_samples = empty_rss

    recorder.measure(
        "window-memory",
        name,
        "peak memory: window, all pages visited",
        "MB",
        memory,
        baseline="empty PySide6 window",
        target="< 400 MB at L",
    )


# --- services and the baselines in plain sqlite3 -----------------------------------------------


def _group_by_minutes(db: Path) -> Callable[[], object]:
    from lotsen_desktop.domain.vocabulary import AttendanceState

    sql = (
        "SELECT a.volunteer_id, s.course_id, SUM(CASE a.state"
        f" WHEN '{AttendanceState.PRESENT.value}' THEN s.end_minute - s.start_minute"
        f" WHEN '{AttendanceState.PARTIAL.value}' THEN COALESCE(a.minutes, 0) ELSE 0 END)"
        " FROM attendance a JOIN course_session s ON s.id = a.session_id"
        " GROUP BY a.volunteer_id, s.course_id"
    )

    def run() -> object:
        with sqlite3.connect(db) as connection:
            return connection.execute(sql).fetchall()

    return run


def _service_measurements(recorder: Recorder, name: str, db: Path, *, repeat: int) -> None:
    if not recorder.wanted("progress", "eligible", "list-service"):
        return
    from sqlalchemy import select

    from lotsen_desktop.bootstrap import open_office_store
    from lotsen_desktop.services import certificates, progress, volunteers
    from lotsen_desktop.store.models import Volunteer

    group_by = _group_by_minutes(db)
    baseline = time_ms(group_by, repeat)
    store = open_office_store(db, user="bench")
    try:

        def overview(r: Result) -> None:
            r.samples = time_ms(lambda: progress.progress_overview(store), repeat)
            r.baseline_samples = baseline

        recorder.measure(
            "progress",
            name,
            "progress.progress_overview (everyone)",
            "ms",
            overview,
            baseline="sqlite3 GROUP BY attendance minutes",
        )

        def eligible_page() -> object:
            """What the Zertifikate page reads: the ids in list order, the first 100 rows."""
            ids = certificates.list_eligible_ids(store)
            return certificates.eligible_rows(store, ids[:100])

        def eligible(r: Result) -> None:
            r.samples = time_ms(eligible_page, repeat)
            r.baseline_samples = baseline

        recorder.measure(
            "eligible",
            name,
            "certificates: eligible ids + first 100 rows",
            "ms",
            eligible,
            baseline="sqlite3 GROUP BY attendance minutes",
        )

        def all_orm() -> object:
            with store.new_session() as session:
                return session.scalars(select(Volunteer)).all()

        def service_page(r: Result) -> None:
            r.samples = time_ms(lambda: volunteers.list_volunteers(store, limit=200), repeat)
            r.baseline_samples = time_ms(all_orm, max(1, repeat // 2))

        recorder.measure(
            "list-service",
            name,
            "volunteers.list_volunteers first 200",
            "ms",
            service_page,
            baseline="all volunteers as ORM objects",
        )
    finally:
        store.close()


# --- the window's models and views, in this process (offscreen) --------------------------------


def _gui_measurements(recorder: Recorder, name: str, db: Path, *, repeat: int) -> None:
    if not recorder.wanted("list-first-page", "search", "sort", "grid-open", "grid-toggle"):
        return
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtSql import QSqlDatabase, QSqlTableModel
    from PySide6.QtWidgets import QTableView

    from lotsen_desktop.bootstrap import open_office_store
    from lotsen_desktop.gui.app import application
    from lotsen_desktop.gui.main_window import MainWindow
    from lotsen_desktop.gui.qt_language import apply_language

    application()
    apply_language("de")
    store = open_office_store(db, user="bench")
    connection = f"bench-{name}"
    qdb = QSqlDatabase.addDatabase("QSQLITE", connection)
    qdb.setDatabaseName(str(db))
    qdb.open()
    window = None
    table: Any = None
    made_views: list[Any] = []
    try:
        window = MainWindow(store)
        window.resize(1366, 768)
        window.show()
        window.show_page("volunteers")
        page: Any = window.page("volunteers")
        view, model = page.view, page.model

        def paint(target: Any = None) -> None:
            (target or view).viewport().repaint()
            QCoreApplication.processEvents()

        table = QSqlTableModel(None, qdb)
        table.setTable("volunteer")
        sort_column = table.fieldIndex("sort_key")
        status_column = table.fieldIndex("status")
        plain = QTableView()
        plain.resize(1100, 700)
        plain.setModel(table)
        plain.show()
        made_views.append(plain)

        def sql_select(column: int) -> Callable[[], None]:
            def run() -> None:
                table.setSort(column, Qt.SortOrder.AscendingOrder)
                table.select()
                paint(plain)

            return run

        qsql_first = time_ms(sql_select(sort_column), repeat)

        def first_page(r: Result) -> None:
            from lotsen_desktop.gui.models.volunteer_table_model import VolunteerQuery

            def run() -> None:
                model.set_query(VolunteerQuery())
                paint()

            r.samples = time_ms(run, repeat)
            r.baseline_samples = qsql_first

        recorder.measure(
            "list-first-page",
            name,
            "volunteer list: first page painted",
            "ms",
            first_page,
            baseline="QSqlTableModel select + paint",
        )

        def search(r: Result) -> None:
            def keystroke(text: str) -> Callable[[], None]:
                def run() -> None:
                    if hasattr(page, "apply_query") and hasattr(page, "search_edit"):
                        page.search_edit.setText(text)
                        page.apply_query()
                    else:
                        model.update_query(search=text)
                    paint()

                return run

            samples: list[float] = []
            for _round in range(max(1, repeat // 3)):
                for text in SEARCHES:
                    samples.extend(time_ms(keystroke(text), 1))
                keystroke("")()
            r.samples = samples
            like = (
                "SELECT id FROM volunteer WHERE search_key LIKE ? ORDER BY sort_key, id LIMIT 200"
            )
            with sqlite3.connect(db) as plain_db:
                r.baseline_samples = [
                    s
                    for text in SEARCHES
                    for s in time_ms(
                        lambda text=text: plain_db.execute(like, (f"%{text}%",)).fetchall(), 1
                    )
                ]
            r.note = f"{len(SEARCHES)} keystrokes per round"

        recorder.measure(
            "search",
            name,
            "search keystroke to repainted list (p95!)",
            "ms",
            search,
            baseline="sqlite3 LIKE + ORDER BY, first 200",
            target="p95 < 50 ms at L",
        )

        def sort(r: Result) -> None:
            from lotsen_desktop.gui.models.volunteer_table_model import VolunteerTableModel

            def run() -> None:
                model.sort(VolunteerTableModel.STATUS, Qt.SortOrder.DescendingOrder)
                paint()
                model.sort(VolunteerTableModel.NAME, Qt.SortOrder.AscendingOrder)
                paint()

            r.samples = [s / 2 for s in time_ms(run, repeat)]
            r.baseline_samples = time_ms(sql_select(status_column), repeat)

        recorder.measure(
            "sort",
            name,
            "sort the list by a column",
            "ms",
            sort,
            baseline="QSqlTableModel setSort + select",
        )
        _attendance_grid(recorder, name, store, repeat, QStandardItemModel, QStandardItem, paint)
    finally:
        if window is not None:
            window.close()
            window.deleteLater()
            QCoreApplication.processEvents()
        for widget in list(made_views):
            widget.close()
            widget.setModel(None)
        made_views.clear()
        table = None
        qdb.close()
        del qdb
        QSqlDatabase.removeDatabase(connection)
        store.close()


def _attendance_grid(
    recorder: Recorder,
    name: str,
    store: Any,
    repeat: int,
    standard_model: Any,
    standard_item: Any,
    paint: Callable[[Any], None],
) -> None:
    if not recorder.wanted("grid-open", "grid-toggle"):
        return
    from PySide6.QtWidgets import QTableView

    from lotsen_desktop.gui.views.attendance_grid_view import AttendancePanel
    from lotsen_desktop.services import courses, volunteers

    made: dict[str, Any] = {}

    def course() -> str:
        if "id" not in made:
            first = date.today() - timedelta(days=7 * 12)
            course_id = courses.add_course(
                store,
                module_code="BASIS",
                title="Benchmark 30 x 12",
                session_dates=[first + timedelta(days=7 * n) for n in range(12)],
            )
            people = [row.id for row in volunteers.list_volunteers(store, limit=30)]
            courses.enrol_volunteers(store, course_id=course_id, volunteer_ids=people)
            made["id"] = course_id
        return str(made["id"])

    def bare_grid() -> None:
        model = standard_model(30, 14)
        for row in range(30):
            for column in range(14):
                model.setItem(row, column, standard_item("✓"))
        view = QTableView()
        view.resize(1100, 700)
        view.setModel(model)
        view.show()
        paint(view)
        view.close()

    bare = time_ms(bare_grid, repeat)

    def grid_open(r: Result) -> None:
        course_id = course()
        panels: list[Any] = []

        def run() -> None:
            panel = AttendancePanel(store)
            panel.resize(1100, 700)
            panel.load(course_id)
            panel.show()
            paint(panel.view)
            panels.append(panel)

        r.samples = time_ms(run, repeat)
        r.baseline_samples = bare
        made["panel"] = panels[-1]
        for panel in panels[:-1]:
            panel.close()
            panel.deleteLater()

    recorder.measure(
        "grid-open",
        name,
        "attendance grid 30 x 12: open and paint",
        "ms",
        grid_open,
        baseline="QStandardItemModel 30 x 14 in a QTableView",
    )

    def toggle(r: Result) -> None:
        panel = made.get("panel")
        if panel is None:
            raise RuntimeError("the grid did not open")
        model = panel.model
        cells = [(row, column) for row in range(min(30, model.rowCount())) for column in range(12)]
        picks = cells[:: max(1, len(cells) // (repeat * 2))][: repeat * 2]

        def run(row: int, column: int) -> None:
            model.cycle(model.index(row, column))
            paint(panel.view)

        r.samples = [
            s
            for row, column in picks
            for s in time_ms(lambda row=row, column=column: run(row, column), 1)
        ]
        r.baseline_samples = bare
        r.note = "one click: mark saved, totals and threshold repainted"
        panel.close()

    recorder.measure(
        "grid-toggle",
        name,
        "attendance grid: toggle one mark",
        "ms",
        toggle,
        baseline="QStandardItemModel 30 x 14 in a QTableView",
    )


# --- batch of documents ------------------------------------------------------------------------


def _bare_reportlab(out: Path, count: int) -> float:
    """Documents per second of a bare ReportLab loop: the DejaVu font and a QR code per page."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from lotsen_desktop.documents.base import FONT, register_fonts

    register_fonts()
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for number in range(count):
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=A4)
        canvas.setFont(FONT, 14)
        canvas.drawString(72, 760, f"Teilnahmebescheinigung {number}: İlkay Şahin")
        for line in range(20):
            canvas.drawString(72, 700 - 18 * line, f"Modul {line}: 12 UE, anwesend")
        widget = QrCodeWidget(f"IL-2026-{number:05d}-ABCD")
        drawing = Drawing(80, 80)
        drawing.add(widget)
        renderPDF.draw(drawing, canvas, 450, 60)
        canvas.showPage()
        canvas.save()
        (out / f"doc-{number}.pdf").write_bytes(buffer.getvalue())
    return count / (time.perf_counter() - start)


def _batch_measurement(
    recorder: Recorder, name: str, db: Path, folder: Path, *, repeat: int
) -> None:
    if not recorder.wanted("batch"):
        return
    from lotsen_desktop.bootstrap import open_office_store
    from lotsen_desktop.services import certificates

    def batch(r: Result) -> None:
        from lotsen_desktop.store.types import key_text

        with sqlite3.connect(db) as connection:
            biggest = [
                key_text(row[0])  # stored as 16 bytes since schema 0020
                for row in connection.execute(
                    "SELECT course_id FROM enrolment GROUP BY course_id"
                    " ORDER BY count(*) DESC, course_id LIMIT ?",
                    (repeat,),
                )
            ]
        store = open_office_store(db, user="bench")
        try:
            sizes = []
            for number, course_id in enumerate(biggest):
                start = time.perf_counter()
                result = certificates.issue_course_batch(
                    store,
                    course_id=course_id,
                    out_dir=folder / f"batch-{name}-{number}",
                    kind="teilnahmebescheinigung",
                )
                seconds = time.perf_counter() - start
                sizes.append(len(result.documents))
                r.samples.append(len(result.documents) / seconds if seconds else 0.0)
        finally:
            store.close()
        count = max(sizes) if sizes else 10
        r.baseline_samples = [
            _bare_reportlab(folder / f"bare-{name}-{n}", count) for n in range(max(1, repeat))
        ]
        r.note = f"documents per course: {sizes}"

    recorder.measure(
        "batch",
        name,
        "course batch of Teilnahmebescheinigungen",
        "docs/s",
        batch,
        baseline="bare ReportLab loop, DejaVu + QR",
        higher_is_better=True,
        target=">= 50 docs/s and within 2x",
    )


# --- sync ------------------------------------------------------------------------------------


def _sync_measurement(
    recorder: Recorder, name: str, db: Path, folder: Path, *, repeat: int
) -> None:
    if not recorder.wanted("sync-export", "sync-import", "sync-memory"):
        return
    made: dict[str, Any] = {}

    def export(r: Result) -> None:
        for number in range(repeat):
            out = folder / f"export-{name}-{number}"
            _first, lines = _child("sync-export", str(db), str(out), PASSPHRASE, timeout=3600)
            line = lines[-1]
            r.samples.append(line["ms"])
            made["file"], made["size"] = line["path"], line["size"]
            made["export_rss"] = line["rss_mb"]
        r.note = f"file {made['size'] / 1e6:,.1f} MB; peak memory {made['export_rss']:,.0f} MB"

    recorder.measure("sync-export", name, "sync: full export", "ms", export)

    def do_import(r: Result) -> None:
        if "file" not in made:
            raise RuntimeError("no export file")
        rss = []
        changes = 0
        for number in range(repeat):
            target = folder / f"import-{name}-{number}.sqlite"
            _first, lines = _child(
                "sync-import", made["file"], str(target), PASSPHRASE, timeout=3600
            )
            r.samples.append(lines[-1]["ms"])
            rss.append(lines[-1]["rss_mb"])
            changes = lines[-1]["changes"]
            made["memory"] = rss
        for number in range(repeat):
            _first, lines = _child(
                "executemany", str(db), str(folder / f"plain-{name}-{number}.sqlite")
            )
            r.baseline_samples.append(lines[-1]["ms"])
        r.note = f"{changes:,} changes; peak memory {max(rss):,.0f} MB"

    recorder.measure(
        "sync-import",
        name,
        "sync: receive full export on a new database (import + compaction)",
        "ms",
        do_import,
        baseline="sqlite3 executemany of the same change rows",
        target="< 10 s per 100,000 changes, 5x",
    )

    def memory(r: Result) -> None:
        if "memory" not in made:
            raise RuntimeError("no import")
        r.samples = made["memory"]

    recorder.measure(
        "sync-memory",
        name,
        "sync: peak memory of the import process",
        "MB",
        memory,
        target="< 300 MB",
    )
