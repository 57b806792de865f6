"""Moved to ``lotsen_desktop.fileformat`` (services use it too); this name is an alias of it.

The alias is the same module object, so ``monkeypatch.setattr`` through either name works.
Remove it once nothing imports ``lotsen_desktop.sync.fileformat`` any more.
"""

import sys

from lotsen_desktop import fileformat
from lotsen_desktop.fileformat import *  # noqa: F403  (what type checkers see)

sys.modules[__name__] = fileformat
