"""Where names repeat, lists show a detail; the course picker shows dates and place (11.5)."""

from __future__ import annotations

from datetime import date

from certificate_fixtures import add_course, configure_office

from lotsen_desktop.services import certificates, courses, volunteers
from lotsen_desktop.store.database import Store


def _omars(store: Store) -> tuple[str, str, str]:
    first = volunteers.add_volunteer(
        store, given_name="Omar", family_name="Al-Hassan", birth_date=date(1985, 3, 2)
    )
    second = volunteers.add_volunteer(
        store,
        given_name="Omar",
        family_name="Al-Hassan",
        birth_date=date(1990, 7, 1),
        status="aktiv",
    )
    other = volunteers.add_volunteer(store, given_name="İlkay", family_name="Şahin")
    return first, second, other


def test_the_volunteer_list_marks_namesakes_only_where_the_name_repeats(store: Store) -> None:
    first, second, other = _omars(store)
    rows = {r.id: r for r in volunteers.list_volunteers(store, limit=100)}
    assert rows[first].distinct_name == "Al-Hassan, Omar (1985)"
    assert rows[second].distinct_name == "Al-Hassan, Omar (1990)"
    assert rows[other].detail == "" and rows[other].distinct_name == "Şahin, İlkay"
    # one page holds one Omar, the other is on the next page: both still get their detail
    page = volunteers.list_volunteers(store, limit=1)
    assert page[0].detail == {first: "1985", second: "1990"}[page[0].id]
    # the same search finds both
    found = volunteers.list_volunteers(store, search="hassan")
    assert sorted(r.detail for r in found) == ["1985", "1990"]
    # filtered to "aktiv", the name does not repeat in that view
    [active] = volunteers.list_volunteers(store, status="aktiv")
    assert active.id == second and active.detail == ""


def test_participants_and_the_eligible_list_tell_namesakes_apart(store: Store) -> None:
    configure_office(store)
    first, second, other = _omars(store)
    volunteers.update_volunteer(store, second, birth_date=date(1985, 1, 1), city="Celle")
    volunteers.update_volunteer(store, first, city="Hannover")
    course_id = add_course(store, [first, second, other])
    names = {
        p.volunteer_id: p.distinct_name for p in courses.get_course(store, course_id).participants
    }
    assert names == {
        first: "Al-Hassan, Omar (Hannover)",
        second: "Al-Hassan, Omar (Celle)",
        other: "Şahin, İlkay",
    }
    eligible = {r.volunteer_id: r.distinct_name for r in certificates.list_eligible(store)}
    assert eligible[first] == "Al-Hassan, Omar (Hannover)" and eligible[other] == "Şahin, İlkay"
    paged = certificates.eligible_rows(store, [first])  # the page reads one row: same detail
    assert [r.distinct_name for r in paged] == ["Al-Hassan, Omar (Hannover)"]


def test_the_course_picker_shows_title_dates_and_place(store: Store) -> None:
    for year in (2025, 2026):
        courses.add_course(
            store,
            module_code="BASIS",
            title="Basisqualifizierung",
            session_dates=[date(year, 3, 7), date(year, 3, 28)],
            place="VHS Musterstadt",
        )
    labels = [label for label, _id in courses.course_choices(store)]
    assert labels == [
        "Basisqualifizierung (07.03.–28.03.2026, VHS Musterstadt)",
        "Basisqualifizierung (07.03.–28.03.2025, VHS Musterstadt)",
    ]
    assert courses.course_label("Kurs", None, None) == "Kurs"
    assert courses.course_label("Kurs", date(2025, 12, 6), date(2026, 1, 10)) == (
        "Kurs (06.12.2025–10.01.2026)"
    )
