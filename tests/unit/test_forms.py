"""The Qt Designer forms in ``ui/``: generated modules current, every string translated."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
UI_FILES = sorted((ROOT / "ui").glob("*.ui"))


def _catalogs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalogs", ROOT / "translations" / "catalogs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ui_strings(ui_file: Path) -> set[str]:
    """The strings ``pyside6-uic --tr`` wraps in ``ui_text`` (all but ``notr="true"``)."""
    return {
        element.text
        for element in ET.parse(ui_file).iter("string")
        if element.text and element.get("notr") != "true"
    }


def test_generated_form_modules_are_current() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "ui" / "compile.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_string_of_every_form_has_a_german_translation() -> None:
    assert UI_FILES, "no forms in ui/"
    translated = _catalogs().translated("de")
    missing = {
        f"{ui_file.name}: {text!r}"
        for ui_file in UI_FILES
        for text in ui_strings(ui_file)
        if text not in translated
    }
    assert missing == set()


def test_the_string_reader_skips_notr_and_finds_the_rest(tmp_path: Path) -> None:
    form = tmp_path / "sample.ui"
    form.write_text(
        '<ui version="4.0"><widget class="QWidget" name="w">'
        '<property name="windowTitle"><string>Shown</string></property>'
        '<property name="styleSheet"><string notr="true">color: red;</string></property>'
        "</widget></ui>",
        encoding="utf-8",
    )
    assert ui_strings(form) == {"Shown"}
