"""Small widgets the forms share: date fields, inline messages, the unsaved-changes question."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import Enum

from PySide6.QtCore import QAbstractItemModel, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QTableView,
    QWidget,
)

from lotsen_desktop.domain import validation
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.i18n import _, format_date_short

ERROR_STYLE = "color: #b00020;"
INVALID_FIELD_STYLE = "border: 1px solid #b00020; border-radius: 2px; padding: 1px;"


#: Rows a column fitted to its contents looks at (visible ones first): Qt's default of 1000
#: made every reload of a long list cost a second of measuring text on the GUI thread.
SIZE_SAMPLE_ROWS = 200

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


class FieldMessage(QLabel):
    """A red line under a field that says what is wrong; hidden while all is well."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))

    def clear_message(self) -> None:
        self.show_message("")


class DateField(QLineEdit):
    """A date typed as ``TT.MM.JJJJ`` (or ``JJJJ-MM-TT``); empty means "not known"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("DD.MM.YYYY"))
        self.setMaxLength(10)
        self.setToolTip(_("Date as DD.MM.YYYY, for example 24.11.2026; leave empty if unknown"))

    def set_date(self, value: date | None) -> None:
        self.setText(format_date_short(value))

    def date_value(self, field: str = "date") -> date | None:
        """The date typed in; raises ``ValidationError`` with a German message if it is none."""
        return validation.parse_date(self.text(), field)


def check_into(field: QWidget, message_label: FieldMessage, check: Callable[[], object]) -> bool:
    """Run ``check``; show its ``ValidationError`` inline. ``True`` if the value is fine."""
    try:
        check()
    except ValidationError as error:
        message_label.show_message(str(error))
        field.setStyleSheet(INVALID_FIELD_STYLE)
        return False
    message_label.clear_message()
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


class DebouncedLineEdit(QLineEdit):
    """A search field that reports its text once typing pauses (``settled``).

    The parent comes first so that Qt Designer forms can use it as a promoted widget."""

    settled = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, delay_ms: int = 200) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(lambda: self.settled.emit(self.text()))
        self.textEdited.connect(lambda _text: self._timer.start())
        self.setClearButtonEnabled(True)

    def flush(self) -> None:
        """Report now (Enter pressed, or a test that does not want to wait)."""
        if self._timer.isActive():
            self._timer.stop()
            self.settled.emit(self.text())

    def cancel(self) -> None:
        """Forget the pending report: the owner searches now itself (with what comes after)."""
        self._timer.stop()


def read_only_table(model: QAbstractItemModel) -> QTableView:
    """A table of service rows: whole-row single selection, no editing, columns the user can size."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setResizeContentsPrecision(SIZE_SAMPLE_ROWS)
    return view
