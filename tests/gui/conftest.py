"""Fixtures for the window tests: a German Qt, an office with a few volunteers, the main window."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from upgrade_watch import UpgradeWatch

from lotsen_desktop.gui.operations import any_loading
from lotsen_desktop.gui.qt_language import apply_language
from lotsen_desktop.services import setup, volunteers
from lotsen_desktop.store.database import Store


@pytest.fixture(autouse=True)
def _qt_german(qapp: Any) -> Iterator[None]:
    apply_language("de")
    yield
    apply_language("de")


@pytest.fixture
def store(store: Store, qapp: Any) -> Iterator[Store]:
    """The test store; a page still reading from it in the background is waited for before
    it is closed."""
    yield store
    deadline = time.monotonic() + 20
    while any_loading() and time.monotonic() < deadline:
        QTest.qWait(5)


@pytest.fixture
def office(store: Store) -> Store:
    """The test store with a configured office profile (no welcome dialog)."""
    setup.update_office(store, name="VHS Musterstadt", place="Musterstadt")
    return store


@pytest.fixture
def people(office: Store) -> dict[str, str]:
    """A few volunteers with names from everywhere; name -> id."""
    created = {}
    for given, family, languages in (
        ("İlkay", "Şahin", [("Türkisch", "muttersprache"), ("Deutsch", "C1")]),
        ("Nguyễn Thị", "Ánh", [("Vietnamesisch", "muttersprache")]),
        ("Łukasz", "Kowalski", [("Polnisch", "muttersprache")]),
        ("Олена", "Шевченко", [("Ukrainisch", "muttersprache"), ("Russisch", "C2")]),
        ('A<b> & "c"', "Müller", [("Deutsch", "muttersprache")]),
    ):
        created[f"{given} {family}"] = volunteers.add_volunteer(
            office, given_name=given, family_name=family, languages=languages
        )
    return created


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` key by key; letters QTest cannot name (İ, Ş, Ł, Cyrillic) come as key
    events that carry only their text, as an input method delivers them."""
    for char in text:
        if char.isascii():
            qtbot.keyClick(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
                )


@pytest.fixture
def typist(qtbot: QtBot) -> Callable[[QWidget, str], None]:
    """``typist(widget, text)``: see ``type_text``."""
    return lambda widget, text: type_text(qtbot, widget, text)


class MessageBoxAnswers:
    """Replaces ``QMessageBox`` questions: records them and answers as told."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.asked: list[str] = []
        self.answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Discard
        answers = self

        def exec_(box: QMessageBox) -> int:
            answers.asked.append(box.text())
            return int(answers.answer.value)

        def static(kind: str) -> Any:
            def show(_parent: Any, _title: str, text: str, *args: Any, **kwargs: Any) -> Any:
                answers.asked.append(text)
                if kind == "question":
                    return answers.answer
                return QMessageBox.StandardButton.Ok

            return show

        monkeypatch.setattr(QMessageBox, "exec", exec_)
        for kind in ("question", "warning", "critical", "information"):
            monkeypatch.setattr(QMessageBox, kind, staticmethod(static(kind)))


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> MessageBoxAnswers:
    """No real message box ever blocks a test: questions are recorded and answered
    (by default "Verwerfen", so widgets left with edits close at the end of a test)."""
    return MessageBoxAnswers(monkeypatch)


def wait_loaded(page: Any, timeout: float = 20.0) -> None:
    """Wait (processing events) until the page's background loads (``page.loader``) have all
    been shown."""
    deadline = time.monotonic() + timeout
    while shiboken6.isValid(page) and page.loader.busy:
        assert time.monotonic() < deadline, "the page is still loading"
        QTest.qWait(5)


@pytest.fixture
def upgrade_watch(monkeypatch: pytest.MonkeyPatch) -> UpgradeWatch:
    return UpgradeWatch(monkeypatch)
