"""What only a shared PostgreSQL store does: one client migrates while the others wait with a
message, a database that sorts by language rules is refused, the site id belongs to the database
(not to the PC that opened it), and the server has ICU's German collation."""

from __future__ import annotations

import threading
from typing import Any

import psycopg
import pytest

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.errors import StoreError
from lotsen_desktop.store import server
from lotsen_desktop.store.database import (
    Store,
    current_revision,
    head_revision,
    open_server_store,
    open_store,
)
from lotsen_desktop.sync import capture

pytestmark = pytest.mark.pg


def _connect(url: str) -> Any:
    return psycopg.connect(url, autocommit=True)


def test_a_second_client_waits_for_the_migration_with_a_message(cluster: Any) -> None:
    url = cluster.empty_database()
    holder = _connect(url)  # another PC in the middle of an upgrade
    holder.execute(f"SELECT pg_advisory_lock({server.MIGRATION_LOCK_KEY})")
    told = threading.Event()
    messages: list[str] = []
    opened: list[Store] = []
    failures: list[BaseException] = []

    def waiting(message: str) -> None:
        messages.append(message)
        told.set()

    def start() -> None:
        try:
            opened.append(open_server_store(url, user="test-user", waiting=waiting))
        except BaseException as error:
            failures.append(error)
            told.set()

    thread = threading.Thread(target=start)
    thread.start()
    assert told.wait(60)
    assert not opened  # still waiting for the lock
    holder.execute(f"SELECT pg_advisory_unlock({server.MIGRATION_LOCK_KEY})")
    thread.join(120)
    holder.close()
    assert not failures, failures
    assert messages == [
        "Ein anderer Rechner aktualisiert gerade die gemeinsame Datenbank auf eine neue Version. "
        "Bitte warten…"
    ]
    store = opened[0]
    try:
        assert current_revision(store.engine) == head_revision()
    finally:
        store.close()


def test_a_database_that_sorts_by_language_rules_is_refused(cluster: Any) -> None:
    name = "icu_sorted"
    cluster.admin(
        f'CREATE DATABASE "{name}" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE "de-DE" '
        "LOCALE 'C.UTF-8'"
    )
    cluster._created.append(name)
    with pytest.raises(StoreError, match="LC_COLLATE 'C'"):
        open_store(cluster.url(name))
    with _connect(cluster.url(name)) as connection:
        assert connection.execute("SELECT to_regclass('alembic_version')").fetchone() == (None,)


def test_the_site_id_belongs_to_the_database_not_to_the_pc(
    cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = cluster.migrated_database()
    first = open_office_store(url, user="pc-1")
    try:
        site = capture.site_id(first)
    finally:
        first.close()
    monkeypatch.setattr("platform.node", lambda: "another-pc")
    second = open_office_store(url, user="pc-2")
    try:
        assert capture.site_id(second) == site
    finally:
        second.close()
    copy = open_office_store(cluster.copy_of(url), user="pc-1")
    try:
        assert capture.site_id(copy) != site  # a copy (a restored dump) is a new place
    finally:
        copy.close()


def test_the_server_has_german_collation(cluster: Any) -> None:
    url = cluster.empty_database()
    store = open_store(url)
    try:
        with store.engine.connect() as connection:
            assert server.has_german_collation(connection)
            ordered = [
                row[0]
                for row in connection.exec_driver_sql(
                    "SELECT n FROM (VALUES ('Zoe'), ('Öztürk'), ('Ozturk'), ('Abel')) AS t(n) "
                    f'ORDER BY n COLLATE "{server.GERMAN_COLLATION}"'
                )
            ]
        assert ordered == ["Abel", "Ozturk", "Öztürk", "Zoe"]
    finally:
        store.close()


def test_two_pcs_saving_at_once_get_distinct_stamps(cluster: Any) -> None:
    """Two processes (here: two stores, two threads) on one shared database never hand out the
    same sequence number or clock stamp: the clock row is locked until the commit."""
    from sqlalchemy import func, select

    from lotsen_desktop.services import volunteers
    from lotsen_desktop.store.sync_tables import SyncChange

    url = cluster.migrated_database()
    stores = [open_office_store(url, user=f"pc-{n}") for n in range(2)]
    failures: list[BaseException] = []
    start = threading.Barrier(2)

    def work(store: Store, n: int) -> None:
        try:
            start.wait(30)
            for i in range(15):
                volunteers.add_volunteer(store, given_name=f"P{n}", family_name=f"N{i}")
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=work, args=(s, n)) for n, s in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    try:
        assert not failures, failures
        assert volunteers.count_volunteers(stores[0]) == 30
        t = SyncChange.__table__
        with stores[0].new_session() as session:
            total, distinct = session.execute(
                select(func.count(), func.count(func.distinct(t.c.hlc))).where(
                    t.c.tbl == "volunteer"
                )
            ).one()
        assert total == distinct == 30  # one commit per person, each with its own stamp
    finally:
        for store in stores:
            store.close()


def test_the_backup_command_points_to_pg_dump(
    cluster: Any, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from lotsen_desktop.cli import main

    url = cluster.migrated_database()
    assert main(["--db", url, "backup"]) != 0
    assert "pg_dump" in capsys.readouterr().err
    assert main(["--db", url, "--format", "json", "status"]) == 0
    assert "postgresql://" in capsys.readouterr().out


def test_the_pc_that_upgrades_the_shared_database_says_so(cluster: Any) -> None:
    """At 100,000 volunteers the upgrade 0021 to 0023 took 96 s on the server."""
    from alembic import command
    from sqlalchemy import create_engine

    from lotsen_desktop.store import database

    url = cluster.migrated_database()
    engine = create_engine(url)
    with engine.begin() as connection:
        command.downgrade(database._alembic_config(connection), "0022")
    engine.dispose()
    messages: list[str] = []
    store = open_server_store(url, user="test-user", waiting=messages.append)
    try:
        assert current_revision(store.engine) == head_revision()
    finally:
        store.close()
    assert messages == [
        "Lotsen Desktop bringt die gemeinsame Datenbank auf den Stand dieser Version. Bei vielen "
        "Einträgen dauert das einige Minuten; die anderen Computer warten so lange. Bitte den "
        "Computer nicht ausschalten."
    ]
    open_server_store(url, user="test-user", waiting=messages.append).close()
    assert len(messages) == 1  # up to date: nothing to say
