"""The volunteer list: a table model that knows how many rows match and fetches only what is seen.

Like Anki's browser table, the model keeps no full list in memory. It asks the service for the
number of matching files, and when the view paints a row that is not cached it fetches that row's
page (``PAGE_SIZE`` rows, with SQL ``OFFSET``/``LIMIT``, sorted and filtered in SQL). A change
marks the cache stale instead of reloading everything, so 100,000 files stay instant.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from lotsen_desktop.domain.names import with_detail
from lotsen_desktop.domain.vocabulary import VolunteerStatus
from lotsen_desktop.i18n import N_, _, format_date_short
from lotsen_desktop.store.database import Store

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class VolunteerQuery:
    """What the list shows: search text, filters and sort order (all applied in SQL)."""

    search: str = ""
    status: str | None = None
    language: str | None = None
    area: str | None = None
    course_id: str | None = None
    sort: str = "name"
    descending: bool = False

    def filters(self) -> dict[str, Any]:
        return {
            "search": self.search,
            "status": self.status,
            "language": self.language,
            "area": self.area,
            "course_id": self.course_id,
        }


class VolunteerSource(Protocol):
    """Where rows come from; the services in the program, a list in model tests."""

    def count(self, query: VolunteerQuery) -> int: ...

    def fetch(self, query: VolunteerQuery, offset: int, limit: int) -> Sequence[Any]: ...


class ServiceSource:
    """Rows from ``services.volunteers`` (narrow, paged SQL)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def count(self, query: VolunteerQuery) -> int:
        from lotsen_desktop.services import volunteers

        return volunteers.count_volunteers(self.store, **query.filters())

    def fetch(self, query: VolunteerQuery, offset: int, limit: int) -> Sequence[Any]:
        from lotsen_desktop.services import volunteers

        return volunteers.list_volunteers(
            self.store,
            **query.filters(),
            sort=query.sort,
            descending=query.descending,
            offset=offset,
            limit=limit,
        )


class VolunteerTableModel(QAbstractTableModel):
    """Columns: name, status, languages, qualified since, phone."""

    NAME, STATUS, LANGUAGES, QUALIFIED, PHONE = range(5)
    HEADERS = (N_("Name"), N_("Status"), N_("Languages"), N_("Qualified since"), N_("Phone"))
    SORT_KEYS: ClassVar[dict[int, str]] = {NAME: "name", STATUS: "status", PHONE: "phone"}
    IdRole = Qt.ItemDataRole.UserRole + 1
    RowRole = Qt.ItemDataRole.UserRole + 2
    PAGE_SIZE = 100  # a tall window shows about 40 rows; each row costs its qualification date
    MAX_CACHED_PAGES = 80

    def __init__(
        self,
        source: VolunteerSource,
        parent: Any = None,
        *,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.page_size = page_size
        self.query = VolunteerQuery()
        self._count = 0
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self.fetches = 0  # how many pages were read (for tests and the benchmark)

    @classmethod
    def for_store(cls, store: Store, parent: Any = None) -> VolunteerTableModel:
        return cls(ServiceSource(store), parent)

    # ----------------------------------------------------------------- loading
    def set_query(self, query: VolunteerQuery) -> None:
        """Show the rows matching ``query``: count them now, fetch pages when seen."""
        self.beginResetModel()
        self.query = query
        self._pages.clear()
        self._count = self.source.count(query)
        self.endResetModel()

    def update_query(self, **changes: Any) -> None:
        self.set_query(replace(self.query, **changes))

    def reload(self) -> None:
        """Data changed elsewhere: mark the cache stale; keep the view where it is if possible."""
        count = self.source.count(self.query)
        if count != self._count:
            self.set_query(self.query)
            return
        self._pages.clear()
        if count:
            self.dataChanged.emit(self.index(0, 0), self.index(count - 1, self.columnCount() - 1))

    def _page(self, number: int) -> list[Any]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        page = list(self.source.fetch(self.query, number * self.page_size, self.page_size))
        self.fetches += 1
        self._pages[number] = page
        while len(self._pages) > self.MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    def row_at(self, row: int) -> Any | None:
        """The list row (``VolunteerRow``) at ``row``, fetched if not cached."""
        if not 0 <= row < self._count:
            return None
        page = self._page(row // self.page_size)
        offset = row % self.page_size
        return page[offset] if offset < len(page) else None

    def id_at(self, row: int) -> str | None:
        found = self.row_at(row)
        return found.id if found is not None else None

    def cached_row_of(self, volunteer_id: str) -> int | None:
        """The row showing ``volunteer_id`` if it is in a cached page (no query)."""
        for number, page in self._pages.items():
            for offset, item in enumerate(page):
                if item.id == volunteer_id:
                    return number * self.page_size + offset
        return None

    def find_row(self, volunteer_id: str, *, max_pages: int = 10) -> int | None:
        """The row showing ``volunteer_id``: the cache first, then the first ``max_pages``
        pages of the list (bounded, so that a list of 100,000 stays quick)."""
        row = self.cached_row_of(volunteer_id)
        if row is not None:
            return row
        pages = -(-self._count // self.page_size)
        for number in range(min(pages, max_pages)):
            for offset, item in enumerate(self._page(number)):
                if item.id == volunteer_id:
                    return number * self.page_size + offset
        return None

    def cached_pages(self) -> int:
        return len(self._pages)

    # ----------------------------------------------------------------- Qt model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            if section in self.SORT_KEYS:
                return _("Click to sort by this column")
            return _("This column cannot be sorted")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            self.IdRole,
            self.RowRole,
        ):
            return None
        item = self.row_at(index.row())
        if item is None:
            return None
        if role == self.IdRole:
            return item.id
        if role == self.RowRole:
            return item
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.status == VolunteerStatus.LEFT.value:
                return QBrush(QColor("#7a7a7a"))
            return None
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.QUALIFIED and item.qualified_on is None:
                return _("Not qualified yet")
            if column == self.NAME:
                return _("Press Enter or double-click to open the file")
            return None
        if column == self.NAME:
            name = f"{item.family_name}, {item.given_name}"
            return with_detail(name, getattr(item, "detail", ""))
        if column == self.STATUS:
            return _status_label(item.status)
        if column == self.LANGUAGES:
            return item.languages
        if column == self.QUALIFIED:
            return format_date_short(item.qualified_on)
        if column == self.PHONE:
            return item.phone
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL; columns the database cannot sort by are ignored."""
        key = self.SORT_KEYS.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self.query.sort and descending == self.query.descending:
            return
        self.beginResetModel()
        self.query = replace(self.query, sort=key, descending=descending)
        self._pages.clear()
        self.endResetModel()

    def sort_column(self) -> int:
        return next(c for c, key in self.SORT_KEYS.items() if key == self.query.sort)

    def sort_order(self) -> Qt.SortOrder:
        return (
            Qt.SortOrder.DescendingOrder if self.query.descending else Qt.SortOrder.AscendingOrder
        )


def _status_label(code: str) -> str:
    try:
        return VolunteerStatus(code).label
    except ValueError:
        return code
