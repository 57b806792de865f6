"""CLI commands of the core: volunteers, modules, courses, attendance, progress, mentoring, demo."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import Any

from lotsen_desktop.cli import lists
from lotsen_desktop.cli.context import CliContext, command_parser, decimal
from lotsen_desktop.cli.course_lock import warn_outdated
from lotsen_desktop.domain import rules, validation
from lotsen_desktop.domain.vocabulary import AttendanceState, VolunteerStatus
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.i18n import _, format_local_time, format_number
from lotsen_desktop.services import (
    courses,
    demo,
    digest,
    mentoring,
    modules,
    progress,
    qualification,
    setup,
    status,
    volunteers,
)


def _date(text: str) -> date:
    value = validation.parse_date(text)
    if value is None:
        raise ValidationError(_("A date is required."))
    return value


def _hours(minutes: int, unit: int) -> str:
    return format_number(rules.minutes_to_units(minutes, unit), 2)


def register(subparsers: Any) -> None:
    _register_demo(subparsers)
    _register_volunteers(subparsers)
    _register_modules(subparsers)
    _register_courses(subparsers)
    _register_attendance(subparsers)
    _register_progress(subparsers)
    _register_figures(subparsers)
    _register_mentoring(subparsers)
    _register_office(subparsers)
    _register_info(subparsers)


# --- demo ------------------------------------------------------------------------------------


def _register_demo(subparsers: Any) -> None:
    parser = command_parser(
        subparsers, "demo", _("fill an empty database with realistic demo data")
    )
    parser.add_argument(
        "--volunteers", type=int, default=300, help=_("number of volunteers (default 300)")
    )
    parser.add_argument("--seed", type=int, default=1, help=_("random seed (same seed, same data)"))
    parser.set_defaults(handler=_demo)


def _demo(ctx: CliContext, args: argparse.Namespace) -> int:
    counts = demo.fill_demo(ctx.store, volunteers=args.volunteers, seed=args.seed)
    ctx.emit(
        counts,
        _(
            "Demo data created: {volunteers} volunteers, {courses} courses, {attendance} attendance marks."
        ).format(**counts),
    )
    return 0


# --- volunteers ------------------------------------------------------------------------------


def _add_person_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument("--given", required=required, help=_("given name(s)"))
    parser.add_argument("--family", required=required, help=_("family name"))
    parser.add_argument("--birth-date", help=_("date of birth (YYYY-MM-DD or DD.MM.YYYY)"))
    parser.add_argument(
        "--title-form", choices=("lotsin", "lotse", "neutral"), help=_("title on documents")
    )
    parser.add_argument("--email")
    parser.add_argument("--phone")
    parser.add_argument("--street")
    parser.add_argument("--postal-code")
    parser.add_argument("--city")
    parser.add_argument(
        "--language",
        action="append",
        metavar=_("LANGUAGE[:LEVEL]"),
        help=_("a language with optional level, e.g. Arabisch:muttersprache (repeatable)"),
    )
    parser.add_argument(
        "--interest", action="append", metavar=_("AREA"), help=_("area of interest (repeatable)")
    )
    parser.add_argument("--availability")
    parser.add_argument("--notes")


def _person_fields(args: argparse.Namespace) -> dict[str, Any]:
    mapping = {
        "given": "given_name",
        "family": "family_name",
        "birth_date": "birth_date",
        "title_form": "title_form",
        "email": "email",
        "phone": "phone",
        "street": "street",
        "postal_code": "postal_code",
        "city": "city",
        "language": "languages",
        "interest": "interests",
        "availability": "availability",
        "notes": "notes",
        "status": "status",
    }
    return {
        field: getattr(args, arg)
        for arg, field in mapping.items()
        if getattr(args, arg, None) is not None
    }


def _register_volunteers(subparsers: Any) -> None:
    parser = command_parser(subparsers, "volunteers", _("volunteer files"))
    sub = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)

    add = command_parser(sub, "add", _("create a volunteer file and print its id"))
    _add_person_options(add, required=True)
    add.add_argument("--status", default="interessiert", help=_("status (default: interessiert)"))
    add.set_defaults(handler=_volunteers_add)

    edit = command_parser(sub, "edit", _("change a volunteer file"))
    edit.add_argument("id", metavar="ID")
    _add_person_options(edit, required=False)
    edit.add_argument("--status", choices=[s.value for s in VolunteerStatus])
    edit.set_defaults(handler=_volunteers_edit)

    listing = command_parser(sub, "list", _("list volunteers (German collation)"))
    listing.add_argument(
        "--search", default="", help=_("part of a name; accents and case do not matter")
    )
    listing.add_argument("--status", choices=[s.value for s in VolunteerStatus])
    listing.add_argument("--language")
    listing.add_argument("--limit", type=int)
    listing.set_defaults(handler=_volunteers_list)

    show = command_parser(sub, "show", _("show one volunteer file"))
    show.add_argument("id", metavar="ID")
    show.set_defaults(handler=_volunteers_show)
    lists.register_volunteer_actions(sub)


def _volunteers_add(ctx: CliContext, args: argparse.Namespace) -> int:
    fields = _person_fields(args)
    volunteer_id = volunteers.add_volunteer(ctx.store, **fields)
    ctx.emit({"id": volunteer_id}, volunteer_id)
    return 0


def _volunteers_edit(ctx: CliContext, args: argparse.Namespace) -> int:
    volunteer_id = volunteers.resolve_volunteer_id(ctx.store, args.id)
    fields = _person_fields(args)
    if not fields:
        raise ValidationError(_("Nothing to change: give at least one option."))
    volunteers.update_volunteer(ctx.store, volunteer_id, **fields)
    ctx.emit({"id": volunteer_id}, _("Saved."))
    return 0


def _volunteers_list(ctx: CliContext, args: argparse.Namespace) -> int:
    rows = volunteers.list_volunteers(
        ctx.store, search=args.search, status=args.status, language=args.language, limit=args.limit
    )
    ctx.table(
        [r.as_dict() for r in rows],
        [
            ("id", _("Id")),
            ("family_name", _("Family name")),
            ("given_name", _("Given name")),
            ("status", _("Status")),
            ("languages", _("Languages")),
            ("qualified_on", _("Qualified since")),
        ],
    )
    return 0


def _volunteers_show(ctx: CliContext, args: argparse.Namespace) -> int:
    detail = volunteers.get_volunteer(
        ctx.store, volunteers.resolve_volunteer_id(ctx.store, args.id)
    )
    data = detail.as_dict()
    lines = [
        f"{key}: {_plain(value)}" for key, value in data.items() if value not in (None, "", [], ())
    ]
    ctx.emit(data, lines)
    return 0


def _plain(value: Any) -> str:
    """A value as a person reads it: dates as DD.MM.YYYY, stored (UTC) times in local time,
    lists one item after the other."""
    if isinstance(value, datetime):
        return format_local_time(value)
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict):
        return " ".join(_plain(v) for v in value.values() if v not in (None, ""))
    if isinstance(value, (list, tuple)):
        return "; ".join(_plain(v) for v in value)
    return str(value)


# --- modules ---------------------------------------------------------------------------------


def _register_modules(subparsers: Any) -> None:
    parser = command_parser(subparsers, "modules", _("the module catalogue"))
    sub = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    listing = command_parser(sub, "list", _("list the modules"))
    listing.set_defaults(handler=_modules_list)
    add = command_parser(sub, "add", _("add a module to the catalogue"))
    add.add_argument("--code", required=True)
    add.add_argument("--title", required=True)
    add.add_argument(
        "--kind", required=True, choices=("basis", "nachhaltigkeit", "spezialisierung")
    )
    add.add_argument("--hours", type=decimal, required=True, help=_("planned teaching units"))
    add.add_argument("--threshold", type=int, help=_("completion threshold in percent"))
    add.set_defaults(handler=_modules_add)
    edit = command_parser(sub, "edit", _("change a module's hours, threshold or title"))
    edit.add_argument("code")
    edit.add_argument("--title")
    edit.add_argument("--hours", type=decimal)
    edit.add_argument("--threshold", type=int)
    edit.set_defaults(handler=_modules_edit)


def _modules_list(ctx: CliContext, args: argparse.Namespace) -> int:
    rows = [m.as_dict() for m in modules.list_modules(ctx.store)]
    ctx.table(
        rows,
        [
            ("code", _("Code")),
            ("kind", _("Kind")),
            ("hours", _("Hours")),
            ("threshold_percent", "%"),
            ("title", _("Title")),
        ],
    )
    return 0


def _modules_add(ctx: CliContext, args: argparse.Namespace) -> int:
    module_id = modules.add_module(
        ctx.store,
        code=args.code,
        title=args.title,
        kind=args.kind,
        hours=args.hours,
        threshold_percent=args.threshold,
    )
    ctx.emit({"id": module_id, "code": args.code.upper()}, module_id)
    return 0


def _modules_edit(ctx: CliContext, args: argparse.Namespace) -> int:
    modules.update_module(
        ctx.store,
        args.code.upper(),
        title=args.title,
        hours=args.hours,
        threshold_percent=args.threshold,
    )
    ctx.emit({"code": args.code.upper()}, _("Saved."))
    if args.hours is not None or args.threshold is not None:
        warn_outdated(ctx)
    return 0


# --- courses ---------------------------------------------------------------------------------


def _register_courses(subparsers: Any) -> None:
    parser = command_parser(subparsers, "courses", _("courses, sessions and enrolments"))
    sub = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)

    add = command_parser(sub, "add", _("create a course and print its id"))
    add.add_argument("--module", required=True, metavar=_("CODE"))
    add.add_argument("--title", required=True)
    add.add_argument("--sessions", default="", metavar=_("DATE[,DATE...]"), help=_("session dates"))
    add.add_argument(
        "--hours-per-session", type=decimal, metavar="H", help=_("teaching units per session")
    )
    add.add_argument(
        "--start", default="09:00", metavar="HH:MM", help=_("start time of the sessions")
    )
    add.add_argument("--place", default="")
    add.add_argument("--trainers", default="")
    add.set_defaults(handler=_courses_add)

    listing = command_parser(sub, "list", _("list courses"))
    listing.set_defaults(handler=_courses_list)

    show = command_parser(sub, "show", _("show a course with sessions and participants"))
    show.add_argument("course_id", metavar="COURSE_ID")
    show.set_defaults(handler=_courses_show)

    enrol = command_parser(sub, "enrol", _("enrol volunteers in a course"))
    enrol.add_argument("course_id", metavar="COURSE_ID")
    enrol.add_argument("volunteer_ids", metavar="VOLUNTEER_ID", nargs="+")
    enrol.add_argument(
        "--from", dest="enrolled_on", metavar=_("DATE"), help=_("late enrolment from this date")
    )
    enrol.set_defaults(handler=_courses_enrol)
    lists.register_course_actions(sub)


def _parse_time(text: str) -> int:
    try:
        hours, minutes = text.split(":")
        value = int(hours) * 60 + int(minutes)
    except ValueError:
        raise ValidationError(_("'{value}' is not a time (HH:MM).").format(value=text)) from None
    if not 0 <= value < 24 * 60:
        raise ValidationError(_("'{value}' is not a time (HH:MM).").format(value=text))
    return value


def _courses_add(ctx: CliContext, args: argparse.Namespace) -> int:
    dates = [part.strip() for part in args.sessions.split(",") if part.strip()]
    course_id = courses.add_course(
        ctx.store,
        module_code=args.module,
        title=args.title,
        session_dates=dates,
        units_per_session=args.hours_per_session,
        start_minute=_parse_time(args.start),
        place=args.place,
        trainers=args.trainers,
    )
    ctx.emit({"id": course_id}, course_id)
    return 0


def _courses_list(ctx: CliContext, args: argparse.Namespace) -> int:
    rows = [c.as_dict() for c in courses.list_courses(ctx.store)]
    ctx.table(
        rows,
        [
            ("id", _("Id")),
            ("module_code", _("Module")),
            ("title", _("Title")),
            ("first_date", _("From")),
            ("last_date", _("To")),
            ("sessions", _("Sessions")),
            ("participants", _("Participants")),
        ],
    )
    return 0


def _courses_show(ctx: CliContext, args: argparse.Namespace) -> int:
    detail = courses.get_course(ctx.store, courses.resolve_course_id(ctx.store, args.course_id))
    lines = [
        f"{detail.title} ({detail.module.code})",
        _("Place: {value}").format(value=detail.place),
        _("Trainers: {value}").format(value=detail.trainers),
        _("Sessions") + ":",
        *(
            f"  {s.session_date:%d.%m.%Y} {s.as_dict()['start']}-{s.as_dict()['end']} {s.topic}"
            for s in detail.sessions
        ),
        _("Participants") + ":",
        *(f"  {p.volunteer_id}  {p.family_name}, {p.given_name}" for p in detail.participants),
    ]
    ctx.emit(detail.as_dict(), lines)
    return 0


def _courses_enrol(ctx: CliContext, args: argparse.Namespace) -> int:
    course_id = courses.resolve_course_id(ctx.store, args.course_id)
    ids = [volunteers.resolve_volunteer_id(ctx.store, v) for v in args.volunteer_ids]
    enrolled_on = _date(args.enrolled_on) if args.enrolled_on else None
    result = courses.enrol_volunteers(
        ctx.store, course_id=course_id, volunteer_ids=ids, enrolled_on=enrolled_on
    )
    lines = [
        _("{n} enrolled, {m} already enrolled.").format(
            n=len(result.enrolled), m=len(result.already)
        )
    ]
    lines += [_("Warning: {text}").format(text=w) for w in result.warnings]
    ctx.emit(
        {
            "enrolled": list(result.enrolled),
            "already": list(result.already),
            "warnings": list(result.warnings),
        },
        lines,
    )
    return 0


# --- attendance ------------------------------------------------------------------------------


def _register_attendance(subparsers: Any) -> None:
    parser = command_parser(subparsers, "attendance", _("attendance at course sessions"))
    sub = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    set_parser = command_parser(sub, "set", _("mark attendance for one session"))
    set_parser.add_argument("course_id", metavar="COURSE_ID")
    set_parser.add_argument(
        "--session", required=True, metavar=_("DATE"), help=_("date of the session")
    )
    group = set_parser.add_mutually_exclusive_group(required=True)
    group.add_argument(
        "--all-present", action="store_true", help=_("everyone enrolled was present")
    )
    group.add_argument("--present", nargs="+", metavar="ID")
    group.add_argument("--excused", nargs="+", metavar="ID")
    group.add_argument("--absent", nargs="+", metavar="ID")
    group.add_argument(
        "--partial",
        nargs="+",
        metavar="ID",
        help=_("present for part of the session (with --minutes)"),
    )
    group.add_argument("--clear", nargs="+", metavar="ID", help=_("remove the mark"))
    set_parser.add_argument("--minutes", type=int, help=_("minutes present, with --partial"))
    set_parser.set_defaults(handler=_attendance_set)
    show = command_parser(sub, "show", _("show the attendance grid of a course"))
    show.add_argument("course_id", metavar="COURSE_ID")
    show.set_defaults(handler=_attendance_show)


def _attendance_set(ctx: CliContext, args: argparse.Namespace) -> int:
    course_id = courses.resolve_course_id(ctx.store, args.course_id)
    session_id = courses.session_on(ctx.store, course_id=course_id, session_date=args.session)
    if args.all_present:
        count = courses.mark_all_present(ctx.store, course_id=course_id, session_id=session_id)
        ctx.emit(
            {"marked": count, "state": AttendanceState.PRESENT.value},
            _("{n} marked present.").format(n=count),
        )
        return 0
    for option, state in (
        ("present", AttendanceState.PRESENT.value),
        ("excused", AttendanceState.EXCUSED.value),
        ("absent", AttendanceState.ABSENT.value),
        ("partial", AttendanceState.PARTIAL.value),
        ("clear", None),
    ):
        ids = getattr(args, option)
        if ids:
            resolved = [volunteers.resolve_volunteer_id(ctx.store, v) for v in ids]
            courses.set_attendance(
                ctx.store,
                course_id=course_id,
                session_id=session_id,
                volunteer_ids=resolved,
                state=state,
                minutes=args.minutes,
            )
            ctx.emit(
                {"marked": len(resolved), "state": state}, _("{n} marked.").format(n=len(resolved))
            )
            warn_outdated(ctx, course_id=course_id, volunteer_ids=resolved)
    return 0


def _attendance_show(ctx: CliContext, args: argparse.Namespace) -> int:
    grid = courses.attendance_grid(ctx.store, courses.resolve_course_id(ctx.store, args.course_id))
    symbols = {
        AttendanceState.PRESENT.value: "A",
        AttendanceState.EXCUSED.value: "E",
        AttendanceState.ABSENT.value: "-",
        AttendanceState.PARTIAL.value: "T",
        courses.NOT_ENROLLED: " ",
        "": "?",
    }
    rows = []
    for person in grid.course.participants:
        total = grid.totals.get(person.volunteer_id)
        rows.append(
            {
                "volunteer_id": person.volunteer_id,
                "name": f"{person.family_name}, {person.given_name}",
                "sessions": {
                    s.session_date.isoformat(): grid.cell(person.volunteer_id, s.id).state
                    for s in grid.course.sessions
                },
                "marks": "".join(
                    symbols.get(grid.cell(person.volunteer_id, s.id).state, "?")
                    for s in grid.course.sessions
                ),
                "attended_hours": round(
                    rules.minutes_to_units(total.attended_minutes, grid.unit_minutes), 2
                )
                if total
                else 0,
                "completed": bool(total and total.completed),
            }
        )
    if ctx.json:
        ctx.emit(rows)
    else:
        ctx.table(
            rows,
            [
                ("name", _("Name")),
                ("marks", _("Sessions")),
                ("attended_hours", _("Hours")),
                ("completed", _("Completed")),
            ],
        )
    return 0


# --- progress --------------------------------------------------------------------------------


def _register_progress(subparsers: Any) -> None:
    parser = command_parser(
        subparsers, "progress", _("modules, hours and qualification of a volunteer")
    )
    parser.add_argument("volunteer_id", metavar="VOLUNTEER_ID")
    parser.set_defaults(handler=_progress)


def _progress(ctx: CliContext, args: argparse.Namespace) -> int:
    result = progress.volunteer_progress(
        ctx.store, volunteers.resolve_volunteer_id(ctx.store, args.volunteer_id)
    )
    unit = result.unit_minutes
    lines = [
        (
            _("qualified since {date}").format(date=f"{result.qualified_on:%d.%m.%Y}")
            if result.qualified_on
            else _("qualified")
        )
        if result.qualified
        else _("not yet qualified")
    ]
    for m in result.modules:
        lines.append(
            f"  {m.module_code:<24} {_hours(m.attended_minutes, unit)} / {_hours(m.required_minutes, unit)} "
            + (_("completed") if m.completed else _("open"))
        )
    ctx.emit(result.as_dict(), lines)
    return 0


# --- figures ---------------------------------------------------------------------------------


def _register_figures(subparsers: Any) -> None:
    parser = command_parser(
        subparsers, "figures", _("check or rebuild the stored hours and qualification dates")
    )
    sub = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    command_parser(
        sub, "check", _("compare the stored figures with a computation from all attendance")
    ).set_defaults(handler=_figures_check)
    command_parser(
        sub, "rebuild", _("compute all stored figures again from all attendance")
    ).set_defaults(handler=_figures_rebuild)


def _figures_check(ctx: CliContext, args: argparse.Namespace) -> int:
    mismatches = qualification.check(ctx.store)
    data = {"ok": not mismatches, "mismatches": [str(m) for m in mismatches]}
    if not mismatches:
        ctx.emit(data, _("The stored figures agree with the attendance."))
        return 0
    lines = [
        _(
            "{count} stored figures differ from the attendance; "
            "run 'figures rebuild' to correct them."
        ).format(count=len(mismatches)),
        *(f"  {m}" for m in mismatches[:50]),
    ]
    ctx.emit(data, lines)
    return 1


def _figures_rebuild(ctx: CliContext, args: argparse.Namespace) -> int:
    qualification.rebuild(ctx.store)
    ctx.emit({"rebuilt": True}, _("The stored figures were computed again."))
    return 0


# --- mentoring -------------------------------------------------------------------------------


def _register_mentoring(subparsers: Any) -> None:
    parser = command_parser(subparsers, "mentoring", _("mentoring assignments and log entries"))
    sub = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    add = command_parser(sub, "add", _("start an assignment and print its id"))
    add.add_argument("volunteer_id", metavar="VOLUNTEER_ID")
    add.add_argument(
        "--mentee",
        required=True,
        metavar=_("PSEUDONYM"),
        help=_("pseudonym or initials, never a full name"),
    )
    add.add_argument("--household", type=int, help=_("household size"))
    add.add_argument("--languages", default="")
    add.add_argument("--area", action="append", default=[], help=_("area of need (repeatable)"))
    add.add_argument("--start", metavar=_("DATE"))
    add.set_defaults(handler=_mentoring_add)

    log_parser = command_parser(sub, "log", _("add a log entry to an assignment"))
    log_parser.add_argument("assignment_id", metavar="ASSIGNMENT_ID")
    log_parser.add_argument("--date", required=True)
    log_parser.add_argument("--minutes", type=int, required=True)
    log_parser.add_argument(
        "--kind",
        required=True,
        help=_("treffen, begleitung, telefon, sprachmittlung, gruppe, sonstiges"),
    )
    log_parser.add_argument("--area", required=True)
    log_parser.add_argument("--note", default="")
    log_parser.add_argument("--km", type=decimal, default=0.0)
    log_parser.add_argument("--expenses", type=decimal, default=0.0, help=_("expenses in euros"))
    log_parser.add_argument(
        "--move-start",
        action="store_true",
        help=_("a contact before the assignment's start moves the start to its date"),
    )
    log_parser.set_defaults(handler=_mentoring_log)

    listing = command_parser(sub, "list", _("list assignments"))
    listing.add_argument("volunteer_id", nargs="?", metavar="VOLUNTEER_ID")
    listing.set_defaults(handler=_mentoring_list)


def _mentoring_add(ctx: CliContext, args: argparse.Namespace) -> int:
    assignment_id = mentoring.add_assignment(
        ctx.store,
        volunteer_id=volunteers.resolve_volunteer_id(ctx.store, args.volunteer_id),
        mentee_pseudonym=args.mentee,
        household_size=args.household,
        languages=args.languages,
        areas=args.area,
        started_on=_date(args.start) if args.start else None,
    )
    ctx.emit({"id": assignment_id}, assignment_id)
    return 0


def _mentoring_log(ctx: CliContext, args: argparse.Namespace) -> int:
    entry_id = mentoring.add_log_entry(
        ctx.store,
        assignment_id=mentoring.resolve_assignment_id(ctx.store, args.assignment_id),
        entry_date=args.date,
        minutes=args.minutes,
        kind=args.kind,
        area=args.area,
        note=args.note,
        km=args.km,
        expenses_cents=round(args.expenses * 100),
        move_start=args.move_start,
    )
    ctx.emit({"id": entry_id}, entry_id)
    return 0


def _mentoring_list(ctx: CliContext, args: argparse.Namespace) -> int:
    volunteer_id = (
        volunteers.resolve_volunteer_id(ctx.store, args.volunteer_id) if args.volunteer_id else None
    )
    rows = [a.as_dict() for a in mentoring.list_assignments(ctx.store, volunteer_id=volunteer_id)]
    ctx.table(
        rows,
        [
            ("id", _("Id")),
            ("volunteer_name", _("Volunteer")),
            ("mentee_pseudonym", _("Pseudonym")),
            ("started_on", _("Since")),
            ("ended_on", _("Until")),
            ("entries", _("Entries")),
            ("total_minutes", _("Minutes")),
        ],
    )
    return 0


# --- office settings -------------------------------------------------------------------------


def _register_office(subparsers: Any) -> None:
    parser = command_parser(subparsers, "office", _("the office profile and rule settings"))
    sub = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    show = command_parser(sub, "show", _("show the settings"))
    show.set_defaults(handler=_office_show)
    set_parser = command_parser(sub, "set", _("change settings"))
    set_parser.add_argument("--name", help=_("organisation (Träger)"))
    set_parser.add_argument("--address")
    set_parser.add_argument("--place")
    set_parser.add_argument("--signatory-name")
    set_parser.add_argument("--signatory-role")
    set_parser.add_argument("--certificate-prefix")
    set_parser.add_argument("--unit-minutes", type=int, choices=(45, 60))
    set_parser.add_argument("--threshold", dest="threshold_percent", type=int)
    set_parser.add_argument("--specialisations-required", type=int)
    set_parser.add_argument(
        "--logo", metavar=_("FILE"), help=_("PNG or JPEG file with the office logo")
    )
    set_parser.add_argument(
        "--background",
        metavar=_("FILE"),
        help=_("one-page PDF printed under the documents (letterhead); '' removes it"),
    )
    set_parser.set_defaults(handler=_office_set)


def _office_show(ctx: CliContext, args: argparse.Namespace) -> int:
    office = setup.get_office(ctx.store)
    data = {k: v for k, v in office.__dict__.items() if k not in ("logo", "background_pdf")}
    data["has_logo"] = office.logo is not None
    data["has_background"] = office.background_pdf is not None
    ctx.emit(data, [f"{k}: {v}" for k, v in data.items()])
    return 0


def _office_set(ctx: CliContext, args: argparse.Namespace) -> int:
    changes: dict[str, Any] = {}
    for name in (
        "name",
        "address",
        "place",
        "signatory_name",
        "signatory_role",
        "certificate_prefix",
        "unit_minutes",
        "threshold_percent",
        "specialisations_required",
    ):
        value = getattr(args, name)
        if value is not None:
            changes[name] = value
    if args.logo:
        changes["logo"] = setup.read_logo(args.logo)
    if args.background is not None:
        changes["background_pdf"] = (
            setup.read_background(args.background) if args.background else None
        )
    if not changes:
        raise ValidationError(_("Nothing to change: give at least one option."))
    setup.update_office(ctx.store, **changes)
    ctx.emit({"changed": sorted(changes)}, _("Saved."))
    if {"threshold_percent", "specialisations_required"} & set(changes):
        warn_outdated(ctx)
    return 0


# --- status, digest, user --------------------------------------------------------------------


def _register_info(subparsers: Any) -> None:
    command_parser(subparsers, "status", _("counts of everything in the database")).set_defaults(
        handler=_status
    )
    command_parser(
        subparsers, "digest", _("checksum over all data, to compare two machines")
    ).set_defaults(handler=_digest)
    user = command_parser(
        subparsers, "user", _("show or set the name recorded with your changes on this computer")
    )
    user.add_argument("name", nargs="?")
    user.set_defaults(handler=_user)


def _status(ctx: CliContext, args: argparse.Namespace) -> int:
    result = status.store_status(ctx.store)
    data = result.as_dict()
    lines = [
        _("Database: {value}").format(value=result.database),
        _("Schema: {value}").format(value=result.schema_revision),
        _("Last backup: {value}").format(value=f"{result.last_backup:%d.%m.%Y %H:%M}")
        if result.last_backup
        else _("Last backup: {value}").format(value="-"),
        *(f"  {table}: {count}" for table, count in result.counts.items()),
        _("Qualified: {value}").format(value=result.qualified),
    ]
    ctx.emit(data, lines)
    return 0


def _digest(ctx: CliContext, args: argparse.Namespace) -> int:
    value = digest.compute_digest(ctx.store)
    ctx.emit({"digest": value, "short": digest.short_digest(value)}, value)
    return 0


def _user(ctx: CliContext, args: argparse.Namespace) -> int:
    if args.name is not None:
        name = validation.require_name(args.name, _("Name"))
        ctx.store.set_local_setting("user_name", name)
        ctx.store.user = name
    ctx.emit({"user": ctx.store.user}, ctx.store.user)
    return 0
