"""The funding report as PDF (A4, the office's header, tables and bar charts) and as XLSX.

Both take a ``Report`` and show its ``report_tables``; ``mask_small`` hides counts of one or two
people as "< 3". Numbers stay numbers in the workbook (dates as dates, percentages as
percentages) so they can be pasted into the funding body's forms.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    TableStyle,
)

from lotsen_desktop import __version__
from lotsen_desktop.documents.base import A4 as PAGE
from lotsen_desktop.documents.base import (
    FONT,
    FONT_BOLD,
    MARGIN,
    TEXT_COLOR,
    Styles,
    build_pdf,
    data_table,
    esc,
    office_header,
    para,
    period_text,
    style,
)
from lotsen_desktop.documents.report_data import (
    COUNT,
    DATE,
    HOURS,
    KM,
    NUMBER,
    PERCENT,
    UNITS,
    Masked,
    Report,
    ReportTable,
    chart_items,
    display,
    masked,
    report_tables,
    sheet_title,
)
from lotsen_desktop.i18n import _, format_date_long, format_date_short

CONTENT_WIDTH = PAGE[0] - 2 * MARGIN
BAR = colors.HexColor("#5b7fa6")
PAD = 7
NUMERIC = {COUNT, NUMBER, UNITS, HOURS, KM, PERCENT}


def report_title() -> str:
    return _("Report for the funding body")


def mask_note() -> str:
    return _("Counts of one or two people are shown as “< 3” so that nobody can be recognised.")


class BarChart(Flowable):
    """Horizontal bars drawn straight on the canvas in DejaVu (no Helvetica sneaks in)."""

    def __init__(
        self, items: Sequence[tuple[str, float, str]], width: float, bar_height: float = 5 * mm
    ) -> None:
        super().__init__()
        self.items = list(items)
        self.width = width
        self.bar_height = bar_height
        self.label_width = min(70 * mm, width * 0.42)
        self.height = len(self.items) * (bar_height + 1.6 * mm) + 2 * mm

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        top = max((value for _label, value, _text in self.items), default=0) or 1
        room = self.width - self.label_width - 22 * mm
        y = self.height - self.bar_height - 1 * mm
        for label, value, text in self.items:
            canvas.setFont(FONT, 7.5)
            canvas.setFillColor(TEXT_COLOR)
            shown = label
            while shown and canvas.stringWidth(shown, FONT, 7.5) > self.label_width - 3 * mm:
                shown = shown[:-2] + "…" if len(shown) > 2 else ""
            canvas.drawRightString(self.label_width - 2 * mm, y + 1.5 * mm, shown)
            length = room * value / top if value > 0 else 0
            if length:
                canvas.setFillColor(BAR)
                canvas.rect(self.label_width, y, length, self.bar_height, stroke=0, fill=1)
            canvas.setFillColor(TEXT_COLOR)
            canvas.drawString(self.label_width + length + 1.5 * mm, y + 1.5 * mm, text)
            y -= self.bar_height + 1.6 * mm


def _cell(table: ReportTable, row: int, column: int, value: Any, mask: bool, st: Styles) -> Any:
    kind = table.kind(row, column)
    text = display(value, kind, mask)
    bold = table.total_row and row == len(table.rows) - 1
    return para(text, st.cell_right if kind in NUMERIC else st.cell, bold=bold)


def _table_flowable(table: ReportTable, mask: bool, st: Styles) -> Flowable:
    header = [
        para(c.header, st.head_right if c.kind in NUMERIC else st.head) for c in table.columns
    ]
    body = [
        [_cell(table, r, c, value, mask, st) for c, value in enumerate(row)]
        for r, row in enumerate(table.rows)
    ]
    count = len(table.columns)
    first = CONTENT_WIDTH * (0.55 if count == 2 else 0.4)
    rest = (CONTENT_WIDTH - first) / max(1, count - 1)
    widths = [first] + [rest] * (count - 1)
    if count == 2:
        widths = [first, 35 * mm]
    return data_table([header, *body], widths, total_row=table.total_row)


def _courses_flowable(table: ReportTable, mask: bool, st: Styles) -> Flowable:
    """Thirteen columns condensed to fit A4 portrait: the course cell names module, kind and
    trainers; number columns are as wide as their header needs."""
    size = 7.5
    cell = style("course_cell", fontSize=size, leading=9.5)
    head = style("course_head", fontName=FONT_BOLD, fontSize=size, leading=9.5)
    head_right = style(
        "course_head_right", fontName=FONT_BOLD, fontSize=size, leading=9.5, alignment=TA_RIGHT
    )
    numbers = [(5, _("Sessions\nheld")), (6, _("Units\nheld")), (9, _("People\nenrolled"))]
    numbers += [(10, _("With\nattendance")), (11, _("Module\ncompleted"))]
    numbers += [(12, _("Attendance\nrate"))]
    rows: list[list[Any]] = [
        [para(_("Course"), head), para(_("Dates"), head)]
        + [para(text, head_right) for _column, text in numbers]
    ]
    widths_needed = [
        max(stringWidth(line, FONT_BOLD, size) for line in text.split("\n")) + PAD
        for _column, text in numbers
    ]
    for r, row in enumerate(table.rows):
        total = table.total_row and r == len(table.rows) - 1
        title = f"<b>{esc(row[0])}</b>" if total else esc(row[0])
        details = [str(part) for part in (row[2], row[8]) if part]
        if details:
            title += f"<br/><font color='#555555'>{esc(' · '.join(details))}</font>"
        dates = ""
        if row[3] is not None:
            dates = f"{format_date_short(row[3])}–\n{format_date_short(row[4])}"
        cells: list[Any] = [Paragraph(title, cell), dates]
        for position, (column, _text) in enumerate(numbers):
            text = display(row[column], table.kind(r, column), mask)
            widths_needed[position] = max(
                widths_needed[position], stringWidth(text, FONT_BOLD, size) + PAD
            )
            cells.append(text)  # plain strings: thousands of rows lay out fast
        rows.append(cells)
    dates_width = stringWidth("00.00.0000–", FONT, size) + PAD
    course_width = CONTENT_WIDTH - dates_width - sum(widths_needed)
    flowable = data_table(
        rows, [course_width, dates_width, *widths_needed], total_row=table.total_row
    )
    commands: list[tuple[Any, ...]] = [
        ("FONTSIZE", (1, 1), (-1, -1), size),
        ("LEADING", (1, 1), (-1, -1), 9.5),
        ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD / 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD / 2),
    ]
    if table.total_row:
        commands.append(("FONTNAME", (1, -1), (-1, -1), FONT_BOLD))
    flowable.setStyle(TableStyle(commands))  # type: ignore[attr-defined]
    return flowable


def report_pdf(report: Report, *, mask_small: bool = True, logo: bytes | None = None) -> bytes:
    """The report as an A4 PDF with the office's header."""
    st = Styles()
    tables = report_tables(report)
    period = period_text(report.period.start, report.period.end)
    story: list[Flowable] = [*office_header(report.office, logo, st, rule=True), Spacer(1, 8 * mm)]
    story.append(para(report_title(), st.heading))
    story.append(Spacer(1, 2 * mm))
    story.append(
        Paragraph(
            f"<b>{esc(_('Period'))}:</b> {esc(period)}<br/>"
            f"<b>{esc(_('Created on'))}:</b> {esc(format_date_long(report.created_on))}",
            st.body_left,
        )
    )
    if mask_small:
        story.append(Spacer(1, 1 * mm))
        story.append(para(mask_note(), st.small))
    story.append(Spacer(1, 5 * mm))
    by_key = {table.key: table for table in tables}
    charts = [
        (by_key["areas"], _("Hours of mentoring by area")),
        (by_key["age"], _("People by age")),
        (by_key["status"], _("People by status")),
    ]
    for table in tables:
        block: list[Flowable] = [para(table.title, st.body_left, bold=True), Spacer(1, 1.5 * mm)]
        if table.key == "courses":
            if not report.courses:
                block.append(para(_("No course had sessions in this period."), st.small))
            else:
                story.append(CondPageBreak(60 * mm))
                story.extend(block)
                story.append(_courses_flowable(table, mask_small, st))
                if table.note:
                    story.append(Spacer(1, 1 * mm))
                    story.append(para(table.note, st.small))
                story.append(Spacer(1, 6 * mm))
                continue
        else:
            block.append(_table_flowable(table, mask_small, st))
        if table.note:
            block.append(Spacer(1, 1 * mm))
            block.append(para(table.note, st.small))
        block.append(Spacer(1, 6 * mm))
        if len(table.rows) > 25:
            story.extend(block)
        else:
            story.append(KeepTogether(block))
        if table.key == "overview":
            for chart_table, title in charts:
                items = chart_items(chart_table, mask_small)
                story.append(
                    KeepTogether(
                        [
                            para(title, st.body_left, bold=True),
                            Spacer(1, 1.5 * mm),
                            BarChart(items, CONTENT_WIDTH),
                            Spacer(1, 5 * mm),
                        ]
                    )
                )
    title = f"{report_title()} – {period}"
    return build_pdf(
        story,
        title=title,
        author=report.office.name,
        subject=title,
        footer_left=f"{report.office.name} · {title}" if report.office.name else title,
        running_header=title,
    )


# --- XLSX ----------------------------------------------------------------------------------------

_FORMATS = {
    COUNT: "#,##0",
    NUMBER: "#,##0",
    UNITS: "#,##0.0",
    HOURS: "#,##0.0",
    KM: "#,##0.0",
    PERCENT: "0.0%",
    DATE: "DD.MM.YYYY",
}
_HEAD_FILL = PatternFill("solid", start_color="E6ECF2", end_color="E6ECF2")


def _xlsx_value(value: Any, kind: str, mask: bool) -> Any:
    shown = masked(value, kind, mask)
    if isinstance(shown, Masked):
        return str(shown)
    if kind == PERCENT and isinstance(shown, (int, float)):
        return shown / 100
    return shown


def _write_sheet(sheet: Any, table: ReportTable, mask: bool) -> None:
    widths = [len(c.header) for c in table.columns]
    for column, spec in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=column, value=spec.header)
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(
            horizontal="right" if spec.kind in NUMERIC else "left", vertical="top", wrap_text=True
        )
    for r, row in enumerate(table.rows):
        total = table.total_row and r == len(table.rows) - 1
        for c, value in enumerate(row):
            kind = table.kind(r, c)
            cell = sheet.cell(row=r + 2, column=c + 1, value=_xlsx_value(value, kind, mask))
            if kind in _FORMATS and not isinstance(cell.value, str):
                cell.number_format = _FORMATS[kind]
            if kind in NUMERIC:
                cell.alignment = Alignment(horizontal="right")
            if total:
                cell.font = Font(bold=True)
            widths[c] = max(widths[c], len(display(value, kind, mask)))
    if table.note:
        note = sheet.cell(row=len(table.rows) + 3, column=1, value=table.note)
        note.font = Font(italic=True, color="555555")
    sheet.freeze_panes = "A2"
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 60)


def report_xlsx(report: Report, *, mask_small: bool = True) -> bytes:
    """One sheet per table with the header row frozen, then a sheet about the report."""
    workbook = Workbook()
    default = workbook.active
    taken: set[str] = set()
    for table in report_tables(report):
        name = sheet_title(table)
        base, number = name, 2
        while name.casefold() in taken:
            suffix = f" {number}"
            name = base[: 31 - len(suffix)] + suffix
            number += 1
        taken.add(name.casefold())
        _write_sheet(workbook.create_sheet(name), table, mask_small)
    if default is not None:
        workbook.remove(default)
    info = workbook.create_sheet(_("About this report")[:31])
    lines: list[tuple[str, Any]] = [
        (_("Report"), report_title()),
        (_("Office"), report.office.name),
        (_("From"), report.period.start),
        (_("To"), report.period.end),
        (_("Created on"), report.created_on),
        (_("Teaching unit (minutes)"), report.unit_minutes),
        (_("Program"), f"Lotsen Desktop {__version__}"),
    ]
    if mask_small:
        lines.append((_("Small counts"), mask_note()))
    for index, (label, value) in enumerate(lines, start=1):
        info.cell(row=index, column=1, value=label).font = Font(bold=True)
        cell = info.cell(row=index, column=2, value=value)
        if isinstance(value, date):
            cell.number_format = "DD.MM.YYYY"
            cell.alignment = Alignment(horizontal="left")
    info.column_dimensions["A"].width = max(len(label) for label, _value in lines) + 2
    info.column_dimensions["B"].width = 60
    workbook.properties.title = report_title()
    workbook.properties.creator = f"Lotsen Desktop {__version__}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


__all__ = ["BarChart", "report_pdf", "report_xlsx"]
