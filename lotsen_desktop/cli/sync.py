"""CLI commands of the exchange: export, import, conflicts, duplicates, peers, site.

The password is read from a file (first line) so it never shows in the shell history or the
process list; it is never stored.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import Any

from lotsen_desktop.cli.context import CliContext, command_parser
from lotsen_desktop.errors import LotsenError, describe_os_error
from lotsen_desktop.i18n import _, format_local_date
from lotsen_desktop.services import courses
from lotsen_desktop.sync import compact as compact_module
from lotsen_desktop.sync import conflicts, exchange


def register(subparsers: Any) -> None:
    """Add this layer's commands to the parser."""
    export = command_parser(
        subparsers, "export", _("write an encrypted exchange file (.lotsen) for another machine")
    )
    export.add_argument("--out", required=True, metavar=_("FILE"), help=_("the file to write"))
    scope = export.add_mutually_exclusive_group(required=True)
    scope.add_argument("--full", action="store_true", help=_("everything this machine knows"))
    scope.add_argument(
        "--peer", metavar=_("NAME"), help=_("only what this partner has not seen yet")
    )
    scope.add_argument(
        "--course",
        metavar="COURSE_ID",
        help=_("a course package for a trainer: the course and participants' names only"),
    )
    export.add_argument(
        "--passphrase-file",
        required=True,
        metavar=_("FILE"),
        help=_("file whose first line is the password"),
    )
    export.set_defaults(handler=_export)

    imp = command_parser(
        subparsers, "import", _("read an exchange file (.lotsen) from another machine")
    )
    imp.add_argument("file", metavar=_("FILE"))
    imp.add_argument(
        "--passphrase-file",
        required=True,
        metavar=_("FILE"),
        help=_("file whose first line is the password"),
    )
    imp.add_argument(
        "--dry-run", action="store_true", help=_("only show what would change; change nothing")
    )
    imp.add_argument(
        "--accept-other-office",
        action="store_true",
        help=_("import a file of another office and join its exchange"),
    )
    imp.set_defaults(handler=_import)

    conflict = command_parser(
        subparsers, "conflicts", _("values that lost a merge: list, restore, dismiss")
    )
    conflict.add_argument("--all", action="store_true", help=_("also restored and dismissed ones"))
    conflict.set_defaults(handler=_conflicts_list)
    sub = conflict.add_subparsers(dest="action", metavar=_("ACTION"))
    revert = command_parser(sub, "revert", _("restore the value (or record) that lost"))
    revert.add_argument("id", type=int, metavar="ID")
    revert.set_defaults(handler=_conflicts_revert)
    dismiss = command_parser(sub, "dismiss", _("keep the merged result and close the conflict"))
    dismiss.add_argument("id", type=int, metavar="ID")
    dismiss.set_defaults(handler=_conflicts_dismiss)

    duplicate = command_parser(
        subparsers, "duplicates", _("persons that may have been entered twice")
    )
    duplicate.add_argument("--all", action="store_true", help=_("also dismissed ones"))
    duplicate.set_defaults(handler=_duplicates_list)
    dsub = duplicate.add_subparsers(dest="action", metavar=_("ACTION"))
    ddismiss = command_parser(
        dsub, "dismiss", _("two different persons after all, or merged by hand")
    )
    ddismiss.add_argument("id", type=int, metavar="ID")
    ddismiss.set_defaults(handler=_duplicates_dismiss)

    peers = command_parser(subparsers, "peers", _("machines this one exchanged files with"))
    peers.set_defaults(handler=_peers)
    psub = peers.add_subparsers(dest="action", metavar=_("ACTION"))
    plist = command_parser(psub, "list", _("list the partner machines"))
    plist.set_defaults(handler=_peers)
    forget = command_parser(
        psub, "forget", _("forget a machine that is gone, so it no longer holds compaction back")
    )
    forget.add_argument("site", metavar=_("NAME_OR_SITE"))
    forget.set_defaults(handler=_peers_forget)

    compact = command_parser(
        subparsers,
        "compact",
        _("shrink the database: fold acknowledged changes, then rebuild the file (VACUUM)"),
    )
    compact.add_argument("--no-vacuum", action="store_true", help=_("only compact the change log"))
    compact.set_defaults(handler=_compact)

    site = command_parser(subparsers, "site", _("this machine's name and id in the exchange"))
    site.add_argument("--name", help=_("set the name other machines see"))
    site.set_defaults(handler=_site)


class PassphraseFileError(LotsenError):
    """The password file is missing, unreadable or empty: exit code 5, like a wrong password."""

    exit_code = 5


def read_passphrase(path: str) -> str:
    """The first line of the file, without its line break."""
    try:
        text = Path(path).expanduser().read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise PassphraseFileError(
            _("The password file cannot be read: {error}").format(error=describe_os_error(error))
        ) from error
    line = text.splitlines()[0] if text else ""
    if not line:
        raise PassphraseFileError(_("The password file is empty."))
    return line


def _export(ctx: CliContext, args: argparse.Namespace) -> int:
    passphrase = read_passphrase(args.passphrase_file)
    course_id = courses.resolve_course_id(ctx.store, args.course) if args.course else None
    result = exchange.export_file(
        ctx.store,
        args.out,
        passphrase=passphrase,
        full=args.full,
        peer=args.peer,
        course_id=course_id,
    )
    if result.kind == "course":
        text = _("Course package written: {path} ({rows} records).").format(
            path=result.path, rows=result.rows
        )
    else:
        text = _("Exchange file written: {path} ({count} changes).").format(
            path=result.path, count=result.changes
        )
    ctx.emit(result.as_dict(), [result.notice, text] if result.notice else text)
    return 0


def _import(ctx: CliContext, args: argparse.Namespace) -> int:
    passphrase = read_passphrase(args.passphrase_file)
    summary = exchange.receive_file(
        ctx.store,
        args.file,
        passphrase=passphrase,
        dry_run=args.dry_run,
        accept_other_office=args.accept_other_office,
    )
    if not summary.dry_run:  # the import leaves it out (see ImportSummary.digest)
        summary = replace(summary, digest=exchange.data_digest(ctx.store))
    lines = []
    data = summary.as_dict()
    if summary.dry_run:
        lines.append(_("Preview (nothing was changed): {summary}").format(summary=summary.text))
    else:
        lines.append(_("Imported: {summary}").format(summary=summary.text))
    lines.extend(summary.warnings)
    if summary.conflicts and not summary.dry_run:
        lines.append(_("Review the conflicts with: lotsen-desktop conflicts"))
    if summary.digest:
        from lotsen_desktop.services.digest import short_digest

        lines.append(_("Digest: {digest}").format(digest=short_digest(summary.digest)))
    ctx.emit(data, lines)
    return 0


def _conflicts_list(ctx: CliContext, args: argparse.Namespace) -> int:
    rows = conflicts.list_conflicts(ctx.store, include_resolved=args.all)
    ctx.table(
        [
            {
                **r.as_dict(),
                "detected_at": format_local_date(r.detected_at),
                "kind": r.kind_label,
                "table": r.table_label,
            }
            for r in rows
        ]
        if not ctx.json
        else [r.as_dict() for r in rows],
        [
            ("id", _("No.")),
            ("detected_at", _("Date")),
            ("kind", _("Kind")),
            ("table", _("Record type")),
            ("record", _("Record")),
            ("field", _("Field")),
            ("kept", _("Kept")),
            ("lost", _("Lost")),
            ("lost_by", _("Lost value from")),
            ("status", _("Status")),
        ],
    )
    return 0


def _conflicts_revert(ctx: CliContext, args: argparse.Namespace) -> int:
    conflicts.revert_conflict(ctx.store, args.id)
    ctx.emit(
        {"id": args.id, "status": "reverted"},
        _("Conflict {id} restored; the restored value travels with the next export.").format(
            id=args.id
        ),
    )
    return 0


def _conflicts_dismiss(ctx: CliContext, args: argparse.Namespace) -> int:
    conflicts.dismiss_conflict(ctx.store, args.id)
    ctx.emit({"id": args.id, "status": "dismissed"}, _("Conflict {id} closed.").format(id=args.id))
    return 0


def _duplicates_list(ctx: CliContext, args: argparse.Namespace) -> int:
    rows = conflicts.list_duplicates(ctx.store, include_resolved=args.all)
    ctx.table(
        [r.as_dict() for r in rows],
        [
            ("id", _("No.")),
            ("first_name", _("Person")),
            ("second_name", _("Possibly the same as")),
            ("birth_dates", _("Dates of birth")),
            ("first_id", _("First id")),
            ("second_id", _("Second id")),
        ],
    )
    return 0


def _duplicates_dismiss(ctx: CliContext, args: argparse.Namespace) -> int:
    conflicts.dismiss_duplicate(ctx.store, args.id)
    ctx.emit({"id": args.id, "status": "dismissed"}, _("Entry {id} closed.").format(id=args.id))
    return 0


def _peers(ctx: CliContext, _args: argparse.Namespace) -> int:
    rows = exchange.list_peers(ctx.store)
    ctx.table(
        [r.as_dict() for r in rows],
        [
            ("name", _("Name")),
            ("site_id", _("Site id")),
            ("last_import_at", _("Last file from there")),
            ("last_export_at", _("Last file for there")),
            ("unseen_changes", _("Changes not yet sent")),
        ],
    )
    return 0


def _peers_forget(ctx: CliContext, args: argparse.Namespace) -> int:
    name = compact_module.forget_peer(ctx.store, args.site)
    ctx.emit(
        {"forgotten": name},
        _("{name} was forgotten. Should this machine come back, it gets a full export.").format(
            name=name
        ),
    )
    return 0


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def _compact(ctx: CliContext, args: argparse.Namespace) -> int:
    store = ctx.store
    if args.no_vacuum:
        before = compact_module.file_size(store.path)
        result = compact_module.compact_log(store)
        size_after = compact_module.file_size(store.path)
    else:
        done = compact_module.vacuum(store)
        result, before, size_after = done.compact, done.size_before, done.size_after
    lines = [
        _("Changes folded into the records: {count}").format(count=result.folded),
        _("Changes still kept for partners: {count}").format(count=result.remaining),
        _("Changes older than {days} days compressed now: {count}").format(
            days=compact_module.PACK_AFTER_DAYS, count=result.packed
        ),
        _("Database size before: {before}, after: {after}").format(
            before=_megabytes(before), after=_megabytes(size_after)
        ),
    ]
    if result.held_back_by:
        lines.append(
            _(
                "Not yet acknowledged by: {names}. A machine that is gone for good can be "
                "removed with: lotsen-desktop peers forget NAME"
            ).format(names=", ".join(result.held_back_by))
        )
    ctx.emit({**result.as_dict(), "bytes_before": before, "bytes_after": size_after}, lines)
    return 0


def _site(ctx: CliContext, args: argparse.Namespace) -> int:
    if args.name is not None:
        exchange.set_site_name(ctx.store, args.name)
    info = exchange.site_info(ctx.store)
    data = {
        "site_id": info.site_id,
        "name": info.name,
        "office_id": info.office_id,
        "changes": info.changes,
    }
    ctx.emit(
        data,
        [
            _("Name: {name}").format(name=info.name),
            _("Site id: {id}").format(id=info.site_id),
            _("Changes in the log: {count}").format(count=info.changes),
        ],
    )
    return 0
