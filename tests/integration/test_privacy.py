"""Access report and erasure of one person (DSGVO Art. 15 and 17)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from lotsen_desktop.errors import ValidationError
from lotsen_desktop.services import courses, mentoring, privacy, volunteers
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import TRACKED_MODELS, Certificate


def _count_all(store: Store) -> dict[str, int]:
    with store.new_session() as session:
        return {
            m.__tablename__: int(session.scalar(select(func.count()).select_from(m)) or 0)  # type: ignore[attr-defined]
            for m in TRACKED_MODELS
        }


def _person_with_everything(store: Store) -> tuple[str, str]:
    other = volunteers.add_volunteer(store, given_name="Bleibt", family_name="Hier")
    person = volunteers.add_volunteer(
        store,
        given_name="Олена",
        family_name="Коваленко",
        languages=["Ukrainisch:muttersprache"],
        interests=["sprache"],
        consents=[("datenverarbeitung", "2026-01")],
    )
    course = courses.add_course(
        store, module_code="BASIS", title="K", session_dates=["2026-01-10"], units_per_session=4
    )
    courses.enrol_volunteers(store, course_id=course, volunteer_ids=[person, other])
    courses.mark_all_present(
        store, course_id=course, session_id=courses.get_course(store, course).sessions[0].id
    )
    assignment = mentoring.add_assignment(
        store, volunteer_id=person, mentee_pseudonym="A. B.", started_on=date(2026, 1, 1)
    )
    mentoring.add_log_entry(
        store,
        assignment_id=assignment,
        entry_date=date(2026, 1, 2),
        minutes=60,
        kind="treffen",
        area="sprache",
    )
    mentoring.add_meeting(
        store, held_on=date(2026, 2, 1), topic="Austausch", volunteer_ids=[person, other]
    )
    with store.uow() as uow:
        uow.session.add(
            Certificate(
                serial="IL-2026-0001",
                volunteer_id=person,
                kind="zertifikat",
                issued_on=date(2026, 3, 1),
                checksum="ab" * 32,
                content='{"name": "Олена"}',
            )
        )
        uow.commit()
    return person, other


def test_access_report_contains_everything_about_the_person(store: Store) -> None:
    person, _other = _person_with_everything(store)
    report = privacy.access_report(store, person)
    text = json.dumps(report, ensure_ascii=False)
    assert report["person"]["given_name"] == "Олена"
    assert report["attendance"][0]["state"] == "anwesend"
    assert report["assignments"][0]["log"][0]["minutes"] == 60
    assert report["certificates"][0]["serial"] == "IL-2026-0001"
    assert "Bleibt" not in text


def test_erasure_removes_the_person_and_keeps_the_register_without_name(store: Store) -> None:
    person, other = _person_with_everything(store)
    with pytest.raises(ValidationError, match="Коваленко"):
        privacy.erase_person(store, person, confirm_name="falsch")
    before = _count_all(store)
    result = privacy.erase_person(store, person, confirm_name="Коваленко")
    after = _count_all(store)
    assert after["volunteer"] == before["volunteer"] - 1
    assert after["log_entry"] == after["assignment"] == 0
    assert (
        after["attendance"] == 1 and after["enrolment"] == 1 and after["reflection_attendee"] == 1
    )
    assert after["consent"] == 0 and after["volunteer_language"] == 0
    assert after["certificate"] == 1 and result.certificates_kept == 1
    with store.new_session() as session:
        certificate = session.scalars(select(Certificate)).one()
        assert certificate.volunteer_id is None and "Олена" not in certificate.content
        assert certificate.checksum == "ab" * 32
    assert volunteers.get_volunteer(store, other).given_name == "Bleibt"


def test_retention_review_lists_people_who_left_long_ago(store: Store) -> None:
    person = volunteers.add_volunteer(
        store, given_name="A", family_name="Alt", today=date(2020, 1, 1)
    )
    volunteers.update_volunteer(store, person, status="ausgeschieden", today=date(2021, 6, 30))
    recent = volunteers.add_volunteer(store, given_name="B", family_name="Neu")
    volunteers.update_volunteer(store, recent, status="ausgeschieden", today=date(2025, 6, 30))
    due = privacy.due_for_erasure_review(store, today=date(2026, 11, 25))
    assert [(d.volunteer_id, d.review_from) for d in due] == [(person, date(2025, 1, 1))]


def test_access_report_export_is_encrypted_and_opens_with_the_password(
    store: Store, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from lotsen_desktop.errors import LotsenError

    person, _other = _person_with_everything(store)
    path = privacy.export_access_report(
        store,
        person,
        path=tmp_path / "auskunft.lotsen",
        passphrase="lange geheime Phrase",
        kdf_n=2**10,
    )
    raw = path.read_bytes()
    assert "Олена".encode() not in raw and b"Koval" not in raw
    with pytest.raises(LotsenError, match="Passwort"):
        privacy.open_access_report(path, passphrase="falsch falsch")
    report = privacy.open_access_report(path, passphrase="lange geheime Phrase")
    assert report["person"]["family_name"] == "Коваленко"
    assert not list(tmp_path.glob("*.partial"))
