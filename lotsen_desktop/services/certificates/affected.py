"""Issued documents that a change makes wrong: find them, revoke them and issue them again.

A Zertifikat prints the completed modules with hours and dates and the qualified-since date; a
Teilnahmebescheinigung prints one course's attended and planned hours, dates and completion.
Attendance, session times, a removed enrolment, module hours or the office's thresholds change
those facts. ``documents_at_stake`` names the valid documents a change to these people or this
course *may* touch (the window asks before saving); ``outdated_documents`` compares what each
would print now with what was printed (only these facts: a new address of the office does not
make a certificate wrong); ``revoke_and_reissue`` revokes them with a reason and issues the
current version where the person still qualifies for one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from lotsen_desktop.documents.data import PersonInfo, to_content
from lotsen_desktop.domain.vocabulary import CertificateKind
from lotsen_desktop.errors import NotFoundError, ValidationError
from lotsen_desktop.i18n import _, format_number
from lotsen_desktop.services import courses, progress, setup
from lotsen_desktop.services.certificates.data import (
    certificate_data,
    certificate_from,
    holder_of,
    participation_data,
    participation_from,
    subject_of,
)
from lotsen_desktop.services.certificates.issuing import issue_certificate, issue_participation
from lotsen_desktop.services.certificates.register import revoke_certificate
from lotsen_desktop.services.certificates.verification import normalise_code
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import Certificate, Enrolment

CHECKED_KINDS = (CertificateKind.CERTIFICATE.value, CertificateKind.PARTICIPATION.value)
_CERTIFICATE_FACTS = ("qualified_on", "modules")
_PARTICIPATION_FACTS = (
    "attended_minutes",
    "planned_minutes",
    "completed",
    "first_date",
    "last_date",
)


@dataclass(frozen=True)
class AffectedDocument:
    """A valid register entry that a change touches (or touched), with why."""

    serial: str
    kind: str
    volunteer_id: str | None
    holder: str
    subject: str
    issued_on: date
    course_id: str | None = None
    reason: str = ""
    reissuable: bool = True
    """``False`` if the person no longer qualifies for this document: revoke only."""

    @property
    def label(self) -> str:
        """ "Zertifikat IL-2026-0003 (İlkay Şahin)": what a warning lists."""
        return f"{CertificateKind(self.kind).label} {self.serial} ({self.holder})"

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class Reissued:
    """What ``revoke_and_reissue`` did with one document."""

    revoked: str
    serial: str | None
    """The new register number, ``None`` if nothing was issued instead."""
    holder: str
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class _Entry:
    row_serial: str
    kind: str
    volunteer_id: str
    issued_on: date
    content: dict[str, Any]

    @property
    def course_id(self) -> str | None:
        value = self.content.get("course_id")
        return str(value) if value else None


def _entries(
    store: Store, volunteer_ids: Sequence[str] | None, course_id: str | None
) -> list[_Entry]:
    """Valid Zertifikate and Teilnahmebescheinigungen of these people / this course's people."""
    with store.new_session() as session:
        people: list[str] | None = list(dict.fromkeys(volunteer_ids)) if volunteer_ids else None
        if people is None and course_id is not None:
            people = list(
                session.scalars(
                    select(Enrolment.volunteer_id).where(Enrolment.course_id == course_id)
                )
            )
        query = (
            select(
                Certificate.serial,
                Certificate.kind,
                Certificate.volunteer_id,
                Certificate.issued_on,
                Certificate.content,
            )
            .where(
                Certificate.kind.in_(CHECKED_KINDS),
                Certificate.revoked_on.is_(None),
                Certificate.volunteer_id.is_not(None),
                Certificate.content != "",
            )
            .order_by(Certificate.issued_on, Certificate.serial)
        )
        rows: list[Any] = []
        if people is None:
            rows = list(session.execute(query))
        else:
            for start in range(0, len(people), 500):
                part = people[start : start + 500]
                rows.extend(session.execute(query.where(Certificate.volunteer_id.in_(part))))
    found = [
        _Entry(r.serial, r.kind, r.volunteer_id, r.issued_on, json.loads(r.content)) for r in rows
    ]
    if course_id is not None:
        found = [
            e
            for e in found
            if e.kind == CertificateKind.CERTIFICATE.value or e.course_id == course_id
        ]
    return found


def _affected(entry: _Entry, reason: str = "", reissuable: bool = True) -> AffectedDocument:
    return AffectedDocument(
        serial=entry.row_serial,
        kind=entry.kind,
        volunteer_id=entry.volunteer_id,
        holder=holder_of(entry.content),
        subject=subject_of(entry.content),
        issued_on=entry.issued_on,
        course_id=entry.course_id,
        reason=reason,
        reissuable=reissuable,
    )


def documents_at_stake(
    store: Store, *, volunteer_ids: Sequence[str] | None = None, course_id: str | None = None
) -> list[AffectedDocument]:
    """Valid documents a change to these people (in this course) may touch: ask before saving.

    With ``course_id``: the course's Teilnahmebescheinigungen and the Zertifikate of its
    participants (or of ``volunteer_ids``). Without either: every valid document (rule changes).
    """
    return [_affected(e) for e in _entries(store, volunteer_ids, course_id)]


def outdated_documents(
    store: Store, *, volunteer_ids: Sequence[str] | None = None, course_id: str | None = None
) -> list[AffectedDocument]:
    """Valid documents whose printed facts no longer agree with the data (after a change)."""
    entries = _entries(store, volunteer_ids, course_id)
    if not entries:
        return []
    settings = setup.get_office(store)
    unit = settings.unit_minutes
    certificates = [e for e in entries if e.kind == CertificateKind.CERTIFICATE.value]
    standings = progress.progress_of(store, [e.volunteer_id for e in certificates])
    result: list[AffectedDocument] = []
    for entry in certificates:
        printed_person = entry.content.get("person") or {}
        person = PersonInfo(
            str(printed_person.get("given_name", "")), str(printed_person.get("family_name", ""))
        )
        try:
            now = to_content(
                certificate_from(
                    person,
                    standings.get(entry.volunteer_id),
                    settings,
                    issued_on=entry.issued_on,
                    display_name=holder_of(entry.content),
                )
            )
        except ValidationError:
            result.append(_affected(entry, _("no longer qualified"), reissuable=False))
            continue
        if _differs(entry.content, now, _CERTIFICATE_FACTS):
            result.append(_affected(entry, _hours_reason(entry.content, now, unit)))
    by_course: dict[str, list[_Entry]] = {}
    for entry in entries:
        if entry.kind == CertificateKind.PARTICIPATION.value and entry.course_id:
            by_course.setdefault(entry.course_id, []).append(entry)
    for course, items in by_course.items():
        try:
            detail = courses.get_course(store, course)
        except NotFoundError:
            result.extend(
                _affected(e, _("the course was deleted"), reissuable=False) for e in items
            )
            continue
        standing = progress.course_progress(store, course)
        participants = {p.volunteer_id: p for p in detail.participants}
        for entry in items:
            participant = participants.get(entry.volunteer_id)
            if participant is None:
                result.append(_affected(entry, _("no longer enrolled"), reissuable=False))
                continue
            try:
                now = to_content(
                    participation_from(
                        detail,
                        participant,
                        standing.get(entry.volunteer_id),
                        settings,
                        issued_on=entry.issued_on,
                    )
                )
            except ValidationError:
                result.append(_affected(entry, _("no attended hours any more"), reissuable=False))
                continue
            if _differs(entry.content, now, _PARTICIPATION_FACTS):
                result.append(_affected(entry, _hours_reason(entry.content, now, unit)))
    result.sort(key=lambda d: (d.issued_on, d.serial))
    return result


def _differs(printed: dict[str, Any], now: dict[str, Any], facts: Sequence[str]) -> bool:
    return any(_normal(printed.get(f)) != _normal(now.get(f), like=printed.get(f)) for f in facts)


def _normal(value: Any, like: Any = None) -> Any:
    """Module lines compared only on the keys the printed document has (older formats)."""
    if isinstance(value, list):
        templates = like if isinstance(like, list) else []
        return [
            _normal(item, templates[i] if i < len(templates) else None)
            for i, item in enumerate(value)
        ]
    if isinstance(value, dict) and isinstance(like, dict):
        return {k: value.get(k) for k in like}
    return value


def _minutes(content: dict[str, Any]) -> int:
    if "modules" in content:
        return sum(int(m.get("attended_minutes") or 0) for m in content.get("modules") or [])
    return int(content.get("attended_minutes") or 0)


def _hours_reason(printed: dict[str, Any], now: dict[str, Any], unit: int) -> str:
    before, after = _minutes(printed), _minutes(now)
    if before != after:
        return _("attended {before} UE, now {after} UE").format(
            before=format_number(before / unit), after=format_number(after / unit)
        )
    return _("hours or dates differ from the data now")


def revoke_and_reissue(
    store: Store,
    serials: Sequence[str],
    *,
    reason: str,
    out_dir: Path | str | None = None,
    issued_on: date | None = None,
) -> list[Reissued]:
    """Revoke each document with ``reason`` and issue today's version where one is due.

    The new document is checked before the old one is revoked; a person who no longer qualifies
    gets only the revocation. ``out_dir`` also writes the new PDFs there.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("A reason for the revocation is required."), field="reason")
    folder = Path(out_dir) if out_dir is not None else None
    done: list[Reissued] = []
    for serial in dict.fromkeys(normalise_code(s) for s in serials):
        with store.new_session() as session:
            row = session.scalars(select(Certificate).where(Certificate.serial == serial)).first()
            if row is None:
                raise NotFoundError(
                    _("No certificate {serial} in the register.").format(serial=serial)
                )
            content = json.loads(row.content) if row.content else {}
            kind, volunteer_id = row.kind, row.volunteer_id
        holder = holder_of(content)
        course_id = str(content.get("course_id") or "") or None
        due = _still_due(store, kind, volunteer_id, course_id)
        revoke_certificate(store, serial=serial, reason=reason)
        if not due or volunteer_id is None:
            done.append(Reissued(serial, None, holder, _("revoked; no new document is due")))
            continue
        target = None
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{serial}-neu.pdf"
        if kind == CertificateKind.CERTIFICATE.value:
            new = issue_certificate(
                store, volunteer_id=volunteer_id, out=target, issued_on=issued_on
            )
        else:
            new = issue_participation(
                store,
                course_id=str(course_id),
                volunteer_id=volunteer_id,
                out=target,
                issued_on=issued_on,
            )
        done.append(Reissued(serial, new.serial, holder))
    return done


def _still_due(store: Store, kind: str, volunteer_id: str | None, course_id: str | None) -> bool:
    try:
        if kind == CertificateKind.CERTIFICATE.value and volunteer_id:
            certificate_data(store, volunteer_id=volunteer_id)
        elif kind == CertificateKind.PARTICIPATION.value and volunteer_id and course_id:
            participation_data(store, course_id=str(course_id), volunteer_id=volunteer_id)
        else:
            return False
    except (ValidationError, NotFoundError):
        return False
    return True


def describe(documents: Sequence[AffectedDocument]) -> str:
    """One line per document for a warning: kind, register number, holder, why."""
    return "\n".join(f"• {d.label}" + (f": {d.reason}" if d.reason else "") for d in documents)


__all__ = [
    "AffectedDocument",
    "Reissued",
    "describe",
    "documents_at_stake",
    "outdated_documents",
    "revoke_and_reissue",
]
