"""Long work off the GUI thread, with a progress dialog that can be cancelled.

``run_operation(parent, label, work, on_done)`` runs ``work(progress)`` in a worker thread. The
work function is plain Python (a service call): it reports with ``progress(done, total)`` and
stops early when that returns ``False`` (the user pressed Abbrechen). It never touches a widget;
``on_done`` and ``on_error`` run back on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from lotsen_desktop.errors import LotsenError
from lotsen_desktop.i18n import _

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], bool]
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
        log.error("unexpected error in background work: %s", type(error).__name__)
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
