"""Committed changes as one Qt signal on the GUI thread (Anki's "operation did execute").

The store tells its listeners after every commit, in whatever thread committed (a background
operation, a sync import, the demo data). ``ChangeRelay`` is the one listener of the window: it
collects what arrives and emits ``committed(Changes)`` on the GUI thread, queued, so pages can
refresh what they show without anyone naming tables by hand.
"""

from __future__ import annotations

import threading
import weakref

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from lotsen_desktop.store.database import Changes, Store


class ChangeRelay(QObject):
    """Turns the store's after-commit notices into ``committed`` on the GUI thread.

    One relay per store (``ChangeRelay.of``). Commits that arrive before the GUI thread gets to
    them are merged (per initiator), so a burst of commits costs one refresh.
    """

    committed = Signal(object)
    _posted = Signal()

    def __init__(self, store: Store) -> None:
        super().__init__()
        app = QCoreApplication.instance()
        if app is not None:
            self.moveToThread(app.thread())
        self._lock = threading.Lock()
        self._pending: list[Changes] = []
        self._posted.connect(self.deliver_now, Qt.ConnectionType.QueuedConnection)
        relay = weakref.ref(self)

        def listener(changes: Changes) -> None:
            alive = relay()
            if alive is not None:
                alive._arrived(changes)

        self._listener = listener
        store.add_change_listener(listener)

    @classmethod
    def of(cls, store: Store) -> ChangeRelay:
        """The relay of ``store``, made on first use and kept as long as the store."""
        relay = _RELAYS.get(store)
        if relay is None:
            relay = _RELAYS[store] = cls(store)
        return relay

    def _arrived(self, changes: Changes) -> None:
        with self._lock:
            first = not self._pending
            self._pending.append(changes)
        if first:
            self._posted.emit()

    def deliver_now(self) -> None:
        """Emit what has arrived so far (GUI thread only): a page that must see its own
        commit reflected before it goes on (select the row just saved) calls this."""
        with self._lock:
            pending, self._pending = self._pending, []
        for changes in _merged(pending):
            self.committed.emit(changes)


_RELAYS: weakref.WeakKeyDictionary[Store, ChangeRelay] = weakref.WeakKeyDictionary()


def _merged(pending: list[Changes]) -> list[Changes]:
    """Consecutive changes of the same initiator as one."""
    merged: list[Changes] = []
    for changes in pending:
        if merged and merged[-1].initiator is changes.initiator:
            last = merged[-1]
            merged[-1] = Changes(last.tables | changes.tables, last.initiator)
        else:
            merged.append(changes)
    return merged
