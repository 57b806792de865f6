"""The courses page driven through its real widgets: course, sessions, participants, grid."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot

from lotsen_desktop.gui.dialogs.course_dialogs import (
    AddParticipantsDialog,
    CourseDetailsDialog,
    NewCourseDialog,
    SessionDialog,
)
from lotsen_desktop.gui.models.course_models import (
    CourseListModel,
    ParticipantTableModel,
    SessionTableModel,
    VolunteerPickModel,
)
from lotsen_desktop.gui.pages import courses_page
from lotsen_desktop.gui.pages.courses_page import CoursesPage
from lotsen_desktop.gui.views import feedback
from lotsen_desktop.i18n import set_language
from lotsen_desktop.services import courses, volunteers
from lotsen_desktop.store.database import Store
from tests.gui.conftest import wait_loaded

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TODAY = date.today()


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


@pytest.fixture
def people(store: Store) -> dict[str, str]:
    return {
        "ilkay": volunteers.add_volunteer(store, given_name="İlkay", family_name="Şahin"),
        "anh": volunteers.add_volunteer(
            store, given_name="Nguyễn Thị", family_name="Ánh", status="aktiv"
        ),
        "olena": volunteers.add_volunteer(store, given_name="Олена", family_name="Коваленко"),
    }


@pytest.fixture
def page(qtbot: QtBot, store: Store) -> Iterator[CoursesPage]:
    widget = CoursesPage(store)
    qtbot.addWidget(widget)
    testers = [
        QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
        for model in (
            widget.course_model,
            widget.session_model,
            widget.participant_model,
            widget.attendance.model,
        )
    ]
    widget.resize(1160, 700)
    widget.show()
    qtbot.waitExposed(widget)
    wait_loaded(widget)
    yield widget
    wait_loaded(widget)
    del testers


def make_course(store: Store, title: str = "Basis Herbst", sessions: int = 4) -> str:
    return courses.add_course(
        store,
        module_code="BASIS",
        title=title,
        session_dates=[TODAY - timedelta(days=7 * (sessions - 1 - n)) for n in range(sessions)],
    )


def test_page_title_and_empty_list(page: CoursesPage) -> None:
    assert page.page_title() == "Kurse & Anwesenheit"
    assert page.course_model.rowCount() == 0
    assert "Noch keine Kurse" in page.list_empty.text()


def test_new_course_dialog_reads_the_first_date_as_typed(
    qtbot: QtBot, page: CoursesPage, store: Store
) -> None:
    """The one date field: a short date feeds the preview without being rewritten under the
    cursor; an impossible one is refused in German and creates nothing."""
    page.new_button.click()
    dialog = page.dialog
    assert isinstance(dialog, NewCourseDialog)
    dialog.count.setValue(2)
    dialog.interval.setValue(7)
    dialog.first_date.setText("3.3.")
    year = date.today().year
    assert f"03.03.{year}" in dialog.preview.text() and f"10.03.{year}" in dialog.preview.text()
    assert dialog.first_date.text() == "3.3."
    dialog.first_date.setText("31.02.2026")
    assert dialog.preview.text() == "Bitte das Datum des ersten Termins eingeben."
    dialog.ok_button().click()
    assert dialog.isVisible() and "31.02.2026" in dialog.message.text()
    assert courses.list_courses(store) == []
    dialog.reject()


def test_new_course_dialog_creates_sessions_and_opens_the_course(
    qtbot: QtBot, page: CoursesPage, store: Store
) -> None:
    with qtbot.waitSignal(page.changes.committed):
        page.new_button.click()
        dialog = page.dialog
        assert isinstance(dialog, NewCourseDialog)
        dialog.module.setCurrentIndex(dialog.module.findData("BASIS"))
        dialog.title_edit.setText("Basisqualifizierung Frühjahr")
        dialog.place.setText("VHS Hannover, Raum 204")
        dialog.trainers.setText("Dr. Claudia Brenner")
        dialog.first_date.set_date(date(2026, 3, 3))
        dialog.count.setValue(10)
        dialog.interval.setValue(7)
        dialog.units.setValue(4)
        assert "10" in dialog.preview.text() and "05.05.2026" in dialog.preview.text()
        dialog.ok_button().click()
    assert page.dialog is None
    [row] = courses.list_courses(store)
    assert (row.title, row.sessions, row.place) == (
        "Basisqualifizierung Frühjahr",
        10,
        "VHS Hannover, Raum 204",
    )
    assert page.stack.currentWidget() is page.detail_widget
    assert page.tabs.currentWidget() is page.participants_tab
    assert page.course_title.text() == "Basisqualifizierung Frühjahr"
    assert page.session_model.rowCount() == 10
    assert page.session_model.index(0, SessionTableModel.TIME).data() == "09:00–12:00"


def test_new_course_with_empty_title_is_refused_inline(page: CoursesPage, store: Store) -> None:
    page.new_button.click()
    dialog = page.dialog
    assert isinstance(dialog, NewCourseDialog)
    dialog.title_edit.setText("   ")
    dialog.ok_button().click()
    assert dialog.isVisible() and "Titel" in dialog.message.text()
    assert courses.list_courses(store) == []
    dialog.reject()


def test_enrol_through_the_page_with_a_diacritic_insensitive_search(
    qtbot: QtBot, page: CoursesPage, store: Store, people: dict[str, str]
) -> None:
    course_id = make_course(store)
    page.refresh()
    wait_loaded(page)
    qtbot.keyClick(page.course_table, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.detail_widget
    assert "Niemand" in page.attendance.empty_label.text()
    page.tabs.setCurrentWidget(page.participants_tab)
    page.add_participants_button.click()
    dialog = page.dialog
    assert isinstance(dialog, AddParticipantsDialog)
    tester = QAbstractItemModelTester(
        dialog.model, QAbstractItemModelTester.FailureReportingMode.Warning
    )
    qtbot.keyClicks(dialog.search, "sahin")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # searches, does not enrol yet
    assert dialog.isVisible() and dialog.focusWidget() is dialog.table
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, VolunteerPickModel.NAME).data() == "Şahin, İlkay"
    assert dialog.selected_ids() == [people["ilkay"]]
    with qtbot.waitSignal(page.changes.committed):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # Enter on the person enrols
    assert not dialog.isVisible()
    del tester
    assert [p.volunteer_id for p in courses.get_course(store, course_id).participants] == [
        people["ilkay"]
    ]
    assert page.participant_model.rowCount() == 1
    assert page.participant_model.index(0, ParticipantTableModel.NAME).data() == "Şahin, İlkay"
    assert page.attendance.model.rowCount() == 1
    assert "1 angemeldet" in page.detail_message.text()
    # a second time the person shows as already enrolled and cannot be picked
    page.add_participants_button.click()
    dialog = page.dialog
    assert isinstance(dialog, AddParticipantsDialog)
    dialog.search.setText("ŞAHİN")
    dialog.run_search()
    assert "bereits" in dialog.model.index(0, 0).data()
    assert not dialog.model.flags(dialog.model.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable
    dialog.ok_button().click()
    assert dialog.isVisible() and "mindestens eine Person" in dialog.message.text()
    dialog.reject()


def test_late_enrolment_and_warning_for_a_specialisation(
    qtbot: QtBot, page: CoursesPage, store: Store, people: dict[str, str]
) -> None:
    course_id = courses.add_course(
        store,
        module_code="SPEZ-SCHULE",
        title="Schule und Bildung",
        session_dates=[TODAY - timedelta(days=14), TODAY - timedelta(days=7), TODAY],
    )
    page.refresh()
    wait_loaded(page)
    page.open_course(course_id)
    page.add_participants_button.click()
    dialog = page.dialog
    assert isinstance(dialog, AddParticipantsDialog)
    dialog.search.setText("anh")
    dialog.run_search()
    dialog.table.selectionModel().select(
        dialog.model.index(0, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    dialog.enrolled_on.set_date(TODAY - timedelta(days=7))
    assert "erste Termin" in dialog.hint.text() and "nicht angemeldet" in dialog.hint.text()
    dialog.ok_button().click()
    assert page.detail_message.kind == "warning"
    assert "sechs Monate" in page.detail_message.text()
    grid = page.attendance.model
    assert grid.index(0, 0).data(grid.StateRole) == "not_enrolled"
    assert grid.index(0, 1).data(grid.StateRole) == ""


def test_sessions_add_move_and_remove_with_confirmation(
    page: CoursesPage, store: Store, people: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    course_id = make_course(store, sessions=2)
    courses.enrol_volunteers(store, course_id=course_id, volunteer_ids=[people["anh"]])
    page.refresh()
    wait_loaded(page)
    page.open_course(course_id)
    page.tabs.setCurrentWidget(page.sessions_tab)

    page.add_session_button.click()
    dialog = page.dialog
    assert isinstance(dialog, SessionDialog)
    assert dialog.date.required_date() == TODAY + timedelta(days=7)
    dialog.topic.setText("Rolle und Grenzen")
    dialog.ok_button().click()
    assert page.session_model.rowCount() == 3
    assert page.attendance.model.session_count == 3

    page.session_table.setCurrentIndex(page.session_model.index(2, 0))
    page.move_session_button.click()
    dialog = page.dialog
    assert isinstance(dialog, SessionDialog)
    dialog.date.set_date(TODAY + timedelta(days=9))
    dialog.start.setTime(dialog.end.time())
    dialog.ok_button().click()
    assert dialog.isVisible() and "Beginn" in dialog.message.text()
    dialog.start.setTime(dialog.start.time().addSecs(-3600))
    dialog.ok_button().click()
    assert not dialog.isVisible()
    moved = courses.get_course(store, course_id).sessions[2]
    assert moved.session_date == TODAY + timedelta(days=9) and moved.topic == "Rolle und Grenzen"

    questions: list[str] = []

    def answer(parent: object, title: str, question: str) -> bool:
        questions.append(question)
        return len(questions) > 1  # no the first time, yes the second

    monkeypatch.setattr(feedback, "confirm", answer)
    page.session_table.setCurrentIndex(page.session_model.index(0, 0))
    page.remove_session_button.click()
    assert len(courses.get_course(store, course_id).sessions) == 3
    page.session_table.setFocus()
    page.remove_session_button.click()
    assert len(courses.get_course(store, course_id).sessions) == 2
    assert "Anwesenheit" in questions[0]
    assert page.attendance.model.session_count == 2
    assert "entfernt" in page.detail_message.text()


def test_remove_participant_and_edit_details(
    page: CoursesPage, store: Store, people: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    course_id = make_course(store)
    courses.enrol_volunteers(
        store, course_id=course_id, volunteer_ids=[people["anh"], people["olena"]]
    )
    page.refresh()
    wait_loaded(page)
    page.open_course(course_id)
    monkeypatch.setattr(feedback, "confirm", lambda *args: True)
    page.tabs.setCurrentWidget(page.participants_tab)
    page.participant_table.setCurrentIndex(page.participant_model.index(0, 0))
    name = page.participant_model.index(0, 0).data()
    page.remove_participant_button.click()
    assert len(courses.get_course(store, course_id).participants) == 1
    assert page.attendance.model.rowCount() == 1
    assert name.split(", ")[0] in page.detail_message.text()

    page.edit_button.click()
    dialog = page.dialog
    assert isinstance(dialog, CourseDetailsDialog)
    dialog.place.setText("Stadtteilzentrum Nord")
    dialog.ok_button().click()
    assert courses.get_course(store, course_id).place == "Stadtteilzentrum Nord"
    assert "Stadtteilzentrum Nord" in page.course_info.text()

    page.delete_button.click()
    assert courses.list_courses(store) == []
    assert page.stack.currentWidget() is page.list_widget
    assert courses_page.CoursesPage is CoursesPage


def test_attendance_in_the_page_updates_participant_totals_and_notifies(
    qtbot: QtBot, page: CoursesPage, store: Store, people: dict[str, str]
) -> None:
    course_id = make_course(store)
    courses.enrol_volunteers(store, course_id=course_id, volunteer_ids=[people["anh"]])
    page.refresh()
    wait_loaded(page)
    page.open_course(course_id)
    view = page.attendance.view
    assert view.hasFocus() or page.focusWidget() is view
    view.setCurrentIndex(page.attendance.model.index(0, 0))
    with qtbot.waitSignal(page.changes.committed) as signal:
        qtbot.keyClick(view, Qt.Key.Key_A)
    assert "attendance" in signal.args[0].tables
    assert signal.args[0].initiator is page.attendance.model  # the grid shows it already
    units = page.participant_model.index(0, ParticipantTableModel.UNITS).data()
    assert units.startswith("8 /")  # 48 UE over 4 sessions, at most 8 a day


def test_search_back_and_list_model(qtbot: QtBot, page: CoursesPage, store: Store) -> None:
    make_course(store, "Basis Herbst")
    make_course(store, "Gesundheit kompakt")
    page.refresh()
    wait_loaded(page)
    assert page.course_model.rowCount() == 2
    page.search.setText("gesund")
    page.reload_list()
    wait_loaded(page)
    assert page.course_model.rowCount() == 1
    assert page.course_model.index(0, CourseListModel.TITLE).data() == "Gesundheit kompakt"
    page.search.setText("nichts davon")
    page.reload_list()
    wait_loaded(page)
    assert "Kein Kurs" in page.list_empty.text()
    page.search.clear()
    page.reload_list()
    wait_loaded(page)
    page.course_table.sortByColumn(CourseListModel.TITLE, Qt.SortOrder.DescendingOrder)
    assert page.loader.is_loading("courses")  # the header click reads the ids in that order
    wait_loaded(page)
    assert page.course_model.index(0, 0).data() == "Gesundheit kompakt"
    assert page.course_model.index(1, 0).data() == "Basis Herbst"
    page.open_selected()
    assert page.stack.currentWidget() is page.detail_widget
    page.back_button.click()
    assert page.stack.currentWidget() is page.list_widget
    page.focus_search()
    assert page.search.hasFocus()
    page.refresh({"log_entry"})  # not ours: nothing to do
    wait_loaded(page)
    page.retranslate()


def test_switching_to_english(page: CoursesPage, store: Store, people: dict[str, str]) -> None:
    course_id = make_course(store)
    courses.enrol_volunteers(store, course_id=course_id, volunteer_ids=[people["anh"]])
    page.refresh()
    wait_loaded(page)
    page.open_course(course_id)
    set_language("en")
    page.retranslate()
    assert page.new_button.text() == "&New course…"
    assert page.tabs.tabText(0) == "&Attendance"
    assert page.course_model.headerData(0, Qt.Orientation.Horizontal) == "Course"
    grid = page.attendance.model
    assert grid.headerData(grid.reached_column, Qt.Orientation.Horizontal) == "Threshold"
    assert "Space" in page.attendance.legend.text()


def test_the_title_column_gets_the_room_on_a_laptop(
    qtbot: QtBot, page: CoursesPage, store: Store
) -> None:
    """At 1366 px the list showed „Basisqu…2026/13“: the title is the key column."""
    make_course(store, title="Basisqualifizierung Integrationslotsin/Integrationslotse 2026/13")
    page.refresh()
    wait_loaded(page)
    page.resize(1366 - 215, 700)
    qtbot.wait(10)
    header = page.course_table.horizontalHeader()
    title = header.sectionSize(CourseListModel.TITLE)
    others = [c for c in range(header.count()) if c != CourseListModel.TITLE]
    assert all(title > header.sectionSize(c) for c in others)
    assert title >= 280
    assert page.course_table.textElideMode() == Qt.TextElideMode.ElideMiddle


def test_no_course_column_is_squeezed_in_a_narrow_table(
    qtbot: QtBot, page: CoursesPage, store: Store
) -> None:
    """The columns have widths from the font (no row is read to size them): in a narrow window
    every column keeps its header readable and the table scrolls sideways; in a wide one the
    title takes the room the others leave."""
    make_course(store, title="Basisqualifizierung Integrationslotsin/Integrationslotse 2026/13")
    page.refresh()
    wait_loaded(page)
    table = page.course_table
    header = table.horizontalHeader()
    others = sum(
        header.sectionSize(c)
        for c in range(page.course_model.columnCount())
        if c != CourseListModel.TITLE
    )
    around = page.width() - table.viewport().width()
    page.resize(others + 20 + around, 600)  # room for all columns but the title
    qtbot.wait(10)
    assert table.viewport().width() < others + 60
    metrics = table.fontMetrics()
    for column in range(page.course_model.columnCount()):
        title = str(page.course_model.headerData(column, Qt.Orientation.Horizontal))
        assert header.sectionSize(column) >= metrics.horizontalAdvance(title), title
        shown = str(page.course_model.index(0, column).data())
        if column != CourseListModel.TITLE:
            assert header.sectionSize(column) >= metrics.horizontalAdvance(shown), shown
    assert header.sectionSize(CourseListModel.TITLE) >= 280
    assert header.length() > table.viewport().width()  # so it scrolls
    page.resize(others + 900 + around, 600)
    qtbot.wait(10)
    assert header.sectionSize(CourseListModel.TITLE) >= 880  # the rest of a wide window
    assert header.length() <= table.viewport().width()  # no sideways scrolling then


def test_a_running_course_shown_in_bold_fits_its_columns(page: CoursesPage, store: Store) -> None:
    """Running courses are bold; the columns were sized for the normal weight and cut their
    period and module kind ("15.11.202…0.12.2026", "Spezi…modul")."""
    courses.add_course(
        store,
        module_code="SPEZ-SCHULE",
        title="Schule 2026/18",
        session_dates=[TODAY - timedelta(days=14), TODAY + timedelta(days=21)],
    )
    page.refresh()
    wait_loaded(page)
    model = page.course_model
    font = model.index(0, CourseListModel.PERIOD).data(Qt.ItemDataRole.FontRole)
    assert font is not None and font.bold()
    metrics = QFontMetrics(font)
    header = page.course_table.horizontalHeader()
    for column in (CourseListModel.MODULE, CourseListModel.PERIOD):
        shown = str(model.index(0, column).data())
        assert header.sectionSize(column) >= metrics.horizontalAdvance(shown) + 6, shown


def test_the_selected_course_stays_selected_across_reloads_and_sorts(
    qtbot: QtBot, page: CoursesPage, store: Store
) -> None:
    """The ids are read again on every change and header click; the course that was selected
    stays the current one, found by its id (its page is read with the ids, not on the GUI
    thread)."""
    made = {
        title: make_course(store, title=title, sessions=2) for title in ("Ärzte", "Zelt", "Mitte")
    }
    page.course_model.page_size = 1  # every course on a page of its own
    page.refresh()
    wait_loaded(page)
    page.course_table.selectionModel().setCurrentIndex(
        page.course_model.index(page.course_model.row_of(made["Zelt"]), 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    page.course_table.sortByColumn(CourseListModel.TITLE, Qt.SortOrder.AscendingOrder)
    wait_loaded(page)
    fetched = page.course_model.fetches
    assert page.course_table.currentIndex().row() == 2  # Ärzte, Mitte, Zelt: Ä as A
    assert page.course_model.index(2, 0).data() == "Zelt"
    assert page.course_model.fetches == fetched  # its page came with the ids
    page.refresh({"course"})
    wait_loaded(page)
    assert page._selected_course_id() == made["Zelt"]
    page.open_selected()
    assert page.course is not None and page.course.id == made["Zelt"]
