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
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
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
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

from lotsen_desktop import __version__
from lotsen_desktop.documents.data import OfficeInfo
from lotsen_desktop.documents.qr import FastQrCode
from lotsen_desktop.i18n import _, format_date_long, format_number, get_language
from lotsen_desktop.paths import resource

if TYPE_CHECKING:
    from lotsen_desktop.documents.stationery import Stationery

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
ACCENT = colors.HexColor("#1f4e79")
"""The documents' one colour: title, frame, rules (dark blue, 8.6:1 on white, prints as grey)."""
FOOTER_BAND = 26 * mm
"""Height of the footer with QR code and register number on registered documents."""
BACKGROUND_TOP = 45 * mm
BACKGROUND_BOTTOM = 30 * mm
BACKGROUND_FOOTER = 19 * mm
"""Room left for the letterhead and footer printed on an office background PDF (DIN 5008):
45 mm at the top, 30 mm at the bottom, and the QR footer band starts 19 mm above the edge."""

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
        self.small_center = style(
            "small_center", fontSize=7.5, leading=9.5, alignment=TA_CENTER, textColor=MUTED
        )
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


class _Stamp:
    """The creation date ReportLab writes into the PDF's info dictionary."""

    def __init__(self, when: datetime) -> None:
        offset = when.utcoffset()
        minutes = int(offset.total_seconds() // 60) if offset is not None else 0
        self.YMDhms = (when.year, when.month, when.day, when.hour, when.minute, when.second)
        self.dhh = int(minutes / 60)
        self.dmm = abs(minutes) % 60


class _NumberedCanvas(Canvas):
    """Knows the page count when the pages are finished, for "Seite 1 von 3"."""

    footer: Callable[[Canvas, int, int], None] | None = None
    created: datetime | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initialFontName", FONT)
        super().__init__(*args, **kwargs)
        # invariant mode keeps the file id and font subsets stable; the date is the real one
        self._doc._timeStamp = _Stamp(self.created or datetime.now().astimezone())
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


def office_header(
    office: OfficeInfo, logo: bytes | None, styles: Styles, *, rule: bool = False
) -> list[Flowable]:
    """Logo on the left, office name and address on the right (and an accent rule below)."""
    left: Flowable | str = logo_flowable(logo, max_width=60 * mm, max_height=18 * mm) or ""
    lines = [f"<b>{esc(office.name)}</b>"] if office.name.strip() else []
    if office.address.strip():
        lines.append(esc(office.address.strip()))
    right = Paragraph("<br/>".join(lines), styles.office)
    table = Table([[left, right]], colWidths=["45%", "55%"])
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
    ]
    if rule:
        commands += [
            ("LINEBELOW", (0, 0), (-1, 0), 1.2, ACCENT),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 8),
        ]
    table.setStyle(TableStyle(commands))
    return [table]


def draw_register_footer(
    canvas: Canvas,
    *,
    left: float,
    right: float,
    serial: str,
    code: str,
    page: str,
    note: str = "",
    bottom: float = 11 * mm,
) -> None:
    """QR code, register number and verification code side by side at the foot of the page."""
    size = 17 * mm
    canvas.saveState()
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(0.6)
    canvas.line(left, bottom + size + 2.5 * mm, right, bottom + size + 2.5 * mm)
    text_x = left
    if code:
        qr = qr_flowable(code, size)
        qr.wrap(size, size)
        qr.drawOn(canvas, left - 1.5 * mm, bottom)
        text_x = left + size + 1.5 * mm
    y = bottom + size - 5.5 * mm
    room = right - text_x - canvas.stringWidth(page, FONT, 7.5) - 6 * mm
    canvas.setFillColor(TEXT_COLOR)
    if serial:
        canvas.setFont(FONT, 7.5)
        label = _("Register number") + " "
        canvas.drawString(text_x, y, label)
        canvas.setFont(FONT_BOLD, 9)
        canvas.drawString(text_x + canvas.stringWidth(label, FONT, 7.5), y, serial)
        y -= 4.2 * mm
    if code:
        canvas.setFont(FONT, 7.5)
        label = _("Verification code") + " "
        canvas.drawString(text_x, y, label)
        canvas.setFont(FONT_BOLD, 7.5)
        canvas.drawString(text_x + canvas.stringWidth(label, FONT, 7.5), y, code)
        y -= 4 * mm
    if note:
        canvas.setFont(FONT, 6.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(text_x, y, _fit(note, room, 6.5))
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(right, bottom + 1 * mm, page)
    canvas.restoreState()


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
    created: datetime | None = None,
    background: Stationery | None = None,
    decorate: Callable[[Canvas, float, float], None] | None = None,
    register: tuple[str, str] | None = None,
    register_note: str = "",
    top_margin: float | None = None,
    footer_bottom: float = 11 * mm,
) -> bytes:
    """Lay ``story`` out on pages with a footer (``footer_left`` and "Seite x von y").

    ``register`` (serial, verification code) replaces the text footer by a band with the QR
    code. ``background`` is drawn under every page, then ``decorate`` (a frame). The file id and
    font subsets are invariant; the creation date is ``created`` (default: now), so tests can
    pin it and a reprint differs from the original only in that date.
    """
    register_fonts()
    buffer = io.BytesIO()
    width, height = pagesize
    top = top_margin if top_margin is not None else TOP_MARGIN
    bottom = BOTTOM_MARGIN
    if background is not None:
        top = max(top, BACKGROUND_TOP)
        footer_bottom = max(footer_bottom, BACKGROUND_FOOTER)
        bottom = max(bottom, BACKGROUND_BOTTOM)
    if register is not None:
        bottom = max(bottom, footer_bottom + FOOTER_BAND)

    def page_start(canvas: Canvas, _doc: Any) -> None:
        if background is not None:
            background.draw(canvas, width, height)
        if decorate is not None:
            decorate(canvas, width, height)

    def footer(canvas: Canvas, number: int, total: int) -> None:
        page = _("Page {number} of {total}").format(number=number, total=total)
        if register is not None:
            draw_register_footer(
                canvas,
                left=margin,
                right=width - margin,
                serial=register[0],
                code=register[1],
                page=page,
                note=register_note,
                bottom=footer_bottom,
            )
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        y = FOOTER_BASELINE
        if register is None:
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

    canvas_class = type(
        "DocumentCanvas",
        (_NumberedCanvas,),
        {"footer": staticmethod(footer), "created": created},
    )
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author=author,
        subject=subject,
        creator=f"Lotsen Desktop {__version__}",
        producer=f"Lotsen Desktop {__version__}",
        invariant=1,
        initialFontName=FONT,
        lang="de-DE" if get_language() == "de" else "en-GB",
    )
    doc.build(
        list(story), onFirstPage=page_start, onLaterPages=page_start, canvasmaker=canvas_class
    )
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


class AtBottom(Flowable):
    """Its content at the foot of the space left on the page (signatures above the footer).

    Takes the rest of the frame if the content fits there, else moves to the next page.
    """

    def __init__(self, content: Flowable) -> None:
        super().__init__()
        self.content = content

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _width, height = self.content.wrap(availWidth, availHeight)
        self.width = availWidth
        if height <= availHeight < 10_000:  # KeepTogether measures with a huge height
            self.height = max(height, availHeight - 1)
        else:
            self.height = height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        self.content.drawOn(self.canv, 0, 0)


class HeaderWhenAtTop(Flowable):
    """The end of a table: with its header row when it starts a page, without when it follows on."""

    def __init__(self, with_header: Flowable, without: Flowable) -> None:
        super().__init__()
        self.with_header = with_header
        self.without = without
        self.chosen = with_header

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        frame = getattr(self, "_frame", None)
        self.chosen = self.with_header if frame is None or frame._atTop else self.without
        width, height = self.chosen.wrap(availWidth, availHeight)
        self.width, self.height = width, height
        return width, height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        self.chosen.drawOn(self.canv, 0, 0)


class StampArea(Flowable):
    """A dashed circle where the office puts its seal or stamp."""

    def __init__(self, diameter: float = 21 * mm) -> None:
        super().__init__()
        self.width = self.height = diameter

    def draw(self) -> None:
        canvas = self.canv
        radius = self.width / 2
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor("#b4b4b4"))
        canvas.setDash(2, 2)
        canvas.setLineWidth(0.5)
        canvas.circle(radius, radius, radius, stroke=1, fill=0)
        canvas.setFillColor(colors.HexColor("#9a9a9a"))
        canvas.setFont(FONT, 6.5)
        canvas.drawCentredString(radius, radius - 2, _("Seal"))
        canvas.restoreState()


def signature_block(
    *,
    place_date: str,
    office: OfficeInfo,
    styles: Styles,
    width: float = 170 * mm,
) -> Flowable:
    """Place and date, the seal area and a signature line with the signatory's name and role.

    Sits at the foot of the page; the register number and QR code are in the footer band below
    (``build_pdf(register=...)``).
    """
    signatory = (
        [f"<b>{esc(office.signatory_name.strip())}</b>"] if office.signatory_name.strip() else []
    )
    if office.signatory_role.strip():
        signatory.append(esc(office.signatory_role.strip()))
    side = (width - 34 * mm) / 2
    rows = [
        [para(place_date, styles.cell_center), StampArea(), ""],
        [
            para(_("Place, date"), styles.small_center),
            "",
            Paragraph("<br/>".join(signatory) or esc(_("Signature")), styles.cell_center),
        ],
    ]
    table = Table(
        rows, colWidths=[side, 34 * mm, side], rowHeights=[15 * mm, None], hAlign="CENTER"
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("SPAN", (1, 0), (1, 1)),
                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                ("VALIGN", (0, 1), (-1, 1), "TOP"),
                ("VALIGN", (1, 0), (1, 1), "MIDDLE"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("LINEBELOW", (0, 0), (0, 0), 0.8, TEXT_COLOR),
                ("LINEBELOW", (2, 0), (2, 0), 0.8, TEXT_COLOR),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 2),
            ]
        )
    )
    return AtBottom(table)


def data_table(
    rows: list[list[Any]],
    col_widths: Sequence[float | str],
    *,
    total_row: bool = False,
    repeat_rows: int = 1,
    continued: bool = False,
) -> Flowable:
    """A ruled table whose header row repeats on every page it flows onto.

    ``continued``: the last rows of a table split off (no header) to stay with the signature.
    """
    table = Table(
        rows, colWidths=list(col_widths), repeatRows=0 if continued else repeat_rows, hAlign="LEFT"
    )
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, repeat_rows), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if continued:
        commands.append(("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE))
    elif repeat_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, repeat_rows - 1), HEAD_BG))
        commands.append(("LINEBELOW", (0, repeat_rows - 1), (-1, repeat_rows - 1), 0.8, RULE))
    else:  # a table of facts: the labels in the first column are shaded
        commands.append(("BACKGROUND", (0, 0), (0, -1), HEAD_BG))
        commands.append(("LINEABOVE", (0, 0), (-1, 0), 0.3, RULE))
    if total_row:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, TEXT_COLOR))
    table.setStyle(TableStyle(commands))
    return table
