"""Build the program's parts once: the store with its defaults and the hooks other layers attach.

Nothing here runs at import time; the CLI and the window call ``open_office_store``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from lotsen_desktop.services import qualification, setup
from lotsen_desktop.store import backup as backups
from lotsen_desktop.store.database import Store, driver_errors, known_revisions, open_store
from lotsen_desktop.sync.capture import install_capture
from lotsen_desktop.sync.clock import read_hlc, start_new_site


def open_office_store(
    path: str | os.PathLike[str] | None = None,
    *,
    user: str | None = None,
    passphrase: str | None = None,
    waiting: Callable[[str], None] | None = None,
) -> Store:
    """Open the office database (migrated and backed up as needed) with the shipped defaults.

    ``passphrase`` opens an encrypted file (see ``store.database.open_store``); ``waiting`` is
    told when a shared database is being upgraded by another PC."""
    store = open_store(path, user=user, passphrase=passphrase, waiting=waiting)
    try:
        install_capture(store)  # sync: record every change from here on (issue 5)
        qualification.install(store)  # derived figures kept in every transaction (issue 8)
        setup.ensure_defaults(store)
    except BaseException:
        store.close()
        raise
    return store


def restore_backup(store: Store, backup: Path) -> backups.RestoreResult:
    """Replace the (closed) database of ``store`` with ``backup`` under a new sync site id.

    The restored file must not reuse the sequence numbers its peers have already received from
    this machine, so it gets a new site id before it replaces the database, and its clock is
    raised to the replaced file's. Open the store again afterwards.
    """
    floor = 0
    if store.path.exists():
        with contextlib.suppress(*driver_errors(), OSError):
            connection = store.connect_raw(store.path)
            try:
                floor = read_hlc(connection)
            finally:
                connection.close()
    sites: list[str] = []

    def prepare(connection: sqlite3.Connection) -> None:
        sites.append(start_new_site(connection, str(store.path.resolve()), floor))

    result = backups.restore_database(
        store, backup, known_revisions=known_revisions(), prepare=prepare
    )
    return dataclasses.replace(result, new_site_id=sites[0] if sites else "")
