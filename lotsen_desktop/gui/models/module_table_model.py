"""The module catalogue as a table; planned hours and threshold editable, saved by the page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from lotsen_desktop.domain.vocabulary import ModuleKind
from lotsen_desktop.i18n import N_, _, format_number

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ModuleEntry:
    """What the table needs of a catalogue entry (``services.modules.ModuleRow`` fits)."""

    code: str
    title: str
    kind: str
    hours: float
    threshold_percent: int


class ModuleTableModel(QAbstractTableModel):
    """Columns: code, title, kind, planned units, threshold. Edits wait in ``pending``."""

    CODE, TITLE, KIND, HOURS, THRESHOLD = range(5)
    HEADERS = (N_("Code"), N_("Title"), N_("Kind"), N_("Planned units"), N_("Threshold %"))
    EDITABLE = (HOURS, THRESHOLD)
    EntryRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[Any] = []
        self.pending: dict[str, dict[str, float | int]] = {}

    def set_entries(self, entries: Sequence[Any]) -> None:
        """Show ``entries`` (objects with code, title, kind, hours, threshold_percent)."""
        self.beginResetModel()
        self._entries = list(entries)
        self.pending = {}
        self.endResetModel()

    def entry(self, row: int) -> Any:
        return self._entries[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return _(self.HEADERS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in self.EDITABLE:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def _value(self, row: int, column: int) -> Any:
        entry = self._entries[row]
        changes = self.pending.get(entry.code, {})
        if column == self.HOURS:
            return changes.get("hours", entry.hours)
        if column == self.THRESHOLD:
            return changes.get("threshold_percent", entry.threshold_percent)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.CODE:
                return entry.code
            if column == self.TITLE:
                return entry.title
            if column == self.KIND:
                try:
                    return ModuleKind(entry.kind).label
                except ValueError:
                    return entry.kind
            if column == self.HOURS:
                return format_number(float(self._value(index.row(), column)), 2)
            if column == self.THRESHOLD:
                return f"{self._value(index.row(), column)} %"
        elif role == Qt.ItemDataRole.EditRole and column in self.EDITABLE:
            value = self._value(index.row(), column)
            return float(value) if column == self.HOURS else int(value)
        elif role == Qt.ItemDataRole.TextAlignmentRole and column in self.EDITABLE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == Qt.ItemDataRole.FontRole and column in self.EDITABLE:
            key = "hours" if column == self.HOURS else "threshold_percent"
            if key in self.pending.get(entry.code, {}):
                font = QFont()
                font.setBold(True)
                return font
        elif role == Qt.ItemDataRole.ToolTipRole:
            if column == self.HOURS:
                return _("Planned teaching units of this module; double-click to change")
            if column == self.THRESHOLD:
                return _("Share of the planned units a person must attend; double-click to change")
            if column in (self.TITLE, self.CODE):
                return f"{entry.title} ({entry.code})"
        elif role == self.EntryRole:
            return entry
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        column = index.column()
        if column not in self.EDITABLE:
            return False
        entry = self._entries[index.row()]
        try:
            number = float(str(value).replace(",", "."))
        except ValueError:
            return False
        if column == self.HOURS:
            if not 0 < number <= 500:
                return False
            key, original, new = "hours", float(entry.hours), round(number, 2)
        else:
            if not 1 <= number <= 100 or number != int(number):
                return False
            key, original, new = "threshold_percent", int(entry.threshold_percent), int(number)
        changes = self.pending.setdefault(entry.code, {})
        if new == original:
            changes.pop(key, None)
        else:
            changes[key] = new
        if not changes:
            del self.pending[entry.code]
        self.dataChanged.emit(index, index)
        return True
