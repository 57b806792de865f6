"""What every document shares: the embedded font family, styles, escaping, page frame, QR code.

Every text goes through ``esc()`` before it reaches Paragraph markup, so ``<``, ``&`` and quotes
in a name print literally. Only the DejaVu family is used (also as the canvas' initial font), so
no base-14 font without Cyrillic or Vietnamese glyphs sneaks into a PDF.
"""

from __future__ import annotations

import functools
import io
import logging
import threading
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from lotsen_desktop import __version__
from lotsen_desktop.documents.data import OfficeInfo
from lotsen_desktop.documents.qr import FastQrCode
from lotsen_desktop.i18n import _, format_date_long, format_number, get_language
from lotsen_desktop.paths import resource

log = logging.getLogger(__name__)

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC = "DejaVuSans-BoldOblique"

MARGIN = 20 * mm
"""Safe for office printers (they cannot print the outer 4 to 6 mm)."""
LANDSCAPE_MARGIN = 15 * mm
TOP_MARGIN = 23 * mm
BOTTOM_MARGIN = 23 * mm
FOOTER_BASELINE = 16.5 * mm
"""Footer and running header stay at least 15 mm from every edge of the sheet."""
TEXT_COLOR = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#7a7a7a")
HEAD_BG = colors.HexColor("#e6ecf2")

_font_lock = threading.Lock()
_fonts_ready = False


def register_fonts() -> None:
    """Register the shipped DejaVu Sans files once, as one family (bold and italic markup work)."""
    global _fonts_ready
    with _font_lock:
        if _fonts_ready:
            return
        files = {
            FONT: "DejaVuSans.ttf",
            FONT_BOLD: "DejaVuSans-Bold.ttf",
            FONT_ITALIC: "DejaVuSans-Oblique.ttf",
            FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
        }
        for name, filename in files.items():
            pdfmetrics.registerFont(TTFont(name, str(resource("fonts", filename))))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )
        _fonts_ready = True


def esc(text: object) -> str:
    """Text made safe for Paragraph markup; line breaks kept."""
    escaped = _xml_escape(str(text), {'"': "&quot;", "'": "&#39;"})
    return escaped.replace("\r\n", "\n").replace("\n", "<br/>")


def style(name: str, **overrides: Any) -> ParagraphStyle:
    base: dict[str, Any] = {
        "fontName": FONT,
        "fontSize": 10,
        "leading": 13.5,
        "textColor": TEXT_COLOR,
        "alignment": TA_LEFT,
    }
    base.update(overrides)
    return ParagraphStyle(name, **base)


class Styles:
    """The few paragraph styles the documents use."""

    def __init__(self) -> None:
        register_fonts()
        self.body = style("body", alignment=TA_JUSTIFY, fontSize=10.5, leading=15)
        self.body_left = style("body_left", fontSize=10.5, leading=15)
        self.center = style("center", alignment=TA_CENTER, fontSize=10.5, leading=15)
        self.small = style("small", fontSize=8, leading=10, textColor=MUTED)
        self.small_right = style("small_right", fontSize=8, leading=10, alignment=TA_RIGHT)
        self.office = style("office", fontSize=9, leading=12, alignment=TA_RIGHT)
        self.doc_title = style(
            "doc_title", fontName=FONT_BOLD, fontSize=24, leading=30, alignment=TA_CENTER
        )
        self.heading = style(
            "heading", fontName=FONT_BOLD, fontSize=16, leading=20, alignment=TA_LEFT
        )
        self.name = style(
            "name",
            fontName=FONT_BOLD,
            fontSize=20,
            leading=25,
            alignment=TA_CENTER,
            embeddedHyphenation=1,
            splitLongWords=1,
        )
        self.subtitle = style("subtitle", fontSize=11, leading=15, alignment=TA_CENTER)
        self.title_form = style("title_form", fontSize=15, leading=19, alignment=TA_CENTER)
        self.cell = style("cell", fontSize=9, leading=11.5)
        self.cell_right = style("cell_right", fontSize=9, leading=11.5, alignment=TA_RIGHT)
        self.cell_center = style("cell_center", fontSize=9, leading=11.5, alignment=TA_CENTER)
        self.mark = style("mark", fontSize=8, leading=10, alignment=TA_CENTER)
        self.head = style("head", fontName=FONT_BOLD, fontSize=9, leading=11.5)
        self.head_right = style(
            "head_right", fontName=FONT_BOLD, fontSize=9, leading=11.5, alignment=TA_RIGHT
        )
        self.session_head = style(
            "session_head", fontSize=8, leading=9.5, alignment=TA_CENTER, embeddedHyphenation=1
        )
        self.head_center = style(
            "head_center", fontName=FONT_BOLD, fontSize=8, leading=10, alignment=TA_CENTER
        )


@functools.lru_cache(maxsize=1)
def shared_styles() -> Styles:
    """The styles built once per process (documents never change a shared style)."""
    return Styles()


def para(text: object, st: ParagraphStyle, *, bold: bool = False) -> Paragraph:
    """A paragraph of plain text (escaped here, never markup from data)."""
    markup = esc(text)
    if bold:
        markup = f"<b>{markup}</b>"
    return Paragraph(markup, st)


def units(minutes: int, unit_minutes: int) -> str:
    """Minutes as teaching units, e.g. ``48`` or ``45,3``."""
    return format_number(minutes / unit_minutes if unit_minutes else 0, 1)


def clock_hours(minutes: int) -> str:
    return format_number(minutes / 60, 1)


def hours_note(unit_minutes: int) -> str:
    if unit_minutes == 60:
        return _("Hours of 60 minutes.")
    return _("Hours are teaching units (Unterrichtseinheiten) of {minutes} minutes.").format(
        minutes=unit_minutes
    )


def period_text(first: date | None, last: date | None) -> str:
    """``3. März 2026 – 24. November 2026`` (one date if both are the same)."""
    if first is None and last is None:
        return ""
    if first is None or last is None or first == last:
        return format_date_long(first or last)  # type: ignore[arg-type]
    return f"{format_date_long(first)} – {format_date_long(last)}"


def place_and_date(place: str, on: date) -> str:
    return f"{place}, {format_date_long(on)}" if place.strip() else format_date_long(on)


def logo_flowable(logo: bytes | None, *, max_width: float, max_height: float) -> Flowable | None:
    """The office logo scaled into the box, or ``None`` if there is none or it cannot be read."""
    if not logo:
        return None
    try:
        reader = ImageReader(io.BytesIO(logo))
        width, height = reader.getSize()
    except Exception:  # a damaged logo must not stop a certificate
        log.warning("office logo could not be read; printing without it")
        return None
    if width <= 0 or height <= 0:
        return None
    scale = min(max_width / width, max_height / height)
    image = Image(io.BytesIO(logo), width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return image


def qr_flowable(value: str, size: float = 25 * mm) -> Flowable:
    """A QR code (error correction M) of ``value``, ``size`` square including its quiet zone.

    The flowable draws on the canvas directly; the graphics ``Drawing`` route would reference
    Helvetica, a font we never embed.
    """
    code = FastQrCode(value, width=size, height=size, qrLevel="M", qrBorder=2)
    code.hAlign = "RIGHT"
    return code


def _fit(text: str, width: float, size: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` (for one-line page furniture)."""
    if pdfmetrics.stringWidth(text, FONT, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text + "…"


class _NumberedCanvas(Canvas):
    """Knows the page count when the pages are finished, for "Seite 1 von 3"."""

    footer: Callable[[Canvas, int, int], None] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initialFontName", FONT)
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            if self.footer is not None:
                self.footer(self, number, total)
            super().showPage()
        super().save()


def office_header(office: OfficeInfo, logo: bytes | None, styles: Styles) -> list[Flowable]:
    """Logo on the left, office name and address on the right."""
    left: Flowable | str = logo_flowable(logo, max_width=60 * mm, max_height=22 * mm) or ""
    lines = [f"<b>{esc(office.name)}</b>"] if office.name.strip() else []
    if office.address.strip():
        lines.append(esc(office.address.strip()))
    right = Paragraph("<br/>".join(lines), styles.office)
    table = Table([[left, right]], colWidths=["45%", "55%"])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
            ]
        )
    )
    return [table]


def build_pdf(
    story: Sequence[Flowable],
    *,
    title: str,
    author: str,
    subject: str,
    footer_left: str = "",
    pagesize: tuple[float, float] = A4,
    margin: float = MARGIN,
    running_header: str = "",
) -> bytes:
    """Lay ``story`` out on A4 pages with a footer (``footer_left`` and "Seite x von y").

    The output is invariant (no timestamps, fixed file id): the same data gives the same bytes,
    so a reprint is the same document.
    """
    register_fonts()
    buffer = io.BytesIO()
    width, height = pagesize

    def footer(canvas: Canvas, number: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        y = FOOTER_BASELINE
        page = _("Page {number} of {total}").format(number=number, total=total)
        canvas.drawRightString(width - margin, y, page)
        room = width - 2 * margin - canvas.stringWidth(page, FONT, 7.5) - 6 * mm
        if footer_left:
            canvas.drawString(margin, y, _fit(footer_left, room, 7.5))
        if running_header and number > 1:
            canvas.drawString(
                margin,
                height - FOOTER_BASELINE - 3 * mm,
                _fit(running_header, width - 2 * margin, 7.5),
            )
        canvas.restoreState()

    canvas_class = type("DocumentCanvas", (_NumberedCanvas,), {"footer": staticmethod(footer)})
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=title,
        author=author,
        subject=subject,
        creator=f"Lotsen Desktop {__version__}",
        producer=f"Lotsen Desktop {__version__}",
        invariant=1,
        initialFontName=FONT,
        lang="de-DE" if get_language() == "de" else "en-GB",
    )
    doc.build(list(story), canvasmaker=canvas_class)
    return buffer.getvalue()


A4_LANDSCAPE = landscape(A4)

__all__ = [
    "A4",
    "A4_LANDSCAPE",
    "FONT",
    "FONT_BOLD",
    "HEAD_BG",
    "LANDSCAPE_MARGIN",
    "MARGIN",
    "RULE",
    "Styles",
    "build_pdf",
    "clock_hours",
    "esc",
    "hours_note",
    "logo_flowable",
    "office_header",
    "para",
    "period_text",
    "place_and_date",
    "qr_flowable",
    "register_fonts",
    "shared_styles",
    "units",
]


def markup(template: str, **values: object) -> str:
    """Fill a translated sentence with values, escaping both; ``{name}`` placeholders only."""
    return esc(template).format(**{key: esc(value) for key, value in values.items()})


def signature_block(
    *, place_date: str, office: OfficeInfo, code: str, serial: str, styles: Styles
) -> Flowable:
    """Place and date, a signature line with the signatory, and the register QR code.

    Kept together on one page so a signature never stands alone.
    """
    signatory = [esc(office.signatory_name.strip())] if office.signatory_name.strip() else []
    if office.signatory_role.strip():
        signatory.append(esc(office.signatory_role.strip()))
    left: list[Flowable] = [
        para(place_date, styles.body_left),
        Spacer(1, 12 * mm),
        Table(
            [[""]],
            colWidths=[75 * mm],
            rowHeights=[1],
            style=TableStyle(
                [
                    ("LINEABOVE", (0, 0), (-1, 0), 0.8, TEXT_COLOR),
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                ]
            ),
            hAlign="LEFT",
        ),
        Paragraph("<br/>".join(signatory) or esc(_("Signature")), styles.cell),
    ]
    right: list[Flowable] = []
    if code:
        right = [
            qr_flowable(code),
            Paragraph(
                esc(_("Register number"))
                + f": <b>{esc(serial)}</b><br/>"
                + esc(_("Verification code"))
                + f":<br/><b>{esc(code)}</b>",
                styles.small_right,
            ),
        ]
    table = Table([[left, right]], colWidths=["62%", "38%"])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
            ]
        )
    )
    return KeepTogether([table])


def data_table(
    rows: list[list[Any]],
    col_widths: Sequence[float | str],
    *,
    total_row: bool = False,
    repeat_rows: int = 1,
) -> Flowable:
    """A ruled table whose header row repeats on every page it flows onto."""
    table = Table(rows, colWidths=list(col_widths), repeatRows=repeat_rows, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, repeat_rows), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if repeat_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, repeat_rows - 1), HEAD_BG))
        commands.append(("LINEBELOW", (0, repeat_rows - 1), (-1, repeat_rows - 1), 0.8, RULE))
    else:  # a table of facts: the labels in the first column are shaded
        commands.append(("BACKGROUND", (0, 0), (0, -1), HEAD_BG))
        commands.append(("LINEABOVE", (0, 0), (-1, 0), 0.3, RULE))
    if total_row:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, TEXT_COLOR))
    table.setStyle(TableStyle(commands))
    return table
