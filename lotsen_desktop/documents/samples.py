"""Example data with difficult names: for the examples in ``docs/``, tests and a settings preview."""

from __future__ import annotations

from datetime import date, timedelta

from lotsen_desktop.documents.data import (
    ActivityData,
    AreaMinutes,
    AttendanceSheetData,
    CertificateData,
    MeetingLine,
    ModuleLine,
    OfficeInfo,
    ParticipationData,
    PersonInfo,
    SheetMark,
    SheetParticipant,
    SheetSession,
)
from lotsen_desktop.domain.vocabulary import AttendanceState

DIFFICULT_NAMES: tuple[tuple[str, str], ...] = (
    ("İlkay", "Şahin"),
    ("Thị Ánh", "Nguyễn"),
    ("Łukasz", "Wąsowski"),
    ("Олена", "Коваленко"),
    ('Ana <b> & "Quote"', "O'Neil"),
)

SAMPLE_OFFICE = OfficeInfo(
    name="Volkshochschule Musterstadt & Umgebung",
    address="Koordinierungsstelle Integrationslotsen\nMarktplatz 1\n30159 Musterstadt",
    place="Musterstadt",
    signatory_name="Dr. Sabine Müller-Lüdenscheidt",
    signatory_role="Leitung der Koordinierungsstelle",
)

SAMPLE_TEXT = (
    "hat an der Qualifizierung zur Integrationslotsin im Programm „Integrationslotsinnen und "
    "Integrationslotsen in Niedersachsen“ des Landes Niedersachsen erfolgreich teilgenommen. "
    "Die Qualifizierung vermittelt soziale und kommunikative Kompetenzen für die ehrenamtliche "
    "Begleitung von Migrantinnen und Migranten."
)


def sample_person(index: int = 0, *, title_form: str = "lotsin") -> PersonInfo:
    given, family = DIFFICULT_NAMES[index % len(DIFFICULT_NAMES)]
    return PersonInfo(
        given_name=given,
        family_name=family,
        birth_date=date(1984, 3, 7),
        title_form=title_form,
    )


def sample_certificate(*, modules: int = 3, person: PersonInfo | None = None) -> CertificateData:
    lines = [
        ModuleLine(
            "Basisqualifizierung Integrationslotsin/Integrationslotse",
            "basis",
            date(2026, 2, 7),
            date(2026, 5, 16),
            46 * 45,
            48 * 45,
        )
    ]
    specials = ["Schule und Bildung", "Gesundheit", "Kulturdolmetschen", "Behördenbegleitung"]
    for number in range(1, modules):
        start = date(2026, 6, 6) + timedelta(days=35 * number)
        lines.append(
            ModuleLine(
                specials[(number - 1) % len(specials)]
                + ("" if number <= len(specials) else f" (Vertiefung {number})"),
                "spezialisierung",
                start,
                start + timedelta(days=14),
                16 * 45,
                16 * 45,
            )
        )
    return CertificateData(
        serial="IL-2026-0007",
        issued_on=date(2026, 11, 24),
        issue_place=SAMPLE_OFFICE.place,
        office=SAMPLE_OFFICE,
        person=person or sample_person(),
        title="Integrationslotsin",
        body_text=SAMPLE_TEXT,
        modules=tuple(lines),
        unit_minutes=45,
        qualified_on=date(2026, 5, 16),
    )


def sample_participation(person: PersonInfo | None = None) -> ParticipationData:
    return ParticipationData(
        serial="IL-2026-0008",
        issued_on=date(2026, 11, 24),
        issue_place=SAMPLE_OFFICE.place,
        office=SAMPLE_OFFICE,
        person=person or sample_person(3),
        module_title="Basisqualifizierung Integrationslotsin/Integrationslotse",
        module_kind="basis",
        module_contents=(
            "Rolle und Grenzen des Ehrenamts; Grundlagen des Migrations- und Integrationsrechts; "
            "interkulturelle Kommunikation; lokale Unterstützungsangebote; Selbstfürsorge"
        ),
        course_title="Basisqualifizierung Frühjahr 2026",
        course_place="VHS Musterstadt, Raum 2.14",
        first_date=date(2026, 2, 7),
        last_date=date(2026, 5, 16),
        planned_minutes=48 * 45,
        attended_minutes=30 * 45,
        completed=False,
        unit_minutes=45,
    )


def sample_activity(person: PersonInfo | None = None) -> ActivityData:
    return ActivityData(
        serial="IL-2026-0009",
        issued_on=date(2026, 11, 24),
        issue_place=SAMPLE_OFFICE.place,
        office=SAMPLE_OFFICE,
        person=person or sample_person(1, title_form="neutral"),
        title="Integrationslotsin/Integrationslotse",
        date_from=date(2026, 1, 1),
        date_to=date(2026, 10, 31),
        qualified_on=date(2025, 5, 16),
        areas=(
            AreaMinutes("behoerden", 41 * 60 + 30),
            AreaMinutes("gesundheit", 18 * 60),
            AreaMinutes("schule", 27 * 60 + 15),
            AreaMinutes("sprache", 62 * 60),
        ),
        entries_count=87,
        meetings=(
            MeetingLine(date(2026, 2, 12), "reflexion", "Grenzen setzen im Ehrenamt"),
            MeetingLine(date(2026, 5, 14), "austausch", "Erfahrungen mit Behördenterminen"),
            MeetingLine(date(2026, 9, 10), "supervision", ""),
        ),
    )


def sample_attendance_sheet(
    *, participants: int = 12, sessions: int = 12, blank: bool = True
) -> AttendanceSheetData:
    dates = [date(2026, 2, 7) + timedelta(days=7 * i) for i in range(sessions)]
    sheet_sessions = tuple(
        SheetSession(d, 9 * 60, 15 * 60, "Interkulturelle Kommunikation" if i % 3 == 0 else "")
        for i, d in enumerate(dates)
    )
    present, excused, absent, partial = (
        AttendanceState.PRESENT.value,
        AttendanceState.EXCUSED.value,
        AttendanceState.ABSENT.value,
        AttendanceState.PARTIAL.value,
    )
    states = [present, present, present, excused, present, absent, partial]
    people = []
    for i in range(participants):
        given, family = DIFFICULT_NAMES[i % len(DIFFICULT_NAMES)]
        marks: list[SheetMark | None] = []
        for s in range(sessions):
            if i == 2 and s < 2:
                marks.append(SheetMark("not_enrolled"))
                continue
            state = states[(i + s) % len(states)]
            marks.append(SheetMark(state, 120 if state == partial else None))
        suffix = f" {i + 1}" if i >= len(DIFFICULT_NAMES) else ""
        people.append(SheetParticipant(f"{family}{suffix}, {given}", tuple(marks)))
    return AttendanceSheetData(
        office=SAMPLE_OFFICE,
        course_title="Basisqualifizierung Frühjahr 2026",
        module_title="Basisqualifizierung Integrationslotsin/Integrationslotse",
        module_kind="basis",
        place="VHS Musterstadt, Raum 2.14",
        trainers="Aylin Demir, Jörg Weiß",
        sessions=sheet_sessions,
        participants=tuple(people),
        blank=blank,
        printed_on=date(2026, 11, 24),
    )
