"""The volunteer file saved after someone else changed it: both values shown, chosen per field."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.gui.dialogs.volunteer_file import VolunteerFormDialog
from lotsen_desktop.gui.dialogs.volunteer_file.concurrent_edit import ConcurrentEditDialog
from lotsen_desktop.services import volunteers
from lotsen_desktop.store.database import Store
from tests.gui.conftest import type_text


@pytest.fixture
def colleague(office: Store) -> Iterator[Store]:
    """Another person's PC on the same database."""
    second = open_office_store(office.target, user="Olena")
    yield second
    second.close()


def _type(qtbot: QtBot, widget: object, text: str) -> None:
    widget.setFocus()  # type: ignore[attr-defined]
    widget.clear()  # type: ignore[attr-defined]
    type_text(qtbot, widget, text)  # type: ignore[arg-type]


def test_save_after_another_persons_change_asks_per_field(
    qtbot: QtBot,
    office: Store,
    colleague: Store,
    people: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    person = people["İlkay Şahin"]
    dialog = VolunteerFormDialog(office, person)
    qtbot.addWidget(dialog)
    dialog.show()
    _type(qtbot, dialog.phone_edit, "0511 222")
    _type(qtbot, dialog.city_edit, "Hannover")

    start = volunteers.get_volunteer(colleague, person).version
    volunteers.update_volunteer(
        colleague, person, expected_version=start, phone="0511 111", city="Celle", notes="Neu"
    )

    shown: list[dict[str, tuple[str, str, bool]]] = []

    def answer(conflict: ConcurrentEditDialog) -> int:
        shown.append(
            {
                key: (
                    conflict.mine_buttons[key].text(),
                    conflict.stored_buttons[key].text(),
                    conflict.mine_buttons[key].isChecked(),
                )
                for key in conflict.mine_buttons
            }
        )
        conflict.choose("city", mine=False)  # keep the colleague's city, my phone number
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(ConcurrentEditDialog, "exec", answer)
    assert dialog.save()
    assert shown == [
        {
            "phone": ("0511 222", "0511 111", True),
            "city": ("Hannover", "Celle", True),
            "notes": ("–", "Neu", False),  # not edited here: the stored value is preselected
        }
    ]
    saved = volunteers.get_volunteer(colleague, person)
    assert (saved.phone, saved.city, saved.notes) == ("0511 222", "Celle", "Neu")
    assert saved.changed_by == "test-user"


def test_cancelling_the_choice_saves_nothing(
    qtbot: QtBot,
    office: Store,
    colleague: Store,
    people: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    person = people["Nguyễn Thị Ánh"]
    dialog = VolunteerFormDialog(office, person)
    qtbot.addWidget(dialog)
    dialog.show()
    _type(qtbot, dialog.phone_edit, "0511 222")
    start = volunteers.get_volunteer(colleague, person).version
    volunteers.update_volunteer(colleague, person, expected_version=start, phone="0511 111")
    monkeypatch.setattr(
        ConcurrentEditDialog, "exec", lambda self: QDialog.DialogCode.Rejected.value
    )
    assert not dialog.save()
    assert dialog.isVisible() and dialog.is_dirty()
    assert volunteers.get_volunteer(office, person).phone == "0511 111"


def test_the_choice_dialog_is_german(qtbot: QtBot) -> None:
    from lotsen_desktop.errors import ConcurrentEdit

    error = ConcurrentEdit("x", changed_by="Olena", fields={"phone": ("1", "2")}, version=3)
    conflict = ConcurrentEditDialog(error, set())
    qtbot.addWidget(conflict)
    texts = [w.text() for w in conflict.findChildren(type(conflict.mine_buttons["phone"]))]
    assert texts == ["1", "2"]
    assert conflict.save_button.text() == "Erneut speichern"
    assert conflict.chosen() == {"phone": "2"}
