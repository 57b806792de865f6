"""What the tabs of the mentoring page share: their list tables, reselecting a row after a
reload without a chain of reloads, and the dialog a tab has open."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import QDialog, QTableView, QWidget

from lotsen_desktop.gui.operations import Loader
from lotsen_desktop.gui.widgets import read_only_table
from lotsen_desktop.store.database import Store


def list_table(model: QAbstractItemModel, *, sortable: bool = False) -> QTableView:
    """A read-only list of one line per row; a chosen column stretches, not the last one."""
    table = read_only_table(model)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(max(22, table.fontMetrics().height() + 6))
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(False)
    if sortable:
        table.setSortingEnabled(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    return table


def tab_order(*widgets: QWidget) -> None:
    """Tab moves through ``widgets`` in this order (tables added to a form's slots come last
    otherwise)."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def select_row(table: QTableView, row: int) -> None:
    model = table.model()
    if model is None or not 0 <= row < model.rowCount():
        return
    table.selectionModel().setCurrentIndex(
        model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


class MentoringTab(QWidget):
    """A tab of the mentoring page: reads through the page's loader (so the page knows when all
    its lists are shown); after it committed and showed the result itself it emits
    ``changes_shown`` (the page then skips that commit; the other pages get it)."""

    changes_shown = Signal()

    def __init__(self, store: Store, loader: Loader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.loader = loader
        self.dialog: QDialog | None = None
        self._quiet = 0

    def follow(self, update: Callable[[], None]) -> None:
        """A selection the user made: show what belongs to it (not while reloading)."""
        if not self._quiet:
            update()

    @contextmanager
    def reloading(self) -> Iterator[None]:
        """Select rows again after a reload without each selection reloading the next list."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def open_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
