"""The shortcuts that make a large import fast give the same answers as the plain code."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sync_helpers import FAST_KDF, PASS, digest, full_export, import_, replica

from lotsen_desktop.fileformat import SyncFileError
from lotsen_desktop.services import courses, demo, modules, volunteers
from lotsen_desktop.services.digest import EXCLUDED_COLUMNS, _canonical, compute_digest
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.inline_state import INLINE_COLUMNS
from lotsen_desktop.store.models import (
    TRACKED_MODELS,
    Attendance,
    CourseSession,
    Office,
    Volunteer,
)
from lotsen_desktop.store.sync_tables import (
    change_table,
    conflict_table,
    duplicate_table,
)
from lotsen_desktop.sync import conflicts, exchange, merge, schema
from lotsen_desktop.sync.exchange import importing
from lotsen_desktop.sync.state import Entry, RowState, all_states, load_states

KINDS = ("str", "int", "bool", "float", "date", "datetime", "bytes")
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["2026-02-30", "2026-05-01", "2026-05-01T10:00:00", "aGFsbG8=", "!!"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
)


@given(
    kind=st.sampled_from(KINDS),
    nullable=st.booleans(),
    length=st.one_of(st.none(), st.integers(0, 8)),
    value=VALUES,
)
def test_check_value_rejects_exactly_what_decode_rejects(
    kind: str, nullable: bool, length: int | None, value: Any
) -> None:
    try:
        schema.decode(kind, value, nullable=nullable, length=length)
        expected = None
    except schema.BadValue as error:
        expected = error
    try:
        schema.check_value((kind, nullable, length), value)
        got = None
    except schema.BadValue as error:
        got = error
    assert (got is None) == (expected is None)


def _reference_digest(store: Store) -> str:
    """The digest as first written: every value through ``_canonical``."""
    digest = hashlib.sha256()
    with store.new_session() as session:
        for model in TRACKED_MODELS:
            table = model.__table__  # type: ignore[attr-defined]
            columns = sorted(c.name for c in table.columns if c.name not in EXCLUDED_COLUMNS)
            digest.update(f"#{table.name}\n".encode())
            query = select(*(table.c[name] for name in columns)).order_by(table.c.id)
            for row in session.execute(query):
                record = {n: _canonical(v) for n, v in zip(columns, row, strict=True)}
                digest.update(json.dumps(record, sort_keys=True, ensure_ascii=False).encode())
                digest.update(b"\n")
    return digest.hexdigest()


def test_digest_is_unchanged_by_the_fast_path(store: Store) -> None:
    demo.fill_demo(store, volunteers=40, seed=5)
    with store.uow() as uow:
        office = uow.session.scalars(select(Office)).one()
        office.logo = b"\x89PNG\r\n\x1a\n logo"
        office.name = 'Träger <&"> İlkay'
        uow.commit()
    assert compute_digest(store) == _reference_digest(store)


TABLE_COLUMNS = [(tbl, col) for tbl, info in schema.tables().items() for col in info.columns]


@given(column=st.sampled_from(TABLE_COLUMNS), value=VALUES)
def test_checking_a_received_entry_rejects_exactly_what_decode_rejects(
    column: tuple[str, str], value: Any
) -> None:
    tbl, col = column
    try:
        schema.decode_value(schema.tables()[tbl], col, value)
        expected = None
    except schema.BadValue as error:
        expected = error
    for _again in range(2):  # the second time from what the first remembered
        try:
            importing._check_values(tbl, {col: value})
            got = None
        except SyncFileError as error:
            got = error
        assert (got is None) == (expected is None)


def _stamps(state: RowState) -> tuple[Any, ...]:
    return (state.stamps.default, sorted(state.stamps.cols.items()))


def _states_and_log(store: Store) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Row states and the received log entries. States stamped by the receiving machine itself
    (its shipped defaults, which tie at stamp 0 and are decided by the random site ids, and the
    status steps it derives) are compared by their keys only."""
    site = exchange.site_info(store).site_id
    with store.new_session() as session:
        c = change_table
        states = [
            (s.tbl, s.row_id)
            if site in repr(s)
            else (s.tbl, s.row_id, s.gen, s.alive, *_stamps(s), s.deleted, s.scope)
            for s in all_states(session)
        ]
        log = [
            tuple(row)
            for row in session.execute(
                select(c).where(c.c.origin != site).order_by(c.c.origin, c.c.seq)
            )
        ]
    return states, log


def test_staging_in_memory_and_in_temporary_tables_give_the_same_import(
    tmp_path: Path, office: Store, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo.fill_demo(office, volunteers=25, seed=3)
    with office.uow() as uow:
        people = uow.session.scalars(select(Volunteer).order_by(Volunteer.id)).all()
        for number, person in enumerate(people[:8]):
            person.city = f"Celle {number}"
        for person in people[8:11]:
            uow.session.delete(person)  # erasure: cascades, tombstones, redacted entries
        uow.commit()
    path = full_export(office, tmp_path / "full")
    monkeypatch.setattr(importing, "PART_SIZE", 37)  # many parts, rows never split
    in_memory = replica(tmp_path, "memory", engine)
    import_(in_memory, path)
    monkeypatch.setattr(importing, "STAGE_IN_MEMORY", 50)
    spilled = replica(tmp_path, "spilled", engine)
    import_(spilled, path)
    try:
        assert digest(in_memory) == digest(spilled) == digest(office)
        assert _states_and_log(in_memory) == _states_and_log(spilled)
    finally:
        in_memory.close()
        spilled.close()


SHIPPED = ("office", "module")
"""Tables with rows every new database ships with: those tie at stamp 0 and the random site ids
decide whose bookkeeping columns stay, so there only the other columns are compared."""


def _user_rows(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every column of every user-data row (derived name keys and bookkeeping included), on
    SQLite as stored (the text of dates and times, not the values read back from it)."""
    with store.new_session() as session:
        connection = session.connection()
        driver = connection.connection.driver_connection
        found = {}
        for model in TRACKED_MODELS:
            table = model.__table__  # type: ignore[attr-defined]
            columns = [
                c for c in table.c if table.name not in SHIPPED or c.name not in schema.META_COLUMNS
            ]
            if connection.dialect.name == "sqlite":
                names = ", ".join(c.name for c in columns)
                found[table.name] = driver.execute(
                    f"SELECT {names} FROM {table.name} ORDER BY id"
                ).fetchall()
            else:
                query = select(*columns).order_by(table.c.id)
                found[table.name] = [tuple(row) for row in session.execute(query)]
        return found


def _reference_insert_values(
    self: merge.Merger,
    info: schema.TableInfo,
    w: merge.RowWork,
    now: datetime,
    inline: tuple[Any, ...],
) -> list[Any]:
    """A new row as the general path binds it: the decoded row, then each column's binder."""
    assert w.values is not None
    row = self._decoded_row(info, w.values, now)
    row["id"] = w.row_id
    row.update(zip(INLINE_COLUMNS, inline, strict=True))
    columns = self._insert_plan(info)[0]
    assert list(row) == columns
    binders = [info.table.c[c].type.bind_processor(self.session.get_bind().dialect) for c in row]
    return [b(row[c]) if b else row[c] for c, b in zip(columns, binders, strict=True)]


_FAST_INSERT_VALUES = merge.Merger._insert_values
_UNSEEN_TABLES = merge.unseen_tables


def _take_path(monkeypatch: pytest.MonkeyPatch, *, fast: bool) -> None:
    """The general path binds each new row through ``_decoded_row`` and looks up every row of
    a part; the fast one binds with the table's generated builder and skips the lookup in
    tables that were empty when the import began."""
    if fast:
        monkeypatch.setattr(merge.Merger, "_insert_values", _FAST_INSERT_VALUES)
        monkeypatch.setattr(merge, "unseen_tables", _UNSEEN_TABLES)
    else:
        monkeypatch.setattr(merge.Merger, "_insert_values", _reference_insert_values)
        monkeypatch.setattr(merge, "unseen_tables", lambda _session: frozenset())


def test_new_rows_are_written_as_the_general_path_writes_them(
    tmp_path: Path, office: Store, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo.fill_demo(office, volunteers=25, seed=4)
    first = full_export(office, tmp_path / "first")
    with office.uow() as uow:
        people = uow.session.scalars(select(Volunteer).order_by(Volunteer.id)).all()
        for number, person in enumerate(people[:6]):
            person.city = f"Peine {number}"
            person.migration_experience = number % 2 == 0  # a column with a binder
        for person in people[6:9]:
            uow.session.delete(person)
        for number in range(4):  # rows the first file did not have
            uow.session.add(
                Volunteer(given_name=f"Ilkay {number}", family_name="Şahin", city="Hameln")
            )
        uow.commit()
    second = full_export(office, tmp_path / "second")
    fixed = datetime(2026, 5, 1, 9, 30)
    monkeypatch.setattr(merge, "_now", lambda: fixed)
    monkeypatch.setattr(importing, "PART_SIZE", 41)
    stores = {}
    for name in ("general", "tuples"):
        _take_path(monkeypatch, fast=name == "tuples")
        stores[name] = replica(tmp_path, name, engine)
        import_(stores[name], first)  # into a new database: every row is new
        import_(stores[name], second)  # into a filled one: some rows new, some changed
    try:
        general, tuples = stores["general"], stores["tuples"]
        assert _user_rows(general) == _user_rows(tuples)
        assert sum(len(rows) for rows in _user_rows(tuples).values()) > 500
        assert digest(tuples) == digest(office)
        assert _states_and_log(general) == _states_and_log(tuples)
    finally:
        for store in stores.values():
            store.close()


DATE_TEXTS = st.one_of(
    st.datetimes().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.replace(microsecond=0).isoformat(timespec="microseconds")),
    st.datetimes().map(lambda d: d.isoformat(timespec="minutes")),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(
        ["2026-05-01T10:00:00,123456", "2026-W18-5T10:00:00.123456", "20260501", "2026-W18-5"]
    ),
)


@given(text=DATE_TEXTS, kind=st.sampled_from(["date", "datetime"]))
def test_dates_taken_as_sent_are_stored_as_their_decoded_value(text: str, kind: str) -> None:
    """A date taken as sent is the text sqlite3 stores for its decoded value; times are always
    decoded (SQLite stores them as integers, ``UtcTimestamp``)."""
    assert set(merge._STORED_AS_SENT) == {"date"}
    try:
        value = schema.decode(kind, text)
    except schema.BadValue:
        return
    if kind in merge._STORED_AS_SENT and merge._STORED_AS_SENT[kind](text):
        assert text == value.isoformat()


def _conflicts_and_duplicates(store: Store) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with store.new_session() as session:
        c, d = conflict_table, duplicate_table
        found = session.execute(
            select(c.c.kind, c.c.tbl, c.c.row_id, c.c.col, c.c.kept, c.c.lost, c.c.status).order_by(
                c.c.tbl, c.c.row_id, c.c.col, c.c.kind
            )
        ).all()
        pairs = session.execute(
            select(d.c.first_id, d.c.second_id).order_by(d.c.first_id, d.c.second_id)
        ).all()
    return [tuple(r) for r in found], [tuple(r) for r in pairs]


def test_collisions_revivals_and_waiting_rows_merge_alike_through_both_paths(
    tmp_path: Path, office: Store, laptop: Store, second: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files with unique values used twice, a deleted course that comes back, a person created
    twice and a mark that waits for its course, imported through the general and the fast
    path (each file into a database that has some tables still empty)."""
    vid = volunteers.add_volunteer(office, given_name="İlkay", family_name="Şahin")
    course_id = courses.add_course(
        office,
        module_code="BASIS",
        title="Basis Frühjahr",
        session_dates=[date(2026, 3, 2), date(2026, 3, 9)],
        units_per_session=3,
        trainers="Frau Öztürk",
    )
    courses.enrol_volunteers(
        office, course_id=course_id, volunteer_ids=[vid], enrolled_on=date(2026, 1, 1)
    )
    sessions = [s.id for s in courses.get_course(office, course_id).sessions]
    trainer = replica(tmp_path, "Kursleitung")
    package = exchange.export_file(
        office, tmp_path / "k", passphrase=PASS, course_id=course_id, kdf_n=FAST_KDF
    ).path
    import_(trainer, package)
    for store in (laptop, second):
        import_(store, full_export(office, tmp_path / f"to-{id(store)}"))
    courses.set_attendance(  # waits for its course in a database that has only this file
        trainer, course_id=course_id, session_id=sessions[1], volunteer_ids=[vid], state="anwesend"
    )
    for store, state in ((office, "unentschuldigt"), (second, "anwesend")):  # one cell, twice
        courses.set_attendance(
            store, course_id=course_id, session_id=sessions[0], volunteer_ids=[vid], state=state
        )
        modules.add_module(  # one module code, twice
            store, code="SPEZ-DIGITAL", title="Digitales", kind="spezialisierung", hours=8
        )
        volunteers.add_volunteer(store, given_name="Jürgen", family_name="Weiß")  # namesakes
    courses.update_course(laptop, course_id, place="Raum 12")
    courses.delete_course(office, course_id)  # wins over the laptop's edit ...
    import_(laptop, full_export(office, tmp_path / "delete"))
    lost = [
        c for c in conflicts.list_conflicts(laptop) if c.kind == "deleted" and c.table == "course"
    ]
    conflicts.revert_conflict(laptop, lost[0].id)  # ... and comes back, a newer generation
    files = [
        full_export(trainer, tmp_path / "trainer"),
        full_export(office, tmp_path / "office"),
        full_export(laptop, tmp_path / "laptop"),
        full_export(second, tmp_path / "second"),
    ]
    trainer.close()
    monkeypatch.setattr(merge, "_now", lambda: datetime(2026, 5, 1, 9, 30))
    monkeypatch.setattr(importing, "PART_SIZE", 7)
    stores = {}
    for name in ("general", "tuples"):
        _take_path(monkeypatch, fast=name == "tuples")
        stores[name] = replica(tmp_path, name)
        summaries = [import_(stores[name], path) for path in files]
        assert summaries[0].pending == 1
    try:
        general, tuples = stores["general"], stores["tuples"]
        assert _user_rows(general) == _user_rows(tuples)
        assert _states_and_log(general) == _states_and_log(tuples)
        assert _conflicts_and_duplicates(general) == _conflicts_and_duplicates(tuples)
        found, pairs = _conflicts_and_duplicates(tuples)
        assert {kind for kind, *_rest in found} >= {"unique", "deleted"} and pairs
        assert courses.get_course(tuples, course_id).place == "Raum 12"
        for path in (files[0], files[3]):
            import_(laptop, path)
        assert digest(tuples) == digest(laptop)
    finally:
        for store in stores.values():
            store.close()


@pytest.mark.sqlite_only  # a shared server looks up every row
def test_a_table_with_a_row_or_a_state_is_not_unseen(store: Store) -> None:
    with store.uow() as uow:
        unseen = merge.unseen_tables(uow.session)
    assert {"volunteer", "attendance", "course"} <= unseen
    assert not {"office", "module"} & unseen  # every new database ships them
    volunteers.add_volunteer(store, given_name="Łukasz", family_name="Nowak")
    with store.uow() as uow:
        assert "volunteer" not in merge.unseen_tables(uow.session)
        uow.session.delete(uow.session.scalars(select(Volunteer)).one())
        uow.commit()
    with store.uow() as uow:  # no row left, but the deleted row's state
        assert uow.session.scalars(select(Volunteer)).first() is None
        assert "volunteer" not in merge.unseen_tables(uow.session)


def test_an_import_into_a_new_database_does_not_look_up_its_own_rows(
    tmp_path: Path, office: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo.fill_demo(office, volunteers=12, seed=6)
    path = full_export(office, tmp_path / "full")
    asked: list[tuple[str, str]] = []
    load_states = merge.load_states

    def spy(session: Any, keys: Any, **options: Any) -> Any:
        keys = list(keys)
        asked.extend(keys)
        return load_states(session, keys, **options)

    monkeypatch.setattr(merge, "load_states", spy)
    monkeypatch.setattr(importing, "PART_SIZE", 50)
    new = replica(tmp_path, "neu")
    try:
        import_(new, path)
        assert digest(new) == digest(office)
        assert not {tbl for tbl, _id in asked} & {"volunteer", "attendance", "log_entry"}
        asked.clear()
        import_(new, full_export(office, tmp_path / "again"))  # known by now: nothing new
        volunteers.add_volunteer(office, given_name="Олена", family_name="Шевченко")
        import_(new, full_export(office, tmp_path / "later"))
        assert "volunteer" in {tbl for tbl, _id in asked}  # a filled table is asked again
        assert digest(new) == digest(office)
    finally:
        new.close()


def _person_entry(row_id: str, site: str) -> Entry:
    data = {"given_name": "Nguyễn Thị", "family_name": "Ánh", "city": "Celle"}
    return Entry(site, 1, 5_000, "volunteer", row_id, "i", 0, data, None)


@pytest.mark.sqlite_only  # a shared server looks up every row
def test_a_row_written_by_an_earlier_part_is_found_by_a_later_one(store: Store) -> None:
    """Within one import, a state part may name a row a change part has just written, and a
    conflict may name a person an earlier part wrote: only a part's own entries skip the
    lookup in tables that were empty when the import began."""
    site, row_id = str(uuid.uuid4()), str(uuid.uuid4())
    newer = {"city": ("Hameln", (9_000, site)), "given_name": ("Nguyễn Thị", (5_000, site))}
    parts = [
        ([_person_entry(row_id, site)], ()),
        ((), [merge.SnapshotItem("volunteer", row_id, 0, True, newer)]),
    ]
    with store.uow() as uow:
        assert "volunteer" in merge.unseen_tables(uow.session)
        result = merge.merge_parts(uow.session, parts)
        merger = merge.Merger(uow.session)
        merger.unseen = frozenset({"volunteer"})
        merger.load([("volunteer", row_id)])
        found = merger.work[("volunteer", row_id)]
        assert found.before is not None and found.state is not None and found.state.alive
        merger = merge.Merger(uow.session)
        merger.unseen = frozenset({"volunteer"})
        merger.load([("volunteer", row_id)], own=True)  # as if the row were new to this part
        assert merger.work[("volunteer", row_id)].before is None
        uow.commit()
    assert result.new == {"volunteer": 1} and result.changed == {"volunteer": 1}
    with store.new_session() as session:
        person = session.get(Volunteer, row_id)
        assert person is not None and person.city == "Hameln"


PEOPLE = st.dictionaries(
    st.sampled_from([f"p{n:02d}" for n in range(30)]),
    st.tuples(
        st.sampled_from(["sahin|ilkay", "nguyen|anh", "muller|sabine"]),
        st.sampled_from([None, date(1980, 1, 2), date(1991, 7, 9)]),
    ),
)


@given(people=PEOPLE, wanted=st.sets(st.sampled_from([f"p{n:02d}" for n in range(32)])))
def test_namesakes_grouped_by_birth_date_are_the_pairs_of_the_plain_comparison(
    people: dict[str, tuple[str, date | None]], wanted: set[str]
) -> None:
    plain = {
        (min(a, b), max(a, b))
        for a in wanted
        if a in people
        for b, (name, birth) in people.items()
        if b != a
        and name == people[a][0]
        and (birth is None or people[a][1] is None or birth == people[a][1])
    }
    assert merge.namesake_pairs(people, wanted) == plain


def test_marks_merged_apart_from_their_session_keep_their_course_as_scope(
    tmp_path: Path, office: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mark whose state is kept in ``sync_row`` (changed after it was made) carries its
    course as scope, also when its session was merged in an earlier part and is read from the
    database: a course package and the erasure of a course find it by that scope."""
    demo.fill_demo(office, volunteers=20, seed=8)
    with office.new_session() as session:
        marks = session.execute(
            select(Attendance.volunteer_id, Attendance.session_id, CourseSession.course_id)
            .join(CourseSession, CourseSession.id == Attendance.session_id)
            .order_by(Attendance.id)
            .limit(6)
        ).all()
    for volunteer_id, session_id, course_id in marks:
        courses.set_attendance(
            office,
            course_id=course_id,
            session_id=session_id,
            volunteer_ids=[volunteer_id],
            state="entschuldigt",
        )
    monkeypatch.setattr(importing, "PART_SIZE", 7)
    new = replica(tmp_path, "neu")
    try:
        import_(new, full_export(office, tmp_path / "full"))
        with new.new_session() as session:
            query = select(CourseSession.id, CourseSession.course_id)
            course_of = {row[0]: row[1] for row in session.execute(query)}
            query = select(Attendance.id, Attendance.session_id)
            session_of = {row[0]: row[1] for row in session.execute(query)}
            states = load_states(session, [("attendance", row_id) for row_id in session_of])
        kept = [states[key] for key in states.stored]
        assert len(kept) >= len(marks)
        assert all(s.scope == course_of[session_of[s.row_id]] for s in kept)
    finally:
        new.close()


def test_a_received_time_with_an_offset_is_stored_as_utc() -> None:
    """Times are naive UTC on every machine; another writer's offset was dropped, and the wall
    time kept, two hours off for a German summer time."""
    assert schema.decode("datetime", "2026-07-01T10:00:00+02:00") == datetime(2026, 7, 1, 8, 0)
    assert schema.decode("datetime", "2026-07-01T10:00:00Z") == datetime(2026, 7, 1, 10, 0)
    assert schema.decode("datetime", "2026-07-01T10:00:00") == datetime(2026, 7, 1, 10, 0)
    with pytest.raises(schema.BadValue):  # before year 1 in UTC: a bad value, not a crash
        schema.check_value(("datetime", True, None), "0001-01-01T00:30:00+01:00")
