"""Inline messages, confirmations and the parsing of what people type into quick-entry fields.

Used by the courses and mentoring pages: a refused input shows its reason next to where it was
typed (never only in a pop-up), and nothing is saved.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from lotsen_desktop.domain import validation
from lotsen_desktop.errors import LotsenError, ValidationError
from lotsen_desktop.gui.screen_fit import FitsScreen, ScrollingBody
from lotsen_desktop.i18n import _, format_number

_STYLES = {
    "error": ("⚠", "#7a0010", "#fde7ea", "#e7a3ad"),
    "warning": ("⚠", "#5c4300", "#fff4d1", "#e8cf7f"),
    "info": ("ℹ", "#0b3d63", "#e3f0fb", "#a9cbe8"),
}


class InlineMessage(QWidget):
    """The one inline message: a coloured line with a symbol (not colour alone) that says what
    happened or what is wrong, hidden while there is nothing to say.

    ``compact`` drops the box around it: the line under a single form field.
    """

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.kind = ""
        self.compact = compact
        self._symbol = QLabel(self)
        self._text = QLabel(self)
        self._text.setWordWrap(True)
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        if compact:
            layout.setContentsMargins(0, 0, 0, 0)
        else:
            layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self._symbol, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._text, 1)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.hide()

    def text(self) -> str:
        """The message shown (empty when none is)."""
        return self._text.text() if self.kind else ""

    def show_message(self, message: str, kind: str = "error") -> None:
        if not message:
            self.clear()
            return
        symbol, fg, bg, border = _STYLES.get(kind, _STYLES["error"])
        self.kind = kind
        self._symbol.setText(symbol)
        self._text.setText(message)
        box = (
            "background: transparent; border: none;"
            if self.compact
            else f"background: {bg}; border: 1px solid {border}; border-radius: 3px;"
        )
        self.setStyleSheet(
            f"InlineMessage {{ {box} }}"
            f" QLabel {{ color: {fg}; background: transparent; border: none; }}"
        )
        self.setAccessibleDescription(message)
        self.show()

    def show_error(self, message: str) -> None:
        self.show_message(message, "error")

    def show_warning(self, message: str) -> None:
        self.show_message(message, "warning")

    def show_info(self, message: str) -> None:
        self.show_message(message, "info")

    def clear(self) -> None:
        self.kind = ""
        self._text.setText("")
        self.hide()


def confirm(parent: QWidget | None, title: str, question: str) -> bool:
    """Ask a yes/no question; the safe answer (No) is the default."""
    answer = QMessageBox.question(
        parent,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_discard(parent: QWidget | None, where: str) -> bool:
    """Ask "Ungespeicherte Eingaben in … verwerfen?" (Verwerfen / Abbrechen); ``True``: discard.

    Abbrechen is the default: a stray Enter keeps what was typed."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Unsaved input"))
    box.setText(_("Discard the unsaved input in “{where}”?").format(where=where))
    box.setStandardButtons(QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Discard


def form_state(form: QWidget) -> tuple[object, ...]:
    """What the input fields under ``form`` hold, to tell whether anything was typed since.

    Search fields (``DebouncedLineEdit``) are not input: they are left out."""
    from lotsen_desktop.gui.widgets import DebouncedLineEdit  # widgets imports this module

    values: list[object] = []
    for child in form.findChildren(QWidget):
        if isinstance(child, DebouncedLineEdit):
            continue
        if isinstance(child, QLineEdit):
            values.append(child.text())
        elif isinstance(child, (QPlainTextEdit, QTextEdit)):
            values.append(child.toPlainText())
        elif isinstance(child, QComboBox):
            values.append((child.currentIndex(), child.currentText()))
        elif isinstance(child, QAbstractButton) and child.isCheckable():
            values.append(child.isChecked())
    return tuple(values)


_SHORT_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})?\s*$")
_DIGITS_DATE = re.compile(r"^\s*(\d{2})(\d{2})(\d{2}|\d{4})\s*$")


#: Two-digit years ("2.3.85"): a year up to this many years ahead of today is this century, a
#: later one the last ("14.11.26" is 2026, "1.1.60" is 1960). Course, session and contact dates
#: lie near today; a field for dates that cannot be in the future (the date of birth) passes
#: 0, so "1.1.40" is 1940 there, never 2040.
CENTURY_WINDOW = 20


def parse_date_input(
    text: str, field: str = "date", today: date | None = None, window: int = CENTURY_WINDOW
) -> date:
    """A date as Germans type it: ``14.11.2026``, ``14.11.26``, ``2.3.85``, ``14.11.`` (this
    year), ``141126`` or ``14112026`` (no dots), or ``2026-11-24``.

    The one parser behind every date field; empty or wrong input raises ``ValidationError``
    with a message in the user's language that shows the expected form. ``window``: see
    ``CENTURY_WINDOW``.
    """
    today = today or date.today()
    text = text.strip()
    if not text:
        raise ValidationError(_("Please enter a date (DD.MM.YYYY)."), field=field)
    match = _SHORT_DATE.match(text) or _DIGITS_DATE.match(text)
    try:
        if match:
            day, month, year_text = match.groups()
            year = today.year
            if year_text:
                year = int(year_text)
                if len(year_text) == 2:
                    year += 2000 if 2000 + year <= today.year + window else 1900
            return date(year, int(month), int(day))
        parsed = validation.parse_date(text, field)
        assert parsed is not None
        return parsed
    except (ValueError, ValidationError):
        raise ValidationError(
            _(
                "'{value}' is not a valid date. Please type DD.MM.YYYY, for example 14.11.2026."
            ).format(value=text),
            field=field,
        ) from None


_HOURS_MINUTES = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")
_HOURS = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:h|std\.?|stunden?)\s*$", re.IGNORECASE)
_MINUTES = re.compile(r"^\s*(\d+)\s*(?:min\.?|minuten)?\s*$", re.IGNORECASE)


def parse_duration(text: str, field: str = "minutes") -> int:
    """Minutes from ``90``, ``90 min``, ``1:30`` or ``1,5 h``."""
    text = text.strip()
    minutes: float | None = None
    if match := _HOURS_MINUTES.match(text):
        minutes = int(match.group(1)) * 60 + int(match.group(2))
        if int(match.group(2)) >= 60:
            minutes = None
    elif match := _HOURS.match(text):
        minutes = float(match.group(1).replace(",", ".")) * 60
    elif match := _MINUTES.match(text):
        minutes = int(match.group(1))
    if minutes is None:
        raise ValidationError(
            _(
                "'{value}' is not a duration; type minutes (90), hours and minutes (1:30) or hours (1,5 h)."
            ).format(value=text),
            field=field,
        )
    return round(minutes)


def format_duration(minutes: int) -> str:
    """``1:30`` for 90 minutes: how durations are shown and pre-filled."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def parse_km(text: str) -> float:
    """Kilometres typed with a comma or a point; empty is 0."""
    text = text.strip().replace(",", ".")
    if not text:
        return 0.0
    try:
        return float(text)
    except ValueError:
        raise ValidationError(
            _("'{value}' is not a number of kilometres.").format(value=text), field="km"
        ) from None


def format_hours(minutes: int) -> str:
    """Clock hours with one decimal (mentoring time is counted in hours of 60 minutes)."""
    return format_number(minutes / 60, 1)


class FormDialog(FitsScreen, QDialog):
    """A dialog whose OK runs ``submit()``; a refused input is shown inline and the dialog stays.

    The fields go into ``body``: a subclass sets up its Qt Designer form there
    (``Ui_X().setupUi(self.body)``); the message line and the buttons stay the same for all.
    The body scrolls when the screen is too small; the buttons stay in view.
    """

    grow_to_content = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clean_state: tuple[object, ...] | None = None
        self.message = InlineMessage(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body = QWidget(self)
        self.body_area = ScrollingBody(self.body, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.body_area, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def set_button_texts(self, ok: str) -> None:
        self.ok_button().setText(ok)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setText(_("Cancel"))

    def submit(self) -> None:
        """Save what was entered; raise ``LotsenError`` to refuse it."""

    def showEvent(self, event: QShowEvent) -> None:
        if self._clean_state is None:
            self._clean_state = form_state(self.body)  # filled by the subclass by now
        super().showEvent(event)

    def has_unsaved_work(self) -> bool:
        """Something was typed or chosen since the dialog opened."""
        return self._clean_state is not None and form_state(self.body) != self._clean_state

    def reject(self) -> None:
        """Abbrechen, Esc or the window's close button: typed input is only dropped after a
        question."""
        if self.has_unsaved_work() and not ask_discard(self, self.windowTitle()):
            return
        super().reject()

    def accept(self) -> None:
        try:
            self.submit()
        except LotsenError as error:
            self.message.show_error(str(error))
            return
        self.message.clear()
        super().accept()
