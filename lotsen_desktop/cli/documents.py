"""CLI commands of the documents layer: certificates, attendance sheets, the register.

``verify CODE`` exits 0 only for a valid, unrevoked certificate (1 altered or mistyped,
2 revoked, 3 unknown), so scripts can rely on it.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from lotsen_desktop.cli.context import CliContext, command_parser
from lotsen_desktop.domain import validation
from lotsen_desktop.domain.vocabulary import CertificateKind
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.i18n import _
from lotsen_desktop.services import certificates, courses, volunteers

VERIFY_EXIT_CODES = {
    certificates.VerifyStatus.VALID: 0,
    certificates.VerifyStatus.MISMATCH: 1,
    certificates.VerifyStatus.REVOKED: 2,
    certificates.VerifyStatus.UNKNOWN: 3,
}


def _date(text: str, field: str) -> date:
    value = validation.parse_date(text, field)
    if value is None:
        raise ValidationError(_("A date is required."), field=field)
    return value


def _out_option(parser: argparse.ArgumentParser, help_text: str | None = None) -> None:
    parser.add_argument(
        "--out",
        required=True,
        metavar=_("FILE.pdf"),
        help=help_text or _("where to write the PDF"),
    )


def register(subparsers: Any) -> None:
    """Add this layer's commands to the parser."""
    cert = command_parser(
        subparsers, "certificate", _("issue the Zertifikat of a qualified volunteer")
    )
    cert.add_argument("volunteer_id", metavar="VOLUNTEER_ID", help=_("id or unique prefix"))
    _out_option(cert)
    cert.set_defaults(handler=_certificate)

    part = command_parser(
        subparsers, "participation", _("issue a Teilnahmebescheinigung for one course")
    )
    part.add_argument("course_id", metavar="COURSE_ID", help=_("id or unique prefix"))
    part.add_argument("volunteer_id", metavar="VOLUNTEER_ID", help=_("id or unique prefix"))
    _out_option(part)
    part.set_defaults(handler=_participation)

    batch = command_parser(
        subparsers,
        "certificates",
        _("documents for everyone eligible in a course: one PDF each and one combined file"),
    )
    batch.add_argument("course_id", metavar="COURSE_ID", help=_("id or unique prefix"))
    batch.add_argument("--out", required=True, metavar=_("DIR"), help=_("folder for the PDFs"))
    batch.add_argument(
        "--kind",
        choices=certificates.BATCH_KINDS,
        default=CertificateKind.CERTIFICATE.value,
        help=_("zertifikat (qualified participants, default) or teilnahmebescheinigung"),
    )
    batch.set_defaults(handler=_certificates)

    sheet = command_parser(
        subparsers, "attendance-sheet", _("print the attendance sheet of a course")
    )
    sheet.add_argument("course_id", metavar="COURSE_ID", help=_("id or unique prefix"))
    sheet.add_argument(
        "--blank", action="store_true", help=_("empty boxes for signatures (before the course)")
    )
    _out_option(sheet)
    sheet.set_defaults(handler=_attendance_sheet)

    activity = command_parser(
        subparsers, "activity", _("issue a Tätigkeitsnachweis (volunteer work over a period)")
    )
    activity.add_argument("volunteer_id", metavar="VOLUNTEER_ID", help=_("id or unique prefix"))
    activity.add_argument(
        "--from",
        dest="date_from",
        metavar=_("DATE"),
        help=_("default: the day the volunteer work began"),
    )
    activity.add_argument("--to", dest="date_to", metavar=_("DATE"), help=_("default: today"))
    _out_option(activity)
    activity.set_defaults(handler=_activity)

    check = command_parser(
        subparsers,
        "verify",
        _("check a verification code against the register (exit 0 only if valid)"),
    )
    check.add_argument("code", metavar="CODE")
    check.set_defaults(handler=_verify)

    revoke = command_parser(subparsers, "revoke", _("revoke a certificate, with a reason"))
    revoke.add_argument("serial", metavar="SERIAL")
    revoke.add_argument("--reason", required=True, metavar=_("TEXT"))
    revoke.set_defaults(handler=_revoke)

    again = command_parser(
        subparsers, "reprint", _("print a registered certificate again, identical")
    )
    again.add_argument("serial", metavar="SERIAL")
    _out_option(again)
    again.set_defaults(handler=_reprint)

    listing = command_parser(subparsers, "register", _("list the certificate register"))
    listing.add_argument("--search", default="", help=_("part of a name, serial or module"))
    listing.set_defaults(handler=_register)


def _issued(ctx: CliContext, doc: certificates.IssuedDocument) -> int:
    data = {
        "serial": doc.serial,
        "code": doc.code,
        "file": str(doc.path) if doc.path else None,
        "reused": doc.reused,
    }
    lines = [
        _("Serial: {serial}").format(serial=doc.serial),
        _("Verification code: {code}").format(code=doc.code),
        _("File: {path}").format(path=doc.path),
    ]
    if doc.reused:
        lines.append(_("(identical to the document already in the register, printed again)"))
    ctx.emit(data, lines)
    return 0


def _certificate(ctx: CliContext, args: argparse.Namespace) -> int:
    volunteer_id = volunteers.resolve_volunteer_id(ctx.store, args.volunteer_id)
    return _issued(
        ctx,
        certificates.issue_certificate(ctx.store, volunteer_id=volunteer_id, out=Path(args.out)),
    )


def _participation(ctx: CliContext, args: argparse.Namespace) -> int:
    course_id = courses.resolve_course_id(ctx.store, args.course_id)
    volunteer_id = volunteers.resolve_volunteer_id(ctx.store, args.volunteer_id)
    doc = certificates.issue_participation(
        ctx.store, course_id=course_id, volunteer_id=volunteer_id, out=Path(args.out)
    )
    return _issued(ctx, doc)


def _certificates(ctx: CliContext, args: argparse.Namespace) -> int:
    course_id = courses.resolve_course_id(ctx.store, args.course_id)
    result = certificates.issue_course_batch(
        ctx.store, course_id=course_id, out_dir=Path(args.out), kind=args.kind
    )
    lines = [f"{d.serial}  {d.code}  {d.path}" for d in result.documents]
    lines.append(_("Combined file: {path}").format(path=result.combined))
    for _vid, name, reason in result.skipped:
        lines.append(_("Skipped {name}: {reason}").format(name=name, reason=reason))
    ctx.emit(result.as_dict(), lines)
    return 0


def _attendance_sheet(ctx: CliContext, args: argparse.Namespace) -> int:
    course_id = courses.resolve_course_id(ctx.store, args.course_id)
    certificates.attendance_sheet(ctx.store, course_id=course_id, blank=args.blank, out=args.out)
    ctx.emit({"file": str(args.out)}, _("File: {path}").format(path=args.out))
    return 0


def _activity(ctx: CliContext, args: argparse.Namespace) -> int:
    volunteer_id = volunteers.resolve_volunteer_id(ctx.store, args.volunteer_id)
    date_to = _date(args.date_to, "to") if args.date_to else date.today()
    if args.date_from:
        date_from = _date(args.date_from, "from")
    else:
        date_from = certificates.activity_start(ctx.store, volunteer_id) or date_to
    doc = certificates.issue_activity_record(
        ctx.store,
        volunteer_id=volunteer_id,
        date_from=date_from,
        date_to=date_to,
        out=Path(args.out),
    )
    return _issued(ctx, doc)


def _verify(ctx: CliContext, args: argparse.Namespace) -> int:
    result = certificates.verify(ctx.store, args.code)
    ctx.emit(result.as_dict(), result.message)
    return VERIFY_EXIT_CODES[result.status]


def _revoke(ctx: CliContext, args: argparse.Namespace) -> int:
    entry = certificates.revoke_certificate(ctx.store, serial=args.serial, reason=args.reason)
    ctx.emit(
        entry.as_dict(),
        _("{serial} revoked on {date}.").format(
            serial=entry.serial,
            date=entry.revoked_on.strftime("%d.%m.%Y") if entry.revoked_on else "",
        ),
    )
    return 0


def _reprint(ctx: CliContext, args: argparse.Namespace) -> int:
    return _issued(ctx, certificates.reprint(ctx.store, args.serial, out=Path(args.out)))


def _register(ctx: CliContext, args: argparse.Namespace) -> int:
    rows = [
        {
            **entry.as_dict(),
            "kind_label": CertificateKind(entry.kind).label
            if entry.kind in {k.value for k in CertificateKind}
            else entry.kind,
        }
        for entry in certificates.list_register(ctx.store, search=args.search)
    ]
    ctx.table(
        rows,
        [
            ("serial", _("Serial")),
            ("kind_label", _("Kind")),
            ("issued_on", _("Issued on")),
            ("holder", _("Name")),
            ("subject", _("Subject")),
            ("revoked_on", _("Revoked on")),
            ("revoke_reason", _("Reason")),
        ],
    )
    return 0
