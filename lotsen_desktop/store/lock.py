"""One writer per database file: the window (or a writing command) holds a lock file beside it.

The lock is the operating system's (``fcntl.flock`` / ``msvcrt.locking``) on ``<db>.lock``, so it
disappears with the process that held it, however that process ended: a lock file left behind by
a crashed or killed program never blocks. The file also says who holds it (machine, user, process,
since when, window or command), for the message the second writer sees. It carries nothing about
the volunteers.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import sys
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from lotsen_desktop.errors import StoreError
from lotsen_desktop.i18n import _

log = logging.getLogger(__name__)

WINDOW = "window"
COMMAND = "command"
_LOCK_OFFSET = 1 << 20
"""Windows locks a byte range and then refuses reads of it: lock one byte far behind the text."""
_INFO_MAX = 4096


@dataclass(frozen=True)
class LockHolder:
    """Who holds a database open for writing."""

    host: str
    user: str
    pid: int
    since: str
    kind: str

    @property
    def since_text(self) -> str:
        try:
            return datetime.fromisoformat(self.since).strftime("%d.%m.%Y %H:%M")
        except ValueError:
            return self.since


class DatabaseInUse(StoreError):
    """Another window or command writes to this database; ``holder`` says who (if known)."""

    def __init__(self, message: str, holder: LockHolder | None) -> None:
        super().__init__(message)
        self.holder = holder


UNKNOWN_HOLDER_WAIT_S = 2.0
"""How long a lock whose holder has not yet written its name is waited for before refusing."""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def this_host() -> str:
    return socket.gethostname() or "?"


def this_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:
        return "?"


def _try_lock(handle: IO[bytes]) -> bool:
    """Take the OS lock without waiting; ``False`` if another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            handle.seek(0)
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_LOCK_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        handle.seek(0)
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def read_holder(db_path: Path) -> LockHolder | None:
    """What the lock file says (whether or not it is still held)."""
    try:
        with open(lock_path(db_path), "rb") as handle:
            data: Any = json.loads(handle.read(_INFO_MAX).decode("utf-8").strip("\x00 \n"))
        return LockHolder(
            host=str(data["host"]),
            user=str(data["user"]),
            pid=int(data["pid"]),
            since=str(data["since"]),
            kind=str(data.get("kind", "")),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def in_use_message(holder: LockHolder | None) -> str:
    """The one line the second writer sees."""
    if holder is None:
        return _(
            "The database is open for writing in another program. Close it there and try again."
        )
    if holder.kind == WINDOW:
        return _(
            "The database is open in Lotsen Desktop on the computer {host} (user {user}, since "
            "{since}). Only one window may change it at a time: close it there, or work in that "
            "window."
        ).format(host=holder.host, user=holder.user, since=holder.since_text)
    return _(
        "The database is being changed by a command on the computer {host} (user {user}, since "
        "{since}). Try again when it has finished."
    ).format(host=holder.host, user=holder.user, since=holder.since_text)


class WriterLock:
    """The right to write to one database file, held until ``release`` or the process ends."""

    def __init__(self, db_path: Path, kind: str = WINDOW) -> None:
        self.db_path = db_path
        self.path = lock_path(db_path)
        self.kind = kind
        self._handle: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self, *, wait_for_commands: float = 0.0) -> None:
        """Take the lock or raise ``DatabaseInUse`` naming the holder.

        A command holding the lock is waited for up to ``wait_for_commands`` seconds (commands
        end by themselves); a window is not. Without a writable folder for the lock file there is
        no lock to take: SQLite then refuses the writes itself.
        """
        if self._handle is not None:
            return
        deadline = time.monotonic() + wait_for_commands
        unknown_until = time.monotonic() + UNKNOWN_HOLDER_WAIT_S
        while True:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                handle = open(self.path, "a+b")  # noqa: SIM115 - held until release()
            except OSError as error:
                log.warning("lock file cannot be created (%s); continuing without", error.errno)
                return
            if _try_lock(handle):
                self._handle = handle
                self._write_info()
                return
            handle.close()
            holder = read_holder(self.db_path)
            if holder is not None and holder.kind == COMMAND and time.monotonic() < deadline:
                time.sleep(0.1)
                continue
            if holder is None and time.monotonic() < unknown_until:
                time.sleep(0.05)  # the holder took the lock and is writing who it is
                continue
            log.info("database is held by process %s", holder.pid if holder else "?")
            raise DatabaseInUse(in_use_message(holder), holder)

    def _write_info(self) -> None:
        assert self._handle is not None
        info = LockHolder(
            host=this_host(),
            user=this_user(),
            pid=os.getpid(),
            since=datetime.now().isoformat(timespec="seconds"),
            kind=self.kind,
        )
        try:
            self._handle.seek(0)
            self._handle.truncate()
            self._handle.write(json.dumps(asdict(info), ensure_ascii=False).encode("utf-8"))
            self._handle.flush()
        except OSError as error:
            log.warning("lock file cannot be written (%s)", error.errno)

    def release(self) -> None:
        """Give the lock up (the file stays; it no longer blocks anyone)."""
        handle, self._handle = self._handle, None
        if handle is None:
            return
        try:
            _unlock(handle)
        except OSError:
            pass
        finally:
            handle.close()

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def holder_of(db_path: Path) -> LockHolder | None:
    """Who holds ``db_path`` now, or ``None`` if nobody does (a stale file is nobody)."""
    probe = WriterLock(db_path)
    try:
        handle = open(probe.path, "rb+")  # noqa: SIM115
    except OSError:
        return None
    try:
        if _try_lock(handle):
            _unlock(handle)
            return None
    finally:
        handle.close()
    return read_holder(db_path) or LockHolder("?", "?", 0, "", "")


__all__ = [
    "COMMAND",
    "WINDOW",
    "DatabaseInUse",
    "LockHolder",
    "WriterLock",
    "holder_of",
    "in_use_message",
    "lock_path",
    "read_holder",
]
