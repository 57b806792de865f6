"""The layers' dependency rules, checked on the imports of every module (also lazy ones).

From the bottom up (a module imports only from its own layer and the layers below it):

    base       errors, i18n, paths, tasks (progress, Cancelled), files (write_atomic),
               fileformat (the encrypted .lotsen file), logs (the log file): small pieces every
               layer shares
    domain     rules and vocabulary: no SQL, no Qt
    store      models (also the exchange's tables), engine, migrations
    documents  PDF and spreadsheet output from plain data: never the store  (beside store)
    services   use cases on the store; render documents
    sync       the exchange between machines: capture, merge, files; uses services
               (qualification figures, default rows, digest)
    bootstrap  opening an office's store with capture installed
    gui        PySide6, the only place that imports Qt
    cli        the command line; starts the window

So services never import sync, the store never imports services or sync (one frozen data
migration excepted, below), and nothing below ``gui`` imports Qt.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "lotsen_desktop"

LAYERS: dict[str, tuple[int, str]] = {
    "": (0, "base"),
    "__version__": (0, "base"),
    "errors": (0, "base"),
    "i18n": (0, "base"),
    "paths": (0, "base"),
    "tasks": (0, "base"),
    "files": (0, "base"),
    "fileformat": (0, "base"),
    "logs": (0, "base"),
    "domain": (1, "domain"),
    "store": (2, "store"),
    "documents": (2, "documents"),
    "services": (3, "services"),
    "sync": (4, "sync"),
    "bootstrap": (5, "bootstrap"),
    "gui": (6, "gui"),
    "cli": (7, "cli"),
    "__main__": (7, "cli"),
}
"""First name below ``lotsen_desktop`` -> (rank, layer); same rank, other layer: not allowed."""

ALLOWED_UPWARD = {
    # the data migration that fills the derived figures (after the attendance codes are German
    # and the keys have their stored form: moved from 0010 to 0020) with the service's own rule,
    # so that migrated and maintained figures cannot differ
    ("store/migrations/versions/0020_uuid_keys_as_bytes.py", "lotsen_desktop.services"),
}


def _imports(path: Path) -> set[str]:
    """Every imported module, ``from lotsen_desktop import x`` read as ``lotsen_desktop.x``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}: relative import"
            if node.module == "lotsen_desktop":
                names.update(f"lotsen_desktop.{alias.name}" for alias in node.names)
            else:
                names.add(node.module)
    return names


def _python_files(folder: Path) -> list[Path]:
    files = [p for p in folder.rglob("*.py") if "migrations" not in p.parts]
    assert files, f"no sources in {folder}: every check would pass without looking"
    return files


def _layer(module: str) -> tuple[int, str]:
    parts = module.split(".")
    first = parts[1] if len(parts) > 1 else ""
    return LAYERS[first.removesuffix(".py")]


def _module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE).with_suffix("")
    return ".".join(("lotsen_desktop", *relative.parts))


def test_every_module_has_a_layer() -> None:
    unknown = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if _module_name(path).split(".")[1] not in LAYERS
        and _module_name(path) != "lotsen_desktop.__init__"
    ]
    assert unknown == [], "add new top-level modules to LAYERS (and to the docstring)"


def test_imports_point_down_the_layers() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = _module_name(path)
        rank, layer = (0, "base") if name == "lotsen_desktop.__init__" else _layer(name)
        relative = path.relative_to(PACKAGE).as_posix()
        for imported in sorted(_imports(path)):
            if imported.split(".")[0] != "lotsen_desktop":
                continue
            their_rank, their_layer = _layer(imported)
            if their_layer == layer or their_rank < rank:
                continue
            if any(
                relative == where and imported.startswith(what) for where, what in ALLOWED_UPWARD
            ):
                continue
            offenders.append(f"{relative} ({layer}) imports {imported} ({their_layer})")
    assert offenders == []


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from lotsen_desktop import fileformat\n"
        "def later():\n"
        "    from lotsen_desktop.sync.merge import merge_parts\n",
        encoding="utf-8",
    )
    found = _imports(sample)
    assert found == {"lotsen_desktop.fileformat", "lotsen_desktop.sync.merge"}
    assert _layer("lotsen_desktop.fileformat") < _layer("lotsen_desktop.services.privacy")
    assert _layer("lotsen_desktop.sync.merge")[0] > _layer("lotsen_desktop.services.privacy")[0]


def test_qt_is_imported_only_in_gui() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
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


def test_documents_take_data_not_sessions() -> None:
    for path in _python_files(PACKAGE / "documents"):
        roots = {name.split(".")[0] for name in _imports(path)}
        assert "sqlalchemy" not in roots, path


def test_gui_builds_no_sql() -> None:
    for path in _python_files(PACKAGE / "gui"):
        roots = {name.split(".")[0] for name in _imports(path)}
        assert "sqlalchemy" not in roots, path
        assert not any(n.startswith("lotsen_desktop.store.models") for n in _imports(path)), path
