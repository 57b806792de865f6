"""Build the program's parts once: the store with its defaults and the hooks other layers attach.

Nothing here runs at import time; the CLI and the window call ``open_office_store``.
"""

from __future__ import annotations

import os

from lotsen_desktop.services import setup
from lotsen_desktop.store.database import Store, open_store


def open_office_store(
    path: str | os.PathLike[str] | None = None, *, user: str | None = None
) -> Store:
    """Open the office database (migrated and backed up as needed) with the shipped defaults."""
    store = open_store(path, user=user)
    try:
        setup.ensure_defaults(store)
    except BaseException:
        store.close()
        raise
    return store
