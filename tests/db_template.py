"""A migrated empty database, made once per test process and copied for each test.

Running the migrations costs far more than copying a file, and almost every test starts from an
empty office. Tests of the migrations themselves open a fresh path instead.
"""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from lotsen_desktop.store.database import Store, head_revision, open_store

T = TypeVar("T")

_folder: Path | None = None
_template: Path | None = None
_built: dict[str, tuple[Path, Any]] = {}


def _work_folder() -> Path:
    global _folder
    if _folder is None:
        _folder = Path(tempfile.mkdtemp(prefix="lotsen-test-template-"))
        atexit.register(shutil.rmtree, _folder, True)
    return _folder


def _checkpoint(path: Path) -> None:
    """Move everything from the WAL into the file, so a copy of the file alone is complete."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "changes still in the WAL"


def _build() -> Path:
    path = _work_folder() / "template.sqlite"
    open_store(path, user="template").close()
    _checkpoint(path)
    connection = sqlite3.connect(path)
    try:
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        connection.close()
    assert revision == head_revision(), revision
    return path


def migrated_copy(path: Path) -> Path:
    """Put an empty database at the newest schema at ``path`` (which must not exist yet)."""
    global _template
    if _template is None:
        _template = _build()
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_template, path)
    return path


def prepared_copy(path: Path, name: str, build: Callable[[Store], T]) -> T:
    """Put at ``path`` a copy of an office that ``build`` filled once per test process; returns
    what ``build`` returned (ids and the like). For fixtures many tests only read from.

    The copy sits at a new path, so it gets its own sync site id when opened.
    """
    from lotsen_desktop.bootstrap import open_office_store

    if name not in _built:
        source = migrated_copy(_work_folder() / name / "lotsen.sqlite")
        store = open_office_store(source, user="test-user")
        try:
            result = build(store)
        finally:
            store.close()
        _checkpoint(source)
        _built[name] = (source, result)
    source, result = _built[name]
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, path)
    return result  # type: ignore[no-any-return]


_built_pg: dict[str, tuple[str, Any]] = {}


def prepared_target(engine: str, path: Path, name: str, build: Callable[[Store], T]) -> str:
    """``prepared_copy`` on either engine: returns what ``--db``/``open_store`` takes (the file
    at ``path``, or a new PostgreSQL database copied from one ``build`` filled once)."""
    if engine != "postgresql":
        prepared_copy(path, name, build)
        return str(path)
    import pg_cluster

    from lotsen_desktop.bootstrap import open_office_store

    cluster = pg_cluster.cluster()
    if name not in _built_pg:
        url = cluster.migrated_database(keep=True)
        store = open_office_store(url, user="test-user")
        try:
            result = build(store)
        finally:
            store.close()
        _built_pg[name] = (url, result)
    return cluster.copy_of(_built_pg[name][0])


def migrated_target(engine: str, path: Path) -> str:
    """``migrated_copy`` on either engine (see ``prepared_target``)."""
    if engine != "postgresql":
        return str(migrated_copy(path))
    import pg_cluster

    return pg_cluster.cluster().migrated_database()


def prepared_result(name: str, engine: str = "sqlite") -> Any:
    """What the ``build`` of ``prepared_copy(..., name, ...)`` returned (on that engine)."""
    if engine == "postgresql":
        return _built_pg[name][1]
    return _built[name][1]
