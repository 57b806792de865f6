"""A second window on an open database (issue 12): brought forward on this machine, refused with
machine and user otherwise; unexpected errors end in the log and one dialog, the window runs on."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from lotsen_desktop import logs
from lotsen_desktop.gui import app as gui_app
from lotsen_desktop.gui import error_report
from lotsen_desktop.gui.error_report import UnexpectedErrorDialog
from lotsen_desktop.gui.single_instance import InstanceServer, ask_running_window
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.lock import WINDOW, WriterLock, lock_path, this_host

NAME = 'İlkay Şahin <&"'


@pytest.fixture
def first_window(office: Store) -> Iterator[WriterLock]:
    """The database held as by a first window (on this machine)."""
    lock = WriterLock(office.path, WINDOW)
    lock.acquire()
    yield lock
    lock.release()


@pytest.fixture
def critical(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _parent, _title, text: shown.append(text))
    )
    monkeypatch.setattr(
        QApplication, "exec", staticmethod(lambda: pytest.fail("a second window was opened"))
    )
    return shown


def test_a_second_start_brings_the_first_window_forward(
    office: Store, first_window: WriterLock, critical: list[str], qtbot: QtBot
) -> None:
    server = InstanceServer(office.path)
    asked: list[bool] = []
    server.activate_requested.connect(lambda: asked.append(True))
    try:
        assert gui_app.run(str(office.path), None) == 0
    finally:
        server.close()
    assert asked == [True]
    assert critical == []


def test_a_window_on_another_computer_is_named(
    office: Store, first_window: WriterLock, critical: list[str]
) -> None:
    info = json.loads(lock_path(office.path).read_text(encoding="utf-8"))
    info.update(host="BUERO-PC-2", user="anna.schmidt")
    assert first_window._handle is not None
    first_window._handle.seek(0)
    first_window._handle.truncate()
    first_window._handle.write(json.dumps(info).encode())
    first_window._handle.flush()
    assert gui_app.run(str(office.path), None) == 4
    assert len(critical) == 1
    assert "Rechner BUERO-PC-2" in critical[0] and "Benutzer anna.schmidt" in critical[0]


def test_a_first_window_that_does_not_answer_is_named(
    office: Store, first_window: WriterLock, critical: list[str]
) -> None:
    assert gui_app.run(str(office.path), None) == 4  # nobody listens on the socket
    assert this_host() in critical[0]


class _Emitter(QObject):
    fire = Signal()


@pytest.fixture
def reporter(qtbot: QtBot) -> Iterator[error_report.ErrorReporter]:
    logs.setup()
    installed = error_report.install()
    yield installed
    if installed.dialog is not None:
        installed.dialog.close()
    error_report.uninstall()


def _dialogs() -> list[UnexpectedErrorDialog]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, UnexpectedErrorDialog) and w.isVisible()
    ]


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_and_shown_and_the_window_runs_on(
    reporter: error_report.ErrorReporter, qtbot: QtBot
) -> None:
    emitter = _Emitter()

    def broken_slot() -> None:
        raise RuntimeError(f"kaputt bei {NAME}")

    emitter.fire.connect(broken_slot)
    emitter.fire.emit()
    qtbot.waitUntil(lambda: len(_dialogs()) == 1)
    dialog = _dialogs()[0]
    assert "Ein unerwarteter Fehler ist aufgetreten" in dialog.message.text()
    assert str(logs.log_file()) in dialog.message.text()
    dialog.copy_details()
    copied = QApplication.clipboard().text()
    assert "RuntimeError" in copied and "broken_slot" in copied and NAME not in copied

    worker = threading.Thread(target=lambda: 1 / 0, name="worker")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: dialog.repeated.isVisible())
    assert len(_dialogs()) == 1  # one dialog, counting the others

    text = Path(logs.log_file()).read_text(encoding="utf-8")
    assert "unexpected error in window" in text and "unexpected error in thread worker" in text
    assert "ZeroDivisionError" in text and "RuntimeError" in text
    for part in ("İlkay", "Şahin", '<&"'):
        assert part not in text


def test_the_first_window_comes_forward_when_asked(office: Store, qtbot: QtBot) -> None:
    window = gui_app.open_window(office, show_welcome=False)
    qtbot.addWidget(window)
    window.showMinimized()
    assert window.isMinimized()
    server = InstanceServer(office.path)
    server.activate_requested.connect(gui_app._bring_forward_active)
    try:
        assert ask_running_window(office.path)
    finally:
        server.close()
    assert not window.isMinimized()


def test_a_window_that_cannot_start_says_so_in_a_dialog(
    office: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_store: Store, **_options: object) -> None:
        raise RuntimeError(NAME)

    shown: list[str] = []
    monkeypatch.setattr(gui_app, "open_window", broken)
    monkeypatch.setattr(
        UnexpectedErrorDialog, "exec", lambda dialog: shown.append(dialog.details) or 0
    )
    logs.setup()
    assert gui_app.run(str(office.path), None) == logs.UNEXPECTED_EXIT_CODE
    assert len(shown) == 1 and "RuntimeError" in shown[0] and "İlkay" not in shown[0]
    assert "unexpected error in window start" in logs.log_file().read_text(encoding="utf-8")
