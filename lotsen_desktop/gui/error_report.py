"""Unexpected errors in the window: logged with their traceback, shown in one German dialog, and
the program keeps running (Qt carries on after an error in a slot; the data is in the database).

Catches what reaches ``sys.excepthook`` (errors in slots and event handlers, which PySide prints
through it), ``threading.excepthook`` (worker threads) and Qt's own warnings (into the log).
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Qt, QtMsgType, QUrl, Signal, qInstallMessageHandler
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from lotsen_desktop import logs
from lotsen_desktop.i18n import _

qt_log = logging.getLogger("lotsen_desktop.qt")
_QT_LEVELS = {
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def open_log_folder() -> bool:
    """Show the log folder in the file manager (made first, so it opens even before a log)."""
    folder = logs.log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class UnexpectedErrorDialog(QDialog):
    """ "Ein unerwarteter Fehler ist aufgetreten", with the log file, "Details kopieren" and
    "Protokollordner öffnen"."""

    def __init__(self, details: str, log_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details = details
        self.setObjectName("unexpected_error_dialog")
        self.setWindowTitle(_("Lotsen Desktop – unexpected error"))
        layout = QVBoxLayout(self)
        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(32)
        )
        layout.addWidget(icon)
        self.message = QLabel(
            _(
                "An unexpected error occurred. The program keeps running; what was saved before "
                "is safe. Please check whether your last step was done, and tell your support if "
                "it happens again.\n\nThe details are in the log file:\n{path}"
            ).format(path=log_file)
        )
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.repeated = QLabel()
        self.repeated.hide()
        layout.addWidget(self.repeated)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(_("Copy details"))
        self.folder_button = QPushButton(_("Open log folder"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy_details)
        self.folder_button.clicked.connect(open_log_folder)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText(_("Details copied"))

    def count_another(self, count: int) -> None:
        self.repeated.setText(_("{count} more errors occurred since.").format(count=count))
        self.repeated.show()


class ErrorReporter(QObject):
    """Installs the hooks; errors from any thread end up in one dialog in the GUI thread."""

    reported = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: UnexpectedErrorDialog | None = None
        self._more = 0
        self._previous: tuple[Any, Any] | None = None
        self.reported.connect(self._show)

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook
        qInstallMessageHandler(_qt_message)

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None
            qInstallMessageHandler(None)

    def _excepthook(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        self.handle(error, "window", tb)

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "?"
        self.handle(args.exc_value, f"thread {name}", args.exc_traceback)

    def handle(self, error: BaseException, where: str, tb: TracebackType | None = None) -> None:
        """Log ``error`` and show the dialog (from any thread)."""
        with contextlib.suppress(Exception):  # the report must not fail in turn
            logs.log_unexpected(error, where, tb)
        self.reported.emit(error)

    def _show(self, error: BaseException) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self._more += 1
            self.dialog.count_another(self._more)
            return
        self._more = 0
        self.dialog = UnexpectedErrorDialog(logs.details(error), logs.log_file())
        self.dialog.show()
        self.dialog.raise_()


def _qt_message(kind: QtMsgType, _context: Any, message: str) -> None:
    qt_log.log(_QT_LEVELS.get(kind, logging.DEBUG), "%s", message)


_reporter: ErrorReporter | None = None


def install(parent: QObject | None = None) -> ErrorReporter:
    """The one reporter of the application, installed."""
    global _reporter
    if _reporter is None:
        _reporter = ErrorReporter(parent)
        _reporter.install()
    return _reporter


def uninstall() -> None:
    global _reporter
    if _reporter is not None:
        _reporter.uninstall()
        _reporter = None
