"""What every page of the main window offers the window."""

from __future__ import annotations

from collections.abc import Set
from enum import StrEnum
from typing import ClassVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from lotsen_desktop.gui.changes import ChangeRelay
from lotsen_desktop.gui.operations import Loader
from lotsen_desktop.gui.views.feedback import ask_discard
from lotsen_desktop.store.database import Changes, Store


class PageAction(StrEnum):
    """Menu commands a page may take over (Datei menu: Suchen, Speichern, Drucken)."""

    SEARCH = "search"
    SAVE = "save"
    PRINT = "print"


class Page(QWidget):
    """A screen of the main window.

    A page gets the open store and calls services only. It names the tables it shows in
    ``shown_tables``; after any commit that wrote one of them (this page's own, another page's,
    a background operation's, a sync import's) ``refresh`` is called with the tables written.
    A hidden page only notes that it is stale and refreshes when it is shown again. Nobody tells
    a page by hand what changed (``ChangeRelay``).

    A page that can search, save or print returns those ``PageAction`` values from
    ``supported_actions`` and implements ``focus_search``, ``save`` or ``print_page``; the window
    enables its menu entries accordingly. ``actions_changed`` asks the window to look again
    (for example when a form becomes dirty).

    A page never blocks the window while it reads: its first paint shows the frame at once, and
    every list whose query is not trivially bounded loads through ``self.loader`` (a worker
    thread, a "Wird geladen…" label over the list, the newest result wins; a result arriving
    while another page is shown waits until this one is shown again). A long list holds only
    ids and reads the rows in view (``IdPagedTableModel``).
    """

    shown_tables: ClassVar[frozenset[str] | None] = None
    """Tables whose change alters what the page shows; ``None`` (a page that has not said):
    every commit reaches ``refresh``, which filters for itself."""

    actions_changed = Signal()
    language_changed = Signal(str)
    """Asks the window to switch the whole program to this language code."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.loader = Loader(self)
        self.changes = ChangeRelay.of(store)
        self._needs_refresh = False
        self._missed_tables: set[str] | None = set()  # None: everything
        self._showing_own = False
        self.changes.committed.connect(self._on_committed)

    def shows(self, changed: Set[str] | None) -> bool:
        """Whether a change of ``changed`` (``None``: anything) alters this page."""
        tables = self.shown_tables
        return changed is None or tables is None or not tables.isdisjoint(changed)

    def _on_committed(self, changes: Changes) -> None:
        if self._showing_own or self._initiated_here(changes.initiator):
            return
        if self.shows(changes.tables):
            self.invalidate(changes.tables)

    def own_changes_shown(self) -> None:
        """What this page committed so far is shown already (it reloaded and selected the new
        row itself): hand the waiting commits to the other pages now and skip this one, so the
        page does not read everything again and lose the selection it just made."""
        self._showing_own = True
        try:
            self.changes.deliver_now()
        finally:
            self._showing_own = False

    def invalidate(self, changed: Set[str] | None = None) -> None:
        """Refresh now if shown, else when next shown (``changed``: ``None`` for everything)."""
        if self.isVisible():
            self.refresh(None if changed is None else set(changed))
            return
        if not self._needs_refresh:
            self._needs_refresh, self._missed_tables = True, set()
        if changed is None or self._missed_tables is None:
            self._missed_tables = None
        else:
            self._missed_tables |= changed

    def _initiated_here(self, initiator: object) -> bool:
        """The change came from this page or a part of it, which has shown it already."""
        current = initiator if isinstance(initiator, QObject) else None
        while current is not None:
            if current is self:
                return True
            current = current.parent()
        return False

    def is_stale(self) -> bool:
        """Data it shows changed while it was hidden; it refreshes when shown."""
        return self._needs_refresh

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._needs_refresh:
            changed, self._needs_refresh, self._missed_tables = self._missed_tables, False, set()
            self.refresh(changed)

    def is_loading(self) -> bool:
        """Some list of the page is still being read in the background (or has been read while
        another page was shown and is built when this one is shown)."""
        return self.loader.busy

    def page_title(self) -> str:
        """The translated name in the navigation."""
        raise NotImplementedError

    def refresh(self, changed: set[str] | None = None) -> None:
        """Reload what is shown; ``changed`` names the tables written (``None``: everything).

        Called for commits that touch ``shown_tables`` and by the window's Refresh (F5)."""

    def has_unsaved_work(self) -> bool:
        """Something typed on the page is not saved yet (a half-written quick entry): the
        window asks before the page is left or the program quits."""
        return False

    def unsaved_work_description(self) -> str:
        """Where the unsaved input is, for "Ungespeicherte Eingaben in … verwerfen?"."""
        return self.page_title()

    def discard_unsaved_work(self) -> None:
        """Forget the unsaved input (the user chose Verwerfen)."""

    def can_leave(self) -> bool:
        """Ask about unsaved input; ``False`` keeps the user on this page."""
        if not self.has_unsaved_work():
            return True
        if not ask_discard(self, self.unsaved_work_description()):
            return False
        self.discard_unsaved_work()
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
