"""The other pages' code is imported in a background thread once the window is up, so the first
Strg+2…7 does not import it on the GUI thread."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lotsen_desktop.gui import app as gui_app
from lotsen_desktop.gui.dialogs.welcome import WelcomeDialog
from lotsen_desktop.gui.main_window import MainWindow
from lotsen_desktop.gui.warm_up import WarmUp, page_loaders

ROOT = Path(__file__).resolve().parents[2]


def test_loaders_run_in_another_thread_and_a_failure_does_not_stop_the_rest() -> None:
    threads: list[int] = []

    def fine() -> None:
        threads.append(threading.get_ident())

    def broken() -> None:
        raise ImportError("no such module")

    warm = WarmUp([fine, broken, fine])
    warm.start()
    assert warm.done.wait(10)
    assert len(threads) == 2 and threading.get_ident() not in threads
    assert warm.failed == ["broken"]


def test_stop_runs_no_further_loader() -> None:
    ran: list[str] = []
    warm: WarmUp

    def first() -> None:
        for _ in range(1000):  # until the main thread has asked to stop
            if warm.stopping:
                break
            threading.Event().wait(0.01)
        ran.append("first")

    def second() -> None:
        ran.append("second")

    warm = WarmUp([first, second])
    warm.start()
    warm.stop()
    assert ran == ["first"]
    assert warm.done.is_set()


def test_page_loaders_leave_out_the_page_already_shown() -> None:
    names = [loader.__name__ for loader in page_loaders(skip="volunteers")]
    assert names == [
        "_courses",
        "_mentoring",
        "_certificates",
        "_reports",
        "_exchange",
        "_settings",
    ]


def test_a_fresh_interpreter_imports_every_other_page_off_the_main_thread() -> None:
    script = (
        "import sys, threading\n"
        "from lotsen_desktop.gui.warm_up import WarmUp, page_loaders\n"
        "pages = [m for m in sys.modules if m.endswith('_page') or m.endswith('.page')]\n"
        "assert pages == [], pages\n"
        "seen = []\n"
        "loaders = [lambda: seen.append(threading.current_thread().name)] + page_loaders('volunteers')\n"
        "warm = WarmUp(loaders)\n"
        "warm.start()\n"
        "assert warm.done.wait(300) and not warm.failed, warm.failed\n"
        "assert seen == ['warm-up'], seen\n"
        "for name in ('courses_page', 'mentoring.page', 'certificates_page', 'reports_page',"
        " 'exchange_page', 'settings_page'):\n"
        "    assert 'lotsen_desktop.gui.pages.' + name in sys.modules, name\n"
        "assert 'lotsen_desktop.gui.pages.volunteers_page' not in sys.modules\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_the_window_starts_the_warm_up_and_stops_it_on_closing(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[WarmUp] = []

    class Recording(WarmUp):
        def start(self) -> None:
            started.append(self)
            super().start()

    def fake_exec() -> int:
        qtbot.waitUntil(lambda: bool(started) and started[0].done.is_set(), timeout=120_000)
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                widget.close()
        return 0

    monkeypatch.setattr(gui_app, "WarmUp", Recording)
    monkeypatch.setattr(gui_app, "WARM_UP_DELAY_MS", 0)
    monkeypatch.setattr(WelcomeDialog, "exec", lambda dialog: 0)
    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert gui_app.run(str(tmp_path / "office.sqlite"), None) == 0
    assert len(started) == 1 and started[0].failed == []
    assert started[0]._thread is not None and not started[0]._thread.is_alive()
