"""Render the example documents (PDF and 72 dpi PNG) from the sample data.

``briefpapier-muster.pdf`` is a made-up office stationery (one page) used as background PDF for
the ``*-briefpapier`` examples.

python docs/examples/make_examples.py
"""

from __future__ import annotations

import dataclasses
import io
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from PIL import Image, ImageDraw  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from lotsen_desktop.documents import (  # noqa: E402
    activity_pdf,
    attendance_sheet_pdf,
    certificate_pdf,
    load_stationery,
    participation_pdf,
)
from lotsen_desktop.documents import samples as s  # noqa: E402
from lotsen_desktop.documents.base import FONT, FONT_BOLD, register_fonts  # noqa: E402
from lotsen_desktop.documents.data import PersonInfo  # noqa: E402

CREATED = datetime(2026, 11, 24, 10, 30, tzinfo=timezone(timedelta(hours=1)))


def logo() -> bytes:
    image = Image.new("RGB", (480, 160), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, 150, 156), radius=24, fill=(0, 84, 140))
    draw.ellipse((40, 40, 114, 114), fill=(255, 196, 0))
    for y in (40, 75, 110):
        draw.rectangle((175, y, 470 - (y - 40) * 2, y + 18), fill=(0, 84, 140))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def briefpapier() -> bytes:
    """A one-page stationery: colour bands, logo, sender line, footer with bank details."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    width, height = A4
    blue = colors.HexColor("#00548c")
    canvas.setFillColor(blue)
    canvas.rect(0, height - 10 * mm, width, 10 * mm, stroke=0, fill=1)
    canvas.drawImage(
        ImageReader(io.BytesIO(logo())), 20 * mm, height - 36 * mm, width=54 * mm, height=18 * mm
    )
    canvas.setFillColor(colors.black)
    canvas.setFont(FONT_BOLD, 10)
    canvas.drawRightString(width - 20 * mm, height - 22 * mm, "Stadt Musterstadt")
    canvas.setFont(FONT, 8)
    canvas.drawRightString(width - 20 * mm, height - 27 * mm, "Fachbereich Integration")
    canvas.drawRightString(width - 20 * mm, height - 31 * mm, "Rathausplatz 1 · 30159 Musterstadt")
    canvas.setFillColor(blue)
    canvas.rect(0, 0, width, 5 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.HexColor("#555555"))
    canvas.setFont(FONT, 7)
    canvas.drawCentredString(
        width / 2,
        9 * mm,
        "Stadt Musterstadt · IBAN DE00 2505 0000 0000 0000 00 · www.musterstadt.example",
    )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def main() -> None:
    code = "IL-2026-0007-3F9A2C1B"
    long_person = PersonInfo(
        'Ana <b> & "Quote" Maria-Magdalena Konstantinopoulou-Wiesengrund',
        "O'Neil-Schwarzenberg-Hohenlohe-Langenburg",
        date(1990, 1, 2),
        "neutral",
    )
    long_certificate = dataclasses.replace(
        s.sample_certificate(modules=14, person=long_person),
        title="Integrationslotsin/Integrationslotse",
    )
    background = briefpapier()
    (HERE / "briefpapier-muster.pdf").write_bytes(background)
    paper = load_stationery(background)
    documents = {
        "zertifikat": certificate_pdf(
            s.sample_certificate(), code=code, logo=logo(), created=CREATED
        ),
        "zertifikat-lang": certificate_pdf(long_certificate, code=code, created=CREATED),
        "zertifikat-briefpapier": certificate_pdf(
            s.sample_certificate(person=s.sample_person(1)),
            code=code,
            background=paper,
            created=CREATED,
        ),
        "teilnahmebescheinigung": participation_pdf(
            s.sample_participation(), code="IL-2026-0008-5D2E0A91", logo=logo(), created=CREATED
        ),
        "taetigkeitsnachweis": activity_pdf(
            s.sample_activity(), code="IL-2026-0009-C41F7B03", logo=logo(), created=CREATED
        ),
        "taetigkeitsnachweis-briefpapier": activity_pdf(
            dataclasses.replace(
                s.sample_activity(), entries_count=1, areas=s.sample_activity().areas[:1]
            ),
            code="IL-2026-0009-C41F7B03",
            background=paper,
            created=CREATED,
        ),
        "anwesenheitsliste-leer": attendance_sheet_pdf(
            s.sample_attendance_sheet(participants=40, sessions=14), logo=logo(), created=CREATED
        ),
        "anwesenheitsliste-ausgefuellt": attendance_sheet_pdf(
            s.sample_attendance_sheet(blank=False), logo=logo(), created=CREATED
        ),
    }
    for old in HERE.glob("*.png"):
        old.unlink()
    for name, pdf in documents.items():
        target = HERE / f"{name}.pdf"
        target.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "72", str(target), str(HERE / name)], check=True)
        print(target.name)


if __name__ == "__main__":
    main()
