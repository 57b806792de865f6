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
