"""Shared fixtures: a fresh office database in a temporary folder, German by default.

The helper modules next to this file (``sync_helpers``, ``certificate_fixtures``, ``db_template``
...) are importable by name from every test folder.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from db_template import migrated_copy

from lotsen_desktop import logs
from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.i18n import set_language
from lotsen_desktop.store import database
from lotsen_desktop.store.database import Store


@pytest.fixture(autouse=True)
def _german_and_isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in German with no access to a real user's database."""
    monkeypatch.setenv("LOTSEN_DB", str(tmp_path / "default" / "lotsen.sqlite"))
    monkeypatch.setenv("LOTSEN_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.delenv("LOTSEN_LANG", raising=False)
    set_language("de")
    yield
    set_language("de")
    logs.shutdown()


@pytest.fixture(autouse=True)
def _sqlite_without_fsync(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test never loses power, so SQLite need not wait for the disk after each commit
    (``synchronous = OFF``): most of the suite's writing time. Tests marked ``durable`` keep the
    program's setting; child processes (the SIGKILL tests) always do."""
    if request.node.get_closest_marker("durable"):
        return
    program_settings = database._on_connect

    def without_fsync(dbapi_connection: Any, record: Any) -> None:
        program_settings(dbapi_connection, record)
        dbapi_connection.execute("PRAGMA synchronous = OFF")

    monkeypatch.setattr(database, "_on_connect", without_fsync)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the ``store`` fixture's database lives; nothing is there until a test opens it."""
    return tmp_path / "office" / "lotsen.sqlite"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """An empty office database, copied from the migrated template (see ``db_template``)."""
    opened = open_office_store(migrated_copy(db_path), user="test-user")
    yield opened
    opened.close()
