"""Build the Windows (or Linux) bundle of Lotsen Desktop with PyInstaller.

    python -m pip install -e ".[build]"
    python build_installer.py            # dist/LotsenDesktop/ (one folder, start LotsenDesktop.exe)
    python build_installer.py --zip      # plus dist/LotsenDesktop-<version>.zip for hand-over
    python build_installer.py --setup    # plus dist/LotsenDesktop-<version>-setup.exe (Inno Setup)
    python build_installer.py --self-test-only   # check a bundle built before

The bundle carries the translations, fonts, icons, Designer forms (the modules generated from
``ui/`` are Python and come with the package) and the Alembic migrations, so an office upgrades
its database in place when it installs a newer bundle. Every bundle built is checked with
``LotsenDesktop --self-test`` (offscreen, no screen needed); a bundle that fails is not packed.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
APP_NAME = "LotsenDesktop"
INNO_SCRIPT = ROOT / "installer" / "lotsen-desktop.iss"
SELF_TEST_TIMEOUT_S = 900


OPTIONAL_PACKAGES = ("psycopg", "psycopg_binary", "keyring")
"""Packages of the ``postgres`` extra: psycopg for the server, keyring (with its backends, found
through entry-point metadata) for the password."""


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
        "--distpath",
        str(ROOT / "dist"),
        "--workpath",
        str(ROOT / "build"),
        "--specpath",
        str(ROOT / "build"),  # the generated .spec is a by-product, not a source file
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
        "--collect-all",
        "sqlcipher3",  # SQLCipher for the encrypted database, imported when first needed
    ]
    for optional in OPTIONAL_PACKAGES:  # the shared PostgreSQL database, where installed
        if importlib.util.find_spec(optional) is not None:
            arguments += ["--collect-all", optional]
    icon = ROOT / "resources" / "icons" / "app.ico"
    if icon.exists():
        arguments += ["--icon", str(icon)]
    for source, destination in data_folders():
        if source.exists():
            arguments += ["--add-data", f"{source}{separator}{destination}"]
    return arguments


def bundle_executable() -> Path:
    """The program inside the bundle PyInstaller built."""
    suffix = ".exe" if sys.platform == "win32" else ""
    return ROOT / "dist" / APP_NAME / f"{APP_NAME}{suffix}"


def self_test(executable: Path) -> int:
    """Run ``--self-test`` on the bundle (offscreen); its exit code. The windowed Windows
    program has no console, so the verdict is the exit code, printed here."""
    if not executable.exists():
        print(f"Selbsttest: {executable} fehlt", file=sys.stderr)
        return 1
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    try:
        code = subprocess.run(
            [str(executable), "--self-test"], env=env, timeout=SELF_TEST_TIMEOUT_S
        ).returncode
    except subprocess.TimeoutExpired:
        print(f"Selbsttest des Pakets: nach {SELF_TEST_TIMEOUT_S} s abgebrochen", file=sys.stderr)
        return 1
    verdict = "bestanden" if code == 0 else f"fehlgeschlagen (Exit-Code {code})"
    print(f"Selbsttest des Pakets {executable.name}: {verdict}")
    return code


def inno_compiler() -> str | None:
    """``ISCC.exe`` of Inno Setup 6 (on PATH or in one of its usual folders)."""
    found = shutil.which("iscc")
    if found:
        return found
    roots = [os.environ.get(name) for name in ("PROGRAMFILES(X86)", "PROGRAMFILES")]
    local = os.environ.get("LOCALAPPDATA")
    if local:
        roots.append(str(Path(local) / "Programs"))
    for root in filter(None, roots):
        candidate = Path(root) / "Inno Setup 6" / "ISCC.exe"
        if candidate.exists():
            return str(candidate)
    return None


def build_setup(version: str) -> int:
    """Compile ``installer/lotsen-desktop.iss`` into ``dist/LotsenDesktop-<version>-setup.exe``."""
    compiler = inno_compiler()
    if compiler is None:
        print("Inno Setup 6 (ISCC.exe) fehlt: https://jrsoftware.org/isdl.php", file=sys.stderr)
        return 1
    return subprocess.run([compiler, f"/DAppVersion={version}", str(INNO_SCRIPT)]).returncode


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--zip", action="store_true", help="also pack the folder into a zip file")
    parser.add_argument("--print", action="store_true", help="only print the PyInstaller arguments")
    parser.add_argument(
        "--setup", action="store_true", help="also compile the Inno Setup installer (Windows)"
    )
    parser.add_argument(
        "--no-self-test", action="store_true", help="do not run --self-test on the bundle"
    )
    parser.add_argument(
        "--self-test-only", action="store_true", help="only self-test the bundle built before"
    )
    args = parser.parse_args()
    if args.print:
        print("\n".join(pyinstaller_arguments()))
        return 0
    if args.self_test_only:
        return self_test(bundle_executable())
    try:
        import PyInstaller.__main__ as pyinstaller
    except ImportError:
        print("PyInstaller fehlt: python -m pip install -e '.[build]'", file=sys.stderr)
        return 1
    pyinstaller.run(pyinstaller_arguments())
    if not args.no_self_test and self_test(bundle_executable()) != 0:
        return 1
    from lotsen_desktop import __version__

    if args.setup and build_setup(__version__) != 0:
        return 1
    if args.zip:
        archive = shutil.make_archive(
            str(ROOT / "dist" / f"{APP_NAME}-{__version__}"), "zip", ROOT / "dist", APP_NAME
        )
        print(archive)
    return 0


if __name__ == "__main__":
    sys.exit(main())
