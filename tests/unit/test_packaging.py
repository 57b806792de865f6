"""Translations, resources, forms and migrations reach the wheel and the PyInstaller bundle."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_includes_the_data_folders() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert included == {
        "translations": "lotsen_desktop/_data/translations",
        "resources": "lotsen_desktop/_data/resources",
        "ui": "lotsen_desktop/_data/ui",
    }


def test_bundle_includes_data_folders_and_migrations() -> None:
    sys.path.insert(0, str(ROOT))
    try:
        import build_installer
    finally:
        sys.path.pop(0)
    destinations = {destination for _source, destination in build_installer.data_folders()}
    assert {
        "lotsen_desktop/_data/translations",
        "lotsen_desktop/_data/resources",
        "lotsen_desktop/_data/ui",
        "lotsen_desktop/store/migrations",
    } <= destinations
    arguments = build_installer.pyinstaller_arguments()
    assert arguments.count("--add-data") >= 3


def test_fonts_are_shipped_for_all_names() -> None:
    from lotsen_desktop.paths import resource

    assert resource("fonts", "DejaVuSans.ttf").is_file()
    assert resource("fonts", "DejaVuSans-Bold.ttf").is_file()
