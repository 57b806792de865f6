"""Table models of the certificates page (Zertifikate): who is eligible, the register."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from lotsen_desktop.domain.vocabulary import CertificateKind
from lotsen_desktop.gui.models.rows_model import RowRole, RowsTableModel
from lotsen_desktop.i18n import N_, _, format_date_short
from lotsen_desktop.services.certificates import EligibleRow, RegisterEntry

GREYED = "#8a8a8a"

_Index = QModelIndex | QPersistentModelIndex


def kind_label(kind: str) -> str:
    """The translated name of a certificate kind (the stored code if it is unknown)."""
    try:
        return CertificateKind(kind).label
    except ValueError:
        return kind


class EligibleTableModel(QAbstractTableModel):
    """Qualified people and the serial of their valid Zertifikat, fetched page by page.

    There may be 77,000 qualified people: like the volunteer list (and Anki's browser table)
    the model holds only their ids in list order and fetches the rows a view paints,
    ``page_size`` at a time, through ``fetch`` (``certificates.eligible_rows``). The first page
    comes with the ids from the background read (``set_ids``), so the first paint reads
    nothing on the GUI thread; a column is never sized by reading thousands of rows.
    """

    NAME, QUALIFIED_ON, SERIAL = range(3)
    HEADERS = (N_("Name"), N_("Qualified on"), N_("Certificate"))
    RowRole = RowRole
    PAGE_SIZE = 100
    MAX_CACHED_PAGES = 50

    def __init__(
        self,
        fetch: Callable[[Sequence[str]], Sequence[EligibleRow]] | None = None,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self.page_size = page_size
        self._ids: Sequence[str] = ()
        self._pages: OrderedDict[int, list[EligibleRow | None]] = OrderedDict()
        self.fetches = 0
        """How many pages were read on demand (for tests)."""

    # ----------------------------------------------------------------- loading
    def set_ids(self, ids: Sequence[str], first: Sequence[EligibleRow] = ()) -> None:
        """Show the people ``ids`` (list order); ``first`` are the rows of the first ids,
        read with them."""
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        for number in range(0, -(-len(first) // self.page_size)):
            self._store_page(number, first)
        self.endResetModel()

    def set_rows(self, rows: Sequence[EligibleRow]) -> None:
        """Show these rows (all read already: a short list, or a test)."""
        self.set_ids([row.volunteer_id for row in rows], rows)

    def _store_page(self, number: int, rows: Sequence[EligibleRow]) -> None:
        start = number * self.page_size
        wanted = self._ids[start : start + self.page_size]
        by_id = {row.volunteer_id: row for row in rows}
        self._pages[number] = [by_id.get(volunteer_id) for volunteer_id in wanted]
        self._pages.move_to_end(number)
        while len(self._pages) > self.MAX_CACHED_PAGES:
            self._pages.popitem(last=False)

    def _page(self, number: int) -> list[EligibleRow | None]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        start = number * self.page_size
        rows = self._fetch(self._ids[start : start + self.page_size]) if self._fetch else []
        self.fetches += 1
        self._store_page(number, rows)
        return self._pages[number]

    def row_at(self, row: int) -> EligibleRow | None:
        """The person on table line ``row`` (read if not cached; ``None`` if no longer
        qualified since the list was read)."""
        if not 0 <= row < len(self._ids):
            return None
        return self._page(row // self.page_size)[row % self.page_size]

    def cached_pages(self) -> int:
        return len(self._pages)

    # ----------------------------------------------------------------- Qt model
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, RowRole):
            return None
        row = self.row_at(index.row())
        if row is None:
            return "—" if role == Qt.ItemDataRole.DisplayRole else None
        if role == RowRole:
            return row
        column = index.column()
        if column == self.NAME:
            return row.distinct_name
        if column == self.QUALIFIED_ON:
            return format_date_short(row.qualified_on)
        return row.serial or "—"

    def retranslate(self) -> None:
        """Tell the views that headers and texts changed (after a language switch)."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(self.HEADERS) - 1)
            )


class RegisterTableModel(RowsTableModel[RegisterEntry]):
    """The certificate register; revoked entries in grey."""

    SERIAL, KIND, ISSUED_ON, NAME, STATUS, SUBJECT = range(6)
    HEADERS = (N_("Serial"), N_("Kind"), N_("Issued on"), N_("Name"), N_("Status"), N_("Subject"))

    def cell(self, row: RegisterEntry, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and row.revoked:
            return QBrush(QColor(GREYED))
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.code
        return None

    def _text(self, row: RegisterEntry, column: int) -> str:
        if column == self.SERIAL:
            return row.serial
        if column == self.KIND:
            return kind_label(row.kind)
        if column == self.ISSUED_ON:
            return format_date_short(row.issued_on)
        if column == self.NAME:
            return row.holder or _("(name erased)")
        if column == self.SUBJECT:
            return row.subject
        if row.revoked_on is not None:
            return _("revoked on {date}: {reason}").format(
                date=format_date_short(row.revoked_on), reason=row.revoke_reason
            )
        return _("valid")
