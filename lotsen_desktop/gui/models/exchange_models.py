"""Table models of the exchange page (Austausch): conflicts, duplicates, partners, history."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from lotsen_desktop.gui.models.rows_model import RowsTableModel
from lotsen_desktop.i18n import N_, _, format_local_date, format_local_time
from lotsen_desktop.sync.conflicts import ConflictRow, DuplicateRow
from lotsen_desktop.sync.exchange import ExchangeRow, PeerRow

GREYED = "#8a8a8a"


def when(value: Any) -> str:
    """Date and time of an exchange, or a dash when there was none."""
    if value is None:
        return "—"
    return format_local_time(value)


def kind_label(kind: str) -> str:
    return {
        "full": _("complete"),
        "delta": _("changes"),
        "course": _("course package"),
    }.get(kind, kind)


class ConflictTableModel(RowsTableModel[ConflictRow]):
    """Values that lost a merge; closed ones in grey."""

    NUMBER, DATE, KIND, RECORD, FIELD, KEPT, LOST, FROM = range(8)
    HEADERS = (
        N_("No."),
        N_("Date"),
        N_("Kind"),
        N_("Record"),
        N_("Field"),
        N_("Kept"),
        N_("Lost"),
        N_("Lost value from"),
    )

    def cell(self, row: ConflictRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                str(row.id),
                format_local_date(row.detected_at),
                row.kind_label,
                f"{row.table_label}: {row.record}",
                row.field,
                row.kept,
                row.lost,
                row.lost_by,
            ][column]
        if role == Qt.ItemDataRole.ForegroundRole and row.status != _("open"):
            return QBrush(QColor(GREYED))
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.KEPT, self.LOST):
            return row.kept if column == self.KEPT else row.lost
        return None


class DuplicateTableModel(RowsTableModel[DuplicateRow]):
    """Persons that may have been entered on two machines."""

    NUMBER, FIRST, SECOND, BIRTH = range(4)
    HEADERS = (N_("No."), N_("Person"), N_("Possibly the same as"), N_("Dates of birth"))

    def cell(self, row: DuplicateRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return [str(row.id), row.first_name, row.second_name, row.birth_dates][column]
        return None


class PeerTableModel(RowsTableModel[PeerRow]):
    """The machines this one exchanged files with."""

    NAME, LAST_IN, LAST_OUT, UNSEEN = range(4)
    HEADERS = (
        N_("Name"),
        N_("Last file from there"),
        N_("Last file for there"),
        N_("Changes not yet sent"),
    )

    def cell(self, row: PeerRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return [row.name, when(row.last_import_at), when(row.last_export_at), str(row.unseen)][
                column
            ]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.site_id
        return None


class HistoryTableModel(RowsTableModel[ExchangeRow]):
    """Exported and imported files, newest first."""

    WHEN, DIRECTION, KIND, PEER, FILE, CHANGES, CONFLICTS, SUMMARY = range(8)
    HEADERS = (
        N_("When"),
        N_("Direction"),
        N_("Kind"),
        N_("Partner"),
        N_("File"),
        N_("Changes"),
        N_("Conflicts"),
        N_("Result"),
    )

    def cell(self, row: ExchangeRow, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        direction = _("sent") if row.direction == "export" else _("received")
        return [
            when(row.at),
            direction,
            kind_label(row.kind),
            row.peer_name or "—",
            row.file_name,
            str(row.changes),
            str(row.conflicts),
            row.summary,
        ][column]
