"""The table model of the reports page (Berichte): one report table as text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from lotsen_desktop.services import reports
from lotsen_desktop.services.reports import ReportTable

_Index = QModelIndex | QPersistentModelIndex
NUMERIC_KINDS = {"count", "number", "units", "hours", "km", "percent"}


class ReportTableModel(QAbstractTableModel):
    """One ``ReportTable`` as text in the current language; numbers right-aligned."""

    def __init__(self, table: ReportTable, mask_small: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.mask_small = mask_small
        self._texts: dict[tuple[int, int], str] = {}
        """Cells formatted once (a view asks for each text several times while sizing)."""

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        kind = self.table.kind(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._texts.get((row, column))
            if text is None:
                text = reports.display(self.table.rows[row][column], kind, self.mask_small)
                self._texts[row, column] = text
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole and kind in NUMERIC_KINDS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if (
            role == Qt.ItemDataRole.FontRole
            and self.table.total_row
            and row == len(self.table.rows) - 1
        ):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.table.columns):
            return None
        spec = self.table.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return spec.header
        if role == Qt.ItemDataRole.TextAlignmentRole and spec.kind in NUMERIC_KINDS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
