"""Encryption at rest with SQLCipher 4: keyed connections, the attempt limit for passphrases, and
the conversion of a database file between plain and encrypted.

A lost laptop must not be a data breach, so the database file may be encrypted (AES-256 per page,
the key derived from the passphrase with SQLCipher 4's default PBKDF2-HMAC-SHA512). There is no
back door: without the passphrase the data is gone. The driver (``sqlcipher3``) is imported only
when an encrypted file is opened or a file is converted.

Conversion (``encrypt_store``, ``decrypt_store``) writes the other form to a temporary file next
to the database with ``sqlcipher_export``, verifies it (opens it with the key, integrity check,
the row count of every table) and only then replaces the original in one rename; an interruption
at any point leaves the original as it was. A passphrase change (``change_passphrase``) is
SQLCipher's ``PRAGMA rekey``, one transaction.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import QueuePool

from lotsen_desktop.errors import DatabaseDamaged, StoreError, describe_os_error
from lotsen_desktop.i18n import _
from lotsen_desktop.tasks import Cancelled, ProgressCallback, check

if TYPE_CHECKING:
    from lotsen_desktop.store.database import Store

log = logging.getLogger(__name__)

TEST_KDF_ITER_ENV = "LOTSEN_TEST_KDF_ITER"
"""Test-only: a lower PBKDF2 iteration count so tests do not spend 0.1 s per connection. Unset
(always, outside the test suite) the file uses SQLCipher 4's default (256,000). A file written
with the setting opens only with the same setting."""

MAX_DELAY_SECONDS = 60
"""The longest wait between two passphrase attempts on one database."""

TOTAL = 1000
"""Progress of a conversion runs to this; ``EXPORTED`` when the copy is written, ``VERIFIED``
when it has been checked, ``TOTAL`` when it has replaced the original."""
EXPORTED, VERIFIED = 700, 950

_ATTEMPTS_SUFFIX = ".attempts"
_CONVERTING_SUFFIX = ".converting"
_SIDECARS = ("-wal", "-shm", "-journal")


class EncryptedDatabaseError(StoreError):
    """The database is encrypted and cannot be opened with what was given."""


class PassphraseRequired(EncryptedDatabaseError):
    """An encrypted file was opened without a passphrase."""


class WrongPassphrase(EncryptedDatabaseError):
    """The passphrase does not open the file. ``wait_seconds``: before the next attempt."""

    def __init__(self, message: str, wait_seconds: float) -> None:
        super().__init__(message)
        self.wait_seconds = wait_seconds


class PassphraseThrottled(EncryptedDatabaseError):
    """Too soon after a wrong passphrase; ``wait_seconds`` until the next attempt is taken."""

    def __init__(self, message: str, wait_seconds: float) -> None:
        super().__init__(message)
        self.wait_seconds = wait_seconds


# --------------------------------------------------------------------------- driver


def dbapi() -> Any:
    """The SQLCipher DB-API module (``sqlcipher3.dbapi2``), imported on first use."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError as error:  # pragma: no cover - a dependency of the package
        raise StoreError(
            _("Encryption is not available: the SQLCipher module is missing ({error}).").format(
                error=error
            )
        ) from error
    return dbapi2


def looks_encrypted(path: Path) -> bool:
    """An existing file without SQLite's header whose size fits whole pages: what an SQLCipher
    file looks like (its first 16 bytes are a random salt). Anything else is no database."""
    from lotsen_desktop.store.database import SQLITE_HEADER

    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            header = handle.read(16)
    except OSError:
        return False
    return size >= 1024 and size % 512 == 0 and header != SQLITE_HEADER


def _quote(passphrase: str) -> str:
    """A passphrase as an SQL string literal (NFC: the same typed text on every system)."""
    text = unicodedata.normalize("NFC", passphrase)
    return "'" + text.replace("'", "''") + "'"


def _test_kdf_iter() -> int | None:
    value = os.environ.get(TEST_KDF_ITER_ENV, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def _quiet(connection: Any) -> None:
    """SQLCipher writes its own lines (e.g. a failed HMAC check) to stderr: none of them."""
    connection.execute("PRAGMA cipher_log_level = NONE")


def key(connection: Any, passphrase: str, schema: str = "main") -> None:
    """Key a fresh SQLCipher connection: this must be its first statement on the file."""
    _quiet(connection)
    prefix = "" if schema == "main" else f"{schema}."
    connection.execute(f"PRAGMA {prefix}key = {_quote(passphrase)}")
    iterations = _test_kdf_iter()
    if iterations is not None:
        connection.execute(f"PRAGMA {prefix}kdf_iter = {iterations}")


def connect(
    path: Path, passphrase: str | None, *, factory: Any = None, derived: str | None = None
) -> Any:
    """An SQLCipher connection to ``path``, keyed when ``passphrase`` is given.

    An existing encrypted file is keyed with the key derived in Python (``raw_key``, or
    ``derived`` when the caller has it already), a new one with the passphrase itself.
    """
    driver = dbapi()
    kwargs: dict[str, Any] = {"check_same_thread": False}
    if factory is not None:
        kwargs["factory"] = factory
    if passphrase is not None and derived is None:
        derived = raw_key(path, passphrase)
    connection = driver.connect(str(path), **kwargs)
    try:
        if passphrase is None:
            _quiet(connection)
        elif derived is not None:
            _quiet(connection)
            connection.execute(f"PRAGMA key = {derived}")
            iterations = _test_kdf_iter()
            if iterations is not None:  # for a rekey on this connection
                connection.execute(f"PRAGMA kdf_iter = {iterations}")
        else:
            key(connection, passphrase)
    except BaseException:
        connection.close()
        raise
    return connection


_connection_class: type[Any] | None = None


def _logging_connection_class() -> type[Any]:
    """The SQLCipher twin of the store's ``_LoggingConnection`` (change notifications)."""
    global _connection_class
    if _connection_class is None:
        from lotsen_desktop.store.database import _LoggingConnectionMixin, _LoggingCursorMixin

        driver = dbapi()

        class CipherCursor(_LoggingCursorMixin, driver.Cursor):  # type: ignore[name-defined,misc]
            pass

        class CipherConnection(_LoggingConnectionMixin, driver.Connection):  # type: ignore[name-defined,misc]
            cursor_class = CipherCursor

        _connection_class = CipherConnection
    return _connection_class


DEFAULT_KDF_ITER = 256_000
"""SQLCipher 4's PBKDF2-HMAC-SHA512 rounds (``PRAGMA cipher_default_kdf_iter``)."""


def raw_key(path: Path, passphrase: str) -> str | None:
    """The derived key with the file's salt as SQLCipher's raw key literal (``x'…'``), or
    ``None`` while the file has no salt yet (new or plain).

    Derived once per engine, in Python, exactly as SQLCipher 4 derives it (PBKDF2-HMAC-SHA512
    of the passphrase with the 16-byte salt at the start of the file, 32 bytes): each pooled
    connection is then keyed without the 0.1 s derivation, during which the driver would run
    without the GIL while other threads work on their connections.
    """
    if not looks_encrypted(path):
        return None
    try:
        with open(path, "rb") as handle:
            salt = handle.read(16)
    except OSError:
        return None
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    derived = hashlib.pbkdf2_hmac(
        "sha512", secret, salt, _test_kdf_iter() or DEFAULT_KDF_ITER, dklen=32
    )
    return f"\"x'{derived.hex()}{salt.hex()}'\""


def create_cipher_engine(path: Path, passphrase: str) -> Engine:
    """An engine whose connections are SQLCipher connections keyed before anything else runs.

    SQLAlchemy's SQLite dialect with SQLCipher as its DB-API module, so driver errors become
    SQLAlchemy's as for the plain file; a pool like the plain engine's. The key is derived once
    (``raw_key``); a file that does not exist yet is keyed with the passphrase.
    """
    factory = _logging_connection_class()
    derived: list[str] = []

    def creator() -> Any:
        if not derived:
            found = raw_key(path, passphrase)
            if found is None:  # a new file: SQLCipher derives the key and writes the salt
                return connect(path, passphrase, factory=factory)
            derived.append(found)
        return connect(path, passphrase, factory=factory, derived=derived[0])

    return create_engine(
        f"sqlite:///{path}", module=dbapi(), creator=creator, poolclass=QueuePool, future=True
    )


def _opens(connection: Any) -> bool:
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi().DatabaseError:
        return False
    return True


def passphrase_opens(path: Path, passphrase: str) -> bool:
    """Whether ``passphrase`` opens the encrypted file (reads only)."""
    connection = connect(path, passphrase)
    try:
        return _opens(connection)
    finally:
        connection.close()


# --------------------------------------------------------------------------- attempt limit


def _attempts_path(path: Path) -> Path:
    return path.with_name(path.name + _ATTEMPTS_SUFFIX)


def delay_after(failures: int) -> float:
    """Seconds to wait after ``failures`` wrong passphrases in a row: 1, 2, 4 … up to 60."""
    if failures <= 0:
        return 0.0
    return float(min(2 ** (failures - 1), MAX_DELAY_SECONDS))


def _now() -> float:
    return time.time()


def _read_attempts(path: Path) -> tuple[int, float]:
    try:
        data = json.loads(_attempts_path(path).read_text(encoding="utf-8"))
        return int(data["failures"]), float(data["last"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0, 0.0


def wait_seconds(path: Path) -> float:
    """How long until the next passphrase attempt on ``path`` is taken (0: now).

    The count is kept in a small file next to the database, so it holds across program starts
    and for the command line too, not only in one window.
    """
    failures, last = _read_attempts(path)
    if failures <= 0:
        return 0.0
    now = _now()
    if last > now:  # the clock was set back: count from now
        last = now
    return max(0.0, last + delay_after(failures) - now)


def _record_failure(path: Path) -> float:
    failures, _last = _read_attempts(path)
    failures += 1
    try:
        _attempts_path(path).write_text(
            json.dumps({"failures": failures, "last": _now()}), encoding="utf-8"
        )
    except OSError:
        log.warning("the passphrase attempt count could not be written")
    return delay_after(failures)


def _reset_attempts(path: Path) -> None:
    with contextlib.suppress(OSError):
        _attempts_path(path).unlink(missing_ok=True)


def throttled_message(seconds: float) -> str:
    return _("Too many wrong passphrases. Please wait {seconds} seconds and try again.").format(
        seconds=max(1, round(seconds + 0.49))
    )


def unlock(path: Path, passphrase: str | None) -> None:
    """Check that ``passphrase`` opens the encrypted ``path`` (nothing is written to it).

    Raises ``PassphraseRequired`` without one, ``PassphraseThrottled`` while the wait after a
    wrong one runs, ``WrongPassphrase`` (and a longer wait) for a wrong one, and a plain
    ``StoreError`` for a file that is no database at all.
    """
    if not looks_encrypted(path):
        raise DatabaseDamaged(_("The file is not a Lotsen Desktop database or it is damaged."))
    if not passphrase:
        raise PassphraseRequired(
            _(
                "The database is encrypted. Please enter its passphrase "
                "(on the command line: --db-passphrase-file)."
            )
        )
    waiting = wait_seconds(path)
    if waiting > 0:
        raise PassphraseThrottled(throttled_message(waiting), waiting)
    if passphrase_opens(path, passphrase):
        _reset_attempts(path)
        return
    delay = _record_failure(path)
    log.info("wrong database passphrase; next attempt in %.0f s", delay)
    raise WrongPassphrase(
        _("Wrong passphrase: the database could not be opened. Nothing was changed."), delay
    )


# --------------------------------------------------------------------------- conversion


def converting_path(path: Path) -> Path:
    """The temporary file a conversion writes next to the database."""
    return path.with_name(path.name + _CONVERTING_SUFFIX)


def _remove_with_sidecars(path: Path) -> None:
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in _SIDECARS)):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def row_counts(connection: Any) -> dict[str, int]:
    """The number of rows of every ordinary table (virtual tables are counted by their
    shadow tables)."""
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        ).fetchall()
    ]
    return {
        name: int(connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
        for name in names
    }


def _verify(
    target: Path,
    passphrase: str | None,
    expected: dict[str, int],
    progress: ProgressCallback | None = None,
) -> None:
    """Open the converted file as the program will and compare it with the original.

    ``quick_check`` (every page and b-tree, not every index entry against its row: the copy's
    indexes were built fresh by SQLite) and, encrypted, ``cipher_integrity_check`` (the HMAC
    of every page); then the row count of every table. ``integrity_check`` would take minutes
    on a database of 100,000 people."""
    connection = connect(target, passphrase)
    connection.set_progress_handler(_progress_handler(progress, lambda: EXPORTED), 1_000_000)
    try:
        if not _opens(connection):
            raise StoreError(
                _("The converted database could not be verified. Nothing was changed.")
            )
        checks = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
        if passphrase is not None:
            checks += [row[0] for row in connection.execute("PRAGMA cipher_integrity_check")]
            checks = [check for check in checks if check != "ok"] or ["ok"]
        counts = row_counts(connection)
    finally:
        connection.close()
    if checks != ["ok"] or counts != expected:
        log.error("converted database failed verification (%d tables)", len(expected))
        raise StoreError(_("The converted database could not be verified. Nothing was changed."))


def _progress_handler(
    progress: ProgressCallback | None, measure: Callable[[], int]
) -> Callable[[], int]:
    """SQLite's progress handler: reports ``measure()`` of ``TOTAL`` and stops the statement
    when the answer is "stop"."""

    def handler() -> int:
        if progress is not None and not progress(min(measure(), TOTAL), TOTAL):
            return 1
        return 0

    return handler


def _growth(grown: Path, full_size: int, start: int, end: int) -> Callable[[], int]:
    """Progress between ``start`` and ``end`` as ``grown`` approaches ``full_size`` bytes."""

    def measure() -> int:
        try:
            size = grown.stat().st_size
        except OSError:
            size = 0
        return start + (end - start) * min(size, full_size) // max(full_size, 1)

    return measure


def _file_size(path: Path) -> int:
    return sum(
        candidate.stat().st_size for candidate in (path, Path(f"{path}-wal")) if candidate.exists()
    )


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _check_step(progress: ProgressCallback | None, step: int, total: int) -> None:
    check(progress, step, total, _("Cancelled. The database was not changed."))


def _os_failure(error: OSError) -> StoreError:
    return StoreError(
        _("The database could not be converted: {error}. Nothing was changed.").format(
            error=describe_os_error(error)
        )
    )


def convert_file(
    path: Path,
    current: str | None,
    new: str | None,
    *,
    progress: ProgressCallback | None = None,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Write ``path`` keyed with ``new`` (``None``: plain) next to it, verify it, replace it.

    ``current`` opens the original (``None``: plain). Writers are held off by a write lock on the
    original until it is replaced; ``before_replace`` closes the caller's own connections.
    The original stays untouched until the converted file has verified; the temporary file is
    removed on every failure.
    """
    target = converting_path(path)
    _remove_with_sidecars(target)  # left by an interrupted conversion
    driver = dbapi()
    guard = connect(path, current)
    source = None
    try:
        if not _opens(guard):
            raise WrongPassphrase(_("Wrong passphrase: the database could not be opened."), 0.0)
        guard.execute("BEGIN IMMEDIATE")  # no writer until the file is replaced
        source = connect(path, current)
        _check_step(progress, 0, TOTAL)
        expected = row_counts(source)
        full_size = _file_size(path)
        source.execute("ATTACH DATABASE ? AS converted KEY ?", (str(target), _key_text(new)))
        iterations = _test_kdf_iter()
        if new is not None and iterations is not None:
            source.execute(f"PRAGMA converted.kdf_iter = {iterations}")
        # The temporary file needs no journal and no waiting for the disk per statement: it is
        # thrown away on any failure and synced once before it is verified.
        source.execute("PRAGMA converted.journal_mode = OFF")
        source.execute("PRAGMA converted.synchronous = OFF")
        source.set_progress_handler(
            _progress_handler(progress, _growth(target, full_size, 1, EXPORTED)), 10_000
        )
        try:
            source.execute("BEGIN")
            source.execute("SELECT sqlcipher_export('converted')")
            source.commit()
        finally:
            source.set_progress_handler(None, 0)
        source.execute("DETACH DATABASE converted")
        source.close()
        source = None
        _fsync_file(target)
        _check_step(progress, EXPORTED, TOTAL)
        _verify(target, new, expected, progress)
        _check_step(progress, VERIFIED, TOTAL)
        guard.rollback()
        guard.close()
        guard = None
        if before_replace is not None:
            before_replace()
        if any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-journal")):
            raise StoreError(
                _(
                    "The database is in use by another program. Close it there and try again. "
                    "Nothing was changed."
                )
            )
        Path(f"{path}-shm").unlink(missing_ok=True)
        os.replace(target, path)
        _fsync_folder(path.parent)
        if progress is not None:
            progress(TOTAL, TOTAL)
    except OSError as error:
        raise _os_failure(error) from error
    except driver.Error as error:
        if progress is not None and "interrupt" in str(error).lower():
            raise Cancelled(_("Cancelled. The database was not changed.")) from error
        log.error("database conversion failed: %s", type(error).__name__)
        raise StoreError(
            _("The database could not be converted: {error}. Nothing was changed.").format(
                error=error
            )
        ) from error
    finally:
        if source is not None:
            source.close()
        if guard is not None:
            with contextlib.suppress(driver.Error):
                guard.rollback()
            guard.close()
        _remove_with_sidecars(target)


def _key_text(passphrase: str | None) -> str:
    return "" if passphrase is None else unicodedata.normalize("NFC", passphrase)


def _reopen(store: Store, passphrase: str | None) -> None:
    from lotsen_desktop.store.database import create_sqlite_engine

    store.replace_engine(create_sqlite_engine(store.path, passphrase), passphrase)


def encrypt_store(
    store: Store, passphrase: str, *, progress: ProgressCallback | None = None
) -> None:
    """Encrypt the open store's plain file with ``passphrase``; the store goes on with it."""
    if store.encrypted:
        raise StoreError(_("The database is encrypted already."))
    _convert(store, passphrase, progress)
    log.info("database encrypted")


def decrypt_store(store: Store, *, progress: ProgressCallback | None = None) -> None:
    """Write the open encrypted store back as a plain SQLite file."""
    if not store.encrypted:
        raise StoreError(_("The database is not encrypted."))
    _convert(store, None, progress)
    log.info("database decrypted")


def _convert(store: Store, new: str | None, progress: ProgressCallback | None) -> None:
    disposed = False

    def release() -> None:
        nonlocal disposed
        store.engine.dispose()
        disposed = True

    try:
        convert_file(store.path, store.passphrase, new, progress=progress, before_replace=release)
    except BaseException:
        if disposed:  # the original is still there: go on with it
            _reopen(store, store.passphrase)
        raise
    _reopen(store, new)
    _reset_attempts(store.path)


def change_passphrase(store: Store, new: str, *, progress: ProgressCallback | None = None) -> None:
    """Key the open encrypted store with ``new`` (SQLCipher's ``PRAGMA rekey``, one
    transaction: an interruption leaves the old passphrase valid)."""
    if not store.encrypted:
        raise StoreError(_("The database is not encrypted."))
    path, old = store.path, store.passphrase
    store.engine.dispose()
    if Path(f"{path}-wal").exists() and Path(f"{path}-wal").stat().st_size > 0:
        _reopen(store, old)
        raise StoreError(
            _(
                "The database is in use by another program. Close it there and try again. "
                "Nothing was changed."
            )
        )
    driver = dbapi()
    # SQLCipher rewrites the pages in C, without SQLite's progress handler: no steps to show,
    # and no stopping once it runs ("busy" for the progress dialog).
    _check_step(progress, 0, 0)
    connection = connect(path, old)
    try:
        connection.execute(f"PRAGMA rekey = {_quote(new)}")
    except driver.Error as error:
        connection.close()
        _reopen(store, old)
        raise StoreError(
            _("The passphrase could not be changed: {error}. The old one stays valid.").format(
                error=error
            )
        ) from error
    connection.close()
    if not passphrase_opens(path, new):
        _reopen(store, old)
        raise StoreError(_("The passphrase could not be changed. The old one stays valid."))
    _reopen(store, new)
    _reset_attempts(path)
    if progress is not None:
        progress(TOTAL, TOTAL)
    log.info("database passphrase changed")


__all__ = [
    "EncryptedDatabaseError",
    "PassphraseRequired",
    "PassphraseThrottled",
    "WrongPassphrase",
    "change_passphrase",
    "decrypt_store",
    "encrypt_store",
    "looks_encrypted",
    "unlock",
    "wait_seconds",
]
