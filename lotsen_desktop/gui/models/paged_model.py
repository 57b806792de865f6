"""A read-only table over a long list that holds only ids and reads the rows a view paints.

Like the volunteer list (and Anki's browser table): the page reads the ids of the list in a
worker thread (sorted and filtered in SQL) together with the rows of the first page, and hands
both to ``set_ids``; rows further down are read ``page_size`` at a time through ``fetch`` when a
view paints them, and only ``MAX_CACHED_PAGES`` pages are kept. So the first paint reads nothing
on the GUI thread, and tens of thousands of rows are never built at once. Columns are never sized
by reading rows: views of these models get fixed widths.

Clicking a sortable column does not sort here: the model emits ``sort_requested`` and the page
reads the ids again in the new order (``SORT_KEYS`` names the service's sort for each column).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from lotsen_desktop.gui.models.rows_model import RowRole
from lotsen_desktop.i18n import _

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

Fetch = Callable[[Sequence[str]], Sequence[Any]]


def first_pages(
    ids: Sequence[str],
    read_rows: Callable[[Sequence[str]], list[R]],
    wanted: str | None,
    page_size: int,
) -> tuple[list[R], dict[int, list[R]]]:
    """The rows of the first page and, if ``wanted`` (the selected row's id) is further down, of
    its page too, so the selection is shown without a read on the GUI thread (in the worker)."""
    first = read_rows(ids[:page_size])
    more: dict[int, list[R]] = {}
    if wanted is not None and wanted in ids[page_size:]:
        number = list(ids).index(wanted) // page_size
        more[number] = read_rows(ids[number * page_size : (number + 1) * page_size])
    return first, more


class IdPagedTableModel(QAbstractTableModel, Generic[R]):
    """The ids of a list in its order; rows read page by page (see the module)."""

    #: Column titles as ``N_("…")`` source strings; translated when shown.
    HEADERS: ClassVar[tuple[str, ...]] = ()
    #: Columns shown right-aligned (numbers).
    RIGHT_ALIGNED: ClassVar[tuple[int, ...]] = ()
    #: Column -> the service's sort name; clicking another column does nothing.
    SORT_KEYS: ClassVar[dict[int, str]] = {}
    #: Text shown for a row that vanished since the ids were read.
    GONE = "—"
    RowRole = RowRole
    PAGE_SIZE = 100
    MAX_CACHED_PAGES = 50

    sort_requested = Signal(str, bool)
    """The user asked for another order: (sort name from ``SORT_KEYS``, descending)."""

    def __init__(
        self,
        fetch: Fetch | None = None,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self.page_size = page_size
        self._ids: Sequence[str] = ()
        self._positions: dict[str, int] | None = None
        self._pages: OrderedDict[int, list[R | None]] = OrderedDict()
        self.fetches = 0
        """How many pages were read on demand, on the thread that asked (for tests)."""

    @staticmethod
    def row_id(row: Any) -> str:
        """The id of a row object (``row.id`` unless a subclass says otherwise)."""
        return str(row.id)

    # ----------------------------------------------------------------- loading
    def set_ids(
        self,
        ids: Sequence[str],
        first: Sequence[R] = (),
        more: Mapping[int, Sequence[R]] | None = None,
    ) -> None:
        """Show the rows ``ids`` (list order); ``first`` are the rows of the first ids, read
        with them (any number of whole pages); ``more`` maps further page numbers to their rows
        (the page of the row to select, read with the ids as well)."""
        self.beginResetModel()
        self._ids = ids
        self._positions = None
        self._pages.clear()
        for number, rows in (more or {}).items():
            self._store_page(number, rows)
        for number in range(0, -(-len(first) // self.page_size)):
            self._store_page(number, first)
        self.endResetModel()

    def page_of(self, line: int) -> int:
        """The number of the page that table line ``line`` is on."""
        return line // self.page_size

    def set_rows(self, rows: Sequence[R]) -> None:
        """Show these rows (all read already: a short list, or a test)."""
        self.set_ids([self.row_id(row) for row in rows], rows)

    def ids(self) -> Sequence[str]:
        return self._ids

    def _store_page(self, number: int, rows: Sequence[R]) -> None:
        start = number * self.page_size
        wanted = self._ids[start : start + self.page_size]
        by_id = {self.row_id(row): row for row in rows}
        self._pages[number] = [by_id.get(row_id) for row_id in wanted]
        self._pages.move_to_end(number)
        while len(self._pages) > self.MAX_CACHED_PAGES:
            self._pages.popitem(last=False)

    def _page(self, number: int) -> list[R | None]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        start = number * self.page_size
        rows = self._fetch(self._ids[start : start + self.page_size]) if self._fetch else []
        self.fetches += 1
        self._store_page(number, rows)
        return self._pages[number]

    def row_at(self, row: int) -> R | None:
        """The row object on table line ``row`` (read if not cached; ``None`` if there is no
        such line or the row vanished since the ids were read)."""
        if not 0 <= row < len(self._ids):
            return None
        return self._page(self.page_of(row))[row % self.page_size]

    def row_of(self, row_id: str) -> int:
        """The table line of ``row_id`` (-1 if not in the list); reads no row."""
        if self._positions is None:
            self._positions = {value: line for line, value in enumerate(self._ids)}
        return self._positions.get(row_id, -1)

    def cached_pages(self) -> int:
        return len(self._pages)

    # ----------------------------------------------------------------- Qt model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if index.column() in self.RIGHT_ALIGNED:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        row = self.row_at(index.row())  # the page it is on is cached: one read per page
        if row is None:
            return self.GONE if role == Qt.ItemDataRole.DisplayRole else None
        if role == RowRole:
            return row
        return self.cell(row, index.column(), role)

    def cell(self, row: R, column: int, role: int) -> Any:
        """What a column shows; subclasses answer ``DisplayRole`` and the roles they read."""
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask the page for the list in another order (read in SQL); see the module."""
        key = self.SORT_KEYS.get(column)
        if key is not None:
            self.sort_requested.emit(key, order == Qt.SortOrder.DescendingOrder)

    def retranslate(self) -> None:
        """Tell the views that headers and texts changed (after a language switch)."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(self.HEADERS) - 1)
            )
