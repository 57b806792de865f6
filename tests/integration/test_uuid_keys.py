"""UUID keys: 16 bytes on SQLite, the same text for the program, the same files and digests.

The storage form is the database's business only (``store/types.py``, migration 0020): what the
program reads, exports and prints must not change with it.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

import key_guard
import pytest
from sqlalchemy import select
from sync_helpers import PASS, digest, full_export, import_, replica

from lotsen_desktop import fileformat
from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.domain.vocabulary import AttendanceState
from lotsen_desktop.services import courses, lists, mentoring, privacy, volunteers
from lotsen_desktop.store import database
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import Volunteer
from lotsen_desktop.store.timestamps import timestamp_integer
from lotsen_desktop.store.types import key_bytes, key_text
from lotsen_desktop.sync import capture, compact, schema
from lotsen_desktop.sync.state import fold_states

NEW_YEAR = timestamp_integer(datetime(2026, 1, 1))
"""A time as driver SQL stores it (``store/timestamps.py``)."""


def _migration(name: str = "0020_uuid_keys_as_bytes") -> Any:
    import importlib

    return importlib.import_module(f"lotsen_desktop.store.migrations.versions.{name}")


def test_conversion_keeps_every_id_as_it_was_written() -> None:
    ids = [str(uuid.uuid4()) for _ in range(200)]
    for text in ids:
        stored = key_bytes(text)
        assert isinstance(stored, bytes) and len(stored) == 16
        assert key_text(stored) == text
    # bytes sort like the lowercase text: ORDER BY id is unchanged
    assert sorted(ids) == [key_text(b) for b in sorted(key_bytes(t) for t in ids)]
    # anything but the canonical form stays text, so it reads back exactly as written
    upper = ids[0].upper()
    for other in (upper, "{" + ids[0] + "}", ids[0].replace("-", ""), "person-1", "", "nope"):
        assert key_bytes(other) == other
        assert key_text(other) == other


def test_the_migrations_name_every_key_column_of_the_models() -> None:
    """0020 converts the user and derived tables' keys, 0021 the row states' (``sync_row``)."""
    listed = {
        table: set(columns)
        for module in (_migration(), _migration("0021_row_state_keys_as_bytes"))
        for table, columns in module.KEY_COLUMNS
    }
    assert listed == {t: set(c) for t, c in key_guard.key_columns().items()}
    assert "sync_row" in listed and "sync_change" not in listed


def _fill(store: Store) -> dict[str, str]:
    people = [
        volunteers.add_volunteer(store, given_name=given, family_name=family, phone=phone)
        for given, family, phone in (
            ("İlkay", "Şahin", "0511 123456"),
            ("Thị Ánh", "Nguyễn", "0170 99 88 77"),
            ("Łukasz", "Nowak", ""),
        )
    ]
    course_id = courses.add_course(
        store,
        module_code="BASIS",
        title="Basis Frühjahr",
        session_dates=[date(2026, 3, 2), date(2026, 3, 9)],
        units_per_session=3,
    )
    courses.enrol_volunteers(
        store, course_id=course_id, volunteer_ids=people, enrolled_on=date(2026, 3, 1)
    )
    first = courses.get_course(store, course_id).sessions[0].id
    courses.set_attendance(
        store,
        course_id=course_id,
        session_id=first,
        volunteer_ids=people[:2],
        state=AttendanceState.PRESENT,
        today=date(2026, 3, 2),
    )
    request_id = mentoring.add_request(store, institution="Kita Nord", area="sprache")
    offer_id = mentoring.offer_request(store, request_id=request_id, volunteer_id=people[0])
    assignment_id = mentoring.answer_offer(
        store,
        offer_id=offer_id,
        accepted=True,
        mentee_pseudonym="A. B.",
        answered_on=date(2026, 3, 3),
    )
    assert assignment_id is not None
    mentoring.add_log_entry(
        store,
        assignment_id=assignment_id,
        entry_date=date(2026, 3, 10),
        minutes=90,
        kind="treffen",
        area="sprache",
    )
    return {"person": people[0], "course": course_id, "session": first}


def _stored(path: Path) -> dict[str, list[Any]]:
    """Every key column's values as stored, table by table, in rowid order (``sync_row``, a
    table without rowids, in the order of its table numbers and row ids as text)."""
    connection = sqlite3.connect(path)
    connection.create_function("uuid_text", 1, key_text, deterministic=True)
    order = {"sync_row": "tbl, uuid_text(row_id)"}
    try:
        return {
            f"{table}.{column}": [
                row[0]
                for row in connection.execute(
                    f'SELECT "{column}" FROM "{table}" ORDER BY {order.get(table, "rowid")}'
                )
            ]
            for table, columns in key_guard.key_columns().items()
            for column in columns
        }
    finally:
        connection.close()


def _report(store: Store, person: str) -> str:
    """A person's data export (Art. 15) as the JSON written to the file (without its time)."""
    report = privacy.access_report(store, person)
    report.pop("created")
    return json.dumps(report, ensure_ascii=False, default=str)


def _payload(path: Path) -> Any:
    """The data of an exchange file (its manifest names the machine and the time: left out)."""
    _manifest, payload = fileformat.open_sealed(path.read_bytes(), PASS)
    return json.loads(payload)


@pytest.mark.sqlite_only
def test_keys_are_stored_as_bytes_and_read_back_as_the_same_text(store: Store) -> None:
    ids = _fill(store)
    connection = sqlite3.connect(store.path)
    try:
        kind, stored = connection.execute(
            "SELECT typeof(id), id FROM volunteer WHERE id = ?", (key_bytes(ids["person"]),)
        ).fetchone()
        (search_kind,) = connection.execute(
            "SELECT typeof(volunteer_id) FROM volunteer_search WHERE volunteer_id = ?", (stored,)
        ).fetchone()
    finally:
        connection.close()
    assert (kind, search_kind, len(stored)) == ("blob", "blob", 16)
    assert str(uuid.UUID(bytes=stored)) == ids["person"]
    with store.new_session() as session:
        assert session.scalars(select(Volunteer.id).order_by(Volunteer.id)).all() == sorted(
            v.id for v in volunteers.list_volunteers(store)
        )
    assert key_guard.text_keys(store.path) == []


@pytest.mark.sqlite_only
def test_the_suite_guard_finds_a_key_written_as_text(store: Store) -> None:
    person = volunteers.add_volunteer(store, given_name="Reza", family_name="Karimi")
    connection = sqlite3.connect(store.path)
    try:
        connection.execute(  # what driver SQL that forgot the conversion would write
            "UPDATE volunteer_interest SET volunteer_id = volunteer_id"
        )
        connection.execute(
            "INSERT INTO figure_person (volunteer_id, qualified_on) VALUES (?, NULL)", (person,)
        )
        connection.commit()
        assert key_guard.text_keys(store.path) == [f"figure_person.volunteer_id: {person!r}"]
        connection.execute("DELETE FROM figure_person WHERE volunteer_id = ?", (person,))
        connection.commit()
    finally:
        connection.close()
    assert key_guard.text_keys(store.path) == []


def _back_and_forth(
    source: Path, copy: Path, plain: dict[str, list[Any]], stored: dict[str, list[Any]]
) -> Store:
    """Copy ``source``, downgrade the copy to text keys (0019), check them (every state in
    ``sync_row`` again: ``plain``), open it (which migrates to bytes and folds again)."""
    from alembic import command

    copy.parent.mkdir()
    shutil.copyfile(source, copy)
    engine = database.create_sqlite_engine(copy)
    with engine.begin() as connection:
        command.downgrade(database._alembic_config(connection), "0019")
    engine.dispose()
    as_text = _stored(copy)
    assert as_text == {k: [key_text(v) for v in values] for k, values in plain.items()}
    assert all(isinstance(v, str) for values in as_text.values() for v in values if v is not None)
    again = open_office_store(copy, user="user-office")
    assert _stored(copy) == stored
    return again


@pytest.mark.sqlite_only
def test_digest_exports_and_lists_are_the_same_after_the_storage_form_went_back_and_forth(
    tmp_path: Path,
) -> None:
    """Downgrade a filled file to text keys (0019) and upgrade it again: the stored ids are the
    same text as the blobs were, and the digest, the exchange file's data (log entries; the row
    states of a compacted log), a person's data export and a list are what they were."""
    office = replica(tmp_path, "office")
    ids = _fill(office)
    before_digest = digest(office)
    report = _report(office, ids["person"])
    listed = lists.volunteer_list(office)
    entries = _payload(full_export(office, tmp_path / "entries"))
    plain = _stored(office.path)
    with office.uow() as uow:  # as the migrations leave it (0023 folds the simple states)
        assert fold_states(uow.session) > 0
        uow.commit()
    stored = _stored(office.path)
    assert stored != plain
    assert all(isinstance(v, bytes) for values in stored.values() for v in values if v is not None)
    office.close()  # everything in the file itself, for the copy
    shutil.copyfile(office.path, tmp_path / "uncompacted.sqlite")
    office = replica(tmp_path, "office")
    compact.compact_log(office)
    states = _payload(full_export(office, tmp_path / "states"))
    office.close()

    again = _back_and_forth(
        tmp_path / "uncompacted.sqlite", tmp_path / "a" / "lotsen.sqlite", plain, stored
    )
    try:
        assert _payload(full_export(again, tmp_path / "entries-again")) == entries
        assert digest(again) == before_digest
        assert _report(again, ids["person"]) == report
        assert lists.volunteer_list(again) == listed
    finally:
        again.close()
    again = _back_and_forth(office.path, tmp_path / "b" / "lotsen.sqlite", plain, stored)
    try:
        assert _payload(full_export(again, tmp_path / "states-again")) == states
        assert digest(again) == before_digest
    finally:
        again.close()


def test_exchange_files_carry_ids_as_text_and_a_replica_matches(
    tmp_path: Path, office: Store, laptop: Store
) -> None:
    ids = _fill(office)
    path = full_export(office, tmp_path / "full")
    text = json.dumps(_payload(path), ensure_ascii=False)
    assert f'"{ids["person"]}"' in text and f'"{ids["course"]}"' in text
    import_(laptop, path)
    assert digest(laptop) == digest(office)
    assert courses.get_course(laptop, ids["course"]).sessions[0].id == ids["session"]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("folded", [False, True])
@pytest.mark.parametrize(("chunk", "share"), [(2, 0.0), (20_000, 0.0), (2, 2.0)])
def test_the_sweep_finds_rows_written_and_deleted_around_the_orm(
    store: Store, monkeypatch: pytest.MonkeyPatch, folded: bool, chunk: int, share: float
) -> None:
    """The sweep compares stored keys (bytes) with the log's text ids, chunk by chunk when it
    walks both sides (``share`` 0) or in SQL; an id stored as text (not a UUID) is found as
    well, and a row whose state was inline (``folded``)."""
    monkeypatch.setattr(capture, "_WALK_CHUNK", chunk)
    monkeypatch.setattr(capture, "_WALK_SHARE", share)
    people = [
        volunteers.add_volunteer(store, given_name=f"Person {n}", family_name="Muster")
        for n in range(7)
    ]
    if folded:
        with store.uow() as uow:
            assert fold_states(uow.session) >= len(people)
            uow.commit()
    with store.uow() as uow:
        uow.insert_rows(
            Volunteer,
            [
                {
                    "id": "person-1",
                    "given_name": "Anna",
                    "family_name": "Text",
                    "search_key": "anna text",
                }
            ],
        )
    new_interest = str(uuid.uuid4())
    gone = sorted(people)[3]
    connection = sqlite3.connect(store.path)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("DELETE FROM volunteer WHERE id = ?", (key_bytes(gone),))
        connection.execute(
            "INSERT INTO volunteer_interest (id, volunteer_id, area, created_at, updated_at, "
            "changed_by) VALUES (?, ?, 'sprache', ?, ?, 'x')",
            (key_bytes(new_interest), key_bytes(sorted(people)[0]), NEW_YEAR, NEW_YEAR),
        )
        connection.commit()
    finally:
        connection.close()
    tables = schema.tables()
    with store.new_session() as session:
        assert capture._differences(session, tables["volunteer"]) == ([], [gone])
        assert capture._differences(session, tables["volunteer_interest"]) == ([new_interest], [])
    with store.new_session() as session, session.begin():
        # the person, her first status (deleted with her) and the interest
        assert capture.sweep(session) == 3
    with store.new_session() as session:
        assert all(capture._differences(session, info) == ([], []) for info in tables.values())
