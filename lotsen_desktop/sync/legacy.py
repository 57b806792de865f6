"""Codes that files of older versions carry, brought to today's codes while a file is imported.

Up to schema 0009 attendance was stored as ``present``/``excused``/``absent``/``partial``; since
migration 0010 every stored code is German. A file names the schema it was written with, so its
change entries and row states are translated exactly when that schema predates 0010 (exchange
file formats 1 and 2 as written until then). Databases themselves, backups included, are
upgraded by the migration when they are opened.
"""

from __future__ import annotations

import functools
from typing import Any

from lotsen_desktop.domain.vocabulary import AttendanceState
from lotsen_desktop.store.database import revisions_before

GERMAN_ATTENDANCE_SINCE = "0010"

ATTENDANCE_CODES = {
    "present": AttendanceState.PRESENT.value,
    "excused": AttendanceState.EXCUSED.value,
    "absent": AttendanceState.ABSENT.value,
    "partial": AttendanceState.PARTIAL.value,
}
"""Old attendance code → today's code."""


@functools.cache
def _older_revisions() -> frozenset[str]:
    return revisions_before(GERMAN_ATTENDANCE_SINCE)


def has_old_codes(revision: str) -> bool:
    """Whether a file written at database schema ``revision`` carries the old attendance codes."""
    return revision in _older_revisions()


def upgrade_change(item: list[Any]) -> bool:
    """Translate the values of a checked change entry in place; ``True`` if any changed."""
    tbl, data = item[3], item[7]
    if tbl != "attendance" or not isinstance(data, dict):
        return False
    new = _new_code(data.get("state"))
    if new is None:
        return False
    data["state"] = new
    return True


def upgrade_state(item: list[Any]) -> bool:
    """Translate the values of a checked row state in place; ``True`` if any changed."""
    tbl, fields = item[0], item[4]
    cell = fields.get("state") if tbl == "attendance" and isinstance(fields, dict) else None
    if not isinstance(cell, list) or not cell:
        return False
    new = _new_code(cell[0])
    if new is None:
        return False
    cell[0] = new
    return True


def _new_code(value: object) -> str | None:
    return ATTENDANCE_CODES.get(value) if isinstance(value, str) else None
