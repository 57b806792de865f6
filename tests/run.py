"""Run the whole suite as pytest processes side by side (``make test`` calls this).

The test machines have two cores and one pytest process uses one: two halves of about the same
length halve the wall time. The halves are fixed (the GUI and unit tests plus the two longest
integration tests, and the other integration tests) so that a run is the same every time. A third
part runs the store, services, documents and sync tests again on PostgreSQL (``-m pg``, its own
throwaway cluster) after the first half, on the core that half frees. Each part's output is
printed whole when it ends; the exit code is the worst. Extra arguments go to every part
(``python tests/run.py -m "not slow"``); ``LOTSEN_TEST_ENGINES=sqlite`` leaves PostgreSQL out.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LONG = ["tests/integration/test_sync_stateful.py", "tests/integration/test_import.py"]
HALVES = [
    ["tests/gui", "tests/unit", *LONG],
    ["tests/integration", *(f"--ignore={path}" for path in LONG)],
]
POSTGRESQL = [
    "tests/integration",
    "tests/unit",
    "tests/gui/test_server_start.py",
    "tests/gui/test_connection_settings.py",
    "--engines",
    "postgresql",
    "-m",
    "pg",
]
"""The PostgreSQL part: only the tests parametrised over the engine (marked ``pg``)."""


def main(argv: list[str]) -> int:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with_postgresql = "postgresql" in env.pop("LOTSEN_TEST_ENGINES", "sqlite,postgresql")
    worst = 0
    with ExitStack() as stack:

        def start(part: list[str]) -> tuple[list[str], subprocess.Popen[str], Any]:
            log = stack.enter_context(tempfile.TemporaryFile(mode="w+", encoding="utf-8"))
            command = [sys.executable, "-m", "pytest", "-q", *part, *argv]
            process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
            return command, process, log

        running = [start(half) for half in HALVES]
        pending = [POSTGRESQL] if with_postgresql else []
        while running:
            finished = None
            while finished is None:
                finished = next((r for r in running if r[1].poll() is not None), None)
                if finished is None:
                    time.sleep(0.2)
            running.remove(finished)
            if pending:
                running.append(start(pending.pop()))
            command, process, log = finished
            log.seek(0)
            print("$", " ".join(command[1:]), flush=True)
            print(log.read(), flush=True)
            print(f"(exit code {process.returncode})", flush=True)
            # 5 means "no tests collected", which a filter like -k can give one part.
            worst = max(worst, 0 if process.returncode == 5 else process.returncode)
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
