"""Watching the start's upgrade notice in window tests (``tests/gui/conftest.py: upgrade_watch``)."""

from __future__ import annotations

from typing import Any

import pytest


class UpgradeWatch:
    """Records what the start's waiting notice showed (checking it is shown, on the GUI thread)
    and the thread each upgrade of a database file ran in."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import threading

        from lotsen_desktop.gui import app as gui_app
        from lotsen_desktop.store import database

        self.shown: list[str] = []
        self.threads: list[str] = []
        show_message, migrate = gui_app.WaitingNotice.show_message, database._migrate

        def show(notice: gui_app.WaitingNotice, message: str) -> None:
            assert threading.current_thread() is threading.main_thread()
            show_message(notice, message)
            assert notice.box is not None and notice.box.isVisible()
            self.shown.append(notice.box.text())

        def record(*args: Any, **kwargs: Any) -> None:
            self.threads.append(threading.current_thread().name)
            migrate(*args, **kwargs)

        monkeypatch.setattr(gui_app.WaitingNotice, "show_message", show)
        monkeypatch.setattr(database, "_migrate", record)

    def upgraded_off_the_gui_thread(self) -> bool:
        import threading

        return bool(self.threads) and threading.main_thread().name not in self.threads
