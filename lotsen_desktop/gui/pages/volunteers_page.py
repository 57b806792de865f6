"""Lotsinnen & Lotsen: the list of volunteer files with live search and filters.

The table is a ``QTableView`` over ``VolunteerTableModel``: counting, filtering and sorting run
in SQL and rows are fetched a page at a time as they come into view.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lotsen_desktop.domain.vocabulary import Area, VolunteerStatus
from lotsen_desktop.gui.dialogs.volunteer_file import VolunteerFormDialog
from lotsen_desktop.gui.icons import icon
from lotsen_desktop.gui.list_actions import VolunteerListButtons
from lotsen_desktop.gui.models.volunteer_table_model import VolunteerQuery, VolunteerTableModel
from lotsen_desktop.gui.pages.base import Page, PageAction
from lotsen_desktop.gui.screen_fit import keep_text_width
from lotsen_desktop.gui.widgets import DebouncedLineEdit, read_only_table
from lotsen_desktop.i18n import _, format_date_short, format_number, ngettext
from lotsen_desktop.store.database import Store

PRINT_LIMIT = 5000


def _hint() -> str:
    """The help line under the list (also what it goes back to after a notice)."""
    return _("Enter or double-click opens a file. Click a column title to sort.")


class VolunteerTableView(QTableView):
    """The list; Enter opens the selected file like a double-click. An empty list says why."""

    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_label = QLabel(self.viewport())
        self.empty_label.setObjectName("empty_label")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #666; font-size: 11pt;")
        self.empty_label.hide()

    def show_empty(self, text: str) -> None:
        """Show ``text`` over the empty table (empty ``text``: hide it)."""
        self.empty_label.setText(text)
        self.empty_label.setVisible(bool(text))
        self._place_empty_label()

    def _place_empty_label(self) -> None:
        area = self.viewport().rect().adjusted(40, 40, -40, -40)
        self.empty_label.setGeometry(area.x(), area.y(), area.width(), 80)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_empty_label()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ChoicesComboBox(QComboBox):
    """A filter list whose choices are read from the database on first use (opened, typed or
    scrolled in, or looked up), not when the page is built: with years of courses and 100,000
    people that reading would delay the start."""

    def __init__(self, load: Callable[[], list[tuple[str, Any]]]) -> None:
        super().__init__()
        self._load = load
        self._loaded = False

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self._loaded = True
            _refill(self, self._load())

    def reload(self) -> None:
        """Read the choices again if they were read before (keeps the current choice)."""
        if self._loaded:
            _refill(self, self._load())

    def set_choices(self, choices: list[tuple[str, Any]]) -> None:
        """Choices read elsewhere (in the background): no reading on first use any more."""
        self._loaded = True
        _refill(self, choices)

    def showPopup(self) -> None:
        self.ensure_loaded()
        super().showPopup()

    def findData(self, *args: Any, **kwargs: Any) -> int:
        self.ensure_loaded()
        return super().findData(*args, **kwargs)

    def findText(self, *args: Any, **kwargs: Any) -> int:
        self.ensure_loaded()
        return super().findText(*args, **kwargs)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.ensure_loaded()
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.ensure_loaded()
        super().wheelEvent(event)


class VolunteersPage(Page):
    """Find, filter and open volunteer files; create new ones."""

    shown_tables = frozenset(
        {
            "volunteer",
            "volunteer_language",
            "volunteer_interest",
            "status_change",
            "consent",
            "enrolment",
            "attendance",
            "course",
            "course_session",
            "module",
            "office",
        }
    )

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)

        top = QHBoxLayout()
        heading = QLabel(_("Volunteers"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        # the count under the heading: side by side they cut the buttons at 1024x768
        title = QVBoxLayout()
        title.setSpacing(0)
        title.addWidget(heading)
        self.count_label = QLabel()
        self.count_label.setObjectName("count_label")
        self.count_label.setWordWrap(True)
        title.addWidget(self.count_label)
        top.addLayout(title, 1)
        self.list_buttons = VolunteerListButtons(self)
        top.addWidget(self.list_buttons)
        self.new_button = QPushButton(icon("add"), _("&New volunteer…"))
        self.new_button.setToolTip(_("Create a new volunteer file (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_volunteer)
        top.addWidget(self.new_button)
        keep_text_width(self.new_button, *self.list_buttons.findChildren(QAbstractButton))
        layout.addLayout(top)

        filters = QHBoxLayout()
        self.search_edit = DebouncedLineEdit()
        self.search_edit.setObjectName("search")
        self.search_edit.setPlaceholderText(_("Search by name… (Ctrl+F)"))
        self.search_edit.setToolTip(
            _("Type part of a name; accents do not matter (sahin finds Şahin)")
        )
        self.search_edit.addAction(icon("search"), self.search_edit.ActionPosition.LeadingPosition)
        self.search_edit.settled.connect(self._search_settled)
        self.search_edit.returnPressed.connect(self._search_entered)
        filters.addWidget(self.search_edit, 3)
        self.status_filter = self._filter_combo(_("All statuses"), _("Show only this status"))
        for status in VolunteerStatus:
            self.status_filter.addItem(status.label, status.value)
        self.language_filter = self._filter_combo(
            _("All languages"),
            _("Show only people who speak this language"),
            lambda: [(name, name) for name in _known_languages(self.store)],
        )
        self.area_filter = self._filter_combo(
            _("All areas of interest"), _("Show only people interested in this area")
        )
        for area in Area:
            self.area_filter.addItem(area.label, area.value)
        self.course_filter = self._filter_combo(
            _("All courses"),
            _("Show only participants of this course"),
            lambda: _course_choices(self.store),
        )
        self.course_filter.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)  # keep the dates
        for combo in (
            self.status_filter,
            self.language_filter,
            self.area_filter,
            self.course_filter,
        ):
            filters.addWidget(combo, 2)
            combo.currentIndexChanged.connect(self._filters_changed)
        self.reset_button = QPushButton(_("Reset &filters"))
        self.reset_button.setToolTip(_("Show everyone again"))
        self.reset_button.clicked.connect(self.reset_filters)
        filters.addWidget(self.reset_button)
        layout.addLayout(filters)

        self.model = VolunteerTableModel.for_store(store, self)
        self.view = read_only_table(self.model, view=VolunteerTableView())
        self.view.setObjectName("volunteer_table")
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.view.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        for column, width in (
            (VolunteerTableModel.NAME, 280),
            (VolunteerTableModel.STATUS, 150),
            (VolunteerTableModel.LANGUAGES, 300),
            (VolunteerTableModel.QUALIFIED, 140),
        ):
            header.resizeSection(column, width)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(VolunteerTableModel.NAME, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        self.view.doubleClicked.connect(lambda _index: self.open_current())
        self.view.open_requested.connect(self.open_current)
        self.view.setToolTip(_("Enter or double-click opens the file"))
        layout.addWidget(self.view, 1)

        bottom = QHBoxLayout()
        self.hint_label = QLabel(_hint())
        self.hint_label.setStyleSheet("color: #666;")
        bottom.addWidget(self.hint_label, 1)
        self.open_button = QPushButton(_("&Open file"))
        self.open_button.setToolTip(_("Open the selected file (Enter)"))
        self.open_button.clicked.connect(self.open_current)
        bottom.addWidget(self.open_button)
        layout.addLayout(bottom)

        self.model.modelReset.connect(self._update_count)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        chain = [
            self.search_edit,
            self.status_filter,
            self.language_filter,
            self.area_filter,
            self.course_filter,
            self.reset_button,
            self.view,
            self.open_button,
            self.new_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.setFocusProxy(self.search_edit)
        self.model.set_query(VolunteerQuery())

    def _filter_combo(
        self,
        everything: str,
        tooltip: str,
        load: Callable[[], list[tuple[str, Any]]] | None = None,
    ) -> QComboBox:
        combo = QComboBox() if load is None else ChoicesComboBox(load)
        combo.addItem(everything, None)
        combo.setToolTip(tooltip)
        combo.setMinimumContentsLength(8)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        return combo

    def _fill_choices(self) -> None:
        """Languages and courses as they are in the database now (keeps the current choice);
        read in the background: an office with years of history has thousands of courses."""
        store = self.store
        self.loader.load("choices", lambda: _read_choices(store), self._show_choices)

    def _show_choices(self, choices: tuple[list[tuple[str, Any]], list[tuple[str, Any]]]) -> None:
        languages, course_choices = choices
        for combo, entries in (
            (self.language_filter, languages),
            (self.course_filter, course_choices),
        ):
            if isinstance(combo, ChoicesComboBox):
                combo.set_choices(entries)
            else:
                _refill(combo, entries)

    # ----------------------------------------------------------------- Page
    def page_title(self) -> str:
        return _("Volunteers")

    def supported_actions(self) -> set[PageAction]:
        return {PageAction.SEARCH, PageAction.PRINT}

    def print_page(self) -> None:
        """Print the list as filtered and sorted now: the PDF list, previewed when short."""
        self.list_buttons.print("volunteers")

    def list_html(self) -> str:
        """The current list (at most ``PRINT_LIMIT`` rows) as an HTML table for printing."""
        from lotsen_desktop.services import volunteers

        query = self.model.query
        rows = volunteers.list_volunteers(
            self.store,
            **query.filters(),
            sort=query.sort,
            descending=query.descending,
            limit=PRINT_LIMIT,
        )
        headers = "".join(
            f"<th align='left'>{escape(_(title))}</th>" for title in VolunteerTableModel.HEADERS
        )
        lines = []
        for row in rows:
            cells = (
                row.distinct_name,
                _status_label(row.status),
                row.languages,
                format_date_short(row.qualified_on),
                row.phone,
            )
            lines.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
        title = escape(self.count_label.text())
        return (
            f"<h2>{escape(_('Volunteers'))}</h2><p>{title} – "
            f"{escape(format_date_short(date.today()))}</p>"
            "<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
            f"<tr>{headers}</tr>{''.join(lines)}</table>"
        )

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def refresh(self, changed: set[str] | None = None) -> None:
        if not self.shows(changed):
            return
        selected = self.selected_id()
        if changed is None or changed & {"volunteer_language", "course"}:
            self._fill_choices()
        self.model.reload()
        self._update_count()
        if selected is not None:
            self.select_id(selected)

    # ----------------------------------------------------------------- query
    def current_query(self) -> VolunteerQuery:
        return VolunteerQuery(
            search=self.search_edit.text().strip(),
            status=self.status_filter.currentData(),
            language=self.language_filter.currentData(),
            area=self.area_filter.currentData(),
            course_id=self.course_filter.currentData(),
            sort=self.model.query.sort,
            descending=self.model.query.descending,
        )

    def apply_query(self) -> None:
        self.hint_label.setText(_hint())
        query = self.current_query()
        if query != self.model.query:
            self.model.set_query(query)
            if self.model.rowCount() == 1:
                self.view.selectRow(0)

    def _search_settled(self, _text: str) -> None:
        self.apply_query()

    def _search_entered(self) -> None:
        self.search_edit.flush()
        self.apply_query()
        if self.model.rowCount():
            if not self.view.currentIndex().isValid():
                self.view.selectRow(0)
            self.view.setFocus()

    def _filters_changed(self, *_args: object) -> None:
        self.apply_query()

    def reset_filters(self) -> None:
        for combo in (
            self.status_filter,
            self.language_filter,
            self.area_filter,
            self.course_filter,
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search_edit.clear()
        self.apply_query()

    def _sort_indicator_changed(self, column: int, order: Qt.SortOrder) -> None:
        if column not in VolunteerTableModel.SORT_KEYS:
            header = self.view.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self.model.sort_column(), self.model.sort_order())
            header.blockSignals(False)

    def _update_count(self) -> None:
        count = self.model.rowCount()
        text = ngettext("{count} volunteer", "{count} volunteers", count).format(
            count=format_number(count, 0)
        )
        filtered = self.current_query().filters() != VolunteerQuery().filters()
        if filtered:
            text += " " + _("(filtered)")
        self.count_label.setText(text)
        if count:
            self.view.show_empty("")
        elif filtered:
            self.view.show_empty(
                _("Nobody matches the search and filters. Change them or press Reset filters.")
            )
        else:
            self.view.show_empty(
                _("No volunteer files yet. Create the first one with New volunteer (Ctrl+N).")
            )

    def _update_buttons(self, *_args: object) -> None:
        self.open_button.setEnabled(self.selected_id() is not None)

    # ----------------------------------------------------------------- selection
    def selected_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.id_at(rows[0].row())

    def select_id(self, volunteer_id: str, *, fetch: bool = False) -> bool:
        """Select the row of ``volunteer_id``; with ``fetch`` also look beyond the rows
        loaded so far (the first pages of the list)."""
        row = self.model.find_row(volunteer_id) if fetch else self.model.cached_row_of(volunteer_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        return True

    # ----------------------------------------------------------------- files
    def open_current(self) -> None:
        index = self.view.currentIndex()
        volunteer_id = self.model.id_at(index.row()) if index.isValid() else None
        if volunteer_id is not None:
            self.open_volunteer(volunteer_id)

    def open_volunteer(self, volunteer_id: str | None) -> VolunteerFormDialog:
        """Open the file (``None``: a new one) as a dialog over the window."""
        dialog = self.make_dialog(volunteer_id)
        dialog.exec()
        return dialog

    def make_dialog(self, volunteer_id: str | None) -> VolunteerFormDialog:
        dialog = VolunteerFormDialog(self.store, volunteer_id, self)
        dialog.saved.connect(lambda d=dialog: self._file_saved(d))
        return dialog

    def new_volunteer(self) -> VolunteerFormDialog:
        return self.open_volunteer(None)

    def _file_saved(self, dialog: VolunteerFormDialog) -> None:
        self.changes.deliver_now()  # the list shows the saved file before it is selected
        volunteer_id = dialog.volunteer_id
        filtered = self.current_query().filters() != VolunteerQuery().filters()
        if volunteer_id is not None and not self.select_id(volunteer_id, fetch=True) and filtered:
            # The search or a filter hides the file just saved: show everyone, say so.
            self.reset_filters()
            self.select_id(volunteer_id, fetch=True)
            self.hint_label.setText(
                _("Search and filters were reset so that the saved file is visible.")
            )


def _status_label(code: str) -> str:
    try:
        return VolunteerStatus(code).label
    except ValueError:
        return code


def _refill(combo: QComboBox, choices: list[tuple[str, Any]]) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for label, value in choices:
        combo.addItem(label, value)
    index = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(0, index))
    combo.blockSignals(False)


def _read_choices(store: Store) -> tuple[list[tuple[str, Any]], list[tuple[str, Any]]]:
    """The language and course filter entries (runs in a worker thread)."""
    from lotsen_desktop.services import volunteers

    return [(name, name) for name in volunteers.known_languages(store)], _course_choices(store)


def _known_languages(store: Store) -> list[str]:
    from lotsen_desktop.services import volunteers

    return volunteers.known_languages(store)


def _course_choices(store: Store) -> list[tuple[str, Any]]:
    from lotsen_desktop.services import courses

    return list(courses.course_choices(store))
