"""Editing mentoring log lines (with their history), km totals and a start that follows the
first contact."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sync_helpers import digest, export, import_

from lotsen_desktop.errors import ValidationError
from lotsen_desktop.services import mentoring, volunteers
from lotsen_desktop.store.database import Store


def _assignment(store: Store, given: str = "Nguyễn", started_on: date | None = None) -> str:
    person = volunteers.add_volunteer(store, given_name=given, family_name="Thị Ánh")
    return mentoring.add_assignment(
        store, volunteer_id=person, mentee_pseudonym="A. K.", started_on=started_on
    )


def _entry(store: Store, assignment: str, day: date, km: float = 0.0, **more: object) -> str:
    return mentoring.add_log_entry(
        store,
        assignment_id=assignment,
        entry_date=day,
        minutes=60,
        kind="treffen",
        area="sprache",
        km=km,
        **more,  # type: ignore[arg-type]
    )


def test_an_edit_changes_the_line_and_keeps_the_old_values(store: Store) -> None:
    assignment = _assignment(store, started_on=date(2026, 1, 1))
    entry = _entry(store, assignment, date(2026, 2, 3), km=4.5)
    changed = mentoring.update_log_entry(
        store,
        entry,
        entry_date=date(2026, 2, 4),
        minutes=90,
        kind="telefon",
        area="gesundheit",
        note='Arzttermin <&"> vorbereitet',
        km=12.0,
    )
    assert changed
    (row,) = mentoring.list_log_entries(store, assignment)
    assert (row.entry_date, row.minutes, row.kind, row.area, row.km) == (
        date(2026, 2, 4),
        90,
        "telefon",
        "gesundheit",
        12.0,
    )
    assert row.note == 'Arzttermin <&"> vorbereitet' and row.edits == 1
    (history,) = mentoring.list_log_entry_changes(store, entry)
    assert (history.entry_date, history.minutes, history.kind, history.area, history.km) == (
        date(2026, 2, 3),
        60,
        "treffen",
        "sprache",
        4.5,
    )
    assert history.changed_by == store.user and history.changed_at is not None


def test_an_edit_that_changes_nothing_records_nothing(store: Store) -> None:
    assignment = _assignment(store, started_on=date(2026, 1, 1))
    entry = _entry(store, assignment, date(2026, 2, 3))
    assert not mentoring.update_log_entry(
        store, entry, entry_date=date(2026, 2, 3), minutes=60, kind="treffen", area="sprache"
    )
    assert mentoring.list_log_entry_changes(store, entry) == []


def test_a_refused_edit_changes_nothing(store: Store) -> None:
    assignment = _assignment(store, started_on=date(2026, 1, 1))
    entry = _entry(store, assignment, date(2026, 2, 3))
    with pytest.raises(ValidationError):
        mentoring.update_log_entry(
            store, entry, entry_date=date(2026, 2, 3), minutes=0, kind="treffen", area="sprache"
        )
    assert mentoring.list_log_entries(store, assignment)[0].minutes == 60
    assert mentoring.list_log_entry_changes(store, entry) == []


def test_a_contact_before_the_start_can_move_the_start(store: Store) -> None:
    assignment = _assignment(store, started_on=date(2026, 3, 1))
    with pytest.raises(mentoring.ContactBeforeStart) as refused:
        _entry(store, assignment, date(2026, 2, 20))
    assert refused.value.day == date(2026, 2, 20)
    assert refused.value.started_on == date(2026, 3, 1)
    assert mentoring.list_log_entries(store, assignment) == []
    _entry(store, assignment, date(2026, 2, 20), move_start=True)
    assert mentoring.list_assignments(store)[0].started_on == date(2026, 2, 20)


def test_an_edit_before_the_start_can_move_the_start(store: Store) -> None:
    assignment = _assignment(store, started_on=date(2026, 3, 1))
    entry = _entry(store, assignment, date(2026, 3, 5))
    values = {"minutes": 60, "kind": "treffen", "area": "sprache"}
    with pytest.raises(mentoring.ContactBeforeStart):
        mentoring.update_log_entry(store, entry, entry_date=date(2026, 2, 1), **values)  # type: ignore[arg-type]
    mentoring.update_log_entry(
        store,
        entry,
        entry_date=date(2026, 2, 1),
        move_start=True,
        **values,  # type: ignore[arg-type]
    )
    assert mentoring.list_assignments(store)[0].started_on == date(2026, 2, 1)


def test_without_a_start_the_first_contact_is_the_start(store: Store) -> None:
    assignment = _assignment(store)
    _entry(store, assignment, date(2025, 11, 14))
    assert mentoring.list_assignments(store)[0].started_on == date(2025, 11, 14)
    _entry(store, assignment, date(2025, 10, 2))  # earlier still: no question, the start follows
    assert mentoring.list_assignments(store)[0].started_on == date(2025, 10, 2)
    assert mentoring.first_contact(store, assignment) == date(2025, 10, 2)


def test_a_start_set_by_hand_stops_following_and_is_checked(store: Store) -> None:
    assignment = _assignment(store)
    _entry(store, assignment, date(2025, 11, 14))
    with pytest.raises(ValidationError, match=r"14\.11\.2025"):
        mentoring.set_assignment_start(store, assignment, date(2025, 12, 1))
    mentoring.set_assignment_start(store, assignment, date(2025, 11, 1))
    with pytest.raises(mentoring.ContactBeforeStart):
        _entry(store, assignment, date(2025, 10, 1))


def test_km_totals_per_month_and_person(store: Store) -> None:
    first = _assignment(store, "Zeynep", started_on=date(2026, 1, 1))
    second = _assignment(store, "Ähmet", started_on=date(2025, 12, 1))
    _entry(store, first, date(2026, 1, 10), km=10.5)
    _entry(store, first, date(2026, 1, 20), km=2.0)
    _entry(store, first, date(2026, 2, 1), km=3.0)
    _entry(store, second, date(2026, 2, 2), km=7.3)
    _entry(store, second, date(2025, 12, 31), km=100.0)  # other year
    _entry(store, second, date(2026, 3, 1))  # no km
    totals = mentoring.km_totals(store, year=2026)
    assert totals.by_month == {"2026-01": 12.5, "2026-02": 10.3}
    assert [(name, km) for _id, name, km in totals.by_volunteer] == [
        ("Ähmet Thị Ánh", 7.3),
        ("Zeynep Thị Ánh", 15.5),
    ]
    assert totals.total == 22.8
    one = mentoring.km_totals(store, year=2026, volunteer_id=totals.by_volunteer[1][0])
    assert one.by_month == {"2026-01": 12.5, "2026-02": 3.0}


def test_km_of_namesakes_are_told_apart(store: Store) -> None:
    """Travel expenses are paid per line: two "Zeynep Thị Ánh" with different km looked alike."""
    people = []
    for year, km in ((1980, 4.0), (1990, 9.0)):
        person = volunteers.add_volunteer(
            store, given_name="Zeynep", family_name="Thị Ánh", birth_date=date(year, 1, 2)
        )
        assignment = mentoring.add_assignment(
            store, volunteer_id=person, mentee_pseudonym="A. K.", started_on=date(2026, 1, 1)
        )
        _entry(store, assignment, date(2026, 1, 10), km=km)
        people.append(person)
    totals = mentoring.km_totals(store, year=2026)
    assert sorted(totals.by_volunteer) == sorted(
        [(people[0], "Zeynep Thị Ánh (1980)", 4.0), (people[1], "Zeynep Thị Ánh (1990)", 9.0)]
    )
    one = mentoring.km_totals(store, year=2026, volunteer_id=people[1])
    assert one.by_volunteer == [(people[1], "Zeynep Thị Ánh (1990)", 9.0)]  # as everywhere


def test_edits_travel_with_the_exchange(office: Store, laptop: Store, tmp_path: Path) -> None:
    assignment = _assignment(office, started_on=date(2026, 1, 1))
    entry = _entry(office, assignment, date(2026, 2, 3))
    import_(laptop, export(office, tmp_path / "first", full=True))
    mentoring.update_log_entry(
        laptop, entry, entry_date=date(2026, 2, 3), minutes=45, kind="treffen", area="sprache"
    )
    import_(office, export(laptop, tmp_path / "back", full=True))
    assert mentoring.list_log_entries(office, assignment)[0].minutes == 45
    (history,) = mentoring.list_log_entry_changes(office, entry)
    assert history.minutes == 60 and history.changed_by == "user-Laptop"
    assert digest(office) == digest(laptop)
