"""CLI commands for backups: ``backup list``, ``backup now``, ``backup folder``, ``restore FILE``.

They work on the database file without opening it as the window does (no migration), so a
damaged database can still be listed and restored.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from lotsen_desktop.cli.context import CliContext, command_parser
from lotsen_desktop.cli.encryption import read_db_passphrase
from lotsen_desktop.domain.backups import BackupReason
from lotsen_desktop.errors import StoreError
from lotsen_desktop.i18n import _, format_number
from lotsen_desktop.store import backup as backups
from lotsen_desktop.store.database import Store, unopened_store
from lotsen_desktop.store.server import is_server_url


def register(subparsers: Any) -> None:
    parser = command_parser(
        subparsers, "backup", _("write a backup now, list the backups or choose their folder")
    )
    parser.set_defaults(handler=_now)
    actions = parser.add_subparsers(dest="backup_action", metavar=_("ACTION"))
    command_parser(actions, "now", _("write a backup copy of the database now")).set_defaults(
        handler=_now
    )
    command_parser(actions, "list", _("list the backups of this database")).set_defaults(
        handler=_list
    )
    folder = command_parser(
        actions, "folder", _("show or set the backup folder (e.g. a USB stick)")
    )
    folder.add_argument("path", nargs="?", metavar=_("FOLDER"))
    folder.add_argument(
        "--default", action="store_true", help=_("back up beside the database again")
    )
    folder.set_defaults(handler=_folder)
    restore = command_parser(
        subparsers,
        "restore",
        _("replace the database with a backup (the current file is kept as a backup)"),
    )
    restore.add_argument("file", metavar=_("FILE"))
    restore.set_defaults(handler=_restore)


def _raw_store(ctx: CliContext) -> Store:
    """The store for file-level work: not opened (no migration), usable when damaged."""
    if is_server_url(ctx.db or os.environ.get("LOTSEN_DB")):
        raise StoreError(
            _(
                "A shared PostgreSQL database is backed up by its administrators with pg_dump "
                "(see docs/server.md); for a local copy use migrate-to FILE.sqlite."
            )
        )
    passphrase = read_db_passphrase(ctx.db_passphrase_file) if ctx.db_passphrase_file else None
    return unopened_store(ctx.db, passphrase=passphrase)


def _now(ctx: CliContext, args: argparse.Namespace) -> int:
    store = _raw_store(ctx)
    result = backups.backup_database(store, BackupReason.MANUAL)
    if result.warning:
        print(result.warning, file=sys.stderr)
    ctx.emit(
        {"file": str(result.path), "warning": result.warning},
        _("Backup written: {file}").format(file=result.path),
    )
    return 0


def _list(ctx: CliContext, args: argparse.Namespace) -> int:
    store = _raw_store(ctx)
    rows = [
        {
            **entry.as_dict(),
            "when": entry.made_at.strftime("%d.%m.%Y %H:%M"),
            "label": entry.reason_label,
            "megabytes": format_number(entry.size / 1_000_000, 1),
        }
        for entry in backups.list_backups(store)
    ]
    if ctx.json:
        ctx.emit([{k: row[k] for k in ("file", "made_at", "reason", "size")} for row in rows])
        return 0
    ctx.table(
        rows,
        [
            ("when", _("Made")),
            ("label", _("Reason")),
            ("megabytes", _("MB")),
            ("file", _("File")),
        ],
    )
    return 0


def _folder(ctx: CliContext, args: argparse.Namespace) -> int:
    store = _raw_store(ctx)
    if args.default:
        backups.set_backup_folder(ctx.store, None)
    elif args.path:
        backups.set_backup_folder(ctx.store, Path(args.path))
    folder, warning = backups.target_folder(store)
    if warning:
        print(warning, file=sys.stderr)
    ctx.emit({"folder": str(folder), "warning": warning}, str(folder))
    return 0


def _restore(ctx: CliContext, args: argparse.Namespace) -> int:
    from lotsen_desktop.bootstrap import restore_backup

    ctx.close()
    result = restore_backup(_raw_store(ctx), Path(args.file))
    lines = [_("Database restored from {file}.").format(file=result.restored_from)]
    if result.kept_copy is not None:
        lines.append(_("The replaced database was kept as {file}.").format(file=result.kept_copy))
    if result.deleted_since:
        lines.append(
            _("Deleted after this backup and back now (repeat their erasure): {ids}").format(
                ids=", ".join(result.deleted_since)
            )
        )
    lines.append(
        _(
            "This machine has a new exchange identity now; import a full export from another "
            "machine to get back what was exchanged after the backup."
        )
    )
    ctx.emit(result.as_dict(), lines)
    return 0


def restore_hint(db: str | None) -> str | None:
    """For a database that cannot be opened: the newest good backup and the command to restore
    it, or ``None`` if there is none."""
    try:
        store = unopened_store(db)
        newest = backups.newest_good_backup(store)
    except (StoreError, OSError):
        return None
    if newest is None:
        return None
    return _(
        'The newest good backup is from {when}. Restore it with:\n  lotsen-desktop restore "{file}"'
    ).format(when=newest.made_at.strftime("%d.%m.%Y %H:%M"), file=newest.path)
