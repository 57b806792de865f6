"""A phone number typed into the search finds the person (issue 11.10), in the service's SQL
filter: whatever separators were typed or stored, national or international form, through
updates, sync and erasure."""

from __future__ import annotations

from pathlib import Path

import pytest
from db_template import migrated_copy
from sqlalchemy import bindparam, text

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.domain.phone_search import phone_search_digits
from lotsen_desktop.services import privacy, volunteers
from lotsen_desktop.store import phone_index
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.types import UuidKey
from tests.sync_helpers import full_export, import_, replica


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("0511 47 11", "5114711"),
        ("0511/4711-0", "51147110"),
        ("+49 511 4711", "5114711"),
        ("0049 (511) 4711", "5114711"),
        ("4711", "4711"),
        ("0172", "172"),
        ("12", None),
        ("Şahin", None),
        ("sahin 0511", None),
        ("", None),
    ],
)
def test_when_a_search_is_a_phone_number(typed: str, digits: str | None) -> None:
    assert phone_search_digits(typed) == digits


def _found(store: Store, search: str) -> list[str]:
    return [row.id for row in volunteers.list_volunteers(store, search=search)]


def test_a_number_finds_its_person_however_it_is_written(store: Store) -> None:
    ilkay = volunteers.add_volunteer(
        store, given_name="İlkay", family_name="Şahin", phone="0511 / 47 11-0"
    )
    anh = volunteers.add_volunteer(
        store, given_name="Nguyễn Thị", family_name="Ánh", phone="+49 441 123456"
    )
    volunteers.add_volunteer(store, given_name="Олена", family_name="Шевченко")
    assert _found(store, "0511 471") == [ilkay]
    assert _found(store, "05114711") == [ilkay]
    assert _found(store, "0441 123456") == [anh]  # stored internationally, typed nationally
    assert _found(store, "+49441123") == [anh]
    assert _found(store, "4711") == [ilkay]
    assert _found(store, "999") == []
    assert volunteers.count_volunteers(store, search="0441 12") == 1
    assert volunteers.count_volunteers(store, search="0511", status="aktiv") == 0
    assert _found(store, "sahin") == [ilkay]  # names still searched by name
    volunteers.update_volunteer(store, ilkay, phone="0170 555")
    assert _found(store, "4711") == []
    assert _found(store, "0170 555") == [ilkay]
    privacy.erase_person(store, ilkay, confirm_name="Şahin")
    assert _found(store, "0170") == []


def test_numbers_that_came_by_sync_are_found(tmp_path: Path) -> None:
    office, laptop = replica(tmp_path, "Büro"), replica(tmp_path, "Laptop")
    try:
        person = volunteers.add_volunteer(
            office, given_name="Łukasz", family_name="Kowalski", phone="0441 77 88"
        )
        import_(laptop, full_export(office, tmp_path / "one"))
        assert _found(laptop, "0441 7788") == [person]
    finally:
        office.close()
        laptop.close()


def test_a_rebuilt_table_that_lost_the_triggers_is_repaired_on_open(db_path: Path) -> None:
    store = open_office_store(migrated_copy(db_path))
    person = volunteers.add_volunteer(store, given_name="Hanna", family_name="Schulz")
    with store.engine.begin() as connection:
        for trigger in phone_index.TRIGGERS:
            connection.exec_driver_sql(f"DROP TRIGGER {trigger}")
        connection.execute(
            text("UPDATE volunteer SET phone = '0531 2020' WHERE id = :id").bindparams(
                bindparam("id", type_=UuidKey())
            ),
            {"id": person},
        )
    store.close()
    store = open_office_store(db_path)
    try:
        assert _found(store, "0531 2020") == [person]
    finally:
        store.close()
