"""The certificate register and the documents it issues.

Issuing gathers the data through the other services, allocates the serial (office prefix, year,
running number) in the same transaction that writes the register row, and writes the PDF under a
temporary name that is renamed only after the commit: a failure leaves neither a register row
without its file nor a half-written file. The register keeps the printed content as canonical
JSON with its SHA-256 checksum; the verification code is the serial plus the first eight hex
digits of that checksum, printed and in the QR code.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lotsen_desktop import documents
from lotsen_desktop.documents.data import (
    ActivityData,
    AreaMinutes,
    AttendanceSheetData,
    CertificateData,
    DocumentData,
    MeetingLine,
    ModuleLine,
    OfficeInfo,
    ParticipationData,
    PersonInfo,
    SheetMark,
    SheetParticipant,
    SheetSession,
    canonical_json,
    from_content,
    kind_of,
    to_content,
)
from lotsen_desktop.domain import names
from lotsen_desktop.domain.vocabulary import Area, CertificateKind, TitleForm
from lotsen_desktop.errors import LotsenError, NotFoundError, ValidationError, describe_os_error
from lotsen_desktop.i18n import _, format_date_long, format_date_short, get_language
from lotsen_desktop.services import courses, mentoring, progress, setup, volunteers
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import Certificate, QualificationFigure, Volunteer

CODE_CHECK_LENGTH = 8
SERIAL_DIGITS = 4
_ALLOCATION_ATTEMPTS = 3

ProgressCallback = Callable[[int, int], bool]

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


# --- results ---------------------------------------------------------------------------------


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
class BatchResult:
    documents: tuple[IssuedDocument, ...]
    combined: Path | None
    skipped: tuple[tuple[str, str, str], ...]
    """(volunteer id, name, reason) of participants without a document."""
    cancelled: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": [d.as_dict() for d in self.documents],
            "combined": str(self.combined) if self.combined else None,
            "skipped": [
                {"volunteer_id": vid, "name": name, "reason": reason}
                for vid, name, reason in self.skipped
            ],
            "cancelled": self.cancelled,
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

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_name}"


class VerifyStatus(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    UNKNOWN = "unknown"
    MISMATCH = "mismatch"


@dataclass(frozen=True)
class Verification:
    """What the register says about a presented code."""

    status: VerifyStatus
    code: str
    serial: str = ""
    kind: str = ""
    issued_on: date | None = None
    holder: str = ""
    revoked_on: date | None = None
    revoke_reason: str = ""

    @property
    def valid(self) -> bool:
        return self.status is VerifyStatus.VALID

    @property
    def message(self) -> str:
        """One translated sentence for the CLI and the Prüfen field."""
        kind = _kind_label(self.kind)
        if self.status is VerifyStatus.VALID:
            return _("Valid: {kind} {serial} issued on {date} to {holder}.").format(
                kind=kind,
                serial=self.serial,
                date=format_date_long(self.issued_on) if self.issued_on else "",
                holder=self.holder or _("(name erased)"),
            )
        if self.status is VerifyStatus.REVOKED:
            return _("Revoked on {date}: {kind} {serial}. Reason: {reason}").format(
                date=format_date_long(self.revoked_on) if self.revoked_on else "",
                kind=kind,
                serial=self.serial,
                reason=self.revoke_reason,
            )
        if self.status is VerifyStatus.MISMATCH:
            return _(
                "Not valid: the code does not match the register entry {serial}. The paper may "
                "have been altered or the code mistyped."
            ).format(serial=self.serial)
        return _("Unknown: no certificate with this code is in the register.")

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "valid": self.valid,
            "code": self.code,
            "serial": self.serial,
            "kind": self.kind,
            "issued_on": self.issued_on,
            "holder": self.holder,
            "revoked_on": self.revoked_on,
            "revoke_reason": self.revoke_reason,
            "message": self.message,
        }


def _kind_label(kind: str) -> str:
    try:
        return CertificateKind(kind).label
    except ValueError:
        return kind


# --- small helpers ---------------------------------------------------------------------------


def verification_code(serial: str, checksum: str) -> str:
    return f"{serial}-{checksum[:CODE_CHECK_LENGTH].upper()}"


def normalise_code(text: str) -> str:
    """What people type or a scanner sends: any case, spaces, en dashes."""
    cleaned = text.strip().upper().replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", "", cleaned)


def _prefix(settings: setup.OfficeSettings) -> str:
    prefix = re.sub(r"[^A-Z0-9]+", "-", settings.certificate_prefix.strip().upper()).strip("-")
    return prefix or "IL"


def _office_info(settings: setup.OfficeSettings) -> OfficeInfo:
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


def safe_filename(text: str, limit: int = 80) -> str:
    """A file name part that works on Windows, keeping letters of every script."""
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f]+', "_", text).strip(" ._")
    cleaned = re.sub(r"\s+", " ", cleaned)
    return cleaned[:limit].rstrip(" ._") or "dokument"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` completely or not at all (temp file, fsync, rename)."""
    files = StagedFiles()
    try:
        files.write(path, data)
        files.sync()
        files.publish()
    finally:
        files.discard()


class StagedFiles:
    """Files written under temporary names and renamed into place together.

    No write waits for the disk: with ``background=True`` a helper thread writes and flushes
    each file while the next document is rendered (file I/O releases the interpreter lock), and
    ``sync()`` only waits for what is still running; without it, ``sync()`` flushes all files
    in one pass. ``publish()`` renames them and flushes their folders once. ``discard()``
    removes what was not published, so a cancel or an error leaves no half-written file.
    """

    def __init__(self, *, background: bool = False) -> None:
        self._staged: list[tuple[Path, Path]] = []
        self._flusher = ThreadPoolExecutor(1, "lotsen-fsync") if background else None
        self._flushing: list[tuple[Path, Future[None]]] = []

    def write(self, target: Path, data: bytes) -> None:
        temp = _temp_path(target)
        self._staged.append((temp, target))
        if self._flusher is not None:
            if self._flushing and self._flushing[-1][1].done():
                self.sync()  # a full disk stops the batch now, not after the last document
            self._flushing.append((target, self._flusher.submit(_write_file, temp, data, True)))
            return
        try:
            _write_file(temp, data, False)
        except OSError as error:
            raise _write_error(target, error) from error

    def sync(self) -> None:
        """Return when every staged file is on the disk."""
        if self._flusher is None:
            for temp, target in self._staged:
                try:
                    _fsync_path(temp)
                except OSError as error:
                    raise _write_error(target, error) from error
            return
        for target, flushed in self._flushing:
            try:
                flushed.result()
            except OSError as error:
                raise _write_error(target, error) from error

    def publish(self) -> None:
        """Rename every staged file into place; the first failure is reported after the rest."""
        self._stop_flushing()
        failure: tuple[Path, OSError] | None = None
        for temp, target in self._staged:
            try:
                os.replace(temp, target)
            except OSError as error:
                temp.unlink(missing_ok=True)
                failure = failure or (target, error)
        folders = {target.parent for _temp, target in self._staged}
        self._staged.clear()
        for folder in folders:
            _fsync_folder(folder)
        if failure is not None:
            raise _write_error(*failure)

    def discard(self) -> None:
        self._stop_flushing()
        for temp, _target in self._staged:
            temp.unlink(missing_ok=True)
        self._staged.clear()

    def _stop_flushing(self) -> None:
        if self._flusher is not None:
            self._flusher.shutdown(wait=True, cancel_futures=True)
        self._flushing.clear()


def _write_error(target: Path, error: OSError) -> LotsenError:
    return LotsenError(
        _("The file {name} could not be written: {error}").format(
            name=target.name, error=describe_os_error(error)
        )
    )


def _temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.partial")


def _write_file(path: Path, data: bytes, flush: bool) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        if flush:
            handle.flush()
            os.fsync(handle.fileno())


def _fsync_path(path: Path) -> None:
    # Windows flushes only handles opened for writing
    handle = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _fsync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable where the system allows it (not on Windows)."""
    if os.name != "posix":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems (network shares) refuse; the files themselves are synced
    finally:
        os.close(handle)


def _check_out_path(out: Path) -> Path:
    out = Path(out)
    if out.exists() and out.is_dir():
        raise ValidationError(
            _("{path} is a folder; give a file name ending in .pdf.").format(path=out)
        )
    if not out.parent.exists():
        raise ValidationError(_("The folder {path} does not exist.").format(path=out.parent))
    return out


# --- gathering the data ----------------------------------------------------------------------


def certificate_data(
    store: Store, *, volunteer_id: str, issued_on: date | None = None
) -> CertificateData:
    """What a Zertifikat for this person would print (serial still empty)."""
    detail = volunteers.get_volunteer(store, volunteer_id)
    person = PersonInfo(detail.given_name, detail.family_name, detail.birth_date, detail.title_form)
    return _certificate_from(
        person,
        progress.volunteer_progress(store, volunteer_id),
        setup.get_office(store),
        issued_on=issued_on,
        display_name=detail.display_name,
    )


def _certificate_from(
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
        office=_office_info(settings),
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
    return _participation_from(
        course,
        participant,
        progress.course_progress(store, course_id).get(volunteer_id),
        setup.get_office(store),
        issued_on=issued_on,
    )


def _participation_from(
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
        office=_office_info(settings),
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
        office=_office_info(settings),
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
        participants.append(
            SheetParticipant(f"{person.family_name}, {person.given_name}", tuple(marks))
        )
    return AttendanceSheetData(
        office=_office_info(settings),
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


# --- the register ----------------------------------------------------------------------------


def _without_identity(content: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in content.items() if k not in {"serial", "issued_on"}}


def _holder(content: dict[str, Any]) -> str:
    person = content.get("person") or {}
    return " ".join(
        part for part in (person.get("given_name", ""), person.get("family_name", "")) if part
    )


def _subject(content: dict[str, Any]) -> str:
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


@dataclass
class _Pending:
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


def _content_key(content: str, serial: str, issued_on: date) -> str:
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
    session: Session, pending: Sequence[_Pending]
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
                key = _content_key(row.content, row.serial, row.issued_on)
                found.setdefault((row.volunteer_id, row.kind), []).append((row, key))
    return found


def _allocate(session: Session, pending: Sequence[_Pending], *, prefix: str) -> None:
    """Reuse identical entries, give the others the next serials: two reads for the whole batch."""
    existing = _unrevoked_entries(session, pending)
    stems = {_serial_stem(prefix, item.data.issued_on.year) for item in pending}
    highest = _highest_serials(session, stems)
    for item in pending:
        wanted = canonical_json(_without_identity(to_content(item.data)))
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


def _forget_allocation(pending: Sequence[_Pending]) -> None:
    for item in pending:
        if not item.reused:
            item.data = dataclasses.replace(item.data, serial="")
        item.row, item.reused, item.pdf = None, False, b""


Combine = Callable[[Sequence[_Pending]], tuple[Path, bytes]]


def _issue(
    store: Store,
    pending: list[_Pending],
    *,
    progress_callback: ProgressCallback | None = None,
    combine: Combine | None = None,
) -> bool:
    """Register and write ``pending`` as one unit; ``False`` if cancelled (nothing kept).

    Serials and identical earlier entries are looked up in two reads for the whole batch; the
    PDFs are rendered and staged under temporary names outside any transaction; then all new
    register entries are inserted in one transaction. Only after its commit are the files
    renamed into place. A cancel or an error before the commit keeps no entry and no file. If
    the machine stops between commit and rename, the entries are registered and a reprint gives
    the same documents. ``combine`` adds one more file made from the rendered documents.
    """
    settings = setup.get_office(store)
    prefix = _prefix(settings)
    total = len(pending)
    for attempt in range(_ALLOCATION_ATTEMPTS):
        files = StagedFiles(background=len(pending) > 1)
        try:
            with store.new_session() as session:
                _allocate(session, pending, prefix=prefix)
            for done, item in enumerate(pending):
                if progress_callback is not None and not progress_callback(done, total):
                    _forget_allocation(pending)
                    return False
                assert item.row is not None
                item.pdf = documents.render_pdf(
                    item.data,
                    code=verification_code(item.row.serial, item.row.checksum),
                    logo=settings.logo,
                )
                if item.target is not None:
                    files.write(item.target, item.pdf)
            if combine is not None:
                files.write(*combine(pending))
            files.sync()
            try:
                with store.uow() as uow:
                    uow.session.add_all([i.row for i in pending if not i.reused and i.row])
                    uow.commit()
            except IntegrityError:
                # another machine or window took one of the serials meanwhile: allocate again
                _forget_allocation(pending)
                if attempt + 1 == _ALLOCATION_ATTEMPTS:
                    raise LotsenError(
                        _("No serial number could be allocated; please try again.")
                    ) from None
                continue
            files.publish()
        finally:
            files.discard()
        if progress_callback is not None:
            progress_callback(total, total)
        return True
    return False  # pragma: no cover


def _issue_one(
    store: Store, data: DocumentData, volunteer_id: str, out: Path | None
) -> IssuedDocument:
    target = _check_out_path(out) if out is not None else None
    item = _Pending(data=data, volunteer_id=volunteer_id, target=target)
    _issue(store, [item])
    return item.document()


def issue_certificate(
    store: Store,
    *,
    volunteer_id: str,
    out: Path | str | None = None,
    issued_on: date | None = None,
) -> IssuedDocument:
    """Issue (or, if identical, print again) the Zertifikat of a qualified person."""
    data = certificate_data(store, volunteer_id=volunteer_id, issued_on=issued_on)
    return _issue_one(store, data, volunteer_id, Path(out) if out is not None else None)


def issue_participation(
    store: Store,
    *,
    course_id: str,
    volunteer_id: str,
    out: Path | str | None = None,
    issued_on: date | None = None,
) -> IssuedDocument:
    """Issue a Teilnahmebescheinigung for one course, also for those who did not finish."""
    data = participation_data(
        store, course_id=course_id, volunteer_id=volunteer_id, issued_on=issued_on
    )
    return _issue_one(store, data, volunteer_id, Path(out) if out is not None else None)


def issue_activity_record(
    store: Store,
    *,
    volunteer_id: str,
    date_from: date,
    date_to: date,
    out: Path | str | None = None,
    issued_on: date | None = None,
) -> IssuedDocument:
    """Issue a Tätigkeitsnachweis over a period."""
    data = activity_data(
        store,
        volunteer_id=volunteer_id,
        date_from=date_from,
        date_to=date_to,
        issued_on=issued_on,
    )
    return _issue_one(store, data, volunteer_id, Path(out) if out is not None else None)


def attendance_sheet(
    store: Store, *, course_id: str, blank: bool = False, out: Path | str | None = None
) -> bytes:
    """The Anwesenheitsliste (not registered): blank for signatures or filled from attendance."""
    target = _check_out_path(Path(out)) if out is not None else None
    pdf = documents.attendance_sheet_pdf(
        attendance_sheet_data(store, course_id=course_id, blank=blank)
    )
    if target is not None:
        write_atomic(target, pdf)
    return pdf


BATCH_KINDS = (CertificateKind.CERTIFICATE.value, CertificateKind.PARTICIPATION.value)


def issue_course_batch(
    store: Store,
    *,
    course_id: str,
    out_dir: Path | str,
    kind: str = CertificateKind.CERTIFICATE.value,
    progress_callback: ProgressCallback | None = None,
    issued_on: date | None = None,
) -> BatchResult:
    """Documents for everyone eligible in a course: one PDF each and one combined file.

    ``kind`` ``zertifikat`` takes the qualified participants, ``teilnahmebescheinigung`` all
    with attended hours. The batch reads the course, the office and everyone's progress once,
    registers all new entries in one transaction and flushes the files to disk once at the end.
    ``progress_callback(done, total)`` returning ``False`` cancels: a batch is one unit, so a
    cancelled batch keeps no register entry and no file (not even those already rendered).
    """
    if kind not in BATCH_KINDS:
        raise ValidationError(_("Unknown document kind: {kind}").format(kind=kind), field="kind")
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise ValidationError(_("{path} is not a folder.").format(path=folder))
    course = courses.get_course(store, course_id)
    settings = setup.get_office(store)
    _office_info(settings)  # an office without a name stops the batch, not each person
    people = courses.participants_sorted(course.participants)
    certificate_progress: dict[str, progress.Progress] = {}
    course_standing: dict[str, progress.ModuleProgress] = {}
    if kind == CertificateKind.CERTIFICATE.value:
        certificate_progress = progress.progress_of(store, [p.volunteer_id for p in people])
    else:
        course_standing = progress.course_progress(store, course_id)
    pending: list[_Pending] = []
    skipped: list[tuple[str, str, str]] = []
    for person in people:
        name = f"{person.given_name} {person.family_name}"
        try:
            data: DocumentData
            if kind == CertificateKind.CERTIFICATE.value:
                data = _certificate_from(
                    PersonInfo(
                        person.given_name, person.family_name, person.birth_date, person.title_form
                    ),
                    certificate_progress.get(person.volunteer_id),
                    settings,
                    issued_on=issued_on,
                    display_name=name,
                )
            else:
                data = _participation_from(
                    course,
                    person,
                    course_standing.get(person.volunteer_id),
                    settings,
                    issued_on=issued_on,
                )
        except ValidationError as error:
            skipped.append((person.volunteer_id, name, str(error)))
            continue
        pending.append(_Pending(data=data, volunteer_id=person.volunteer_id, target=None))
    if not pending:
        raise ValidationError(
            _("Nobody in the course {course} is eligible for this document.").format(
                course=course.title
            )
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise LotsenError(
            _("The folder {path} cannot be created: {error}").format(
                path=folder, error=describe_os_error(error)
            )
        ) from error
    label = _kind_label(kind)
    used: set[str] = set()
    for item in pending:
        holder = item.data.person
        stem = safe_filename(f"{holder.family_name} {holder.given_name} – {label}")
        name, counter = stem, 2
        while name.casefold() in used:
            name, counter = f"{stem} ({counter})", counter + 1
        used.add(name.casefold())
        item.target = folder / f"{name}.pdf"
    combined = folder / f"{safe_filename(course.title)} – {safe_filename(label)}.pdf"

    def combine(items: Sequence[_Pending]) -> tuple[Path, bytes]:
        pdf = documents.combine_pdfs(
            [item.pdf for item in items],
            title=f"{label} – {course.title}",
            author=items[0].data.office.name,
        )
        return combined, pdf

    if not _issue(store, pending, progress_callback=progress_callback, combine=combine):
        return BatchResult((), None, tuple(skipped), cancelled=True)
    return BatchResult(tuple(item.document() for item in pending), combined, tuple(skipped))


def reprint(store: Store, serial: str, *, out: Path | str | None = None) -> IssuedDocument:
    """Print a registered document again from its stored content: the same document."""
    target = _check_out_path(Path(out)) if out is not None else None
    wanted = normalise_code(serial)
    with store.new_session() as session:
        row = session.scalars(select(Certificate).where(Certificate.serial == wanted)).first()
        if row is None:
            raise NotFoundError(_("No certificate {serial} in the register.").format(serial=wanted))
        if row.revoked_on is not None:
            raise ValidationError(
                _("{serial} was revoked on {date} and is not printed again.").format(
                    serial=row.serial, date=format_date_short(row.revoked_on)
                )
            )
        if not row.content:
            raise ValidationError(
                _("The content of {serial} was erased with the person's file.").format(
                    serial=row.serial
                )
            )
        if hashlib.sha256(row.content.encode("utf-8")).hexdigest() != row.checksum:
            raise LotsenError(
                _("The register entry {serial} is damaged (checksum differs).").format(
                    serial=row.serial
                )
            )
        content = json.loads(row.content)
        entry = (row.serial, row.checksum, row.kind, row.volunteer_id, row.issued_on)
    data = from_content(content)
    code = verification_code(entry[0], entry[1])
    pdf = documents.render_pdf(data, code=code, logo=setup.get_office(store).logo)
    if target is not None:
        write_atomic(target, pdf)
    return IssuedDocument(
        serial=entry[0],
        code=code,
        kind=entry[2],
        volunteer_id=entry[3],
        issued_on=entry[4],
        holder=data.person.full_name,
        pdf=pdf,
        path=target,
        reused=True,
    )


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
        return _entry(row)


def _entry(row: Certificate) -> RegisterEntry:
    content = json.loads(row.content) if row.content else {}
    return RegisterEntry(
        serial=row.serial,
        code=verification_code(row.serial, row.checksum),
        kind=row.kind,
        issued_on=row.issued_on,
        volunteer_id=row.volunteer_id,
        holder=_holder(content),
        subject=_subject(content),
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
        entries = [_entry(row) for row in session.scalars(query)]
    needle = names.fold(search)
    if not needle:
        return entries
    return [
        e
        for e in entries
        if needle in names.fold(f"{e.serial} {e.holder} {e.subject} {_kind_label(e.kind)}")
    ]


def list_eligible(store: Store, *, search: str = "") -> list[EligibleRow]:
    """Qualified people (German order) with the serial of their valid Zertifikat, if any."""
    query = volunteers.filter_query(
        select(
            Volunteer.id,
            Volunteer.given_name,
            Volunteer.family_name,
            QualificationFigure.qualified_on,
        )
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
        }
    return [
        EligibleRow(r.id, r.given_name, r.family_name, r.qualified_on, issued.get(r.id))
        for r in rows
    ]


def verify(store: Store, code: str) -> Verification:
    """Check a presented code against the register: valid, revoked, unknown or mismatch."""
    wanted = normalise_code(code)
    serial, _sep, check = wanted.rpartition("-")
    with store.new_session() as session:
        row = None
        if serial:
            row = session.scalars(select(Certificate).where(Certificate.serial == serial)).first()
        if row is None:
            bare = session.scalars(select(Certificate).where(Certificate.serial == wanted)).first()
            if bare is not None:
                # only the serial was given: without the check part a paper cannot be trusted
                return Verification(VerifyStatus.MISMATCH, wanted, serial=bare.serial)
            return Verification(VerifyStatus.UNKNOWN, wanted)
        content = json.loads(row.content) if row.content else {}
        intact = (
            not row.content
            or hashlib.sha256(row.content.encode("utf-8")).hexdigest() == row.checksum
        )
        base: dict[str, Any] = {
            "code": wanted,
            "serial": row.serial,
            "kind": row.kind,
            "issued_on": row.issued_on,
            "holder": _holder(content),
        }
        if not intact or check != row.checksum[:CODE_CHECK_LENGTH].upper():
            return Verification(VerifyStatus.MISMATCH, **base)
        if row.revoked_on is not None:
            return Verification(
                VerifyStatus.REVOKED,
                revoked_on=row.revoked_on,
                revoke_reason=row.revoke_reason,
                **base,
            )
        return Verification(VerifyStatus.VALID, **base)


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
