"""The settings page's backup section: folder, last backup, "Jetzt sichern", "Wiederherstellen…".

Changes apply at once (a local setting of this machine), not with the page's Speichern: the
section holds no unsaved input.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QGroupBox, QWidget

from lotsen_desktop.domain.backups import BackupReason
from lotsen_desktop.errors import LotsenError
from lotsen_desktop.gui.forms.backup_settings_ui import Ui_BackupSettings
from lotsen_desktop.gui.operations import Operation, ProgressCallback, run_operation, show_error
from lotsen_desktop.i18n import _, format_date_short
from lotsen_desktop.store import backup as backups
from lotsen_desktop.store.database import Store


class BackupSettings(QGroupBox):
    """Where backups go, when the last one was made, and the two buttons."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.ui = Ui_BackupSettings()
        self.ui.setupUi(self)
        ui = self.ui
        self.folder_edit = ui.folder_edit
        self.folder_message = ui.folder_message
        self.last_backup = ui.last_backup
        self.backup_button = ui.backup_button
        self.restore_button = ui.restore_button
        ui.choose_button.clicked.connect(self.choose_folder)
        ui.default_button.clicked.connect(lambda: self.set_folder(None))
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore)
        self.operation: Operation | None = None
        self.refresh()

    def refresh(self) -> None:
        """Show the folder (with a warning if it cannot be used now) and the last backup."""
        chosen = backups.configured_folder(self.store)
        folder, warning = backups.target_folder(self.store)
        self.folder_edit.setText(str(chosen or folder))
        self.ui.default_button.setEnabled(chosen is not None)
        if warning and chosen is not None:
            self.folder_message.show_warning(
                _(
                    "The folder cannot be used now ({problem}); backups go to {fallback} until "
                    "it is back."
                ).format(problem=backups.folder_problem(chosen) or "?", fallback=folder)
            )
        else:
            self.folder_message.clear()
        when = backups.latest_backup(self.store)
        self.last_backup.setText(
            _("Last backup: {date} {time}").format(
                date=format_date_short(when), time=when.strftime("%H:%M")
            )
            if when is not None
            else _("Last backup: none yet")
        )

    def choose_folder(self) -> None:
        start = self.folder_edit.text()
        name = QFileDialog.getExistingDirectory(self, _("Folder for backups"), start)
        if name:
            self.set_folder(Path(name))

    def set_folder(self, folder: Path | None) -> None:
        try:
            backups.set_backup_folder(self.store, folder)
        except LotsenError as error:
            self.folder_message.show_error(str(error))
            return
        self.refresh()
        if folder is not None:
            self.folder_message.show_info(
                _("Backups are written to {folder} from now on.").format(folder=folder)
            )

    def back_up_now(self) -> Operation:
        store = self.store
        self.backup_button.setEnabled(False)

        def work(progress: ProgressCallback) -> backups.BackupResult:
            return backups.backup_database(store, BackupReason.MANUAL, progress=progress)

        def done(result: object) -> None:
            self.backup_button.setEnabled(True)
            self.refresh()
            if isinstance(result, backups.BackupResult):
                message = _("Backup written: {name}").format(name=result.path.name)
                if result.warning:
                    self.folder_message.show_warning(f"{message}\n{result.warning}")
                else:
                    self.folder_message.show_info(message)

        def failed(error: object) -> None:
            self.backup_button.setEnabled(True)
            show_error(self, error)

        self.operation = run_operation(self, _("Creating a backup…"), work, done, on_error=failed)
        return self.operation

    def restore(self) -> None:
        """The window restores (it must close and reopen the store)."""
        window = self.window()
        restore = getattr(window, "restore_from_backup", None)
        if restore is not None:
            restore()
