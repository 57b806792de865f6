"""CLI for encryption at rest: the database passphrase (``--db-passphrase-file`` or a prompt on
a terminal) and the commands ``encrypt``, ``decrypt``, ``change-passphrase``."""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lotsen_desktop.cli.context import CliContext, command_parser
from lotsen_desktop.errors import StoreError, ValidationError, describe_os_error
from lotsen_desktop.i18n import _
from lotsen_desktop.store.database import Store, resolve_db_path

PROMPT_ATTEMPTS = 3


def register(subparsers: Any) -> None:
    encrypt = command_parser(
        subparsers, "encrypt", _("encrypt the database file (SQLCipher); asks for a new passphrase")
    )
    encrypt.add_argument(
        "--new-passphrase-file",
        metavar=_("FILE"),
        help=_("file whose first line is the new passphrase (else it is asked for twice)"),
    )
    encrypt.set_defaults(handler=_encrypt)
    decrypt = command_parser(
        subparsers, "decrypt", _("store the encrypted database as a plain file again")
    )
    decrypt.set_defaults(handler=_decrypt)
    change = command_parser(
        subparsers, "change-passphrase", _("change the passphrase of the encrypted database")
    )
    change.add_argument(
        "--new-passphrase-file",
        metavar=_("FILE"),
        help=_("file whose first line is the new passphrase (else it is asked for twice)"),
    )
    change.set_defaults(handler=_change)


def read_db_passphrase(path: str) -> str:
    """The first line of the file, without its line break."""
    try:
        text = Path(path).expanduser().read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise StoreError(
            _("The passphrase file cannot be read: {error}").format(error=describe_os_error(error))
        ) from error
    line = text.splitlines()[0] if text else ""
    if not line:
        raise StoreError(_("The passphrase file is empty."))
    return line


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def open_context_store(ctx: CliContext, on_wait: Callable[[str], None] | None = None) -> Store:
    """Open the command's database: with the passphrase from ``--db-passphrase-file``, or asked
    for on a terminal when the file is encrypted (a few tries, waiting as the limit says)."""
    from lotsen_desktop.bootstrap import open_office_store
    from lotsen_desktop.store import cipher

    if ctx.db_passphrase_file:
        return open_office_store(
            ctx.db, passphrase=read_db_passphrase(ctx.db_passphrase_file), waiting=on_wait
        )
    path = resolve_db_path(ctx.db)
    if not (_interactive() and cipher.looks_encrypted(path)):
        return open_office_store(ctx.db, waiting=on_wait)
    for attempt in range(1, PROMPT_ATTEMPTS + 1):
        waiting = cipher.wait_seconds(path)
        if waiting > 0:
            print(cipher.throttled_message(waiting), file=sys.stderr)
            time.sleep(waiting)
        passphrase = getpass.getpass(_("Passphrase of the database: "))
        try:
            return open_office_store(ctx.db, passphrase=passphrase)
        except cipher.WrongPassphrase as error:
            if attempt == PROMPT_ATTEMPTS:
                raise
            print(_("Error: {message}").format(message=error), file=sys.stderr)
    raise AssertionError("unreachable")


def _new_passphrase(args: argparse.Namespace) -> str:
    from lotsen_desktop.services import encryption

    if args.new_passphrase_file:
        return encryption.check_new_passphrase(read_db_passphrase(args.new_passphrase_file))
    if not _interactive():
        raise ValidationError(
            _("Give the new passphrase with --new-passphrase-file (no terminal to ask on).")
        )
    print(
        _(
            "There is no back door: without the passphrase the data cannot be recovered. "
            "Keep it safe (e.g. sealed in the office safe)."
        ),
        file=sys.stderr,
    )
    first = getpass.getpass(
        _("New passphrase (at least {count} characters): ").format(
            count=encryption.MIN_PASSPHRASE_LENGTH
        )
    )
    second = getpass.getpass(_("Repeat the new passphrase: "))
    return encryption.check_new_passphrase(first, second)


def _encrypt(ctx: CliContext, args: argparse.Namespace) -> int:
    from lotsen_desktop.services import encryption

    store = ctx.store
    if store.encrypted:
        raise ValidationError(_("The database is encrypted already."))
    encryption.encrypt(store, _new_passphrase(args))
    ctx.emit(
        {"file": str(store.path), "encrypted": True},
        _(
            "The database is encrypted: {path}. Without the passphrase it cannot be opened; "
            "backups made before stay unencrypted."
        ).format(path=store.path),
    )
    return 0


def _decrypt(ctx: CliContext, args: argparse.Namespace) -> int:
    from lotsen_desktop.services import encryption

    store = ctx.store
    if not store.encrypted:
        raise ValidationError(_("The database is not encrypted."))
    encryption.decrypt(store, current=store.passphrase or "")
    ctx.emit(
        {"file": str(store.path), "encrypted": False},
        _("The database is stored unencrypted again: {path}").format(path=store.path),
    )
    return 0


def _change(ctx: CliContext, args: argparse.Namespace) -> int:
    from lotsen_desktop.services import encryption

    store = ctx.store
    if not store.encrypted:
        raise ValidationError(_("The database is not encrypted."))
    new = _new_passphrase(args)
    encryption.change_passphrase(store, store.passphrase or "", new)
    ctx.emit(
        {"file": str(store.path), "encrypted": True},
        _("The passphrase was changed. The old one no longer opens the database."),
    )
    return 0
