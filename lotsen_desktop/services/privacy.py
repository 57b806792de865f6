"""DSGVO: access report (Auskunft, Art. 15) and erasure (Löschung, Art. 17) of one person.

Erasure deletes every row about the person through the ORM (so the exchange with other machines
carries the deletions), and keeps of issued certificates only what the register needs forever:
serial, kind, date and checksum, without the name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from lotsen_desktop import __version__, fileformat
from lotsen_desktop.domain.backups import BackupReason
from lotsen_desktop.errors import NotFoundError, ValidationError
from lotsen_desktop.files import write_atomic
from lotsen_desktop.i18n import _
from lotsen_desktop.services import certificates
from lotsen_desktop.store.backup import automatic_backup
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.inline_state import INLINE_COLUMNS
from lotsen_desktop.store.models import (
    Assignment,
    Attendance,
    Certificate,
    Course,
    CourseSession,
    Enrolment,
    IntakeConversation,
    LogEntry,
    LogEntryChange,
    ReflectionAttendee,
    ReflectionMeeting,
    RequestOffer,
    Volunteer,
)

_BOOKKEEPING = {"search_key", "sort_key", "row_version", *INLINE_COLUMNS}
"""Derived and per-database columns (the merge state kept in the row): not the person's data."""


def _row(obj: object) -> dict[str, Any]:
    table = obj.__table__  # type: ignore[attr-defined]
    return {
        c.name: getattr(obj, c.key)
        for c in table.columns
        if c.name not in _BOOKKEEPING and c.name != "logo"
    }


def _json_ready(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    return value


def access_report(store: Store, volunteer_id: str) -> dict[str, Any]:
    """Everything stored about one person, as plain JSON-ready data."""
    with store.new_session() as session:
        volunteer = session.get(Volunteer, volunteer_id)
        if volunteer is None:
            raise NotFoundError(_("No volunteer with id {id}.").format(id=volunteer_id))
        enrolments = session.execute(
            select(Enrolment, Course.title)
            .join(Course, Course.id == Enrolment.course_id)
            .where(Enrolment.volunteer_id == volunteer_id)
        ).all()
        attendance = session.execute(
            select(Attendance, CourseSession.session_date, Course.title)
            .join(CourseSession, CourseSession.id == Attendance.session_id)
            .join(Course, Course.id == CourseSession.course_id)
            .where(Attendance.volunteer_id == volunteer_id)
            .order_by(CourseSession.session_date)
        ).all()
        assignments = session.scalars(
            select(Assignment).where(Assignment.volunteer_id == volunteer_id)
        ).all()
        report = {
            "program": f"Lotsen Desktop {__version__}",
            "created": datetime.now().replace(microsecond=0),
            "person": _row(volunteer),
            "languages": [_row(x) for x in volunteer.languages],
            "interests": [x.area for x in volunteer.interests],
            "status_history": [_row(x) for x in volunteer.status_history],
            "consents": [_row(x) for x in volunteer.consents],
            "intake_conversations": [
                _row(x)
                for x in session.scalars(
                    select(IntakeConversation).where(
                        IntakeConversation.volunteer_id == volunteer_id
                    )
                )
            ],
            "courses": [{"course": title, "enrolled_on": e.enrolled_on} for e, title in enrolments],
            "attendance": [
                {"course": title, "date": day, "state": a.state, "minutes": a.minutes}
                for a, day, title in attendance
            ],
            "assignments": [
                {
                    **_row(a),
                    "log": [
                        {
                            **_row(entry),
                            "earlier_values": [
                                _row(change)
                                for change in session.scalars(
                                    select(LogEntryChange).where(
                                        LogEntryChange.entry_id == entry.id
                                    )
                                )
                            ],
                        }
                        for entry in session.scalars(
                            select(LogEntry).where(LogEntry.assignment_id == a.id)
                        )
                    ],
                }
                for a in assignments
            ],
            "request_offers": [
                _row(x)
                for x in session.scalars(
                    select(RequestOffer).where(RequestOffer.volunteer_id == volunteer_id)
                )
            ],
            "reflection_meetings": [
                {"date": m.held_on, "kind": m.kind, "topic": m.topic}
                for m in session.scalars(
                    select(ReflectionMeeting)
                    .join(ReflectionAttendee, ReflectionAttendee.meeting_id == ReflectionMeeting.id)
                    .where(ReflectionAttendee.volunteer_id == volunteer_id)
                )
            ],
            "certificates": [
                {
                    "serial": c.serial,
                    "kind": c.kind,
                    "issued_on": c.issued_on,
                    "revoked_on": c.revoked_on,
                }
                for c in session.scalars(
                    select(Certificate).where(Certificate.volunteer_id == volunteer_id)
                )
            ],
        }
    return _json_ready(report)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class ErasureResult:
    volunteer_id: str
    deleted_rows: int
    certificates_kept: int


def erase_person(store: Store, volunteer_id: str, *, confirm_name: str) -> ErasureResult:
    """Delete a person's file and everything linked to it; ``confirm_name`` must be the family name."""
    deleted = 0
    with store.uow() as uow:
        session = uow.session
        volunteer = session.get(Volunteer, volunteer_id)
        if volunteer is None:
            raise NotFoundError(_("No volunteer with id {id}.").format(id=volunteer_id))
        if confirm_name.strip() != volunteer.family_name:
            raise ValidationError(
                _("To erase, type the family name exactly as stored: {name}").format(
                    name=volunteer.family_name
                )
            )
        automatic_backup(store, BackupReason.ERASURE)
        assignments = session.scalars(
            select(Assignment).where(Assignment.volunteer_id == volunteer_id)
        ).all()
        assignment_ids = [a.id for a in assignments]
        groups: list[list[object]] = [
            [
                *session.scalars(select(Attendance).where(Attendance.volunteer_id == volunteer_id)),
                *session.scalars(select(Enrolment).where(Enrolment.volunteer_id == volunteer_id)),
                *session.scalars(
                    select(IntakeConversation).where(
                        IntakeConversation.volunteer_id == volunteer_id
                    )
                ),
                *session.scalars(
                    select(RequestOffer).where(RequestOffer.volunteer_id == volunteer_id)
                ),
                *session.scalars(
                    select(ReflectionAttendee).where(
                        ReflectionAttendee.volunteer_id == volunteer_id
                    )
                ),
                *session.scalars(
                    select(LogEntry).where(LogEntry.assignment_id.in_(assignment_ids))
                ),
            ],
            list(assignments),
        ]
        for group in groups:  # children before parents, each group flushed on its own
            for child in group:
                session.delete(child)
                deleted += 1
            session.flush()
        kept = certificates.erase_person_content(session, volunteer_id)
        owned = (
            volunteer.languages,
            volunteer.interests,
            volunteer.status_history,
            volunteer.consents,
        )
        deleted += 1 + sum(len(collection) for collection in owned)
        session.delete(
            volunteer
        )  # its languages, interests, history and consents go with it (ORM cascade)
        uow.commit()
    return ErasureResult(volunteer_id, deleted, kept)


RETENTION_YEARS_AFTER_LEAVING = 3


@dataclass(frozen=True)
class ReviewDue:
    volunteer_id: str
    given_name: str
    family_name: str
    left_on: date
    review_from: date


def due_for_erasure_review(store: Store, *, today: date | None = None) -> list[ReviewDue]:
    """Files of people who left, whose retention (3 years, to the end of that year) has run out."""
    today = today or date.today()
    result: list[ReviewDue] = []
    with store.new_session() as session:
        for volunteer in session.scalars(
            select(Volunteer).where(Volunteer.status == "ausgeschieden")
        ):
            left = [s.changed_on for s in volunteer.status_history if s.status == "ausgeschieden"]
            left_on = max(left) if left else volunteer.updated_at.date()
            review_from = date(left_on.year + RETENTION_YEARS_AFTER_LEAVING + 1, 1, 1)
            if review_from <= today:
                result.append(
                    ReviewDue(
                        volunteer.id,
                        volunteer.given_name,
                        volunteer.family_name,
                        left_on,
                        review_from,
                    )
                )
    return sorted(result, key=lambda r: r.left_on)


ACCESS_REPORT_KIND = "access_report"


def export_access_report(
    store: Store, volunteer_id: str, *, path: Path, passphrase: str, kdf_n: int | None = None
) -> Path:
    """Write the access report encrypted (like every export) into a ``.lotsen`` file.

    The office opens it with ``open_access_report`` to print or hand it over; a lost stick
    reveals nothing.
    """
    fileformat.check_new_passphrase(passphrase)
    report = access_report(store, volunteer_id)
    payload = json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8")
    manifest = {"format": fileformat.FORMAT_VERSION, "kind": ACCESS_REPORT_KIND}
    data = fileformat.seal(manifest, payload, passphrase, kdf_n=kdf_n)
    write_atomic(path, data)
    return path


def open_access_report(path: Path, *, passphrase: str) -> dict[str, Any]:
    """Decrypt an access report written by ``export_access_report``."""
    manifest, payload = fileformat.open_sealed(fileformat.read_bytes(path), passphrase)
    if manifest.get("kind") != ACCESS_REPORT_KIND:
        raise ValidationError(_("This file is not an access report."))
    return json.loads(payload.decode("utf-8"))  # type: ignore[no-any-return]
