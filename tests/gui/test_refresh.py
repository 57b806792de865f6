"""Committed changes reach the pages by themselves: one queued signal, only pages that show
the tables, hidden pages when shown again."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from lotsen_desktop import fileformat
from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.gui.changes import ChangeRelay
from lotsen_desktop.gui.pages.base import Page
from lotsen_desktop.gui.pages.courses_page import CoursesPage
from lotsen_desktop.gui.pages.volunteers_page import VolunteersPage
from lotsen_desktop.services import volunteers
from lotsen_desktop.store.database import Changes, Store
from lotsen_desktop.sync import exchange
from tests.gui.conftest import wait_loaded


def _spy(page: Page, monkeypatch: pytest.MonkeyPatch) -> list[tuple[set[str] | None, str]]:
    """Record each ``refresh`` of ``page`` with the thread it ran in."""
    calls: list[tuple[set[str] | None, str]] = []
    original: Callable[[set[str] | None], None] = page.refresh

    def refresh(changed: set[str] | None = None) -> None:
        calls.append((changed, threading.current_thread().name))
        original(changed)

    monkeypatch.setattr(page, "refresh", refresh)
    return calls


def _in_thread(work: Callable[[], object]) -> None:
    """Run ``work`` in a worker thread and wait for it, without running the Qt event loop, so
    that everything it committed is still waiting for the GUI thread afterwards."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as error:  # pragma: no cover - reported below
            failures.append(error)

    thread = threading.Thread(target=run, name="worker")
    thread.start()
    thread.join()
    assert not failures, failures


@pytest.fixture
def shown(qtbot: QtBot, office: Store) -> VolunteersPage:
    page = VolunteersPage(office)
    qtbot.addWidget(page)
    page.show()
    wait_loaded(page)
    return page


def test_commits_of_a_background_thread_reach_the_page_as_one_signal(
    qtbot: QtBot, shown: VolunteersPage, office: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _spy(shown, monkeypatch)
    signals: list[Changes] = []
    shown.changes.committed.connect(signals.append)

    def two_commits() -> None:
        volunteers.add_volunteer(office, given_name="İlkay", family_name="Şahin")
        volunteers.add_volunteer(office, given_name="Олена", family_name="Коваленко")

    _in_thread(two_commits)
    assert calls == []  # delivered on the GUI thread, not from the worker
    qtbot.waitUntil(lambda: bool(calls))
    wait_loaded(shown)
    assert len(signals) == 1 and "volunteer" in signals[0].tables
    assert len(calls) == 1
    changed, thread = calls[0]
    assert changed is not None and "volunteer" in changed
    assert thread == threading.main_thread().name
    assert shown.model.rowCount() == 2


def test_a_hidden_page_refreshes_when_shown_not_before(
    qtbot: QtBot, office: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = VolunteersPage(office)
    qtbot.addWidget(page)
    wait_loaded(page)
    calls = _spy(page, monkeypatch)
    relay = ChangeRelay.of(office)
    with qtbot.waitSignal(relay.committed):
        volunteers.add_volunteer(office, given_name="Nguyễn Thị", family_name="Ánh")
    assert calls == [] and page.is_stale()
    page.show()
    wait_loaded(page)
    assert len(calls) == 1 and calls[0][0] is not None and "volunteer" in calls[0][0]
    assert not page.is_stale()
    assert page.model.rowCount() == 1
    page.hide()
    page.show()
    assert len(calls) == 1  # nothing new: showing again reads nothing


def test_a_change_of_tables_the_page_does_not_show_refreshes_nothing(
    qtbot: QtBot, office: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = CoursesPage(office)
    qtbot.addWidget(page)
    page.show()
    wait_loaded(page)
    calls = _spy(page, monkeypatch)
    with qtbot.waitSignal(page.changes.committed) as signal:
        office.set_local_setting("window_geometry", "00")
    assert signal.args[0].tables == frozenset({"local_setting"})
    assert calls == [] and not page.is_stale()


def test_a_sync_import_refreshes_the_open_page(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fileformat, "SCRYPT_N", 2**10)
    office = open_office_store(tmp_path / "office" / "lotsen.sqlite", user="office")
    laptop = open_office_store(tmp_path / "laptop" / "lotsen.sqlite", user="laptop")
    try:
        volunteers.add_volunteer(office, given_name="Łukasz", family_name="Kowalski")
        path = exchange.export_file(office, tmp_path / "file", passphrase="p" * 12, full=True).path
        page = VolunteersPage(laptop)
        qtbot.addWidget(page)
        page.show()
        wait_loaded(page)
        assert page.model.rowCount() == 0
        calls = _spy(page, monkeypatch)
        _in_thread(lambda: exchange.import_file(laptop, path, passphrase="p" * 12))
        qtbot.waitUntil(lambda: bool(calls))
        wait_loaded(page)
        assert calls[0][0] is not None and "volunteer" in calls[0][0]
        assert page.model.rowCount() == 1
    finally:
        office.close()
        laptop.close()


def test_the_page_that_made_a_change_and_showed_it_is_skipped(
    qtbot: QtBot, shown: VolunteersPage, office: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _spy(shown, monkeypatch)
    with qtbot.waitSignal(shown.changes.committed) as signal, office.initiated_by(shown.view):
        volunteers.add_volunteer(office, given_name="Ana", family_name="O'Neil")
    assert signal.args[0].initiator is shown.view
    assert calls == []
