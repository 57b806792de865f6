"""A process killed (SIGKILL) in the middle of a backup or a restore leaves a usable database.

The child processes are real interpreters that pause at a chosen step until they are killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sync_helpers import replica

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.domain.backups import BackupReason
from lotsen_desktop.services import volunteers
from lotsen_desktop.store import backup
from lotsen_desktop.store.database import check_integrity, unopened_store
from lotsen_desktop.sync.capture import site_id

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX"),
    pytest.mark.slow,
]


def _run_until_paused(code: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=str(ROOT),
    )
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
def pause(*_args, **_kwargs):
    print("PAUSED", flush=True)
    time.sleep(120)
"""


def _names(path: Path) -> tuple[list[str], str]:
    store = open_office_store(path)
    try:
        assert check_integrity(store)
        return sorted(v.family_name for v in volunteers.list_volunteers(store)), site_id(store)
    finally:
        store.close()


def test_killed_backup_leaves_no_backup_and_the_next_one_cleans_up(tmp_path: Path) -> None:
    store = replica(tmp_path, "Büro")
    volunteers.add_volunteer(store, given_name="Олена", family_name="Шевченко")
    db = store.path
    store.close()
    _run_until_paused(
        PAUSE
        + f"""
from pathlib import Path
from lotsen_desktop.store import backup
from lotsen_desktop.store.database import unopened_store
backup.integrity_problem = pause
backup.backup_database(unopened_store(Path({str(db)!r})), "manuell")
"""
    )
    folder = db.parent / "backups"
    assert list(folder.glob(".*.partial")) and not list(folder.glob("*.sqlite"))
    assert _names(db)[0] == ["Шевченко"]
    reopened = open_office_store(db)
    try:
        assert backup.list_backups(reopened) == []
        backup.backup_database(reopened, BackupReason.MANUAL)
        assert not list(folder.glob(".*.partial")) and len(backup.list_backups(reopened)) == 1
    finally:
        reopened.close()


@pytest.mark.parametrize("step", ["staging", "kept", "released", "replaced"])
def test_killed_restore_leaves_the_old_or_the_restored_database(tmp_path: Path, step: str) -> None:
    store = replica(tmp_path, "Büro")
    volunteers.add_volunteer(store, given_name="İlkay", family_name="Şahin")
    saved = backup.backup_database(store, BackupReason.MANUAL).path
    volunteers.add_volunteer(store, given_name="Nguyễn Thị", family_name="Ánh")
    old_site = site_id(store)
    db = store.path
    store.close()
    hooks = {
        # while the backup is copied beside the database
        "staging": "original = backup._copy\n"
        "def hooked(store, source, target, progress):\n"
        "    original(store, source, target, progress)\n"
        "    if target.name.endswith('.restore.partial'): pause()\n"
        "backup._copy = hooked",
        # after the current file was kept, before anything was replaced
        "kept": "original = backup._keep_current\n"
        "def hooked(store):\n"
        "    original(store)\n"
        "    pause()\n"
        "backup._keep_current = hooked",
        # WAL and shared memory removed, the restored file not yet renamed
        "released": "original = backup._release_current\n"
        "def hooked(store):\n"
        "    original(store)\n"
        "    pause()\n"
        "backup._release_current = hooked",
        # renamed, before the folder was flushed and anyone was told
        "replaced": f"backup.fsync_folder = lambda folder: pause() if folder == Path({str(db.parent)!r}) else None",
    }
    _run_until_paused(
        PAUSE
        + f"""
from pathlib import Path
from lotsen_desktop.bootstrap import restore_backup
from lotsen_desktop.store import backup
from lotsen_desktop.store.database import unopened_store
{hooks[step]}
restore_backup(unopened_store(Path({str(db)!r})), Path({str(saved)!r}))
"""
    )
    names, site = _names(db)
    if step == "replaced":  # the restored file is in place, already under its new site id
        assert names == ["Şahin"] and site != old_site
    else:
        assert names == ["Ánh", "Şahin"] and site == old_site
    assert backup.preview_backup(unopened_store(db), saved, check=True).usable
