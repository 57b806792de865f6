"""LISTEN/NOTIFY: a PC's lists hear of other PCs' commits on the shared PostgreSQL database."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.services import setup, volunteers
from lotsen_desktop.store.database import Changes, Store

pytestmark = pytest.mark.pg

WAIT_S = 30  # a deadline for a notice that must come, not a speed requirement


@pytest.fixture
def two_pcs(store: Store, engine: str) -> Iterator[tuple[Store, Store]]:
    second = open_office_store(store.target, user="PC B")
    yield store, second
    second.close()


class Heard:
    def __init__(self) -> None:
        self.changes: list[Changes] = []
        self.arrived = threading.Condition()

    def __call__(self, changes: Changes) -> None:
        with self.arrived:
            self.changes.append(changes)
            self.arrived.notify_all()

    def wait_for(self, table: str) -> Changes:
        deadline = time.monotonic() + WAIT_S
        with self.arrived:
            while True:
                for changes in self.changes:
                    if table in changes.tables:
                        return changes
                left = deadline - time.monotonic()
                assert left > 0, f"no notice about {table}"
                self.arrived.wait(left)


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_another_pcs_commit_reaches_the_change_listeners(two_pcs: tuple[Store, Store]) -> None:
    a, b = two_pcs
    heard = Heard()
    b.add_change_listener(heard)
    assert b._notices is not None and b._notices.listening.wait(WAIT_S)

    volunteers.add_volunteer(a, given_name="Олена", family_name="Коваленко")
    changes = heard.wait_for("volunteer")
    assert changes.initiator is None
    assert "sync_change" in changes.tables  # every table the commit wrote is named


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_own_commits_are_not_heard_twice(two_pcs: tuple[Store, Store]) -> None:
    a, b = two_pcs
    heard = Heard()
    b.add_change_listener(heard)
    assert b._notices is not None and b._notices.listening.wait(WAIT_S)

    volunteers.add_volunteer(b, given_name="İlkay", family_name="Şahin")  # B's own commit
    setup.update_office(a, name="VHS Musterstadt")  # notices arrive in commit order
    heard.wait_for("office")
    assert sum("volunteer" in c.tables for c in heard.changes) == 1


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_a_file_store_starts_no_listener(store: Store) -> None:
    store.add_change_listener(lambda changes: None)
    assert store._notices is None
