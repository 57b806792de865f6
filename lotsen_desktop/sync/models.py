"""Moved to ``lotsen_desktop.store.sync_tables`` (the schema lives in the store); an alias of it.

Remove it once nothing imports ``lotsen_desktop.sync.models`` any more.
"""

import sys

from lotsen_desktop.store import sync_tables
from lotsen_desktop.store.sync_tables import *  # noqa: F403  (what type checkers see)

sys.modules[__name__] = sync_tables
