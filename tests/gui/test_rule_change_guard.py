"""Einstellungen: a stricter threshold asks first while documents exist, then offers to revoke
and issue anew what no longer agrees (issue 11, item 3)."""

from __future__ import annotations

import pytest
from certificate_fixtures import add_course, add_people, configure_office
from pytestqt.qtbot import QtBot

from lotsen_desktop.gui.pages.settings_page import SettingsPage
from lotsen_desktop.gui.views import course_lock_bar, feedback
from lotsen_desktop.services import certificates, setup
from lotsen_desktop.store.database import Store
from tests.gui.conftest import wait_loaded


def test_threshold_change_asks_and_then_offers_reissue(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure_office(store)
    person, other = add_people(store)[:2]
    add_course(store, [person, other], missed={person: 1})  # 11 of 12 sessions: 92 %
    serial = certificates.issue_certificate(store, volunteer_id=person).serial
    kept = certificates.issue_certificate(store, volunteer_id=other).serial
    page = SettingsPage(store)
    qtbot.addWidget(page)
    wait_loaded(page)
    questions: list[str] = []
    answers = iter([False, True])

    def answer(_parent: object, _title: str, question: str) -> bool:
        questions.append(question)
        return next(answers)

    monkeypatch.setattr(feedback, "confirm", answer)
    reasons: list[str] = []

    def reason(_parent: object, _title: str, label: str) -> str:
        reasons.append(label)
        return "Schwelle auf 95 % angehoben"

    monkeypatch.setattr(course_lock_bar, "ask_reason", reason)
    page.threshold_spin.setValue(95)
    assert not page.save()  # "No": nothing saved
    assert setup.get_office(store).threshold_percent == 80
    assert serial in questions[0] and kept in questions[0]
    assert page.save()
    assert setup.get_office(store).threshold_percent == 95
    assert serial in reasons[0] and kept not in reasons[0]
    register = {e.serial: e for e in certificates.list_register(store)}
    assert register[serial].revoked and not register[kept].revoked
    # the signatory alone is no rule change: no question
    page.signatory_edit.setText("Dr. Maria Beispiel")
    assert page.save() and len(questions) == 2
