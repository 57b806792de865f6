"""Volunteer files: create, change, find, list.

Lists are narrow queries (only the columns a list shows), sorted and filtered in SQL and paged,
so that 100,000 files stay instant.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from lotsen_desktop.domain import names, validation
from lotsen_desktop.domain.phone_search import phone_search_digits
from lotsen_desktop.domain.vocabulary import (
    Area,
    ConsentPurpose,
    LanguageLevel,
    TitleForm,
    VolunteerStatus,
)
from lotsen_desktop.errors import ConcurrentEdit, NotFoundError, ValidationError
from lotsen_desktop.i18n import _
from lotsen_desktop.services import progress
from lotsen_desktop.services.ids import resolve_id
from lotsen_desktop.store import name_index, phone_index
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import (
    Consent,
    Enrolment,
    IntakeConversation,
    QualificationFigure,
    StatusChange,
    Volunteer,
    VolunteerInterest,
    VolunteerLanguage,
)


@dataclass(frozen=True)
class LanguageSkill:
    language: str
    level: str = ""


@dataclass(frozen=True)
class VolunteerRow:
    """One line of the volunteer list."""

    id: str
    given_name: str
    family_name: str
    status: str
    phone: str
    languages: str
    qualified_on: date | None = None
    detail: str = ""
    """Birth year, place or short id when another row of the same list has the same name."""

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_name}"

    @property
    def distinct_name(self) -> str:
        """The name as lists show it: with the detail that tells namesakes apart."""
        return names.with_detail(self.display_name, self.detail)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "given_name": self.given_name,
            "family_name": self.family_name,
            "status": self.status,
            "phone": self.phone,
            "languages": self.languages,
            "qualified_on": self.qualified_on,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class StatusEntry:
    id: str
    status: str
    changed_on: date
    note: str


@dataclass(frozen=True)
class ConsentEntry:
    id: str
    purpose: str
    text_version: str
    given_on: date
    withdrawn_on: date | None

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None


@dataclass(frozen=True)
class VolunteerDetail:
    """Everything in one volunteer's file."""

    id: str
    given_name: str
    family_name: str
    title_form: str
    birth_date: date | None
    phone: str
    email: str
    street: str
    postal_code: str
    city: str
    migration_experience: bool | None
    origin_country: str
    availability: str
    status: str
    agreement_signed_on: date | None
    police_certificate_seen_on: date | None
    police_certificate_seen_by: str
    notes: str
    languages: tuple[LanguageSkill, ...] = ()
    interests: tuple[str, ...] = ()
    status_history: tuple[StatusEntry, ...] = ()
    consents: tuple[ConsentEntry, ...] = ()
    created_at: Any = None
    updated_at: Any = None
    changed_by: str = ""
    version: int = 0
    """The stored ``row_version``: what a form that edits this file passes back on save."""

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def as_dict(self) -> dict[str, Any]:
        data = {
            k: getattr(self, k)
            for k in self.__dataclass_fields__
            if k not in {"languages", "status_history", "consents", "version"}
        }
        data["languages"] = [{"language": s.language, "level": s.level} for s in self.languages]
        data["interests"] = list(self.interests)
        data["status_history"] = [
            {"status": s.status, "changed_on": s.changed_on, "note": s.note}
            for s in self.status_history
        ]
        data["consents"] = [
            {
                "id": c.id,
                "purpose": c.purpose,
                "text_version": c.text_version,
                "given_on": c.given_on,
                "withdrawn_on": c.withdrawn_on,
            }
            for c in self.consents
        ]
        return data


@dataclass(frozen=True)
class VolunteerFilter:
    """What the list is narrowed to; every field optional."""

    search: str = ""
    status: str | None = None
    language: str | None = None
    area: str | None = None
    course_id: str | None = None
    statuses: tuple[str, ...] = field(default_factory=tuple)
    qualified_only: bool = False


SORT_COLUMNS = ("name", "status", "phone", "created")

_TEXT_FIELDS = (
    "phone",
    "email",
    "street",
    "postal_code",
    "city",
    "origin_country",
    "availability",
    "notes",
    "police_certificate_seen_by",
)
_DATE_FIELDS = ("birth_date", "agreement_signed_on", "police_certificate_seen_on")
EDITABLE_FIELDS = frozenset(
    {
        "given_name",
        "family_name",
        "title_form",
        "status",
        "migration_experience",
        "languages",
        "interests",
    }
    | set(_TEXT_FIELDS)
    | set(_DATE_FIELDS)
)


def _check_enum(
    enum: type[VolunteerStatus] | type[TitleForm] | type[Area], value: str, field_name: str
) -> str:
    return validation.parse_choice(enum, value, field_name)


def _normalise_languages(
    languages: Iterable[LanguageSkill | str | tuple[str, str]],
) -> list[LanguageSkill]:
    result: dict[str, LanguageSkill] = {}
    for item in languages:
        if isinstance(item, LanguageSkill):
            skill = item
        elif isinstance(item, tuple):
            skill = LanguageSkill(item[0], item[1] if len(item) > 1 else "")
        else:
            text, _sep, level = item.partition(":")
            skill = LanguageSkill(text, level)
        language = validation.clean(skill.language)
        if not language:
            continue
        level = validation.clean(skill.level)
        if level:
            try:
                level = LanguageLevel.parse(level).value
            except ValueError:
                raise ValidationError(
                    _("'{value}' is not a language level (A1 to C2 or native).").format(
                        value=level
                    ),
                    field="languages",
                ) from None
        result[names.fold(language)] = LanguageSkill(language, level)
    return list(result.values())


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(_("Unknown field: {name}").format(name=", ".join(sorted(unknown))))
    cleaned: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "given_name":
            cleaned[key] = validation.require_name(value, _("Given name"))
        elif key == "family_name":
            cleaned[key] = validation.require_name(value, _("Family name"))
        elif key == "title_form":
            cleaned[key] = _check_enum(TitleForm, value or "neutral", key)
        elif key == "status":
            cleaned[key] = _check_enum(VolunteerStatus, value, key)
        elif key == "email":
            cleaned[key] = validation.check_email(value)
        elif key == "phone":
            cleaned[key] = validation.check_phone(value)
        elif key == "postal_code":
            cleaned[key] = validation.check_postal_code(value)
        elif key == "birth_date":
            cleaned[key] = validation.check_birth_date(validation.parse_date(value, key))
        elif key in _DATE_FIELDS:
            cleaned[key] = validation.parse_date(value, key)
        elif key == "languages":
            cleaned[key] = _normalise_languages(value or ())
        elif key == "interests":
            cleaned[key] = sorted({_check_enum(Area, v, key) for v in value or ()})
        elif key == "migration_experience":
            cleaned[key] = None if value is None else bool(value)
        else:
            cleaned[key] = validation.clean(value)
    return cleaned


def _apply(session: Session, volunteer: Volunteer, cleaned: dict[str, Any], today: date) -> None:
    for key, value in cleaned.items():
        if key == "languages":
            wanted = {names.fold(s.language): s for s in value}
            for existing in list(volunteer.languages):
                skill = wanted.pop(names.fold(existing.language), None)
                if skill is None:
                    volunteer.languages.remove(existing)
                    session.delete(existing)
                else:
                    existing.language, existing.level = skill.language, skill.level
            for skill in wanted.values():
                volunteer.languages.append(
                    VolunteerLanguage(language=skill.language, level=skill.level)
                )
        elif key == "interests":
            present = {i.area: i for i in volunteer.interests}
            for area, interest in present.items():
                if area not in value:
                    volunteer.interests.remove(interest)
                    session.delete(interest)
            for area in value:
                if area not in present:
                    volunteer.interests.append(VolunteerInterest(area=area))
        elif key == "status":
            if value != volunteer.status:
                volunteer.status = value
                volunteer.status_history.append(StatusChange(status=value, changed_on=today))
        else:
            setattr(volunteer, key, value)
    if volunteer.migration_experience is not None or volunteer.origin_country:
        _require_consent(volunteer, ConsentPurpose.MIGRATION_HISTORY, today)
    volunteer.search_key = names.search_key(volunteer.given_name, volunteer.family_name)
    volunteer.sort_key = names.sort_key(volunteer.family_name, volunteer.given_name)


def _require_consent(volunteer: Volunteer, purpose: ConsentPurpose, today: date) -> None:
    """Migration history is a special category of data (DSGVO Art. 9): only with consent."""
    if not any(c.purpose == purpose.value and c.withdrawn_on is None for c in volunteer.consents):
        raise ValidationError(
            _(
                "Own migration history may only be recorded with the person's consent. Record the consent first."
            ),
            field="migration_experience",
        )


def add_volunteer(
    store: Store,
    *,
    given_name: str,
    family_name: str,
    title_form: str = "neutral",
    birth_date: date | str | None = None,
    email: str = "",
    phone: str = "",
    street: str = "",
    postal_code: str = "",
    city: str = "",
    status: str = VolunteerStatus.INTERESTED.value,
    languages: Sequence[LanguageSkill | str | tuple[str, str]] = (),
    interests: Sequence[str] = (),
    availability: str = "",
    notes: str = "",
    consents: Sequence[tuple[str, str]] = (),
    today: date | None = None,
) -> str:
    """Create a volunteer file; returns its id. ``consents`` are (purpose, text version) given today."""
    today = today or date.today()
    cleaned = _clean_fields(
        {
            "given_name": given_name,
            "family_name": family_name,
            "title_form": title_form,
            "birth_date": birth_date,
            "email": email,
            "phone": phone,
            "street": street,
            "postal_code": postal_code,
            "city": city,
            "languages": languages,
            "interests": interests,
            "availability": availability,
            "notes": notes,
        }
    )
    status_value = _check_enum(VolunteerStatus, status, "status")
    with store.uow() as uow:
        volunteer = build_volunteer(
            uow.session, cleaned, status=status_value, today=today, consents=consents
        )
        uow.commit()
        return volunteer.id


def clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The checks of a file's fields, for callers that create many files in one transaction."""
    return _clean_fields(fields)


def build_volunteer(
    session: Session,
    cleaned: dict[str, Any],
    *,
    status: str,
    today: date,
    consents: Sequence[tuple[str, str]] = (),
    status_note: str = "",
) -> Volunteer:
    """Add a new file to ``session`` from fields checked by ``clean_fields``; the caller commits."""
    volunteer = Volunteer(
        given_name=cleaned["given_name"], family_name=cleaned["family_name"], status=status
    )
    volunteer.status_history.append(StatusChange(status=status, changed_on=today, note=status_note))
    for purpose, version in consents:
        volunteer.consents.append(
            Consent(purpose=_consent_purpose(purpose), text_version=version, given_on=today)
        )
    session.add(volunteer)
    _apply(session, volunteer, cleaned, today)
    return volunteer


def update_volunteer(
    store: Store,
    volunteer_id: str,
    *,
    today: date | None = None,
    expected_version: int | None = None,
    **fields: Any,
) -> int:
    """Change fields of a file; a status change is added to the dated history.

    ``expected_version`` is the ``VolunteerDetail.version`` the user's form started from. When
    someone else saved the file since (another PC on a shared database, another window, an
    import) and a field of this save differs from the stored value, ``ConcurrentEdit`` is raised
    and nothing is written: never a silent overwrite. Returns the file's new version.
    """
    cleaned = _clean_fields(fields)
    with store.uow() as uow:
        session = uow.session
        if expected_version is not None:
            # compare-and-raise first: the row stays locked against other writers until commit
            claimed = session.execute(
                update(Volunteer)
                .where(Volunteer.id == volunteer_id, Volunteer.row_version == expected_version)
                .values(row_version=Volunteer.row_version + 1)
                .execution_options(synchronize_session=False)
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                volunteer = _load(session, volunteer_id)
                differing = _differing_fields(volunteer, cleaned)
                if differing:
                    raise _concurrent_edit(volunteer, differing)
        volunteer = _load(session, volunteer_id)
        _apply(session, volunteer, cleaned, today or date.today())
        if not session.is_modified(volunteer, include_collections=False) and any(
            isinstance(o, (VolunteerLanguage, VolunteerInterest))
            for o in (*session.new, *session.dirty, *session.deleted)
        ):
            flag_modified(volunteer, "updated_at")  # the flush stamps who changed the file
        uow.commit()
        return volunteer.row_version


def _comparable(volunteer: Volunteer, key: str) -> Any:
    """A stored field in the form ``_clean_fields`` gives the user's input."""
    if key == "languages":
        return _normalise_languages([(s.language, s.level) for s in volunteer.languages])
    if key == "interests":
        return sorted(i.area for i in volunteer.interests)
    return getattr(volunteer, key)


def _differing_fields(volunteer: Volunteer, cleaned: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    result: dict[str, tuple[Any, Any]] = {}
    for key, mine in cleaned.items():
        stored = _comparable(volunteer, key)
        if key == "languages":
            if sorted((s.language, s.level) for s in mine) != sorted(
                (s.language, s.level) for s in stored
            ):
                result[key] = (list(mine), list(stored))
        elif mine != stored:
            result[key] = (mine, stored)
    return result


def _concurrent_edit(volunteer: Volunteer, differing: dict[str, tuple[Any, Any]]) -> ConcurrentEdit:
    who = volunteer.changed_by
    if who:
        message = _("This record was changed by {name} in the meantime.").format(name=who)
    else:
        message = _("This record was changed by someone else in the meantime.")
    return ConcurrentEdit(message, changed_by=who, fields=differing, version=volunteer.row_version)


def _consent_purpose(value: str) -> str:
    return validation.parse_choice(ConsentPurpose, value, "purpose")


def record_consent(
    store: Store,
    volunteer_id: str,
    *,
    purpose: str,
    text_version: str,
    given_on: date | None = None,
) -> str:
    """Record an Einwilligung the person gave."""
    with store.uow() as uow:
        volunteer = _load(uow.session, volunteer_id)
        consent = Consent(
            purpose=_consent_purpose(purpose),
            text_version=validation.clean(text_version),
            given_on=given_on or date.today(),
        )
        volunteer.consents.append(consent)
        uow.commit()
        return consent.id


def withdraw_consent(store: Store, consent_id: str, *, withdrawn_on: date | None = None) -> None:
    """Withdraw a consent and delete what was stored on its basis."""
    with store.uow() as uow:
        consent = uow.session.get(Consent, consent_id)
        if consent is None:
            raise NotFoundError(_("No consent with id {id}.").format(id=consent_id))
        consent.withdrawn_on = withdrawn_on or date.today()
        volunteer = consent.volunteer
        if consent.purpose == ConsentPurpose.MIGRATION_HISTORY.value:
            volunteer.migration_experience = None
            volunteer.origin_country = ""
        uow.commit()


def _load(session: Session, volunteer_id: str) -> Volunteer:
    volunteer = session.get(Volunteer, volunteer_id)
    if volunteer is None:
        raise NotFoundError(_("No volunteer with id {id}.").format(id=volunteer_id))
    return volunteer


def resolve_volunteer_id(store: Store, text: str) -> str:
    """A full id, or a prefix of at least 4 characters that matches exactly one."""
    return resolve_id(store, Volunteer, text, _("No volunteer with id {id}."))


def get_volunteer(store: Store, volunteer_id: str) -> VolunteerDetail:
    with store.new_session() as session:
        v = _load(session, volunteer_id)
        return VolunteerDetail(
            id=v.id,
            given_name=v.given_name,
            family_name=v.family_name,
            title_form=v.title_form,
            birth_date=v.birth_date,
            phone=v.phone,
            email=v.email,
            street=v.street,
            postal_code=v.postal_code,
            city=v.city,
            migration_experience=v.migration_experience,
            origin_country=v.origin_country,
            availability=v.availability,
            status=v.status,
            agreement_signed_on=v.agreement_signed_on,
            police_certificate_seen_on=v.police_certificate_seen_on,
            police_certificate_seen_by=v.police_certificate_seen_by,
            notes=v.notes,
            languages=tuple(LanguageSkill(lang.language, lang.level) for lang in v.languages),
            interests=tuple(i.area for i in v.interests),
            status_history=tuple(
                StatusEntry(s.id, s.status, s.changed_on, s.note)
                for s in sorted(v.status_history, key=lambda s: (s.changed_on, s.created_at))
            ),
            consents=tuple(
                ConsentEntry(c.id, c.purpose, c.text_version, c.given_on, c.withdrawn_on)
                for c in v.consents
            ),
            created_at=v.created_at,
            updated_at=v.updated_at,
            changed_by=v.changed_by,
            version=v.row_version,
        )


def filter_query(query: Any, flt: VolunteerFilter) -> Any:
    """Narrow a query over ``Volunteer`` to the filter (also for other services' lists)."""
    if flt.qualified_only:
        query = query.where(exists().where(QualificationFigure.volunteer_id == Volunteer.id))
    digits = phone_search_digits(flt.search)
    terms = [] if digits else names.search_terms(flt.search)
    if digits:
        query = query.where(Volunteer.id.in_(phone_index.matching_volunteer_ids(digits)))
    elif terms:
        query = query.where(Volunteer.id.in_(name_index.matching_volunteer_ids(terms)))
    if flt.status:
        query = query.where(Volunteer.status == flt.status)
    if flt.statuses:
        query = query.where(Volunteer.status.in_(flt.statuses))
    if flt.language:
        query = query.where(
            exists().where(
                and_(
                    VolunteerLanguage.volunteer_id == Volunteer.id,
                    VolunteerLanguage.language == flt.language,
                )
            )
        )
    if flt.area:
        query = query.where(
            exists().where(
                and_(
                    VolunteerInterest.volunteer_id == Volunteer.id,
                    VolunteerInterest.area == flt.area,
                )
            )
        )
    if flt.course_id:
        query = query.where(
            exists().where(
                and_(Enrolment.volunteer_id == Volunteer.id, Enrolment.course_id == flt.course_id)
            )
        )
    return query


def order_query(query: Any, sort: str, descending: bool) -> Any:
    """Order a query over ``Volunteer`` as the list is sorted (German collation keys)."""
    if sort not in SORT_COLUMNS:
        raise ValidationError(_("Cannot sort by {name}.").format(name=sort))
    column = {
        "name": Volunteer.sort_key,
        "status": Volunteer.status,
        "phone": Volunteer.phone,
        "created": Volunteer.created_at,
    }[sort]
    ordered: list[Any] = [column.desc() if descending else column.asc()]
    if sort != "name":
        ordered.append(Volunteer.sort_key.asc())
    ordered.append(Volunteer.id.asc())
    return query.order_by(*ordered)


_ROW_COLUMNS = (
    Volunteer.id,
    Volunteer.given_name,
    Volunteer.family_name,
    Volunteer.status,
    Volunteer.phone,
    Volunteer.sort_key,
    Volunteer.birth_date,
    Volunteer.city,
)


def list_volunteers(
    store: Store,
    *,
    search: str = "",
    status: str | None = None,
    language: str | None = None,
    area: str | None = None,
    course_id: str | None = None,
    sort: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int | None = None,
    with_qualification: bool = True,
    qualified_only: bool = False,
) -> list[VolunteerRow]:
    """One page of the volunteer list, in German collation by default."""
    flt = VolunteerFilter(
        search=search,
        status=status,
        language=language,
        area=area,
        course_id=course_id,
        qualified_only=qualified_only,
    )
    terms = [] if phone_search_digits(search) else names.search_terms(search)
    with store.new_session() as session:
        if terms and sort == "name" and flt == VolunteerFilter(search=search):
            # Typing in the search field: the page comes from the name index alone.
            ids = name_index.page_of_matches(
                session, terms, descending=descending, offset=offset, limit=limit
            )
            rows = _rows_in_order(session, ids)
        else:
            query: Any = select(*_ROW_COLUMNS)
            query = order_query(filter_query(query, flt), sort, descending)
            if offset:
                query = query.offset(offset)
            if limit is not None:
                query = query.limit(limit)
            rows = list(session.execute(query).all())
        ids = [row.id for row in rows]
        languages = languages_for(session, ids)
        qualified = progress.qualified_dates(session, ids) if with_qualification and ids else {}
        details = namesake_details(session, rows, flt)
    return [
        VolunteerRow(
            id=row.id,
            given_name=row.given_name,
            family_name=row.family_name,
            status=row.status,
            phone=row.phone,
            languages=languages.get(row.id, ""),
            qualified_on=qualified.get(row.id),
            detail=details.get(row.id, ""),
        )
        for row in rows
    ]


NAMESAKE_COLUMNS = (Volunteer.sort_key, Volunteer.birth_date, Volunteer.city)
"""What ``namesake_details`` reads of each person besides ``id``: a list that names people
selects these with them."""

LARGE_NAMESAKE_GROUP = 20
"""A name carried by more people than this: each gets year and short id, without reading them all."""


def _namesake(row: Any) -> names.Namesake:
    return names.Namesake(row.id, row.birth_date.year if row.birth_date else None, row.city or "")


def namesake_details(
    session: Session, page: Sequence[Any], flt: VolunteerFilter | None = None
) -> dict[str, str]:
    """Details for the rows of a page whose name repeats in the filtered list (id -> detail).

    ``page`` rows carry ``id``, ``sort_key``, ``birth_date`` and ``city``. One grouped, indexed
    query finds the page's names that occur more than once under the same filter; the other
    carriers of a name are read only for small groups (the usual two or three namesakes), so
    that a common name does not read hundreds of rows. A name search is left out of the filter:
    people with the same name match the same name search anyway.
    """
    if not page:
        return {}
    keys = sorted({row.sort_key for row in page})
    flt = replace(flt, search="") if flt is not None else VolunteerFilter()
    counts: dict[str, int] = {}
    for start in range(0, len(keys), 500):
        query = filter_query(
            select(Volunteer.sort_key, func.count())
            .where(Volunteer.sort_key.in_(keys[start : start + 500]))
            .group_by(Volunteer.sort_key)
            .having(func.count() > 1),
            flt,
        )
        counts.update({key: int(count) for key, count in session.execute(query)})
    if not counts:
        return {}
    details: dict[str, str] = {}
    small = sorted(key for key, count in counts.items() if count <= LARGE_NAMESAKE_GROUP)
    groups: dict[str, list[names.Namesake]] = {}
    for start in range(0, len(small), 500):
        query = filter_query(
            select(Volunteer.id, Volunteer.sort_key, Volunteer.birth_date, Volunteer.city).where(
                Volunteer.sort_key.in_(small[start : start + 500])
            ),
            flt,
        )
        for row in session.execute(query):
            groups.setdefault(row.sort_key, []).append(_namesake(row))
    for group in groups.values():
        details.update(names.distinguishing_details(group))
    for row in page:
        if counts.get(row.sort_key, 0) > LARGE_NAMESAKE_GROUP:
            details[row.id] = names.crowded_detail(_namesake(row))
    return details


def _rows_in_order(session: Session, ids: Sequence[str]) -> list[Any]:
    """The list columns of ``ids``, in the order given."""
    found: dict[str, Any] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        for row in session.execute(select(*_ROW_COLUMNS).where(Volunteer.id.in_(chunk))):
            found[row.id] = row
    return [found[i] for i in ids if i in found]


def count_volunteers(
    store: Store,
    *,
    search: str = "",
    status: str | None = None,
    language: str | None = None,
    area: str | None = None,
    course_id: str | None = None,
    qualified_only: bool = False,
) -> int:
    flt = VolunteerFilter(
        search=search,
        status=status,
        language=language,
        area=area,
        course_id=course_id,
        qualified_only=qualified_only,
    )
    terms = [] if phone_search_digits(search) else names.search_terms(search)
    with store.new_session() as session:
        if terms and flt == VolunteerFilter(search=search):
            return name_index.count_matches(session, terms)
        return int(session.scalar(filter_query(select(func.count(Volunteer.id)), flt)) or 0)


def volunteer_ids(store: Store, *, search: str = "", status: str | None = None) -> list[str]:
    """All matching ids in list order (for a view that holds ids and fetches rows lazily)."""
    query = order_query(
        filter_query(select(Volunteer.id), VolunteerFilter(search=search, status=status)),
        "name",
        False,
    )
    with store.new_session() as session:
        return list(session.scalars(query))


def languages_for(session: Session, ids: list[str]) -> dict[str, str]:
    """Volunteer id -> the languages spoken, as the list shows them."""
    if not ids:
        return {}
    result: dict[str, list[str]] = {}
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        for volunteer_id, language in session.execute(
            select(VolunteerLanguage.volunteer_id, VolunteerLanguage.language)
            .where(VolunteerLanguage.volunteer_id.in_(chunk))
            .order_by(VolunteerLanguage.volunteer_id, VolunteerLanguage.language)
        ):
            result.setdefault(volunteer_id, []).append(language)
    return {k: ", ".join(v) for k, v in result.items()}


def known_languages(store: Store) -> list[str]:
    """Languages recorded for anyone, for filter choices."""
    with store.new_session() as session:
        values = session.scalars(select(VolunteerLanguage.language).distinct()).all()
    return sorted(set(values), key=names.fold)


def find_possible_duplicates(
    store: Store, *, given_name: str, family_name: str, birth_date: date | None
) -> list[str]:
    """Ids of files with the same folded name (and birth date if known)."""
    key = names.search_key(given_name, family_name)
    with store.new_session() as session:
        query = select(Volunteer.id).where(Volunteer.search_key == key)
        if birth_date is not None:
            query = query.where(
                or_(Volunteer.birth_date == birth_date, Volunteer.birth_date.is_(None))
            )
        return list(session.scalars(query))


@dataclass(frozen=True)
class IntakeRow:
    id: str
    held_on: date
    outcome: str


def add_intake(store: Store, volunteer_id: str, *, held_on: date | str, outcome: str = "") -> str:
    """Record a Kennenlerngespräch (intake conversation) and its outcome."""
    day = validation.parse_date(held_on, "held_on")
    if day is None:
        raise ValidationError(_("A date is required."), field="held_on")
    with store.uow() as uow:
        _load(uow.session, volunteer_id)
        intake = IntakeConversation(
            volunteer_id=volunteer_id, held_on=day, outcome=validation.clean(outcome)
        )
        uow.session.add(intake)
        uow.commit()
        return intake.id


def list_intakes(store: Store, volunteer_id: str) -> list[IntakeRow]:
    with store.new_session() as session:
        return [
            IntakeRow(i.id, i.held_on, i.outcome)
            for i in session.scalars(
                select(IntakeConversation)
                .where(IntakeConversation.volunteer_id == volunteer_id)
                .order_by(IntakeConversation.held_on)
            )
        ]
