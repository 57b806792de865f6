"""The one way the window asks where to save a file.

Every export, report, list and PDF goes through ``ask_save_path``: it proposes a name that says
what the file is, for whom and from when (so a second export does not silently take the first
one's name), opens in the user's Documents folder or the folder last used for that kind of file,
asks in the user's language before replacing an existing file, and remembers the folder on this
computer. ``saved_message`` is the confirmation that says what the written file holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from lotsen_desktop.files import safe_filename
from lotsen_desktop.i18n import _
from lotsen_desktop.store.database import Store

FOLDER_SETTING = "save_folder.{kind}"
"""Local setting (never synced) holding the folder last used for a kind of file."""


def default_file_name(kind: str, *details: str, suffix: str, day: date | None = None) -> str:
    """``Austausch-Laptop Müller-2026-12-01.lotsen``: kind, partner or course, date.

    Each part is made safe for Windows file names; empty details are left out."""
    parts = [safe_filename(part) for part in (kind, *details) if part and part.strip()]
    parts.append(f"{day or date.today():%Y-%m-%d}")
    return "-".join(parts) + "." + suffix.lstrip(".")


def documents_folder() -> Path:
    """The user's Documents folder (Windows: "Dokumente"), the home folder if there is none."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if location and Path(location).is_dir():
        return Path(location)
    return Path.home()


def start_folder(store: Store | None, kind: str) -> Path:
    """The folder last used for ``kind`` on this computer, else Documents."""
    if store is not None:
        remembered = store.local_setting(FOLDER_SETTING.format(kind=kind), "")
        if remembered and Path(remembered).is_dir():
            return Path(remembered)
    return documents_folder()


def remember_folder(store: Store | None, kind: str, folder: Path) -> None:
    if store is not None:
        store.set_local_setting(FOLDER_SETTING.format(kind=kind), str(folder))


def confirm_overwrite(parent: QWidget | None, path: Path) -> bool:
    """Ask before an existing file is replaced; No is the default."""
    answer = QMessageBox.question(
        parent,
        _("Replace file?"),
        _("The file {name} already exists in {folder}. Replace it?").format(
            name=path.name, folder=path.parent
        ),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_save_path(
    parent: QWidget | None,
    store: Store | None,
    *,
    kind: str,
    title: str,
    name: str,
    filters: Sequence[str],
    suffixes: Sequence[str] = (),
) -> Path | None:
    """Ask where to save; ``None`` if the user cancelled or did not want to replace a file.

    ``name`` is the proposed file name (``default_file_name``); ``kind`` keys the remembered
    folder. ``suffixes`` lists the accepted endings, matching ``filters``: a name typed without
    one gets the ending of the chosen filter (or the first)."""
    proposal = str(start_folder(store, kind) / name)
    while True:
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            parent,
            title,
            proposal,
            ";;".join(filters),
            "",
            QFileDialog.Option.DontConfirmOverwrite,
        )
        if not chosen:
            return None
        path = Path(chosen)
        wanted = [s.lstrip(".").lower() for s in suffixes] or [Path(name).suffix.lstrip(".")]
        if path.suffix.lstrip(".").lower() not in wanted:
            index = list(filters).index(chosen_filter) if chosen_filter in filters else 0
            path = path.with_name(f"{path.name}.{wanted[min(index, len(wanted) - 1)]}")
        if path.exists() and not confirm_overwrite(parent, path):
            proposal = str(path)
            continue
        remember_folder(store, kind, path.parent)
        return path


def ask_folder(
    parent: QWidget | None, store: Store | None, *, kind: str, title: str
) -> Path | None:
    """Ask for a folder to write several files into, starting where ``kind`` went last."""
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start_folder(store, kind)))
    if not chosen:
        return None
    remember_folder(store, kind, Path(chosen))
    return Path(chosen)


def saved_message(path: Path, summary: str = "") -> str:
    """ "Gespeichert: Austausch-….lotsen (Austauschdatei für …) in /home/…": what went where."""
    if summary:
        return _("Saved: {name} ({summary}) in {folder}").format(
            name=path.name, summary=summary, folder=path.parent
        )
    return _("Saved: {name} in {folder}").format(name=path.name, folder=path.parent)
