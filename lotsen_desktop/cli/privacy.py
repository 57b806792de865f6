"""CLI commands for data protection: erasure and the retention review."""

from __future__ import annotations

import argparse
from typing import Any

from lotsen_desktop.cli.context import CliContext, command_parser
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
