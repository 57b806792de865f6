"""Translations, resources, forms and migrations reach the wheel and the PyInstaller bundle."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

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


def _build_installer() -> ModuleType:
    sys.path.insert(0, str(ROOT))
    try:
        import build_installer
    finally:
        sys.path.pop(0)
    return build_installer


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for the bundle")
def test_build_script_self_tests_the_bundle_offscreen_and_returns_its_exit_code(
    tmp_path: Path,
) -> None:
    record = tmp_path / "called.txt"
    fake_bundle = tmp_path / "LotsenDesktop"
    fake_bundle.write_text(f'#!/bin/sh\necho "$QT_QPA_PLATFORM $*" > "{record}"\nexit 3\n')
    fake_bundle.chmod(0o755)
    assert _build_installer().self_test(fake_bundle) == 3
    assert record.read_text().split() == ["offscreen", "--self-test"]
    assert _build_installer().self_test(tmp_path / "missing") == 1


def test_inno_setup_script_installs_per_user_and_keeps_the_data_folder() -> None:
    script = (ROOT / "installer" / "lotsen-desktop.iss").read_text(encoding="utf-8")
    settings = {
        key.strip(): value.strip()
        for key, _sep, value in (
            line.partition("=")
            for line in script.splitlines()
            if "=" in line and not line.startswith((";", "#", "Name:", "Source:", "Type:"))
        )
    }
    assert settings["PrivilegesRequired"] == "lowest"
    assert settings["DefaultDirName"].startswith("{autopf}")  # {userpf} in per-user mode
    assert 'Name: "{autoprograms}\\{#AppName}"; Filename: "{app}\\{#AppExe}"' in script
    assert 'Source: "{#BundleDir}\\*"' in script
    # Only the program folder is ever deleted; the data folder is the program's, not Setup's.
    deleted = [line for line in script.splitlines() if line.startswith("Type:")]
    assert deleted and all('Name: "{app}\\' in line for line in deleted)
    assert "LotsenDesktop" not in "".join(deleted)
    assert "[UninstallDelete]\n" not in script
    assert _build_installer().INNO_SCRIPT == ROOT / "installer" / "lotsen-desktop.iss"


def test_generated_forms_are_package_modules_for_wheel_and_bundle() -> None:
    import importlib

    forms = sorted((ROOT / "lotsen_desktop" / "gui" / "forms").glob("*_ui.py"))
    assert forms, "no generated form modules"
    assert (ROOT / "lotsen_desktop" / "gui" / "forms" / "__init__.py").is_file()
    for module in forms:
        importlib.import_module(f"lotsen_desktop.gui.forms.{module.stem}")
    assert {f.stem.removesuffix("_ui") for f in forms} == {
        ui.stem for ui in (ROOT / "ui").glob("*.ui")
    }
    arguments = _build_installer().pyinstaller_arguments()
    assert "lotsen_desktop" in arguments[arguments.index("--collect-submodules") + 1 :]
