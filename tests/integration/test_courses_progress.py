"""Courses, attendance and the qualification rules computed in SQL."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotsen_desktop.domain import rules
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.services import courses, modules, progress, setup, volunteers
from lotsen_desktop.store.database import Store

DAYS = [date(2026, 2, 7), date(2026, 2, 14), date(2026, 2, 21), date(2026, 2, 28)]


def _course(store: Store, code: str = "BASIS", units: float = 12) -> str:
    # Basismodul: 48 UE planned = 2160 min; 80 % = 1728 min = 38.4 UE; each session 12 UE = 540 min.
    return courses.add_course(
        store, module_code=code, title="Kurs", session_dates=DAYS, units_per_session=units
    )


def _sessions(store: Store, course_id: str) -> list[str]:
    return [s.id for s in courses.get_course(store, course_id).sessions]


def test_attendance_counts_present_and_partial_but_not_excused(store: Store) -> None:
    person = volunteers.add_volunteer(store, given_name="İlkay", family_name="Şahin")
    course_id = _course(store)
    courses.enrol_volunteers(store, course_id=course_id, volunteer_ids=[person])
    s = _sessions(store, course_id)
    for session_id in s[:3]:
        courses.set_attendance(
            store,
            course_id=course_id,
            session_id=session_id,
            volunteer_ids=[person],
            state="anwesend",
        )
    result = progress.volunteer_progress(store, person)
    assert result.modules[0].attended_minutes == 3 * 540
    assert not result.qualified  # 1620 < 1728
    courses.set_attendance(
        store, course_id=course_id, session_id=s[3], volunteer_ids=[person], state="entschuldigt"
    )
    assert not progress.volunteer_progress(store, person).qualified
    courses.set_attendance(
        store,
        course_id=course_id,
        session_id=s[3],
        volunteer_ids=[person],
        state="teilweise",
        minutes=107,
    )
    assert not progress.volunteer_progress(store, person).qualified  # 1727
    courses.set_attendance(
        store,
        course_id=course_id,
        session_id=s[3],
        volunteer_ids=[person],
        state="teilweise",
        minutes=108,
    )
    result = progress.volunteer_progress(store, person)
    assert result.qualified and result.qualified_on == DAYS[-1]
    assert result.modules[0].completed_on == DAYS[-1]
    assert result.as_dict()["modules"][0]["required_hours"] == 38.4


def test_late_enrolment_makes_earlier_sessions_not_enrolled(store: Store) -> None:
    person = volunteers.add_volunteer(store, given_name="Олена", family_name="Коваленко")
    course_id = _course(store)
    courses.enrol_volunteers(
        store, course_id=course_id, volunteer_ids=[person], enrolled_on=DAYS[1]
    )
    s = _sessions(store, course_id)
    with pytest.raises(ValidationError, match="noch nicht angemeldet"):
        courses.set_attendance(
            store, course_id=course_id, session_id=s[0], volunteer_ids=[person], state="anwesend"
        )
    grid = courses.attendance_grid(store, course_id)
    assert grid.cell(person, s[0]).state == courses.NOT_ENROLLED
    assert grid.cell(person, s[1]).state == ""
    courses.mark_all_present(store, course_id=course_id, session_id=s[1])
    assert courses.attendance_grid(store, course_id).cell(person, s[1]).state == "anwesend"


def test_marks_can_be_cleared_and_are_one_row_per_cell(store: Store) -> None:
    person = volunteers.add_volunteer(store, given_name="A", family_name="B")
    course_id = _course(store)
    courses.enrol_volunteers(store, course_id=course_id, volunteer_ids=[person])
    s = _sessions(store, course_id)
    for state in ("anwesend", "unentschuldigt", "entschuldigt"):
        courses.set_attendance(
            store, course_id=course_id, session_id=s[0], volunteer_ids=[person], state=state
        )
    assert courses.attendance_grid(store, course_id).cell(person, s[0]).state == "entschuldigt"
    courses.set_attendance(
        store, course_id=course_id, session_id=s[0], volunteer_ids=[person], state=None
    )
    assert courses.attendance_grid(store, course_id).cell(person, s[0]).state == ""


def test_partial_minutes_must_fit_the_session(store: Store) -> None:
    person = volunteers.add_volunteer(store, given_name="A", family_name="B")
    course_id = _course(store)
    courses.enrol_volunteers(store, course_id=course_id, volunteer_ids=[person])
    with pytest.raises(ValidationError, match="zwischen 1 und 539"):
        courses.set_attendance(
            store,
            course_id=course_id,
            session_id=_sessions(store, course_id)[0],
            volunteer_ids=[person],
            state="teilweise",
            minutes=600,
        )


def test_specialisations_required_and_module_threshold(store: Store) -> None:
    person = volunteers.add_volunteer(store, given_name="A", family_name="B")
    basis = _course(store)
    special = courses.add_course(
        store,
        module_code="SPEZ-SCHULE",
        title="Schule",
        session_dates=DAYS[:2],
        units_per_session=8,
    )
    result = courses.enrol_volunteers(store, course_id=special, volunteer_ids=[person])
    assert result.warnings and "sechs Monaten" in result.warnings[0]
    courses.enrol_volunteers(store, course_id=basis, volunteer_ids=[person])
    for course_id in (basis, special):
        for session_id in _sessions(store, course_id):
            courses.set_attendance(
                store,
                course_id=course_id,
                session_id=session_id,
                volunteer_ids=[person],
                state="anwesend",
            )
    assert progress.volunteer_progress(store, person).qualified
    setup.update_office(store, specialisations_required=2)
    assert not progress.volunteer_progress(store, person).qualified
    setup.update_office(store, specialisations_required=1)
    assert progress.volunteer_progress(store, person).qualified
    modules.update_module(
        store, "BASIS", threshold_percent=100, hours=50
    )  # 2160 of 2250 min attended
    assert not progress.volunteer_progress(store, person).qualified
    modules.update_module(store, "BASIS", clear_threshold=True)  # back to the office's 80 %
    assert progress.volunteer_progress(store, person).qualified


def test_hours_follow_the_office_unit(store: Store) -> None:
    person = volunteers.add_volunteer(store, given_name="A", family_name="B")
    course_id = _course(store, units=4)  # 4 x 45 = 180 min per session
    courses.enrol_volunteers(store, course_id=course_id, volunteer_ids=[person])
    courses.set_attendance(
        store,
        course_id=course_id,
        session_id=_sessions(store, course_id)[0],
        volunteer_ids=[person],
        state="anwesend",
    )
    assert progress.volunteer_progress(store, person).as_dict()["modules"][0]["attended_hours"] == 4
    setup.update_office(store, unit_minutes=60)
    assert progress.volunteer_progress(store, person).as_dict()["modules"][0]["attended_hours"] == 3


def test_overview_and_qualified_dates_agree_with_single_queries(store: Store) -> None:
    ids = [volunteers.add_volunteer(store, given_name=f"P{i}", family_name="X") for i in range(3)]
    course_id = _course(store)
    courses.enrol_volunteers(store, course_id=course_id, volunteer_ids=ids)
    for session_id in _sessions(store, course_id):
        courses.set_attendance(
            store,
            course_id=course_id,
            session_id=session_id,
            volunteer_ids=ids[:2],
            state="anwesend",
        )
    overview = progress.progress_overview(store)
    for person in ids:
        assert overview[person] == progress.volunteer_progress(store, person)
    rows = {r.id: r.qualified_on for r in volunteers.list_volunteers(store)}
    assert rows == {ids[0]: DAYS[-1], ids[1]: DAYS[-1], ids[2]: None}


STATES = st.sampled_from(["anwesend", "entschuldigt", "unentschuldigt", "teilweise", None])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    marks=st.lists(st.tuples(STATES, st.integers(1, 538)), min_size=4, max_size=4),
    late=st.integers(0, 3),
)
def test_sql_progress_matches_the_reference_rules(
    store: Store, marks: list[tuple[str | None, int]], late: int
) -> None:
    person = volunteers.add_volunteer(store, given_name="H", family_name="Y")
    course_id = _course(store)
    courses.enrol_volunteers(
        store, course_id=course_id, volunteer_ids=[person], enrolled_on=DAYS[late]
    )
    expected = 0
    for day, session_id, (state, minutes) in zip(
        DAYS, _sessions(store, course_id), marks, strict=True
    ):
        if day < DAYS[late] or state is None:
            continue
        courses.set_attendance(
            store,
            course_id=course_id,
            session_id=session_id,
            volunteer_ids=[person],
            state=state,
            minutes=minutes,
        )
        expected += rules.attended_minutes(state, 540, minutes)
    result = progress.volunteer_progress(store, person).modules[0]
    assert result.attended_minutes == expected
    assert result.completed == rules.is_completed(expected, 2160, 80)


def test_sessions_to_come_can_only_be_excused(store: Store) -> None:
    person = volunteers.add_volunteer(store, given_name="A", family_name="B")
    course_id = _course(store)
    courses.enrol_volunteers(store, course_id=course_id, volunteer_ids=[person])
    session_id = _sessions(store, course_id)[2]  # 21.02.2026
    for state in ("anwesend", "unentschuldigt", "teilweise"):
        with pytest.raises(ValidationError, match="noch nicht stattgefunden"):
            courses.set_attendance(
                store,
                course_id=course_id,
                session_id=session_id,
                volunteer_ids=[person],
                state=state,
                minutes=30,
                today=date(2026, 2, 20),
            )
    courses.set_attendance(
        store,
        course_id=course_id,
        session_id=session_id,
        volunteer_ids=[person],
        state="entschuldigt",
        today=date(2026, 2, 20),
    )
    assert (
        courses.attendance_grid(store, course_id).cell(person, session_id).state == "entschuldigt"
    )
