"""Backups of the database file: written, checked, rotated, listed and restored.

Every copy is made with SQLite's online backup (consistent while the program runs, WAL
included), checked with ``PRAGMA integrity_check`` and only then renamed to its real name, so a
full disk or a killed process never leaves a file that looks like a backup. Every raw connection
is opened with ``Store.connect_raw`` so the copies of an encrypted database stay encrypted.

The folder is a local setting (``backup.folder``): a USB stick or a network share. If it cannot be
used the backup goes to ``backups/`` beside the database and the result says why.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import platform
import shutil
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from lotsen_desktop.domain.backups import (
    DEFAULT_POLICY,
    BackupName,
    BackupReason,
    RotationPolicy,
    backups_to_keep,
    parse_backup_name,
    reason_label,
    reason_of,
)
from lotsen_desktop.errors import DatabaseDamaged, StoreError, describe_os_error
from lotsen_desktop.files import fsync_folder
from lotsen_desktop.i18n import _
from lotsen_desktop.store.database import driver_errors
from lotsen_desktop.store.sync_tables import TABLE_NUMBERS
from lotsen_desktop.store.types import key_text
from lotsen_desktop.tasks import Cancelled, ProgressCallback

log = logging.getLogger(__name__)

FOLDER_KEY = "backup.folder"
PAGES_PER_STEP = 4096
PREVIEW_TABLES = {
    "volunteers": "volunteer",
    "courses": "course",
    "certificates": "certificate",
    "mentoring_contacts": "log_entry",
}
"""What the restore preview counts (key -> table)."""

CHECK_SETTINGS = ("PRAGMA cache_size = -262144", "PRAGMA mmap_size = 1073741824")
"""For the check of a copy: a 256 MiB page cache and reading through memory mapping make
``integrity_check`` of a 2.5 GB file about twice as fast (docs/backups.md)."""

Prepare = Callable[[sqlite3.Connection], None]

if TYPE_CHECKING:
    from lotsen_desktop.store.database import Store


@dataclass(frozen=True)
class BackupFile:
    """One backup in a backup folder."""

    path: Path
    made_at: datetime
    reason: str
    size: int
    tag: str = ""

    @property
    def reason_label(self) -> str:
        return reason_label(self.reason)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": str(self.path),
            "made_at": self.made_at,
            "reason": self.reason,
            "size": self.size,
        }


@dataclass(frozen=True)
class BackupResult:
    """A backup written; ``warning`` says why it is not where the settings wanted it."""

    path: Path
    warning: str = ""
    removed: tuple[Path, ...] = ()


@dataclass(frozen=True)
class BackupPreview:
    """What a backup holds, read without changing it; ``problem`` is empty for a usable one."""

    path: Path
    revision: str | None
    counts: dict[str, int] = field(default_factory=dict)
    problem: str = ""

    @property
    def usable(self) -> bool:
        return not self.problem


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    kept_copy: Path | None
    counts: dict[str, int]
    new_site_id: str = ""
    deleted_since: tuple[str, ...] = ()
    """Ids of volunteers deleted in the replaced database (an erasure, say) whom the backup
    brings back: their erasure must be repeated."""

    def as_dict(self) -> dict[str, object]:
        return {
            "restored_from": str(self.restored_from),
            "kept_copy": str(self.kept_copy) if self.kept_copy else None,
            "counts": self.counts,
            "new_site_id": self.new_site_id,
            "deleted_since": list(self.deleted_since),
        }


# --------------------------------------------------------------------------- folders and names


def machine_tag(db_path: Path) -> str:
    """Eight hex digits for this database on this machine, in every backup's name: backups of
    several machines in one folder (a shared USB stick) are never mixed up or rotated away."""
    text = f"{platform.node()}\n{db_path.resolve()}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def default_folder(db_path: Path) -> Path:
    return db_path.parent / "backups"


def configured_folder(store: Store) -> Path | None:
    """The folder chosen in the settings, or ``None`` (also when the database cannot be read)."""
    value = _read_setting(store, FOLDER_KEY)
    return Path(value).expanduser() if value else None


def folder_problem(folder: Path) -> str | None:
    """Why backups cannot be written to ``folder`` (in the user's language), or ``None``.

    The folder must exist: a missing USB stick must not turn into a folder on the local disk.
    """
    if not folder.is_dir():
        return _("the folder does not exist; is the drive connected?")
    probe = folder / f".lotsen-probe-{uuid.uuid4().hex[:8]}"
    try:
        probe.write_bytes(b"")
    except OSError as error:
        return describe_os_error(error)
    with contextlib.suppress(OSError):
        probe.unlink()
    return None


def set_backup_folder(store: Store, folder: Path | None) -> None:
    """Choose where backups go (``None``: beside the database); refused if it cannot be used."""
    if folder is not None:
        folder = Path(folder).expanduser()
        problem = folder_problem(folder)
        if problem is not None:
            raise StoreError(
                _("Backups cannot be written to {folder}: {problem}").format(
                    folder=folder, problem=problem
                )
            )
    store.set_local_setting(FOLDER_KEY, str(folder) if folder is not None else "")


def target_folder(store: Store) -> tuple[Path, str]:
    """Where the next backup goes, and a warning if the chosen folder cannot be used now."""
    fallback = default_folder(store.path)
    chosen = configured_folder(store)
    if chosen is None:
        return fallback, ""
    problem = folder_problem(chosen)
    if problem is None:
        return chosen, ""
    return fallback, _(
        "The backup folder {folder} cannot be used ({problem}); the backup was written to {fallback}."
    ).format(folder=chosen, problem=problem, fallback=fallback)


# --------------------------------------------------------------------------- writing


def backup_database(
    store: Store,
    reason: BackupReason | str,
    *,
    detail: str = "",
    progress: ProgressCallback | None = None,
    now: datetime | None = None,
    policy: RotationPolicy = DEFAULT_POLICY,
    check: bool = True,
) -> BackupResult:
    """Write a checked backup of ``store`` and thin out the automatic ones.

    Raises ``StoreError`` if no backup could be written (nothing half-written is left) or if the
    copy fails its integrity check (then the database itself is damaged). ``check=False`` only
    for the copy of a file about to be replaced, which is kept whatever its state.
    """
    if not store.path.is_file():
        raise StoreError(_("There is no database at {path}.").format(path=store.path))
    code = str(reason) + (f"-{detail}" if detail else "")
    folder, warning = target_folder(store)
    try:
        path = _write_backup(store, folder, code, now or datetime.now(), progress, check)
    except StoreError as error:
        fallback = default_folder(store.path)
        if folder == fallback or isinstance(error, BackupDamaged):
            raise
        path = _write_backup(store, fallback, code, now or datetime.now(), progress, check)
        warning = _(
            "The backup folder {folder} cannot be used ({problem}); the backup was written to {fallback}."
        ).format(folder=folder, problem=error, fallback=fallback)
    if warning:
        log.warning("backup folder unusable; backup written beside the database")
    removed = rotate(store, path.parent, policy) if reason_of(code) in _ROTATED else ()
    return BackupResult(path, warning, tuple(removed))


def automatic_backup(store: Store, reason: BackupReason) -> BackupResult | None:
    """The backup before an import or an erasure. A shared PostgreSQL database has none here:
    its administrators back it up with ``pg_dump`` (docs/server.md)."""
    if store.is_server:
        return None
    return backup_database(store, reason)


_ROTATED = frozenset(member for member in BackupReason if member.rotated)


class BackupDamaged(DatabaseDamaged):
    """The fresh copy failed ``PRAGMA integrity_check``: the database itself is damaged."""


def _write_backup(
    store: Store,
    folder: Path,
    code: str,
    now: datetime,
    progress: ProgressCallback | None,
    check: bool = True,
) -> Path:
    name = BackupName(store.path.stem, machine_tag(store.path), now.replace(microsecond=0), code)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _remove_partials(folder)
        counter = 0
        target = folder / name.file_name()
        while target.exists():
            counter += 1
            target = folder / name.file_name(counter)
    except OSError as error:
        raise _write_error(error) from error
    partial = folder / f".{target.name}.{uuid.uuid4().hex[:8]}-{os.getpid()}.partial"
    try:
        _copy(store, store.path, partial, progress)
        problem = integrity_problem(store, partial) if check else None
        if problem is not None:
            raise BackupDamaged(
                _(
                    "The backup failed its integrity check ({problem}), so it was not kept. "
                    "The database itself may be damaged: restore a backup."
                ).format(problem=problem)
            )
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
        fsync_folder(folder)
    except _os_or_driver_errors() as error:
        _unlink(partial)
        raise _write_error(error) from error
    except BaseException:
        _unlink(partial)
        raise
    log.info("backup written: %s", target.name)
    return target


def _write_error(error: BaseException) -> StoreError:
    text = describe_os_error(error) if isinstance(error, OSError) else str(error)
    return StoreError(_("The backup could not be written: {error}").format(error=text))


def _copy(store: Store, source: Path, target: Path, progress: ProgressCallback | None) -> None:
    """SQLite's online backup of ``source`` into a new file ``target`` (one self-contained file,
    no journal beside it)."""
    _unlink(target)
    origin = store.connect_raw(source)
    try:
        copy = store.connect_raw(target)
        try:

            def step(_status: int, remaining: int, total: int) -> None:
                if progress is not None and not progress(total - remaining, total):
                    raise Cancelled(_("Cancelled. No backup was written."))

            origin.backup(copy, pages=PAGES_PER_STEP, progress=step)
            copy.execute("PRAGMA journal_mode = DELETE").fetchall()
        finally:
            copy.close()
    finally:
        origin.close()
    _unlink(Path(f"{target}-journal"))


STALE_PARTIAL_S = 6 * 3600
"""A partial file this old was left by a crashed backup; younger ones may be another process's
backup in progress (two imports at once each back up first)."""


def _remove_partials(folder: Path) -> None:
    """Remove what crashed backups left: partial files of processes that are gone, and any
    partial file older than ``STALE_PARTIAL_S`` (from another machine on a shared folder)."""
    cutoff = time.time() - STALE_PARTIAL_S
    for stale in folder.glob(".*.partial"):
        with contextlib.suppress(OSError):
            if stale.stat().st_mtime < cutoff or not _writer_alive(stale):
                _unlink(stale)


def _writer_alive(partial: Path) -> bool:
    """Whether the process named in a partial file's name still runs (only checked on POSIX;
    on Windows the age decides)."""
    pid_text = partial.name.removesuffix(".partial").rpartition("-")[2]
    if not pid_text.isdigit():
        return False
    if os.name == "nt":
        return True
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _os_or_driver_errors() -> tuple[type[Exception], ...]:
    return (OSError, *driver_errors())


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


# --------------------------------------------------------------------------- checking


def integrity_problem(store: Store, path: Path, *, quick: bool = False) -> str | None:
    """``PRAGMA integrity_check`` of a file: ``None`` if sound, else SQLite's first complaint.

    ``quick`` runs ``quick_check`` (pages and records, not whether indexes match their tables):
    several times faster on a large file, for choosing among backups.
    """
    if not path.is_file():
        return _("the file does not exist")
    try:
        connection = store.connect_raw(path)
        try:
            for setting in CHECK_SETTINGS:
                connection.execute(setting).fetchall()
            pragma = "quick_check" if quick else "integrity_check"
            rows = connection.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            connection.close()
    except driver_errors("DatabaseError") as error:
        return str(error)
    if len(rows) == 1 and rows[0][0] == "ok":
        return None
    return str(rows[0][0]) if rows else "?"


def preview_backup(
    store: Store, path: Path, *, check: bool = False, quick: bool = False
) -> BackupPreview:
    """The schema revision and the counts a restore of ``path`` would bring back (read only).

    ``check`` also runs the integrity check (slow for large files: done before every restore).
    """
    path = Path(path)
    if not path.is_file():
        return BackupPreview(path, None, problem=_("The file does not exist."))
    try:
        with open(path, "rb") as handle:
            header = handle.read(16)
    except OSError as error:
        return BackupPreview(path, None, problem=describe_os_error(error))
    if header != b"SQLite format 3\x00" and not store.encrypted:
        return BackupPreview(
            path, None, problem=_("The file is not a Lotsen Desktop database or it is damaged.")
        )
    try:
        connection = store.connect_raw(path)
        try:
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "alembic_version" not in tables or "volunteer" not in tables:
                return BackupPreview(
                    path,
                    None,
                    problem=_("The file is not a Lotsen Desktop database or it is damaged."),
                )
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = str(row[0]) if row else None
            counts = {
                key: int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
                for key, table in PREVIEW_TABLES.items()
                if table in tables
            }
        finally:
            connection.close()
    except driver_errors("DatabaseError") as error:
        return BackupPreview(
            path,
            None,
            problem=_("The file is not a Lotsen Desktop database or it is damaged.")
            + f" ({error})",
        )
    if check:
        problem = integrity_problem(store, path, quick=quick)
        if problem is not None:
            return BackupPreview(
                path,
                revision,
                counts,
                _("The backup is damaged ({problem}).").format(problem=problem),
            )
    return BackupPreview(path, revision, counts)


def database_problem(store: Store) -> str | None:
    """``PRAGMA integrity_check`` of the live database (``None``: sound)."""
    return integrity_problem(store, store.path)


# --------------------------------------------------------------------------- listing, rotating


def list_backups(store: Store) -> list[BackupFile]:
    """This database's backups on this machine, newest first, in the chosen folder and beside
    the database (older backups and fallbacks are there)."""
    folders = [default_folder(store.path)]
    chosen = configured_folder(store)
    if chosen is not None and chosen.is_dir():
        folders.insert(0, chosen)
    tag = machine_tag(store.path)
    found: dict[Path, BackupFile] = {}
    for folder in folders:
        for entry in _entries(folder, store.path.stem, tag):
            found.setdefault(entry.path.resolve(), entry)
    return sorted(found.values(), key=lambda item: (item.made_at, item.path.name), reverse=True)


def _entries(folder: Path, stem: str, tag: str) -> list[BackupFile]:
    try:
        paths = list(folder.glob("*.sqlite"))
    except OSError:
        return []
    result = []
    for path in paths:
        name = parse_backup_name(path.name)
        if name is None or name.stem != stem or name.tag not in (tag, ""):
            continue
        try:
            size = path.stat().st_size
        except OSError:
            continue
        result.append(BackupFile(path, name.made_at, name.reason, size, name.tag))
    return result


def latest_backup(store: Store) -> datetime | None:
    """When the newest backup of this database was made, or ``None``."""
    backups = list_backups(store)
    return backups[0].made_at if backups else None


def rotate(store: Store, folder: Path, policy: RotationPolicy = DEFAULT_POLICY) -> list[Path]:
    """Delete the automatic backups of this database in ``folder`` that ``policy`` does not keep
    (only files with this machine's tag: other machines' backups are theirs to rotate)."""
    tag = machine_tag(store.path)
    automatic = [
        entry
        for entry in _entries(folder, store.path.stem, tag)
        if entry.tag == tag and reason_of(entry.reason) in _ROTATED
    ]
    kept = {entry.path for entry in backups_to_keep(automatic, lambda e: e.made_at, policy)}
    removed = []
    for entry in automatic:
        if entry.path not in kept:
            try:
                entry.path.unlink()
            except OSError:
                log.warning("an old backup could not be removed")
                continue
            removed.append(entry.path)
    return removed


def backup_at_start(store: Store, now: datetime | None = None) -> BackupResult | None:
    """The daily backup: written at start unless this database has a backup from today."""
    if store.is_server:
        return None
    now = now or datetime.now()
    newest = latest_backup(store)
    if newest is not None and newest.date() == now.date():
        return None
    return backup_database(store, BackupReason.START, now=now)


def newest_good_backup(store: Store) -> BackupFile | None:
    """The newest backup that passes SQLite's quick check (offered for a damaged database; the
    restore runs the full check on its copy)."""
    for entry in list_backups(store):
        if preview_backup(store, entry.path, check=True, quick=True).usable:
            return entry
    return None


# --------------------------------------------------------------------------- restoring


def restore_database(
    store: Store,
    backup: Path,
    *,
    known_revisions: set[str] | None = None,
    prepare: Prepare | None = None,
) -> RestoreResult:
    """Replace the database file of ``store`` (which must be closed) with ``backup``.

    The backup is copied beside the database, the copy checked and prepared (``prepare`` gives it
    a new sync identity); then the current file is kept as a backup (reason
    ``vor-wiederherstellung``), its WAL and shared-memory files removed, and the prepared copy
    renamed over it. Killed at any moment, the old or the restored database is there, and the
    copy of the old one before the rename.
    """
    backup = Path(backup)
    preview = preview_backup(store, backup)
    if not preview.usable:
        raise StoreError(preview.problem)
    if (
        known_revisions is not None
        and preview.revision is not None
        and preview.revision not in known_revisions
    ):
        raise StoreError(
            _(
                "This backup was written by a newer version of Lotsen Desktop (schema {revision}). "
                "Please install the newer version; nothing was changed."
            ).format(revision=preview.revision)
        )
    db_path = store.path
    staged = db_path.parent / f".{db_path.name}.restore.partial"
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        _copy(store, backup, staged, None)
        problem = integrity_problem(store, staged)
        if problem is not None:
            raise StoreError(_("The backup is damaged ({problem}).").format(problem=problem))
        back_again = _deleted_volunteers(store, db_path) & _volunteers(store, staged)
        if prepare is not None:
            connection = store.connect_raw(staged)
            try:
                prepare(connection)
                connection.commit()
            finally:
                connection.close()
        with open(staged, "rb+") as handle:
            os.fsync(handle.fileno())
        if db_path.exists():
            _ensure_unused(store)
            kept: Path | None = _keep_current(store)
        else:
            kept = None
        _release_current(store)
        os.replace(staged, db_path)
        fsync_folder(db_path.parent)
    except _os_or_driver_errors() as error:
        _unlink(staged)
        text = describe_os_error(error) if isinstance(error, OSError) else str(error)
        raise StoreError(
            _("The backup could not be restored: {error}").format(error=text)
        ) from error
    except BaseException:
        _unlink(staged)
        raise
    log.info("database restored from a backup")
    return RestoreResult(backup, kept, preview.counts, deleted_since=tuple(sorted(back_again)))


def _keep_current(store: Store) -> Path:
    """A copy of the database about to be replaced, in the backup folder: the online backup
    for a sound file, the bytes (with its WAL) for one SQLite cannot read."""
    try:
        return backup_database(store, BackupReason.RESTORE, check=False).path
    except StoreError:
        log.warning("current database could not be backed up online; copying its bytes")
    folder = default_folder(store.path)
    name = BackupName(
        store.path.stem,
        machine_tag(store.path),
        datetime.now().replace(microsecond=0),
        BackupReason.RESTORE.value,
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        counter = 0
        target = folder / name.file_name()
        while target.exists():
            counter += 1
            target = folder / name.file_name(counter)
        partial = folder / f".{target.name}.{uuid.uuid4().hex[:8]}-{os.getpid()}.partial"
        shutil.copyfile(store.path, partial)
        os.replace(partial, target)
        wal = Path(f"{store.path}-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(f"{target}-wal"))
        fsync_folder(folder)
    except OSError as error:
        raise StoreError(
            _(
                "The current database could not be copied before the restore ({error}); "
                "nothing was changed."
            ).format(error=describe_os_error(error))
        ) from error
    return target


def _deleted_volunteers(store: Store, path: Path) -> set[str]:
    """Volunteers the exchange's row states record as deleted in ``path`` (empty if unreadable).

    The table is matched by its number (schema 0019 on) or its name (older files): a number never
    equals a name in either schema's column.
    """
    number = TABLE_NUMBERS["volunteer"]
    return _ids(
        store,
        path,
        f"SELECT row_id FROM sync_row WHERE tbl IN ({number}, 'volunteer') AND alive = 0",
    )


def _volunteers(store: Store, path: Path) -> set[str]:
    return _ids(store, path, "SELECT id FROM volunteer")


def _ids(store: Store, path: Path, query: str) -> set[str]:
    if not path.is_file():
        return set()
    try:
        connection = store.connect_raw(path)
        try:
            # a backup of any schema: ids as text before 0020 (sync_row's before 0021), as
            # bytes since
            return {str(key_text(row[0])) for row in connection.execute(query)}
        finally:
            connection.close()
    except driver_errors():
        return set()


def _ensure_unused(store: Store) -> None:
    """Refuse while any other connection (a window, a command) has the database open: it would
    go on reading and writing the replaced file. Taking SQLite's exclusive lock fails then."""
    try:
        connection = store.connect_raw(store.path)
        try:
            connection.execute("PRAGMA locking_mode = EXCLUSIVE").fetchall()
            connection.execute("BEGIN EXCLUSIVE")
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            connection.rollback()
        finally:
            connection.close()
    except driver_errors("OperationalError") as error:
        if "locked" in str(error) or "busy" in str(error):
            raise StoreError(
                _("The database is in use by another program. Close it there and try again.")
            ) from error
    except driver_errors("DatabaseError"):
        pass  # a damaged file: its bytes are kept as they are


def _release_current(store: Store) -> None:
    """Fold the WAL into the database file and remove WAL, shared memory and a rollback journal,
    so none of them is applied to the restored file; refused while another program uses it."""
    db_path = store.path
    try:
        connection = store.connect_raw(db_path)
        try:
            busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            connection.close()
    except driver_errors("DatabaseError"):
        busy = None  # a damaged file: its bytes are kept already
    if busy is not None and busy[0]:
        raise StoreError(
            _("The database is in use by another program. Close it there and try again.")
        )
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


# --------------------------------------------------------------------------- helpers


def _read_setting(store: Store, key: str) -> str:
    """A local setting read with a raw connection (works while the store is closed or damaged)."""
    if not store.path.exists():
        return ""
    try:
        connection = store.connect_raw(store.path)
        try:
            row = connection.execute(
                "SELECT value FROM local_setting WHERE key = ?", (key,)
            ).fetchone()
        finally:
            connection.close()
    except driver_errors():
        return ""
    return str(row[0]) if row and row[0] else ""
