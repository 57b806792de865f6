"""Wiederherstellen: choose a backup (date, reason, size), see what it holds, restore it.

The dialog only chooses; ``restore_with_progress`` replaces the database (in the background,
with a progress dialog) and the caller opens the store again. At a start with a damaged
database the dialog comes with the newest good backup selected and says what is wrong.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, QItemSelectionModel
from PySide6.QtWidgets import QFileDialog, QHeaderView, QSizePolicy, QWidget

from lotsen_desktop.errors import ValidationError
from lotsen_desktop.gui.forms.restore_form_ui import Ui_RestoreForm
from lotsen_desktop.gui.models.backup_models import BackupTableModel
from lotsen_desktop.gui.operations import run_operation, show_error
from lotsen_desktop.gui.views.feedback import FormDialog, confirm
from lotsen_desktop.gui.widgets import read_only_table
from lotsen_desktop.i18n import _, format_number, ngettext
from lotsen_desktop.store import backup as backups
from lotsen_desktop.store.database import Store


class RestoreDialog(FormDialog):
    """Choose the backup to restore; ``chosen`` is its path after OK."""

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        *,
        damaged: str = "",
        select: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.chosen: Path | None = None
        self._preview: backups.BackupPreview | None = None
        self.setWindowTitle(_("Restore a backup"))
        self.ui = Ui_RestoreForm()
        self.ui.setupUi(self.body)
        ui = self.ui
        self.damaged_label = ui.damaged_label
        self.damaged_label.setText(
            _(
                "The database cannot be used: {problem}\nRestore a backup to go on working; the "
                "damaged file is kept as a copy."
            ).format(problem=damaged)
        )
        self.damaged_label.setVisible(bool(damaged))
        self.model = BackupTableModel(self)
        self.table = read_only_table(self.model, view=ui.backup_table, sortable=True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(BackupTableModel.REASON, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        ui.file_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        ui.other_file_button.clicked.connect(self.choose_file)
        self.values = {
            "volunteers": ui.volunteers_value,
            "courses": ui.courses_value,
            "certificates": ui.certificates_value,
            "mentoring_contacts": ui.contacts_value,
        }
        self.set_button_texts(_("&Restore"))
        self.resize(640, 560)
        self.model.set_rows(backups.list_backups(store))
        self._select(select)

    def _select(self, path: Path | None) -> None:
        rows = self.model.rows()
        if not rows:
            ui = self.ui
            ui.intro.setText(
                _(
                    "There are no backups of this database yet. Choose a backup file with "
                    '"Other file…".'
                )
            )
            self.show_preview(None)
            return
        index = next((i for i, row in enumerate(rows) if row.path == path), 0)
        self.table.selectionModel().setCurrentIndex(
            self.model.index(index, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _row_changed(self, current: object, _previous: object) -> None:
        row = getattr(current, "row", lambda: -1)()
        if 0 <= row < self.model.rowCount():
            self.show_preview(self.model.row_at(row).path)

    def choose_file(self) -> None:
        start = str(backups.target_folder(self.store)[0])
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a backup"), start, _("Lotsen databases (*.sqlite);;All files (*)")
        )
        if name:
            self.table.clearSelection()
            self.show_preview(Path(name))

    def show_preview(self, path: Path | None) -> None:
        """Counts of the backup at ``path`` (quick: the integrity check runs at restore)."""
        preview = backups.preview_backup(self.store, path) if path is not None else None
        self._preview = preview
        self.ui.file_label.setText(path.name if path is not None else "")
        self.ui.file_label.setToolTip(str(path) if path is not None else "")
        for key, label in self.values.items():
            count = preview.counts.get(key) if preview is not None else None
            label.setText(format_number(count, 0) if count is not None else "–")
        problem = preview.problem if preview is not None else ""
        self.ui.problem_label.setText(problem)
        self.ui.problem_label.setVisible(bool(problem))
        self.ok_button().setEnabled(preview is not None and preview.usable)

    def submit(self) -> None:
        preview = self._preview
        if preview is None or not preview.usable:
            raise ValidationError(_("Please choose a usable backup."))
        question = _(
            "Replace the current database with the backup from {file}?\n\nA copy of the "
            "current database is kept as a backup."
        ).format(file=preview.path.name)
        if not confirm(self, _("Restore a backup"), question):
            raise ValidationError(_("Nothing was restored."))
        self.chosen = preview.path


def restore_with_progress(
    parent: QWidget | None, store: Store, path: Path
) -> backups.RestoreResult | None:
    """Restore ``path`` over the (closed) database of ``store`` in the background and wait;
    ``None`` after an error, which was shown."""
    from lotsen_desktop.bootstrap import restore_backup

    loop = QEventLoop()
    outcome: list[backups.RestoreResult | None] = []

    def done(result: object) -> None:
        outcome.append(result if isinstance(result, backups.RestoreResult) else None)
        loop.quit()

    def failed(error: object) -> None:
        outcome.append(None)
        show_error(parent, error)
        loop.quit()

    run_operation(
        parent,
        _("Restoring the backup…"),
        lambda _progress: restore_backup(store, path),
        done,
        on_error=failed,
        cancellable=False,
    )
    if not outcome:
        loop.exec()
    return outcome[0]


def restored_message(result: backups.RestoreResult) -> str:
    """What the office is told after a restore."""
    lines = [_("The backup was restored.")]
    if result.kept_copy is not None:
        lines.append(
            _("The replaced database was kept as {file}.").format(file=result.kept_copy.name)
        )
    if result.deleted_since:
        lines.append(
            ngettext(
                "{count} volunteer deleted after this backup is back. If that was an erasure, "
                "repeat it (lotsen-desktop privacy erase ID): {ids}",
                "{count} volunteers deleted after this backup are back. If those were erasures, "
                "repeat them (lotsen-desktop privacy erase ID): {ids}",
                len(result.deleted_since),
            ).format(count=len(result.deleted_since), ids=", ".join(result.deleted_since))
        )
    lines.append(
        _(
            "This computer has a new identity in the exchange. Import a full export of another "
            "machine to get back what was exchanged after the backup."
        )
    )
    return "\n\n".join(lines)
