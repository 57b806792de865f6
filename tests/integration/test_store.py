"""The database file: settings, migrations, backups, refusals and the unit of work."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, select, text

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.errors import StoreError
from lotsen_desktop.services import volunteers
from lotsen_desktop.store import database
from lotsen_desktop.store.database import Store, open_store
from lotsen_desktop.store.models import Volunteer


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.durable
@pytest.mark.sqlite_only
def test_engine_settings(store: Store) -> None:
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert (
            connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == database.BUSY_TIMEOUT_MS
        )


def test_new_database_is_at_head_with_defaults(store: Store) -> None:
    assert database.current_revision(store.engine) == database.head_revision()
    assert database.check_integrity(store)


def test_default_location_and_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOTSEN_DB", raising=False)
    assert database.resolve_db_path(None) == database.default_db_path()
    assert database.default_db_path().name == "lotsen.sqlite"
    monkeypatch.setenv("LOTSEN_DB", str(tmp_path / "env.sqlite"))
    assert database.resolve_db_path(None) == tmp_path / "env.sqlite"
    assert database.resolve_db_path(tmp_path / "explicit.sqlite") == tmp_path / "explicit.sqlite"


def test_populated_database_is_upgraded_in_place_after_a_backup(tmp_path: Path) -> None:
    """An office on the first schema version keeps its data through every later migration."""
    path = tmp_path / "old.sqlite"
    engine = database.create_sqlite_engine(path)
    with engine.begin() as connection:
        command.upgrade(database._alembic_config(connection), "0001")
        connection.execute(
            text(
                "INSERT INTO volunteer (id, created_at, updated_at, changed_by, given_name, family_name, title_form,"
                " phone, email, street, postal_code, city, origin_country, availability, status,"
                " police_certificate_seen_by, notes, search_key, sort_key)"
                " VALUES ('v1', '2026-01-01', '2026-01-01', 'x', 'Łukasz', 'Nowak', 'lotse', '', '', '', '', '',"
                " '', '', 'aktiv', '', '', '', 'nowak')"
            )
        )
    engine.dispose()
    head = database.head_revision()
    store = open_office_store(path)
    try:
        assert database.current_revision(store.engine) == head
        assert volunteers.get_volunteer(store, "v1").given_name == "Łukasz"
        assert [r.id for r in volunteers.list_volunteers(store, search="lukasz")] == ["v1"]
    finally:
        store.close()
    backups = list((tmp_path / "backups").glob("old-*.sqlite"))
    if head != "0001":
        assert len(backups) == 1
        copy = sqlite3.connect(backups[0])
        assert copy.execute("SELECT given_name FROM volunteer").fetchone() == ("Łukasz",)
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        copy.close()


@pytest.mark.sqlite_only
def test_database_from_a_newer_version_is_refused_untouched(store: Store, db_path: Path) -> None:
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff9999'"))
    store.close()
    before = _sha(db_path)
    with pytest.raises(StoreError, match="neueren Version"):
        open_store(db_path)
    assert _sha(db_path) == before
    assert not (db_path.parent / "backups").exists()


def test_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("Einkaufsliste", encoding="utf-8")
    with pytest.raises(StoreError, match="keine Lotsen-Desktop-Datenbank"):
        open_store(path)
    assert path.read_text(encoding="utf-8") == "Einkaufsliste"


@pytest.mark.sqlite_only
def test_locked_database_gives_a_clear_message(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)
    blocker = sqlite3.connect(db_path, timeout=0.05)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        other = Store(
            path=db_path,
            engine=create_engine(f"sqlite:///{db_path}", connect_args={"timeout": 0.05}),
        )
        with pytest.raises(StoreError, match="von einem anderen Programm"):
            volunteers.add_volunteer(other, given_name="A", family_name="B")
        other.close()
    finally:
        blocker.rollback()
        blocker.close()


def test_unit_of_work_rolls_back_without_commit_and_fills_bookkeeping(store: Store) -> None:
    with store.uow() as uow:
        uow.session.add(Volunteer(given_name="Nicht", family_name="Gespeichert"))
        uow.session.flush()
    with store.new_session() as session:
        assert session.scalars(select(Volunteer)).all() == []
    volunteer_id = volunteers.add_volunteer(store, given_name="Olena", family_name="Koval")
    with store.new_session() as session:
        row = session.get(Volunteer, volunteer_id)
        assert row is not None
        assert row.changed_by == "test-user"
        assert row.created_at is not None and row.updated_at is not None
        assert len(row.id) == 36


def test_changed_tables_are_reported(store: Store) -> None:
    with store.uow() as uow:
        uow.session.add(Volunteer(given_name="A", family_name="B"))
        uow.commit()
        assert "volunteer" in uow.changed_tables


def test_file_errors_are_described_in_german() -> None:
    import errno

    from lotsen_desktop.errors import describe_os_error

    assert describe_os_error(FileNotFoundError(errno.ENOENT, "No such file or directory")) == (
        "die Datei oder der Ordner existiert nicht"
    )
    assert (
        describe_os_error(OSError(errno.ENOSPC, "No space left on device"))
        == "der Datenträger ist voll"
    )
