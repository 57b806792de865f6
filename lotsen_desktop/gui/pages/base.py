"""What every page of the main window offers the window."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from lotsen_desktop.store.database import Store


class Page(QWidget):
    """A screen of the main window.

    A page gets the open store, calls services only, and after it changed data emits
    ``data_changed`` with the set of table names written (``UnitOfWork.changed_tables``) so the
    window can tell the other pages to refresh what they show.
    """

    data_changed = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store

    def page_title(self) -> str:
        """The translated name in the navigation."""
        raise NotImplementedError

    def refresh(self, changed: set[str] | None = None) -> None:
        """Reload what is shown; ``changed`` names the tables written (``None``: everything)."""

    def can_leave(self) -> bool:
        """Ask about unsaved changes; ``False`` keeps the user on this page."""
        return True

    def retranslate(self) -> None:
        """Set every visible text again after the language was switched."""
