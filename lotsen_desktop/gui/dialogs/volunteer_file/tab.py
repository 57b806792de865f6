"""The contract between the volunteer file's dialog and its tabs.

A tab loads what it shows (from the file the dialog read, or from its own service), checks its
own fields, knows whether it holds unsaved edits and says what it adds to a save. The dialog
owns the buttons and the unsaved-changes guard and only asks the tabs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHeaderView, QLineEdit, QTableView, QWidget

from lotsen_desktop.gui.widgets import FieldMessage, check_into
from lotsen_desktop.services.volunteers import VolunteerDetail
from lotsen_desktop.store.database import Store

GREEN = "#1b7f3b"
GREY = "#666666"


@dataclass
class CheckedField:
    """One input with its message line and its check (``None``: only service errors show)."""

    widget: QWidget
    message: FieldMessage
    check: Callable[[], object] | None = None


@dataclass
class Contribution:
    """What a tab adds to a save: ``fields`` go to ``add_volunteer``/``update_volunteer``,
    ``after_create`` only to ``update_volunteer`` (a new file is created first)."""

    fields: dict[str, Any] = field(default_factory=dict)
    after_create: dict[str, Any] = field(default_factory=dict)


class FileTab(QWidget):
    """One tab of the volunteer file."""

    #: The user changed something the dialog saves.
    changed = Signal()
    #: Something was saved at once (a consent, an intake conversation).
    recorded = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.volunteer_id: str | None = None
        self.fields: dict[str, CheckedField] = {}
        self._snapshot: dict[str, Any] = {}

    def load(self, volunteer_id: str | None, detail: VolunteerDetail | None) -> None:
        """Show the stored file (``None``: a new one); the result counts as unchanged."""
        self.volunteer_id = volunteer_id
        self.fill(detail)
        for checked in self.fields.values():
            checked.message.clear_message()
            checked.widget.setStyleSheet("")
        self.mark_clean()

    def fill(self, detail: VolunteerDetail | None) -> None:
        """Put ``detail`` into the widgets."""

    def values(self) -> dict[str, Any]:
        """The editable state, comparable for the dirty check (empty for read-only tabs)."""
        return {}

    def contribution(self) -> Contribution:
        """Parsed values for saving; call after ``check_all``."""
        return Contribution()

    def mark_clean(self) -> None:
        self._snapshot = self.values()

    def is_dirty(self) -> bool:
        return self.values() != self._snapshot

    def check_field(self, name: str) -> bool:
        """Check one field and show the result under it."""
        checked = self.fields[name]
        return check_into(checked.widget, checked.message, checked.check or (lambda: None))

    def first_invalid(self) -> CheckedField | None:
        """Check every field; the first wrong one (its message shown), or ``None``."""
        first = None
        for name, checked in self.fields.items():
            if not self.check_field(name) and first is None:
                first = checked
        return first

    def _watch(self, checked: CheckedField, name: str) -> None:
        """Check a line edit's value as the user leaves it."""
        if checked.check is not None and isinstance(checked.widget, QLineEdit):
            checked.widget.editingFinished.connect(lambda: self.check_field(name))


def fit_columns(view: QTableView, stretch: int) -> None:
    """Columns as wide as their contents, ``stretch`` takes the rest (as the file always did)."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    view.resizeColumnsToContents()
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
