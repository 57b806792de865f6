"""Compaction by itself, old entries packed, and migration 0018 (the smaller schema).

Automatic compaction runs after an import (the sender's file says what it has seen) and once a
day at start; it folds only what every partner has acknowledged and keeps the changes after a
recent full export for the machine that reads it. Packed entries read back exactly everywhere:
delta exports, pending entries, trims, redactions; the migration down unpacks them again.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, inspect, select, text
from sync_helpers import PASS, digest, export, full_export, import_, log_keys, replica

from lotsen_desktop.cli import main
from lotsen_desktop.services import courses, demo, privacy, volunteers
from lotsen_desktop.store import database, log_packing
from lotsen_desktop.store.database import Store, page_bytes
from lotsen_desktop.store.sync_tables import SyncChange, change_table, row_table
from lotsen_desktop.sync import compact, exchange
from lotsen_desktop.sync.merge import pending_entries
from lotsen_desktop.sync.state import entry_from_row, load_base

LATER = datetime.now() + timedelta(days=compact.PACK_AFTER_DAYS + 1)
"""A clock two weeks ahead: every entry made now is old by then."""


def _log(store: Store) -> dict[tuple[str, int], dict[str, object]]:
    """Every entry's data as the program reads it (packed or not)."""
    with store.new_session() as session:
        return {
            (r.origin, int(r.seq)): entry_from_row(r).data
            for r in session.execute(select(change_table))
        }


def _packed_count(store: Store) -> int:
    with store.new_session() as session:
        return int(
            session.execute(select(func.count()).where(SyncChange.packed.is_not(None))).scalar()
            or 0
        )


def _partners(office: Store, laptop: Store, folder: Path) -> None:
    """The office learns of the laptop, the laptop gets everything, and the office learns so."""
    folder.mkdir()
    import_(office, export(laptop, folder / "b1", peer="Büro"))
    import_(laptop, export(office, folder / "d", peer="Laptop"))
    import_(office, export(laptop, folder / "b2", peer="Büro"))


def _people(store: Store, count: int = 3) -> list[str]:
    return [
        volunteers.add_volunteer(
            store,
            given_name=f"İlkay {n}",
            family_name="Şahin",
            city="Hannover",
            notes="Gesprächsnotiz: spricht Türkisch und Kurdisch, abends erreichbar",
        )
        for n in range(count)
    ]


def test_old_entries_a_partner_still_needs_are_packed_and_travel_unchanged(
    tmp_path: Path, office: Store, laptop: Store
) -> None:
    people = _people(office)
    _partners(office, laptop, tmp_path / "0")
    for person in people:  # the laptop has not seen these yet
        volunteers.update_volunteer(office, person, street="Lange Straße 12", city="Celle")
    before = _log(office)

    assert compact.compact_log(office).packed == 0  # nothing is old yet
    result = compact.compact_log(office, now=LATER)
    assert result.held_back_by == ("Laptop",) and result.packed > 0
    assert _packed_count(office) == result.packed
    after = _log(office)  # what the laptop has seen was folded; the rest reads back exactly
    assert len(after) == result.remaining == len(people)
    assert after == {key: before[key] for key in after}
    with office.new_session() as session:
        raw = session.execute(
            select(SyncChange.data).where(SyncChange.packed.is_not(None))
        ).scalars()
        assert set(raw) == {""}
    assert compact.compact_log(office, now=LATER).packed == 0  # each entry once

    delta = exchange.export_file(
        office, tmp_path / "d1", passphrase=PASS, peer="Laptop", kdf_n=2**10
    )
    assert delta.kind == "delta"
    import_(laptop, delta.path)
    assert digest(laptop) == digest(office)
    assert volunteers.get_volunteer(laptop, people[0]).city == "Celle"


def test_packed_entries_are_trimmed_and_redacted_like_plain_ones(
    tmp_path: Path, office: Store, laptop: Store
) -> None:
    secret = "Zyxwvutsrq"
    person = volunteers.add_volunteer(
        office, given_name="Geheim", family_name=secret, street="Verborgenweg 7"
    )
    other = _people(office, 1)[0]
    _partners(office, laptop, tmp_path / "0")
    for phone in ("0511 111111", "0511 222222", "0511 333333"):
        volunteers.update_volunteer(office, other, phone=phone, notes=f"Rückruf unter {phone}")
    volunteers.update_volunteer(office, person, street="Verborgenweg 8", notes="x" * 80)
    assert compact.compact_log(office, trim=False).remaining == 4
    assert compact.pack_old_entries(office, now=LATER) == 4

    assert compact.compact_log(office).trimmed == 2  # superseded values leave packed entries
    values = [d for d in _log(office).values() if d.get("phone")]
    assert [d["phone"] for d in values] == ["0511 333333"]

    privacy.erase_person(office, person, confirm_name=secret)
    text_of_log = json.dumps(list(_log(office).values()), ensure_ascii=False)
    assert secret not in text_of_log and "Verborgenweg" not in text_of_log
    with office.new_session() as session:
        rows = session.execute(
            select(SyncChange.op, SyncChange.packed).where(SyncChange.row_id == person)
        ).all()
    assert rows and all(packed is None for _op, packed in rows)  # no compressed copy left

    import_(laptop, export(office, tmp_path / "d1", peer="Laptop"))
    assert digest(laptop) == digest(office)


def test_pending_entries_are_read_back_from_packed_data(tmp_path: Path, office: Store) -> None:
    people = _people(office, 1)
    with office.uow() as uow:
        uow.session.execute(change_table.update().values(applied=False))
        uow.commit()
    compact.pack_old_entries(office, now=LATER)
    assert _packed_count(office) > 0
    with office.new_session() as session:
        pending = pending_entries(session)
    by_row = {e.row_id: e.data for e in pending}
    assert by_row[people[0]]["given_name"] == "İlkay 0"


@pytest.mark.sqlite_only
def test_an_import_that_acknowledges_changes_folds_them_by_itself(
    tmp_path: Path, office: Store, laptop: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    people = _people(office)
    import_(office, export(laptop, tmp_path / "b0", peer="Büro"))  # the laptop is a partner
    compact.compact_log(office)
    assert compact.compact_if_useful(office) is None  # nothing new to fold: a cheap no-op
    import_(laptop, export(office, tmp_path / "d0", peer="Laptop"))
    volunteers.update_volunteer(office, people[0], city="Celle")
    before = log_keys(office)

    # the laptop's file says it has seen everything up to the delta
    path = export(laptop, tmp_path / "b1", peer="Büro")
    assert (
        main(
            [
                "--db",
                office.target,
                "--format",
                "json",
                "import",
                str(path),
                "--passphrase-file",
                str(_passphrase(tmp_path)),
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["compacted"]["folded"] > 0
    site = exchange.site_info(office).site_id
    with office.new_session() as session:
        base = load_base(session)
    assert base[site] > 0
    assert {k for k in log_keys(office) if k[0] == site} == {
        k for k in before if k[0] == site and k[1] > base[site]
    }  # the edit the laptop has not seen stays
    assert compact.compact_if_useful(office) is None

    import_(laptop, export(office, tmp_path / "d1", peer="Laptop"))
    assert digest(laptop) == digest(office)


def _passphrase(folder: Path) -> Path:
    path = folder / "pw.txt"
    path.write_text(PASS + "\n", encoding="utf-8")
    return path


@pytest.mark.sqlite_only
def test_a_recent_full_export_keeps_later_changes_for_its_reader(
    tmp_path: Path, office: Store
) -> None:
    people = _people(office)
    volunteers.update_volunteer(office, people[0], city="Celle")
    path = full_export(office, tmp_path / "new")
    volunteers.update_volunteer(office, people[1], city="Peine")  # after the export

    result = compact.compact_if_useful(office)
    assert result is not None and result.folded > 0 and result.remaining == 1
    newcomer = replica(tmp_path, "Neu")
    import_(newcomer, path)
    import_(office, export(newcomer, tmp_path / "back", peer="Büro"))
    delta = exchange.export_file(office, tmp_path / "d", passphrase=PASS, peer="Neu", kdf_n=2**10)
    assert delta.kind == "delta" and delta.notice == ""  # not a full export again
    import_(newcomer, delta.path)
    assert digest(newcomer) == digest(office)

    # the reader is a partner now: what it has not acknowledged (the delta, the new edit) waits
    volunteers.update_volunteer(office, people[2], city="Goslar")
    # (the newcomer's own entries were folded by the import already: nothing else to fold)
    assert compact.compact_if_useful(office) is None
    result = compact.compact_log(office, trim=False, keep_for_recent_exports=True)
    assert result.folded == 0 and result.remaining == 2 and result.held_back_by == ("Neu",)
    newcomer.close()


@pytest.mark.sqlite_only
def test_a_full_export_nobody_answers_holds_back_for_a_month_only(
    tmp_path: Path, office: Store
) -> None:
    people = _people(office)
    full_export(office, tmp_path / "new")
    volunteers.update_volunteer(office, people[1], city="Peine")
    assert compact.compact_if_useful(office).remaining == 1  # type: ignore[union-attr]
    assert compact.compact_if_useful(office) is None
    month = datetime.now() + timedelta(days=compact.FULL_EXPORT_GRACE_DAYS + 1)
    result = compact.compact_if_useful(office, now=month)
    assert result is not None and result.remaining == 0
    assert compact.compact_log(office).remaining == 0


@pytest.mark.sqlite_only
def test_without_partners_everything_is_folded_and_a_new_machine_joins_with_states(
    tmp_path: Path, office: Store
) -> None:
    people = _people(office)
    course = courses.add_course(
        office, module_code="BASIS", title="Basis", session_dates=["2026-03-07", "2026-03-14"]
    )
    courses.enrol_volunteers(office, course_id=course, volunteer_ids=people)
    volunteers.update_volunteer(office, people[0], city="Celle")
    privacy.erase_person(office, people[2], confirm_name="Şahin")

    result = compact.compact_at_start(office)
    assert result is not None and result.remaining == 0 and result.held_back_by == ()
    assert compact.compact_at_start(office) is None  # once a day
    assert log_keys(office) == set()

    fresh = replica(tmp_path, "Neu")
    summary = import_(fresh, full_export(office, tmp_path / "full"))
    assert summary.kind == "full"
    assert digest(fresh) == digest(office)
    volunteers.update_volunteer(fresh, people[1], city="Wolfsburg")
    import_(office, export(fresh, tmp_path / "back", peer="Büro"))
    assert volunteers.get_volunteer(office, people[1]).city == "Wolfsburg"
    import_(fresh, export(office, tmp_path / "d", peer="Neu"))
    assert digest(fresh) == digest(office)
    fresh.close()


@pytest.mark.sqlite_only
def test_the_waiting_and_tombstone_lookups_use_the_small_partial_indexes(office: Store) -> None:
    """Migration 0018 indexes only waiting entries and deleted rows; the two queries must be
    written as the index conditions are (``is_(False)``) or SQLite scans the whole table."""
    from lotsen_desktop.sync.exchange import export as export_module

    with office.engine.connect() as connection:
        query = select(change_table).where(change_table.c.applied.is_(False))
        sql = str(query.compile(connection, compile_kwargs={"literal_binds": True}))
        plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql).fetchall()
        assert "ix_sync_change_waiting" in str(plan)
        r = row_table
        query = select(r).where(r.c.scope == "x", r.c.alive.is_(False))
        sql = str(query.compile(connection, compile_kwargs={"literal_binds": True}))
        plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql).fetchall()
        assert "ix_sync_row_dead_scope" in str(plan)
    assert "r.c.alive.is_(False)" in Path(export_module.__file__).read_text(encoding="utf-8")


def test_migration_0018_down_unpacks_and_up_again(
    tmp_path: Path, office: Store, laptop: Store
) -> None:
    people = _people(office)
    _partners(office, laptop, tmp_path / "0")
    volunteers.update_volunteer(office, people[0], notes="Neue Notiz " + "y" * 80)
    compact.compact_log(office, now=LATER)
    assert _packed_count(office) > 0
    entries, states = _log(office), digest(office)
    engine = office.engine
    sqlite = engine.dialect.name == "sqlite"

    with engine.begin() as connection:
        command.downgrade(database._alembic_config(connection), "0017")
    found = inspect(engine)
    assert "packed" not in {c["name"] for c in found.get_columns("sync_change")}
    assert "ix_attendance_session_id" in {i["name"] for i in found.get_indexes("attendance")}
    assert "ix_sync_row_scope" in {i["name"] for i in found.get_indexes("sync_row")}
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT origin, seq, data FROM sync_change")).all()
        assert {(o, int(s)): json.loads(d) for o, s, d in rows} == entries
        if sqlite:
            ddl = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'sync_row'")
            ).scalar()
            assert "WITHOUT ROWID" not in ddl

    with engine.begin() as connection:
        command.upgrade(database._alembic_config(connection), "head")
    found = inspect(engine)
    assert "ix_attendance_session_id" not in {i["name"] for i in found.get_indexes("attendance")}
    assert "ix_enrolment_course_id" not in {i["name"] for i in found.get_indexes("enrolment")}
    assert {i["name"] for i in found.get_indexes("sync_row")} == {"ix_sync_row_dead_scope"}
    with engine.connect() as connection:
        if sqlite:
            ddl = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'sync_row'")
            ).scalar()
            assert "WITHOUT ROWID" in ddl
    assert _log(office) == entries and digest(office) == states
    import_(laptop, export(office, tmp_path / "d1", peer="Laptop"))
    assert digest(laptop) == digest(office)
    assert log_packing.CURRENT == 1


def test_a_machine_back_after_compaction_is_told_why_it_gets_a_full_export(
    tmp_path: Path, office: Store, laptop: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    people = _people(office, 1)
    _partners(office, laptop, tmp_path / "0")
    volunteers.update_volunteer(office, people[0], city="Celle")  # the laptop never sees this
    assert main(["--db", office.target, "peers", "forget", "Laptop"]) == 0
    assert compact.compact_log(office).remaining == 0
    import_(office, export(laptop, tmp_path / "back", peer="Büro"))  # it comes back
    capsys.readouterr()
    out = tmp_path / "again.lotsen"
    code = main(
        [
            "--db",
            office.target,
            "export",
            "--peer",
            "Laptop",
            "--out",
            str(out),
            "--passphrase-file",
            str(_passphrase(tmp_path)),
        ]
    )
    assert code == 0
    text = capsys.readouterr().out
    assert "bereits zusammengefasst" in text and "vollständige Austauschdatei" in text
    import_(laptop, out)
    assert volunteers.get_volunteer(laptop, people[0]).city == "Celle"
    assert digest(laptop) == digest(office)


def test_receiving_a_file_folds_what_it_acknowledges_and_a_dry_run_folds_nothing(
    tmp_path: Path, office: Store, laptop: Store
) -> None:
    """The window and the command line receive through one use case that compacts after it."""
    _people(office)
    import_(office, export(laptop, tmp_path / "b0", peer="Büro"))
    compact.compact_log(office)
    import_(laptop, export(office, tmp_path / "d0", peer="Laptop"))
    path = export(laptop, tmp_path / "b1", peer="Büro")
    before = log_keys(office)

    preview = exchange.receive_file(office, path, passphrase=PASS, dry_run=True)
    assert preview.compacted is None
    assert log_keys(office) == before
    if office.is_server:  # a shared PostgreSQL database is compacted by hand only
        assert exchange.receive_file(office, path, passphrase=PASS).compacted is None
        assert log_keys(office) == before
        return

    def cancel_compaction(done: int, total: int) -> bool:
        return not compacting[0]

    compacting = [False]
    original = compact.compact_log

    def compact_log(*args: object, **kwargs: object) -> compact.CompactResult:
        compacting[0] = True
        return original(*args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compact, "compact_log", compact_log)
        cancelled = exchange.receive_file(office, path, passphrase=PASS, progress=cancel_compaction)
    assert compacting[0] and cancelled.compacted is None  # the import stays, the fold waits
    assert log_keys(office) == before

    summary = exchange.receive_file(office, path, passphrase=PASS)
    assert summary.compacted is not None and summary.compacted.folded > 0
    assert summary.as_dict()["compacted"]["folded"] == summary.compacted.folded
    assert len(log_keys(office)) < len(before)


def test_a_new_machine_rebuilds_the_file_its_first_import_wrote(
    tmp_path: Path,
    office: Store,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A large import leaves its indexes' pages partly empty (a laptop that received the L
    office: 516 MB, 492 MB rebuilt). After an import that more than doubled the file, the
    receive rebuilds it; a later, smaller one does not; a failing rebuild keeps the import."""
    demo.fill_demo(office, volunteers=100, seed=3)  # twice the new, empty database
    volunteers.add_volunteer(office, given_name="Nguyễn Thị", family_name="Ánh <&>")
    path = full_export(office, tmp_path / "full")
    monkeypatch.setattr(compact, "REBUILD_AFTER_GROWTH", 0)  # the real limit is 100 MB
    rebuilt: list[int] = []
    rebuild = compact._rebuild

    def counted(store: Store, progress: object) -> None:
        rebuilt.append(page_bytes(store.engine))
        rebuild(store, progress)  # type: ignore[arg-type]

    monkeypatch.setattr(compact, "_rebuild", counted)
    new = replica(tmp_path, "Neu")
    before = page_bytes(new.engine)
    exchange.receive_file(new, path, passphrase=PASS)
    assert len(rebuilt) == 1 and rebuilt[0] > 2 * before
    with new.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert page_bytes(new.engine) <= rebuilt[0]
    assert digest(new) == digest(office)

    volunteers.add_volunteer(office, given_name="Łukasz", family_name="Nowak")
    exchange.receive_file(new, full_export(office, tmp_path / "again"), passphrase=PASS)
    assert len(rebuilt) == 1  # the file grew by a little: left as it is
    assert digest(new) == digest(office)

    def full_disk(store: Store, progress: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(compact, "_rebuild", full_disk)
    third = replica(tmp_path, "Dritter")
    with caplog.at_level(logging.WARNING, logger="lotsen_desktop.sync.compact"):
        summary = exchange.receive_file(third, path, passphrase=PASS)
    assert summary.received > 0
    assert digest(third) != digest(office)  # the Łukasz added after this file
    assert "skipped: OperationalError" in caplog.text
    assert "Ánh" not in caplog.text and "Nguyễn" not in caplog.text
    if office.is_server:  # a shared PostgreSQL database is never rebuilt after an import
        assert compact.rebuild_after_import(office, 1) is None
