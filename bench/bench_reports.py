"""The year's funding report: figures, PDF and XLSX, next to a baseline from the same run.

python bench/bench_reports.py --db COPY_OF_l100k.sqlite [--year 2026]

Pass a COPY of a large database (opening runs migrations). Without ``--db`` a demo office of
2,000 volunteers is made in a temporary folder. The baseline is everyone's progress in one call
(``progress.progress_overview``), which the report reads for completion and qualification.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.documents.report import report_pdf, report_xlsx
from lotsen_desktop.services import demo, progress, reports, volunteers


def timed(label: str, func: Any, repeat: int = 1) -> Any:
    """Best of ``repeat``: wall time and CPU time of the process (all threads)."""
    best, best_cpu = float("inf"), float("inf")
    result = None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        result = func()
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    print(f"{label:<52} {best * 1000:10.1f} ms   (CPU {best_cpu * 1000:8.1f} ms)")
    return result


def run(db: Path, year: int) -> None:
    store = open_office_store(db, user="bench")
    try:
        people = volunteers.count_volunteers(store)
        print(f"{'volunteers':<52} {people:10d}")
        period = reports.Period.year(year)
        timed("baseline: count volunteers", lambda: volunteers.count_volunteers(store), 3)
        timed("baseline: progress_overview (everyone)", lambda: progress.progress_overview(store))
        report = timed(
            f"report {year}: compute all figures", lambda: reports.compute_report(store, period), 2
        )
        print(f"{'courses in the report':<52} {len(report.courses):10d}")
        timed("report: tables (presentation)", lambda: reports.report_tables(report), 3)
        pdf = timed("report: PDF", lambda: report_pdf(report))
        xlsx = timed("report: XLSX", lambda: report_xlsx(report))
        print(f"{'PDF size / XLSX size':<52} {len(pdf) // 1024:6d} KB / {len(xlsx) // 1024} KB")
        print(
            f"{'peak memory (RSS)':<52} "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:10.1f} MB"
        )
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, help="a COPY of the database to measure")
    parser.add_argument("--year", type=int, default=date.today().year)
    args = parser.parse_args()
    if args.db is not None:
        run(args.db, args.year)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        store = open_office_store(path, user="bench")
        demo.fill_demo(store, volunteers=2000)
        store.close()
        run(path, args.year)


if __name__ == "__main__":
    main()
