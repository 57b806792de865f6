"""Realistic demo data: volunteers with names from many origins, courses with attendance, mentoring.

Deterministic for a seed. Runs in one transaction: cancelling leaves the database as it was.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lotsen_desktop.domain import names
from lotsen_desktop.domain.vocabulary import (
    Area,
    AttendanceState,
    ConsentPurpose,
    ContactKind,
    LanguageLevel,
    MeetingKind,
    VolunteerStatus,
)
from lotsen_desktop.errors import LotsenError, ValidationError
from lotsen_desktop.i18n import _
from lotsen_desktop.services.setup import DEFAULT_MODULES
from lotsen_desktop.store.database import Store, UnitOfWork
from lotsen_desktop.store.models import (
    Assignment,
    Attendance,
    Consent,
    Course,
    CourseSession,
    Enrolment,
    HelpRequest,
    IntakeConversation,
    LogEntry,
    Module,
    ReflectionAttendee,
    ReflectionMeeting,
    StatusChange,
    Volunteer,
    VolunteerInterest,
    VolunteerLanguage,
    natural_id,
    new_id,
)

ProgressCallback = Callable[[int, int], bool]


class DemoCancelled(LotsenError):
    """The user cancelled; nothing was written."""


@dataclass(frozen=True)
class Origin:
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]
    languages: tuple[str, ...]
    country: str


ORIGINS: tuple[Origin, ...] = (
    Origin(
        (
            "Anna",
            "Katrin",
            "Jana",
            "Sabine",
            "Ursula",
            "Lena",
            "Jülide",
            "Marie",
            "Gisela",
            "Friederike",
        ),
        (
            "Jörg",
            "Thomas",
            "Michael",
            "Lukas",
            "Jürgen",
            "Hans-Peter",
            "Björn",
            "Matthias",
            "Klaus",
            "Tobias",
        ),
        (
            "Müller",
            "Schröder",
            "Meyer",
            "Weiß",
            "Köhler",
            "Groß",
            "Bäcker",
            "Öztürk-Lange",
            "von der Heide",
            "Fuß",
        ),
        ("Deutsch", "Englisch", "Französisch"),
        "Deutschland",
    ),
    Origin(
        ("İlkay", "Ayşe", "Elif", "Gülşen", "Şebnem", "Zeynep", "Büşra", "Özlem"),
        ("Mehmet", "Ömer", "Çağrı", "Barış", "Uğur", "Serkan", "İbrahim", "Emre"),
        ("Şahin", "Yılmaz", "Öztürk", "Çelik", "Doğan", "Kılıç", "Aydın", "Güneş"),
        ("Türkisch", "Kurdisch", "Deutsch"),
        "Türkei",
    ),
    Origin(
        ("Fatima", "Aisha", "Rania", "Layla", "Nour", "Huda", "Samira"),
        ("Mohammed", "Ahmad", "Khaled", "Omar", "Yusuf", "Tarek", "Hassan"),
        ("Al-Hassan", "Haddad", "Khalil", "Mansour", "Nasser", "Saleh", "El-Amin"),
        ("Arabisch", "Deutsch", "Englisch"),
        "Syrien",
    ),
    Origin(
        ("Shirin", "Maryam", "Parisa", "Nasrin", "Laleh", "Zahra"),
        ("Reza", "Dariush", "Kaveh", "Mehdi", "Farhad", "Arash"),
        ("Hosseini", "Rahimi", "Karimi", "Moradi", "Tehrani", "Ahmadi"),
        ("Persisch", "Dari", "Deutsch"),
        "Iran",
    ),
    Origin(
        ("Agnieszka", "Małgorzata", "Zofia", "Katarzyna", "Joanna"),
        ("Łukasz", "Paweł", "Wojciech", "Grzegorz", "Michał"),
        ("Nowak", "Wiśniewski", "Kowalczyk", "Dąbrowski", "Szymańska", "Żak"),
        ("Polnisch", "Deutsch"),
        "Polen",
    ),
    Origin(
        ("Олена", "Наталія", "Ірина", "Оксана", "Tetiana", "Olha"),
        ("Андрій", "Сергій", "Mykola", "Dmytro", "Олександр"),
        ("Шевченко", "Коваленко", "Бондаренко", "Kravchenko", "Tkachenko"),
        ("Ukrainisch", "Russisch", "Deutsch"),
        "Ukraine",
    ),
    Origin(
        ("Natalja", "Swetlana", "Jelena", "Ljudmila"),
        ("Wladimir", "Alexej", "Dmitri", "Juri"),
        ("Iwanow", "Smirnowa", "Kusnezow", "Popow", "Schmidt"),
        ("Russisch", "Deutsch"),
        "Kasachstan",
    ),
    Origin(
        ("Thị Ánh", "Thu Hằng", "Ngọc Lan", "Phương"),
        ("Văn Minh", "Đức Anh", "Quang Huy", "Tuấn"),
        ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng"),
        ("Vietnamesisch", "Deutsch"),
        "Vietnam",
    ),
    Origin(
        ("Amina", "Fadumo", "Hawa", "Saida"),
        ("Abdi", "Yonas", "Tesfaye", "Mamadou"),
        ("Mohamed", "Tesfamariam", "Diallo", "Okafor", "Haile"),
        ("Somali", "Tigrinya", "Französisch", "Englisch"),
        "Eritrea",
    ),
)

TRICKY_NAMES = (
    ("Ana <b>", 'O\'Neil & "Partner"'),
    ("Nguyễn Thị", "Ánh"),
    ("İlkay", "Şahin"),
    ("Łukasz", "Żółkiewski"),
    ("Олена", "Шевченко"),
)

CITIES = (
    ("30159", "Hannover"),
    ("38100", "Braunschweig"),
    ("26122", "Oldenburg"),
    ("49074", "Osnabrück"),
    ("37073", "Göttingen"),
    ("31134", "Hildesheim"),
    ("21335", "Lüneburg"),
    ("26721", "Emden"),
    ("29221", "Celle"),
)
STREETS = (
    "Hauptstraße",
    "Bahnhofstraße",
    "Lindenallee",
    "Am Markt",
    "Schulweg",
    "Kirchplatz",
    "Gartenstraße",
)
INSTITUTIONS = (
    "Grundschule Am Lindenhof",
    "IGS Mühlenberg",
    "Gemeinschaftsunterkunft Nordstadt",
    "Jobcenter Region",
    "Familienzentrum Südstadt",
    "Kita Regenbogen",
    "Sozialamt",
    "Migrantenselbstorganisation Brücke e.V.",
    "Berufsbildende Schule 3",
)
TOPICS = (
    "Rolle und Grenzen im Ehrenamt",
    "Interkulturelle Kommunikation",
    "Grundlagen Aufenthaltsrecht",
    "Lokale Beratungsstellen",
    "Gesprächsführung",
    "Selbstfürsorge",
    "Schulsystem in Niedersachsen",
    "Behördenbegleitung in der Praxis",
)
NOTES = (
    "Termin beim Bürgeramt begleitet",
    "Elterngespräch in der Schule",
    "Formular Kindergeld gemeinsam ausgefüllt",
    "Arzttermin übersetzt",
    "Wohnungssuche besprochen",
    "Bewerbungsunterlagen durchgesehen",
    "Sprachtreff",
)


def _check_empty(store: Store) -> None:
    with store.new_session() as session:
        if (session.scalar(select(func.count(Volunteer.id))) or 0) > 0:
            raise ValidationError(_("Demo data can only be added to an empty database."))


def fill_demo(
    store: Store,
    *,
    volunteers: int = 300,
    seed: int = 1,
    courses: int | None = None,
    today: date | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, int]:
    """Fill an empty database; returns counts. ``progress(done, total)`` returning False cancels."""
    if volunteers < 1 or volunteers > 1_000_000:
        raise ValidationError(_("The number of volunteers must be between 1 and 1,000,000."))
    _check_empty(store)
    rng = random.Random(seed)
    today = today or date.today()
    course_count = (
        courses if courses is not None else (20 if volunteers <= 4000 else volunteers // 200)
    )
    total_steps = volunteers + course_count + 1
    done = 0

    def step(amount: int = 1) -> None:
        nonlocal done
        done += amount
        if progress is not None and not progress(done, total_steps):
            raise DemoCancelled(_("Cancelled. Nothing was written."))

    counts = {"volunteers": 0, "courses": 0, "attendance": 0, "assignments": 0, "log_entries": 0}
    with store.uow() as uow:
        session = uow.session
        modules = {m.code: m for m in session.scalars(select(Module))}
        basis = modules.get("BASIS") or next(iter(modules.values()))
        specials = [
            modules[m.code] for m in DEFAULT_MODULES if m.code in modules and m.code != basis.code
        ]
        people: list[tuple[str, str, date]] = []
        intakes: list[IntakeConversation] = []
        for index in range(volunteers):
            volunteer, status, since, intake = _make_volunteer(rng, index, today)
            session.add(volunteer)
            if intake is not None:
                intakes.append(intake)
            people.append((volunteer.id, status, since))
            counts["volunteers"] += 1
            if len(people) % 1000 == 0:
                _flush_batch(uow, intakes)
            step()
        _flush_batch(uow, intakes)

        enrollable = [p for p in people if p[1] != VolunteerStatus.INTERESTED.value]
        rng.shuffle(enrollable)
        cursor = 0
        for number in range(course_count):
            is_basis = number % 3 != 2 or not specials
            module = basis if is_basis else specials[number % len(specials)]
            size = rng.randint(10, 15)
            group = enrollable[cursor : cursor + size]
            cursor += size
            if cursor >= len(enrollable):
                cursor = 0
            counts["attendance"] += _make_course(session, rng, number, module, group, today)
            counts["courses"] += 1
            if number % 20 == 19:
                uow.checkpoint()
            step()

        active = [
            p
            for p in people
            if p[1] in (VolunteerStatus.ACTIVE.value, VolunteerStatus.QUALIFIED.value)
        ]
        mentors = active[: max(1, min(len(active), volunteers // 3, 2000))]
        for volunteer_id, _status, since in mentors:
            entries = _make_assignment(session, rng, volunteer_id, since, today)
            counts["assignments"] += 1
            counts["log_entries"] += entries
        _make_requests_and_meetings(session, rng, [p[0] for p in active[:200]], today)
        step()
        uow.commit()
    return counts


def _flush_batch(uow: UnitOfWork, intakes: list[IntakeConversation]) -> None:
    """Write the volunteers, then their intake conversations, and free memory."""
    uow.session.flush()
    uow.session.add_all(intakes)
    intakes.clear()
    uow.checkpoint()


def _birth_date(rng: random.Random, today: date) -> date:
    return today - timedelta(days=rng.randint(19 * 365, 72 * 365))


def _make_volunteer(
    rng: random.Random, index: int, today: date
) -> tuple[Volunteer, str, date, IntakeConversation | None]:
    if index < len(TRICKY_NAMES):
        given, family = TRICKY_NAMES[index]
        origin = ORIGINS[index % len(ORIGINS)]
        female = True
    else:
        origin = ORIGINS[0] if rng.random() < 0.3 else rng.choice(ORIGINS)
        female = rng.random() < 0.7
        given = rng.choice(origin.female if female else origin.male)
        family = rng.choice(origin.family)
    status = rng.choices(
        [s.value for s in VolunteerStatus],
        weights=[8, 15, 15, 45, 7, 10],
    )[0]
    joined = today - timedelta(days=rng.randint(30, 6 * 365))
    postal_code, city = rng.choice(CITIES)
    volunteer = Volunteer(
        id=new_id(),
        given_name=given,
        family_name=family,
        title_form="lotsin" if female else "lotse",
        birth_date=_birth_date(rng, today),
        phone=f"0{rng.randint(150, 179)} {rng.randint(1000000, 9999999)}",
        email=f"{names.fold(given).split(' ')[0]}.{index}@example.org".replace("'", ""),
        street=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
        postal_code=postal_code,
        city=city,
        availability=rng.choice(("", "abends", "vormittags", "am Wochenende", "flexibel")),
        status=status,
        search_key=names.search_key(given, family),
        sort_key=names.sort_key(family, given),
        agreement_signed_on=joined + timedelta(days=60)
        if status in ("aktiv", "qualifiziert", "pausiert")
        else None,
    )
    if volunteer.agreement_signed_on is not None:
        volunteer.police_certificate_seen_on = volunteer.agreement_signed_on
        volunteer.police_certificate_seen_by = "Koordination"
    volunteer.consents.append(
        Consent(
            purpose=ConsentPurpose.DATA_PROCESSING.value, text_version="2026-01", given_on=joined
        )
    )
    if origin.country != "Deutschland" and rng.random() < 0.6:
        volunteer.consents.append(
            Consent(
                purpose=ConsentPurpose.MIGRATION_HISTORY.value,
                text_version="2026-01",
                given_on=joined,
            )
        )
        volunteer.migration_experience = True
        volunteer.origin_country = origin.country
    seen: set[str] = set()
    for language in rng.sample(origin.languages, k=min(len(origin.languages), rng.randint(1, 3))):
        if language in seen:
            continue
        seen.add(language)
        level = (
            LanguageLevel.NATIVE.value
            if language == origin.languages[0]
            else rng.choice(["B1", "B2", "C1"])
        )
        volunteer.languages.append(VolunteerLanguage(language=language, level=level))
    for area in rng.sample(list(Area), k=rng.randint(1, 3)):
        volunteer.interests.append(VolunteerInterest(area=area.value))
    volunteer.status_history.append(
        StatusChange(status=VolunteerStatus.INTERESTED.value, changed_on=joined)
    )
    if status != VolunteerStatus.INTERESTED.value:
        volunteer.status_history.append(
            StatusChange(status=status, changed_on=joined + timedelta(days=90))
        )
    intake = None
    if rng.random() < 0.5:
        intake = IntakeConversation(
            volunteer_id=volunteer.id,
            held_on=joined + timedelta(days=7),
            outcome="geeignet, Interesse an Schule",
        )
    return volunteer, status, joined + timedelta(days=90), intake


def _make_course(
    session: Session,
    rng: random.Random,
    number: int,
    module: Module,
    group: list[tuple[str, str, date]],
    today: date,
) -> int:
    sessions_count = 12 if module.planned_minutes >= 30 * 45 else 4
    minutes = max(45, module.planned_minutes // sessions_count)
    start = today - timedelta(days=rng.randint(20, 900))
    course = Course(
        module_id=module.id,
        title=f"{module.title} {start.year}/{number + 1}",
        place=rng.choice(
            (
                "VHS Hannover, Raum 204",
                "Stadtteilzentrum Nord",
                "Familienzentrum Südstadt",
                "Gemeindehaus",
            )
        ),
        trainers=rng.choice(
            ("Dr. Claudia Brenner", "Yusuf Demir", "Katrin Albers, Samir Haddad", "Elena Petrova")
        ),
    )
    session.add(course)
    start_minute = rng.choice((9 * 60, 17 * 60, 10 * 60))
    days = [start + timedelta(days=7 * i) for i in range(sessions_count)]
    for index, day in enumerate(days):
        course.sessions.append(
            CourseSession(
                session_date=day,
                start_minute=start_minute,
                end_minute=start_minute + minutes,
                topic=TOPICS[(index + number) % len(TOPICS)],
            )
        )
    session.flush()
    marks = 0
    for position, (volunteer_id, _status, _since) in enumerate(group):
        late = position == len(group) - 1 and len(days) > 2
        enrolled_on = days[1] if late else days[0]
        session.add(
            Enrolment(
                id=natural_id("enrolment", course.id, volunteer_id),
                course_id=course.id,
                volunteer_id=volunteer_id,
                enrolled_on=enrolled_on,
            )
        )
        reliability = rng.choice((0.95, 0.9, 0.85, 0.6))
        for course_session in course.sessions:
            if course_session.session_date < enrolled_on or course_session.session_date > today:
                continue
            roll = rng.random()
            if roll < reliability:
                state, partial = AttendanceState.PRESENT.value, None
            elif roll < reliability + 0.05:
                state, partial = AttendanceState.PARTIAL.value, max(15, minutes // 2)
            elif roll < reliability + 0.1:
                state, partial = AttendanceState.EXCUSED.value, None
            else:
                state, partial = AttendanceState.ABSENT.value, None
            session.add(
                Attendance(
                    id=natural_id("attendance", course_session.id, volunteer_id),
                    session_id=course_session.id,
                    volunteer_id=volunteer_id,
                    state=state,
                    minutes=partial,
                )
            )
            marks += 1
    return marks


def _pseudonym(rng: random.Random) -> str:
    letters = "ABCDEFGHIKLMNOPRSTUVWYZ"
    return f"{rng.choice(letters)}. {rng.choice(letters)}."


def _make_assignment(
    session: Session, rng: random.Random, volunteer_id: str, since: date, today: date
) -> int:
    started = min(today, since + timedelta(days=rng.randint(0, 200)))
    area = rng.choice(list(Area))
    assignment = Assignment(
        volunteer_id=volunteer_id,
        mentee_pseudonym=_pseudonym(rng),
        household_size=rng.randint(1, 6),
        languages=rng.choice(("Arabisch", "Türkisch", "Ukrainisch", "Dari", "Tigrinya")),
        areas=area.value,
        started_on=started,
        ended_on=None
        if rng.random() < 0.7
        else min(today, started + timedelta(days=rng.randint(30, 300))),
    )
    session.add(assignment)
    session.flush()
    entries = 0
    last = assignment.ended_on or today
    span = max(0, (last - started).days)  # never after today
    for _entry in range(rng.randint(2, 10)):
        session.add(
            LogEntry(
                assignment_id=assignment.id,
                entry_date=started + timedelta(days=rng.randint(0, span)),
                minutes=rng.choice((30, 45, 60, 90, 120, 180)),
                kind=rng.choice(list(ContactKind)).value,
                area=area.value if rng.random() < 0.7 else rng.choice(list(Area)).value,
                note=rng.choice(NOTES),
                km=float(rng.choice((0, 0, 3.5, 8, 12.4))),
                expenses_cents=rng.choice((0, 0, 0, 280, 560)),
            )
        )
        entries += 1
    return entries


def _make_requests_and_meetings(
    session: Session, rng: random.Random, volunteer_ids: list[str], today: date
) -> None:
    for index in range(8):
        session.add(
            HelpRequest(
                institution=INSTITUTIONS[index % len(INSTITUTIONS)],
                contact="Frau Schulz, Tel. 0511 123456" if index % 2 else "",
                area=rng.choice(list(Area)).value,
                languages_needed=rng.choice(
                    ("Arabisch", "Türkisch, Kurdisch", "Ukrainisch, Russisch", "Dari", "")
                ),
                timing=rng.choice(("ab sofort, vormittags", "nächste Woche", "monatlich")),
                description="Begleitung gesucht",
                received_on=today - timedelta(days=rng.randint(0, 40)),
                status="offen",
            )
        )
    for index in range(6):
        meeting = ReflectionMeeting(
            held_on=today - timedelta(days=30 * index + 5),
            kind=rng.choice(list(MeetingKind)).value,
            topic=rng.choice(
                (
                    "Erfahrungsaustausch",
                    "Grenzen setzen",
                    "Fallbesprechung anonym",
                    "Neue Angebote im Stadtteil",
                )
            ),
        )
        session.add(meeting)
        session.flush()
        for volunteer_id in rng.sample(
            volunteer_ids, k=min(len(volunteer_ids), rng.randint(4, 12))
        ):
            session.add(
                ReflectionAttendee(
                    id=natural_id("attendee", meeting.id, volunteer_id),
                    meeting_id=meeting.id,
                    volunteer_id=volunteer_id,
                )
            )
