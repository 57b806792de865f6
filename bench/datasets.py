"""Datasets S and L: made once with the program's own ``demo`` command and kept for later runs."""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(__file__).resolve().parent / ".data"
SIZES = {"S": 300, "L": 100_000}


@dataclass
class Dataset:
    name: str
    volunteers: int
    path: Path  # the cached file: never written by measurements
    meta: dict[str, object]

    def working_copy(self, folder: Path) -> Path:
        """A fresh copy for this run (opening a database may write; batches add register rows)."""
        target = folder / f"work-{self.name}.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.path, target)
        return target


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ensure(name: str, volunteers: int, folder: Path, *, seed: int = 1) -> Dataset:
    """The cached dataset, made with ``lotsen_desktop demo`` (timed) if missing or different."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}-{volunteers}.sqlite"
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text("utf-8"))
        meta["cached"] = True
        return Dataset(name, volunteers, path, meta)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    command = [
        sys.executable,
        "-m",
        "lotsen_desktop",
        "--db",
        str(path),
        "demo",
        "--volunteers",
        str(volunteers),
        "--seed",
        str(seed),
    ]
    print(f"making dataset {name} ({volunteers:,} volunteers): {' '.join(command[1:])}", flush=True)
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, env={**os.environ, "LOTSEN_LANG": "en"})
    seconds = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("volunteer", "attendance", "log_entry", "course", "sync_change")
        }
    meta = {
        "volunteers": volunteers,
        "seed": seed,
        "demo_seconds": round(seconds, 2),
        "demo_cpu_seconds": round(cpu, 2),
        "counts": counts,
        "made_at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    meta_path.write_text(json.dumps(meta, indent=2), "utf-8")
    meta["cached"] = False
    return Dataset(name, volunteers, path, meta)
