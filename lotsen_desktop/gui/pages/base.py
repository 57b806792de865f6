"""What every page of the main window offers the window."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from lotsen_desktop.gui.operations import Loader
from lotsen_desktop.store.database import Store


class PageAction(StrEnum):
    """Menu commands a page may take over (Datei menu: Suchen, Speichern, Drucken)."""

    SEARCH = "search"
    SAVE = "save"
    PRINT = "print"


class Page(QWidget):
    """A screen of the main window.

    A page gets the open store, calls services only, and after it changed data emits
    ``data_changed`` with the set of table names written (``UnitOfWork.changed_tables``) so the
    window can tell the other pages to refresh what they show.

    A page that can search, save or print returns those ``PageAction`` values from
    ``supported_actions`` and implements ``focus_search``, ``save`` or ``print_page``; the window
    enables its menu entries accordingly. ``actions_changed`` asks the window to look again
    (for example when a form becomes dirty).

    A page never blocks the window while it reads: its first paint shows the frame at once, and
    every list whose query is not trivially bounded loads through ``self.loader`` (a worker
    thread, a "Wird geladen…" label over the list, the newest result wins).
    """

    data_changed = Signal(object)
    actions_changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.loader = Loader(self)

    def is_loading(self) -> bool:
        """Some list of the page is still being read in the background."""
        return self.loader.busy

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

    def supported_actions(self) -> set[PageAction]:
        """Which of the window's page commands apply right now."""
        return set()

    def focus_search(self) -> None:
        """Put the cursor into the page's search field (Ctrl+F)."""

    def save(self) -> bool:
        """Save pending changes (Ctrl+S); ``False`` if they could not be saved."""
        return True

    def print_page(self) -> None:
        """Print what the page shows (Ctrl+P)."""
