"""Building an office with qualified people through the services (shared by the document tests)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from lotsen_desktop.services import courses, setup, volunteers
from lotsen_desktop.store.database import Store

DIFFICULT_PEOPLE: tuple[tuple[str, str, str], ...] = (
    ("İlkay", "Şahin", "lotsin"),
    ("Thị Ánh", "Nguyễn", "neutral"),
    ("Łukasz", "Wąsowski", "lotse"),
    ("Олена", "Коваленко", "lotsin"),
    ('Ana <b> & "Quote"', "O'Neil", "neutral"),
)

FIRST_SESSION = date(2026, 2, 7)


def configure_office(store: Store, **overrides: object) -> None:
    fields: dict[str, object] = {
        "name": "VHS Musterstadt & Umgebung",
        "address": "Marktplatz 1\n30159 Musterstadt",
        "place": "Musterstadt",
        "signatory_name": "Dr. Sabine Müller",
        "signatory_role": "Leitung der Koordinierungsstelle",
        "certificate_prefix": "IL",
    }
    fields.update(overrides)
    setup.update_office(store, **fields)


def add_people(
    store: Store, people: Sequence[tuple[str, str, str]] = DIFFICULT_PEOPLE
) -> list[str]:
    return [
        volunteers.add_volunteer(
            store,
            given_name=given,
            family_name=family,
            title_form=form,
            birth_date=date(1984, 3, 7),
        )
        for given, family, form in people
    ]


def add_course(
    store: Store,
    volunteer_ids: Sequence[str],
    *,
    module_code: str = "BASIS",
    title: str = "Basisqualifizierung Frühjahr 2026",
    sessions: int = 12,
    missed: Mapping[str, int] | None = None,
    first: date = FIRST_SESSION,
) -> str:
    """A course with weekly sessions; everyone present except the first ``missed[id]`` sessions."""
    course_id = courses.add_course(
        store,
        module_code=module_code,
        title=title,
        session_dates=[first + timedelta(days=7 * i) for i in range(sessions)],
        place="VHS Musterstadt, Raum 2.14",
        trainers="Aylin Demir",
    )
    courses.enrol_volunteers(
        store, course_id=course_id, volunteer_ids=list(volunteer_ids), enrolled_on=first
    )
    missed = missed or {}
    for index, session in enumerate(courses.get_course(store, course_id).sessions):
        present = [v for v in volunteer_ids if index >= missed.get(v, 0)]
        if present:
            courses.set_attendance(
                store,
                course_id=course_id,
                session_id=session.id,
                volunteer_ids=present,
                state="anwesend",
            )
    return course_id


def without_dates(pdf: bytes) -> bytes:
    """The PDF with its creation and modification dates blanked: a reprint differs only there."""
    import re

    return re.sub(rb"/(CreationDate|ModDate) \(D:[^)]*\)", rb"/\1 ()", pdf)


def stationery_pdf(pages: int = 1, *, line: str = "Stadt Musterstadt · IBAN DE00 1234") -> bytes:
    """A made-up office stationery: a coloured band, an image and a footer line in its own font."""
    import io

    from PIL import Image
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    picture = io.BytesIO()
    Image.new("RGB", (60, 20), (0, 84, 140)).save(picture, format="PNG")
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    for _page in range(pages):
        canvas.setFillColor(colors.HexColor("#00548c"))
        canvas.rect(0, A4[1] - 28, A4[0], 28, stroke=0, fill=1)
        canvas.drawImage(ImageReader(io.BytesIO(picture.getvalue())), 56, A4[1] - 100, 150, 50)
        canvas.setFillColor(colors.black)
        canvas.setFont("Times-Roman", 8)
        canvas.drawCentredString(A4[0] / 2, 24, line)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
