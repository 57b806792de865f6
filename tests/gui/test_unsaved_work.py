"""Unsaved input is never lost without a question (issue 11.2): a half-typed mentoring quick entry
on Strg+Q and on a page switch, the course and mentoring dialogs on Abbrechen/Esc, and the
volunteer file that closes with "Schließen" when nothing would be lost (11.10)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from lotsen_desktop.gui.dialogs.course_dialogs import NewCourseDialog
from lotsen_desktop.gui.dialogs.mentoring_dialogs import NewRequestDialog
from lotsen_desktop.gui.dialogs.volunteer_file import VolunteerFormDialog
from lotsen_desktop.gui.main_window import MainWindow
from lotsen_desktop.gui.pages.mentoring.page import MentoringPage
from lotsen_desktop.services import mentoring, volunteers
from lotsen_desktop.store.database import Store
from tests.gui.conftest import MessageBoxAnswers, wait_loaded

QUESTION = "Ungespeicherte Eingaben in „Begleitung: Schnelleingabe des Protokolls“ verwerfen?"


def _window_with_typed_entry(qtbot: QtBot, office: Store) -> tuple[MainWindow, MentoringPage]:
    volunteer = volunteers.add_volunteer(office, given_name="İlkay", family_name="Şahin")
    mentoring.add_assignment(
        office,
        volunteer_id=volunteer,
        mentee_pseudonym="Familie K.",
        started_on=date.today() - timedelta(days=30),
    )
    window = MainWindow(office)
    qtbot.addWidget(window)
    window.show()
    window.show_page("mentoring")
    page = window.current_page()
    assert isinstance(page, MentoringPage)
    wait_loaded(page)
    page.tabs.setCurrentWidget(page.assignments_tab)
    page.volunteer_search.setText("sahin")
    qtbot.keyClick(page.volunteer_search, Qt.Key.Key_Return)
    wait_loaded(page)
    assert page.quick_entry.isEnabled()
    assert not page.has_unsaved_work()  # the defaults alone are no input
    qtbot.keyClicks(page.quick_entry.note, "Anruf beim Jobcenter, Termin am")
    assert page.has_unsaved_work()
    return window, page


def test_quit_with_a_typed_quick_entry_asks_and_cancel_keeps_the_window(
    qtbot: QtBot, office: Store, message_boxes: MessageBoxAnswers
) -> None:
    window, page = _window_with_typed_entry(qtbot, office)
    message_boxes.answer = QMessageBox.StandardButton.Cancel
    window.quit_action.trigger()  # Strg+Q
    assert window.isVisible()
    assert message_boxes.asked == [QUESTION]
    assert page.quick_entry.note.text() == "Anruf beim Jobcenter, Termin am"
    message_boxes.answer = QMessageBox.StandardButton.Discard
    window.quit_action.trigger()
    assert not window.isVisible()
    assert mentoring.list_log_entries(office, page.assignment_model.row_at(0).id) == []


def test_quit_from_another_page_shows_the_typed_entry_first(
    qtbot: QtBot, office: Store, message_boxes: MessageBoxAnswers
) -> None:
    window, page = _window_with_typed_entry(qtbot, office)
    message_boxes.answer = QMessageBox.StandardButton.Discard
    assert window.show_page("volunteers")  # discarded on the way out
    assert not page.has_unsaved_work() and page.quick_entry.note.text() == ""
    window.show_page("mentoring")
    qtbot.keyClicks(page.quick_entry.note, "noch offen")
    message_boxes.asked.clear()
    message_boxes.answer = QMessageBox.StandardButton.Cancel
    assert not window.show_page("volunteers")
    assert window.current_key() == "mentoring"
    assert message_boxes.asked == [QUESTION]


def test_a_page_switch_asks_and_cancel_stays(
    qtbot: QtBot, office: Store, message_boxes: MessageBoxAnswers
) -> None:
    window, page = _window_with_typed_entry(qtbot, office)
    message_boxes.answer = QMessageBox.StandardButton.Cancel
    window.navigation.setCurrentRow(0)
    assert window.current_key() == "mentoring"
    assert window.navigation.currentRow() == 2
    assert message_boxes.asked == [QUESTION]
    assert page.quick_entry.note.text() == "Anruf beim Jobcenter, Termin am"


def test_a_saved_quick_entry_is_no_unsaved_work(
    qtbot: QtBot, office: Store, message_boxes: MessageBoxAnswers
) -> None:
    window, page = _window_with_typed_entry(qtbot, office)
    assert page.quick_entry.save()
    assert not page.has_unsaved_work()
    window.quit_action.trigger()
    assert not window.isVisible() and message_boxes.asked == []


def test_course_and_mentoring_dialogs_ask_before_dropping_input(
    qtbot: QtBot, office: Store, message_boxes: MessageBoxAnswers
) -> None:
    course = NewCourseDialog(office)
    qtbot.addWidget(course)
    course.show()
    course.reject()  # nothing typed: closes without a question
    assert not course.isVisible() and message_boxes.asked == []

    course = NewCourseDialog(office)
    qtbot.addWidget(course)
    course.show()
    qtbot.keyClicks(course.title_edit, "Basis Herbst")
    message_boxes.answer = QMessageBox.StandardButton.Cancel
    qtbot.keyClick(course, Qt.Key.Key_Escape)
    assert course.isVisible()
    assert message_boxes.asked == ["Ungespeicherte Eingaben in „Neuer Kurs“ verwerfen?"]
    message_boxes.answer = QMessageBox.StandardButton.Discard
    course.reject()
    assert not course.isVisible()

    request = NewRequestDialog(office)
    qtbot.addWidget(request)
    request.show()
    request.institution.setText("Grundschule Mitte")
    message_boxes.answer = QMessageBox.StandardButton.Cancel
    request.close()
    assert request.isVisible()


def test_an_unchanged_file_closes_with_schliessen(qtbot: QtBot, office: Store) -> None:
    volunteer = volunteers.add_volunteer(office, given_name="Nguyễn Thị", family_name="Ánh")
    dialog = VolunteerFormDialog(office, volunteer)
    qtbot.addWidget(dialog)
    assert dialog.cancel_button.text() == "Schließen"
    dialog.city_edit.setText("Hannover")
    assert dialog.cancel_button.text() == "Abbrechen"
    dialog.city_edit.setText("")
    assert dialog.cancel_button.text() == "Schließen"
    new = VolunteerFormDialog(office, None)
    qtbot.addWidget(new)
    assert new.cancel_button.text() == "Abbrechen"
