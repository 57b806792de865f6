"""After an upgrade the file is rebuilt, so it gives back what the migrations freed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.services import volunteers
from lotsen_desktop.store import database

pytestmark = pytest.mark.sqlite_only


def _pages(path: Path) -> tuple[int, int]:
    connection = sqlite3.connect(path)
    try:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        free = connection.execute("PRAGMA freelist_count").fetchone()[0]
        return int(pages), int(free)
    finally:
        connection.close()


def _freed(path: Path, revision: str | None, megabytes: int) -> None:
    """A database at ``revision`` (head when None) with one volunteer and ``megabytes`` of pages
    freed, as a migration that rewrote a large table leaves them."""
    engine = database.create_sqlite_engine(path)
    with engine.begin() as connection:
        command.upgrade(database._alembic_config(connection), revision or "head")
    engine.dispose()
    if revision is None:
        store = database.open_store(path)
        volunteers.add_volunteer(store, given_name="İlkay", family_name="Şahin")
        store.close()
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE scratch (payload BLOB)")
    raw.executemany(
        "INSERT INTO scratch VALUES (?)", [(bytes(4096),) for _ in range(megabytes * 256)]
    )
    raw.commit()
    raw.execute("DROP TABLE scratch")
    raw.commit()
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()


def test_an_upgrade_rebuilds_the_file(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite"
    _freed(path, "0020", megabytes=4)
    pages, free = _pages(path)
    assert free > pages // 2
    store = open_office_store(path)
    try:
        assert database.current_revision(store.engine) == database.head_revision()
        assert database.check_integrity(store)
    finally:
        store.close()
    after, free_after = _pages(path)
    assert free_after == 0
    assert after < pages - free // 2
    assert len(list((tmp_path / "backups").glob("office-*.sqlite"))) == 1


def test_space_freed_inside_pages_comes_back_too(tmp_path: Path) -> None:
    """Values rewritten shorter in place (as 0022 rewrites times) free no page, only bytes."""
    path = tmp_path / "office.sqlite"
    _freed(path, None, megabytes=0)
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE keep (payload BLOB)")
    raw.executemany("INSERT INTO keep VALUES (?)", [(bytes(3000),) for _ in range(1000)])
    raw.commit()
    raw.execute("UPDATE keep SET payload = x'00'")
    raw.commit()
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    pages, free = _pages(path)
    assert free < pages // 10  # no free pages to speak of: the bytes are free inside them
    engine = database.create_sqlite_engine(path)
    try:
        assert database.rebuild_file(engine) is True
    finally:
        engine.dispose()
    assert _pages(path)[0] < pages // 2


def test_a_rebuild_that_cannot_run_leaves_a_valid_file_and_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program writing (or a full disk) stops the rebuild; the office opens its data."""
    path = tmp_path / "office.sqlite"
    _freed(path, None, megabytes=2)
    pages, free = _pages(path)
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)
    engine = database.create_sqlite_engine(path)
    blocker = sqlite3.connect(path, timeout=0.05)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        assert database.rebuild_file(engine) is False
    finally:
        blocker.rollback()
        blocker.close()
        engine.dispose()
    assert _pages(path) == (pages, free)
    store = database.open_store(path)
    try:
        assert [v.family_name for v in volunteers.list_volunteers(store)] == ["Şahin"]
    finally:
        store.close()
