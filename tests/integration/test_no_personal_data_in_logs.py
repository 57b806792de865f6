"""Nothing the program logs may contain personal data, even at debug level."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest
import sync_helpers

from lotsen_desktop import documents
from lotsen_desktop.documents import samples
from lotsen_desktop.documents.data import PersonInfo
from lotsen_desktop.errors import LotsenError
from lotsen_desktop.services import courses, demo, mentoring, privacy, volunteers
from lotsen_desktop.store.database import Store
from lotsen_desktop.sync import compact

SECRET_GIVEN = "Zenobia"
SECRET_FAMILY = "Quastwerk-Ýlmaz"


def test_use_cases_log_no_names(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
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

    # the parts that do log, each while the person's data passes through them
    laptop = sync_helpers.replica(tmp_path, "laptop")
    try:
        sync_helpers.import_(laptop, sync_helpers.full_export(store, tmp_path / "to-laptop"))
        volunteers.update_volunteer(laptop, person, city=f"bei {SECRET_FAMILY}")
        volunteers.update_volunteer(store, person, city=f"{SECRET_GIVEN}-Hof")  # a conflict
        sync_helpers.import_(laptop, sync_helpers.full_export(store, tmp_path / "again"))
        compact.compact_log(laptop)
        compact.vacuum(laptop)
    finally:
        laptop.close()
    person_info = PersonInfo(SECRET_GIVEN, SECRET_FAMILY, date(1990, 1, 2))
    documents.render_pdf(samples.sample_certificate(person=person_info), logo=b"\x89PNG damaged")
    privacy.erase_person(store, person, confirm_name=SECRET_FAMILY)
    demo.fill_demo(store, volunteers=10)

    logged = " | ".join(
        r.getMessage() for r in caplog.records if r.name.startswith("lotsen_desktop")
    )
    for what in ("exported", "imported", "compacted", "vacuum", "logo"):
        assert what in logged, f"nothing logged about {what!r}: the check above proves nothing"
    text = caplog.text
    for secret in (SECRET_GIVEN, SECRET_FAMILY, "zq@example.org", "0511 123456", "X. Y."):
        assert secret not in text
