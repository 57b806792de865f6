"""PDF documents: data in, PDF out; no database session, no Qt.

Builders take the frozen dataclasses of ``documents.data`` and return PDF bytes. The services
(``services.certificates``) gather the data, keep the register and write the files.
"""

from lotsen_desktop.documents.attendance import attendance_sheet_pdf
from lotsen_desktop.documents.certificates import activity_pdf, certificate_pdf, participation_pdf
from lotsen_desktop.documents.combine import combine_pdfs
from lotsen_desktop.documents.data import (
    ActivityData,
    AttendanceSheetData,
    CertificateData,
    DocumentData,
    ParticipationData,
)

__all__ = [
    "ActivityData",
    "AttendanceSheetData",
    "CertificateData",
    "DocumentData",
    "ParticipationData",
    "activity_pdf",
    "attendance_sheet_pdf",
    "certificate_pdf",
    "combine_pdfs",
    "participation_pdf",
    "render_pdf",
]


def render_pdf(data: DocumentData, *, code: str = "", logo: bytes | None = None) -> bytes:
    """The PDF of a registered document kind (what a reprint calls with the stored content)."""
    if isinstance(data, CertificateData):
        return certificate_pdf(data, code=code, logo=logo)
    if isinstance(data, ParticipationData):
        return participation_pdf(data, code=code, logo=logo)
    return activity_pdf(data, code=code, logo=logo)
