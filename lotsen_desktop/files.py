"""Writing files so that they are complete or absent: never half-written under their real name.

``write_atomic`` writes one file (temporary name beside it, flushed to the disk, renamed);
``StagedFiles`` writes several and renames them together once the caller's transaction has
committed. Every failure is a ``LotsenError`` naming the file; a cancel is ``tasks.Cancelled``.
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from lotsen_desktop.errors import LotsenError, describe_os_error
from lotsen_desktop.i18n import _
from lotsen_desktop.tasks import Cancelled, ProgressCallback

_CHUNK = 1 << 20


def safe_filename(text: str, limit: int = 80) -> str:
    """A file name part that works on Windows, keeping letters of every script."""
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f]+', "_", text).strip(" ._")
    cleaned = re.sub(r"\s+", " ", cleaned)
    return cleaned[:limit].rstrip(" ._") or "dokument"


def write_atomic(path: Path, data: bytes, progress: ProgressCallback | None = None) -> None:
    """Write ``data`` to ``path`` completely or not at all (temp file, fsync, rename).

    A ``.partial`` file left beside ``path`` by a killed earlier write is removed first.
    ``progress`` is told after each MiB; answered "stop", nothing is written (``Cancelled``).
    """
    path = Path(path)
    for stale in path.parent.glob(f".{path.name}.*.partial"):
        with contextlib.suppress(OSError):
            stale.unlink()
    temp = _temp_path(path)
    try:
        with open(temp, "wb") as out:
            total = len(data)
            for start in range(0, total, _CHUNK):
                out.write(data[start : start + _CHUNK])
                if progress is not None and not progress(min(start + _CHUNK, total), total):
                    raise Cancelled(_("Cancelled. No file was written."))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise _write_error(path, error) from error
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


class StagedFiles:
    """Files written under temporary names and renamed into place together.

    No write waits for the disk: with ``background=True`` a helper thread writes and flushes
    each file while the next document is rendered (file I/O releases the interpreter lock), and
    ``sync()`` only waits for what is still running; without it, ``sync()`` flushes all files
    in one pass. ``publish()`` renames them and flushes their folders once. ``discard()``
    removes what was not published, so a cancel or an error leaves no half-written file.
    """

    def __init__(self, *, background: bool = False) -> None:
        self._staged: list[tuple[Path, Path]] = []
        self._flusher = ThreadPoolExecutor(1, "lotsen-fsync") if background else None
        self._flushing: list[tuple[Path, Future[None]]] = []

    def write(self, target: Path, data: bytes) -> None:
        temp = _temp_path(target)
        self._staged.append((temp, target))
        if self._flusher is not None:
            if self._flushing and self._flushing[-1][1].done():
                self.sync()  # a full disk stops the batch now, not after the last document
            self._flushing.append((target, self._flusher.submit(_write_file, temp, data, True)))
            return
        try:
            _write_file(temp, data, False)
        except OSError as error:
            raise _write_error(target, error) from error

    def sync(self) -> None:
        """Return when every staged file is on the disk."""
        if self._flusher is None:
            for temp, target in self._staged:
                try:
                    _fsync_path(temp)
                except OSError as error:
                    raise _write_error(target, error) from error
            return
        for target, flushed in self._flushing:
            try:
                flushed.result()
            except OSError as error:
                raise _write_error(target, error) from error

    def publish(self) -> None:
        """Rename every staged file into place; the first failure is reported after the rest."""
        self._stop_flushing()
        failure: tuple[Path, OSError] | None = None
        for temp, target in self._staged:
            try:
                os.replace(temp, target)
            except OSError as error:
                temp.unlink(missing_ok=True)
                failure = failure or (target, error)
        folders = {target.parent for _temp, target in self._staged}
        self._staged.clear()
        for folder in folders:
            fsync_folder(folder)
        if failure is not None:
            raise _write_error(*failure)

    def discard(self) -> None:
        self._stop_flushing()
        for temp, _target in self._staged:
            temp.unlink(missing_ok=True)
        self._staged.clear()

    def _stop_flushing(self) -> None:
        if self._flusher is not None:
            self._flusher.shutdown(wait=True, cancel_futures=True)
        self._flushing.clear()


def _write_error(target: Path, error: OSError) -> LotsenError:
    return LotsenError(
        _("The file {name} could not be written: {error}").format(
            name=target.name, error=describe_os_error(error)
        )
    )


def _temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.partial")


def _write_file(path: Path, data: bytes, flush: bool) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        if flush:
            handle.flush()
            os.fsync(handle.fileno())


def _fsync_path(path: Path) -> None:
    # Windows flushes only handles opened for writing
    handle = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def fsync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable where the system allows it (not on Windows)."""
    if os.name != "posix":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems (network shares) refuse; the files themselves are synced
    finally:
        os.close(handle)
