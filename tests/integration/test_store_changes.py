"""The store tells its listeners after each successful commit which tables were written."""

from __future__ import annotations

import threading

import pytest

from lotsen_desktop.errors import ValidationError
from lotsen_desktop.services import volunteers
from lotsen_desktop.store.database import Changes, Store
from lotsen_desktop.store.models import Volunteer
from lotsen_desktop.sync.state import raw_connection


@pytest.fixture
def heard(store: Store) -> list[Changes]:
    received: list[Changes] = []
    store.add_change_listener(received.append)
    return received


def test_a_commit_names_the_tables_it_wrote(store: Store, heard: list[Changes]) -> None:
    volunteers.add_volunteer(store, given_name="İlkay", family_name="Şahin")
    assert len(heard) == 1
    assert {"volunteer", "status_change"} <= heard[0].tables
    assert heard[0].touches({"volunteer", "course"}) and not heard[0].touches({"course"})
    assert heard[0].initiator is None


def test_nothing_is_heard_of_a_rollback_or_a_refused_change(
    store: Store, heard: list[Changes]
) -> None:
    with store.uow() as uow:
        uow.session.add(Volunteer(given_name="A", family_name="B"))
        uow.session.flush()  # written, then rolled back on leaving the block
    with pytest.raises(ValidationError):
        volunteers.add_volunteer(store, given_name="", family_name="")
    assert heard == []
    store.set_local_setting("key", "value")  # the next commit names only its own table
    assert [c.tables for c in heard] == [frozenset({"local_setting"})]


def test_writes_on_the_driver_connection_are_seen(store: Store, heard: list[Changes]) -> None:
    """The sync layer writes in bulk on the driver connection under the session."""
    with store.uow() as uow:
        raw = raw_connection(uow.session)
        raw.executemany(
            "INSERT INTO local_setting (key, value) VALUES (?, ?)", [("a", "1"), ("b", "2")]
        )
        raw.execute("UPDATE local_setting SET value = '3' WHERE key = 'a'")
        uow.commit()
    assert [c.tables for c in heard] == [frozenset({"local_setting"})]


def test_a_commit_in_another_thread_is_heard_there(store: Store, heard: list[Changes]) -> None:
    threads: list[str] = []
    store.add_change_listener(lambda _changes: threads.append(threading.current_thread().name))
    with store.initiated_by("the main thread's view"):
        worker = threading.Thread(
            target=lambda: volunteers.add_volunteer(store, given_name="Олена", family_name="К"),
            name="worker",
        )
        worker.start()
        worker.join()
    assert threads == ["worker"]
    assert heard[0].initiator is None  # the initiator belongs to the thread that set it
    with store.initiated_by("view"):
        volunteers.add_volunteer(store, given_name="Ana", family_name="B")
    assert heard[-1].initiator == "view"


def test_a_failing_listener_neither_undoes_the_commit_nor_silences_the_others(
    store: Store, heard: list[Changes]
) -> None:
    def broken(_changes: Changes) -> None:
        raise RuntimeError("view gone")

    store.remove_change_listener(heard.append)
    store.add_change_listener(broken)
    store.add_change_listener(heard.append)
    volunteers.add_volunteer(store, given_name="Nguyễn Thị", family_name="Ánh")
    assert volunteers.count_volunteers(store) == 1
    assert len(heard) == 1
    store.remove_change_listener(heard.append)
    volunteers.add_volunteer(store, given_name="Łukasz", family_name="Nowak")
    assert len(heard) == 1
