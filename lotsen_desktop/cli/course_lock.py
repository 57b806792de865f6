"""CLI commands for finished courses and the documents a change makes wrong (issue 11, item 3)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from lotsen_desktop.cli.context import CliContext, command_parser
from lotsen_desktop.domain.vocabulary import CourseLockAction
from lotsen_desktop.i18n import _, ngettext
from lotsen_desktop.services import (
    certificates,
    course_lock,
    courses,
    status_follow,
    volunteers,
)


def register(subparsers: Any) -> None:
    parser = command_parser(
        subparsers, "lock", _("finish a course (locks it), unlock it with a reason, lock it again")
    )
    sub = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    for name, help_text, handler in (
        ("show", _("show whether a course is finished and locked, with every step"), _show),
        (
            "finish",
            _("mark a course finished: its sessions, attendance and enrolments lock"),
            _finish,
        ),
        ("unlock", _("unlock a finished course to correct it (a reason is required)"), _unlock),
        ("relock", _("lock an unlocked finished course again"), _relock),
    ):
        action = command_parser(sub, name, help_text)
        action.add_argument("course_id", metavar="COURSE_ID")
        if name != "show":
            action.add_argument(
                "--reason",
                required=name == "unlock",
                default="",
                help=_("why (kept with the course)"),
            )
        action.set_defaults(handler=handler)

    outdated = command_parser(
        subparsers,
        "documents-outdated",
        _("valid certificates whose hours, dates or qualification no longer agree with the data"),
    )
    outdated.add_argument("--course", metavar="COURSE_ID", help=_("only this course's documents"))
    outdated.add_argument(
        "--volunteer", metavar="VOLUNTEER_ID", nargs="*", default=[], help=_("only these people")
    )
    outdated.set_defaults(handler=_outdated)

    reissue = command_parser(
        subparsers, "reissue", _("revoke documents and issue today's version where one is due")
    )
    reissue.add_argument("serials", metavar="SERIAL", nargs="+")
    reissue.add_argument("--reason", required=True, help=_("reason for the revocation"))
    reissue.add_argument("--out-dir", metavar=_("FOLDER"), help=_("also save the new PDFs here"))
    reissue.set_defaults(handler=_reissue)

    follow = command_parser(
        subparsers,
        "status-follow",
        _(
            "once after updating: qualified people still 'in qualification' become 'qualified' "
            "(recorded in their history)"
        ),
    )
    follow.set_defaults(handler=_status_follow)


def _status_follow(ctx: CliContext, args: argparse.Namespace) -> int:
    steps = status_follow.reconcile(ctx.store)
    ctx.emit(
        [s.as_dict() for s in steps],
        ngettext(
            "{n} status now follows the qualification.",
            "{n} statuses now follow the qualification.",
            len(steps),
        ).format(n=len(steps)),
    )
    return 0


def _emit_state(ctx: CliContext, state: course_lock.LockState) -> None:
    lines = [
        _("locked") if state.locked else (_("unlocked") if state.finished else _("not finished"))
    ]
    for event in state.events:
        label = CourseLockAction(event.action).label
        reason = f": {event.reason}" if event.reason else ""
        lines.append(f"  {event.local_time:%d.%m.%Y %H:%M} {label} ({event.acted_by}){reason}")
    ctx.emit(state.as_dict(), lines)


def _course(ctx: CliContext, args: argparse.Namespace) -> str:
    return courses.resolve_course_id(ctx.store, args.course_id)


def _show(ctx: CliContext, args: argparse.Namespace) -> int:
    _emit_state(ctx, course_lock.lock_state(ctx.store, _course(ctx, args)))
    return 0


def _finish(ctx: CliContext, args: argparse.Namespace) -> int:
    _emit_state(ctx, course_lock.finish_course(ctx.store, _course(ctx, args), reason=args.reason))
    return 0


def _unlock(ctx: CliContext, args: argparse.Namespace) -> int:
    _emit_state(ctx, course_lock.unlock_course(ctx.store, _course(ctx, args), reason=args.reason))
    return 0


def _relock(ctx: CliContext, args: argparse.Namespace) -> int:
    _emit_state(ctx, course_lock.relock_course(ctx.store, _course(ctx, args), reason=args.reason))
    return 0


def _outdated(ctx: CliContext, args: argparse.Namespace) -> int:
    course_id = courses.resolve_course_id(ctx.store, args.course) if args.course else None
    people = [volunteers.resolve_volunteer_id(ctx.store, v) for v in args.volunteer]
    found = certificates.outdated_documents(
        ctx.store, course_id=course_id, volunteer_ids=people or None
    )
    ctx.table(
        [d.as_dict() for d in found],
        [
            ("serial", _("Register number")),
            ("holder", _("Name")),
            ("kind", _("Kind")),
            ("issued_on", _("Issued on")),
            ("reason", _("Why")),
        ],
    )
    return 0


def _reissue(ctx: CliContext, args: argparse.Namespace) -> int:
    done = certificates.revoke_and_reissue(
        ctx.store, args.serials, reason=args.reason, out_dir=args.out_dir
    )
    ctx.emit(
        [d.as_dict() for d in done],
        [
            _("{old} revoked, new: {new}").format(old=d.revoked, new=d.serial)
            if d.serial
            else _("{old} revoked; no new document is due").format(old=d.revoked)
            for d in done
        ],
    )
    return 0


def warn_outdated(
    ctx: CliContext, *, course_id: str | None = None, volunteer_ids: Sequence[str] = ()
) -> None:
    """After a change: name the documents it made wrong (on stderr, the output stays data)."""
    found = certificates.outdated_documents(
        ctx.store, course_id=course_id, volunteer_ids=list(volunteer_ids) or None
    )
    if not found:
        return
    print(
        _(
            "Warning: this change affects issued documents; revoke and issue them anew with "
            "'reissue SERIAL… --reason …':"
        ),
        file=sys.stderr,
    )
    print(certificates.describe(found), file=sys.stderr)
