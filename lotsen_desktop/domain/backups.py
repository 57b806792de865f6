"""Backup files as the office sees them: why each was made, how it is named, which ones to keep.

Pure rules (no files, no SQL): ``store/backup.py`` writes, lists and restores the files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from lotsen_desktop.i18n import N_, gettext

T = TypeVar("T")


class BackupReason(StrEnum):
    """Why a backup was made; the value is the German code in the file name."""

    START = "start"
    IMPORT = "import"
    ERASURE = "loeschung"
    MANUAL = "manuell"
    UPDATE = "vor-update"
    RESTORE = "vor-wiederherstellung"

    @property
    def label(self) -> str:
        return gettext(_LABELS[self])

    @property
    def rotated(self) -> bool:
        """Automatic backups are thinned out; those someone asked for or an update or restore
        made are kept until someone deletes them."""
        return self in (BackupReason.START, BackupReason.IMPORT, BackupReason.ERASURE)


_LABELS = {
    BackupReason.START: N_("At start"),
    BackupReason.IMPORT: N_("Before import"),
    BackupReason.ERASURE: N_("Before erasure"),
    BackupReason.MANUAL: N_("Manual"),
    BackupReason.UPDATE: N_("Before update"),
    BackupReason.RESTORE: N_("Before restore"),
}


def reason_of(code: str) -> BackupReason | None:
    """The reason of a file name's reason part (``vor-update-0009`` is an update)."""
    for member in BackupReason:
        if code == member.value or code.startswith(member.value + "-"):
            return member
    return None


def reason_label(code: str) -> str:
    """The reason for people; an unknown code (a newer version's) as it is."""
    reason = reason_of(code)
    if reason is None:
        return code
    detail = code[len(reason.value) :].lstrip("-")
    return f"{reason.label} ({detail})" if detail else reason.label


_NAME = re.compile(
    r"^(?P<stem>.+?)-(?:(?P<tag>[0-9a-f]{8})-)?"
    r"(?P<date>\d{4}-\d{2}-\d{2})_(?P<time>\d{6})(?:-(?P<n>\d+))?"
    r"-(?P<reason>[a-z][a-z0-9-]*)\.sqlite$"
)


@dataclass(frozen=True)
class BackupName:
    """What a backup's file name says: database, machine tag, time and reason."""

    stem: str
    tag: str
    made_at: datetime
    reason: str

    def file_name(self, counter: int = 0) -> str:
        tag = f"-{self.tag}" if self.tag else ""
        extra = f"-{counter}" if counter else ""
        return f"{self.stem}{tag}-{self.made_at:%Y-%m-%d_%H%M%S}{extra}-{self.reason}.sqlite"


def parse_backup_name(name: str) -> BackupName | None:
    """The parts of a backup file name, or ``None`` for any other file."""
    found = _NAME.match(name)
    if found is None:
        return None
    try:
        made_at = datetime.strptime(f"{found['date']}_{found['time']}", "%Y-%m-%d_%H%M%S")
    except ValueError:
        return None
    return BackupName(found["stem"], found["tag"] or "", made_at, found["reason"])


@dataclass(frozen=True)
class RotationPolicy:
    """How many automatic backups to keep: the newest ``recent`` always (so the copy from just
    before a bad import survives later imports of the same day), and the newest one of each of
    the last ``daily`` days, ``weekly`` ISO weeks and ``monthly`` months that have backups."""

    recent: int = 5
    daily: int = 7
    weekly: int = 4
    monthly: int = 12


DEFAULT_POLICY = RotationPolicy()


def backups_to_keep(
    items: Iterable[T], made_at: Callable[[T], datetime], policy: RotationPolicy = DEFAULT_POLICY
) -> list[T]:
    """The items to keep, newest first (the rest may be deleted).

    Buckets count periods that have a backup, not calendar periods, so a laptop left in a drawer
    for a month still has its last backups when it comes back.
    """
    ordered = sorted(items, key=made_at, reverse=True)
    kept: set[int] = set(range(min(policy.recent, len(ordered))))
    buckets: list[tuple[int, Callable[[datetime], object]]] = [
        (policy.daily, lambda when: when.date()),
        (policy.weekly, lambda when: when.isocalendar()[:2]),
        (policy.monthly, lambda when: (when.year, when.month)),
    ]
    for count, period in buckets:
        seen: set[object] = set()
        for index, item in enumerate(ordered):
            if len(seen) >= count:
                break
            key = period(made_at(item))
            if key not in seen:
                seen.add(key)
                kept.add(index)
    return [item for index, item in enumerate(ordered) if index in kept]
