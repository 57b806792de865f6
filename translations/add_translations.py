"""Append translations to a layer's catalog: ``python translations/add_translations.py core FILE.py``.

FILE.py defines a dict ``T`` (English msgid -> German). Entries already in the catalog are kept.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent


def add(layer: str, translations: dict[str, str], language: str = "de") -> int:
    path = ROOT / language / "LC_MESSAGES" / f"{layer}.po"
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
    else:
        catalog = Catalog(locale=language, project="lotsen-desktop")
    added = 0
    for msgid, msgstr in translations.items():
        existing = catalog.get(msgid)
        if existing is None or not existing.string:
            catalog.add(msgid, msgstr)
            added += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False, sort_output=True)
    return added


if __name__ == "__main__":
    layer, source = sys.argv[1], sys.argv[2]
    print(add(layer, runpy.run_path(source)["T"]), "added")
