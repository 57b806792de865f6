"""The volunteer list driven like a user: type to search, filter, sort, Enter opens the file."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lotsen_desktop.domain.vocabulary import Area
from lotsen_desktop.gui.dialogs.volunteer_file import VolunteerFormDialog
from lotsen_desktop.gui.models.volunteer_table_model import VolunteerTableModel
from lotsen_desktop.gui.pages.base import PageAction
from lotsen_desktop.gui.pages.volunteers_page import VolunteersPage
from lotsen_desktop.services import courses, volunteers
from lotsen_desktop.store.database import Store
from tests.gui.conftest import wait_loaded


@pytest.fixture
def page(qtbot: QtBot, office: Store) -> VolunteersPage:
    widget = VolunteersPage(office)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def _names(page: VolunteersPage) -> list[str]:
    model = page.model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def test_create_a_volunteer_then_find_them_by_typing_sahin(
    qtbot: QtBot, page: VolunteersPage, office: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    volunteers.add_volunteer(office, given_name="Anna", family_name="Schmidt")
    emitted: list[Any] = []
    page.changes.committed.connect(emitted.append)

    def fill_and_save(dialog: VolunteerFormDialog) -> int:
        dialog.given_name_edit.setText("İlkay")
        dialog.family_name_edit.setText("Şahin")
        dialog.phone_edit.setText("0511 123456")
        dialog.language_rows[0].language_edit.setText("Türkisch")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return int(dialog.result())

    monkeypatch.setattr(VolunteerFormDialog, "exec", fill_and_save)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert emitted and "volunteer" in emitted[0].tables
    assert page.count_label.text() == "2 Lotsinnen und Lotsen"

    qtbot.keyClicks(page.search_edit, "sahin")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert _names(page) == ["Şahin, İlkay"]
    assert page.model.data(page.model.index(0, VolunteerTableModel.PHONE)) == "0511 123456"
    assert page.model.data(page.model.index(0, VolunteerTableModel.LANGUAGES)) == "Türkisch"
    assert page.count_label.text() == "1 Lotsin/Lotse (gefiltert)"

    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "ILKAY SAH")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    qtbot.keyClicks(page.search_edit, "x")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=2000)


def test_search_waits_until_typing_pauses(
    qtbot: QtBot, page: VolunteersPage, people: dict[str, str]
) -> None:
    queries: list[str] = []
    page.model.modelReset.connect(lambda: queries.append(page.model.query.search))
    qtbot.keyClicks(page.search_edit, "kowal")
    assert queries == []  # not yet: the debounce timer runs
    qtbot.waitUntil(lambda: queries == ["kowal"], timeout=2000)
    assert _names(page) == ["Kowalski, Łukasz"]


def test_enter_opens_the_selected_file(
    qtbot: QtBot,
    page: VolunteersPage,
    people: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    typist: Any,
) -> None:
    opened: list[str | None] = []
    monkeypatch.setattr(
        VolunteerFormDialog, "exec", lambda dialog: opened.append(dialog.volunteer_id) or 0
    )
    page.refresh()
    typist(page.search_edit, "олена")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)  # runs the search now, goes to the list
    assert page.model.rowCount() == 1
    assert page.selected_id() == people["Олена Шевченко"]
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert opened == [people["Олена Шевченко"]]
    centre = page.view.visualRect(page.model.index(0, VolunteerTableModel.NAME)).center()
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert opened == [people["Олена Шевченко"]] * 2
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 3


def test_filters_by_status_language_area_and_course(
    qtbot: QtBot, office: Store, people: dict[str, str]
) -> None:
    volunteers.update_volunteer(
        office, people["Łukasz Kowalski"], status="aktiv", interests=[Area.HEALTH.value]
    )
    course_id = courses.add_course(
        office, module_code="BASIS", title="Basis Frühjahr", session_dates=[date(2026, 3, 2)]
    )
    courses.enrol_volunteers(office, course_id=course_id, volunteer_ids=[people["Nguyễn Thị Ánh"]])
    page = VolunteersPage(office)
    qtbot.addWidget(page)
    wait_loaded(page)  # the language and course filter entries

    def choose(combo, value: Any) -> None:  # type: ignore[no-untyped-def]
        combo.setCurrentIndex(combo.findData(value))

    choose(page.status_filter, "aktiv")
    assert _names(page) == ["Kowalski, Łukasz"]
    page.reset_filters()
    assert page.model.rowCount() == 5
    choose(page.language_filter, "Deutsch")
    assert _names(page) == ['Müller, A<b> & "c"', "Şahin, İlkay"]
    page.reset_filters()
    choose(page.area_filter, Area.HEALTH.value)
    assert _names(page) == ["Kowalski, Łukasz"]
    page.reset_filters()
    # the picker shows title, dates and place (issue 11, item 5)
    assert page.course_filter.findText("Basis Frühjahr (02.03.2026)") > 0
    choose(page.course_filter, course_id)
    assert _names(page) == ["Ánh, Nguyễn Thị"]


def test_clicking_headers_sorts_in_sql(
    qtbot: QtBot, page: VolunteersPage, people: dict[str, str]
) -> None:
    page.refresh()
    header = page.view.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=header.rect().topLeft() + _section_centre(header, VolunteerTableModel.NAME),
    )
    assert page.model.query.descending
    assert _names(page)[0] == "Шевченко, Олена"
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=_section_centre(header, VolunteerTableModel.LANGUAGES),
    )
    # not sortable in SQL: order and indicator stay
    assert page.model.query.sort == "name"
    assert header.sortIndicatorSection() == VolunteerTableModel.NAME


def _section_centre(header, section: int):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    return QPoint(x, header.height() // 2)


def test_refresh_after_a_change_elsewhere(
    qtbot: QtBot, page: VolunteersPage, office: Store, people: dict[str, str]
) -> None:
    page.refresh()
    row = _names(page).index("Kowalski, Łukasz")  # the rows are cached now
    volunteers.update_volunteer(office, people["Łukasz Kowalski"], phone="0441 1")
    page.refresh({"certificate"})  # not shown in the list: nothing to do
    assert page.model.data(page.model.index(row, VolunteerTableModel.PHONE)) == ""
    page.refresh({"volunteer"})
    assert page.model.data(page.model.index(row, VolunteerTableModel.PHONE)) == "0441 1"


def test_printing_the_list_escapes_names(
    qtbot: QtBot, page: VolunteersPage, people: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page.refresh()
    assert PageAction.PRINT in page.supported_actions()
    html = page.list_html()
    assert html.count("<tr>") == 6  # header and five people
    assert "Müller, A&lt;b&gt; &amp; &quot;c&quot;" in html and "<b>" not in html
    from lotsen_desktop.gui.dialogs.pdf_preview import PdfPreviewDialog

    previews: list[PdfPreviewDialog] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: previews.append(dialog) or 0)
    page.print_page()
    qtbot.waitUntil(lambda: len(previews) == 1, timeout=30000)
    assert len(previews[0].page_labels) == 1


def test_an_empty_list_says_what_to_do(qtbot: QtBot, page: VolunteersPage, office: Store) -> None:
    assert page.view.empty_label.isVisible()
    assert "Strg+N" in page.view.empty_label.text()
    volunteers.add_volunteer(office, given_name="Anna", family_name="Schmidt")
    page.refresh({"volunteer"})
    assert not page.view.empty_label.isVisible()
    page.search_edit.setText("zzz")
    page.search_edit.flush()
    page.apply_query()
    assert page.view.empty_label.isVisible()
    assert "Filter zurücksetzen" in page.view.empty_label.text()


def test_a_new_file_hidden_by_the_search_is_shown_and_selected(
    qtbot: QtBot,
    page: VolunteersPage,
    people: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    typist: Any,
) -> None:
    typist(page.search_edit, "kowal")
    page.status_filter.setCurrentIndex(1)
    page.search_edit.flush()
    page.apply_query()
    assert _names(page) == ["Kowalski, Łukasz"]

    def fill_and_save(dialog: VolunteerFormDialog) -> int:
        dialog.given_name_edit.setText("Nguyễn Văn")
        dialog.family_name_edit.setText("Bình")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return int(dialog.result())

    monkeypatch.setattr(VolunteerFormDialog, "exec", fill_and_save)
    page.new_volunteer()
    assert page.search_edit.text() == ""
    assert page.status_filter.currentIndex() == 0
    assert page.model.rowCount() == len(people) + 1
    selected = page.selected_id()
    assert selected is not None
    assert volunteers.get_volunteer(page.store, selected).family_name == "Bình"
    assert "zurückgesetzt" in page.hint_label.text()
    qtbot.keyClicks(page.search_edit, "b")
    page.search_edit.flush()
    page.apply_query()
    assert "zurückgesetzt" not in page.hint_label.text()


def test_a_new_file_is_selected_without_filters(
    qtbot: QtBot, page: VolunteersPage, people: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill_and_save(dialog: VolunteerFormDialog) -> int:
        dialog.given_name_edit.setText("Zofia")
        dialog.family_name_edit.setText("Żak")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return int(dialog.result())

    monkeypatch.setattr(VolunteerFormDialog, "exec", fill_and_save)
    page.new_volunteer()
    selected = page.selected_id()
    assert selected is not None
    assert volunteers.get_volunteer(page.store, selected).given_name == "Zofia"
    assert "zurückgesetzt" not in page.hint_label.text()
