"""SQLAlchemy 2.0 models of everything the office keeps.

Every row of user data has a UUID primary key (the only identity that ever leaves the machine),
``created_at``/``updated_at`` in UTC (``UtcTimestamp``: integer microseconds on SQLite) and
``changed_by``; the unit of work fills them in.
Rows that two machines may create independently for the same thing (an enrolment, an attendance
mark) get a deterministic UUID from their natural key, so that they merge instead of duplicating.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from lotsen_desktop.store.timestamps import UtcTimestamp
from lotsen_desktop.store.types import UuidKey

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

_NAMESPACE = uuid.UUID("6b0f7f1e-3c55-4d7e-9a39-4c1f0d6f2a11")


def new_id() -> str:
    return str(uuid.uuid4())


def natural_id(kind: str, *parts: str) -> str:
    """A UUID that two machines compute alike for the same natural key."""
    return str(uuid.uuid5(_NAMESPACE, kind + ":" + ":".join(parts)))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Tracked:
    """Columns every row of user data carries."""

    id: Mapped[str] = mapped_column(UuidKey(), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(UtcTimestamp())
    updated_at: Mapped[datetime] = mapped_column(UtcTimestamp())
    changed_by: Mapped[str] = mapped_column(String(100), default="")
    # the row's merge state when it is simple (``store.inline_state``): local, never exported
    sync_gen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sync_hlc: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    sync_site: Mapped[int | None] = mapped_column(Integer, nullable=True)


@event.listens_for(Base, "init", propagate=True)
def _assign_id_at_construction(
    target: object, _args: tuple[object, ...], kwargs: dict[str, object]
) -> None:
    """Give every new tracked row its UUID at once, so services can return and link it before a flush."""
    if isinstance(target, Tracked) and not kwargs.get("id"):
        kwargs["id"] = new_id()


OFFICE_ID = natural_id("office", "office")
"""The id of the one ``office`` row: every machine computes the same, so exchanges meet on it."""


class Office(Tracked, Base):
    """The Träger's profile and the office's rule settings: one row."""

    __tablename__ = "office"

    name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(100), default="")
    signatory_name: Mapped[str] = mapped_column(String(200), default="")
    signatory_role: Mapped[str] = mapped_column(String(200), default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    background_pdf: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    """The office's one-page stationery PDF printed under its documents (syncs and backs up)."""
    certificate_prefix: Mapped[str] = mapped_column(String(20), default="IL")
    certificate_text: Mapped[str] = mapped_column(Text, default="")
    unit_minutes: Mapped[int] = mapped_column(Integer, default=45)
    threshold_percent: Mapped[int] = mapped_column(Integer, default=80)
    specialisations_required: Mapped[int] = mapped_column(Integer, default=0)


class Volunteer(Tracked, Base):
    """The file of one Integrationslotsin or Integrationslotse."""

    __tablename__ = "volunteer"

    given_name: Mapped[str] = mapped_column(String(200))
    family_name: Mapped[str] = mapped_column(String(200))
    title_form: Mapped[str] = mapped_column(String(20), default="neutral")
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    street: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    migration_experience: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    origin_country: Mapped[str] = mapped_column(String(100), default="")
    availability: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(30), default="interessiert")
    agreement_signed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    police_certificate_seen_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    police_certificate_seen_by: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(500), default="")
    sort_key: Mapped[str] = mapped_column(String(900), default="")
    row_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    """Raised by every write of the file on this database (optimistic locking); never synced."""

    languages: Mapped[list[VolunteerLanguage]] = relationship(
        back_populates="volunteer",
        cascade="all, delete-orphan",
        order_by="VolunteerLanguage.language",
    )
    interests: Mapped[list[VolunteerInterest]] = relationship(
        back_populates="volunteer", cascade="all, delete-orphan", order_by="VolunteerInterest.area"
    )
    status_history: Mapped[list[StatusChange]] = relationship(
        back_populates="volunteer", cascade="all, delete-orphan", order_by="StatusChange.changed_on"
    )
    consents: Mapped[list[Consent]] = relationship(
        back_populates="volunteer", cascade="all, delete-orphan", order_by="Consent.given_on"
    )

    __table_args__ = (
        Index("ix_volunteer_sort_id", "sort_key", "id"),
        Index("ix_volunteer_status_sort_id", "status", "sort_key", "id"),
    )


class VolunteerLanguage(Tracked, Base):
    __tablename__ = "volunteer_language"

    volunteer_id: Mapped[str] = mapped_column(
        UuidKey(), ForeignKey("volunteer.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(20), default="")
    volunteer: Mapped[Volunteer] = relationship(back_populates="languages")

    __table_args__ = (Index("ix_volunteer_language_language", "language", "volunteer_id"),)


class VolunteerInterest(Tracked, Base):
    __tablename__ = "volunteer_interest"

    volunteer_id: Mapped[str] = mapped_column(
        UuidKey(), ForeignKey("volunteer.id", ondelete="CASCADE"), index=True
    )
    area: Mapped[str] = mapped_column(String(30))
    volunteer: Mapped[Volunteer] = relationship(back_populates="interests")


class StatusChange(Tracked, Base):
    """Dated history of a volunteer's status; the volunteer row holds the current one."""

    __tablename__ = "status_change"

    volunteer_id: Mapped[str] = mapped_column(
        UuidKey(), ForeignKey("volunteer.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(30))
    changed_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    volunteer: Mapped[Volunteer] = relationship(back_populates="status_history")


class Consent(Tracked, Base):
    """An Einwilligung: purpose, the version of the text the person saw, given and withdrawn."""

    __tablename__ = "consent"

    volunteer_id: Mapped[str] = mapped_column(
        UuidKey(), ForeignKey("volunteer.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(40))
    text_version: Mapped[str] = mapped_column(String(40), default="")
    given_on: Mapped[date] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    volunteer: Mapped[Volunteer] = relationship(back_populates="consents")


class IntakeConversation(Tracked, Base):
    """Kennenlerngespräch before the course."""

    __tablename__ = "intake_conversation"

    volunteer_id: Mapped[str] = mapped_column(
        UuidKey(), ForeignKey("volunteer.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text, default="")


class Module(Tracked, Base):
    """An entry of the office's module catalogue; planned time in minutes."""

    __tablename__ = "module"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    planned_minutes: Mapped[int] = mapped_column(Integer)
    threshold_percent: Mapped[int | None] = mapped_column(Integer, nullable=True)
    contents: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Course(Tracked, Base):
    """One run (Durchgang) of a module."""

    __tablename__ = "course"

    module_id: Mapped[str] = mapped_column(UuidKey(), ForeignKey("module.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(200), default="")
    trainers: Mapped[str] = mapped_column(String(300), default="")
    module: Mapped[Module] = relationship()
    sessions: Mapped[list[CourseSession]] = relationship(
        back_populates="course",
        cascade="all, delete-orphan",
        order_by="(CourseSession.session_date, CourseSession.start_minute)",
    )


class CourseSession(Tracked, Base):
    """A Termin: date, start and end as minutes after midnight, topic."""

    __tablename__ = "course_session"

    course_id: Mapped[str] = mapped_column(
        UuidKey(), ForeignKey("course.id", ondelete="CASCADE"), index=True
    )
    session_date: Mapped[date] = mapped_column(Date)
    start_minute: Mapped[int] = mapped_column(Integer)
    end_minute: Mapped[int] = mapped_column(Integer)
    topic: Mapped[str] = mapped_column(String(300), default="")
    course: Mapped[Course] = relationship(back_populates="sessions")


class CourseLockEvent(Tracked, Base):
    """A finished course was locked, unlocked on purpose or locked again: who, when and why.

    Append-only; the latest event (by ``acted_at``, then id) is the course's lock state.
    """

    __tablename__ = "course_lock"

    course_id: Mapped[str] = mapped_column(
        UuidKey(), ForeignKey("course.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    acted_at: Mapped[datetime] = mapped_column(UtcTimestamp())
    acted_by: Mapped[str] = mapped_column(String(100), default="")


class Enrolment(Tracked, Base):
    """A person in a course from ``enrolled_on``; earlier sessions are "not enrolled"."""

    __tablename__ = "enrolment"

    # course_id: found by the unique (course_id, volunteer_id) index
    course_id: Mapped[str] = mapped_column(UuidKey(), ForeignKey("course.id", ondelete="CASCADE"))
    volunteer_id: Mapped[str] = mapped_column(
        UuidKey(), ForeignKey("volunteer.id", ondelete="CASCADE"), index=True
    )
    enrolled_on: Mapped[date] = mapped_column(Date)

    __table_args__ = (UniqueConstraint("course_id", "volunteer_id"),)


class Attendance(Tracked, Base):
    """One person at one session: present, excused, absent, or partial with minutes."""

    __tablename__ = "attendance"

    # found by the unique (session_id, volunteer_id) index
    session_id: Mapped[str] = mapped_column(
        UuidKey(), ForeignKey("course_session.id", ondelete="CASCADE")
    )
    volunteer_id: Mapped[str] = mapped_column(
        UuidKey(), ForeignKey("volunteer.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(String(20))
    minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)

    __table_args__ = (UniqueConstraint("session_id", "volunteer_id"),)


class HelpRequest(Tracked, Base):
    """An Einsatzanfrage from an institution."""

    __tablename__ = "help_request"

    institution: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str] = mapped_column(String(200), default="")
    area: Mapped[str] = mapped_column(String(30))
    languages_needed: Mapped[str] = mapped_column(String(300), default="")
    timing: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    received_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="offen")


class RequestOffer(Tracked, Base):
    """A request offered to one volunteer, who accepts or declines."""

    __tablename__ = "request_offer"

    # found by the unique (request_id, volunteer_id) index
    request_id: Mapped[str] = mapped_column(
        UuidKey(), ForeignKey("help_request.id", ondelete="CASCADE")
    )
    volunteer_id: Mapped[str] = mapped_column(
        UuidKey(), ForeignKey("volunteer.id", ondelete="CASCADE"), index=True
    )
    offered_on: Mapped[date] = mapped_column(Date)
    response: Mapped[str] = mapped_column(String(20), default="offen")
    responded_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    __table_args__ = (UniqueConstraint("request_id", "volunteer_id"),)


class Assignment(Tracked, Base):
    """A Begleitung: a volunteer and a mentee known only by pseudonym or initials."""

    __tablename__ = "assignment"

    volunteer_id: Mapped[str] = mapped_column(
        UuidKey(), ForeignKey("volunteer.id", ondelete="CASCADE"), index=True
    )
    request_id: Mapped[str | None] = mapped_column(
        UuidKey(), ForeignKey("help_request.id", ondelete="SET NULL"), nullable=True
    )
    mentee_pseudonym: Mapped[str] = mapped_column(String(40))
    household_size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    languages: Mapped[str] = mapped_column(String(300), default="")
    areas: Mapped[str] = mapped_column(String(300), default="")
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    start_from_first_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    """The start was not given: it follows the earliest logged contact."""


class LogEntry(Tracked, Base):
    """An Einsatzprotokoll line."""

    __tablename__ = "log_entry"

    assignment_id: Mapped[str] = mapped_column(
        UuidKey(), ForeignKey("assignment.id", ondelete="CASCADE"), index=True
    )
    entry_date: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    area: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(String(500), default="")
    km: Mapped[float] = mapped_column(Float, default=0.0)
    expenses_cents: Mapped[int] = mapped_column(Integer, default=0)


class LogEntryChange(Tracked, Base):
    """One edit of an Einsatzprotokoll line: the values it had before (who and when are the
    row's ``changed_by`` and ``created_at``)."""

    __tablename__ = "log_entry_change"

    entry_id: Mapped[str] = mapped_column(
        UuidKey(), ForeignKey("log_entry.id", ondelete="CASCADE"), index=True
    )
    old_entry_date: Mapped[date] = mapped_column(Date)
    old_minutes: Mapped[int] = mapped_column(Integer)
    old_kind: Mapped[str] = mapped_column(String(30))
    old_area: Mapped[str] = mapped_column(String(30))
    old_note: Mapped[str] = mapped_column(String(500), default="")
    old_km: Mapped[float] = mapped_column(Float, default=0.0)
    old_expenses_cents: Mapped[int] = mapped_column(Integer, default=0)


class ReflectionMeeting(Tracked, Base):
    """Reflexions-, Austauschtreffen or Supervision with volunteers."""

    __tablename__ = "reflection_meeting"

    held_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20), default="reflexion")
    topic: Mapped[str] = mapped_column(String(300), default="")


class ReflectionAttendee(Tracked, Base):
    __tablename__ = "reflection_attendee"

    # found by the unique (meeting_id, volunteer_id) index
    meeting_id: Mapped[str] = mapped_column(
        UuidKey(), ForeignKey("reflection_meeting.id", ondelete="CASCADE")
    )
    volunteer_id: Mapped[str] = mapped_column(
        UuidKey(), ForeignKey("volunteer.id", ondelete="CASCADE"), index=True
    )

    __table_args__ = (UniqueConstraint("meeting_id", "volunteer_id"),)


class Certificate(Tracked, Base):
    """The certificate register: never deleted, can be revoked.

    ``content`` is the canonical JSON of what was printed, so a reprint is identical and the
    checksum can be recomputed. The person link is cleared when their file is erased.
    """

    __tablename__ = "certificate"

    serial: Mapped[str] = mapped_column(String(40), unique=True)
    volunteer_id: Mapped[str | None] = mapped_column(
        UuidKey(), ForeignKey("volunteer.id", ondelete="SET NULL"), nullable=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    issued_on: Mapped[date] = mapped_column(Date)
    checksum: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text, default="")
    revoked_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")


class EnrolmentFigure(Base):
    """Derived, never synced: one enrolment's attended minutes and completion.

    Kept by ``services.qualification`` in the transaction of every change it depends on, so that
    lists of thousands read stored numbers instead of summing all attendance.
    """

    __tablename__ = "figure_enrolment"

    enrolment_id: Mapped[str] = mapped_column(UuidKey(), primary_key=True)
    volunteer_id: Mapped[str] = mapped_column(
        UuidKey(), ForeignKey("volunteer.id", ondelete="CASCADE"), index=True
    )
    course_id: Mapped[str] = mapped_column(UuidKey(), index=True)
    module_id: Mapped[str] = mapped_column(UuidKey(), index=True)
    attended_minutes: Mapped[int] = mapped_column(Integer)
    required_minutes: Mapped[int] = mapped_column(Integer)
    completed: Mapped[bool] = mapped_column(Boolean)
    completed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    first_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    last_date: Mapped[date | None] = mapped_column(Date, nullable=True)


class ModuleFigure(Base):
    """Derived, never synced: the run of a module that counts for a person, and its completion."""

    __tablename__ = "figure_module"

    volunteer_id: Mapped[str] = mapped_column(
        UuidKey(), ForeignKey("volunteer.id", ondelete="CASCADE"), primary_key=True
    )
    module_id: Mapped[str] = mapped_column(UuidKey(), primary_key=True)
    enrolment_id: Mapped[str] = mapped_column(UuidKey())
    completed_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class QualificationFigure(Base):
    """Derived, never synced: one row per qualified person, with the qualified-since date."""

    __tablename__ = "figure_person"

    volunteer_id: Mapped[str] = mapped_column(
        UuidKey(), ForeignKey("volunteer.id", ondelete="CASCADE"), primary_key=True
    )
    qualified_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)


class LocalSetting(Base):
    """Settings of this machine only (never synced): site id, user name, language, last page."""

    __tablename__ = "local_setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class ImportBatch(Base):
    """One import of a volunteer list on this machine, kept so it can be undone as a whole.

    Local bookkeeping, never synced: the people it created travel like any other new file, and
    an undo deletes them like any other deletion.
    """

    __tablename__ = "import_batch"

    id: Mapped[str] = mapped_column(UuidKey(), primary_key=True, default=new_id)
    imported_at: Mapped[datetime] = mapped_column(UtcTimestamp())
    file_name: Mapped[str] = mapped_column(String(300), default="")
    imported_by: Mapped[str] = mapped_column(String(100), default="")
    people: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    undone_at: Mapped[datetime | None] = mapped_column(UtcTimestamp(), nullable=True)


class ImportBatchPerson(Base):
    """A file created by an import (a plain id: erasing the person never waits for this)."""

    __tablename__ = "import_batch_person"

    batch_id: Mapped[str] = mapped_column(
        UuidKey(), ForeignKey("import_batch.id", ondelete="CASCADE"), primary_key=True
    )
    volunteer_id: Mapped[str] = mapped_column(UuidKey(), primary_key=True)


TRACKED_MODELS: tuple[type[Tracked], ...] = (
    Office,
    Volunteer,
    VolunteerLanguage,
    VolunteerInterest,
    StatusChange,
    Consent,
    IntakeConversation,
    Module,
    Course,
    CourseSession,
    Enrolment,
    Attendance,
    CourseLockEvent,
    HelpRequest,
    RequestOffer,
    Assignment,
    LogEntry,
    ReflectionMeeting,
    ReflectionAttendee,
    Certificate,
    LogEntryChange,
)
"""Every table of user data, parents before children (the order exports and digests use)."""

VERSIONED_TABLES = frozenset({"volunteer"})
"""Tables whose rows carry ``row_version``: every write raises it, so a save from a form that
was opened on an older version is noticed (``services.volunteers.update_volunteer``)."""


@event.listens_for(Volunteer, "before_update")
def _raise_row_version(_mapper: object, _connection: object, target: Volunteer) -> None:
    """Any ORM write of a versioned row raises its version in the same UPDATE statement."""
    from sqlalchemy.orm import object_session

    session = object_session(target)
    if session is not None and session.is_modified(target, include_collections=False):
        target.row_version = Volunteer.row_version + 1  # type: ignore[assignment]
