"""Work off the GUI thread: long operations with a progress dialog, and the loading of pages.

``run_operation(parent, label, work, on_done)`` runs ``work(progress)`` in a worker thread. The
work function is plain Python (a service call): it reports with ``progress(done, total)`` and
stops early when that returns ``False`` (the user pressed Abbrechen). It never touches a widget;
``on_done`` and ``on_error`` run back on the GUI thread.

``Loader`` (every page has one as ``page.loader``) reads what a page shows the same way but
without a dialog: a small ``BusyOverlay`` ("Wird geladen…") lies over the list that is loading
while the page stays usable. A result that arrives while another page of the window is shown
waits and is shown when its page is shown again. See ``Loader`` for the rules.
"""

from __future__ import annotations

import atexit
import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from lotsen_desktop import logs
from lotsen_desktop.errors import LotsenError
from lotsen_desktop.i18n import _
from lotsen_desktop.tasks import ProgressCallback

log = logging.getLogger(__name__)

Work = Callable[[ProgressCallback], Any]


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class _Runner(QRunnable):
    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self.cancelled = threading.Event()
        self.setAutoDelete(False)

    def report(self, done: int, total: int) -> bool:
        try:
            self.signals.progress.emit(done, total)
        except RuntimeError:  # the window that asked is gone: stop
            self.cancelled.set()
        return not self.cancelled.is_set()

    @Slot()
    def run(self) -> None:
        try:
            result = self.work(self.report)
        except BaseException as error:  # handed to the GUI thread, shown there
            self._emit(self.signals.failed, error)
        else:
            self._emit(self.signals.finished, result)

    @staticmethod
    def _emit(signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the window that asked was closed meanwhile: nobody to tell
            log.info("background work ended after its window was closed")


class Operation(QObject):
    """One running background job; keeps itself alive until it ends."""

    _running: ClassVar[set[Operation]] = set()

    done = Signal(object)
    error = Signal(object)

    def __init__(
        self,
        parent: QWidget | None,
        label: str,
        work: Work,
        *,
        cancellable: bool = True,
        show_progress: bool = True,
    ) -> None:
        super().__init__(parent)
        self._runner = _Runner(work)
        self._dialog: QProgressDialog | None = None
        if show_progress:
            dialog = QProgressDialog(label, _("Cancel") if cancellable else "", 0, 0, parent)
            dialog.setWindowTitle(_("Please wait"))
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(400)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            if not cancellable:
                dialog.setCancelButton(None)
            dialog.canceled.connect(self.cancel)
            self._dialog = dialog
        self._runner.signals.progress.connect(self._on_progress)
        self._runner.signals.finished.connect(self._on_finished)
        self._runner.signals.failed.connect(self._on_failed)
        runner = self._runner

        def let_go(*_: object) -> None:
            """A page closed mid-job takes its operations with it: ask the worker to stop and
            let go of the operation, which can no longer report to anyone."""
            runner.cancelled.set()
            Operation._running.discard(self)

        self.destroyed.connect(let_go)

    def start(self) -> Operation:
        Operation._running.add(self)
        QThreadPool.globalInstance().start(self._runner)
        return self

    @property
    def cancelled(self) -> bool:
        return self._runner.cancelled.is_set()

    def cancel(self) -> None:
        self._runner.cancelled.set()
        if self._dialog is not None:
            self._dialog.setLabelText(_("Cancelling…"))

    def _on_progress(self, done: int, total: int) -> None:
        if self._dialog is not None:
            self._dialog.setMaximum(max(total, 0))
            self._dialog.setValue(min(done, total) if total else 0)

    def _close(self) -> None:
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.hide()
            self._dialog.deleteLater()
            self._dialog = None
        Operation._running.discard(self)

    def _on_finished(self, result: object) -> None:
        self._close()
        self.done.emit(result)

    def _on_failed(self, error: object) -> None:
        self._close()
        self.error.emit(error)


def show_error(parent: QWidget | None, error: object) -> None:
    """Show an expected error's message; an unexpected one gets a generic text (no data in logs)."""
    if isinstance(error, LotsenError):
        message = str(error)
    else:
        if isinstance(error, BaseException):  # the traceback into the log file, made safe there
            logs.log_unexpected(error, "background work")
        message = _("An unexpected error occurred ({kind}). Nothing was changed.").format(
            kind=type(error).__name__
        )
    QMessageBox.warning(parent, _("Lotsen Desktop"), message)


def run_operation(
    parent: QWidget | None,
    label: str,
    work: Work,
    on_done: Callable[[Any], None] | None = None,
    *,
    on_error: Callable[[object], None] | None = None,
    cancellable: bool = True,
    show_progress: bool = True,
) -> Operation:
    """Start ``work`` in the background; see the module docstring."""
    operation = Operation(parent, label, work, cancellable=cancellable, show_progress=show_progress)
    if on_done is not None:
        operation.done.connect(on_done)
    operation.error.connect(on_error or (lambda error: show_error(parent, error)))
    return operation.start()


# --------------------------------------------------------------------------- loading pages

T = TypeVar("T")

#: How long a load may take before its "Wird geladen…" label appears (no flicker when fast).
BUSY_DELAY_MS = 150


class BusyOverlay(QLabel):
    """A small "Wird geladen…" label over the top of a list while its rows load.

    Not modal: it lets clicks through and the list keeps showing what it had. One overlay per
    widget; it stays while any of the loads it was started for is running.
    """

    def __init__(self, target: QWidget, delay_ms: int = BUSY_DELAY_MS) -> None:
        host = target.viewport() if isinstance(target, QAbstractScrollArea) else target
        super().__init__(host)
        self.setObjectName("busy_overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet(
            "QLabel#busy_overlay { background: rgba(255, 255, 255, 235); color: #333;"
            " border: 1px solid #b8c2d0; border-radius: 4px; padding: 6px 16px; }"
        )
        self.setText(_("Loading…"))
        self.hide()
        self._keys: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._appear)
        host.installEventFilter(self)

    def add(self, key: str) -> None:
        if not self._keys and not self.isVisible():
            self._timer.start()
        self._keys.add(key)

    def discard(self, key: str) -> None:
        self._keys.discard(key)
        if not self._keys:
            self._timer.stop()
            self.hide()

    def _appear(self) -> None:
        if self._keys:
            self._place()
            self.show()
            self.raise_()

    def _place(self) -> None:
        self.adjustSize()
        host = self.parentWidget()
        if host is not None:
            x = max(0, (host.width() - self.width()) // 2)
            y = max(0, min(48, (host.height() - self.height()) // 2))
            self.move(x, y)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False


@dataclass
class _Job:
    generation: int
    query: Callable[[], Any]
    apply: Callable[[Any], None]
    on_error: Callable[[object], None] | None
    overlay: BusyOverlay | None = None


class _Postman(QObject):
    """Carries results from the worker threads to the GUI thread. It lives as long as the
    program, so a worker never emits on an object that a closed page took with it."""

    arrived = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.arrived.connect(self._hand_over)

    @Slot(object)
    def _hand_over(self, parcel: tuple[int, str, int, object, bool]) -> None:
        number, key, generation, value, failed = parcel
        loader = _loaders.get(number)
        if loader is None or not shiboken6.isValid(loader):
            log.info("a load ended after its page was closed; result dropped")
            return
        loader._arrived(key, generation, value, failed)


_postman: _Postman | None = None
_loaders: dict[int, Loader] = {}
_numbers = itertools.count(1)


def _forget(number: int) -> None:
    _loaders.pop(number, None)


_readers = [0]
_readers_lock = threading.Lock()
_exiting = threading.Event()
atexit.register(_exiting.set)  # reads still running when the program ends stay silent


def any_loading() -> bool:
    """A background read of some page (open, closed or stale) has not ended yet: tests wait
    for this before they close the store the reads use."""
    with _readers_lock:
        return _readers[0] > 0


class Loader(QObject):
    """Reads what a page shows off the GUI thread (Anki's ``QueryOp``); the newest request wins.

    ``load(key, query, apply, busy=table)`` runs ``query()`` in a worker thread and hands its
    result to ``apply`` on the GUI thread. ``query`` is plain Python, a service call given the
    store: it opens its own session there (sessions are never shared between threads) and never
    touches a widget. Per ``key`` (one list of the page) at most one query runs: asking again
    while it runs makes the running result stale and queues the new request (replacing any
    older waiting one), so fast typing does not pile up slow queries. Stale results, and results
    that arrive after the page was closed, are dropped. While a key loads, a ``BusyOverlay``
    lies over ``busy``; ``busy_changed`` tells when the page as a whole starts or stops loading.

    A result that arrives while the page is covered (the window is shown, another page of it
    is current) is kept, not applied: building a large list there would stall the page the user
    is on. It is applied just after the page is shown again, unless a newer request for the same
    key replaced it by then. Until it is applied the key counts as loading (it is not shown
    yet). A page that is not part of a shown window (a page on its own, a window not shown yet,
    as in tests and headless use) is never covered: its results are applied as they arrive.
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        global _postman
        if _postman is None:
            _postman = _Postman()  # made here, on the GUI thread, so it delivers there
        self._number = next(_numbers)
        _loaders[self._number] = self
        number = self._number
        self.destroyed.connect(lambda *_args: _forget(number))
        self._generation: dict[str, int] = {}
        self._running: dict[str, _Job] = {}
        self._waiting: dict[str, _Job] = {}
        self._deferred: dict[str, tuple[_Job, object, bool]] = {}
        """Results that arrived while the page was covered: applied when it is shown."""
        self._overlays: dict[int, BusyOverlay] = {}
        self._was_busy = False
        if isinstance(parent, QWidget):
            parent.installEventFilter(self)

    @property
    def busy(self) -> bool:
        """Some list of the page is still loading (a result that is still wanted, or one that
        waits for the page to be shown)."""
        return bool(self._deferred) or any(self.is_loading(key) for key in self._running)

    def is_loading(self, key: str) -> bool:
        """``key``'s newest result is not shown yet (being read, or waiting to be shown)."""
        running = self._running.get(key)
        if key in self._waiting or key in self._deferred:
            return True
        return running is not None and running.generation == self._generation.get(key)

    def waiting_to_be_shown(self, key: str) -> bool:
        """``key``'s result has arrived while the page was covered and waits for it to be shown."""
        return key in self._deferred

    def cancel(self, key: str) -> None:
        """Forget what ``key`` is loading: its result, when it comes, is dropped."""
        self._generation[key] = self._generation.get(key, 0) + 1
        deferred = self._deferred.pop(key, None)
        for job in (self._waiting.pop(key, None), self._running.get(key), deferred and deferred[0]):
            if job is not None and job.overlay is not None:
                job.overlay.discard(key)
        self._tell_busy()

    def overlays(self) -> list[BusyOverlay]:
        return list(self._overlays.values())

    def load(
        self,
        key: str,
        query: Callable[[], T],
        apply: Callable[[T], None],
        *,
        busy: QWidget | None = None,
        on_error: Callable[[object], None] | None = None,
    ) -> None:
        """Run ``query`` in the background and ``apply`` its result here; see the class."""
        generation = self._generation.get(key, 0) + 1
        self._generation[key] = generation
        overlay = self._overlay(busy) if busy is not None else None
        job = _Job(generation, query, apply, on_error, overlay)  # type: ignore[arg-type]
        if overlay is not None:
            overlay.add(key)
        replaced_result = self._deferred.pop(key, None)  # a newer result will be shown instead
        if replaced_result is not None and replaced_result[0].overlay not in (None, overlay):
            replaced_result[0].overlay.discard(key)  # type: ignore[union-attr]
        if key in self._running:
            replaced = self._waiting.get(key)
            if replaced is not None and replaced.overlay not in (None, overlay):
                replaced.overlay.discard(key)  # type: ignore[union-attr]
            self._waiting[key] = job
        else:
            self._start(key, job)
        self._tell_busy()

    def _overlay(self, widget: QWidget) -> BusyOverlay:
        found = self._overlays.get(id(widget))
        if found is None or not shiboken6.isValid(found):
            found = BusyOverlay(widget)
            self._overlays[id(widget)] = found
        return found

    def _start(self, key: str, job: _Job) -> None:
        self._running[key] = job
        number, generation, query = self._number, job.generation, job.query

        def work() -> None:
            try:
                value, failed = query(), False
            except BaseException as error:  # handed to the GUI thread, shown there
                value, failed = error, True
            finally:
                with _readers_lock:
                    _readers[0] -= 1
            postman = _postman
            if postman is None or _exiting.is_set():
                return  # the program is ending: nobody to tell, and Qt may be gone
            try:
                postman.arrived.emit((number, key, generation, value, failed))
            except RuntimeError:  # Qt's objects were torn down meanwhile (program ending)
                return

        with _readers_lock:
            _readers[0] += 1

        threading.Thread(target=work, name=f"load-{key}", daemon=True).start()

    def _arrived(self, key: str, generation: int, value: object, failed: bool) -> None:
        job = self._running.pop(key, None)
        waiting = self._waiting.pop(key, None)
        if waiting is not None:  # a newer request waited for this one: it starts now
            if job is not None and job.overlay not in (None, waiting.overlay):
                job.overlay.discard(key)  # type: ignore[union-attr]
            self._start(key, waiting)
            return
        current = job is not None and generation == self._generation.get(key)
        if current and self.covered():
            self._deferred[key] = (job, value, failed)  # type: ignore[assignment]
            return  # the overlay stays: the page shows the result when it is shown
        if job is not None and job.overlay is not None:
            job.overlay.discard(key)
        if not current:
            self._tell_busy()
            return
        self._apply(job, value, failed)  # type: ignore[arg-type]

    def _apply(self, job: _Job, value: object, failed: bool) -> None:
        try:
            if failed:
                if job.on_error is not None:
                    job.on_error(value)
                else:
                    parent = self.parent()
                    show_error(parent if isinstance(parent, QWidget) else None, value)
            else:
                job.apply(value)
        finally:
            self._tell_busy()

    def covered(self) -> bool:
        """The page is part of a shown window but not shown itself (another page is current)."""
        page = self.parent()
        if not isinstance(page, QWidget) or not shiboken6.isValid(page):
            return False
        window = page.window()
        return window is not page and window.isVisible() and not page.isVisible()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and watched is self.parent() and self._deferred:
            # Just after the show: the page paints its frame first, then builds the lists.
            QTimer.singleShot(0, self, self._apply_deferred)
        return False

    def _apply_deferred(self) -> None:
        """Show the results that arrived while the page was covered (newest requests only)."""
        while self._deferred and not self.covered():
            key = next(iter(self._deferred))
            job, value, failed = self._deferred.pop(key)
            if job.overlay is not None:
                job.overlay.discard(key)
            if job.generation == self._generation.get(key):
                self._apply(job, value, failed)
        self._tell_busy()

    def _tell_busy(self) -> None:
        busy = self.busy
        if busy != self._was_busy:
            self._was_busy = busy
            self.busy_changed.emit(busy)
