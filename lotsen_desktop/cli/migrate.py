"""``lotsen-desktop migrate-to TARGET``: copy this database, whole history included, into an
empty PostgreSQL database (``postgresql://…``) or a new SQLite file, and check the copy's digest.
"""

from __future__ import annotations

import argparse
from typing import Any

from lotsen_desktop.cli.context import CliContext, command_parser
from lotsen_desktop.errors import StoreError
from lotsen_desktop.i18n import _


def register(subparsers: Any) -> None:
    parser = command_parser(
        subparsers,
        "migrate-to",
        _(
            "copy this database with its whole history into an empty PostgreSQL database "
            "(postgresql://…) or a new SQLite file, and verify the copy"
        ),
    )
    parser.add_argument("target", metavar=_("TARGET"), help=_("postgresql://… URL or a file path"))
    parser.set_defaults(handler=_migrate_to)


def _migrate_to(ctx: CliContext, args: argparse.Namespace) -> int:
    from lotsen_desktop.services.digest import compute_digest, short_digest
    from lotsen_desktop.store.database import open_store
    from lotsen_desktop.store.transfer import copy_database

    source = ctx.store
    expected = compute_digest(source)
    result = copy_database(source, args.target)
    copy = open_store(args.target)
    try:
        found = compute_digest(copy)
    finally:
        copy.close()
    if found != expected:
        raise StoreError(
            _(
                "The copy's checksum differs from the original ({expected} ≠ {found}). "
                "Do not use the copy."
            ).format(expected=short_digest(expected), found=short_digest(found))
        )
    target = copy.display_name
    ctx.emit(
        {"target": target, "rows": result.rows, "digest": expected},
        _("Copied {rows} rows to {target}; checksum {digest} verified.").format(
            rows=result.total, target=target, digest=short_digest(expected)
        ),
    )
    return 0
