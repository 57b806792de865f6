"""Times as integer microseconds on SQLite: the same ``datetime`` for the program, the same
exchange files, digests and reports (``store/timestamps.py``, migration 0022).

The storage form is the database's business only: what the program reads, exports and
prints must not change with it.
"""

from __future__ import annotations

import importlib
import json
import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import time_guard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sync_helpers import PASS, digest, full_export, import_, replica

from lotsen_desktop import fileformat
from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.domain.vocabulary import AttendanceState
from lotsen_desktop.services import course_lock, courses, mentoring, privacy, reports, volunteers
from lotsen_desktop.store import database
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import StatusChange, Volunteer
from lotsen_desktop.store.timestamps import (
    stored_from_text,
    timestamp_integer,
    timestamp_text,
    timestamp_value,
)
from lotsen_desktop.store.types import key_bytes, key_text
from lotsen_desktop.sync import compact

MIGRATION = "0022_timestamps_as_integers"
"""The migration that converts the stored form (its revision is the file's ``revision``)."""


def _migration() -> Any:
    return importlib.import_module(f"lotsen_desktop.store.migrations.versions.{MIGRATION}")


def _revisions() -> tuple[str, str]:
    """This migration's revision and the one before it."""
    module = _migration()
    return module.revision, module.down_revision


_OLD_TEXT = sqlite_dialect.DATETIME().bind_processor(sqlite_dialect.dialect())
"""What SQLAlchemy's SQLite ``DateTime`` stored before 0022 (26 characters)."""

TIMES = st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2200, 12, 31, 23, 59, 59))


@given(value=TIMES, other=TIMES)
def test_a_time_reads_back_exactly_and_sorts_as_its_integer(
    value: datetime, other: datetime
) -> None:
    stored = timestamp_integer(value)
    assert type(stored) is int and timestamp_value(stored) == value
    assert (stored < timestamp_integer(other)) == (value < other)
    # the downgrade's text is the old type's, and the migration reads it back to the integer
    assert timestamp_text(stored) == _OLD_TEXT(value)
    assert stored_from_text(_OLD_TEXT(value)) == stored
    assert stored_from_text(value.isoformat(" ")) == stored  # sqlite3's own adapter's text


def test_every_text_form_of_a_time_reads_and_converts() -> None:
    """What earlier writers left: SQLAlchemy's 26 characters, sqlite3's adapter without a
    fraction, an ISO ``T``, a date only (raw SQL in tests); text that is no time stays."""
    forms = {
        "2026-12-01 10:48:15.314147": datetime(2026, 12, 1, 10, 48, 15, 314147),
        "2026-12-01 10:48:15": datetime(2026, 12, 1, 10, 48, 15),
        "2026-12-01T10:48:15.000001": datetime(2026, 12, 1, 10, 48, 15, 1),
        "2026-01-01": datetime(2026, 1, 1),
        "1969-12-31 23:59:59.999999": datetime(1969, 12, 31, 23, 59, 59, 999999),
    }
    for text, value in forms.items():
        assert timestamp_value(text) == value
        assert timestamp_value(stored_from_text(text)) == value
    assert timestamp_integer(datetime(1970, 1, 1)) == 0
    assert timestamp_integer(datetime(1969, 12, 31, 23, 59, 59, 999999)) == -1
    assert timestamp_integer(date(2026, 1, 1)) == timestamp_integer(datetime(2026, 1, 1))
    aware = datetime(2026, 1, 1, 12, tzinfo=timezone(timedelta(hours=2)))
    assert timestamp_integer(aware) == timestamp_integer(datetime(2026, 1, 1, 12))  # wall time
    assert stored_from_text("kein Datum") == "kein Datum"
    assert timestamp_value(None) is None and timestamp_text(None) is None
    with pytest.raises(TypeError):
        timestamp_integer("2026-01-01")  # type: ignore[arg-type]


def test_the_migration_names_every_time_column_of_the_models() -> None:
    listed = {table: set(columns) for table, columns in _migration().TIME_COLUMNS}
    assert listed == {t: set(c) for t, c in time_guard.time_columns().items()}
    assert "volunteer" in listed and not any(t.startswith("sync_") for t in listed)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=TIMES)
def test_the_store_reads_back_the_time_it_wrote(store: Store, value: datetime) -> None:
    """Through the ORM on both engines: the same naive ``datetime``, microseconds included;
    on SQLite an integer in the file."""
    person = volunteers.add_volunteer(store, given_name="Reza", family_name="Karimi")
    with store.uow() as uow:
        row = uow.session.get(Volunteer, person)
        assert row is not None
        row.created_at = value
        uow.commit()
    with store.new_session() as session:
        found = session.get(Volunteer, person)
        assert found is not None and found.created_at == value and found.created_at.tzinfo is None
        assert session.scalar(select(Volunteer.id).where(Volunteer.created_at == value)) == person
    if not store.is_server:
        connection = sqlite3.connect(store.path)
        try:
            stored = connection.execute(
                "SELECT created_at FROM volunteer WHERE id = ?", (key_bytes(person),)
            ).fetchone()[0]
        finally:
            connection.close()
        assert stored == timestamp_integer(value)


@pytest.mark.sqlite_only
def test_a_time_left_as_text_still_reads_and_the_suite_guard_finds_it(store: Store) -> None:
    person = volunteers.add_volunteer(store, given_name="Reza", family_name="Karimi")
    connection = sqlite3.connect(store.path)
    try:
        connection.execute(  # what an older writer or forgotten driver SQL would leave
            "UPDATE volunteer SET created_at = '2026-03-01 10:00:00' WHERE id = ?",
            (key_bytes(person),),
        )
        connection.commit()
        assert time_guard.text_times(store.path) == ["volunteer.created_at: '2026-03-01 10:00:00'"]
        assert volunteers.get_volunteer(store, person).created_at == datetime(2026, 3, 1, 10)
        connection.execute(
            "UPDATE volunteer SET created_at = ? WHERE id = ?",
            (timestamp_integer(datetime(2026, 3, 1, 10)), key_bytes(person)),
        )
        connection.commit()
    finally:
        connection.close()
    assert time_guard.text_times(store.path) == []


def _fill(store: Store) -> dict[str, str]:
    """A little of every kind: people, a course with marks and a lock event, a mentoring log
    with an edited line."""
    people = [
        volunteers.add_volunteer(store, given_name=given, family_name=family)
        for given, family in (("İlkay", "Şahin"), ("Thị Ánh", "Nguyễn"), ("Łukasz", "Nowak"))
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
    course_lock.finish_course(store, course_id, today=date(2026, 4, 1))
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
    entry = mentoring.add_log_entry(
        store,
        assignment_id=assignment_id,
        entry_date=date(2026, 3, 10),
        minutes=90,
        kind="treffen",
        area="sprache",
    )
    mentoring.update_log_entry(
        store, entry, entry_date=date(2026, 3, 10), minutes=60, kind="treffen", area="sprache"
    )
    return {"person": people[0], "course": course_id}


def _stored(path: Path) -> dict[str, list[Any]]:
    """Every time column's values as stored, table by table, in rowid order."""
    connection = sqlite3.connect(path)
    try:
        return {
            f"{table}.{column}": [
                row[0]
                for row in connection.execute(f'SELECT "{column}" FROM "{table}" ORDER BY rowid')
            ]
            for table, columns in time_guard.time_columns().items()
            for column in columns
        }
    finally:
        connection.close()


def _migrate(path: Path, revision: str, *, down: bool) -> None:
    from alembic import command

    engine = database.create_sqlite_engine(path)
    with engine.begin() as connection:
        config = database._alembic_config(connection)
        if down:
            command.downgrade(config, revision)
        else:
            command.upgrade(config, revision)
    engine.dispose()


def _payload(path: Path) -> Any:
    """The data of an exchange file (its manifest names the machine and the time: left out)."""
    _manifest, payload = fileformat.open_sealed(path.read_bytes(), PASS)
    return json.loads(payload)


def _report(store: Store, person: str) -> str:
    report = privacy.access_report(store, person)
    report.pop("created")
    return json.dumps(report, ensure_ascii=False, default=str)


@pytest.mark.sqlite_only
def test_downgrade_writes_the_old_text_and_upgrade_the_same_integers(tmp_path: Path) -> None:
    """Down to the schema before (SQLAlchemy's 26 characters of every value), up again (the
    same integers), down again (byte-identical text); other forms of text an earlier writer
    left are converted too, and text that is no time stays."""
    this, before = _revisions()
    office = replica(tmp_path, "office")
    _fill(office)
    office.close()
    stored = _stored(office.path)
    values = [v for column in stored.values() for v in column]
    assert values and all(type(v) is int for v in values if v is not None)
    assert sum(len(column) for column in stored.values()) > 30

    _migrate(office.path, before, down=True)
    as_text = _stored(office.path)
    assert as_text == {
        k: [None if v is None else _OLD_TEXT(timestamp_value(v)) for v in column]
        for k, column in stored.items()
    }
    raw = sqlite3.connect(office.path)
    try:
        raw.execute(  # other writers' forms: sqlite3's adapter, an ISO T, a date only
            "UPDATE volunteer SET created_at = CASE rowid WHEN 1 THEN '2026-03-01 10:00:00' "
            "WHEN 2 THEN '2026-03-01T10:00:00.000005' ELSE '2026-03-01' END"
        )
        raw.execute("UPDATE status_change SET updated_at = 'kein Datum' WHERE rowid = 1")
        raw.commit()
    finally:
        raw.close()
    legacy = _stored(office.path)

    _migrate(office.path, this, down=False)
    upgraded = _stored(office.path)
    assert upgraded["volunteer.created_at"] == [
        timestamp_integer(datetime(2026, 3, 1, 10)),
        timestamp_integer(datetime(2026, 3, 1, 10, 0, 0, 5)),
        timestamp_integer(datetime(2026, 3, 1)),
    ]
    assert upgraded["status_change.updated_at"][0] == "kein Datum"
    for key in stored:
        if key not in ("volunteer.created_at", "status_change.updated_at"):
            assert upgraded[key] == stored[key], key

    _migrate(office.path, before, down=True)
    again = _stored(office.path)
    for key in as_text:
        if key != "volunteer.created_at":
            assert again[key] == legacy[key], key  # byte-identical
    assert again["volunteer.created_at"] == [
        "2026-03-01 10:00:00.000000",  # the old type's form of the same times
        "2026-03-01 10:00:00.000005",
        "2026-03-01 00:00:00.000000",
    ]
    _migrate(office.path, this, down=False)
    raw = sqlite3.connect(office.path)
    try:
        raw.execute("UPDATE status_change SET updated_at = created_at WHERE rowid = 1")
        raw.commit()
    finally:
        raw.close()


@pytest.mark.sqlite_only
def test_digest_exchange_files_and_exports_are_the_same_after_the_storage_form_went_back_and_forth(
    tmp_path: Path,
) -> None:
    """Downgrade a filled file to text times and upgrade it again: the digest, the exchange
    file's data (log entries carry ``created_at``/``updated_at``; the row states of a compacted
    log read them from the rows), a person's data export and the lock events are what they were."""
    this, before = _revisions()
    office = replica(tmp_path, "office")
    ids = _fill(office)
    before_digest = digest(office)
    report = _report(office, ids["person"])
    events = course_lock.lock_state(office, ids["course"])
    entries = _payload(full_export(office, tmp_path / "entries"))
    compact.compact_log(office)
    states = _payload(full_export(office, tmp_path / "states"))
    office.close()
    stored = _stored(office.path)
    connection = sqlite3.connect(office.path)
    try:
        created = dict(connection.execute("SELECT id, created_at FROM volunteer"))
    finally:
        connection.close()
    # the log entries carry the times as ISO text, the values the rows hold
    inserted = {
        change[4]: change[7]["created_at"]
        for change in entries["changes"]
        if change[3] == "volunteer" and change[5] == "i"
    }
    assert inserted == {key_text(k): timestamp_value(v).isoformat() for k, v in created.items()}
    text = json.dumps(states, ensure_ascii=False)
    assert all(f'"{timestamp_value(v).isoformat()}"' in text for v in created.values())

    _migrate(office.path, before, down=True)
    _migrate(office.path, this, down=False)
    assert _stored(office.path) == stored
    again = open_office_store(office.path, user="user-office")
    try:
        assert digest(again) == before_digest
        assert _report(again, ids["person"]) == report
        assert '"created_at": "20' in report  # readable dates in the person's export
        assert course_lock.lock_state(again, ids["course"]) == events
        assert _payload(full_export(again, tmp_path / "states-again")) == states
    finally:
        again.close()


def _at(moment: datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write stamps ``moment`` (a time without microseconds: isoformat leaves them out)."""
    monkeypatch.setattr(database, "_utcnow", lambda: moment)


def test_imported_times_are_the_senders_also_without_microseconds(
    tmp_path: Path, office: Store, laptop: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New rows (the bulk insert) and changed rows (the bulk update) of an import store the
    sender's times; ``isoformat`` writes a time with zero microseconds without a fraction."""
    _at(datetime(2026, 5, 1, 8, 0, 0), monkeypatch)
    person = volunteers.add_volunteer(office, given_name="Reza", family_name="Karimi")
    import_(laptop, full_export(office, tmp_path / "new"))
    _at(datetime(2026, 5, 2, 9, 30, 0, 250), monkeypatch)
    volunteers.update_volunteer(office, person, city="Celle")
    import_(laptop, full_export(office, tmp_path / "changed"))
    with office.new_session() as a, laptop.new_session() as b:
        mine, theirs = a.get(Volunteer, person), b.get(Volunteer, person)
        assert mine is not None and theirs is not None
        assert (theirs.created_at, theirs.updated_at) == (
            datetime(2026, 5, 1, 8),
            datetime(2026, 5, 2, 9, 30, 0, 250),
        )
        assert (theirs.created_at, theirs.updated_at) == (mine.created_at, mine.updated_at)
    assert digest(laptop) == digest(office)


def test_the_status_recorded_last_on_a_day_wins_whatever_its_time(store: Store) -> None:
    """The report's status at a day orders same-day changes by ``created_at``: integers of
    different lengths (before and after 2001-09-09) must not sort as text."""
    person = volunteers.add_volunteer(store, given_name="Reza", family_name="Karimi")
    day = date(2026, 2, 1)
    with store.uow() as uow:
        for status, created in (
            ("aktiv", datetime(2001, 9, 9, 1, 46, 40)),  # 16 digits
            ("ausgeschieden", datetime(2001, 9, 9, 1, 46, 39)),  # 15 digits, recorded first
        ):
            uow.session.add(
                StatusChange(
                    volunteer_id=person,
                    status=status,
                    changed_on=day,
                    note="",
                    created_at=created,
                )
            )
        uow.commit()
    with store.new_session() as session:
        assert reports._status_at(session, day)[person] == "aktiv"


def test_times_are_utc_now_when_written(store: Store) -> None:
    start = datetime.now(UTC).replace(tzinfo=None)
    person = volunteers.add_volunteer(store, given_name="Reza", family_name="Karimi")
    found = volunteers.get_volunteer(store, person)
    end = datetime.now(UTC).replace(tzinfo=None)
    assert start <= found.created_at <= end and found.created_at.tzinfo is None
