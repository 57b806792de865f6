"""Table model of the restore dialog: the backups of this database."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from lotsen_desktop.gui.models.rows_model import RowsTableModel
from lotsen_desktop.i18n import N_, format_number
from lotsen_desktop.store.backup import BackupFile


def megabytes(size: int) -> str:
    return f"{format_number(size / 1_000_000, 1)} MB"


class BackupTableModel(RowsTableModel[BackupFile]):
    """One backup a line, newest first: when, why, how large."""

    MADE, REASON, SIZE = range(3)
    HEADERS = (N_("Made"), N_("Reason"), N_("Size"))
    RIGHT_ALIGNED = (SIZE,)

    def cell(self, row: BackupFile, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                row.made_at.strftime("%d.%m.%Y %H:%M"),
                row.reason_label,
                megabytes(row.size),
            ][column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(row.path)
        return None

    def sort_value(self, row: BackupFile, column: int) -> Any:
        return [row.made_at, row.reason_label, row.size][column]
