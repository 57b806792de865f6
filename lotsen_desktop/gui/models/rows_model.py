"""The one read-only table model over a list of frozen rows (service results).

Every list of service rows on a page is a subclass: it names its columns in ``HEADERS`` (marked
with ``N_`` and translated when shown, so a language switch needs only ``retranslate``) and
answers ``cell(row, column, role)``. Sorting in memory, tooltips on headers and right-aligned
number columns come with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from lotsen_desktop.domain.names import fold
from lotsen_desktop.i18n import _

#: ``index.data(RowRole)`` is the row object behind a table line.
RowRole = Qt.ItemDataRole.UserRole + 1
#: ``index.data(SortRole)`` is the value the column sorts by.
SortRole = Qt.ItemDataRole.UserRole + 2

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex


class RowsTableModel(QAbstractTableModel, Generic[R]):
    """A read-only table of frozen rows with translated headers and in-memory sorting."""

    #: Column titles as ``N_("…")`` source strings; translated when shown.
    HEADERS: ClassVar[tuple[str, ...]] = ()
    #: Header tooltips (same order as ``HEADERS``; empty for none).
    TOOLTIPS: ClassVar[tuple[str, ...]] = ()
    #: Columns shown right-aligned (numbers).
    RIGHT_ALIGNED: ClassVar[tuple[int, ...]] = ()
    RowRole = RowRole
    SortRole = SortRole

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R:
        """The row object of table line ``row`` (``IndexError`` if there is none)."""
        if not 0 <= row < len(self._rows):
            raise IndexError(row)
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        if role == Qt.ItemDataRole.ToolTipRole and section < len(self.TOOLTIPS):
            return _(self.TOOLTIPS[section]) if self.TOOLTIPS[section] else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == RowRole:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.RIGHT_ALIGNED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SortRole:
            return self.sort_value(row, index.column())
        return self.cell(row, index.column(), role)

    def cell(self, row: R, column: int, role: int) -> Any:
        """What a column shows; subclasses answer ``DisplayRole`` and the roles they care about."""
        return None

    def sort_value(self, row: R, column: int) -> Any:
        """What ``column`` sorts by; by default its text, without case and accents."""
        value = self.cell(row, column, Qt.ItemDataRole.DisplayRole)
        return fold(value) if isinstance(value, str) else value

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        keyed = [(self.sort_value(row, column), index, row) for index, row in enumerate(self._rows)]
        keyed.sort(
            key=lambda item: (item[0] is None, item[0] if item[0] is not None else 0, item[1]),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        old = self._rows
        self._rows = [row for _key, _index, row in keyed]
        positions = {id(row): new for new, row in enumerate(self._rows)}
        for persistent in self.persistentIndexList():
            if persistent.isValid():
                new_row = positions[id(old[persistent.row()])]
                self.changePersistentIndex(persistent, self.index(new_row, persistent.column()))
        self.layoutChanged.emit()

    def retranslate(self) -> None:
        """Tell the views that headers and texts changed (after a language switch)."""
        if self.HEADERS:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.HEADERS) - 1)
            )
