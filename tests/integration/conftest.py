"""Replicas for the sync tests: an office and machines that joined it from its full export.

A test module that needs another ``office`` (the report and certificate tests) defines its own,
which overrides this one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sync_helpers import full_export, import_, replica

from lotsen_desktop.store.database import Store


@pytest.fixture
def office(tmp_path: Path, engine: str) -> Iterator[Store]:
    """The office: on PostgreSQL in the ``pg`` half (the shared register is one site among
    others), the laptops that join it stay SQLite files."""
    store = replica(tmp_path, "Büro", engine)
    yield store
    store.close()


def _joined(tmp_path: Path, office: Store, name: str, folder: str) -> Iterator[Store]:
    store = replica(tmp_path, name)
    import_(store, full_export(office, tmp_path / folder))
    yield store
    store.close()


@pytest.fixture
def laptop(tmp_path: Path, office: Store) -> Iterator[Store]:
    yield from _joined(tmp_path, office, "Laptop", "join-laptop")


@pytest.fixture
def second(tmp_path: Path, office: Store) -> Iterator[Store]:
    yield from _joined(tmp_path, office, "Zweigstelle", "join-second")
