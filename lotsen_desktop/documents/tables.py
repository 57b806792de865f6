"""Lists as files: XLSX, CSV in German Excel conventions, and PDF. Data in, bytes out.

A ``ListTable`` is a title, typed columns and plain rows (text, ``date``, numbers). Every writer
keeps numbers as numbers and dates as dates. Text that a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, tab or CR) is written so that it stays text: in XLSX as
a string cell with a quote prefix, never a formula; in CSV with a leading apostrophe (OWASP's
advice against CSV injection).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Spacer

from lotsen_desktop.documents.base import (
    A4,
    A4_LANDSCAPE,
    FONT,
    FONT_BOLD,
    LANDSCAPE_MARGIN,
    MARGIN,
    Styles,
    build_pdf,
    data_table,
    office_header,
    para,
)
from lotsen_desktop.documents.data import OfficeInfo
from lotsen_desktop.i18n import _, format_date_short
from lotsen_desktop.tasks import ProgressCallback, check

TEXT = "text"
DATE = "date"
NUMBER = "number"
INTEGER = "integer"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes Excel or LibreOffice treat a cell as a formula."""

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CELL_PADDING = 13
"""Left and right padding of a table cell, with a little room to spare."""
PDF_CHUNK = 100
"""Rows per PDF table: ReportLab lays out one table at a time, long lists stay fast."""


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: str = TEXT
    digits: int = 1


@dataclass
class ListTable:
    """One list: what ``tables`` writes to XLSX, CSV or PDF."""

    title: str
    columns: tuple[Column, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    subtitle: str = ""
    sheet_name: str = ""
    footnote: str = ""


def is_formula_like(text: str) -> bool:
    """Text a spreadsheet would run (also behind leading blanks, which some programs strip)."""
    return text.startswith(FORMULA_STARTS) or text.lstrip(" ").startswith(FORMULA_STARTS)


def _report(progress: ProgressCallback | None, done: int, total: int) -> None:
    check(progress, done, total, _("Cancelled. No file was written."))


# --- CSV ---------------------------------------------------------------------------------------


def csv_cell(value: Any, column: Column) -> str:
    """One value as German Excel reads it: dd.mm.yyyy, decimal comma, formulas defused."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int) and column.kind in (INTEGER, NUMBER):
        return str(value)
    if isinstance(value, float):
        text = f"{value:.{column.digits}f}" if column.kind == NUMBER else repr(value)
        return text.replace(".", ",")
    text = str(value).replace("\r\n", "\n")
    if is_formula_like(text):
        return "'" + text
    return text


def to_csv(table: ListTable, progress: ProgressCallback | None = None) -> bytes:
    """UTF-8 with BOM, ``;`` between cells, CRLF lines: opens right in a German Excel."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([csv_cell(c.title, Column("", "")) for c in table.columns])
    total = len(table.rows)
    for number, row in enumerate(table.rows, start=1):
        writer.writerow([csv_cell(v, c) for v, c in zip(row, table.columns, strict=True)])
        if number % 2000 == 0:
            _report(progress, number, total)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# --- XLSX --------------------------------------------------------------------------------------


def _sheet_title(text: str, taken: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:31] or "Liste"
    candidate, counter = title, 2
    while candidate.casefold() in taken:
        suffix = f" ({counter})"
        candidate = title[: 31 - len(suffix)] + suffix
        counter += 1
    taken.add(candidate.casefold())
    return candidate


def _display_length(value: Any, column: Column) -> int:
    if isinstance(value, date):
        return 10
    if isinstance(value, (int, float)):
        return len(f"{value:.{column.digits}f}") if isinstance(value, float) else len(str(value))
    return max((len(line) for line in str(value).split("\n")), default=0)


def to_xlsx(tables: Sequence[ListTable], progress: ProgressCallback | None = None) -> bytes:
    """One sheet per table: frozen bold header row, filter, fitting widths, typed cells."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    total = sum(len(t.rows) for t in tables)
    done = 0
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E6ECF2")
    wrap = Alignment(wrap_text=True, vertical="top")
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.sheet_name or table.title, taken))
        sheet.freeze_panes = "A2"
        widths = [len(c.title) for c in table.columns]
        for row in table.rows[:2000]:
            for index, (value, column) in enumerate(zip(row, table.columns, strict=True)):
                if value is not None:
                    widths[index] = max(widths[index], _display_length(value, column))
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
        if table.columns:
            last = get_column_letter(len(table.columns))
            sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=_xlsx_text(column.title))
            cell.data_type = "s"
            cell.font = bold
            cell.fill = fill
            header.append(cell)
        sheet.append(header)
        formats = [_number_format(c) for c in table.columns]
        for row in table.rows:
            cells: list[Any] = []
            for value, column, number_format in zip(row, table.columns, formats, strict=True):
                cells.append(_xlsx_cell(sheet, value, column, number_format, wrap))
            sheet.append(cells)
            done += 1
            if done % 2000 == 0:
                _report(progress, done, total)
    if not tables:
        workbook.create_sheet("Liste")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _number_format(column: Column) -> str:
    if column.kind == DATE:
        return "DD.MM.YYYY"
    if column.kind == INTEGER:
        return "0"
    if column.kind == NUMBER:
        return "0." + "0" * column.digits if column.digits else "0"
    return "General"


def _xlsx_text(value: object) -> str:
    return _ILLEGAL_XML.sub("", str(value))


def _xlsx_cell(sheet: Any, value: Any, column: Column, number_format: str, wrap: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if value is None or value == "":
        return None
    if isinstance(value, bool):
        value = _("yes") if value else _("no")
    if isinstance(value, (date, int, float)):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = number_format if not isinstance(value, datetime) else "DD.MM.YYYY"
        return cell
    text = _xlsx_text(value)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    if is_formula_like(text):
        cell.quotePrefix = True
    if "\n" in text:
        cell.alignment = wrap
    return cell


# --- PDF ---------------------------------------------------------------------------------------


def pdf_cell_text(value: Any, column: Column) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date_short(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return f"{value:.{column.digits}f}".replace(".", ",")
    return str(value)


def to_pdf(
    table: ListTable,
    *,
    office: OfficeInfo,
    logo: bytes | None = None,
    progress: ProgressCallback | None = None,
) -> bytes:
    """A4 (landscape when wide) with the office header; the column titles on every page."""
    styles = Styles()
    natural = _natural_widths(table)
    portrait_room = A4[0] - 2 * MARGIN
    wide = sum(natural) > portrait_room
    pagesize = A4_LANDSCAPE if wide else A4
    margin = LANDSCAPE_MARGIN if wide else MARGIN
    widths = _fit_widths(natural, pagesize[0] - 2 * margin)
    right = {NUMBER, INTEGER}
    head = [
        para(c.title, styles.head_right if c.kind in right else styles.head) for c in table.columns
    ]
    story: list[Any] = [
        *office_header(office, logo, styles, rule=True),
        Spacer(1, 6 * mm),
        para(table.title, styles.heading),
    ]
    if table.subtitle:
        story.append(para(table.subtitle, styles.small))
    story.append(Spacer(1, 3 * mm))
    aligned = [i for i, c in enumerate(table.columns) if c.kind in right]
    total = len(table.rows)
    if not table.rows:
        story.append(data_table([head], widths))
    for start in range(0, total, PDF_CHUNK):
        chunk = table.rows[start : start + PDF_CHUNK]
        body = [
            [
                _pdf_cell(pdf_cell_text(v, c), c.kind in right, width, styles)
                for v, c, width in zip(row, table.columns, widths, strict=True)
            ]
            for row in chunk
        ]
        flowable = data_table([head, *body], widths)
        flowable.setStyle([("ALIGN", (i, 1), (i, -1), "RIGHT") for i in aligned])
        story.append(flowable)
        _report(progress, start + len(chunk), total * 2)
    if table.footnote:
        story.append(para(table.footnote, styles.small))
    pdf = build_pdf(
        story,
        title=table.title,
        author=office.name,
        subject=table.title,
        footer_left=f"{office.name} – {table.title}" if office.name else table.title,
        pagesize=pagesize,
        margin=margin,
        running_header=table.title,
    )
    _report(progress, total * 2, total * 2)
    return pdf


def _natural_widths(table: ListTable, sample: int = 1000) -> list[float]:
    """Each column as wide as its widest cell (of the first rows), the title allowed to wrap."""
    widths = []
    for index, column in enumerate(table.columns):
        longest_word = max((stringWidth(w, FONT_BOLD, 9) for w in column.title.split()), default=0)
        cells = (
            stringWidth(pdf_cell_text(row[index], column), FONT, 9) for row in table.rows[:sample]
        )
        widths.append(max(longest_word, *cells, 0) + CELL_PADDING)
    return widths


def _fit_widths(natural: list[float], room: float, least: float = 40.0) -> list[float]:
    """Widen all columns evenly, or cap the widest ones (they wrap) until the table fits."""
    total = sum(natural)
    if total <= room or not total:
        return [w + (room - total) * w / total for w in natural] if total else natural
    low, high = 0.0, max(natural)
    for _step in range(40):
        cap = (low + high) / 2
        if sum(min(w, cap) for w in natural) > room:
            high = cap
        else:
            low = cap
    widths = [min(w, max(low, least)) for w in natural]
    scale = room / sum(widths)
    return [w * min(1.0, scale) for w in widths]


def _pdf_cell(text: str, right: bool, width: float, styles: Styles) -> Any:
    """Plain text when it fits on one line (fast); a wrapping paragraph only when needed."""
    if "\n" not in text and stringWidth(text, FONT, 9) <= width - CELL_PADDING:
        return text
    return para(text, styles.cell_right if right else styles.cell)


def rows_of(records: Iterable[Any], columns: Sequence[Column]) -> list[tuple[Any, ...]]:
    """Rows from objects or dicts by the columns' keys."""
    result = []
    for record in records:
        if isinstance(record, dict):
            result.append(tuple(record.get(c.key) for c in columns))
        else:
            result.append(tuple(getattr(record, c.key, None) for c in columns))
    return result
