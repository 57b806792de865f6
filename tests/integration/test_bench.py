"""The benchmark machinery on a tiny dataset: structure, JSON, ratios (never the times)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import core, runner
from lotsen_desktop.services import volunteers
from lotsen_desktop.store.database import Store


def test_percentile_and_ratio() -> None:
    assert core.percentile([5.0, 1.0, 3.0], 95) == 5.0
    assert core.percentile(list(range(1, 101)), 95) == 95
    slow = core.Result("S", "x", "ms", samples=[30.0, 10.0, 20.0], baseline_samples=[5.0])
    assert slow.median == 20.0 and slow.ratio == 4.0
    rate = core.Result(
        "S", "docs", "docs/s", samples=[10.0], baseline_samples=[40.0], higher_is_better=True
    )
    assert rate.ratio == 4.0  # four times slower than the baseline
    assert core.Result("S", "none", "ms").ratio is None


def test_a_failing_measurement_becomes_an_error_row() -> None:
    recorder = core.Recorder(echo=False)

    def broken(_result: core.Result) -> None:
        raise RuntimeError("page missing")

    recorder.measure("x", "S", "broken", "ms", broken)
    recorder.measure("y", "S", "fine", "ms", lambda r: r.samples.extend([1.0, 2.0]))
    assert [r.error for r in recorder.results] == ["RuntimeError: page missing", ""]
    assert "error: RuntimeError: page missing" in core.format_table(recorder.results)
    assert "| S | fine | 1.50 |" in core.markdown_table(recorder.results)


@pytest.mark.slow
def test_bench_runs_on_a_tiny_dataset_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    data = tmp_path / "data"
    arguments = ["--datasets", "S", "--s-volunteers", "25", "--data", str(data)]
    arguments += ["--json", str(out), "--repeat", "2"]
    for key in ("demo", "size", "progress", "eligible", "list-service"):
        arguments += ["--only", key]
    assert runner.main(arguments) == 0
    written = json.loads(out.read_text("utf-8"))
    assert written["machine"]["nproc"] >= 1 and written["datasets"]["S"]["volunteers"] == 25
    rows = {r["name"]: r for r in written["results"]}
    progress = rows["progress.progress_overview (everyone)"]
    assert progress["error"] == "" and len(progress["samples"]) == 2
    assert progress["ratio"] == pytest.approx(progress["median"] / progress["baseline_median"])
    assert rows["database file"]["unit"] == "MB" and rows["database file"]["samples"][0] > 0
    assert not any(name.startswith("sync") for name in rows)  # --only filters
    # the dataset is cached: a second run reuses it and says so
    assert runner.main(arguments) == 0
    assert json.loads(out.read_text("utf-8"))["datasets"]["S"]["cached"] is True


@pytest.mark.sqlite_only
def test_storage_breakdown_accounts_for_every_page(store: Store) -> None:
    from bench import storage_breakdown

    volunteers.add_volunteer(store, given_name="Nguyễn Thị", family_name="Ánh")
    store.close()
    tables, size, free = storage_breakdown.breakdown(store.path)
    by_name = {t.table: t for t in tables}
    assert by_name["volunteer"].rows == 1
    assert by_name["volunteer"].index_bytes > 0  # its key and sort indexes count for it
    assert sum(t.total for t in tables) + free == size
    assert tables == sorted(tables, key=lambda t: t.total, reverse=True)
