"""CLI commands for data protection: erasure and the retention review."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from lotsen_desktop.cli.context import CliContext, command_parser, to_json
from lotsen_desktop.cli.sync import read_passphrase
from lotsen_desktop.i18n import _
from lotsen_desktop.services import privacy, volunteers


def register(subparsers: Any) -> None:
    parser = command_parser(
        subparsers, "privacy", _("data protection: erasure and retention review")
    )
    sub = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    erase = command_parser(sub, "erase", _("erase a person's file and everything linked to it"))
    erase.add_argument("volunteer_id", metavar="VOLUNTEER_ID")
    erase.add_argument(
        "--confirm", required=True, metavar=_("FAMILY_NAME"), help=_("the family name, to confirm")
    )
    erase.set_defaults(handler=_erase)
    export = command_parser(
        sub, "export", _("write everything stored about a person into an encrypted file")
    )
    export.add_argument("volunteer_id", metavar="VOLUNTEER_ID")
    export.add_argument("--out", required=True, metavar=_("FILE"))
    export.add_argument("--passphrase-file", required=True, metavar=_("FILE"))
    export.set_defaults(handler=_export)
    open_parser = command_parser(sub, "open", _("decrypt an access report to print or hand over"))
    open_parser.add_argument("file", metavar=_("FILE"))
    open_parser.add_argument("--passphrase-file", required=True, metavar=_("FILE"))
    open_parser.add_argument(
        "--out", metavar=_("FILE"), help=_("write JSON here instead of printing it")
    )
    open_parser.set_defaults(handler=_open)
    review = command_parser(sub, "review", _("files due for an erasure review"))
    review.set_defaults(handler=_review)


def _erase(ctx: CliContext, args: argparse.Namespace) -> int:
    volunteer_id = volunteers.resolve_volunteer_id(ctx.store, args.volunteer_id)
    result = privacy.erase_person(ctx.store, volunteer_id, confirm_name=args.confirm)
    ctx.emit(
        {
            "id": volunteer_id,
            "deleted_rows": result.deleted_rows,
            "certificates_kept": result.certificates_kept,
        },
        _("Erased: {rows} entries. Certificates kept in the register without name: {kept}.").format(
            rows=result.deleted_rows, kept=result.certificates_kept
        ),
    )
    return 0


def _review(ctx: CliContext, args: argparse.Namespace) -> int:
    rows = [
        {
            "id": r.volunteer_id,
            "family_name": r.family_name,
            "given_name": r.given_name,
            "left_on": r.left_on,
            "review_from": r.review_from,
        }
        for r in privacy.due_for_erasure_review(ctx.store)
    ]
    ctx.table(
        rows,
        [
            ("id", _("Id")),
            ("family_name", _("Family name")),
            ("given_name", _("Given name")),
            ("left_on", _("Left on")),
            ("review_from", _("Review from")),
        ],
    )
    return 0


def _passphrase(path: str) -> str:
    return read_passphrase(path)


def _export(ctx: CliContext, args: argparse.Namespace) -> int:
    volunteer_id = volunteers.resolve_volunteer_id(ctx.store, args.volunteer_id)
    path = privacy.export_access_report(
        ctx.store, volunteer_id, path=Path(args.out), passphrase=_passphrase(args.passphrase_file)
    )
    ctx.emit({"file": str(path)}, _("Access report written (encrypted): {file}").format(file=path))
    return 0


def _open(ctx: CliContext, args: argparse.Namespace) -> int:
    report = privacy.open_access_report(
        Path(args.file), passphrase=_passphrase(args.passphrase_file)
    )
    if args.out:
        Path(args.out).write_text(to_json(report), encoding="utf-8")
        ctx.emit({"file": args.out}, args.out)
    else:
        print(to_json(report))
    return 0
