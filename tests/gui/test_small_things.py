"""The smaller things of issue 11.10: "&" in the Gehe-zu menu, Escape in the search, a phone
number in the search, the module's units as a warning, a second Basismodul course, a plausible
age. ("Schließen" for an unchanged file: ``test_unsaved_work``; Dokumente: ``test_save_dialog``.)"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lotsen_desktop.errors import ValidationError
from lotsen_desktop.gui.dialogs.course_dialogs import AddParticipantsDialog, NewCourseDialog
from lotsen_desktop.gui.dialogs.volunteer_file import VolunteerFormDialog
from lotsen_desktop.gui.main_window import MainWindow
from lotsen_desktop.gui.pages.volunteers_page import VolunteersPage
from lotsen_desktop.services import courses, modules, volunteers
from lotsen_desktop.store.database import Store
from tests.gui.conftest import wait_loaded


def test_an_ampersand_in_a_page_title_stays_visible_in_the_menu(
    qtbot: QtBot, office: Store
) -> None:
    window = MainWindow(office)
    qtbot.addWidget(window)
    shown = [action.iconText() for action in window.goto_menu.actions()]
    assert shown[:2] == ["Lotsinnen & Lotsen", "Kurse & Anwesenheit"]


def _page(qtbot: QtBot, store: Store) -> VolunteersPage:
    page = VolunteersPage(store)
    qtbot.addWidget(page)
    page.show()
    wait_loaded(page)
    return page


def test_escape_empties_the_search_and_shows_everyone_again(
    qtbot: QtBot, office: Store, people: dict[str, str]
) -> None:
    page = _page(qtbot, office)
    qtbot.keyClicks(page.search_edit, "sahin")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Escape)
    assert page.search_edit.text() == ""
    qtbot.waitUntil(lambda: page.model.rowCount() == len(people), timeout=5000)


def test_escape_in_an_empty_search_still_closes_the_dialog(
    qtbot: QtBot, office: Store, people: dict[str, str]
) -> None:
    course = courses.add_course(
        office, module_code="BASIS", title="Basis Herbst", session_dates=[date(2026, 9, 5)]
    )
    dialog = AddParticipantsDialog(office, courses.get_course(office, course))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.search, "sahin")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.search.text() == ""
    qtbot.keyClick(dialog.search, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_phone_number_is_found_in_the_list(
    qtbot: QtBot, office: Store, people: dict[str, str]
) -> None:
    volunteers.update_volunteer(office, people["Олена Шевченко"], phone="+49 511 / 47 11-0")
    page = _page(qtbot, office)
    qtbot.keyClicks(page.search_edit, "0511 4711")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert page.model.row_at(0).id == people["Олена Шевченко"]


def test_too_few_units_for_the_module_are_a_warning(qtbot: QtBot, office: Store) -> None:
    basis = next(m for m in modules.list_modules(office) if m.code == "BASIS")
    dialog = NewCourseDialog(office)
    qtbot.addWidget(dialog)
    dialog.module.setCurrentIndex(dialog.module.findData("BASIS"))
    assert dialog.plan_warning.kind == ""  # the proposal fits the module
    dialog.count.setValue(4)
    dialog.units.setValue(4)
    hours = f"{basis.hours:g}".replace(".", ",")
    assert dialog.plan_warning.kind == "warning"
    assert dialog.plan_warning.text() == f"16 UE (das Modul sieht {hours} UE vor)"
    assert not dialog.plan_warning.isHidden()
    assert "das Modul sieht" not in dialog.preview.text()


def test_a_second_basismodul_course_gives_a_hint(
    qtbot: QtBot, office: Store, people: dict[str, str]
) -> None:
    ilkay = people["İlkay Şahin"]
    spring = courses.add_course(
        office, module_code="BASIS", title="Basis Frühjahr", session_dates=[date(2026, 3, 7)]
    )
    autumn = courses.add_course(
        office, module_code="BASIS", title="Basis Herbst", session_dates=[date(2026, 9, 5)]
    )
    first = courses.enrol_volunteers(office, course_id=spring, volunteer_ids=[ilkay])
    assert first.warnings == ()
    dialog = AddParticipantsDialog(office, courses.get_course(office, autumn))
    qtbot.addWidget(dialog)
    dialog.search.setText("sahin")
    dialog.run_search()
    dialog.table.selectRow(0)
    hint = (
        "İlkay Şahin ist schon im Basismodul-Kurs “Basis Frühjahr” angemeldet; für die "
        "Qualifizierung genügt ein Basismodul."
    )
    assert hint in dialog.hint.text()
    second = courses.enrol_volunteers(office, course_id=autumn, volunteer_ids=[ilkay])
    assert second.enrolled == (ilkay,) and second.warnings == (hint,)  # a hint, not a refusal


def test_a_six_year_old_is_not_accepted_as_a_volunteer(qtbot: QtBot, office: Store) -> None:
    child = date.today() - timedelta(days=6 * 366)
    with pytest.raises(ValidationError) as refused:
        volunteers.add_volunteer(office, given_name="Ela", family_name="Kaya", birth_date=child)
    assert refused.value.field == "birth_date"
    assert "wäre die Person 6 Jahre alt" in str(refused.value)
    assert "mindestens 16" in str(refused.value)
    sixteen = date.today().replace(year=date.today().year - 16) - timedelta(days=1)
    volunteers.add_volunteer(office, given_name="Ela", family_name="Kaya", birth_date=sixteen)

    dialog = VolunteerFormDialog(office, None)
    qtbot.addWidget(dialog)
    dialog.given_name_edit.setText("Ela")
    dialog.family_name_edit.setText("Yıldız")
    dialog.birth_date_edit.setText(child.strftime("%d.%m.%Y"))
    assert not dialog.save()
    assert "6 Jahre alt" in dialog.person.ui.birth_date_message.text()
