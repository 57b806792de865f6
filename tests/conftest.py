"""Shared fixtures: a fresh office database in a temporary folder, German by default.

The ``store`` fixture (and the sync replicas built on ``engine``) run on the engines of
``--engines`` (default ``sqlite``; ``--engines sqlite,postgresql`` or ``postgresql``). The
PostgreSQL half is marked ``pg`` and runs on a throwaway cluster (``pg_cluster``); window tests
stay on SQLite.

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

import key_guard
import pg_cluster
import time_guard
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
    monkeypatch.setenv("LOTSEN_CONFIG_DIR", str(tmp_path / "config"))
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


@pytest.fixture(autouse=True)
def _keys_stored_as_bytes(tmp_path: Path) -> Iterator[None]:
    """After each test, no SQLite file it left holds a UUID key as text (``key_guard``) or a
    time of the user tables as text (``time_guard``): set up first, so this runs after the
    test's stores are closed."""
    yield
    files = sorted(tmp_path.rglob("*.sqlite"))
    for what, check in (
        ("UUID keys", key_guard.text_keys),
        ("Times", time_guard.text_times),
    ):
        bad = [f"{path.relative_to(tmp_path)}: {entry}" for path in files for entry in check(path)]
        if bad:
            pytest.fail(f"{what} stored as text:\n" + "\n".join(bad[:20]), pytrace=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the ``store`` fixture's database lives; nothing is there until a test opens it."""
    return tmp_path / "office" / "lotsen.sqlite"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engines",
        default=os.environ.get("LOTSEN_TEST_ENGINES", "sqlite"),
        help="database engines for the store fixtures: sqlite, postgresql or both (comma list)",
    )


ENGINES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" not in metafunc.fixturenames:
        return
    if any("engine" in str(m.args[0]) for m in metafunc.definition.iter_markers("parametrize")):
        return  # the test names its engine itself
    chosen = [e.strip() for e in metafunc.config.getoption("engines").split(",") if e.strip()]
    unknown = set(chosen) - set(ENGINES)
    if unknown:
        raise pytest.UsageError(f"unknown engines: {sorted(unknown)}")
    on_file = metafunc.definition.get_closest_marker("sqlite_only") is not None
    if on_file or "tests/gui" in str(metafunc.definition.path).replace("\\", "/"):
        chosen = [e for e in chosen if e == "sqlite"]
    if not chosen:
        return
    if chosen == ["sqlite"]:
        return  # the default: test ids unchanged
    metafunc.parametrize(
        "engine",
        [pytest.param(e, marks=[pytest.mark.pg] if e == "postgresql" else []) for e in chosen],
        indirect=True,
    )


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> Iterator[str]:
    """The engine this test's store runs on; PostgreSQL databases it made are dropped after."""
    name = getattr(request, "param", "sqlite")
    if name != "postgresql":
        yield name
        return
    found = _started_cluster()
    yield name
    found.drop_created()


@pytest.fixture
def cluster(request: pytest.FixtureRequest) -> Iterator[pg_cluster.Cluster]:
    """The test session's PostgreSQL cluster, for tests that make their own databases on it;
    they run when ``--engines`` names PostgreSQL."""
    if "postgresql" not in request.config.getoption("engines"):
        pytest.skip("PostgreSQL not selected (--engines postgresql runs it)")
    found = _started_cluster()
    yield found
    found.drop_created()


def _started_cluster() -> pg_cluster.Cluster:
    """The cluster, or a skip (a failure where ``LOTSEN_TEST_PG`` requires the server)."""
    try:
        return pg_cluster.cluster()
    except pg_cluster.ClusterUnavailable as error:
        if pg_cluster.required():
            pytest.fail(f"LOTSEN_TEST_PG is set but PostgreSQL is unavailable: {error}")
        pytest.skip(f"PostgreSQL unavailable: {error}")


@pytest.fixture
def store(db_path: Path, engine: str) -> Iterator[Store]:
    """An empty office database, copied from the migrated template (see ``db_template``)."""
    if engine == "postgresql":
        opened = open_office_store(pg_cluster.cluster().migrated_database(), user="test-user")
    else:
        opened = open_office_store(migrated_copy(db_path), user="test-user")
    yield opened
    opened.close()


@pytest.fixture
def hanover_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This process in German time (CET/CEST, as a POSIX rule: no time zone database needed)."""
    import time

    monkeypatch.setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
