"""Lists out and volunteer lists in: ``volunteers export|import|imports|undo-import`` and
``courses participants``. Registered into the ``volunteers`` and ``courses`` commands of
``cli.core``."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from lotsen_desktop.cli.context import CliContext, command_parser
from lotsen_desktop.domain import validation
from lotsen_desktop.domain.vocabulary import Area, VolunteerStatus
from lotsen_desktop.i18n import _, gettext
from lotsen_desktop.services import courses, importing, lists
from lotsen_desktop.services.volunteers import SORT_COLUMNS

LIST_KINDS = ("volunteers", "phone", "mentoring")


def register_volunteer_actions(sub: Any) -> None:
    export = command_parser(
        sub, "export", _("save the volunteer list (as filtered) as XLSX, CSV or PDF")
    )
    export.add_argument("--out", required=True, metavar=_("FILE"), help=_(".xlsx, .csv or .pdf"))
    export.add_argument(
        "--list",
        dest="kind",
        choices=LIST_KINDS,
        default="volunteers",
        help=_("which list: volunteers (default), phone, mentoring (hours per volunteer)"),
    )
    export.add_argument("--search", default="", help=_("part of a name"))
    export.add_argument("--status", choices=[s.value for s in VolunteerStatus])
    export.add_argument("--language")
    export.add_argument("--area", choices=[a.value for a in Area])
    export.add_argument("--course", metavar="COURSE_ID", help=_("participants of this course"))
    export.add_argument("--sort", choices=SORT_COLUMNS, default="name")
    export.add_argument("--descending", action="store_true")
    export.add_argument(
        "--from", dest="date_from", metavar=_("DATE"), help=_("mentoring: start of the period")
    )
    export.add_argument(
        "--to", dest="date_to", metavar=_("DATE"), help=_("mentoring: end of the period")
    )
    export.set_defaults(handler=_export)

    imp = command_parser(sub, "import", _("import a volunteer list from XLSX or CSV"))
    imp.add_argument("file", metavar=_("FILE"))
    imp.add_argument(
        "--dry-run", action="store_true", help=_("only check and show what would be imported")
    )
    imp.add_argument(
        "--mapping",
        metavar=_("FILE.json"),
        help=_("column mapping: a JSON file mapping column titles to fields; default: guessed"),
    )
    imp.add_argument(
        "--include-possible-duplicates",
        action="store_true",
        help=_("also import rows that are probably already there (listed for review)"),
    )
    imp.set_defaults(handler=_import)

    batches = command_parser(sub, "imports", _("list the imports made on this computer"))
    batches.set_defaults(handler=_imports)

    undo = command_parser(sub, "undo-import", _("delete the people of one import again"))
    undo.add_argument("batch_id", metavar="IMPORT_ID")
    undo.set_defaults(handler=_undo)


def register_course_actions(sub: Any) -> None:
    participants = command_parser(
        sub, "participants", _("save a course's participants with their hours")
    )
    participants.add_argument("course_id", metavar="COURSE_ID")
    participants.add_argument(
        "--out", required=True, metavar=_("FILE"), help=_(".xlsx, .csv or .pdf")
    )
    participants.set_defaults(handler=_participants)


def _day(text: str | None, name: str) -> date | None:
    return validation.parse_date(text, name) if text else None


def _export(ctx: CliContext, args: argparse.Namespace) -> int:
    out = Path(args.out)
    lists.format_of(out)
    course_id = courses.resolve_course_id(ctx.store, args.course) if args.course else None
    spec = lists.ListSpec.of(
        search=args.search,
        status=args.status,
        language=args.language,
        area=args.area,
        course_id=course_id,
        sort=args.sort,
        descending=args.descending,
    )
    if args.kind == "phone":
        table = lists.phone_list(ctx.store, spec)
    elif args.kind == "mentoring":
        table = lists.mentoring_hours_list(
            ctx.store,
            date_from=_day(args.date_from, "from"),
            date_to=_day(args.date_to, "to"),
            spec=spec,
        )
    else:
        table = lists.volunteer_list(ctx.store, spec)
    lists.save_list(ctx.store, table, out)
    ctx.emit(
        {"file": str(out), "rows": len(table.rows)},
        _("{count} rows saved to {path}").format(count=len(table.rows), path=out),
    )
    return 0


def _participants(ctx: CliContext, args: argparse.Namespace) -> int:
    out = Path(args.out)
    lists.format_of(out)
    table = lists.participants_list(ctx.store, courses.resolve_course_id(ctx.store, args.course_id))
    lists.save_list(ctx.store, table, out)
    ctx.emit(
        {"file": str(out), "rows": len(table.rows)},
        _("{count} rows saved to {path}").format(count=len(table.rows), path=out),
    )
    return 0


def _import(ctx: CliContext, args: argparse.Namespace) -> int:
    source = importing.read_table(args.file)
    mapping = importing.load_mapping(args.mapping, source.headers) if args.mapping else None
    preview = importing.preview_import(ctx.store, source, mapping)
    if args.include_possible_duplicates:
        preview.include_duplicates()
    fields = dict(importing.FIELDS)
    data: dict[str, Any] = {
        "mapping": {source.headers[i] or str(i + 1): f for i, f in preview.mapping.items()},
        "new": preview.count(importing.NEW),
        "duplicates": preview.count(importing.DUPLICATE),
        "invalid": preview.count(importing.INVALID),
        "rows": [
            {
                "line": r.line,
                "state": r.state,
                "name": r.display_name,
                "import": r.state != importing.INVALID and r.include,
                "reason": importing.skip_reason(r) if r.state != importing.NEW else "",
            }
            for r in preview.rows
        ],
        "dry_run": bool(args.dry_run),
    }
    columns = [
        (source.headers[i] or str(i + 1), gettext(fields[f])) for i, f in preview.mapping.items()
    ]
    lines = [
        _("Columns: {mapping}").format(
            mapping=", ".join(f"{header} → {field}" for header, field in columns)
        ),
        _("{new} new, {dup} probably already there, {bad} invalid.").format(
            new=data["new"], dup=data["duplicates"], bad=data["invalid"]
        ),
    ]
    for row in preview.rows:
        if row.state != importing.NEW:
            lines.append(
                _("Line {line} ({name}): {reason}").format(
                    line=row.line, name=row.display_name, reason=importing.skip_reason(row)
                )
            )
    if args.dry_run:
        lines.append(_("Dry run: nothing was written."))
        ctx.emit(data, lines)
        return 0
    result = importing.run_import(ctx.store, preview)
    data.update(result.as_dict())
    lines.append(
        _("{count} people imported (import {id}); {skipped} rows skipped.").format(
            count=len(result.created), id=result.batch_id[:8], skipped=len(result.skipped)
        )
    )
    if result.duplicates_for_review:
        lines.append(
            _("{count} possible duplicates are listed for review on the exchange page.").format(
                count=result.duplicates_for_review
            )
        )
    ctx.emit(data, lines)
    return 0


def _imports(ctx: CliContext, args: argparse.Namespace) -> int:
    ctx.table(
        [b.as_dict() for b in importing.list_batches(ctx.store)],
        [
            ("id", _("Id")),
            ("imported_at", _("Imported at")),
            ("file_name", _("File")),
            ("people", _("People")),
            ("skipped", _("Skipped")),
            ("undone_at", _("Undone at")),
        ],
    )
    return 0


def _undo(ctx: CliContext, args: argparse.Namespace) -> int:
    result = importing.undo_import(ctx.store, args.batch_id)
    text = [_("{count} people deleted again.").format(count=result.deleted)]
    if result.kept:
        text.append(
            _(
                "{count} people were kept: they have course, mentoring or certificate records since."
            ).format(count=result.kept)
        )
    ctx.emit({"deleted": result.deleted, "kept": result.kept}, text)
    return 0
