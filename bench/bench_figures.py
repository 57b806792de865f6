"""Qualification figures before and after they became maintained data (issue 8, must-have 1).

python bench/bench_figures.py --db COPY.sqlite --base FOLDER_WITH_OLD_CODE

``COPY.sqlite`` must be a copy at schema 0004 (e.g. of ``demo --volunteers 100000``): it is
measured first with the old code (``--base``: a checkout of the commit before, e.g. via
``git archive``), then opened with this code, which migrates it (timed) and fills the figures,
and measured again. Every figure is the median of ``--repeat`` runs, next to the plain sqlite3
``GROUP BY`` of all attendance minutes measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# The attendance codes before and after migration 0010: the copy is measured on both sides of it.
BASELINE_SQL = """
SELECT a.volunteer_id, s.course_id,
       SUM(CASE WHEN a.state IN ('present', 'anwesend') THEN s.end_minute - s.start_minute
                WHEN a.state IN ('partial', 'teilweise')
                THEN MIN(COALESCE(a.minutes, 0), s.end_minute - s.start_minute)
                ELSE 0 END)
FROM attendance a JOIN course_session s ON s.id = a.session_id
GROUP BY a.volunteer_id, s.course_id
"""


def _median(func: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def baseline(db: Path, repeat: int) -> float:
    connection = sqlite3.connect(db)
    try:
        return _median(lambda: connection.execute(BASELINE_SQL).fetchall(), repeat)
    finally:
        connection.close()


def measure(db: Path, repeat: int) -> dict[str, float]:
    """Runs inside a child process whose ``sys.path`` starts with the code to measure."""
    from datetime import date

    from lotsen_desktop.bootstrap import open_office_store
    from lotsen_desktop.services import certificates, courses, progress
    from lotsen_desktop.store.types import key_text

    figures: dict[str, float] = {}
    start = time.perf_counter()
    store = open_office_store(db, user="bench")
    figures["open (and migrate)"] = time.perf_counter() - start
    connection = sqlite3.connect(db)
    course_id, session_id, person = connection.execute(
        """
        SELECT e.course_id, s.id, e.volunteer_id
        FROM enrolment e JOIN course_session s ON s.course_id = e.course_id
        WHERE s.session_date >= e.enrolled_on AND s.session_date <= date('now')
        ORDER BY (SELECT COUNT(*) FROM enrolment x WHERE x.course_id = e.course_id) DESC,
                 e.course_id, s.session_date, e.volunteer_id
        LIMIT 1
        """
    ).fetchone()
    connection.close()
    course_id, session_id, person = (key_text(v) for v in (course_id, session_id, person))
    figures["list_eligible"] = _median(lambda: certificates.list_eligible(store), repeat)
    figures["progress_overview"] = _median(lambda: progress.progress_overview(store), repeat)
    figures["course_progress (largest course)"] = _median(
        lambda: courses.course_progress(store, course_id), repeat
    )
    states = iter(["absent", "present"] * repeat)

    def toggle() -> None:
        courses.set_attendance(
            store,
            course_id=course_id,
            session_id=session_id,
            volunteer_ids=[person],
            state=next(states),
            today=date.today(),
        )

    figures["attendance toggle (commit)"] = _median(toggle, repeat)
    store.close()
    return figures


def _child(code: Path, db: Path, repeat: int) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(code))
    out = subprocess.run(
        [sys.executable, __file__, "--child", "--db", str(db), "--repeat", str(repeat)],
        env=env,
        cwd=str(code),
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--base", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.db, args.repeat)))
        return
    group_by = baseline(args.db, args.repeat)
    before = _child(args.base, args.db, args.repeat) if args.base else {}
    after = _child(ROOT, args.db, args.repeat)
    print(f"{'what':<36} {'before':>10} {'after':>10} {'after/GROUP BY':>15}")
    for key, value in after.items():
        old = before.get(key)
        was = f"{old:>9.3f}s" if old is not None else f"{'-':>10}"
        print(f"{key:<36} {was} {value:>9.3f}s {value / group_by:>14.3f}x")
    print(f"{'baseline: sqlite3 GROUP BY minutes':<36} {group_by:>9.3f}s {group_by:>9.3f}s")
    print(json.dumps({"group_by": group_by, "before": before, "after": after}))


if __name__ == "__main__":
    main()
