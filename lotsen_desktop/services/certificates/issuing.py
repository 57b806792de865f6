"""Issuing documents: data, register and files as one unit.

Issuing allocates the serial in the same transaction that writes the register row, and writes
the PDF under a temporary name that is renamed only after the commit: a failure leaves neither a
register row without its file nor a half-written file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lotsen_desktop import documents
from lotsen_desktop.documents.data import (
    DocumentData,
    PersonInfo,
    from_content,
)
from lotsen_desktop.domain.vocabulary import CertificateKind
from lotsen_desktop.errors import LotsenError, NotFoundError, ValidationError, describe_os_error
from lotsen_desktop.files import StagedFiles, safe_filename, write_atomic
from lotsen_desktop.i18n import _, format_date_short
from lotsen_desktop.services import course_lock, courses, setup
from lotsen_desktop.services import progress as standings
from lotsen_desktop.services.certificates.data import (
    _certificate_template,
    activity_data,
    attendance_sheet_data,
    certificate_body,
    certificate_data,
    certificate_from,
    kind_label,
    office_info,
    participation_data,
    participation_from,
)
from lotsen_desktop.services.certificates.register import (
    IssuedDocument,
    Pending,
    allocate,
    forget_allocation,
    serial_prefix,
)
from lotsen_desktop.services.certificates.verification import normalise_code, verification_code
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import Certificate
from lotsen_desktop.tasks import ProgressCallback

_ALLOCATION_ATTEMPTS = 3


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


def check_out_path(out: Path) -> Path:
    out = Path(out)
    if out.exists() and out.is_dir():
        raise ValidationError(
            _("{path} is a folder; give a file name ending in .pdf.").format(path=out)
        )
    if not out.parent.exists():
        raise ValidationError(_("The folder {path} does not exist.").format(path=out.parent))
    return out


Combine = Callable[[Sequence[Pending]], tuple[Path, bytes]]


def _issue(
    store: Store,
    pending: list[Pending],
    *,
    progress: ProgressCallback | None = None,
    combine: Combine | None = None,
    course_id: str | None = None,
) -> bool:
    """Register and write ``pending`` as one unit; ``False`` if cancelled (nothing kept).

    Serials and identical earlier entries are looked up in two reads for the whole batch; the
    PDFs are rendered and staged under temporary names outside any transaction; then all new
    register entries are inserted in one transaction. Only after its commit are the files
    renamed into place. A cancel or an error before the commit keeps no entry and no file. If
    the machine stops between commit and rename, the entries are registered and a reprint gives
    the same documents. ``combine`` adds one more file made from the rendered documents.
    Documents of a course (``course_id``) issued after its last session finish and lock it in
    the same transaction.
    """
    settings = setup.get_office(store)
    prefix = serial_prefix(settings)
    background = documents.load_stationery(settings.background_pdf)  # parsed once per batch
    total = len(pending)
    for attempt in range(_ALLOCATION_ATTEMPTS):
        files = StagedFiles(background=len(pending) > 1)
        try:
            with store.new_session() as session:
                allocate(session, pending, prefix=prefix)
            for done, item in enumerate(pending):
                if progress is not None and not progress(done, total):
                    forget_allocation(pending)
                    return False
                assert item.row is not None
                item.pdf = documents.render_pdf(
                    item.data,
                    code=verification_code(item.row.serial, item.row.checksum),
                    logo=settings.logo,
                    background=background,
                )
                if item.target is not None:
                    files.write(item.target, item.pdf)
            if combine is not None:
                files.write(*combine(pending))
            files.sync()
            try:
                with store.uow() as uow:
                    uow.session.add_all([i.row for i in pending if not i.reused and i.row])
                    if course_id is not None:
                        course_lock.finish_if_over(
                            uow.session,
                            course_id,
                            reason=_("automatic: documents issued"),
                            user=store.user,
                        )
                    uow.commit()
            except IntegrityError:
                # another machine or window took one of the serials meanwhile: allocate again
                forget_allocation(pending)
                if attempt + 1 == _ALLOCATION_ATTEMPTS:
                    raise LotsenError(
                        _("No serial number could be allocated; please try again.")
                    ) from None
                continue
            files.publish()
        finally:
            files.discard()
        if progress is not None:
            progress(total, total)
        return True
    return False  # pragma: no cover


def _issue_one(
    store: Store,
    data: DocumentData,
    volunteer_id: str,
    out: Path | None,
    *,
    course_id: str | None = None,
) -> IssuedDocument:
    target = check_out_path(out) if out is not None else None
    item = Pending(data=data, volunteer_id=volunteer_id, target=target)
    _issue(store, [item], course_id=course_id)
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
    return _issue_one(
        store, data, volunteer_id, Path(out) if out is not None else None, course_id=course_id
    )


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
    target = check_out_path(Path(out)) if out is not None else None
    pdf = documents.attendance_sheet_pdf(
        attendance_sheet_data(store, course_id=course_id, blank=blank),
        logo=setup.get_office(store).logo,
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
    progress: ProgressCallback | None = None,
    issued_on: date | None = None,
) -> BatchResult:
    """Documents for everyone eligible in a course: one PDF each and one combined file.

    ``kind`` ``zertifikat`` takes the qualified participants, ``teilnahmebescheinigung`` all
    with attended hours. The batch reads the course, the office and everyone's progress once,
    registers all new entries in one transaction and flushes the files to disk once at the end.
    ``progress(done, total)`` returning ``False`` cancels: a batch is one unit, so a
    cancelled batch keeps no register entry and no file (not even those already rendered).
    """
    if kind not in BATCH_KINDS:
        raise ValidationError(_("Unknown document kind: {kind}").format(kind=kind), field="kind")
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise ValidationError(_("{path} is not a folder.").format(path=folder))
    course = courses.get_course(store, course_id)
    settings = setup.get_office(store)
    office_info(settings)  # an office without a name stops the batch, not each person
    people = courses.participants_sorted(course.participants)
    certificate_progress: dict[str, standings.Progress] = {}
    course_standing: dict[str, standings.ModuleProgress] = {}
    if kind == CertificateKind.CERTIFICATE.value:
        certificate_progress = standings.progress_of(store, [p.volunteer_id for p in people])
    else:
        course_standing = standings.course_progress(store, course_id)
    pending: list[Pending] = []
    skipped: list[tuple[str, str, str]] = []
    for person in people:
        name = f"{person.given_name} {person.family_name}"
        try:
            data: DocumentData
            if kind == CertificateKind.CERTIFICATE.value:
                data = certificate_from(
                    PersonInfo(
                        person.given_name, person.family_name, person.birth_date, person.title_form
                    ),
                    certificate_progress.get(person.volunteer_id),
                    settings,
                    issued_on=issued_on,
                    display_name=name,
                )
            else:
                data = participation_from(
                    course,
                    person,
                    course_standing.get(person.volunteer_id),
                    settings,
                    issued_on=issued_on,
                )
        except ValidationError as error:
            skipped.append((person.volunteer_id, name, str(error)))
            continue
        pending.append(Pending(data=data, volunteer_id=person.volunteer_id, target=None))
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
    label = kind_label(kind)
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

    def combine(items: Sequence[Pending]) -> tuple[Path, bytes]:
        pdf = documents.combine_pdfs(
            [item.pdf for item in items],
            title=f"{label} – {course.title}",
            author=items[0].data.office.name,
        )
        return combined, pdf

    if not _issue(store, pending, progress=progress, combine=combine, course_id=course_id):
        return BatchResult((), None, tuple(skipped), cancelled=True)
    return BatchResult(tuple(item.document() for item in pending), combined, tuple(skipped))


def reprint(store: Store, serial: str, *, out: Path | str | None = None) -> IssuedDocument:
    """Print a registered document again from its stored content: the same document."""
    target = check_out_path(Path(out)) if out is not None else None
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
    settings = setup.get_office(store)
    pdf = documents.render_pdf(
        data,
        code=code,
        logo=settings.logo,
        background=documents.load_stationery(settings.background_pdf),
    )
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


def letterhead_preview(store: Store) -> bytes:
    """A sample Zertifikat with this office's name, logo, signatory and background PDF.

    Not registered; it carries "MUSTER" instead of a register number so it cannot pass for one.
    """
    from lotsen_desktop.documents import samples

    settings = setup.get_office(store)
    sample = samples.sample_certificate()
    office = office_info(settings)
    data = dataclasses.replace(
        sample,
        serial=_("SAMPLE"),
        office=office,
        issue_place=settings.place,
        body_text=certificate_body(
            _certificate_template(settings),
            title_form=sample.person.title_form,
            name=sample.person.full_name,
        ),
        unit_minutes=settings.unit_minutes,
    )
    return documents.certificate_pdf(
        data,
        code=_("SAMPLE") + "-0000",
        logo=settings.logo,
        background=documents.load_stationery(settings.background_pdf),
    )
