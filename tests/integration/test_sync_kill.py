"""A process killed (SIGKILL) in the middle of an import or an export changes nothing.

The import runs in one SQLite transaction; the export writes a temporary file, fsyncs and renames
it. The child processes are real interpreters that pause inside the work until they are killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sync_helpers import PASS, digest, full_export, import_, log_keys, replica

from lotsen_desktop.services import demo
from lotsen_desktop.store.database import check_integrity

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX"),
    pytest.mark.slow,
]


def _child(code: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=str(ROOT),
    )


def _kill_when_paused(child: subprocess.Popen[str]) -> None:
    assert child.stdout is not None
    line = child.stdout.readline()
    if line.strip() != "PAUSED":
        child.kill()
        _out, err = child.communicate()
        pytest.fail(f"child did not reach the pause: {line!r} {err}")
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL


PAUSE = """
import sys, time
def pause_at(fraction):
    def progress(done, total):
        if total and done >= total * fraction:
            print("PAUSED", flush=True)
            time.sleep(120)
        return True
    return progress
"""


def test_killed_import_leaves_database_unchanged(tmp_path: Path) -> None:
    office = replica(tmp_path, "Büro")
    demo.fill_demo(office, volunteers=150, seed=3)
    laptop = replica(tmp_path, "Laptop")
    path = full_export(office, tmp_path / "big")
    before, keys = digest(laptop), log_keys(laptop)
    db = laptop.path
    laptop.close()
    child = _child(
        PAUSE
        + f"""
from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.sync import exchange
store = open_office_store({str(db)!r})
exchange.import_file(store, {str(path)!r}, passphrase={PASS!r}, progress=pause_at(0.75))
print("FINISHED", flush=True)
"""
    )
    _kill_when_paused(child)
    laptop = replica(tmp_path, "Laptop")
    assert check_integrity(laptop)
    assert digest(laptop) == before
    assert log_keys(laptop) == keys
    import_(laptop, path)  # and the same file still imports completely
    assert digest(laptop) == digest(office)
    laptop.close()
    office.close()


@pytest.mark.parametrize("existing", [False, True])
def test_killed_export_leaves_no_half_written_file(tmp_path: Path, existing: bool) -> None:
    office = replica(tmp_path, "Büro")
    demo.fill_demo(office, volunteers=60, seed=4)
    target = tmp_path / "out" / "fuer-laptop.lotsen"
    target.parent.mkdir()
    old = b""
    if existing:
        full_export(office, target)
        old = target.read_bytes()
    before = digest(office)
    db = office.path
    office.close()
    child = _child(
        PAUSE
        + f"""
from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.sync import exchange
store = open_office_store({str(db)!r})
exchange.export_file(store, {str(target)!r}, passphrase={PASS!r}, full=True, kdf_n=2**10,
                     progress=pause_at(1.0))
print("FINISHED", flush=True)
"""
    )
    _kill_when_paused(child)
    if existing:
        assert target.read_bytes() == old  # the earlier complete file is untouched
    else:
        assert not target.exists()
    complete = [p for p in target.parent.iterdir() if p.suffix == ".lotsen"]
    assert complete == ([target] if existing else [])
    office = replica(tmp_path, "Büro")
    assert digest(office) == before
    full_export(office, target)  # the next export cleans the leftover temporary file
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]
    laptop = replica(tmp_path, "Laptop")
    import_(laptop, target)
    assert digest(laptop) == digest(office)
    laptop.close()
    office.close()
