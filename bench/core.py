"""Samples, statistics, the printed table and the JSON file: no knowledge of the program."""

from __future__ import annotations

import contextlib
import json
import math
import os
import platform
import sqlite3
import statistics
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Result:
    """One measurement: its samples, the baseline's samples from the same run, and the ratio.

    ``ratio`` is always "times the baseline's cost": median / baseline median for times and
    sizes, baseline / median for rates (``higher_is_better``), so 1.0 means as fast as the baseline.
    """

    dataset: str
    name: str
    unit: str
    samples: list[float] = field(default_factory=list)
    baseline: str = ""
    baseline_samples: list[float] = field(default_factory=list)
    higher_is_better: bool = False
    target: str = ""
    note: str = ""
    error: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    @property
    def p95(self) -> float | None:
        return percentile(self.samples, 95)

    @property
    def baseline_median(self) -> float | None:
        return statistics.median(self.baseline_samples) if self.baseline_samples else None

    @property
    def ratio(self) -> float | None:
        value, base = self.median, self.baseline_median
        if value is None or base is None or value <= 0 or base <= 0:
            return None
        return base / value if self.higher_is_better else value / base

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            median=self.median, p95=self.p95, baseline_median=self.baseline_median, ratio=self.ratio
        )
        return data


def percentile(samples: list[float], percent: float) -> float | None:
    """Nearest-rank percentile (with three samples the p95 is the slowest one)."""
    if not samples:
        return None
    ordered = sorted(samples)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def time_ms(action: Callable[[], object], repeat: int) -> list[float]:
    """Wall time of ``action`` in milliseconds, ``repeat`` times."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


class Recorder:
    """Collects results; a measurement that raises becomes a row with its error, never aborts."""

    def __init__(self, only: Iterable[str] = (), echo: bool = True) -> None:
        self.results: list[Result] = []
        self.only = [o.lower() for o in only]
        self.echo = echo

    def wanted(self, *keys: str) -> bool:
        """Whether any of these measurement keys is selected by ``--only``."""
        return not self.only or any(o in key.lower() for o in self.only for key in keys)

    def measure(
        self,
        key: str,
        dataset: str,
        name: str,
        unit: str,
        run: Callable[[Result], None],
        **extra: Any,
    ) -> Result | None:
        """Run ``run(result)``, which fills the samples; exceptions go into ``result.error``."""
        if not self.wanted(key):
            return None
        result = Result(dataset, name, unit, **extra)
        try:
            run(result)
        except Exception as error:
            result.error = f"{type(error).__name__}: {error}".splitlines()[0][:200]
            if os.environ.get("BENCH_TRACEBACK"):
                traceback.print_exc()
        self.results.append(result)
        if self.echo:
            print(format_row(result), flush=True)
        return result


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit in ("MB", "docs/s", "s") or value >= 100:
        return f"{value:,.1f}" if value < 1000 else f"{value:,.0f}"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


HEADER = (
    f"{'data':<4} {'measurement':<46} {'median':>10} {'p95':>10} {'unit':<6} "
    f"{'baseline (same run)':<40} {'median':>10} {'ratio':>7}  target"
)


def format_row(r: Result) -> str:
    if r.error:
        return f"{r.dataset:<4} {r.name[:46]:<46} error: {r.error}"
    ratio = f"{r.ratio:.2f}x" if r.ratio is not None else "-"
    return (
        f"{r.dataset:<4} {r.name[:46]:<46} {_number(r.median, r.unit):>10} "
        f"{_number(r.p95, r.unit):>10} {r.unit:<6} {r.baseline[:40]:<40} "
        f"{_number(r.baseline_median, r.unit):>10} {ratio:>7}  {r.target}"
    )


def format_table(results: list[Result]) -> str:
    return "\n".join([HEADER, "-" * len(HEADER), *(format_row(r) for r in results)])


def markdown_table(results: list[Result]) -> str:
    lines = [
        "| data | measurement | median | p95 | unit | baseline (same run) | baseline median | ratio | target |",
        "| --- | --- | ---: | ---: | --- | --- | ---: | ---: | --- |",
    ]
    for r in results:
        if r.error:
            lines.append(f"| {r.dataset} | {r.name} | error: {r.error} | | | | | | {r.target} |")
            continue
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else ""
        lines.append(
            f"| {r.dataset} | {r.name} | {_number(r.median, r.unit)} | {_number(r.p95, r.unit)} "
            f"| {r.unit} | {r.baseline} | {_number(r.baseline_median, r.unit) if r.baseline else ''} "
            f"| {ratio} | {r.target} |"
        )
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }
    try:
        info["cpu"] = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        info["cpu"] = platform.processor()
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        info["ram_gb"] = round(kib / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    with contextlib.suppress(OSError):
        info["load_average"] = [round(x, 2) for x in os.getloadavg()]
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        info["pyside6"] = PySide6.__version__
        info["qt"] = qVersion()
    except ImportError:
        pass
    return info


def write_json(path: Path, results: list[Result], meta: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {**meta, "results": [r.as_dict() for r in results]}
    partial = path.with_suffix(path.suffix + ".partial")
    partial.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str), "utf-8")
    os.replace(partial, path)
