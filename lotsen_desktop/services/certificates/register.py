"""The certificate register: serial allocation, listing, revocation and erasure.

Serials are office prefix, year and running number. The register keeps the printed content as
canonical JSON with its SHA-256 checksum; an identical earlier entry is printed again instead of
being registered twice.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from lotsen_desktop.documents.data import (
    DocumentData,
    canonical_json,
    from_content,
    kind_of,
    to_content,
)
from lotsen_desktop.domain import names
from lotsen_desktop.domain.vocabulary import CertificateKind
from lotsen_desktop.errors import NotFoundError, ValidationError
from lotsen_desktop.i18n import _, format_date_short
from lotsen_desktop.services import setup, volunteers
from lotsen_desktop.services.certificates.data import (
    holder_of,
    kind_label,
    subject_of,
    without_identity,
)
from lotsen_desktop.services.certificates.verification import normalise_code, verification_code
from lotsen_desktop.store.batches import chunks
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import Certificate, QualificationFigure, Volunteer

SERIAL_DIGITS = 4


@dataclass(frozen=True)
class IssuedDocument:
    """A document from the register: what was issued (or printed again) and where it went."""

    serial: str
    code: str
    kind: str
    volunteer_id: str | None
    issued_on: date
    holder: str
    pdf: bytes = dataclasses.field(repr=False, default=b"")
    path: Path | None = None
    reused: bool = False
    """``True`` if an identical document was already in the register and was printed again."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "serial": self.serial,
            "code": self.code,
            "kind": self.kind,
            "volunteer_id": self.volunteer_id,
            "issued_on": self.issued_on,
            "file": str(self.path) if self.path else None,
            "reused": self.reused,
        }


@dataclass(frozen=True)
class RegisterEntry:
    """One line of the certificate register."""

    serial: str
    code: str
    kind: str
    issued_on: date
    volunteer_id: str | None
    holder: str
    subject: str
    revoked_on: date | None
    revoke_reason: str

    @property
    def revoked(self) -> bool:
        return self.revoked_on is not None

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class EligibleRow:
    """A qualified person and the Zertifikat already issued, if any."""

    volunteer_id: str
    given_name: str
    family_name: str
    qualified_on: date
    serial: str | None
    detail: str = ""
    """Birth year, place or short id if another person in the list has the same name."""

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_name}"

    @property
    def distinct_name(self) -> str:
        return names.with_detail(self.display_name, self.detail)


def serial_prefix(settings: setup.OfficeSettings) -> str:
    prefix = re.sub(r"[^A-Z0-9]+", "-", settings.certificate_prefix.strip().upper()).strip("-")
    return prefix or "IL"


@dataclass
class Pending:
    """A document being issued: allocated, rendered and staged, registered on commit."""

    data: DocumentData
    volunteer_id: str
    target: Path | None
    row: Certificate | None = None
    pdf: bytes = b""
    reused: bool = False

    def document(self) -> IssuedDocument:
        assert self.row is not None
        return IssuedDocument(
            serial=self.row.serial,
            code=verification_code(self.row.serial, self.row.checksum),
            kind=self.row.kind,
            volunteer_id=self.volunteer_id,
            issued_on=self.row.issued_on,
            holder=self.data.person.full_name,
            pdf=self.pdf,
            path=self.target,
            reused=self.reused,
        )


def _serial_stem(prefix: str, year: int) -> str:
    return f"{prefix}-{year}-"


def _highest_serials(session: Session, stems: set[str]) -> dict[str, int]:
    """The highest running number in the register per stem (serials renamed by sync skipped)."""
    highest: dict[str, int] = {}
    for stem in stems:
        numbers = [0]
        for serial in session.scalars(
            select(Certificate.serial).where(Certificate.serial.startswith(stem, autoescape=True))
        ):
            tail = serial[len(stem) :]
            if serial.startswith(stem) and tail.isdigit():
                numbers.append(int(tail))
        highest[stem] = max(numbers)
    return highest


def content_key(content: str, serial: str, issued_on: date) -> str:
    """A stored entry's canonical JSON without serial and issue date: what "identical" compares.

    Canonical JSON has sorted keys, no spaces and quotes escaped inside values, so the two
    top-level fields appear once in exactly this spelling and are cut out as text: a batch
    does not parse every earlier entry of its people.
    """
    for field in (
        f'"issued_on":{json.dumps(issued_on.isoformat())},',
        f'"serial":{json.dumps(serial, ensure_ascii=False)},',
    ):
        content = content.replace(field, "", 1)
    return content


def _unrevoked_entries(
    session: Session, pending: Sequence[Pending]
) -> dict[tuple[str, str], list[tuple[Certificate, str]]]:
    """Unrevoked entries of the people and kinds in ``pending``, newest first, with their key."""
    ids = sorted({item.volunteer_id for item in pending})
    kinds = sorted({kind_of(item.data) for item in pending})
    found: dict[tuple[str, str], list[tuple[Certificate, str]]] = {}
    for start in range(0, len(ids), 500):
        rows = session.scalars(
            select(Certificate)
            .where(
                Certificate.volunteer_id.in_(ids[start : start + 500]),
                Certificate.kind.in_(kinds),
                Certificate.revoked_on.is_(None),
            )
            .order_by(Certificate.issued_on.desc(), Certificate.serial.desc())
        )
        for row in rows:
            if row.content and row.volunteer_id is not None:
                key = content_key(row.content, row.serial, row.issued_on)
                found.setdefault((row.volunteer_id, row.kind), []).append((row, key))
    return found


def allocate(session: Session, pending: Sequence[Pending], *, prefix: str) -> None:
    """Reuse identical entries, give the others the next serials: two reads for the whole batch."""
    existing = _unrevoked_entries(session, pending)
    stems = {_serial_stem(prefix, item.data.issued_on.year) for item in pending}
    highest = _highest_serials(session, stems)
    for item in pending:
        wanted = canonical_json(without_identity(to_content(item.data)))
        candidates = existing.get((item.volunteer_id, kind_of(item.data)), [])
        same = next((row for row, key in candidates if key == wanted), None)
        if same is not None:
            item.row, item.reused = same, True
            item.data = from_content(json.loads(same.content))
            continue
        stem = _serial_stem(prefix, item.data.issued_on.year)
        highest[stem] += 1
        serial = f"{stem}{highest[stem]:0{SERIAL_DIGITS}d}"
        item.data = dataclasses.replace(item.data, serial=serial)
        content = canonical_json(to_content(item.data))
        item.row = Certificate(
            serial=serial,
            volunteer_id=item.volunteer_id,
            kind=kind_of(item.data),
            issued_on=item.data.issued_on,
            checksum=hashlib.sha256(content.encode("utf-8")).hexdigest(),
            content=content,
        )
        item.reused = False


def forget_allocation(pending: Sequence[Pending]) -> None:
    for item in pending:
        if not item.reused:
            item.data = dataclasses.replace(item.data, serial="")
        item.row, item.reused, item.pdf = None, False, b""


def revoke_certificate(
    store: Store, *, serial: str, reason: str, revoked_on: date | None = None
) -> RegisterEntry:
    """Mark a register entry revoked; it stays in the register with the reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("A reason for the revocation is required."), field="reason")
    wanted = normalise_code(serial)
    with store.uow() as uow:
        row = uow.session.scalars(select(Certificate).where(Certificate.serial == wanted)).first()
        if row is None:
            raise NotFoundError(_("No certificate {serial} in the register.").format(serial=wanted))
        if row.revoked_on is not None:
            raise ValidationError(
                _("{serial} was already revoked on {date}.").format(
                    serial=row.serial, date=format_date_short(row.revoked_on)
                )
            )
        row.revoked_on = revoked_on or date.today()
        row.revoke_reason = reason
        uow.commit()
        return register_entry(row)


def register_entry(row: Certificate) -> RegisterEntry:
    content = json.loads(row.content) if row.content else {}
    return RegisterEntry(
        serial=row.serial,
        code=verification_code(row.serial, row.checksum),
        kind=row.kind,
        issued_on=row.issued_on,
        volunteer_id=row.volunteer_id,
        holder=holder_of(content),
        subject=subject_of(content),
        revoked_on=row.revoked_on,
        revoke_reason=row.revoke_reason,
    )


def list_register(
    store: Store, *, search: str = "", volunteer_id: str | None = None
) -> list[RegisterEntry]:
    """The register, newest first; ``search`` matches serial, name or subject, any diacritics."""
    query = select(Certificate).order_by(Certificate.issued_on.desc(), Certificate.serial.desc())
    if volunteer_id is not None:
        query = query.where(Certificate.volunteer_id == volunteer_id)
    with store.new_session() as session:
        entries = [register_entry(row) for row in session.scalars(query)]
    needle = names.fold(search)
    if not needle:
        return entries
    return [
        e
        for e in entries
        if needle in names.fold(f"{e.serial} {e.holder} {e.subject} {kind_label(e.kind)}")
    ]


def list_register_serials(
    store: Store, *, search: str = "", volunteer_id: str | None = None
) -> list[str]:
    """Serials of the register entries ``list_register`` would give, in its order.

    Only the serials: the Zertifikate page holds them and reads the entries it paints in pages
    (``register_rows``), so that a register of tens of thousands is not decoded at once.
    Without a search nothing but the serials is read; a search matches the name and subject
    kept in each entry's content, so it reads the content of every entry (in the worker).
    """
    order = (Certificate.issued_on.desc(), Certificate.serial.desc())
    needle = names.fold(search)
    with store.new_session() as session:
        if not needle:
            query = select(Certificate.serial).order_by(*order)
            if volunteer_id is not None:
                query = query.where(Certificate.volunteer_id == volunteer_id)
            return list(session.scalars(query))
        entries = select(Certificate.serial, Certificate.kind, Certificate.content).order_by(*order)
        if volunteer_id is not None:
            entries = entries.where(Certificate.volunteer_id == volunteer_id)
        found = []
        for serial, kind, text in session.execute(entries):
            content = json.loads(text) if text else {}
            words = f"{serial} {holder_of(content)} {subject_of(content)} {kind_label(kind)}"
            if needle in names.fold(words):
                found.append(serial)
        return found


def register_rows(store: Store, serials: Sequence[str]) -> list[RegisterEntry]:
    """The register entries of ``serials`` (from ``list_register_serials``) in the order given;
    serials no longer in the register are left out."""
    found: dict[str, RegisterEntry] = {}
    with store.new_session() as session:
        for chunk in chunks(serials, 500):
            for row in session.scalars(select(Certificate).where(Certificate.serial.in_(chunk))):
                found[row.serial] = register_entry(row)
    return [found[serial] for serial in serials if serial in found]


def list_eligible_ids(store: Store, *, search: str = "") -> list[str]:
    """Ids of the qualified people matching ``search``, in German order (the list's order).

    Only the ids: the Zertifikate page holds them and fetches the rows it paints in pages
    (``eligible_rows``), so that 77,000 qualified people are not built as rows at once.
    """
    query = volunteers.filter_query(
        select(Volunteer.id)
        .join(QualificationFigure, QualificationFigure.volunteer_id == Volunteer.id)
        .where(QualificationFigure.qualified_on.is_not(None))
        .order_by(Volunteer.sort_key, Volunteer.id),
        volunteers.VolunteerFilter(search=search),
    )
    with store.new_session() as session:
        return list(session.scalars(query))


_ELIGIBLE_COLUMNS = (
    Volunteer.id,
    Volunteer.given_name,
    Volunteer.family_name,
    *volunteers.NAMESAKE_COLUMNS,
    QualificationFigure.qualified_on,
)


def eligible_rows(store: Store, ids: Sequence[str]) -> list[EligibleRow]:
    """The rows of ``ids`` (from ``list_eligible_ids``) in the order given, with the serial of
    the valid Zertifikat and the detail that tells namesakes among the qualified apart.

    Ids that are no longer qualified (changed since the ids were read) are left out.
    """
    found: dict[str, Any] = {}
    issued: dict[str, str] = {}
    with store.new_session() as session:
        for chunk in chunks(ids, 500):
            for row in session.execute(
                select(*_ELIGIBLE_COLUMNS)
                .join(QualificationFigure, QualificationFigure.volunteer_id == Volunteer.id)
                .where(Volunteer.id.in_(chunk), QualificationFigure.qualified_on.is_not(None))
            ):
                found[row.id] = row
            for holder, serial in session.execute(
                select(Certificate.volunteer_id, Certificate.serial)
                .where(
                    Certificate.volunteer_id.in_(chunk),
                    Certificate.kind == CertificateKind.CERTIFICATE.value,
                    Certificate.revoked_on.is_(None),
                )
                .order_by(Certificate.issued_on, Certificate.serial)
            ):
                if holder is not None:
                    issued[holder] = serial  # the newest valid one wins
        rows = [found[i] for i in ids if i in found]
        details = volunteers.namesake_details(
            session, rows, volunteers.VolunteerFilter(qualified_only=True)
        )
    return _eligible_rows(rows, issued, details)


def _eligible_rows(
    rows: Sequence[Row[Any]], issued: dict[str, str], details: dict[str, str]
) -> list[EligibleRow]:
    return [
        EligibleRow(
            r.id,
            r.given_name,
            r.family_name,
            r.qualified_on,
            issued.get(r.id),
            details.get(r.id, ""),
        )
        for r in rows
    ]


def list_eligible(store: Store, *, search: str = "") -> list[EligibleRow]:
    """Qualified people (German order) with the serial of their valid Zertifikat, if any.

    The whole list in one read (CLI, benchmarks). The Zertifikate page reads the ids
    (``list_eligible_ids``) and the rows it shows page by page (``eligible_rows``) instead.
    """
    query = volunteers.filter_query(
        select(*_ELIGIBLE_COLUMNS)
        .join(QualificationFigure, QualificationFigure.volunteer_id == Volunteer.id)
        .where(QualificationFigure.qualified_on.is_not(None))
        .order_by(Volunteer.sort_key, Volunteer.id),
        volunteers.VolunteerFilter(search=search),
    )
    with store.new_session() as session:
        rows = session.execute(query).all()
        issued = {
            vid: serial
            for vid, serial in session.execute(
                select(Certificate.volunteer_id, Certificate.serial)
                .where(
                    Certificate.kind == CertificateKind.CERTIFICATE.value,
                    Certificate.revoked_on.is_(None),
                )
                .order_by(Certificate.issued_on, Certificate.serial)
            )
            if vid is not None
        }
    namesakes: dict[str, list[names.Namesake]] = {}
    for r in rows:
        namesakes.setdefault(r.sort_key, []).append(
            names.Namesake(r.id, r.birth_date.year if r.birth_date else None, r.city or "")
        )
    details: dict[str, str] = {}
    for group in namesakes.values():
        if len(group) > 1:
            details.update(names.distinguishing_details(group))
    return _eligible_rows(rows, issued, details)


def erase_person_content(session: Session, volunteer_id: str) -> int:
    """For erasing a volunteer's file: keep serial, kind, date and checksum, drop the content.

    Call inside the erasure's unit of work, before the volunteer row is deleted. The register
    then still answers "valid"/"revoked" for the code on paper, without the name.
    """
    rows = list(
        session.scalars(select(Certificate).where(Certificate.volunteer_id == volunteer_id))
    )
    for row in rows:
        row.content = ""
        row.volunteer_id = None
    return len(rows)
