"""Nothing the program logs may contain personal data, even at debug level."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from lotsen_desktop.errors import LotsenError
from lotsen_desktop.services import courses, demo, mentoring, privacy, volunteers
from lotsen_desktop.store.database import Store

SECRET_GIVEN = "Zenobia"
SECRET_FAMILY = "Quastwerk-Ýlmaz"


def test_use_cases_log_no_names(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    person = volunteers.add_volunteer(
        store,
        given_name=SECRET_GIVEN,
        family_name=SECRET_FAMILY,
        email="zq@example.org",
        phone="0511 123456",
    )
    volunteers.update_volunteer(store, person, status="aktiv", city="Hannover")
    course = courses.add_course(store, module_code="BASIS", title="K", session_dates=["2026-01-10"])
    courses.enrol_volunteers(store, course_id=course, volunteer_ids=[person])
    assignment = mentoring.add_assignment(
        store, volunteer_id=person, mentee_pseudonym="X. Y.", started_on=date(2026, 1, 1)
    )
    mentoring.add_log_entry(
        store,
        assignment_id=assignment,
        entry_date=date(2026, 1, 2),
        minutes=30,
        kind="treffen",
        area="sprache",
    )
    with pytest.raises(LotsenError):
        volunteers.update_volunteer(store, person, email="not an address")
    privacy.access_report(store, person)
    privacy.erase_person(store, person, confirm_name=SECRET_FAMILY)
    demo.fill_demo(store, volunteers=10)
    text = "\n".join(record.getMessage() for record in caplog.records)
    for secret in (SECRET_GIVEN, SECRET_FAMILY, "zq@example.org", "0511 123456", "X. Y."):
        assert secret not in text
