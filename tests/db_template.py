"""A migrated empty database, made once per test process and copied for each test.

Running the migrations costs far more than copying a file, and almost every test starts from an
empty office. Tests of the migrations themselves open a fresh path instead.
"""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
from pathlib import Path

from lotsen_desktop.store.database import head_revision, open_store

_template: Path | None = None


def _build() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="lotsen-test-template-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "template.sqlite"
    open_store(path, user="template").close()
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        connection.close()
    assert revision == head_revision(), revision
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "template changes still in the WAL"
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
