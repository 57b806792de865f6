"""The SQLite/PostgreSQL bench end to end on a tiny dataset: rows and JSON, never the times."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import bench_engines

FIGURES = {
    "volunteers.list_volunteers first 200",
    "search keystroke: list_volunteers(search=…) 200",
    "Zertifikate page: eligible ids + first 100 rows",
    "course batch of Teilnahmebescheinigungen",
}


@pytest.mark.slow
def test_engine_bench_runs_end_to_end(engine: str, tmp_path: Path) -> None:
    out, table = tmp_path / "engines.json", tmp_path / "engines.md"
    arguments = ["--volunteers", "25", "--data", str(tmp_path / "data"), "--repeat", "2"]
    arguments += ["--engines", engine, "--scratch", str(tmp_path), "--json", str(out)]
    assert bench_engines.main([*arguments, "--markdown", str(table)]) == 0
    written = json.loads(out.read_text("utf-8"))
    label = bench_engines.LABELS[engine]
    rows = {r["name"]: r for r in written["results"] if r["dataset"] == label}
    assert set(rows) >= FIGURES
    for name in FIGURES:
        assert rows[name]["error"] == "", name
        assert rows[name]["samples"] and rows[name]["baseline_samples"], name
    search = rows["search keystroke: list_volunteers(search=…) 200"]
    assert len(search["samples"]) == len(bench_engines.SEARCHES)
    if engine == "postgresql":
        transfer = rows["migrate-to postgresql:// (copy + digest check)"]
        assert transfer["error"] == "" and transfer["samples"][0] > 0
        assert written["postgresql"]
    header = table.read_text("utf-8").splitlines()[0]
    assert ("PostgreSQL median" in header) == (engine == "postgresql")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("lotsen-bench-")] == []
