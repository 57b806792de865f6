"""Build the Windows (or Linux) bundle of Lotsen Desktop with PyInstaller.

    python -m pip install -e ".[build]"
    python build_installer.py            # dist/LotsenDesktop/ (one folder, start LotsenDesktop.exe)
    python build_installer.py --zip      # plus dist/LotsenDesktop-<version>.zip for hand-over

The bundle carries the translations, fonts, icons, Designer forms and the Alembic migrations, so an
office upgrades its database in place when it installs a newer bundle.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
APP_NAME = "LotsenDesktop"


def data_folders() -> list[tuple[Path, str]]:
    """(source folder, destination inside the bundle) of every non-Python file the program reads."""
    return [
        (ROOT / "translations", "lotsen_desktop/_data/translations"),
        (ROOT / "resources", "lotsen_desktop/_data/resources"),
        (ROOT / "ui", "lotsen_desktop/_data/ui"),
        (ROOT / "lotsen_desktop" / "store" / "migrations", "lotsen_desktop/store/migrations"),
    ]


def pyinstaller_arguments() -> list[str]:
    separator = os.pathsep
    arguments = [
        str(ROOT / "lotsen_desktop" / "__main__.py"),
        "--name",
        APP_NAME,
        "--noconfirm",
        "--clean",
        "--windowed",
        "--collect-submodules",
        "lotsen_desktop",
        "--collect-submodules",
        "alembic",
        "--collect-data",
        "babel",
        "--collect-data",
        "reportlab",
        "--collect-submodules",
        "reportlab",
        "--hidden-import",
        "_rl_accel",  # ReportLab's C accelerator, imported by name at run time
        "--collect-all",
        "pypdfium2",
        "--collect-all",
        "pypdfium2_raw",
    ]
    icon = ROOT / "resources" / "icons" / "app.ico"
    if icon.exists():
        arguments += ["--icon", str(icon)]
    for source, destination in data_folders():
        if source.exists():
            arguments += ["--add-data", f"{source}{separator}{destination}"]
    return arguments


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--zip", action="store_true", help="also pack the folder into a zip file")
    parser.add_argument("--print", action="store_true", help="only print the PyInstaller arguments")
    args = parser.parse_args()
    if args.print:
        print("\n".join(pyinstaller_arguments()))
        return 0
    try:
        import PyInstaller.__main__ as pyinstaller
    except ImportError:
        print("PyInstaller fehlt: python -m pip install -e '.[build]'", file=sys.stderr)
        return 1
    pyinstaller.run(pyinstaller_arguments())
    if args.zip:
        from lotsen_desktop import __version__

        archive = shutil.make_archive(
            str(ROOT / "dist" / f"{APP_NAME}-{__version__}"), "zip", ROOT / "dist", APP_NAME
        )
        print(archive)
    return 0


if __name__ == "__main__":
    sys.exit(main())
