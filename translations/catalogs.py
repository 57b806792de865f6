"""Keep the translation catalogs complete.

    python translations/catalogs.py missing     # msgids in the code without a German translation
    python translations/catalogs.py check       # exit 1 if any are missing (the tests run this)

Strings are marked in the code with ``_()``, ``N_()`` or ``ngettext()``; the forms compiled from
``ui/*.ui`` call ``ui_text()``. Each layer keeps its own
catalog ``translations/de/LC_MESSAGES/<layer>.po`` (core, gui, documents, sync); a msgid needs a
translation in one of them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2), "ui_text": (1,)}


def source_messages() -> dict[str, str]:
    """msgid -> first place it occurs."""
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT / "lotsen_desktop"),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, f"{filename}:{lineno}")
    return found


def translated(language: str = "de") -> set[str]:
    result: set[str] = set()
    for po_file in sorted((ROOT / "translations" / language / "LC_MESSAGES").glob("*.po")):
        with po_file.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
            strings = (
                message.string if isinstance(message.string, (list, tuple)) else [message.string]
            )
            if all(strings):
                result.add(msgid)
    return result


def missing(language: str = "de") -> dict[str, str]:
    done = translated(language)
    return {msgid: where for msgid, where in source_messages().items() if msgid not in done}


def main(argv: list[str]) -> int:
    todo = missing()
    if argv[:1] == ["missing"]:
        for msgid, where in sorted(todo.items(), key=lambda item: item[1]):
            escaped = msgid.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            print(f'#: {where}\nmsgid "{escaped}"\nmsgstr ""\n')
        return 0
    if todo:
        print(
            f"{len(todo)} strings without German translation; run: python translations/catalogs.py missing"
        )
        return 1
    print("catalogs complete")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
