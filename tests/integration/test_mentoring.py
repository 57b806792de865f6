"""Einsatzanfragen, assignments, log entries, totals and the activity summary."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lotsen_desktop.errors import ValidationError
from lotsen_desktop.services import mentoring, volunteers
from lotsen_desktop.store.database import Store


def _volunteer(
    store: Store, given: str, languages: list[str], interests: list[str], status: str = "aktiv"
) -> str:
    return volunteers.add_volunteer(
        store,
        given_name=given,
        family_name="Test",
        languages=languages,
        interests=interests,
        status=status,
    )


def test_request_suggestions_offer_and_acceptance(store: Store) -> None:
    arabic = _volunteer(store, "Rania", ["Arabisch:muttersprache"], ["schule"])
    _volunteer(store, "Bert", ["Englisch"], ["arbeit"])
    _volunteer(store, "Inaktiv", ["Arabisch"], ["schule"], status="interessiert")
    request_id = mentoring.add_request(
        store,
        institution="Grundschule Am Lindenhof",
        area="schule",
        languages_needed="Arabisch, Kurdisch",
    )
    suggestions = mentoring.suggest_volunteers(store, request_id)
    assert [s.volunteer_id for s in suggestions] == [arabic]
    assert suggestions[0].matching_languages == ("Arabisch",) and suggestions[0].matching_area
    offer_id = mentoring.offer_request(store, request_id=request_id, volunteer_id=arabic)
    assert mentoring.list_requests(store)[0].status == "angeboten"
    assignment_id = mentoring.answer_offer(
        store, offer_id=offer_id, accepted=True, mentee_pseudonym="M. S."
    )
    assert assignment_id is not None
    assert mentoring.list_requests(store)[0].status == "angenommen"
    rows = mentoring.list_assignments(store, volunteer_id=arabic)
    assert rows[0].mentee_pseudonym == "M. S." and rows[0].areas == "schule"


def test_declined_offer_marks_the_request(store: Store) -> None:
    person = _volunteer(store, "A", [], [])
    request_id = mentoring.add_request(store, institution="Kita", area="sprache")
    offer_id = mentoring.offer_request(store, request_id=request_id, volunteer_id=person)
    assert mentoring.answer_offer(store, offer_id=offer_id, accepted=False) is None
    assert mentoring.list_requests(store)[0].status == "abgelehnt"
    assert mentoring.list_offers(store, request_id)[0].response == "abgelehnt"


def test_mentee_is_never_named_in_full(store: Store) -> None:
    person = _volunteer(store, "A", [], [])
    with pytest.raises(ValidationError, match="Initialen"):
        mentoring.add_assignment(
            store, volunteer_id=person, mentee_pseudonym="Fatima Al-Hassan Musterfrau"
        )


def test_log_entries_totals_and_activity_summary(store: Store) -> None:
    person = _volunteer(store, "A", [], [])
    assignment = mentoring.add_assignment(
        store,
        volunteer_id=person,
        mentee_pseudonym="K. L.",
        areas=["behoerden"],
        started_on=date(2026, 1, 1),
    )
    mentoring.add_log_entry(
        store,
        assignment_id=assignment,
        entry_date=date(2026, 1, 10),
        minutes=90,
        kind="begleitung",
        area="behoerden",
        km=12.5,
    )
    mentoring.add_log_entry(
        store,
        assignment_id=assignment,
        entry_date="15.02.2026",
        minutes=60,
        kind="telefon",
        area="gesundheit",
    )
    totals = mentoring.totals_by_month_and_area(store, volunteer_id=person)
    assert totals == {("2026-01", "behoerden"): 90, ("2026-02", "gesundheit"): 60}
    mentoring.add_meeting(
        store, held_on=date(2026, 2, 1), topic="Grenzen setzen", volunteer_ids=[person]
    )
    summary = mentoring.activity_summary(
        store, volunteer_id=person, date_from=date(2026, 1, 1), date_to=date(2026, 1, 31)
    )
    assert (
        summary.minutes_by_area == {"behoerden": 90}
        and summary.km == 12.5
        and summary.meetings == ()
    )
    summary = mentoring.activity_summary(
        store, volunteer_id=person, date_from=date(2026, 1, 1), date_to=date(2026, 12, 31)
    )
    assert summary.total_minutes == 150 and summary.meetings[0][2] == "Grenzen setzen"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"entry_date": date.today() + timedelta(days=3)}, "Zukunft"),
        ({"entry_date": date(2025, 12, 1)}, "vor dem Beginn"),
        ({"minutes": 0}, "Dauer"),
        ({"kind": "brief"}, "nicht erlaubt"),
        ({"km": -1.0}, "Kilometer"),
    ],
)
def test_invalid_log_entries_are_refused(
    store: Store, changes: dict[str, object], message: str
) -> None:
    person = _volunteer(store, "A", [], [])
    assignment = mentoring.add_assignment(
        store, volunteer_id=person, mentee_pseudonym="Z.", started_on=date(2026, 1, 1)
    )
    entry: dict[str, object] = {
        "assignment_id": assignment,
        "entry_date": date(2026, 1, 5),
        "minutes": 30,
        "kind": "treffen",
        "area": "sprache",
    }
    entry.update(changes)
    with pytest.raises(ValidationError, match=message):
        mentoring.add_log_entry(store, **entry)  # type: ignore[arg-type]
    assert mentoring.list_log_entries(store, assignment) == []


def test_namesakes_among_suggestions_and_offers_are_told_apart(store: Store) -> None:
    """Two suggested people of one name looked alike: the office could offer to the wrong one."""
    born = {1962: "", 1964: ""}
    for year in born:
        born[year] = volunteers.add_volunteer(
            store,
            given_name="Huda",
            family_name="Mansour",
            birth_date=date(year, 5, 1),
            status="aktiv",
            languages=["Arabisch"],
        )
    other = _volunteer(store, "Rania", ["Arabisch"], [])
    request_id = mentoring.add_request(
        store, institution="Jobcenter", area="behoerden", languages_needed="Arabisch"
    )
    shown = {
        s.volunteer_id: s.distinct_name for s in mentoring.suggest_volunteers(store, request_id)
    }
    assert shown == {
        born[1962]: "Huda Mansour (1962)",
        born[1964]: "Huda Mansour (1964)",
        other: "Rania Test",
    }
    mentoring.offer_request(store, request_id=request_id, volunteer_id=born[1964])
    offered = {o.volunteer_id: o.distinct_name for o in mentoring.list_offers(store, request_id)}
    # alone among the offers, but not in the register: named as everywhere else
    assert offered == {born[1964]: "Huda Mansour (1964)"}


def test_namesakes_in_the_list_of_assignments_are_told_apart(store: Store) -> None:
    """ "All open assignments" showed "Huda Mansour" twice, with nothing to tell whose is whose."""
    born = {
        year: volunteers.add_volunteer(
            store, given_name="Huda", family_name="Mansour", birth_date=date(year, 5, 1)
        )
        for year in (1962, 1964)
    }
    alone = _volunteer(store, "Rania", [], [])
    for person in (*born.values(), alone):
        mentoring.add_assignment(store, volunteer_id=person, mentee_pseudonym="M. S.")
    expected = {
        born[1962]: "Huda Mansour (1962)",
        born[1964]: "Huda Mansour (1964)",
        alone: "Rania Test",
    }
    whole = mentoring.list_assignments(store, open_only=True)
    assert {row.volunteer_id: row.distinct_name for row in whole} == expected
    ids = mentoring.list_assignment_ids(store, open_only=True)
    paged = mentoring.assignment_rows(store, ids[:1]) + mentoring.assignment_rows(store, ids[1:])
    assert paged == whole  # a page alone knows its namesakes
