"""Compile the Qt Designer forms in ``ui/`` into ``lotsen_desktop/gui/forms/``.

    python ui/compile.py            # regenerate every form module
    python ui/compile.py --check    # exit 1 if a committed module differs from its .ui (tests)

The generated modules are committed, not built at install time: ``pip install -e .``, the
tests and PyInstaller then need no build step and no ``pyside6-uic`` on the user's machine,
and a review shows what a form change does to the code. ``--check`` keeps them current.

Strings in a form are translated with ``lotsen_desktop.i18n.ui_text`` (``pyside6-uic --tr``),
so they are extracted into the Babel catalogs like every other string and the catalog check
covers them. The compiler's version line is dropped so that a newer PySide6 does not make
every module look stale.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMS_UI = ROOT / "ui"
FORMS_PY = ROOT / "lotsen_desktop" / "gui" / "forms"
HEADER = (
    "# Generated from ui/{name} by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.\n"
    "# ruff: noqa\n"
    "# mypy: ignore-errors\n"
)
IMPORT = "from lotsen_desktop.i18n import ui_text\n"


def _uic() -> list[str]:
    found = shutil.which("pyside6-uic")
    if found:
        return [found]
    from PySide6 import __file__ as pyside_init  # the wheel's own uic binary

    folder = Path(pyside_init).parent
    for candidate in (folder / "Qt" / "libexec" / "uic", folder / "uic.exe", folder / "uic"):
        if candidate.exists():
            return [str(candidate), "-g", "python"]
    raise SystemExit("pyside6-uic not found")


def module_path(ui_file: Path) -> Path:
    return FORMS_PY / f"{ui_file.stem}_ui.py"


def generate(ui_file: Path) -> str:
    """The Python module for ``ui_file``."""
    done = subprocess.run(
        [*_uic(), "--tr", "ui_text", "--absolute-imports", str(ui_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    body = done.stdout
    body = re.sub(r"^#.*\n", "", body, flags=re.M)  # uic's banner with its version
    body = body.lstrip("\n")
    first_import = body.index("from PySide6")
    body = body[:first_import] + IMPORT + body[first_import:]
    return HEADER.format(name=ui_file.name) + "\n" + body.rstrip() + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale: list[str] = []
    FORMS_PY.mkdir(exist_ok=True)
    expected = set()
    for ui_file in sorted(FORMS_UI.glob("*.ui")):
        target = module_path(ui_file)
        expected.add(target.name)
        text = generate(ui_file)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != text:
            stale.append(ui_file.name)
            if not check:
                target.write_text(text, encoding="utf-8")
    orphans = sorted(p.name for p in FORMS_PY.glob("*_ui.py") if p.name not in expected)
    if check:
        for name in stale:
            print(f"{name}: generated module is not current; run python ui/compile.py")
        for name in orphans:
            print(f"{name}: has no .ui file")
        return 1 if stale or orphans else 0
    for name in orphans:
        (FORMS_PY / name).unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
