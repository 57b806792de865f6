"""One writer per database file (issue 12): a window holds the lock; writing commands are refused
with the machine and user of the holder, reading commands run; a killed holder never blocks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from lotsen_desktop.cli import build_parser, main
from lotsen_desktop.cli.writing import READING, writes
from lotsen_desktop.services import courses, setup, volunteers
from lotsen_desktop.store import database
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.lock import (
    COMMAND,
    WINDOW,
    DatabaseInUse,
    WriterLock,
    holder_of,
    lock_path,
    this_host,
    this_user,
)

pytestmark = pytest.mark.sqlite_only  # the lock file of a database file; a server has none

ROOT = Path(__file__).resolve().parents[2]
IN_USE = 4

_HOLDER = """
import sys, time
from pathlib import Path
from lotsen_desktop.store.lock import WriterLock
lock = WriterLock(Path(sys.argv[1]), sys.argv[2])
lock.acquire()
print("held", flush=True)
time.sleep(float(sys.argv[3]))
"""


def _holder(db: Path, kind: str = WINDOW, seconds: float = 120) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(db), kind, str(seconds)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    return child


@pytest.fixture
def window_elsewhere(store: Store) -> Iterator[subprocess.Popen[str]]:
    """Another process holds the database like an open window."""
    child = _holder(store.path)
    yield child
    child.kill()
    child.wait()


def test_a_write_command_is_refused_naming_machine_and_user(
    store: Store, window_elsewhere: subprocess.Popen[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["--db", str(store.path), "volunteers", "add", "--given", "İlkay", "--family", "Şahin"]
    )
    err = capsys.readouterr().err.strip()
    assert code == IN_USE
    assert "\n" not in err
    assert err.startswith("Fehler: Die Datenbank ist in Lotsen Desktop auf dem Rechner")
    assert this_host() in err and this_user() in err
    assert volunteers.list_volunteers(store) == []


def test_reads_are_allowed_while_a_window_holds_the_database(
    store: Store, window_elsewhere: subprocess.Popen[str], capsys: pytest.CaptureFixture[str]
) -> None:
    volunteers.add_volunteer(store, given_name="İlkay", family_name="Şahin")
    assert main(["--db", str(store.path), "--format", "json", "volunteers", "list"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["family_name"] == "Şahin"


def test_a_killed_holder_does_not_block(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    child = _holder(store.path)
    assert holder_of(store.path) is not None
    child.kill()
    child.wait()
    assert lock_path(store.path).exists()  # the file stays behind
    assert holder_of(store.path) is None
    assert (
        main(["--db", str(store.path), "volunteers", "add", "--given", "A", "--family", "B"]) == 0
    )


def test_a_write_command_waits_for_another_command(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    child = _holder(store.path, COMMAND, seconds=1.0)
    try:
        assert (
            main(["--db", str(store.path), "volunteers", "add", "--given", "A", "--family", "B"])
            == 0
        )
    finally:
        child.kill()
        child.wait()


def test_a_second_window_lock_names_the_first(store: Store) -> None:
    first = WriterLock(store.path, WINDOW)
    first.acquire()
    try:
        with pytest.raises(DatabaseInUse) as refused:
            WriterLock(store.path, WINDOW).acquire(wait_for_commands=5)
        holder = refused.value.holder
        assert holder is not None and holder.pid == os.getpid() and holder.kind == WINDOW
        assert refused.value.exit_code == IN_USE
        data = json.loads(lock_path(store.path).read_text(encoding="utf-8"))
        assert set(data) == {"host", "user", "pid", "since", "kind"}
    finally:
        first.release()
    WriterLock(store.path, WINDOW).acquire()  # free again (released at garbage collection)


def test_every_reading_handler_exists() -> None:
    parser = build_parser()
    handlers: set[str] = set()
    stack = [parser]
    while stack:
        current = stack.pop()
        handler = current.get_default("handler")
        if handler is not None:
            handlers.add(f"{handler.__module__}.{handler.__qualname__}")
        for action in current._actions:
            if action.choices and isinstance(action.choices, dict):
                stack.extend(action.choices.values())
    assert set(READING) <= handlers


def _reading_commands(store: Store, tmp_path: Path) -> list[list[str]]:
    setup.update_office(store, name="VHS Musterstadt")
    person = volunteers.add_volunteer(store, given_name="İlkay", family_name="Şahin")
    course = courses.add_course(store, module_code="BASIS", title="K", session_dates=["2026-01-10"])
    courses.enrol_volunteers(store, course_id=course, volunteer_ids=[person])
    password = tmp_path / "pw.txt"
    password.write_text("geheim-geheim-geheim\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    return [
        ["volunteers", "list"],
        ["volunteers", "show", person],
        ["volunteers", "imports"],
        ["volunteers", "export", "--out", str(out / "liste.csv")],
        ["volunteers", "import", str(out / "liste.csv"), "--dry-run"],
        ["modules", "list"],
        ["courses", "list"],
        ["courses", "show", course],
        ["courses", "participants", course, "--out", str(out / "tn.csv")],
        ["attendance", "show", course],
        ["progress", person],
        ["figures", "check"],
        ["mentoring", "list"],
        ["office", "show"],
        ["status"],
        ["digest"],
        ["register"],
        ["verify", "IL-2026-0001-3F9A2C1B"],
        ["conflicts"],
        ["duplicates"],
        ["peers"],
        ["site"],
        ["user"],
        ["privacy", "review"],
        [
            "privacy",
            "export",
            person,
            "--out",
            str(out / "a.lotsen"),
            "--passphrase-file",
            str(password),
        ],
        ["report", "--year", str(date.today().year), "--out", str(out / "bericht.xlsx")],
        ["attendance-sheet", course, "--blank", "--out", str(out / "liste.pdf")],
    ]


def test_reading_commands_run_beside_a_window_and_write_nothing(
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    commands = _reading_commands(store, tmp_path)
    written: list[tuple[str, frozenset[str]]] = []
    current = [""]
    monkeypatch.setattr(
        database.Store, "_committed", lambda self, tables: written.append((current[0], tables))
    )
    window = WriterLock(store.path, WINDOW)
    window.acquire()
    try:
        for command in commands:
            current[0] = " ".join(command[:2])
            assert not writes(build_parser().parse_args(command)), command
            code = main(["--db", str(store.path), *command])
            err = capsys.readouterr().err
            assert code in (0, 3), (command, err)  # verify: 3 = no such certificate
            assert "Rechner" not in err, command
    finally:
        window.release()
    assert written == []
