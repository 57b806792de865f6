"""The courses page with a finished course: locked grid and buttons, unlock with a reason, ask
before a change that touches issued documents, revoke and issue anew (issue 11, item 3)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from certificate_fixtures import add_course, add_people, configure_office
from pytestqt.qtbot import QtBot

from lotsen_desktop.gui.pages.courses_page import CoursesPage
from lotsen_desktop.gui.views import course_lock_bar, feedback
from lotsen_desktop.services import certificates, course_lock, courses
from lotsen_desktop.store.database import Store
from tests.gui.conftest import wait_loaded

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def finished(store: Store) -> tuple[str, list[str], list[str]]:
    configure_office(store)
    people = add_people(store)[:2]
    course_id = add_course(store, people, title="Basisqualifizierung Frühjahr 2026", sessions=4)
    serials = [
        certificates.issue_participation(store, course_id=course_id, volunteer_id=p).serial
        for p in people
    ]
    return course_id, people, serials


@pytest.fixture
def page(qtbot: QtBot, store: Store) -> Iterator[CoursesPage]:
    widget = CoursesPage(store)
    qtbot.addWidget(widget)
    widget.resize(1160, 700)
    widget.show()
    qtbot.waitExposed(widget)
    wait_loaded(widget)
    yield widget
    wait_loaded(widget)


def test_a_finished_course_is_locked_on_the_page_and_unlocks_with_a_reason(
    page: CoursesPage,
    store: Store,
    finished: tuple[str, list[str], list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    course_id, _people, _serials = finished
    page.reload_list()
    wait_loaded(page)
    row = page.course_model.row_of(course_id)
    state = page.course_model.index(row, page.course_model.STATE).data()
    assert state == "🔒 abgeschlossen, gesperrt"
    page.open_course(course_id)
    bar = page.lock_bar
    assert bar.isVisible() and bar.locked
    assert "Abgeschlossen und gesperrt seit" in bar.state_label.text()
    assert "automatisch: Dokumente ausgestellt" in bar.state_label.text()
    assert bar.unlock_button.isVisible() and not bar.relock_button.isVisible()
    assert not page.remove_participant_button.isEnabled()
    assert not page.add_session_button.isEnabled() and not page.delete_button.isEnabled()
    model = page.attendance.model
    cell = model.index(0, 0)
    assert not model.flags(cell) & model.flags(cell).ItemIsEditable
    assert not model.set_state(cell, "unentschuldigt")
    assert "abgeschlossen und gesperrt" in page.attendance.message.text()

    monkeypatch.setattr(course_lock_bar, "ask_reason", lambda *args: None)
    bar.unlock_button.click()  # cancelled: still locked
    assert course_lock.lock_state(store, course_id).locked
    monkeypatch.setattr(course_lock_bar, "ask_reason", lambda *args: "Anwesenheit korrigiert")
    bar.unlock_button.click()
    assert not course_lock.lock_state(store, course_id).locked
    assert "Entsperrt am" in bar.state_label.text() and "Anwesenheit korrigiert" in (
        bar.state_label.text()
    )
    assert page.remove_participant_button.isEnabled() and bar.relock_button.isVisible()
    bar.relock_button.click()
    assert (
        course_lock.lock_state(store, course_id).locked and not page.add_session_button.isEnabled()
    )


def test_a_change_that_touches_documents_is_asked_first_and_offers_reissue(
    page: CoursesPage,
    store: Store,
    finished: tuple[str, list[str], list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    course_id, people, serials = finished
    course_lock.unlock_course(store, course_id, reason="Korrektur")
    page.open_course(course_id)
    model = page.attendance.model
    row = model.row_of(people[0])
    questions: list[str] = []

    def answer(_parent: object, _title: str, question: str) -> bool:
        questions.append(question)
        return len(questions) > 1  # the first time: no

    monkeypatch.setattr(feedback, "confirm", answer)
    assert not model.set_state(model.index(row, 0), "unentschuldigt")
    assert serials[0] in questions[0] and serials[1] not in questions[0]
    assert courses.attendance_grid(store, course_id).cell(
        people[0], model.session_at(0).id
    ).state == ("anwesend")  # nothing saved
    assert model.set_state(model.index(row, 0), "unentschuldigt")
    assert model.set_state(model.index(row, 1), "unentschuldigt")  # asked once per person
    assert len(questions) == 2
    page.changes.deliver_now()
    wait_loaded(page)
    bar = page.lock_bar
    assert bar.reissue_button.isVisible() and serials[0] in bar.outdated_label.text()
    assert serials[1] not in bar.outdated_label.text()
    monkeypatch.setattr(course_lock_bar, "ask_reason", lambda *args: "Anwesenheit korrigiert")
    bar.reissue_button.click()
    page.changes.deliver_now()
    assert "widerrufen" in page.detail_message.text()
    assert not bar.reissue_button.isVisible()
    register = {e.serial: e for e in certificates.list_register(store)}
    assert register[serials[0]].revoked and not register[serials[1]].revoked
