"""Render the example documents (PDF and 60 dpi PNG) from the sample data.

python docs/examples/make_examples.py
"""

from __future__ import annotations

import dataclasses
import io
import subprocess
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from PIL import Image, ImageDraw  # noqa: E402

from lotsen_desktop.documents import (  # noqa: E402
    activity_pdf,
    attendance_sheet_pdf,
    certificate_pdf,
    participation_pdf,
)
from lotsen_desktop.documents import samples as s  # noqa: E402
from lotsen_desktop.documents.data import PersonInfo  # noqa: E402


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
    documents = {
        "zertifikat": certificate_pdf(s.sample_certificate(), code=code, logo=logo()),
        "zertifikat-lang": certificate_pdf(long_certificate, code=code),
        "teilnahmebescheinigung": participation_pdf(
            s.sample_participation(), code="IL-2026-0008-5D2E0A91", logo=logo()
        ),
        "taetigkeitsnachweis": activity_pdf(
            s.sample_activity(), code="IL-2026-0009-C41F7B03", logo=logo()
        ),
        "anwesenheitsliste-leer": attendance_sheet_pdf(
            s.sample_attendance_sheet(participants=40, sessions=14)
        ),
        "anwesenheitsliste-ausgefuellt": attendance_sheet_pdf(
            s.sample_attendance_sheet(blank=False)
        ),
    }
    for old in HERE.glob("*.png"):
        old.unlink()
    for name, pdf in documents.items():
        target = HERE / f"{name}.pdf"
        target.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(target), str(HERE / name)], check=True)
        print(target.name)


if __name__ == "__main__":
    main()
