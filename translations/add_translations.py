"""Append translations to a layer's catalog: ``python translations/add_translations.py core FILE.py``.

FILE.py defines a dict ``T`` (English msgid -> German). Entries already in the catalog are kept;
new ones are appended as text, so the file's order stays and merges stay small.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def add(layer: str, translations: dict[str, str], language: str = "de") -> int:
    path = ROOT / language / "LC_MESSAGES" / f"{layer}.po"
    existing: set[str] = set()
    if path.exists():
        with path.open("rb") as handle:
            existing = {m.id for m in read_po(handle, locale=language) if m.id and m.string}
    new = {k: v for k, v in translations.items() if k not in existing}
    with path.open("a", encoding="utf-8") as out:
        for msgid, msgstr in new.items():
            out.write(f"\nmsgid {_quote(msgid)}\nmsgstr {_quote(msgstr)}\n")
    return len(new)


if __name__ == "__main__":
    layer, source = sys.argv[1], sys.argv[2]
    print(add(layer, runpy.run_path(source)["T"]), "added")
