"""Realistic demo data: volunteers with names from many origins, courses with attendance, mentoring.

Deterministic for a seed. Runs in one transaction: cancelling leaves the database as it was.
"""

from __future__ import annotations

import bisect
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from lotsen_desktop.domain import names, rules
from lotsen_desktop.domain.vocabulary import (
    Area,
    AttendanceState,
    ConsentPurpose,
    ContactKind,
    LanguageLevel,
    MeetingKind,
    ModuleKind,
    VolunteerStatus,
)
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.i18n import _
from lotsen_desktop.services import qualification
from lotsen_desktop.services.progress import office_rules
from lotsen_desktop.services.setup import DEFAULT_MODULES
from lotsen_desktop.store import inline_state
from lotsen_desktop.store.database import Store, UnitOfWork
from lotsen_desktop.store.models import (
    TRACKED_MODELS,
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
    Tracked,
    Volunteer,
    VolunteerInterest,
    VolunteerLanguage,
    natural_id,
)
from lotsen_desktop.tasks import Cancelled, ProgressCallback


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
    ("Thị Ánh", "Nguyễn"),
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


QUALIFIED_STATUSES = frozenset(
    {
        VolunteerStatus.QUALIFIED.value,
        VolunteerStatus.ACTIVE.value,
        VolunteerStatus.PAUSED.value,
        VolunteerStatus.LEFT.value,
    }
)
STATUS_WEIGHTS = (
    (VolunteerStatus.INTERESTED.value, 8),
    (VolunteerStatus.IN_QUALIFICATION.value, 15),
    (VolunteerStatus.QUALIFIED.value, 15),
    (VolunteerStatus.ACTIVE.value, 45),
    (VolunteerStatus.PAUSED.value, 7),
    (VolunteerStatus.LEFT.value, 10),
)
FINISHED, RUNNING, PLANNED = "finished", "running", "planned"
# One character per session and person: the attendance row to write ("-": none).
MARK_STATES = {
    "P": AttendanceState.PRESENT.value,
    "T": AttendanceState.PARTIAL.value,
    "E": AttendanceState.EXCUSED.value,
    "A": AttendanceState.ABSENT.value,
}
PLACES = (
    "VHS Hannover, Raum 204",
    "Stadtteilzentrum Nord",
    "Familienzentrum Südstadt",
    "Gemeindehaus",
)
TRAINERS = ("Dr. Claudia Brenner", "Yusuf Demir", "Katrin Albers, Samir Haddad", "Elena Petrova")


@dataclass(frozen=True)
class _ModuleInfo:
    id: str
    title: str
    kind: str
    planned_minutes: int
    threshold_percent: int


@dataclass(frozen=True)
class _Seat:
    person: int
    enrolled_on: date
    marks: str


@dataclass
class _CoursePlan:
    number: int
    module: _ModuleInfo
    phase: str
    days: list[date]
    start_minute: int
    minutes: int
    seats: list[_Seat] = field(default_factory=list)

    @property
    def partial_minutes(self) -> int:
        return max(15, self.minutes // 2)

    def attended(self, marks: str) -> int:
        return sum(
            rules.attended_minutes(MARK_STATES[mark], self.minutes, self.partial_minutes)
            for mark in marks
            if mark != "-"
        )

    def completes(self, marks: str) -> bool:
        return rules.is_completed(
            self.attended(marks), self.module.planned_minutes, self.module.threshold_percent
        )


@dataclass(frozen=True)
class _PersonPlan:
    status: str
    joined: date
    history: tuple[tuple[str, date], ...]
    since: date  # qualified or active since: mentoring starts later


@dataclass(frozen=True)
class _Plan:
    people: list[_PersonPlan]
    courses: list[_CoursePlan]


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
    """Fill an empty database; returns counts. ``progress(done, total)`` returning False cancels.

    Enrolments and attendance are planned first, so every stored status agrees with the computed
    qualification: qualified, active, paused and former volunteers completed a past Basismodul.
    Rows are written in bulk (``UnitOfWork.insert_rows``), captured for sync like any other write.
    """
    if volunteers < 1 or volunteers > 1_000_000:
        raise ValidationError(_("The number of volunteers must be between 1 and 1,000,000."))
    _check_empty(store)
    rng = random.Random(seed)
    today = today or date.today()
    course_count = courses if courses is not None else max(20, volunteers // 15)
    total_steps = volunteers + course_count + 1
    done = 0

    def step(amount: int = 1) -> None:
        nonlocal done
        done += amount
        if progress is not None and not progress(done, total_steps):
            raise Cancelled(_("Cancelled. Nothing was written."))

    counts = {"volunteers": 0, "courses": 0, "attendance": 0, "assignments": 0, "log_entries": 0}
    with store.uow() as uow:
        session = uow.session
        office = office_rules(session)
        infos = {
            m.code: _ModuleInfo(
                m.id,
                m.title,
                m.kind,
                m.planned_minutes,
                m.threshold_percent
                if m.threshold_percent is not None
                else office.threshold_percent,
            )
            for m in session.scalars(select(Module))
        }
        basis_code = "BASIS" if "BASIS" in infos else next(iter(infos))
        specials = [
            infos[m.code] for m in DEFAULT_MODULES if m.code in infos and m.code != basis_code
        ]
        plan = _plan(rng, volunteers, course_count, infos[basis_code], specials, today)

        rows = _Rows(seed)
        ids: list[str] = []
        for index, person in enumerate(plan.people):
            ids.append(_add_volunteer(rows, rng, index, person, today))
            counts["volunteers"] += 1
            if rows.count >= BATCH_ROWS:
                rows.write(uow)
            step()
        rows.write(uow)

        for course in plan.courses:
            counts["attendance"] += _add_course(rows, rng, course, ids)
            counts["courses"] += 1
            if rows.count >= BATCH_ROWS:
                rows.write(uow)
            step()
        rows.write(uow)

        active = [
            (ids[index], person.since)
            for index, person in enumerate(plan.people)
            if person.status in (VolunteerStatus.ACTIVE.value, VolunteerStatus.QUALIFIED.value)
        ]
        mentors = active[: max(1, min(len(active), volunteers * 2 // 5))]
        for volunteer_id, since in mentors:
            counts["log_entries"] += _add_assignment(rows, rng, volunteer_id, since, today)
            counts["assignments"] += 1
            if rows.count >= BATCH_ROWS:
                rows.write(uow)
        _add_requests_and_meetings(rows, rng, [p[0] for p in active[:200]], today)
        rows.write(uow)
        step()
        rebuild_derived(uow)
        uow.commit()
    with store.uow() as uow:  # after the commit, which wrote the last row states
        uow.use_bulk_cache()
        inline_state.fold(uow.session.connection())
        uow.commit()
    return counts


def rebuild_derived(uow: UnitOfWork) -> None:
    """Build the data derived from what demo wrote, in the same transaction, before the commit.

    Bulk inserts bypass the per-change upkeep of the services, so every table that a service
    maintains from others (e.g. qualification figures) is (re)built here, in one place.
    """
    uow.session.flush()
    qualification.mark_dirty(uow.session, everything=True)


BATCH_ROWS = 20_000
"""Rows held in memory before they are written: big enough for fast ``executemany``."""


class _Rows:
    """New rows per table, written parent tables first with one bulk insert each."""

    def __init__(self, seed: int) -> None:
        self.tables: dict[type[Tracked], list[dict[str, Any]]] = {}
        self.count = 0
        self._ids = random.Random(f"demo ids {seed}")

    def new_id(self) -> str:
        """A UUID drawn from the seed (same seed, same ids), apart from the data's own draws."""
        return str(uuid.UUID(int=self._ids.getrandbits(128), version=4))

    def add(self, model: type[Tracked], **values: Any) -> str:
        if "id" not in values:
            values["id"] = self.new_id()
        self.tables.setdefault(model, []).append(values)
        self.count += 1
        return str(values["id"])

    def write(self, uow: UnitOfWork) -> None:
        for model in TRACKED_MODELS:
            batch = self.tables.pop(model, None)
            if batch:
                uow.insert_rows(model, batch)
        self.count = 0


# --- planning (pure: no database, only the rng) ------------------------------------------------


def _plan(
    rng: random.Random,
    volunteers: int,
    course_count: int,
    basis: _ModuleInfo,
    specials: list[_ModuleInfo],
    today: date,
) -> _Plan:
    """Who takes which course and attends when, and the statuses that follow from it."""
    planned = max(1, round(course_count * 0.08)) if course_count >= 5 else 0
    running = max(1, round(course_count * 0.15)) if course_count >= 5 else 0
    courses: list[_CoursePlan] = []
    for number in range(course_count):
        module = basis if number % 3 != 2 or not specials else specials[number % len(specials)]
        if number >= course_count - planned:
            phase = PLANNED
        elif number >= course_count - planned - running:
            phase = RUNNING
        else:
            phase = FINISHED
        courses.append(_plan_course(rng, number, module, phase, today))
    finished_basis = [c for c in courses if c.module is basis and c.phase == FINISHED]
    open_basis = [c for c in courses if c.module is basis and c.phase != FINISHED]

    people: list[_PersonPlan] = []
    values = [status for status, _weight in STATUS_WEIGHTS]
    weights = [weight for _status, weight in STATUS_WEIGHTS]
    for person in range(volunteers):
        status = rng.choices(values, weights=weights)[0]
        if status in QUALIFIED_STATUSES and not finished_basis:
            status = VolunteerStatus.IN_QUALIFICATION.value
        if status == VolunteerStatus.IN_QUALIFICATION.value and not (finished_basis or open_basis):
            status = VolunteerStatus.INTERESTED.value
        if status == VolunteerStatus.INTERESTED.value:
            joined = today - timedelta(days=rng.randint(30, 3 * 365))
            people.append(_PersonPlan(status, joined, ((status, joined),), joined))
            continue
        if status in QUALIFIED_STATUSES:
            course, complete = rng.choice(finished_basis), True
        elif open_basis and (not finished_basis or rng.random() < 0.75):
            course, complete = rng.choice(open_basis), False
        else:  # attended a finished course too little to complete it
            course, complete = rng.choice(finished_basis), False
        seat = _plan_seat(rng, course, person, complete, today)
        course.seats.append(seat)
        people.append(_person_history(rng, status, seat.enrolled_on, course.days[-1], today))

    actives = sorted(
        (p.since, index)
        for index, p in enumerate(people)
        if p.status == VolunteerStatus.ACTIVE.value
    )
    for course in courses:
        if course.module is not basis:
            _fill_further_course(rng, course, actives, today)
    return _Plan(people, courses)


def _plan_course(
    rng: random.Random, number: int, module: _ModuleInfo, phase: str, today: date
) -> _CoursePlan:
    """Weekly sessions: a long module mostly as six Saturdays, else twelve evenings; short: four."""
    sessions_count = rng.choice((12, 6, 6, 6)) if module.planned_minutes >= 30 * 45 else 4
    minutes = max(45, -(-module.planned_minutes // sessions_count))
    start_minute = 9 * 60 if sessions_count == 6 else rng.choice((9 * 60, 17 * 60, 10 * 60))
    length = 7 * (sessions_count - 1)
    if phase == FINISHED:  # ended at least three weeks ago; further modules in recent years
        years = 6 if module.kind == ModuleKind.BASIS.value else 2
        start = today - timedelta(days=length + rng.randint(21, years * 365))
    elif phase == RUNNING:  # some sessions held, at least one still to come, none today
        held = rng.randint(1, max(1, sessions_count // 2))
        start = today - timedelta(days=7 * (held - 1) + rng.randint(1, 6))
    else:
        start = today + timedelta(days=rng.randint(7, 90))
    days = [start + timedelta(days=7 * i) for i in range(sessions_count)]
    return _CoursePlan(number, module, phase, days, start_minute, minutes)


def _attendance_marks(
    rng: random.Random, course: _CoursePlan, enrolled_on: date, today: date
) -> str:
    """A person's attendance: reliable people are mostly present; future sessions have none."""
    reliability = rng.choice((0.95, 0.9, 0.85, 0.6))
    marks = []
    for day in course.days:
        if day < enrolled_on or day > today:
            marks.append("-")
            continue
        roll = rng.random()
        if roll < reliability:
            marks.append("P")
        elif roll < reliability + 0.05:
            marks.append("T")
        elif roll < reliability + 0.1:
            marks.append("E")
        else:
            marks.append("A")
    return "".join(marks)


def _plan_seat(
    rng: random.Random, course: _CoursePlan, person: int, complete: bool, today: date
) -> _Seat:
    """A Basismodul place whose attendance completes the module exactly when ``complete``."""
    if course.phase == PLANNED:
        enrolled_on = today - timedelta(days=rng.randint(0, 30))
    elif not complete and len(course.days) > 2 and course.days[1] < today and rng.random() < 0.15:
        enrolled_on = course.days[1]  # joined late
    else:
        enrolled_on = course.days[0]
    marks = list(_attendance_marks(rng, course, enrolled_on, today))
    if complete:
        while not course.completes("".join(marks)):
            missed = [i for i, mark in enumerate(marks) if mark in "TEA"]
            if not missed:
                raise AssertionError("a demo course is too short to complete")
            marks[rng.choice(missed)] = "P"
    else:
        while course.completes("".join(marks)):
            held = [i for i, mark in enumerate(marks) if mark in "PT"]
            marks[rng.choice(held)] = rng.choice("EA")
    return _Seat(person, enrolled_on, "".join(marks))


def _later(rng: random.Random, start: date, today: date, low: int, high: int) -> date:
    """A day ``low``..``high`` days after ``start``, but never after today."""
    span = max(0, (today - start).days)
    return start + timedelta(days=rng.randint(min(low, span), min(high, span)))


def _person_history(
    rng: random.Random, status: str, enrolled_on: date, course_end: date, today: date
) -> _PersonPlan:
    """Status changes in order: interested, in qualification, then qualified after the course."""
    joined = enrolled_on - timedelta(days=rng.randint(14, 150))
    history = [
        (VolunteerStatus.INTERESTED.value, joined),
        (VolunteerStatus.IN_QUALIFICATION.value, enrolled_on),
    ]
    since = enrolled_on
    if status in QUALIFIED_STATUSES:
        since = _later(rng, course_end, today, 0, 14)
        history.append((VolunteerStatus.QUALIFIED.value, since))
        if status != VolunteerStatus.QUALIFIED.value:
            since = _later(rng, since, today, 7, 120)
            history.append((VolunteerStatus.ACTIVE.value, since))
        if status == VolunteerStatus.PAUSED.value:
            history.append((status, _later(rng, since, today, 30, 400)))
        elif status == VolunteerStatus.LEFT.value:
            history.append((status, _later(rng, since, today, 60, 900)))
    return _PersonPlan(status, joined, tuple(history), since)


def _fill_further_course(
    rng: random.Random, course: _CoursePlan, actives: list[tuple[date, int]], today: date
) -> None:
    """Nachhaltigkeits- and Spezialisierungsmodule: for people active half a year or more."""
    start = min(course.days[0], today)
    eligible = bisect.bisect_right(actives, (start - timedelta(days=183), len(actives)))
    if eligible < 8:  # a young office: active people join with a warning
        eligible = bisect.bisect_left(actives, (start, 0))
    size = min(eligible, rng.randint(8, 16))
    for pick in sorted(rng.sample(range(eligible), k=size)):
        person = actives[pick][1]
        if course.phase == PLANNED:
            enrolled_on = today - timedelta(days=rng.randint(0, 30))
        else:
            enrolled_on = course.days[0]
        marks = _attendance_marks(rng, course, enrolled_on, today)
        course.seats.append(_Seat(person, enrolled_on, marks))


# --- writing -------------------------------------------------------------------------------------


def _birth_date(rng: random.Random, today: date) -> date:
    return today - timedelta(days=rng.randint(19 * 365, 72 * 365))


def _add_volunteer(
    rows: _Rows, rng: random.Random, index: int, person: _PersonPlan, today: date
) -> str:
    """One volunteer with consents, languages, interests, status history and maybe an intake."""
    if index < len(TRICKY_NAMES):
        given, family = TRICKY_NAMES[index]
        origin = ORIGINS[index % len(ORIGINS)]
        female = True
    else:
        origin = ORIGINS[0] if rng.random() < 0.3 else rng.choice(ORIGINS)
        female = rng.random() < 0.7
        given = rng.choice(origin.female if female else origin.male)
        family = rng.choice(origin.family)
    status, joined = person.status, person.joined
    signed = dict(person.history).get(VolunteerStatus.QUALIFIED.value)
    if status not in ("aktiv", "qualifiziert", "pausiert"):
        signed = None
    postal_code, city = rng.choice(CITIES)
    volunteer: dict[str, Any] = {
        "id": rows.new_id(),
        "given_name": given,
        "family_name": family,
        "title_form": "lotsin" if female else "lotse",
        "birth_date": _birth_date(rng, today),
        "phone": f"0{rng.randint(150, 179)} {rng.randint(1000000, 9999999)}",
        "email": f"{names.fold(given).split(' ')[0]}.{index}@example.org".replace("'", ""),
        "street": f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
        "postal_code": postal_code,
        "city": city,
        "availability": rng.choice(("", "abends", "vormittags", "am Wochenende", "flexibel")),
        "status": status,
        "search_key": names.search_key(given, family),
        "sort_key": names.sort_key(family, given),
        "agreement_signed_on": signed,
    }
    if signed is not None:
        volunteer["police_certificate_seen_on"] = signed
        volunteer["police_certificate_seen_by"] = "Koordination"
    consents = [ConsentPurpose.DATA_PROCESSING.value]
    if origin.country != "Deutschland" and rng.random() < 0.6:
        consents.append(ConsentPurpose.MIGRATION_HISTORY.value)
        volunteer["migration_experience"] = True
        volunteer["origin_country"] = origin.country
    volunteer_id = rows.add(Volunteer, **volunteer)
    for purpose in consents:
        rows.add(
            Consent,
            volunteer_id=volunteer_id,
            purpose=purpose,
            text_version="2026-01",
            given_on=joined,
        )
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
        rows.add(VolunteerLanguage, volunteer_id=volunteer_id, language=language, level=level)
    for area in rng.sample(list(Area), k=rng.randint(1, 3)):
        rows.add(VolunteerInterest, volunteer_id=volunteer_id, area=area.value)
    for changed_status, changed_on in person.history:
        rows.add(
            StatusChange, volunteer_id=volunteer_id, status=changed_status, changed_on=changed_on
        )
    if rng.random() < 0.5:
        rows.add(
            IntakeConversation,
            volunteer_id=volunteer_id,
            held_on=joined + timedelta(days=7),
            outcome="geeignet, Interesse an Schule",
        )
    return volunteer_id


def _add_course(rows: _Rows, rng: random.Random, plan: _CoursePlan, ids: list[str]) -> int:
    """One planned course with its sessions, enrolments and attendance; returns marks."""
    start = plan.days[0]
    course_id = rows.add(
        Course,
        module_id=plan.module.id,
        title=f"{plan.module.title} {start.year}/{plan.number + 1}",
        place=rng.choice(PLACES),
        trainers=rng.choice(TRAINERS),
    )
    session_ids = [
        rows.add(
            CourseSession,
            course_id=course_id,
            session_date=day,
            start_minute=plan.start_minute,
            end_minute=plan.start_minute + plan.minutes,
            topic=TOPICS[(index + plan.number) % len(TOPICS)],
        )
        for index, day in enumerate(plan.days)
    ]
    marks = 0
    for seat in plan.seats:
        volunteer_id = ids[seat.person]
        rows.add(
            Enrolment,
            id=natural_id("enrolment", course_id, volunteer_id),
            course_id=course_id,
            volunteer_id=volunteer_id,
            enrolled_on=seat.enrolled_on,
        )
        for session_id, mark in zip(session_ids, seat.marks, strict=True):
            if mark == "-":
                continue
            rows.add(
                Attendance,
                id=natural_id("attendance", session_id, volunteer_id),
                session_id=session_id,
                volunteer_id=volunteer_id,
                state=MARK_STATES[mark],
                minutes=plan.partial_minutes if mark == "T" else None,
            )
            marks += 1
    return marks


def _pseudonym(rng: random.Random) -> str:
    letters = "ABCDEFGHIKLMNOPRSTUVWYZ"
    return f"{rng.choice(letters)}. {rng.choice(letters)}."


def _add_assignment(
    rows: _Rows, rng: random.Random, volunteer_id: str, since: date, today: date
) -> int:
    """A mentoring assignment with its log entries; returns the number of entries."""
    room = max(0, (today - since).days - 14)  # start at least two weeks ago, so contacts spread out
    started = since + timedelta(days=rng.randint(0, min(200, room)))
    area = rng.choice(list(Area))
    ended = (
        None if rng.random() < 0.7 else min(today, started + timedelta(days=rng.randint(30, 300)))
    )
    assignment_id = rows.add(
        Assignment,
        volunteer_id=volunteer_id,
        mentee_pseudonym=_pseudonym(rng),
        household_size=rng.randint(1, 6),
        languages=rng.choice(("Arabisch", "Türkisch", "Ukrainisch", "Dari", "Tigrinya")),
        areas=area.value,
        started_on=started,
        ended_on=ended,
    )
    span = max(0, ((ended or today) - started).days)  # never after today
    entries = rng.randint(2, 10)
    for _entry in range(entries):
        rows.add(
            LogEntry,
            assignment_id=assignment_id,
            entry_date=started + timedelta(days=rng.randint(0, span)),
            minutes=rng.choice((30, 45, 60, 90, 120, 180)),
            kind=rng.choice(list(ContactKind)).value,
            area=area.value if rng.random() < 0.7 else rng.choice(list(Area)).value,
            note=rng.choice(NOTES),
            km=float(rng.choice((0, 0, 3.5, 8, 12.4))),
            expenses_cents=rng.choice((0, 0, 0, 280, 560)),
        )
    return entries


def _add_requests_and_meetings(
    rows: _Rows, rng: random.Random, volunteer_ids: list[str], today: date
) -> None:
    for index in range(8):
        rows.add(
            HelpRequest,
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
    for index in range(6):
        meeting_id = rows.add(
            ReflectionMeeting,
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
        for volunteer_id in rng.sample(
            volunteer_ids, k=min(len(volunteer_ids), rng.randint(4, 12))
        ):
            rows.add(
                ReflectionAttendee,
                id=natural_id("attendee", meeting_id, volunteer_id),
                meeting_id=meeting_id,
                volunteer_id=volunteer_id,
            )
