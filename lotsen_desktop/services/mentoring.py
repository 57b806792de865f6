"""Begleitung: Einsatzanfragen, assignments to mentees, log entries and reflection meetings.

Mentees are never named in full: a pseudonym or initials only (checked here).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from lotsen_desktop.domain import names, validation
from lotsen_desktop.domain.vocabulary import (
    Area,
    ContactKind,
    MeetingKind,
    OfferResponse,
    RequestStatus,
    VolunteerStatus,
)
from lotsen_desktop.errors import NotFoundError, ValidationError
from lotsen_desktop.i18n import _
from lotsen_desktop.services import volunteers
from lotsen_desktop.services.ids import resolve_id
from lotsen_desktop.store.batches import chunks
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import (
    Assignment,
    HelpRequest,
    LogEntry,
    LogEntryChange,
    ReflectionAttendee,
    ReflectionMeeting,
    RequestOffer,
    Volunteer,
    VolunteerInterest,
    VolunteerLanguage,
    natural_id,
)
from lotsen_desktop.store.server import german_order, year_month

MAX_PSEUDONYM_LENGTH = 20


@dataclass(frozen=True)
class AssignmentRow:
    id: str
    volunteer_id: str
    volunteer_name: str
    mentee_pseudonym: str
    household_size: int | None
    languages: str
    areas: str
    started_on: date
    ended_on: date | None
    total_minutes: int
    entries: int
    detail: str = ""
    """Birth year, place or short id when another volunteer has the same name."""

    @property
    def distinct_name(self) -> str:
        return names.with_detail(self.volunteer_name, self.detail)

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class LogRow:
    id: str
    assignment_id: str
    entry_date: date
    minutes: int
    kind: str
    area: str
    note: str
    km: float
    expenses_cents: int
    edits: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class LogChangeRow:
    """One edit of a log line: who, when, and the values the line had before it."""

    id: str
    entry_id: str
    changed_at: datetime
    changed_by: str
    entry_date: date
    minutes: int
    kind: str
    area: str
    note: str
    km: float
    expenses_cents: int

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class KmTotals:
    """Kilometres of the log lines of a year: per ``YYYY-MM`` and per volunteer."""

    by_month: dict[str, float]
    by_volunteer: list[tuple[str, str, float]]
    """Id, "given family" (with a namesake's birth year, place or short id), km; in name order."""
    total: float


class ContactBeforeStart(ValidationError):
    """A contact dated before its assignment started; ``move_start=True`` moves the start."""

    def __init__(self, message: str, *, day: date, started_on: date) -> None:
        super().__init__(message, field="date")
        self.day = day
        self.started_on = started_on


@dataclass(frozen=True)
class RequestRow:
    id: str
    institution: str
    contact: str
    area: str
    languages_needed: str
    timing: str
    description: str
    received_on: date
    status: str

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class OfferRow:
    id: str
    request_id: str
    volunteer_id: str
    volunteer_name: str
    offered_on: date
    response: str
    detail: str = ""
    """Birth year, place or short id when another volunteer has the same name."""

    @property
    def distinct_name(self) -> str:
        return names.with_detail(self.volunteer_name, self.detail)


@dataclass(frozen=True)
class Suggestion:
    """A volunteer who fits a request, with why."""

    volunteer_id: str
    name: str
    score: int
    matching_languages: tuple[str, ...]
    matching_area: bool
    availability: str
    open_assignments: int
    detail: str = ""
    """Birth year, place or short id when another volunteer has the same name."""

    @property
    def distinct_name(self) -> str:
        return names.with_detail(self.name, self.detail)


@dataclass(frozen=True)
class MeetingRow:
    id: str
    held_on: date
    kind: str
    topic: str
    attendees: int


@dataclass(frozen=True)
class ActivitySummary:
    """A volunteer's work over a period (Tätigkeitsnachweis): no mentee data."""

    volunteer_id: str
    date_from: date
    date_to: date
    minutes_by_area: dict[str, int]
    total_minutes: int
    entries_count: int
    km: float
    meetings: tuple[tuple[date, str, str], ...]


def _looks_like_name(word: str) -> bool:
    """A word of two or more letters that is not a short run of capitals (initials like "XQZ")."""
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and not (len(letters) <= 3 and all(ch.isupper() for ch in letters))


def _check_pseudonym(value: str) -> str:
    """Initials ("A. K.", "Familie K.") or one made-up word; two full words look like a real name."""
    value = validation.require_name(value, _("Pseudonym"))
    words = [w for w in re.split(r"[\s\-]+", value) if _looks_like_name(w)]
    if len(value) > MAX_PSEUDONYM_LENGTH or len(value.split()) > 2 or len(words) >= 2:
        raise ValidationError(
            _(
                "Initials or a made-up word for the accompanied person (at most {n} characters), never a real name."
            ).format(n=MAX_PSEUDONYM_LENGTH),
            field="mentee",
        )
    return value


def _check_area(value: str) -> str:
    return validation.parse_choice(Area, value, "area")


def _check_kind(value: str) -> str:
    return validation.parse_choice(ContactKind, value, "kind")


def _volunteer(session: Any, volunteer_id: str) -> Volunteer:
    volunteer = session.get(Volunteer, volunteer_id)
    if volunteer is None:
        raise NotFoundError(_("No volunteer with id {id}.").format(id=volunteer_id))
    return volunteer


# --- Einsatzanfragen -------------------------------------------------------------------------


def add_request(
    store: Store,
    *,
    institution: str,
    area: str,
    languages_needed: str = "",
    timing: str = "",
    description: str = "",
    contact: str = "",
    received_on: date | None = None,
) -> str:
    """Record an Einsatzanfrage from a school, shelter, social service or association."""
    with store.uow() as uow:
        request = HelpRequest(
            institution=validation.require_name(institution, _("Institution")),
            area=_check_area(area),
            languages_needed=validation.clean(languages_needed),
            timing=validation.clean(timing),
            description=validation.clean(description),
            contact=validation.clean(contact),
            received_on=received_on or date.today(),
            status=RequestStatus.OPEN.value,
        )
        uow.session.add(request)
        uow.commit()
        return request.id


def list_requests(store: Store, *, status: str | None = None) -> list[RequestRow]:
    query = select(HelpRequest).order_by(
        HelpRequest.received_on.desc(), german_order(HelpRequest.institution)
    )
    if status:
        query = query.where(HelpRequest.status == status)
    with store.new_session() as session:
        return [
            RequestRow(
                r.id,
                r.institution,
                r.contact,
                r.area,
                r.languages_needed,
                r.timing,
                r.description,
                r.received_on,
                r.status,
            )
            for r in session.scalars(query)
        ]


def _split_languages(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def suggest_volunteers(store: Store, request_id: str, *, limit: int = 20) -> list[Suggestion]:
    """Active or qualified volunteers ranked by matching languages, area and free capacity."""
    with store.new_session() as session:
        request = session.get(HelpRequest, request_id)
        if request is None:
            raise NotFoundError(_("No request with id {id}.").format(id=request_id))
        wanted = {names.fold(lang): lang for lang in _split_languages(request.languages_needed)}
        active = Volunteer.status.in_(
            [VolunteerStatus.ACTIVE.value, VolunteerStatus.QUALIFIED.value]
        )
        spoken = {lang.lower() for lang in wanted.values()} | set(wanted)
        # the people who fit, read once, then looked up by id: a correlated EXISTS per active
        # volunteer took 0.69 s at 100,000 volunteers, this 0.15 s
        matched: Any = select(VolunteerInterest.volunteer_id).where(
            VolunteerInterest.area == request.area
        )
        if spoken:
            matched = matched.union_all(
                select(VolunteerLanguage.volunteer_id).where(
                    func.lower(VolunteerLanguage.language).in_(sorted(spoken))
                )
            )
        fits = Volunteer.id.in_(matched)
        columns = (
            Volunteer.id,
            Volunteer.given_name,
            Volunteer.family_name,
            Volunteer.availability,
            *volunteers.NAMESAKE_COLUMNS,
        )
        candidates = list(session.execute(select(*columns).where(active, fits)))
        if len(candidates) < limit and not spoken:
            others = select(*columns).where(active, ~fits).order_by(Volunteer.sort_key)
            candidates += list(session.execute(others.limit(limit - len(candidates))))
        ids = [c.id for c in candidates]
        languages: dict[str, list[str]] = defaultdict(list)
        areas: dict[str, set[str]] = defaultdict(set)
        load: dict[str, int] = {}
        for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
            for vid, lang in session.execute(
                select(VolunteerLanguage.volunteer_id, VolunteerLanguage.language).where(
                    VolunteerLanguage.volunteer_id.in_(chunk)
                )
            ):
                languages[vid].append(lang)
            for vid, area in session.execute(
                select(VolunteerInterest.volunteer_id, VolunteerInterest.area).where(
                    VolunteerInterest.volunteer_id.in_(chunk)
                )
            ):
                areas[vid].add(area)
            for vid, count in session.execute(
                select(Assignment.volunteer_id, func.count(Assignment.id))
                .where(Assignment.volunteer_id.in_(chunk), Assignment.ended_on.is_(None))
                .group_by(Assignment.volunteer_id)
            ):
                load[vid] = int(count)
    suggestions = []
    # a few dozen languages among thousands of candidates: each folded once
    distinct = {lang for spoken_by in languages.values() for lang in spoken_by}
    folded = {lang: names.fold(lang) for lang in distinct}
    for c in candidates:
        matching = tuple(lang for lang in languages.get(c.id, []) if folded[lang] in wanted)
        matching_area = request.area in areas.get(c.id, set())
        score = (
            3 * len(matching) + (2 if matching_area else 0) + (1 if c.availability.strip() else 0)
        )
        score -= load.get(c.id, 0)
        if wanted and not matching and not matching_area:
            continue
        suggestions.append(
            Suggestion(
                volunteer_id=c.id,
                name=f"{c.given_name} {c.family_name}",
                score=score,
                matching_languages=matching,
                matching_area=matching_area,
                availability=c.availability,
                open_assignments=load.get(c.id, 0),
            )
        )
    shown = _best(suggestions, limit)
    shown_ids = {s.volunteer_id for s in shown}
    with store.new_session() as session:
        details = _namesake_details(session, [c for c in candidates if c.id in shown_ids])
    return [replace(s, detail=details.get(s.volunteer_id, "")) for s in shown]


def _best(suggestions: list[Suggestion], limit: int) -> list[Suggestion]:
    """The first ``limit`` by score, then name: only names within reach of the last place shown
    are folded (at 100,000 volunteers thousands of candidates match a common language)."""
    if len(suggestions) > limit:
        cutoff = sorted((s.score for s in suggestions), reverse=True)[limit - 1]
        suggestions = [s for s in suggestions if s.score >= cutoff]
    return sorted(suggestions, key=lambda s: (-s.score, names.fold(s.name)))[:limit]


def _namesake_details(session: Session, people: Sequence[Any]) -> dict[str, str]:
    """Birth year, place or short id of each of ``people`` whose name another volunteer of the
    register carries (id -> detail), as the volunteer list shows them: two suggested, offered
    or paid people of one name looked alike, and the same person reads the same everywhere.
    ``people`` rows carry ``id``, ``sort_key``, ``birth_date`` and ``city``."""
    unique = {person.id: person for person in people}
    return volunteers.namesake_details(session, list(unique.values()))


def offer_request(
    store: Store, *, request_id: str, volunteer_id: str, offered_on: date | None = None
) -> str:
    """Offer a request to a volunteer (who then accepts or declines)."""
    with store.uow() as uow:
        request = uow.session.get(HelpRequest, request_id)
        if request is None:
            raise NotFoundError(_("No request with id {id}.").format(id=request_id))
        _volunteer(uow.session, volunteer_id)
        offer_id = natural_id("offer", request_id, volunteer_id)
        offer = uow.session.get(RequestOffer, offer_id)
        if offer is None:
            offer = RequestOffer(
                id=offer_id,
                request_id=request_id,
                volunteer_id=volunteer_id,
                offered_on=offered_on or date.today(),
            )
            uow.session.add(offer)
        if request.status in (RequestStatus.OPEN.value, RequestStatus.DECLINED.value):
            request.status = RequestStatus.OFFERED.value
        uow.commit()
        return offer.id


def list_offers(store: Store, request_id: str) -> list[OfferRow]:
    with store.new_session() as session:
        rows = session.execute(
            select(
                RequestOffer,
                Volunteer.id,
                Volunteer.given_name,
                Volunteer.family_name,
                *volunteers.NAMESAKE_COLUMNS,
            )
            .join(Volunteer, Volunteer.id == RequestOffer.volunteer_id)
            .where(RequestOffer.request_id == request_id)
            .order_by(RequestOffer.offered_on)
        ).all()
        details = _namesake_details(session, rows)
        return [
            OfferRow(
                row.RequestOffer.id,
                row.RequestOffer.request_id,
                row.id,
                f"{row.given_name} {row.family_name}",
                row.RequestOffer.offered_on,
                row.RequestOffer.response,
                details.get(row.id, ""),
            )
            for row in rows
        ]


def answer_offer(
    store: Store,
    *,
    offer_id: str,
    accepted: bool,
    mentee_pseudonym: str = "",
    answered_on: date | None = None,
) -> str | None:
    """Record the volunteer's answer; an acceptance turns the request into an assignment (id returned)."""
    today = answered_on or date.today()
    with store.uow() as uow:
        offer = uow.session.get(RequestOffer, offer_id)
        if offer is None:
            raise NotFoundError(_("No offer with id {id}.").format(id=offer_id))
        request = uow.session.get(HelpRequest, offer.request_id)
        assert request is not None
        offer.response = OfferResponse.ACCEPTED.value if accepted else OfferResponse.DECLINED.value
        offer.responded_on = today
        assignment_id = None
        if accepted:
            assignment = Assignment(
                volunteer_id=offer.volunteer_id,
                request_id=request.id,
                mentee_pseudonym=_check_pseudonym(
                    mentee_pseudonym or request.institution[:MAX_PSEUDONYM_LENGTH]
                ),
                languages=request.languages_needed,
                areas=request.area,
                started_on=today,
            )
            uow.session.add(assignment)
            request.status = RequestStatus.ACCEPTED.value
            assignment_id = assignment.id
        else:
            others = uow.session.scalars(
                select(RequestOffer.response).where(
                    RequestOffer.request_id == request.id, RequestOffer.id != offer.id
                )
            ).all()
            if all(r == OfferResponse.DECLINED.value for r in others):
                request.status = RequestStatus.DECLINED.value
        uow.commit()
        return assignment_id


def close_request(store: Store, request_id: str) -> None:
    with store.uow() as uow:
        request = uow.session.get(HelpRequest, request_id)
        if request is None:
            raise NotFoundError(_("No request with id {id}.").format(id=request_id))
        request.status = RequestStatus.CLOSED.value
        uow.commit()


# --- Assignments and log ---------------------------------------------------------------------


def add_assignment(
    store: Store,
    *,
    volunteer_id: str,
    mentee_pseudonym: str,
    household_size: int | None = None,
    languages: str = "",
    areas: Sequence[str] = (),
    started_on: date | None = None,
    request_id: str | None = None,
) -> str:
    """Start a Begleitung of a mentee known by pseudonym or initials.

    Without ``started_on`` the start follows the first logged contact (today until one is
    logged), so a contact recorded afterwards is never "before the start".
    """
    if household_size is not None and not 1 <= household_size <= 30:
        raise ValidationError(_("Household size must be between 1 and 30."), field="household_size")
    with store.uow() as uow:
        _volunteer(uow.session, volunteer_id)
        assignment = Assignment(
            volunteer_id=volunteer_id,
            mentee_pseudonym=_check_pseudonym(mentee_pseudonym),
            household_size=household_size,
            languages=validation.clean(languages),
            areas=",".join(sorted({_check_area(a) for a in areas})),
            started_on=started_on or date.today(),
            start_from_first_contact=started_on is None,
            request_id=request_id,
        )
        uow.session.add(assignment)
        uow.commit()
        return assignment.id


def set_assignment_start(store: Store, assignment_id: str, started_on: date) -> None:
    """Set the start of a Begleitung by hand (it no longer follows the first contact)."""
    with store.uow() as uow:
        assignment = _assignment(uow.session, assignment_id)
        first = _first_contact(uow.session, assignment_id)
        if first is not None and started_on > first:
            raise ValidationError(
                _("The first contact was on {date}; the assignment cannot start later.").format(
                    date=first.strftime("%d.%m.%Y")
                ),
                field="started_on",
            )
        if assignment.ended_on is not None and started_on > assignment.ended_on:
            raise ValidationError(
                _("An assignment cannot end before it started."), field="started_on"
            )
        assignment.started_on = started_on
        assignment.start_from_first_contact = False
        uow.commit()


def first_contact(store: Store, assignment_id: str) -> date | None:
    """The date of the earliest log line of an assignment, if any."""
    with store.new_session() as session:
        return _first_contact(session, assignment_id)


def _first_contact(session: Any, assignment_id: str) -> date | None:
    value: date | None = session.scalar(
        select(func.min(LogEntry.entry_date)).where(LogEntry.assignment_id == assignment_id)
    )
    return value


def _assignment(session: Any, assignment_id: str) -> Assignment:
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFoundError(_("No assignment with id {id}.").format(id=assignment_id))
    return assignment  # type: ignore[no-any-return]


def _follow_first_contact(session: Any, assignment: Assignment) -> None:
    """A start that follows the first contact moves to it (never after the end)."""
    if not assignment.start_from_first_contact:
        return
    session.flush()
    first = _first_contact(session, assignment.id)
    if first is None:
        return
    if assignment.ended_on is not None:
        first = min(first, assignment.ended_on)
    if assignment.started_on != first:
        assignment.started_on = first


def end_assignment(store: Store, assignment_id: str, *, ended_on: date | None = None) -> None:
    with store.uow() as uow:
        assignment = uow.session.get(Assignment, assignment_id)
        if assignment is None:
            raise NotFoundError(_("No assignment with id {id}.").format(id=assignment_id))
        end = ended_on or date.today()
        if end < assignment.started_on:
            raise ValidationError(
                _("An assignment cannot end before it started."), field="ended_on"
            )
        assignment.ended_on = end
        uow.commit()


def resolve_assignment_id(store: Store, text: str) -> str:
    """A full id, or a prefix of at least 4 characters that matches exactly one."""
    return resolve_id(store, Assignment, text, _("No assignment with id {id}."))


def _log_totals() -> Any:
    """Minutes and number of log lines per assignment (a subquery)."""
    return (
        select(
            LogEntry.assignment_id,
            func.coalesce(func.sum(LogEntry.minutes), 0).label("minutes"),
            func.count(LogEntry.id).label("entries"),
        )
        .group_by(LogEntry.assignment_id)
        .subquery()
    )


_ASSIGNMENT_COLUMNS = (
    Assignment.id,
    Assignment.volunteer_id,
    Volunteer.given_name,
    Volunteer.family_name,
    Assignment.mentee_pseudonym,
    Assignment.household_size,
    Assignment.languages,
    Assignment.areas,
    Assignment.started_on,
    Assignment.ended_on,
    *volunteers.NAMESAKE_COLUMNS,
)


@dataclass(frozen=True)
class _Person:
    id: str
    sort_key: str
    birth_date: date | None
    city: str | None


def _person(row: Any) -> _Person:
    """The volunteer of an assignment row, as ``_namesake_details`` reads people."""
    return _Person(row.volunteer_id, row.sort_key, row.birth_date, row.city)


def _assignment_row(row: Any, minutes: int, entries: int, detail: str = "") -> AssignmentRow:
    return AssignmentRow(
        row.id,
        row.volunteer_id,
        f"{row.given_name} {row.family_name}",
        row.mentee_pseudonym,
        row.household_size,
        row.languages,
        row.areas,
        row.started_on,
        row.ended_on,
        int(minutes),
        int(entries),
        detail,
    )


def list_assignments(
    store: Store, *, volunteer_id: str | None = None, open_only: bool = False
) -> list[AssignmentRow]:
    """Assignments (of one volunteer, or all; only the running ones with ``open_only``), the
    newest start first, in one read (the person's file, the CLI). The Begleitung page reads the
    ids (``list_assignment_ids``) and the rows it shows page by page (``assignment_rows``)."""
    totals = _log_totals()
    # Columns, not ORM objects: "all open ones" are tens of thousands in a large register.
    query = (
        select(
            *_ASSIGNMENT_COLUMNS,
            func.coalesce(totals.c.minutes, 0),
            func.coalesce(totals.c.entries, 0),
        )
        .join(Volunteer, Volunteer.id == Assignment.volunteer_id)
        .outerjoin(totals, totals.c.assignment_id == Assignment.id)
        .order_by(Assignment.started_on.desc(), Assignment.id)
    )
    query = _assignment_filter(query, volunteer_id=volunteer_id, open_only=open_only)
    with store.new_session() as session:
        rows = list(session.execute(query))
        details = _namesake_details(session, [_person(row) for row in rows])
    return [
        _assignment_row(row, row[-2], row[-1], details.get(row.volunteer_id, "")) for row in rows
    ]


ASSIGNMENT_SORTS = ("since", "until", "pseudonym", "volunteer", "areas", "hours", "entries")
"""What the list of assignments can be sorted by (in SQL); "since" is the start date."""


def _assignment_filter(query: Any, *, volunteer_id: str | None, open_only: bool) -> Any:
    if volunteer_id:
        query = query.where(Assignment.volunteer_id == volunteer_id)
    if open_only:
        query = query.where(Assignment.ended_on.is_(None))
    return query


def _first_area_rank() -> Any:
    """The rank of an assignment's first area in the programme's order (``Area.in_order``, as
    the list shows its areas): the sort follows what is shown, in every language. The stored
    codes are in alphabetical order of the code, "arbeit" before "sprache"."""
    return case(
        *(
            (Assignment.areas.contains(area.value, autoescape=True), number)
            for number, area in enumerate(Area)
        ),
        else_=len(Area),
    )


def list_assignment_ids(
    store: Store,
    *,
    volunteer_id: str | None = None,
    open_only: bool = False,
    sort: str = "since",
    descending: bool = True,
) -> list[str]:
    """Ids of the assignments ``list_assignments`` would give, in the list's order.

    Only the ids, sorted and filtered in SQL: the Begleitung page holds them and reads the rows
    it paints in pages (``assignment_rows``), so that 28,000 open assignments of a large register
    are not built as rows at once. Ties go by the newest start, then by id; a running
    assignment's end ("until") counts as later than any date. The default order is that of
    ``list_assignments``.
    """
    if sort not in ASSIGNMENT_SORTS:
        raise ValidationError(_("Cannot sort by {name}.").format(name=sort))
    query = select(Assignment.id)
    keys: list[Any]
    if sort in ("hours", "entries"):
        totals = _log_totals()
        query = query.outerjoin(totals, totals.c.assignment_id == Assignment.id)
        keys = [func.coalesce(totals.c.minutes if sort == "hours" else totals.c.entries, 0)]
    elif sort == "volunteer":
        query = query.join(Volunteer, Volunteer.id == Assignment.volunteer_id)
        keys = [Volunteer.sort_key]
    else:
        by_column: dict[str, list[Any]] = {
            "since": [Assignment.started_on],
            "until": [Assignment.ended_on.is_(None), Assignment.ended_on],
            "pseudonym": [func.lower(Assignment.mentee_pseudonym)],
            "areas": [_first_area_rank(), Assignment.areas],
        }
        keys = by_column[sort]
    ordered = [key.desc() if descending else key.asc() for key in keys]
    if sort != "since":
        ordered.append(Assignment.started_on.desc())
    ordered.append(Assignment.id.asc())
    query = _assignment_filter(
        query.order_by(*ordered), volunteer_id=volunteer_id, open_only=open_only
    )
    with store.new_session() as session:
        return list(session.scalars(query))


def assignment_rows(store: Store, ids: Sequence[str]) -> list[AssignmentRow]:
    """The rows of ``ids`` (from ``list_assignment_ids``) in the order given, with the time
    logged; ids of assignments deleted since the ids were read are left out."""
    found: dict[str, Any] = {}
    totals: dict[str, tuple[int, int]] = {}
    with store.new_session() as session:
        for chunk in chunks(ids, 500):
            for row in session.execute(
                select(*_ASSIGNMENT_COLUMNS)
                .join(Volunteer, Volunteer.id == Assignment.volunteer_id)
                .where(Assignment.id.in_(chunk))
            ):
                found[row.id] = row
            for assignment_id, minutes, entries in session.execute(
                select(LogEntry.assignment_id, func.sum(LogEntry.minutes), func.count(LogEntry.id))
                .where(LogEntry.assignment_id.in_(chunk))
                .group_by(LogEntry.assignment_id)
            ):
                totals[assignment_id] = (int(minutes or 0), int(entries))
        details = _namesake_details(session, [_person(row) for row in found.values()])
    return [
        _assignment_row(found[i], *totals.get(i, (0, 0)), details.get(found[i].volunteer_id, ""))
        for i in ids
        if i in found
    ]


@dataclass(frozen=True)
class _EntryValues:
    entry_date: date
    minutes: int
    kind: str
    area: str
    note: str
    km: float
    expenses_cents: int


def _check_entry(
    entry_date: date | str,
    minutes: int,
    kind: str,
    area: str,
    note: str,
    km: float,
    expenses_cents: int,
) -> _EntryValues:
    day = validation.parse_date(entry_date, "date")
    if day is None:
        raise ValidationError(_("A log entry needs a date."), field="date")
    if day > date.today():
        raise ValidationError(_("The date lies in the future."), field="date")
    if not 1 <= minutes <= 24 * 60:
        raise ValidationError(_("Duration must be between 1 minute and 24 hours."), field="minutes")
    if km < 0 or km > 10000:
        raise ValidationError(_("Kilometres must be between 0 and 10,000."), field="km")
    if expenses_cents < 0:
        raise ValidationError(_("Expenses cannot be negative."), field="expenses")
    note = validation.clean(note)
    if len(note) > 500:
        raise ValidationError(_("The note is too long (at most 500 characters)."), field="note")
    return _EntryValues(
        day, minutes, _check_kind(kind), _check_area(area), note, km, expenses_cents
    )


def _check_start(assignment: Assignment, day: date, move_start: bool) -> None:
    """A contact before the start: refused with ``ContactBeforeStart`` unless the start moves
    (or follows the first contact anyway)."""
    if day >= assignment.started_on or assignment.start_from_first_contact:
        return
    if not move_start:
        raise ContactBeforeStart(
            _(
                "The date {date} lies before the assignment started ({start}). "
                "Set the start to the first contact to record it."
            ).format(
                date=day.strftime("%d.%m.%Y"), start=assignment.started_on.strftime("%d.%m.%Y")
            ),
            day=day,
            started_on=assignment.started_on,
        )
    assignment.started_on = day


def add_log_entry(
    store: Store,
    *,
    assignment_id: str,
    entry_date: date | str,
    minutes: int,
    kind: str,
    area: str,
    note: str = "",
    km: float = 0.0,
    expenses_cents: int = 0,
    move_start: bool = False,
) -> str:
    """Add an Einsatzprotokoll line. The note is short and must not identify the mentee.

    A contact before the assignment's start raises ``ContactBeforeStart``; with
    ``move_start=True`` the start moves to that contact instead.
    """
    values = _check_entry(entry_date, minutes, kind, area, note, km, expenses_cents)
    with store.uow() as uow:
        assignment = _assignment(uow.session, assignment_id)
        _check_start(assignment, values.entry_date, move_start)
        entry = LogEntry(
            assignment_id=assignment_id,
            entry_date=values.entry_date,
            minutes=values.minutes,
            kind=values.kind,
            area=values.area,
            note=values.note,
            km=values.km,
            expenses_cents=values.expenses_cents,
        )
        uow.session.add(entry)
        _follow_first_contact(uow.session, assignment)
        uow.commit()
        return entry.id


def update_log_entry(
    store: Store,
    entry_id: str,
    *,
    entry_date: date | str,
    minutes: int,
    kind: str,
    area: str,
    note: str = "",
    km: float = 0.0,
    expenses_cents: int | None = None,
    move_start: bool = False,
) -> bool:
    """Change a log line, keeping its old values (and who changed it, when) in its history.

    Returns ``False`` (and records nothing) when nothing changed. Same checks as a new line.
    """
    with store.uow() as uow:
        entry = uow.session.get(LogEntry, entry_id)
        if entry is None:
            raise NotFoundError(_("No log entry with id {id}.").format(id=entry_id))
        values = _check_entry(
            entry_date,
            minutes,
            kind,
            area,
            note,
            km,
            entry.expenses_cents if expenses_cents is None else expenses_cents,
        )
        old = _EntryValues(
            entry.entry_date,
            entry.minutes,
            entry.kind,
            entry.area,
            entry.note,
            entry.km,
            entry.expenses_cents,
        )
        if values == old:
            return False
        assignment = _assignment(uow.session, entry.assignment_id)
        _check_start(assignment, values.entry_date, move_start)
        uow.session.add(
            LogEntryChange(
                entry_id=entry.id,
                old_entry_date=old.entry_date,
                old_minutes=old.minutes,
                old_kind=old.kind,
                old_area=old.area,
                old_note=old.note,
                old_km=old.km,
                old_expenses_cents=old.expenses_cents,
            )
        )
        entry.entry_date = values.entry_date
        entry.minutes = values.minutes
        entry.kind = values.kind
        entry.area = values.area
        entry.note = values.note
        entry.km = values.km
        entry.expenses_cents = values.expenses_cents
        _follow_first_contact(uow.session, assignment)
        uow.commit()
        return True


def list_log_entry_changes(store: Store, entry_id: str) -> list[LogChangeRow]:
    """The edits of a log line, newest first."""
    with store.new_session() as session:
        return [
            LogChangeRow(
                c.id,
                c.entry_id,
                c.created_at,
                c.changed_by,
                c.old_entry_date,
                c.old_minutes,
                c.old_kind,
                c.old_area,
                c.old_note,
                c.old_km,
                c.old_expenses_cents,
            )
            for c in session.scalars(
                select(LogEntryChange)
                .where(LogEntryChange.entry_id == entry_id)
                .order_by(LogEntryChange.created_at.desc(), LogEntryChange.id)
            )
        ]


def delete_log_entry(store: Store, entry_id: str) -> None:
    with store.uow() as uow:
        entry = uow.session.get(LogEntry, entry_id)
        if entry is None:
            raise NotFoundError(_("No log entry with id {id}.").format(id=entry_id))
        assignment = _assignment(uow.session, entry.assignment_id)
        uow.session.delete(entry)
        _follow_first_contact(uow.session, assignment)
        uow.commit()


def list_log_entries(store: Store, assignment_id: str) -> list[LogRow]:
    edits = (
        select(LogEntryChange.entry_id, func.count(LogEntryChange.id).label("n"))
        .group_by(LogEntryChange.entry_id)
        .subquery()
    )
    with store.new_session() as session:
        return [
            LogRow(
                e.id,
                e.assignment_id,
                e.entry_date,
                e.minutes,
                e.kind,
                e.area,
                e.note,
                e.km,
                e.expenses_cents,
                int(n or 0),
            )
            for e, n in session.execute(
                select(LogEntry, edits.c.n)
                .outerjoin(edits, edits.c.entry_id == LogEntry.id)
                .where(LogEntry.assignment_id == assignment_id)
                .order_by(LogEntry.entry_date.desc())
            )
        ]


def totals_by_month_and_area(
    store: Store, *, volunteer_id: str | None = None, year: int | None = None
) -> dict[tuple[str, str], int]:
    """Minutes per (``YYYY-MM``, area): the mentoring page's overview."""
    query = select(LogEntry.entry_date, LogEntry.area, LogEntry.minutes)
    if volunteer_id:
        query = query.join(Assignment, Assignment.id == LogEntry.assignment_id).where(
            Assignment.volunteer_id == volunteer_id
        )
    if year:
        query = query.where(
            LogEntry.entry_date >= date(year, 1, 1), LogEntry.entry_date <= date(year, 12, 31)
        )
    result: dict[tuple[str, str], int] = defaultdict(int)
    with store.new_session() as session:
        for day, area, minutes in session.execute(query):
            result[(f"{day.year:04d}-{day.month:02d}", area)] += minutes
    return dict(result)


def km_totals(store: Store, *, year: int, volunteer_id: str | None = None) -> KmTotals:
    """Kilometres of a year's log lines per month and per volunteer (for travel expenses).

    Summed per assignment first, then per person: joining every line to its assignment took
    twice as long with 100,000 people.
    """
    in_year = [
        LogEntry.km > 0,
        LogEntry.entry_date >= date(year, 1, 1),
        LogEntry.entry_date <= date(year, 12, 31),
    ]
    if volunteer_id:
        mine = select(Assignment.id).where(Assignment.volunteer_id == volunteer_id)
        in_year.append(LogEntry.assignment_id.in_(mine))
    month = year_month(LogEntry.entry_date)
    per_assignment = (
        select(LogEntry.assignment_id.label("aid"), func.sum(LogEntry.km).label("km"))
        .where(*in_year)
        .group_by(LogEntry.assignment_id)
        .subquery()
    )
    per_person = (
        select(Assignment.volunteer_id.label("vid"), func.sum(per_assignment.c.km).label("km"))
        .join(Assignment, Assignment.id == per_assignment.c.aid)
        .group_by(Assignment.volunteer_id)
        .subquery()
    )
    with store.new_session() as session:
        months = session.execute(
            select(month, func.sum(LogEntry.km)).where(*in_year).group_by(month).order_by(month)
        ).all()
        rows = session.execute(
            select(
                per_person.c.vid.label("id"),
                Volunteer.given_name,
                Volunteer.family_name,
                per_person.c.km,
                *volunteers.NAMESAKE_COLUMNS,
            )
            .join(Volunteer, Volunteer.id == per_person.c.vid)
            .order_by(Volunteer.sort_key, Volunteer.id)
        ).all()
        details = _namesake_details(session, rows)  # who is paid for which km
    people = [
        (
            row.id,
            names.with_detail(f"{row.given_name} {row.family_name}", details.get(row.id, "")),
            round(float(row.km), 1),
        )
        for row in rows
    ]
    return KmTotals(
        by_month={key: round(float(km), 1) for key, km in months},
        by_volunteer=people,
        total=round(sum(float(km) for _key, km in months), 1),
    )


# --- Reflection meetings ---------------------------------------------------------------------


def add_meeting(
    store: Store,
    *,
    held_on: date | str,
    kind: str = MeetingKind.REFLECTION.value,
    topic: str = "",
    volunteer_ids: Sequence[str] = (),
) -> str:
    """Record a Reflexions-/Austauschtreffen or Supervision and who took part."""
    day = validation.parse_date(held_on, "held_on")
    if day is None:
        raise ValidationError(_("A meeting needs a date."), field="held_on")
    try:
        kind_value = MeetingKind.parse(kind).value
    except ValueError:
        raise ValidationError(
            _("Unknown meeting kind: {kind}").format(kind=kind), field="kind"
        ) from None
    with store.uow() as uow:
        meeting = ReflectionMeeting(held_on=day, kind=kind_value, topic=validation.clean(topic))
        uow.session.add(meeting)
        uow.session.flush()
        for volunteer_id in dict.fromkeys(volunteer_ids):
            _volunteer(uow.session, volunteer_id)
            uow.session.add(
                ReflectionAttendee(
                    id=natural_id("attendee", meeting.id, volunteer_id),
                    meeting_id=meeting.id,
                    volunteer_id=volunteer_id,
                )
            )
        uow.commit()
        return meeting.id


def list_meetings(store: Store) -> list[MeetingRow]:
    counts = (
        select(ReflectionAttendee.meeting_id, func.count(ReflectionAttendee.id).label("n"))
        .group_by(ReflectionAttendee.meeting_id)
        .subquery()
    )
    with store.new_session() as session:
        return [
            MeetingRow(m.id, m.held_on, m.kind, m.topic, int(n or 0))
            for m, n in session.execute(
                select(ReflectionMeeting, counts.c.n)
                .outerjoin(counts, counts.c.meeting_id == ReflectionMeeting.id)
                .order_by(ReflectionMeeting.held_on.desc())
            )
        ]


def activity_summary(
    store: Store, *, volunteer_id: str, date_from: date, date_to: date
) -> ActivitySummary:
    """Mentoring hours by area and reflection meetings attended in a period."""
    if date_to < date_from:
        raise ValidationError(_("The period ends before it starts."), field="to")
    with store.new_session() as session:
        _volunteer(session, volunteer_id)
        by_area: dict[str, int] = defaultdict(int)
        entries = 0
        km = 0.0
        for area, minutes, distance in session.execute(
            select(LogEntry.area, LogEntry.minutes, LogEntry.km)
            .join(Assignment, Assignment.id == LogEntry.assignment_id)
            .where(
                and_(
                    Assignment.volunteer_id == volunteer_id,
                    LogEntry.entry_date >= date_from,
                    LogEntry.entry_date <= date_to,
                )
            )
        ):
            by_area[area] += minutes
            entries += 1
            km += distance or 0.0
        meetings = tuple(
            (m.held_on, m.kind, m.topic)
            for m in session.scalars(
                select(ReflectionMeeting)
                .join(ReflectionAttendee, ReflectionAttendee.meeting_id == ReflectionMeeting.id)
                .where(
                    ReflectionAttendee.volunteer_id == volunteer_id,
                    ReflectionMeeting.held_on >= date_from,
                    ReflectionMeeting.held_on <= date_to,
                )
                .order_by(ReflectionMeeting.held_on)
            )
        )
    return ActivitySummary(
        volunteer_id=volunteer_id,
        date_from=date_from,
        date_to=date_to,
        minutes_by_area=dict(sorted(by_area.items())),
        total_minutes=sum(by_area.values()),
        entries_count=entries,
        km=round(km, 1),
        meetings=meetings,
    )
