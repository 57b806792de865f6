"""The volunteer file's tabs on their own, and the intake conversation on the Qualifizierung tab."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lotsen_desktop.gui.dialogs.volunteer_file import VolunteerFormDialog
from lotsen_desktop.gui.dialogs.volunteer_file.languages import LanguagesTab
from lotsen_desktop.gui.dialogs.volunteer_file.person import PersonTab
from lotsen_desktop.services import volunteers
from lotsen_desktop.store.database import Store


def test_person_tab_loads_checks_and_contributes_on_its_own(
    qtbot: QtBot, office: Store, people: dict[str, str]
) -> None:
    person = people["Nguyễn Thị Ánh"]
    tab = PersonTab(office)
    qtbot.addWidget(tab)
    tab.load(person, volunteers.get_volunteer(office, person))
    assert tab.ui.given_name_edit.text() == "Nguyễn Thị"
    assert not tab.is_dirty()

    tab.ui.postal_code_edit.setText("3015")
    tab.ui.birth_date_edit.setText("24.11.1980")
    assert tab.is_dirty()
    wrong = tab.first_invalid()
    assert wrong is tab.fields["postal_code"]
    assert wrong.message.text() == "Eine Postleitzahl hat fünf Ziffern."

    tab.ui.postal_code_edit.setText("30159")
    assert tab.first_invalid() is None
    part = tab.contribution()
    assert part.fields["birth_date"] == date(1980, 11, 24)
    assert part.fields["postal_code"] == "30159"
    assert "migration_experience" not in part.after_create  # no consent: not saved


def test_languages_tab_is_dirty_after_adding_a_language(
    qtbot: QtBot, office: Store, people: dict[str, str]
) -> None:
    person = people["Олена Шевченко"]
    tab = LanguagesTab(office)
    qtbot.addWidget(tab)
    changes: list[None] = []
    tab.changed.connect(lambda: changes.append(None))
    tab.load(person, volunteers.get_volunteer(office, person))
    assert not tab.is_dirty()
    tab.add_language("Englisch", "B2")
    assert tab.is_dirty() and changes
    assert ("Englisch", "B2") in tab.contribution().fields["languages"]
    tab.remove_language(tab.language_rows[-1])
    assert not tab.is_dirty()


def test_an_intake_conversation_is_recorded_at_once(
    qtbot: QtBot, office: Store, people: dict[str, str]
) -> None:
    person = people["Łukasz Kowalski"]
    dialog = VolunteerFormDialog(office, person)
    qtbot.addWidget(dialog)
    tab = dialog.qualification
    saved: list[object] = []
    dialog.saved.connect(lambda: saved.append(True))
    assert tab.ui.intake_note.text() == "Noch kein Kennenlerngespräch eingetragen."
    assert tab.ui.record_intake_button.text().replace("&", "") == "Gespräch eintragen"

    tab.ui.intake_date_edit.setText((date.today() + timedelta(days=1)).strftime("%d.%m.%Y"))
    tab.ui.intake_outcome_edit.setText("geeignet, Interesse an <Schule> & Beruf")
    qtbot.mouseClick(tab.ui.record_intake_button, Qt.MouseButton.LeftButton)
    assert "Zukunft" in tab.ui.intake_message.text()
    assert volunteers.list_intakes(office, person) == []

    tab.ui.intake_date_edit.setText("05.03.2026")
    qtbot.mouseClick(tab.ui.record_intake_button, Qt.MouseButton.LeftButton)
    stored = volunteers.list_intakes(office, person)
    assert [(row.held_on, row.outcome) for row in stored] == [
        (date(2026, 3, 5), "geeignet, Interesse an <Schule> & Beruf")
    ]
    assert saved == [True]
    assert not tab.ui.intake_message.isVisible()
    model = tab.intakes_table.model()
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0)) == "05.03.2026"
    assert not dialog.is_dirty()


def test_a_new_file_records_intakes_only_after_saving(qtbot: QtBot, office: Store) -> None:
    dialog = VolunteerFormDialog(office)
    qtbot.addWidget(dialog)
    tab = dialog.qualification
    assert not tab.ui.record_intake_button.isEnabled()
    assert "sobald die Akte gespeichert ist" in tab.ui.intake_note.text()
    assert not tab.record_intake()
    dialog.given_name_edit.setText("Zofia")
    dialog.family_name_edit.setText("Żak")
    assert dialog.save()
    assert tab.ui.record_intake_button.isEnabled()
