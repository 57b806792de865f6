"""The shared building blocks: one date field, one debounced search, one row model, one
read-only table, one inline message."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QAbstractItemView, QCalendarWidget, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from lotsen_desktop.errors import ValidationError
from lotsen_desktop.gui.models.rows_model import RowRole, RowsTableModel, SortRole
from lotsen_desktop.gui.views.feedback import InlineMessage, parse_date_input
from lotsen_desktop.gui.widgets import (
    SIZE_SAMPLE_ROWS,
    DateField,
    DebouncedLineEdit,
    check_into,
    read_only_table,
)
from lotsen_desktop.i18n import N_, set_language

# --- DateField --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("24.11.2026", date(2026, 11, 24)),
        (" 1.2.2026 ", date(2026, 2, 1)),
        ("24.11.26", date(2026, 11, 24)),
        ("2026-11-24", date(2026, 11, 24)),
        ("01.01.60", date(1960, 1, 1)),  # a two-digit year far ahead means the last century
        ("29.02.2024", date(2024, 2, 29)),
    ],
)
def test_date_field_accepts_every_format_a_former_variant_accepted(
    qtbot: QtBot, typed: str, expected: date
) -> None:
    field = DateField()
    qtbot.addWidget(field)
    field.setText(typed)
    assert field.date_value() == expected
    assert field.text() == expected.strftime("%d.%m.%Y")  # shows the date it understood
    assert field.required_date() == expected


def test_date_field_completes_a_short_date_when_typing_ends(qtbot: QtBot) -> None:
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    qtbot.keyClicks(field, "3.4.")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.text() == f"03.04.{date.today().year}"
    field.setText("")
    qtbot.keyClicks(field, "31.2.")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.text() == "31.2."  # not a date: left for the message to point at


def test_short_date_means_this_year() -> None:
    assert parse_date_input("24.11.", today=date(2031, 3, 1)) == date(2031, 11, 24)
    assert parse_date_input("3.4.46", today=date(2026, 1, 1)) == date(2046, 4, 3)
    assert parse_date_input("3.4.47", today=date(2026, 1, 1)) == date(1947, 4, 3)


def test_empty_date_is_unknown_unless_required(qtbot: QtBot) -> None:
    field = DateField()
    qtbot.addWidget(field)
    field.setText("   ")
    assert field.date_value() is None
    set_language("de")
    with pytest.raises(ValidationError) as refused:
        field.required_date("from")
    assert str(refused.value) == "Bitte ein Datum eingeben (TT.MM.JJJJ)."
    assert refused.value.field == "from"


@pytest.mark.parametrize(
    "typed", ["31.02.2026", "morgen", "24/11/2026", "2026-13-01", "2026.11.24"]
)
def test_wrong_date_is_refused_with_a_german_message(qtbot: QtBot, typed: str) -> None:
    set_language("de")
    field = DateField()
    qtbot.addWidget(field)
    field.setText(typed)
    with pytest.raises(ValidationError) as refused:
        field.date_value("birth_date")
    assert str(refused.value) == (
        f"„{typed}“ ist kein gültiges Datum. Bitte als TT.MM.JJJJ eingeben, z. B. 14.11.2026."
    )
    assert refused.value.field == "birth_date"


def test_set_date_shows_day_first(qtbot: QtBot) -> None:
    field = DateField()
    qtbot.addWidget(field)
    field.set_date(date(2026, 3, 7))
    assert field.text() == "07.03.2026"
    field.set_date(None)
    assert field.text() == ""


def test_date_field_calendar_opens_at_the_typed_date_and_fills_in_the_pick(
    qtbot: QtBot,
) -> None:
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    field.setText("24.11.26")
    calendar = field.show_calendar()
    assert isinstance(calendar, QCalendarWidget)
    assert calendar.selectedDate() == QDate(2026, 11, 24)
    calendar.clicked.emit(QDate(2026, 12, 3))
    assert field.text() == "03.12.2026"
    assert field.date_value() == date(2026, 12, 3)


def test_alt_down_opens_the_calendar_at_today_when_the_text_is_wrong(qtbot: QtBot) -> None:
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    field.setText("kaputt")
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendars = field.findChildren(QCalendarWidget)
    assert len(calendars) == 1
    assert calendars[0].selectedDate() == QDate.currentDate()
    assert field.text() == "kaputt"  # nothing picked, nothing changed


def test_date_field_without_calendar_types_normally(qtbot: QtBot) -> None:
    field = DateField(calendar=False)
    qtbot.addWidget(field)
    assert field.calendar_action is None
    qtbot.keyClick(field, Qt.Key.Key_F4)
    assert field.findChildren(QCalendarWidget) == []


# --- DebouncedLineEdit ------------------------------------------------------------------------


def test_search_field_reports_once_after_typing(qtbot: QtBot) -> None:
    edit = DebouncedLineEdit()
    qtbot.addWidget(edit)
    reported: list[str] = []
    edit.settled.connect(reported.append)
    qtbot.keyClicks(edit, "sahin")
    assert reported == [] and edit.is_pending()  # key events do not run the timer
    with qtbot.waitSignal(edit.settled, timeout=5000):
        pass
    assert reported == ["sahin"]
    assert not edit.is_pending()  # nothing more will come


def test_search_field_reports_text_set_by_code_and_flushes_on_demand(qtbot: QtBot) -> None:
    edit = DebouncedLineEdit(delay_ms=60_000)
    qtbot.addWidget(edit)
    reported: list[str] = []
    edit.settled.connect(reported.append)
    edit.setText("Şahin")
    assert edit.is_pending()
    edit.flush()
    assert reported == ["Şahin"]
    edit.flush()  # nothing waiting: no second report
    assert reported == ["Şahin"]
    edit.clear()
    edit.cancel()
    edit.flush()
    assert reported == ["Şahin"]


# --- RowsTableModel ---------------------------------------------------------------------------


class _People(RowsTableModel[tuple[str, int]]):
    NAME, AGE = range(2)
    HEADERS = (N_("Name"), N_("Age"))
    TOOLTIPS = ("", N_("Status"))
    RIGHT_ALIGNED = (AGE,)

    def cell(self, row: tuple[str, int], column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return row[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME:
            return f"<{row[0]}>"
        return None


ROWS = [("Zimmermann", 40), ("Şahin", 31), ("Ánh", 52), ('O\'Neil <b> & "Q"', 28)]


def test_rows_model_shows_rows_and_translated_headers(qtbot: QtBot) -> None:
    set_language("de")
    model = _People()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_rows(ROWS)
    assert model.rowCount() == 4 and model.columnCount() == 2
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Alter"
    assert model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None
    assert model.index(1, 0).data() == "Şahin"
    assert model.index(1, 0).data(RowRole) == ("Şahin", 31)
    assert model.index(3, 0).data(Qt.ItemDataRole.ToolTipRole) == '<O\'Neil <b> & "Q">'
    assert model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    )
    assert model.index(0, 0).data(Qt.ItemDataRole.TextAlignmentRole) is None
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert model.row_at(2) == ("Ánh", 52)
    with pytest.raises(IndexError):
        model.row_at(4)
    assert model.rows() == ROWS
    del tester


def test_rows_model_sorts_like_a_german_reader_and_keeps_the_selection(qtbot: QtBot) -> None:
    model = _People()
    model.set_rows(ROWS)
    kept = QPersistentModelIndex(model.index(1, 0))  # Şahin
    model.sort(_People.NAME)
    assert [model.index(n, 0).data() for n in range(4)] == [
        "Ánh",
        'O\'Neil <b> & "Q"',
        "Şahin",
        "Zimmermann",
    ]
    assert kept.row() == 2 and kept.data() == "Şahin"
    assert model.index(0, 0).data(SortRole) == "anh"
    model.sort(_People.AGE, Qt.SortOrder.DescendingOrder)
    assert [model.index(n, 1).data() for n in range(4)] == [52, 40, 31, 28]
    model.sort(7)  # no such column: nothing happens
    assert model.index(0, 1).data() == 52


def test_rows_model_retranslate_tells_the_views(qtbot: QtBot) -> None:
    model = _People()
    model.set_rows(ROWS)
    with qtbot.waitSignals([model.headerDataChanged, model.dataChanged], timeout=1000):
        model.retranslate()
    set_language("en")
    try:
        assert model.headerData(1, Qt.Orientation.Horizontal) == "Age"
    finally:
        set_language("de")


# --- read_only_table --------------------------------------------------------------------------


def test_read_only_table_selects_whole_rows_and_never_edits(qtbot: QtBot) -> None:
    model = _People()
    model.set_rows(ROWS)
    view = read_only_table(model, sortable=True)
    qtbot.addWidget(view)
    assert view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert view.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert view.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection
    assert not view.verticalHeader().isVisible() and not view.wordWrap()
    assert view.isSortingEnabled()
    assert [model.index(n, 0).data() for n in range(4)] == [r[0] for r in ROWS]  # unsorted
    view.sortByColumn(_People.NAME, Qt.SortOrder.AscendingOrder)
    assert model.index(0, 0).data() == "Ánh"
    view.selectionModel().select(
        model.index(1, 1),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert len(view.selectionModel().selectedRows()) == 1


def test_read_only_table_sets_up_a_given_view_and_fits_its_contents(qtbot: QtBot) -> None:
    widget = QTableWidget(2, 2)
    qtbot.addWidget(widget)
    assert read_only_table(view=widget) is widget
    assert widget.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    model = _People()
    model.set_rows(ROWS)
    fitted = read_only_table(
        model, selection=QAbstractItemView.SelectionMode.NoSelection, fit_contents=True
    )
    qtbot.addWidget(fitted)
    assert fitted.selectionMode() == QAbstractItemView.SelectionMode.NoSelection
    assert fitted.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    rows_height = sum(fitted.rowHeight(row) for row in range(4))
    assert fitted.minimumHeight() == fitted.maximumHeight() > rows_height


def test_a_long_table_fits_its_contents_without_reading_every_row(qtbot: QtBot) -> None:
    """A report's course table has thousands of rows at a large office: the columns are sized
    from a sample and the rows get the one-line height, so not every cell is read."""

    class Counting(QStandardItemModel):
        def __init__(self) -> None:
            super().__init__(5000, 3)
            self.read_rows: set[int] = set()

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role == Qt.ItemDataRole.DisplayRole:
                self.read_rows.add(index.row())
                return f"Kurs {index.row()}"
            return None

    model = Counting()
    fitted = read_only_table(model, fit_contents=True)
    qtbot.addWidget(fitted)
    assert len(model.read_rows) <= 2 * SIZE_SAMPLE_ROWS
    row_height = fitted.verticalHeader().defaultSectionSize()
    assert fitted.maximumHeight() > 5000 * row_height
    assert fitted.columnWidth(0) >= fitted.fontMetrics().horizontalAdvance("Kurs 100")


# --- InlineMessage ----------------------------------------------------------------------------


def test_inline_message_shows_kind_and_text_and_hides_when_cleared(qtbot: QtBot) -> None:
    message = InlineMessage()
    qtbot.addWidget(message)
    message.show()  # as its parent would
    message.clear()
    assert not message.isVisible() and message.text() == "" and message.kind == ""
    message.show_error("Das Datum liegt in der Zukunft.")
    assert message.isVisible() and message.kind == "error"
    assert message.text() == "Das Datum liegt in der Zukunft."
    assert message.accessibleDescription() == "Das Datum liegt in der Zukunft."
    assert "border: 1px solid" in message.styleSheet()
    message.show_info('Gespeichert: O\'Neil <b> & "Q"')
    assert message.kind == "info" and message.text() == 'Gespeichert: O\'Neil <b> & "Q"'
    message.show_message("")
    assert not message.isVisible() and message.text() == ""


def test_compact_inline_message_under_a_field_with_check_into(qtbot: QtBot) -> None:
    field = DateField()
    message = InlineMessage(compact=True)
    qtbot.addWidget(field)
    qtbot.addWidget(message)
    message.show()
    field.setText("32.01.2026")
    assert not check_into(field, message, field.date_value)
    assert message.isVisible() and "kein gültiges Datum" in message.text()
    assert "border: none" in message.styleSheet() and field.styleSheet()
    field.setText("31.01.2026")
    assert check_into(field, message, field.date_value)
    assert not message.isVisible() and field.styleSheet() == ""


def test_an_operation_of_a_closed_page_is_cancelled_and_let_go(qtbot: QtBot) -> None:
    """A page closed while its job runs: the job is asked to stop and nothing keeps waiting."""
    import threading

    from lotsen_desktop.gui.operations import Operation

    release = threading.Event()
    asked_to_stop: list[bool] = []

    def work(progress: Any) -> None:
        release.wait(5)
        asked_to_stop.append(not progress(1, 1))

    page = QWidget()
    operation = Operation(page, "test", work, show_progress=False).start()
    assert operation in Operation._running
    page.deleteLater()
    qtbot.waitUntil(lambda: operation not in Operation._running, timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: bool(asked_to_stop), timeout=5000)
    assert asked_to_stop == [True]
