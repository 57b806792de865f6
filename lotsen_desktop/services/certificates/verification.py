"""Verification codes and the check of a presented code against the register.

The code is the serial plus the first eight hex digits of the stored content's SHA-256 checksum,
printed and in the QR code.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from lotsen_desktop.i18n import _, format_date_long
from lotsen_desktop.services.certificates.data import holder_of, kind_label
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import Certificate

CODE_CHECK_LENGTH = 8


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
        kind = kind_label(self.kind)
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


def verification_code(serial: str, checksum: str) -> str:
    return f"{serial}-{checksum[:CODE_CHECK_LENGTH].upper()}"


def normalise_code(text: str) -> str:
    """What people type or a scanner sends: any case, spaces, en dashes."""
    cleaned = text.strip().upper().replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", "", cleaned)


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
            "holder": holder_of(content),
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
