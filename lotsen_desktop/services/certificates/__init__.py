"""The certificate register and the documents it issues.

``data`` gathers what a document prints, ``register`` allocates serials and keeps the register,
``verification`` makes and checks the codes, ``issuing`` ties them to the files (written through
``lotsen_desktop.files``). Callers use this package: ``certificates.issue_certificate(...)``.
"""

from __future__ import annotations

from lotsen_desktop.files import StagedFiles, safe_filename, write_atomic
from lotsen_desktop.services.certificates.affected import (
    AffectedDocument,
    Reissued,
    describe,
    documents_at_stake,
    outdated_documents,
    revoke_and_reissue,
)
from lotsen_desktop.services.certificates.data import (
    ENGLISH_CERTIFICATE_TEXT,
    SUGGESTED_CERTIFICATE_TEXT,
    TITLE_DATIVE,
    activity_data,
    activity_start,
    attendance_sheet_data,
    certificate_body,
    certificate_data,
    participation_data,
)
from lotsen_desktop.services.certificates.issuing import (
    BATCH_KINDS,
    BatchResult,
    attendance_sheet,
    issue_activity_record,
    issue_certificate,
    issue_course_batch,
    issue_participation,
    letterhead_preview,
    reprint,
)
from lotsen_desktop.services.certificates.register import (
    SERIAL_DIGITS,
    EligibleRow,
    IssuedDocument,
    RegisterEntry,
    eligible_rows,
    erase_person_content,
    list_eligible,
    list_eligible_ids,
    list_register,
    list_register_serials,
    register_rows,
    revoke_certificate,
)
from lotsen_desktop.services.certificates.verification import (
    CODE_CHECK_LENGTH,
    Verification,
    VerifyStatus,
    normalise_code,
    verification_code,
    verify,
)
from lotsen_desktop.tasks import ProgressCallback

__all__ = [
    "BATCH_KINDS",
    "CODE_CHECK_LENGTH",
    "ENGLISH_CERTIFICATE_TEXT",
    "SERIAL_DIGITS",
    "SUGGESTED_CERTIFICATE_TEXT",
    "TITLE_DATIVE",
    "AffectedDocument",
    "BatchResult",
    "EligibleRow",
    "IssuedDocument",
    "ProgressCallback",
    "RegisterEntry",
    "Reissued",
    "StagedFiles",
    "Verification",
    "VerifyStatus",
    "activity_data",
    "activity_start",
    "attendance_sheet",
    "attendance_sheet_data",
    "certificate_body",
    "certificate_data",
    "describe",
    "documents_at_stake",
    "eligible_rows",
    "erase_person_content",
    "issue_activity_record",
    "issue_certificate",
    "issue_course_batch",
    "issue_participation",
    "letterhead_preview",
    "list_eligible",
    "list_eligible_ids",
    "list_register",
    "list_register_serials",
    "normalise_code",
    "outdated_documents",
    "participation_data",
    "register_rows",
    "reprint",
    "revoke_and_reissue",
    "revoke_certificate",
    "safe_filename",
    "verification_code",
    "verify",
    "write_atomic",
]
