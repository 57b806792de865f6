"""Build the program's parts once: the store with its defaults and the hooks other layers attach.

Nothing here runs at import time; the CLI and the window call ``open_office_store``.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from lotsen_desktop.services import qualification, setup
from lotsen_desktop.store.database import Store, open_store
from lotsen_desktop.sync.capture import install_capture


def open_office_store(
    path: str | os.PathLike[str] | None = None,
    *,
    user: str | None = None,
    waiting: Callable[[str], None] | None = None,
) -> Store:
    """Open the office database (migrated and backed up as needed) with the shipped defaults.

    ``waiting`` is told when a shared database is being upgraded by another PC."""
    store = open_store(path, user=user, waiting=waiting)
    try:
        install_capture(store)  # sync: record every change from here on (issue 5)
        qualification.install(store)  # derived figures kept in every transaction (issue 8)
        setup.ensure_defaults(store)
    except BaseException:
        store.close()
        raise
    return store
