"""CLI command of the reports: ``report --from DATE --to DATE --out FILE.pdf|FILE.xlsx``."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from lotsen_desktop.cli.context import CliContext, command_parser
from lotsen_desktop.domain import validation
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.i18n import _, format_number
from lotsen_desktop.services import reports


def register(subparsers: Any) -> None:
    parser = command_parser(
        subparsers,
        "report",
        _("the funding body's figures for a period, as PDF or XLSX"),
    )
    parser.add_argument(
        "--from", dest="date_from", metavar=_("DATE"), help=_("first day (default: 1 January)")
    )
    parser.add_argument(
        "--to", dest="date_to", metavar=_("DATE"), help=_("last day (default: 31 December)")
    )
    parser.add_argument(
        "--year",
        type=int,
        metavar=_("YEAR"),
        help=_("a calendar year instead of --from/--to (default: this year)"),
    )
    parser.add_argument(
        "--out", required=True, metavar=_("FILE.pdf|FILE.xlsx"), help=_("where to write")
    )
    parser.add_argument(
        "--show-small-counts",
        action="store_true",
        help=_("print counts of one or two people as numbers, not as “< 3”"),
    )
    parser.set_defaults(handler=_report)


def _day(text: str, field: str) -> date:
    value = validation.parse_date(text, field)
    if value is None:
        raise ValidationError(_("A date is required."), field=field)
    return value


def period_from_args(
    date_from: str | None, date_to: str | None, year: int | None, today: date
) -> reports.Period:
    """--year, or --from/--to, each defaulting to the current calendar year's bound."""
    if year is not None:
        if date_from or date_to:
            raise ValidationError(_("Give either --year or --from/--to, not both."))
        if not 1900 <= year <= 2200:
            raise ValidationError(_("{year} is not a plausible year.").format(year=year))
        return reports.Period.year(year)
    start = _day(date_from, "from") if date_from else date(today.year, 1, 1)
    end = _day(date_to, "to") if date_to else date(today.year, 12, 31)
    return reports.Period(start, end).check()


def _report(ctx: CliContext, args: argparse.Namespace) -> int:
    out = Path(args.out)
    reports.format_for(out)
    period = period_from_args(args.date_from, args.date_to, args.year, date.today())
    report = reports.write_report(ctx.store, period, out, mask_small=not args.show_small_counts)
    data = {"file": str(out), **report.as_dict()}
    mentoring = report.mentoring
    lines = [
        _("Courses: {courses}, sessions held: {sessions}, teaching units held: {units}").format(
            courses=format_number(len(report.courses), 0),
            sessions=format_number(report.sessions, 0),
            units=format_number(report.units_held, 1),
        ),
        _("Newly qualified: {qualified}, active at the end: {active}").format(
            qualified=format_number(report.people.newly_qualified, 0),
            active=format_number(report.people.active_at_end, 0),
        ),
        _("Mentoring: {contacts} contacts, {hours} hours, {km} km").format(
            contacts=format_number(mentoring.contacts, 0),
            hours=format_number(mentoring.minutes / 60, 1),
            km=format_number(mentoring.km, 1),
        ),
        _("File: {path}").format(path=out),
    ]
    ctx.emit(data, lines)
    return 0
