"""Where bundled data lives, in a source checkout, an installed wheel and a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder ``translations``, ``resources`` or ``ui``.

    The wheel puts them under ``lotsen_desktop/_data``; a checkout (and an editable install)
    has them beside the package; PyInstaller unpacks them under ``sys._MEIPASS``.
    """
    candidates = [_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "lotsen_desktop" / "_data" / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"data folder {name!r} not found")


def resource(*parts: str) -> Path:
    """Path of a file under ``resources/``."""
    return data_dir("resources").joinpath(*parts)
