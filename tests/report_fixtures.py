"""A small office whose report figures for 2025 are counted by hand (see the expected values).

Courses: A (2 sessions of 2 UE in March 2025), C (one session in December 2025, one in January
2026), B (2024, outside). People: P1 completes A and is active; P2 attends A partly; P3 is
excused twice; P4 left in 2025; P5 joined in 2026.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lotsen_desktop.services import courses, mentoring, modules, setup, volunteers
from lotsen_desktop.store.database import Store

REPORT_DAY = date(2026, 6, 30)
JOINED = date(2025, 1, 15)


@dataclass(frozen=True)
class Office:
    p1: str
    p2: str
    p3: str
    p4: str
    p5: str
    course_a: str
    course_b: str
    course_c: str


def _session(store: Store, course_id: str, day: str) -> str:
    return courses.session_on(store, course_id=course_id, session_date=day)


def build_office(store: Store) -> Office:
    setup.update_office(store, name="VHS Musterstadt", address="Am Markt 1", place="Musterstadt")
    modules.add_module(store, code="TEST", title="Basis kurz", kind="basis", hours=4)
    p1 = volunteers.add_volunteer(
        store,
        given_name="İlkay",
        family_name="Şahin",
        title_form="lotsin",
        birth_date=date(1985, 3, 2),
        languages=["Türkisch:muttersprache", "Deutsch:C1"],
        consents=[("migrationsgeschichte", "2025-01")],
        today=JOINED,
    )
    volunteers.update_volunteer(store, p1, migration_experience=True, today=JOINED)
    p2 = volunteers.add_volunteer(
        store,
        given_name="Nguyễn Thị",
        family_name="Ánh",
        title_form="lotse",
        birth_date=date(2003, 6, 1),
        languages=["Vietnamesisch"],
        today=JOINED,
    )
    p3 = volunteers.add_volunteer(
        store,
        given_name="Олена",
        family_name="Шевченко",
        title_form="lotsin",
        languages=["Ukrainisch", "Russisch", "Deutsch"],
        today=JOINED,
    )
    p4 = volunteers.add_volunteer(
        store,
        given_name="Jörg",
        family_name="Müller",
        title_form="lotse",
        birth_date=date(1950, 1, 1),
        languages=["Deutsch"],
        today=JOINED,
    )
    volunteers.update_volunteer(store, p4, status="ausgeschieden", today=date(2025, 6, 1))
    p5 = volunteers.add_volunteer(
        store, given_name='A<b> & "c"', family_name="Neu", today=date(2026, 2, 1)
    )

    course_a = courses.add_course(
        store,
        module_code="TEST",
        title="Kurs A",
        session_dates=["2025-03-01", "2025-03-08"],
        units_per_session=2,
        trainers="Elena Petrova",
    )
    course_b = courses.add_course(
        store,
        module_code="TEST",
        title="Kurs B",
        session_dates=["2024-11-01", "2024-11-08"],
        units_per_session=2,
    )
    course_c = courses.add_course(
        store,
        module_code="SPEZ-SCHULE",
        title="Kurs C",
        session_dates=["2025-12-20", "2026-01-10"],
        units_per_session=2,
    )
    courses.enrol_volunteers(
        store, course_id=course_a, volunteer_ids=[p1, p2, p3], today=date(2025, 2, 20)
    )
    first, second = _session(store, course_a, "2025-03-01"), _session(store, course_a, "2025-03-08")
    for session_id in (first, second):
        courses.set_attendance(
            store, course_id=course_a, session_id=session_id, volunteer_ids=[p1], state="anwesend"
        )
        courses.set_attendance(
            store,
            course_id=course_a,
            session_id=session_id,
            volunteer_ids=[p3],
            state="entschuldigt",
        )
    courses.set_attendance(
        store, course_id=course_a, session_id=first, volunteer_ids=[p2], state="anwesend"
    )
    courses.set_attendance(
        store,
        course_id=course_a,
        session_id=second,
        volunteer_ids=[p2],
        state="teilweise",
        minutes=30,
    )
    volunteers.update_volunteer(store, p1, status="aktiv", today=date(2025, 4, 1))
    courses.enrol_volunteers(
        store,
        course_id=course_c,
        volunteer_ids=[p1],
        enrolled_on=date(2025, 12, 1),
        today=date(2025, 12, 1),
    )
    courses.set_attendance(
        store,
        course_id=course_c,
        session_id=_session(store, course_c, "2025-12-20"),
        volunteer_ids=[p1],
        state="anwesend",
    )

    placed = mentoring.add_request(
        store, institution="Grundschule", area="schule", received_on=date(2025, 5, 1)
    )
    offer = mentoring.offer_request(
        store, request_id=placed, volunteer_id=p1, offered_on=date(2025, 5, 2)
    )
    first_assignment = mentoring.answer_offer(
        store, offer_id=offer, accepted=True, mentee_pseudonym="M. S.", answered_on=date(2025, 5, 3)
    )
    assert first_assignment is not None
    mentoring.add_request(store, institution="Kita", area="sprache", received_on=date(2025, 7, 1))
    mentoring.add_request(store, institution="Amt", area="behoerden", received_on=date(2024, 12, 1))
    second_assignment = mentoring.add_assignment(
        store, volunteer_id=p2, mentee_pseudonym="K. L.", started_on=date(2024, 10, 1)
    )
    mentoring.end_assignment(store, second_assignment, ended_on=date(2025, 8, 31))
    for assignment, day, minutes, kind, area, km in (
        (first_assignment, "2025-05-10", 90, "treffen", "schule", 5.5),
        (first_assignment, "2025-06-10", 60, "telefon", "schule", 0.0),
        (second_assignment, "2025-01-05", 30, "begleitung", "behoerden", 12.0),
        (second_assignment, "2024-12-20", 45, "treffen", "behoerden", 3.0),
    ):
        mentoring.add_log_entry(
            store,
            assignment_id=assignment,
            entry_date=day,
            minutes=minutes,
            kind=kind,
            area=area,
            km=km,
        )
    mentoring.add_meeting(store, held_on="2025-09-01", volunteer_ids=[p1, p2, p3])
    mentoring.add_meeting(store, held_on="2025-10-01", kind="supervision", volunteer_ids=[p1])
    mentoring.add_meeting(store, held_on="2024-05-01", volunteer_ids=[p1, p2])
    return Office(p1, p2, p3, p4, p5, course_a, course_b, course_c)
