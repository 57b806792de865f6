"""The building blocks the pages and dialogs share: one date field, one debounced search
field, one read-only table, inline messages (``InlineMessage`` from ``views.feedback``, also
importable from here for Designer's promoted widgets), the unsaved-changes question."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import date
from enum import Enum
from typing import TypeVar, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QEvent,
    QObject,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QTableView,
    QWidget,
)

from lotsen_desktop.errors import ValidationError
from lotsen_desktop.gui.icons import icon
from lotsen_desktop.gui.views.feedback import CENTURY_WINDOW, parse_date_input
from lotsen_desktop.gui.views.feedback import InlineMessage as InlineMessage
from lotsen_desktop.i18n import _, format_date_short

INVALID_FIELD_STYLE = "border: 1px solid #b00020; border-radius: 2px; padding: 1px;"


#: Rows a column fitted to its contents looks at (visible ones first): Qt's default of 1000
#: made every reload of a long list cost a second of measuring text on the GUI thread.
SIZE_SAMPLE_ROWS = 200
#: Rows measured for the columns of a table as large as its contents (the page scrolls): such a
#: table is laid out whole with its page, so it samples fewer rows (a report's course table).
FIT_SAMPLE_ROWS = 60

# Room a window manager takes around a window (title bar, borders) that ``resize`` does not count.
WINDOW_FRAME = QSize(16, 40)


def available_geometry(widget: QWidget) -> QRect:
    """The free desktop area (without task bar) of the screen the widget's parent is on."""
    anchor = widget.parentWidget() or widget
    screen = anchor.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to ``width`` x ``height`` but never larger than the free screen area, frame
    included: on a 1366x768 laptop the buttons at the bottom must stay reachable."""
    area = available_geometry(widget)
    widget.resize(
        min(width, area.width() - WINDOW_FRAME.width()),
        min(height, area.height() - WINDOW_FRAME.height()),
    )


def action_text(text: str) -> str:
    """A text from data or a page title for a menu entry or button: "&" stays a visible
    ampersand ("Lotsinnen & Lotsen") instead of marking the next letter as a shortcut."""
    return text.replace("&", "&&")


class MiddleElidedComboBox(QComboBox):
    """A combo box that, when too narrow, drops the middle of its text, not the end: course
    titles differ in their last part ("… 2026/13")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            self,
        )
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideMiddle, field.width()
        )
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class FieldMessage(InlineMessage):
    """``InlineMessage(compact=True)``, the red line under a field, under a name that Qt Designer
    forms can promote to (Designer builds promoted widgets with the parent only)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, compact=True)

    def clear_message(self) -> None:
        self.clear()


class DateField(QLineEdit):
    """The one date input: typed as Germans type dates (``14.11.2026``, ``14.11.26``,
    ``2.3.85``, ``14.11.`` for this year, ``141126``, ``14112026``, ``2026-11-24``) or picked
    from a calendar (the button at its end, Alt+Down or F4).

    Empty means "not known" for ``date_value``; ``required_date`` refuses it. A wrong date is
    refused with a message in the user's language that shows the expected form
    (``parse_date_input``). A date understood is rewritten as ``DD.MM.YYYY`` (when typing ends,
    and when it is read), so the field shows which date is meant and code that reads its text
    sees the full form. Entering the field selects the date, and typing on at the end of a
    complete date starts a new one: typing "14.11.2026" over a date replaces it.

    ``two_digit_window`` decides the century of a two-digit year (``CENTURY_WINDOW``); a field
    for a date of birth sets 0 so that "1.1.40" means 1940.
    """

    def __init__(self, parent: QWidget | None = None, *, calendar: bool = True) -> None:
        super().__init__(parent)
        self._calendar: QCalendarWidget | None = None
        self.two_digit_window = CENTURY_WINDOW
        self.setPlaceholderText(_("DD.MM.YYYY"))
        self.setMaxLength(10)
        self.setToolTip(
            _("Date as DD.MM.YYYY, for example 24.11.2026 (24.11. means this year)")
            + ("\n" + _("Alt+Down opens a calendar") if calendar else "")
        )
        self.calendar_action: QAction | None = None
        if calendar:
            self.calendar_action = self.addAction(
                icon("calendar"), QLineEdit.ActionPosition.TrailingPosition
            )
            self.calendar_action.setToolTip(_("Pick the date from a calendar"))
            self.calendar_action.triggered.connect(self.show_calendar)
        self.editingFinished.connect(self._tidy)

    def set_date(self, value: date | None) -> None:
        self.setText(format_date_short(value))

    def date_value(self, field: str = "date") -> date | None:
        """The date typed in, ``None`` when empty; a wrong one raises ``ValidationError``."""
        if not self.text().strip():
            return None
        return self.required_date(field)

    def required_date(self, field: str = "date") -> date:
        """The date typed in; empty or wrong raises ``ValidationError``."""
        value = parse_date_input(self.text(), field, window=self.two_digit_window)
        if self.text() != format_date_short(value):
            self.set_date(value)
        return value

    def peek_date(self) -> date | None:
        """The date as typed so far, ``None`` if empty or not (yet) a date; unlike
        ``required_date`` it never rewrites the text, so a live preview can follow the typing."""
        try:
            if not self.text().strip():
                return None
            return parse_date_input(self.text(), window=self.two_digit_window)
        except ValidationError:
            return None

    def _tidy(self) -> None:
        with suppress(ValidationError):  # a wrong date stays as typed for the message
            self.date_value()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        opens = event.key() == Qt.Key.Key_F4 or (
            event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if opens and self.calendar_action is not None:
            self.show_calendar()
            return
        if (
            event.text().isdigit()
            and not self.hasSelectedText()
            and self.cursorPosition() == len(self.text())
            and len(self.text()) >= self.maxLength()
            and self.peek_date() is not None
        ):
            self.clear()  # typing on after a whole date: a new date, not a refused key
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.text():
            # After the mouse press has placed the cursor: the whole date is then selected.
            QTimer.singleShot(0, self._select_for_typing)

    def _select_for_typing(self) -> None:
        if self.hasFocus() and not self.hasSelectedText():
            self.selectAll()

    def show_calendar(self) -> QCalendarWidget:
        """Open the calendar below the field at the typed date (or today)."""
        if self._calendar is not None:
            self._calendar.close()
        popup = QCalendarWidget(self)
        popup.setWindowFlags(Qt.WindowType.Popup)
        popup.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        popup.setGridVisible(True)
        popup.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        try:
            current = self.date_value() or date.today()
        except ValidationError:
            current = date.today()
        popup.setSelectedDate(QDate(current.year, current.month, current.day))
        popup.clicked.connect(self._picked)
        popup.activated.connect(self._picked)
        popup.destroyed.connect(self._calendar_closed)
        popup.adjustSize()
        area = available_geometry(self)
        place = self.mapToGlobal(self.rect().bottomLeft())
        place.setX(max(area.left(), min(place.x(), area.right() - popup.width())))
        if place.y() + popup.height() > area.bottom():
            place.setY(self.mapToGlobal(self.rect().topLeft()).y() - popup.height())
        popup.move(place)
        popup.show()
        popup.setFocus(Qt.FocusReason.PopupFocusReason)
        self._calendar = popup
        return popup

    def _picked(self, day: QDate) -> None:
        self.set_date(date(day.year(), day.month(), day.day()))
        if self._calendar is not None:
            self._calendar.close()
            self._calendar = None
        self.setFocus(Qt.FocusReason.PopupFocusReason)

    def _calendar_closed(self) -> None:
        self._calendar = None


def check_into(field: QWidget, message_label: InlineMessage, check: Callable[[], object]) -> bool:
    """Run ``check``; show its ``ValidationError`` inline. ``True`` if the value is fine."""
    try:
        check()
    except ValidationError as error:
        message_label.show_error(str(error))
        field.setStyleSheet(INVALID_FIELD_STYLE)
        return False
    message_label.clear()
    field.setStyleSheet("")
    return True


class UnsavedAnswer(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_unsaved(parent: QWidget | None, what: str) -> UnsavedAnswer:
    """ "Änderungen speichern?" with Speichern / Verwerfen / Abbrechen (Qt's German buttons)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Unsaved changes"))
    box.setText(_("{what} has unsaved changes. Save them?").format(what=what))
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return UnsavedAnswer.SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return UnsavedAnswer.DISCARD
    return UnsavedAnswer.CANCEL


#: A search field is never narrower than this many characters (at 1024x768 it was "N…").
SEARCH_MIN_CHARACTERS = 14


class DebouncedLineEdit(QLineEdit):
    """The one search field: reports its text once (``settled``) when it stops changing;
    Escape empties it.

    Every change counts, typed or set by code (``setText``, the clear button); Enter can report
    at once through ``flush``. Searching on every key would read the store per letter.
    """

    settled = Signal(str)
    DELAY_MS = 200

    def __init__(self, parent: QWidget | None = None, *, delay_ms: int = DELAY_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(lambda: self.settled.emit(self.text()))
        self.textChanged.connect(lambda _text: self._timer.start())
        self.setClearButtonEnabled(True)
        # room for a name of SEARCH_MIN_CHARACTERS plus the search icon and the clear button
        self.setMinimumWidth(
            self.fontMetrics().averageCharWidth() * SEARCH_MIN_CHARACTERS
            + 2 * self.fontMetrics().height()
            + 12
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape empties a filled search field (and reports at once); on an empty one it goes
        on to the dialog, which closes as usual."""
        if event.key() == Qt.Key.Key_Escape and self.text() and not event.modifiers():
            self.clear()
            self.flush()
            event.accept()
            return
        super().keyPressEvent(event)

    def is_pending(self) -> bool:
        """Whether a change waits to be reported."""
        return self._timer.isActive()

    def flush(self) -> None:
        """Report now (Enter pressed, or a test that does not want to wait)."""
        if self._timer.isActive():
            self._timer.stop()
            self.settled.emit(self.text())

    def cancel(self) -> None:
        """Forget a waiting change: the caller has just searched for the current text itself."""
        self._timer.stop()


V = TypeVar("V", bound=QTableView)


@overload
def read_only_table(
    model: QAbstractItemModel | None = None,
    parent: QWidget | None = None,
    *,
    view: None = None,
    selection: QAbstractItemView.SelectionMode = ...,
    sortable: bool = False,
    stretch_last: bool = True,
    elide: Qt.TextElideMode = ...,
    fit_contents: bool = False,
) -> QTableView: ...


@overload
def read_only_table(
    model: QAbstractItemModel | None = None,
    parent: QWidget | None = None,
    *,
    view: V,
    selection: QAbstractItemView.SelectionMode = ...,
    sortable: bool = False,
    stretch_last: bool = True,
    elide: Qt.TextElideMode = ...,
    fit_contents: bool = False,
) -> V: ...


def read_only_table(
    model: QAbstractItemModel | None = None,
    parent: QWidget | None = None,
    *,
    view: QTableView | None = None,
    selection: QAbstractItemView.SelectionMode = QAbstractItemView.SelectionMode.SingleSelection,
    sortable: bool = False,
    stretch_last: bool = True,
    elide: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
    fit_contents: bool = False,
) -> QTableView:
    """The one table of service rows: whole rows selected, no editing, one compact line a row,
    columns the user can size.

    ``view`` sets up an existing view (one from a Designer form, or a ``QTableWidget``) instead
    of a new one. ``sortable`` lets a header click sort (starting unsorted), ``elide``
    chooses where long text is cut (``ElideMiddle`` keeps "… 2026/13"), and ``fit_contents``
    makes the table exactly as large as its rows and columns (the page scrolls, not the table).
    """
    view = view if view is not None else QTableView(parent)
    if model is not None:
        view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(selection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(elide)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(max(22, view.fontMetrics().height() + 6))
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(stretch_last and not fit_contents)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setResizeContentsPrecision(SIZE_SAMPLE_ROWS)
    if sortable:
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # rows stay as they came
        view.setSortingEnabled(True)
    if fit_contents:
        _fit_to_contents(view)
    return view


def _fit_to_contents(view: QTableView) -> None:
    """Columns as wide as their text (measured on ``FIT_SAMPLE_ROWS`` rows), every row one line
    as high as the first row: measuring each row's height would ask for every cell (a report's
    course table has thousands of rows at a large office: seconds on the GUI thread)."""
    model = view.model()
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(FIT_SAMPLE_ROWS)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.resizeColumnsToContents()
    if model is None:
        return
    if model.rowCount():  # every row as high as Qt would size the first one (compact lines)
        vertical = view.verticalHeader()
        line = max(view.sizeHintForRow(0), vertical.sectionSizeHint(0))
        vertical.setDefaultSectionSize(max(line, vertical.minimumSectionSize()))
    frame = 2 * view.frameWidth()
    view.setFixedWidth(
        sum(view.columnWidth(column) for column in range(model.columnCount())) + frame + 2
    )
    height = view.horizontalHeader().sizeHint().height() + frame + 2
    height += view.verticalHeader().defaultSectionSize() * model.rowCount()
    view.setFixedHeight(height)


def size_columns_from_samples(
    table: QTableView, samples: dict[int, str], *, bold_rows: bool = False
) -> None:
    """Column widths from the font, not from the rows: each column as wide as its sample text
    (in bold where some rows are shown bold), and at least as wide as its header's title with
    the sort arrow.

    Long lists (thousands of courses or assignments) would read rows on the GUI thread to size
    a column; a sample costs nothing. Columns are ``Interactive``: the user can still drag them.
    """
    header = table.horizontalHeader()
    font = QFont(table.font())
    font.setBold(bold_rows)
    metrics = QFontMetrics(font)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    model = table.model()
    for column, sample in samples.items():
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title) + 16)
        header.resizeSection(column, width + 16)


class _KeyColumnKeeper(QObject):
    """Gives the other columns' width to the stretching key column when the view is narrow."""

    def __init__(self, table: QTableView, minimum: int, widths: dict[int, int]):
        super().__init__(table)
        self.table, self.minimum, self.widths = table, minimum, widths
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit(self.table.viewport().width())
        return False

    def fit(self, available: int) -> None:
        wanted = sum(self.widths.values())
        spare = available - self.minimum
        scale = 1.0 if spare >= wanted else max(spare, 0) / wanted
        header = self.table.horizontalHeader()
        floor = header.minimumSectionSize()
        for column, width in self.widths.items():
            header.resizeSection(column, max(floor, int(width * scale)))


def keep_key_column_readable(
    table: QTableView, column: int, sample: str, widths: dict[int, int]
) -> None:
    """``column`` stretches and stays at least as wide as ``sample``; the other columns get
    ``widths`` where the view is wide enough and give way in proportion where it is not.

    A stretching name column next to fixed columns was squeezed to a few letters at 1024 px
    (two namesakes' "Huda Man…" could not be told apart), however little the other columns
    needed their full width.
    """
    header = table.horizontalHeader()
    header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    header.setTextElideMode(Qt.TextElideMode.ElideRight)
    minimum = table.fontMetrics().horizontalAdvance(sample) + 16
    keeper = _KeyColumnKeeper(table, minimum, dict(widths))
    keeper.fit(table.viewport().width())
