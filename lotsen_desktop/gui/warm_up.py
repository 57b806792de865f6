"""Imports the code of the pages not yet shown, in a background thread, once the window is up.

The window starts with only the first page's code (cold start). Every other page imported its
module and all it needs (dialogs, services, ReportLab) on the GUI thread the first time it was
opened: at 100,000 volunteers that import was most of the first Strg+2…7 (100–500 ms on a busy
machine). This thread imports them while the office looks at the first page. Python hands the
interpreter lock back every few milliseconds, so the window stays responsive; a page opened
meanwhile waits only for the rest of its own module's import.

Importing defines classes and functions only: no module of ``gui`` creates a widget at import
time, so doing it off the GUI thread is safe.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

log = logging.getLogger(__name__)


class WarmUp:
    """Runs ``loaders`` (each imports something) one after the other in a daemon thread."""

    def __init__(self, loaders: Sequence[Callable[[], object]]) -> None:
        self._loaders = list(loaders)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.done = threading.Event()
        self.failed: list[str] = []

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="warm-up", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            for load in self._loaders:
                if self._stop.is_set():
                    return
                try:
                    load()
                except Exception as error:  # the page's own import reports it when opened
                    self.failed.append(getattr(load, "__name__", repr(load)))
                    log.warning("Warm-up import failed: %s", type(error).__name__)
        finally:
            self.done.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def stop(self, timeout_s: float = 10.0) -> None:
        """No further imports; waits for the current one (the interpreter must not end in one)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)


def page_loaders(skip: str | None = None) -> list[Callable[[], object]]:
    """The import functions of every page but ``skip`` (already shown), in navigation order."""
    from lotsen_desktop.gui.pages import registry

    return [entry.page_class for entry in registry.PAGES if entry.key != skip]
