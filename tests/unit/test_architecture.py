"""The layers' dependency rules, checked on the source text."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "lotsen_desktop"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _python_files(folder: Path) -> list[Path]:
    files = [p for p in folder.rglob("*.py") if "migrations" not in p.parts]
    assert files, f"no sources in {folder}: every check would pass without looking"
    return files


def test_qt_is_imported_only_in_gui() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in _python_files(PACKAGE)
        if "gui" not in path.relative_to(PACKAGE).parts
        and any(
            name.split(".")[0] in {"PySide6", "shiboken6", "PyQt6", "PyQt5"}
            for name in _imports(path)
        )
    ]
    assert offenders == []


def test_domain_knows_no_database_and_no_qt() -> None:
    for path in _python_files(PACKAGE / "domain"):
        roots = {name.split(".")[0] for name in _imports(path)}
        assert not roots & {"sqlalchemy", "alembic", "PySide6"}, path
        assert not any(
            n.startswith(("lotsen_desktop.store", "lotsen_desktop.services"))
            for n in _imports(path)
        ), path


def test_documents_take_data_not_sessions() -> None:
    for path in _python_files(PACKAGE / "documents"):
        roots = {name.split(".")[0] for name in _imports(path)}
        assert "sqlalchemy" not in roots, path
        assert not any(n.startswith("lotsen_desktop.store") for n in _imports(path)), path


def test_gui_builds_no_sql() -> None:
    for path in _python_files(PACKAGE / "gui"):
        roots = {name.split(".")[0] for name in _imports(path)}
        assert "sqlalchemy" not in roots, path
        assert not any(n.startswith("lotsen_desktop.store.models") for n in _imports(path)), path


def test_services_never_import_the_gui() -> None:
    for folder in ("domain", "store", "services", "documents", "sync"):
        for path in _python_files(PACKAGE / folder):
            assert not any(n.startswith("lotsen_desktop.gui") for n in _imports(path)), path
