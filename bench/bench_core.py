"""Core figures: demo data for N volunteers, list/search/progress queries on it.

python bench/bench_core.py [--volunteers 100000]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.services import demo, progress, volunteers


def timed(label: str, func, repeat: int = 1):  # type: ignore[no-untyped-def]
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<45} {best * 1000:10.1f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--volunteers", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = open_office_store(Path(folder) / "bench.sqlite", user="bench")
        timed(
            f"demo --volunteers {args.volunteers}",
            lambda: demo.fill_demo(store, volunteers=args.volunteers),
        )
        timed("count all", lambda: volunteers.count_volunteers(store), 3)
        timed(
            "first page (200 rows, sorted)", lambda: volunteers.list_volunteers(store, limit=200), 3
        )
        timed(
            "page in the middle",
            lambda: volunteers.list_volunteers(store, offset=args.volunteers // 2, limit=200),
            3,
        )
        timed(
            "search 'sahin' (count)", lambda: volunteers.count_volunteers(store, search="sahin"), 3
        )
        timed(
            "search 'sahin' (first page)",
            lambda: volunteers.list_volunteers(store, search="sahin", limit=200),
            3,
        )
        timed(
            "sort by status, descending, first page",
            lambda: volunteers.list_volunteers(store, sort="status", descending=True, limit=200),
            3,
        )
        overview = timed("progress of everyone", lambda: progress.progress_overview(store), 1)
        print(f"{'people with progress':<45} {len(overview):10d}")
        size = (Path(folder) / "bench.sqlite").stat().st_size
        print(f"{'database size':<45} {size / 1e6:10.1f} MB")
        print(
            f"{'peak memory (RSS)':<45} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:10.1f} MB"
        )
        store.close()


if __name__ == "__main__":
    main()
