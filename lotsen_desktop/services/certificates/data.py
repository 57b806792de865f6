"""What a document prints: gathered through the other services, before it has a serial.

Also reads what the register stored (holder, subject) back out of a document's content.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import func, select

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
from lotsen_desktop.domain import names
from lotsen_desktop.domain.vocabulary import Area, CertificateKind, TitleForm
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.i18n import _, format_date_short, get_language
from lotsen_desktop.services import courses, mentoring, progress, setup, volunteers
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import Assignment, LogEntry, ReflectionAttendee, ReflectionMeeting

TITLE_DATIVE = {
    TitleForm.LOTSIN.value: "zur Integrationslotsin",
    TitleForm.LOTSE.value: "zum Integrationslotsen",
    TitleForm.NEUTRAL.value: "zur Integrationslotsin/zum Integrationslotsen",
}
"""German needs the article with the title: "Qualifizierung zur Integrationslotsin"."""


SUGGESTED_CERTIFICATE_TEXT = (
    "hat die Qualifizierung im Programm „Integrationslotsinnen und Integrationslotsen in "
    "Niedersachsen“ des Landes Niedersachsen erfolgreich abgeschlossen und ist damit als {title} "
    "qualifiziert. Die Qualifizierung vermittelt soziale und kommunikative Kompetenzen für die "
    "ehrenamtliche Begleitung von Migrantinnen und Migranten."
)
"""A default that reads right for every title form ("als {title}" keeps the nominative)."""


ENGLISH_CERTIFICATE_TEXT = (
    "has successfully completed the qualification as {title} in the programme "
    "“Integrationslotsinnen und Integrationslotsen in Niedersachsen” of the Land Niedersachsen. "
    "The qualification teaches social and communicative skills for accompanying migrants as a "
    "volunteer."
)
"""Used instead of the shipped German default when documents are printed in English."""


def kind_label(kind: str) -> str:
    try:
        return CertificateKind(kind).label
    except ValueError:
        return kind


def office_info(settings: setup.OfficeSettings) -> OfficeInfo:
    """The issuing office as printed; a document without a Träger name is refused."""
    if not settings.is_configured:
        raise ValidationError(
            _(
                "Enter the name of the Träger in the settings first: it is printed on every document "
                "(CLI: office set --name)."
            ),
            field="name",
        )
    return OfficeInfo(
        name=settings.name,
        address=settings.address,
        place=settings.place,
        signatory_name=settings.signatory_name,
        signatory_role=settings.signatory_role,
    )


def _title(title_form: str) -> str:
    try:
        return TitleForm(title_form).label
    except ValueError:
        return TitleForm.NEUTRAL.label


def certificate_body(template: str, *, title_form: str, name: str) -> str:
    """Fill the office's certificate text.

    Placeholders: ``{title}`` (Integrationslotsin / Integrationslotse / both),
    ``{title_dative}`` ("zur Integrationslotsin", "zum Integrationslotsen", both) and ``{name}``.
    "zur {title}" and "zum {title}" in older texts become the right dative form. Unknown
    placeholders stay as typed, so a typo in the settings never stops a certificate.
    """
    form = title_form if title_form in TITLE_DATIVE else TitleForm.NEUTRAL.value
    text = re.sub(r"\bzu[rm]\s+\{title\}", "{title_dative}", template)
    values = {"title": _title(form), "title_dative": TITLE_DATIVE[form], "name": name}
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), text)


def _certificate_template(settings: setup.OfficeSettings) -> str:
    text = settings.certificate_text or setup.DEFAULT_CERTIFICATE_TEXT
    if get_language() == "en" and text.strip() == setup.DEFAULT_CERTIFICATE_TEXT.strip():
        return ENGLISH_CERTIFICATE_TEXT
    return text


def certificate_data(
    store: Store, *, volunteer_id: str, issued_on: date | None = None
) -> CertificateData:
    """What a Zertifikat for this person would print (serial still empty)."""
    detail = volunteers.get_volunteer(store, volunteer_id)
    person = PersonInfo(detail.given_name, detail.family_name, detail.birth_date, detail.title_form)
    return certificate_from(
        person,
        progress.volunteer_progress(store, volunteer_id),
        setup.get_office(store),
        issued_on=issued_on,
        display_name=detail.display_name,
    )


def certificate_from(
    person: PersonInfo,
    standing: progress.Progress | None,
    settings: setup.OfficeSettings,
    *,
    issued_on: date | None,
    display_name: str,
) -> CertificateData:
    """A Zertifikat from data already gathered (one person, or each of a batch)."""
    if standing is None or not standing.qualified:
        raise ValidationError(
            _(
                "{name} has not completed the qualification yet, so no certificate can be "
                "issued. A certificate of participation can be printed for each course."
            ).format(name=display_name),
            field="volunteer_id",
        )
    completed = sorted(
        (m for m in standing.modules if m.completed),
        key=lambda m: (m.first_date or date.max, m.module_title),
    )
    return CertificateData(
        serial="",
        issued_on=issued_on or date.today(),
        issue_place=settings.place,
        office=office_info(settings),
        person=person,
        title=_title(person.title_form),
        body_text=certificate_body(
            _certificate_template(settings),
            title_form=person.title_form,
            name=person.full_name,
        ),
        modules=tuple(
            ModuleLine(
                m.module_title,
                m.kind,
                m.first_date,
                m.last_date,
                m.attended_minutes,
                m.planned_minutes,
            )
            for m in completed
        ),
        unit_minutes=standing.unit_minutes,
        qualified_on=standing.qualified_on,
    )


def participation_data(
    store: Store, *, course_id: str, volunteer_id: str, issued_on: date | None = None
) -> ParticipationData:
    """What a Teilnahmebescheinigung for one course would print (serial still empty)."""
    course = courses.get_course(store, course_id)
    participant = next((p for p in course.participants if p.volunteer_id == volunteer_id), None)
    if participant is None:
        raise ValidationError(
            _("This person is not enrolled in the course {course}.").format(course=course.title),
            field="volunteer_id",
        )
    return participation_from(
        course,
        participant,
        progress.course_progress(store, course_id).get(volunteer_id),
        setup.get_office(store),
        issued_on=issued_on,
    )


def participation_from(
    course: courses.CourseDetail,
    participant: courses.ParticipantRow,
    standing: progress.ModuleProgress | None,
    settings: setup.OfficeSettings,
    *,
    issued_on: date | None,
) -> ParticipationData:
    """A Teilnahmebescheinigung from data already gathered (one person, or each of a batch)."""
    name = f"{participant.given_name} {participant.family_name}"
    if standing is None or standing.attended_minutes <= 0:
        raise ValidationError(
            _("{name} has no attended hours recorded in {course}.").format(
                name=name, course=course.title
            ),
            field="volunteer_id",
        )
    return ParticipationData(
        serial="",
        issued_on=issued_on or date.today(),
        issue_place=settings.place,
        office=office_info(settings),
        person=PersonInfo(
            participant.given_name,
            participant.family_name,
            participant.birth_date,
            participant.title_form,
        ),
        module_title=course.module.title,
        module_kind=course.module.kind,
        module_contents=course.module.contents,
        course_title=course.title,
        course_place=course.place,
        first_date=course.first_date,
        last_date=course.last_date,
        planned_minutes=standing.planned_minutes,
        attended_minutes=standing.attended_minutes,
        completed=standing.completed,
        unit_minutes=settings.unit_minutes,
        course_id=course.id,
    )


def activity_start(store: Store, volunteer_id: str) -> date | None:
    """The day the person's volunteer work began: first Begleitung, contact or reflection meeting.

    A Tätigkeitsnachweis never starts before it (the default period starts there, and a longer
    period asked for is printed from there).
    """
    with store.new_session() as session:
        firsts = [
            session.scalar(
                select(func.min(Assignment.started_on)).where(
                    Assignment.volunteer_id == volunteer_id
                )
            ),
            session.scalar(
                select(func.min(LogEntry.entry_date))
                .join(Assignment, Assignment.id == LogEntry.assignment_id)
                .where(Assignment.volunteer_id == volunteer_id)
            ),
            session.scalar(
                select(func.min(ReflectionMeeting.held_on))
                .join(ReflectionAttendee, ReflectionAttendee.meeting_id == ReflectionMeeting.id)
                .where(ReflectionAttendee.volunteer_id == volunteer_id)
            ),
        ]
    known = [day for day in firsts if day is not None]
    return min(known) if known else None


def activity_data(
    store: Store,
    *,
    volunteer_id: str,
    date_from: date,
    date_to: date,
    issued_on: date | None = None,
) -> ActivityData:
    """What a Tätigkeitsnachweis would print: hours by area and meetings, never mentee data."""
    summary = mentoring.activity_summary(
        store, volunteer_id=volunteer_id, date_from=date_from, date_to=date_to
    )
    detail = volunteers.get_volunteer(store, volunteer_id)
    if summary.total_minutes <= 0 and not summary.meetings:
        raise ValidationError(
            _(
                "No volunteer work or reflection meetings are recorded for {name} from {start} to {end}."
            ).format(
                name=detail.display_name,
                start=format_date_short(date_from),
                end=format_date_short(date_to),
            )
        )
    standing = progress.volunteer_progress(store, volunteer_id)
    settings = setup.get_office(store)
    started = activity_start(store, volunteer_id)
    if started is not None and date_from < started <= date_to:
        date_from = started

    def area_order(item: tuple[str, int]) -> tuple[int, str]:
        try:
            label = Area(item[0]).label
        except ValueError:
            label = item[0]
        return (-item[1], names.fold(label))

    return ActivityData(
        serial="",
        issued_on=issued_on or date.today(),
        issue_place=settings.place,
        office=office_info(settings),
        person=PersonInfo(
            detail.given_name, detail.family_name, detail.birth_date, detail.title_form
        ),
        title=_title(detail.title_form),
        date_from=date_from,
        date_to=date_to,
        qualified_on=standing.qualified_on,
        areas=tuple(
            AreaMinutes(area, minutes)
            for area, minutes in sorted(summary.minutes_by_area.items(), key=area_order)
            if minutes > 0
        ),
        entries_count=summary.entries_count,
        meetings=tuple(MeetingLine(held, kind, topic) for held, kind, topic in summary.meetings),
    )


def attendance_sheet_data(store: Store, *, course_id: str, blank: bool) -> AttendanceSheetData:
    grid = courses.attendance_grid(store, course_id)
    course = grid.course
    settings = setup.get_office(store)
    participants = []
    for person in courses.participants_sorted(course.participants):
        marks: list[SheetMark | None] = []
        for session in course.sessions:
            cell = grid.cell(person.volunteer_id, session.id)
            if cell.state == courses.NOT_ENROLLED:
                marks.append(SheetMark("not_enrolled"))
            elif blank or not cell.state:
                marks.append(None)
            else:
                marks.append(SheetMark(cell.state, cell.minutes))
        # as the grid shows it: namesakes with birth year, place or short id, so that each
        # signs on their own line
        participants.append(SheetParticipant(person.distinct_name, tuple(marks)))
    return AttendanceSheetData(
        office=office_info(settings),
        course_title=course.title,
        module_title=course.module.title,
        module_kind=course.module.kind,
        place=course.place,
        trainers=course.trainers,
        sessions=tuple(
            SheetSession(s.session_date, s.start_minute, s.end_minute, s.topic)
            for s in course.sessions
        ),
        participants=tuple(participants),
        blank=blank,
        printed_on=date.today(),
    )


def without_identity(content: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in content.items() if k not in {"serial", "issued_on"}}


def holder_of(content: dict[str, Any]) -> str:
    person = content.get("person") or {}
    return " ".join(
        part for part in (person.get("given_name", ""), person.get("family_name", "")) if part
    )


def subject_of(content: dict[str, Any]) -> str:
    kind = content.get("kind")
    if kind == CertificateKind.CERTIFICATE.value:
        return str(content.get("title", ""))
    if kind == CertificateKind.PARTICIPATION.value:
        return f"{content.get('module_title', '')} – {content.get('course_title', '')}"
    if kind == CertificateKind.ACTIVITY_RECORD.value:
        try:
            start = date.fromisoformat(content["date_from"])
            end = date.fromisoformat(content["date_to"])
        except (KeyError, TypeError, ValueError):
            return ""
        return f"{format_date_short(start)} – {format_date_short(end)}"
    return ""
