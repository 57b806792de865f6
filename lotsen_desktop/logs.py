"""The log file: rotating, in the user's log folder, and never with personal data in it.

Log messages of this program carry ids, counts and error numbers only (a test checks it). What
is not ours is made safe here: an exception is written as its type and traceback frames, with
its message only where Python or SQLite wrote it from the code (``AttributeError``, a constraint
name), never the values a database error quotes (SQLAlchemy's ``[SQL: …]`` and
``[parameters: …]``) nor the text of an exception that may repeat user input.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sqlite3
import sys
import traceback
from pathlib import Path
from types import TracebackType

APP_NAME = "LotsenDesktop"
LOG_FILENAME = "lotsen-desktop.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
UNEXPECTED_EXIT_CODE = 70
"""Exit code after an unexpected error (a bug), in the command line and the window alike."""

_SAFE_MESSAGE_TYPES: tuple[type[BaseException], ...] = (
    AttributeError,
    NameError,
    ImportError,
    TypeError,
    ZeroDivisionError,
    RecursionError,
    NotImplementedError,
    MemoryError,
)
"""Exceptions whose text Python builds from the code (names of types and attributes)."""
_SQL_DETAIL = re.compile(
    r"\s*\[(?:SQL|parameters|generated in)\b.*?\](?=\s*(?:\[|\(Background|$))", re.S
)
_BACKGROUND = re.compile(r"\s*\(Background on this error at: [^)]*\)")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
WITHHELD = "<text withheld: it may contain personal data>"

_handler: logging.Handler | None = None


def log_dir() -> Path:
    """``LOTSEN_LOG_DIR``, else the user's log folder (``%LOCALAPPDATA%\\LotsenDesktop\\Logs``
    on Windows, ``~/.local/state/LotsenDesktop/log`` on Linux)."""
    explicit = os.environ.get("LOTSEN_LOG_DIR")
    if explicit:
        return Path(explicit).expanduser()
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False)


def log_file() -> Path:
    return log_dir() / LOG_FILENAME


def _strip_sql(text: str) -> str:
    return _BACKGROUND.sub("", _SQL_DETAIL.sub("", text)).strip()


def safe_message(error: BaseException) -> str:
    """What of ``str(error)`` may go into the log."""
    orig = getattr(error, "orig", None)
    if isinstance(orig, BaseException) and orig is not error:  # SQLAlchemy's DBAPIError
        return f"({type(orig).__module__}.{type(orig).__qualname__}) {safe_message(orig)}"
    if isinstance(error, sqlite3.Error):
        return _QUOTED.sub('"…"', str(error))
    if type(error).__module__.startswith("sqlalchemy"):
        return _QUOTED.sub('"…"', _strip_sql(str(error)))
    if isinstance(error, OSError):
        return f"[Errno {error.errno}] {error.strerror or ''}".strip()
    if isinstance(error, _SAFE_MESSAGE_TYPES):
        return str(error)
    return WITHHELD if str(error) else ""


def safe_traceback(error: BaseException) -> str:
    """The traceback of ``error`` (and of its causes) with safe messages only."""
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = error
    link = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, "The above exception was the direct cause of:"
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, "During handling of the above, another occurred:"
        else:
            current = None
    lines: list[str] = []
    for position, (exc, _link) in enumerate(reversed(chain)):
        if position:
            lines.append(chain[len(chain) - position][1])
        if exc.__traceback__ is not None:
            lines.append("Traceback (most recent call last):")
            lines.extend(
                line.rstrip("\n")
                for line in traceback.format_list(traceback.extract_tb(exc.__traceback__))
            )
        name = f"{type(exc).__module__}.{type(exc).__qualname__}".removeprefix("builtins.")
        message = safe_message(exc)
        lines.append(f"{name}: {message}" if message else name)
    return "\n".join(lines)


class PrivateFormatter(logging.Formatter):
    """Exceptions as type and frames; exception objects among a message's arguments made safe."""

    def format(self, record: logging.LogRecord) -> str:
        args = record.args
        # A copy: another handler may have formatted the record already and cached its
        # exception text (``exc_text``) with the message in it.
        record = logging.makeLogRecord(record.__dict__)
        record.exc_text = None
        if isinstance(args, tuple) and any(isinstance(a, BaseException) for a in args):
            record.args = tuple(
                f"{type(a).__name__}: {safe_message(a)}" if isinstance(a, BaseException) else a
                for a in args
            )
        text = super().format(record)
        return _strip_sql(text) if "[SQL:" in text or "[parameters:" in text else text

    def formatException(self, ei: object) -> str:
        error = ei[1] if isinstance(ei, tuple) and len(ei) == 3 else None
        if isinstance(error, BaseException):
            return safe_traceback(error)
        return ""


class _SharedRotatingHandler(logging.handlers.RotatingFileHandler):
    """The window and commands may write the same file: a rotation that fails because another
    process has the file open (Windows) is skipped, not reported on the console."""

    def doRollover(self) -> None:
        try:
            super().doRollover()
        except OSError:
            if self.stream is None:
                self.stream = self._open()


def setup(directory: Path | None = None) -> Path | None:
    """Write the program's records (INFO and up) to the rotating log file; idempotent.

    Returns the file, or ``None`` if its folder cannot be made (the program runs on without).
    """
    global _handler
    folder = directory or log_dir()
    path = folder / LOG_FILENAME
    if _handler is not None:
        if Path(getattr(_handler, "baseFilename", "")) == path.resolve():
            return path
        shutdown()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = _SharedRotatingHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
        )
    except OSError:
        return None
    handler.setLevel(logging.INFO)
    handler.setFormatter(PrivateFormatter(FORMAT))
    logging.getLogger().addHandler(handler)
    ours = logging.getLogger("lotsen_desktop")
    if ours.level == logging.NOTSET or ours.level > logging.INFO:
        ours.setLevel(logging.INFO)
    _handler = handler
    return path


def shutdown() -> None:
    """Detach and close the file handler (tests; a change of folder)."""
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None


def log_unexpected(error: BaseException, where: str, tb: TracebackType | None = None) -> None:
    """Write an unexpected error with its traceback (made safe by the formatter)."""
    if tb is not None and error.__traceback__ is None:
        error = error.with_traceback(tb)
    logging.getLogger("lotsen_desktop.unexpected").error(
        "unexpected error in %s", where, exc_info=(type(error), error, error.__traceback__)
    )
    if _handler is not None:
        _handler.flush()


def details(error: BaseException) -> str:
    """The safe traceback, for "Details kopieren" in the window."""
    from lotsen_desktop import __version__

    return f"Lotsen Desktop {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n" + (
        safe_traceback(error)
    )


__all__ = [
    "PrivateFormatter",
    "details",
    "log_dir",
    "log_file",
    "log_unexpected",
    "safe_message",
    "safe_traceback",
    "setup",
    "shutdown",
]
