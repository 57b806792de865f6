"""PDF documents: data in, PDF out; no database session, no Qt.

Builders take the frozen dataclasses of ``documents.data`` and return PDF bytes. The services
(``services.certificates``) gather the data, keep the register and write the files.

The builders are loaded on first use (PEP 562): ReportLab and pypdf take a third of a second to
import, which a page that only shows a preview or a chart must not pay on the GUI thread.
"""

from __future__ import annotations

import functools
import importlib
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lotsen_desktop.documents.attendance import attendance_sheet_pdf
    from lotsen_desktop.documents.certificates import (
        activity_pdf,
        certificate_pdf,
        participation_pdf,
    )
    from lotsen_desktop.documents.combine import combine_pdfs
    from lotsen_desktop.documents.data import (
        ActivityData,
        AttendanceSheetData,
        CertificateData,
        DocumentData,
        ParticipationData,
    )
    from lotsen_desktop.documents.stationery import Stationery

log = logging.getLogger(__name__)

_HOMES = {
    "attendance_sheet_pdf": "attendance",
    "activity_pdf": "certificates",
    "certificate_pdf": "certificates",
    "participation_pdf": "certificates",
    "combine_pdfs": "combine",
    "ActivityData": "data",
    "AttendanceSheetData": "data",
    "CertificateData": "data",
    "DocumentData": "data",
    "ParticipationData": "data",
    "Stationery": "stationery",
}

__all__ = [
    "ActivityData",
    "AttendanceSheetData",
    "CertificateData",
    "DocumentData",
    "ParticipationData",
    "Stationery",
    "activity_pdf",
    "attendance_sheet_pdf",
    "certificate_pdf",
    "combine_pdfs",
    "load_stationery",
    "participation_pdf",
    "render_pdf",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


def load_stationery(background_pdf: bytes | None) -> Stationery | None:
    """The office's background PDF ready to draw, parsed once per distinct file.

    A stored background that cannot be used is left out (and logged), like a damaged logo:
    it must not stop a certificate.
    """
    if not background_pdf:
        return None
    return _parsed_stationery(background_pdf)


@functools.lru_cache(maxsize=2)
def _parsed_stationery(background_pdf: bytes) -> Stationery | None:
    from lotsen_desktop.documents.stationery import Stationery
    from lotsen_desktop.errors import ValidationError

    try:
        return Stationery.from_pdf(background_pdf)
    except ValidationError:
        log.warning("office background PDF cannot be used; printing without it")
        return None


def render_pdf(
    data: DocumentData,
    *,
    code: str = "",
    logo: bytes | None = None,
    background: Stationery | None = None,
) -> bytes:
    """The PDF of a registered document kind (what a reprint calls with the stored content)."""
    from lotsen_desktop.documents.certificates import (
        activity_pdf,
        certificate_pdf,
        participation_pdf,
    )
    from lotsen_desktop.documents.data import CertificateData, ParticipationData

    if isinstance(data, CertificateData):
        return certificate_pdf(data, code=code, logo=logo, background=background)
    if isinstance(data, ParticipationData):
        return participation_pdf(data, code=code, logo=logo, background=background)
    return activity_pdf(data, code=code, logo=logo, background=background)
