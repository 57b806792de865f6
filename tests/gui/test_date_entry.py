"""Typing dates as Germans type them into the one ``DateField`` (issue 11.8)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from lotsen_desktop.errors import ValidationError
from lotsen_desktop.gui.dialogs.volunteer_file import VolunteerFormDialog
from lotsen_desktop.gui.views.feedback import parse_date_input
from lotsen_desktop.gui.widgets import DateField
from lotsen_desktop.i18n import set_language
from lotsen_desktop.store.database import Store

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("14.11.2026", date(2026, 11, 14)),
        ("2.3.85", date(1985, 3, 2)),
        ("02.03.1985", date(1985, 3, 2)),
        ("141126", date(2026, 11, 14)),
        ("14112026", date(2026, 11, 14)),
        ("020385", date(1985, 3, 2)),
        ("14.11.", date(2026, 11, 14)),
        ("2026-11-14", date(2026, 11, 14)),
        ("14.11.46", date(2046, 11, 14)),  # a course can be planned 20 years ahead
        ("14.11.47", date(1947, 11, 14)),
    ],
)
def test_the_ways_germans_type_dates(typed: str, meant: date) -> None:
    assert parse_date_input(typed, today=TODAY) == meant


def test_a_birth_date_field_never_reads_a_two_digit_year_as_future() -> None:
    assert parse_date_input("1.1.40", today=TODAY, window=0) == date(1940, 1, 1)
    assert parse_date_input("1.1.26", today=TODAY, window=0) == date(2026, 1, 1)
    assert parse_date_input("1.1.27", today=TODAY, window=0) == date(1927, 1, 1)
    assert parse_date_input("1.1.40", today=TODAY) == date(2040, 1, 1)


@pytest.mark.parametrize("typed", ["1411", "1411202", "32.01.2026", "heute", "14-11-2026"])
def test_a_refused_date_says_the_expected_format(typed: str) -> None:
    set_language("de")
    with pytest.raises(ValidationError) as refused:
        parse_date_input(typed, "session", today=TODAY)
    assert str(refused.value) == (
        f"„{typed}“ ist kein gültiges Datum. Bitte als TT.MM.JJJJ eingeben, z. B. 14.11.2026."
    )
    assert refused.value.field == "session"


def test_typing_over_a_selected_date_replaces_it(qtbot: QtBot) -> None:
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    field.set_date(date(2026, 12, 1))
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "14.11.2026")
    assert field.text() == "14.11.2026"
    assert field.date_value() == date(2026, 11, 14)


def test_typing_on_after_a_whole_date_starts_a_new_one(qtbot: QtBot) -> None:
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    field.set_date(date(2026, 12, 1))
    field.setFocus()
    field.deselect()
    field.end(False)  # the cursor after the date, as after a click at its end
    qtbot.keyClicks(field, "141126")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.text() == "14.11.2026"


def test_entering_the_field_selects_the_date(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    field, other = DateField(), DateField()
    layout.addWidget(field)
    layout.addWidget(other)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    field.set_date(date(2026, 12, 1))
    other.setFocus()
    field.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(field.hasSelectedText)
    assert field.selectedText() == "01.12.2026"


def test_the_file_reads_a_two_digit_birth_year_in_the_past(qtbot: QtBot, store: Store) -> None:
    dialog = VolunteerFormDialog(store, None)
    qtbot.addWidget(dialog)
    dialog.birth_date_edit.setText("1.1.40")
    assert dialog.birth_date_edit.date_value() == date(1940, 1, 1)


def test_no_other_date_input_remains() -> None:
    """Every date is typed into ``DateField``: no ``QDateEdit`` in code or forms."""
    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for folder in ("lotsen_desktop", "ui")
        for path in (root / folder).rglob("*")
        if path.suffix in (".py", ".ui") and "QDateEdit" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
