"""Measure the program as an office runs it: from compiled bytecode.

An installed program imports its modules from cached bytecode (pip compiles on install, the
PyInstaller bundle holds only bytecode). A machine that sets ``PYTHONDONTWRITEBYTECODE`` (this
project's build and CI machines do) compiles every project module from source again in each
process, which added 100 to 400 ms to a page's first open and to the cold start in the figures.
The dependencies already have their bytecode from pip.
"""

from __future__ import annotations

import compileall
import os
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "lotsen_desktop"


def use_cached_bytecode() -> bool:
    """Compile the project once (``__pycache__`` beside the sources, ignored by git) and let this
    process and its children read and write bytecode; True if it was switched off before."""
    was_off = sys.dont_write_bytecode or bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
    compileall.compile_dir(PACKAGE, quiet=1)
    return was_off
