"""Run the whole suite as two pytest processes side by side (``make test`` calls this).

The test machines have two cores and one pytest process uses one: two halves of about the same
length halve the wall time. The halves are fixed (the GUI and unit tests plus the two longest
integration tests, and the other integration tests) so that a run is the same every time. Each
half's output is printed whole when it ends; the exit code is the worse of the two. Extra
arguments go to both (``python tests/run.py -m "not slow"``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LONG = ["tests/integration/test_sync_stateful.py", "tests/integration/test_import.py"]
HALVES = [
    ["tests/gui", "tests/unit", *LONG],
    ["tests/integration", *(f"--ignore={path}" for path in LONG)],
]


def main(argv: list[str]) -> int:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    worst = 0
    with ExitStack() as stack:
        running = []
        for half in HALVES:
            log = stack.enter_context(tempfile.TemporaryFile(mode="w+", encoding="utf-8"))
            command = [sys.executable, "-m", "pytest", "-q", *half, *argv]
            process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
            running.append((command, process, log))
        for command, process, log in running:
            code = process.wait()
            log.seek(0)
            print("$", " ".join(command[1:]), flush=True)
            print(log.read(), flush=True)
            # 5 means "no tests collected", which a filter like -k can give one half.
            worst = max(worst, 0 if code == 5 else code)
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
