"""A second start on the same database brings the first window forward instead.

The window that holds a database's writer lock (``store/lock.py``) listens on a local socket
named after the user and the database path; a second start on this machine asks it to come to
the front and ends.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from lotsen_desktop.store.lock import this_user

log = logging.getLogger(__name__)

REQUEST = b"raise\n"
ANSWER = b"ok\n"


def server_name(db_path: Path) -> str:
    """The same for every start by this user on this database; no path in clear text."""
    try:
        resolved = str(db_path.resolve())
    except OSError:
        resolved = str(db_path.absolute())
    key = hashlib.sha256(f"{this_user()}\0{resolved}".encode()).hexdigest()[:24]
    return f"lotsen-desktop-{key}"


class InstanceServer(QObject):
    """Listens for second starts; ``activate_requested`` when one asks for the window."""

    activate_requested = Signal()

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(db_path)
        self._server = QLocalServer(self)
        QLocalServer.removeServer(self.name)  # left by a crashed window; we hold the lock now
        if not self._server.listen(self.name):
            log.warning("second-start socket not available: %s", self._server.errorString())
        self._server.newConnection.connect(self._on_connection)

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(self._on_request)
            socket.disconnected.connect(socket.deleteLater)

    def _on_request(self) -> None:
        socket = self.sender()
        if not isinstance(socket, QLocalSocket):
            return
        if bytes(socket.readAll().data()).startswith(REQUEST.strip()):
            socket.write(ANSWER)
            socket.flush()
            log.info("window brought forward for a second start")
            self.activate_requested.emit()

    def close(self) -> None:
        self._server.close()


def ask_running_window(db_path: Path, timeout_ms: int = 3000) -> bool:
    """Ask the window of this user on ``db_path`` to come forward; ``True`` if it answered."""
    socket = QLocalSocket()
    loop = QEventLoop()
    answered: list[bool] = []

    def on_connected() -> None:
        socket.write(REQUEST)
        socket.flush()

    def on_ready() -> None:
        if bytes(socket.readAll().data()).startswith(ANSWER.strip()):
            answered.append(True)
        loop.quit()

    socket.connected.connect(on_connected)
    socket.readyRead.connect(on_ready)
    socket.errorOccurred.connect(lambda _error: loop.quit())
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(timeout_ms)
    socket.connectToServer(server_name(db_path))
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        loop.exec()
    timer.stop()
    socket.blockSignals(True)
    socket.abort()
    return bool(answered)
