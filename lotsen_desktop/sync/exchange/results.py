"""What the exchange's use cases return: plain values for the CLI (``as_dict``) and the window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lotsen_desktop.sync.summary import describe

if TYPE_CHECKING:
    from lotsen_desktop.sync.compact import CompactResult


@dataclass(frozen=True)
class ExportResult:
    path: Path
    kind: str
    changes: int
    rows: int
    peer_name: str
    size: int
    notice: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "kind": self.kind,
            "changes": self.changes,
            "rows": self.rows,
            "peer": self.peer_name,
            "bytes": self.size,
            "notice": self.notice,
        }


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (or, for a dry run, would do)."""

    dry_run: bool
    kind: str
    sender_name: str
    sender_site: str
    office_name: str
    new: dict[str, int]
    changed: dict[str, int]
    deleted: dict[str, int]
    conflicts: int
    duplicates: int
    pending: int
    received: int
    known: int
    warnings: tuple[str, ...] = ()
    digest: str = ""
    """The data digest after the import, where the caller asked for it (the command line):
    at 100,000 volunteers it takes longer than most imports, so the import does not compute it
    and the window computes it in the background."""
    compacted: CompactResult | None = None
    """What the compaction after the import folded (``None``: nothing to fold, or a dry run)."""

    @property
    def text(self) -> str:
        return describe(
            self.new, self.changed, self.deleted, self.conflicts, self.duplicates, self.pending
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "kind": self.kind,
            "sender": self.sender_name,
            "sender_site": self.sender_site,
            "office": self.office_name,
            "new": self.new,
            "changed": self.changed,
            "deleted": self.deleted,
            "conflicts": self.conflicts,
            "duplicates": self.duplicates,
            "pending": self.pending,
            "received": self.received,
            "already_known": self.known,
            "warnings": list(self.warnings),
            "summary": self.text,
            "digest": self.digest,
            **({"compacted": self.compacted.as_dict()} if self.compacted else {}),
        }


@dataclass(frozen=True)
class PeerRow:
    site_id: str
    name: str
    last_import_at: datetime | None
    last_export_at: datetime | None
    unseen: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "site_id": self.site_id,
            "name": self.name,
            "last_import_at": self.last_import_at,
            "last_export_at": self.last_export_at,
            "unseen_changes": self.unseen,
        }


@dataclass(frozen=True)
class ExchangeRow:
    id: int
    at: datetime
    direction: str
    kind: str
    peer_site: str
    peer_name: str
    file_name: str
    changes: int
    conflicts: int
    summary: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at,
            "direction": self.direction,
            "kind": self.kind,
            "peer_site": self.peer_site,
            "peer": self.peer_name,
            "file": self.file_name,
            "changes": self.changes,
            "conflicts": self.conflicts,
            "summary": self.summary,
        }


@dataclass(frozen=True)
class SiteInfo:
    site_id: str
    name: str
    office_id: str
    changes: int
