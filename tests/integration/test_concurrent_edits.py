"""Several people at once: two stores on the same database edit the same file (optimistic locking)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.errors import ConcurrentEdit
from lotsen_desktop.services import volunteers
from lotsen_desktop.services.digest import compute_digest
from lotsen_desktop.store.database import Store


@pytest.fixture
def other(store: Store) -> Iterator[Store]:
    """A second PC (another person) on the same database file or server."""
    second = open_office_store(store.target, user="Olena")
    yield second
    second.close()


def test_second_save_on_an_old_version_is_refused_with_both_values(
    store: Store, other: Store
) -> None:
    person = volunteers.add_volunteer(store, given_name="Nguyễn Thị", family_name="Ánh")
    mine = volunteers.get_volunteer(store, person)
    theirs = volunteers.get_volunteer(other, person)
    assert mine.version == theirs.version

    volunteers.update_volunteer(
        other, person, expected_version=theirs.version, phone="0511 1", city="Hannover"
    )
    with pytest.raises(ConcurrentEdit) as raised:
        volunteers.update_volunteer(
            store, person, expected_version=mine.version, phone="0511 2", city="Hannover"
        )
    error = raised.value
    assert str(error) == "Dieser Datensatz wurde inzwischen von Olena geändert."
    assert error.changed_by == "Olena"
    assert error.fields == {"phone": ("0511 2", "0511 1")}  # city is equal: no choice needed
    assert volunteers.get_volunteer(store, person).phone == "0511 1"  # nothing overwritten

    new_version = volunteers.update_volunteer(
        store, person, expected_version=error.version, phone="0511 2"
    )
    saved = volunteers.get_volunteer(other, person)
    assert (saved.phone, saved.city, saved.changed_by) == ("0511 2", "Hannover", "test-user")
    assert saved.version == new_version > error.version


def test_a_save_that_changes_nothing_of_the_other_edit_goes_through(
    store: Store, other: Store
) -> None:
    person = volunteers.add_volunteer(store, given_name="Олена", family_name="Коваленко")
    start = volunteers.get_volunteer(store, person).version
    volunteers.update_volunteer(other, person, expected_version=start, notes="Abends")
    volunteers.update_volunteer(store, person, expected_version=start, notes="Abends")
    assert volunteers.get_volunteer(other, person).notes == "Abends"


def test_languages_and_interests_count_as_fields(store: Store, other: Store) -> None:
    person = volunteers.add_volunteer(store, given_name="İlkay", family_name="Şahin")
    start = volunteers.get_volunteer(store, person).version
    volunteers.update_volunteer(
        other, person, expected_version=start, languages=[("Türkisch", "C2")]
    )
    after_other = volunteers.get_volunteer(store, person)
    assert after_other.version > start
    assert after_other.changed_by == "Olena"
    with pytest.raises(ConcurrentEdit) as raised:
        volunteers.update_volunteer(
            store, person, expected_version=start, languages=[("Arabisch", "B1")]
        )
    mine, stored = raised.value.fields["languages"]
    assert [(s.language, s.level) for s in mine] == [("Arabisch", "B1")]
    assert [(s.language, s.level) for s in stored] == [("Türkisch", "C2")]


def test_without_a_version_the_old_behaviour_stays(store: Store, other: Store) -> None:
    person = volunteers.add_volunteer(store, given_name="Jörg", family_name="Özdemir")
    volunteers.update_volunteer(other, person, phone="0511 3")
    volunteers.update_volunteer(store, person, phone="0511 4")
    assert volunteers.get_volunteer(other, person).phone == "0511 4"


def test_the_version_is_not_user_data(store: Store) -> None:
    person = volunteers.add_volunteer(store, given_name="Anna", family_name="Ober")
    before = compute_digest(store)
    start = volunteers.get_volunteer(store, person).version
    volunteers.update_volunteer(store, person, expected_version=start, phone="0511 3")
    volunteers.update_volunteer(store, person, phone="")
    assert volunteers.get_volunteer(store, person).version > start
    assert compute_digest(store) == before


def test_an_imported_change_counts_as_someone_elses_save(tmp_path: Path, engine: str) -> None:
    from sync_helpers import full_export, import_, replica

    office = replica(tmp_path, "office", engine)
    laptop = replica(tmp_path, "laptop")
    try:
        person = volunteers.add_volunteer(office, given_name="Łukasz", family_name="Nowak")
        import_(laptop, full_export(office, tmp_path / "1.lotsen"))
        opened = volunteers.get_volunteer(office, person)
        volunteers.update_volunteer(laptop, person, phone="0441 1")
        import_(office, full_export(laptop, tmp_path / "2.lotsen"))
        with pytest.raises(ConcurrentEdit) as raised:
            volunteers.update_volunteer(
                office, person, expected_version=opened.version, phone="0441 2"
            )
        assert raised.value.changed_by == "user-laptop"
        assert raised.value.fields == {"phone": ("0441 2", "0441 1")}
        assert compute_digest(office) == compute_digest(laptop)  # versions differ, data not
    finally:
        office.close()
        laptop.close()
