"""The page loader: a result that arrives while another page of the shown window is current waits
and is applied when its page is shown; a page not in a shown window gets it at once."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtWidgets import QStackedWidget, QWidget
from pytestqt.qtbot import QtBot

from lotsen_desktop.gui.operations import Loader, any_loading


def _gate() -> tuple[threading.Event, Callable[[str], Callable[[], str]]]:
    """Queries that answer only once the gate is opened."""
    gate = threading.Event()

    def query(value: str) -> Callable[[], str]:
        def run() -> str:
            gate.wait(10)
            return value

        return run

    return gate, query


def _window(qtbot: QtBot) -> tuple[QStackedWidget, QWidget, QWidget]:
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    other, page = QWidget(), QWidget()
    stack.addWidget(other)
    stack.addWidget(page)
    stack.setCurrentWidget(page)
    stack.show()
    qtbot.waitExposed(stack)
    return stack, other, page


def test_a_result_for_a_covered_page_waits_until_the_page_is_shown(qtbot: QtBot) -> None:
    stack, other, page = _window(qtbot)
    loader = Loader(page)
    applied: list[str] = []
    gate, query = _gate()
    loader.load("list", query("rows"), applied.append, busy=page)
    stack.setCurrentWidget(other)  # the user went on to another page meanwhile
    gate.set()
    qtbot.waitUntil(lambda: loader.waiting_to_be_shown("list"), timeout=5000)
    qtbot.wait(50)
    assert applied == [] and not any_loading()  # read, but not built under the other page
    assert loader.busy and loader.is_loading("list") and loader.covered()
    stack.setCurrentWidget(page)
    qtbot.waitUntil(lambda: applied == ["rows"], timeout=5000)
    assert not loader.busy and not loader.waiting_to_be_shown("list")
    assert not any(overlay.isVisible() for overlay in loader.overlays())
    qtbot.wait(50)
    assert applied == ["rows"]  # once


def test_a_newer_request_replaces_a_waiting_result(qtbot: QtBot) -> None:
    stack, other, page = _window(qtbot)
    loader = Loader(page)
    applied: list[str] = []
    stack.setCurrentWidget(other)
    loader.load("list", lambda: "old", applied.append)
    qtbot.waitUntil(lambda: loader.waiting_to_be_shown("list"), timeout=5000)
    gate, query = _gate()
    loader.load("list", query("new"), applied.append)  # e.g. the page went stale and reads again
    assert not loader.waiting_to_be_shown("list") and loader.is_loading("list")
    stack.setCurrentWidget(page)
    qtbot.wait(50)
    assert applied == []  # the old result is not shown on the way
    gate.set()
    qtbot.waitUntil(lambda: applied == ["new"], timeout=5000)
    assert not loader.busy


def test_a_cancelled_waiting_result_is_dropped(qtbot: QtBot) -> None:
    stack, other, page = _window(qtbot)
    loader = Loader(page)
    applied: list[str] = []
    stack.setCurrentWidget(other)
    loader.load("list", lambda: "rows", applied.append)
    qtbot.waitUntil(lambda: loader.waiting_to_be_shown("list"), timeout=5000)
    loader.cancel("list")
    assert not loader.busy
    stack.setCurrentWidget(page)
    qtbot.wait(50)
    assert applied == []


def test_errors_wait_as_well(qtbot: QtBot) -> None:
    stack, other, page = _window(qtbot)
    loader = Loader(page)
    failures: list[object] = []

    def broken() -> str:
        raise RuntimeError("disk gone")

    stack.setCurrentWidget(other)
    loader.load("list", broken, lambda _value: None, on_error=failures.append)
    qtbot.waitUntil(lambda: loader.waiting_to_be_shown("list"), timeout=5000)
    assert failures == []
    stack.setCurrentWidget(page)
    qtbot.waitUntil(lambda: len(failures) == 1, timeout=5000)
    assert isinstance(failures[0], RuntimeError)


def test_a_page_outside_a_shown_window_gets_its_result_at_once(qtbot: QtBot) -> None:
    """A page on its own (tests, headless use) or in a window not shown yet is never covered."""
    alone = QWidget()
    qtbot.addWidget(alone)
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    first, second = QWidget(), QWidget()
    stack.addWidget(first)
    stack.addWidget(second)  # not current, but the window is not shown
    applied: list[str] = []
    for parent in (alone, second):
        loader = Loader(parent)
        assert not loader.covered()
        loader.load("list", lambda: "rows", applied.append)
        qtbot.waitUntil(lambda: not loader.busy, timeout=5000)  # noqa: B023
    assert applied == ["rows", "rows"]
