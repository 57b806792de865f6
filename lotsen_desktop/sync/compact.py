"""Keeping the change log small: compaction, forgetting a machine, and ``VACUUM``.

The row states (``sync_row``) already hold the result of every applied change, with each field's
stamp. A log entry is only needed to tell another machine about it. So once every known partner
has acknowledged an origin's entries up to some seq (its last file said so), those entries are
**folded away**: deleted, with the seq remembered per origin as the *base* (``sync.base``).
The version vector (what this machine has seen) is the larger of the log and the base.

- A delta for a partner whose watermark is below the base cannot be built any more: the export
  writes a full file instead and says so (``exchange.export_file``).
- A full export after compaction carries every row's state with its stamps plus the entries
  above the base; the receiver merges the states field by field and raises its own base.
- Within what a partner has not yet acknowledged, an update's values that a newer change of the
  same field (same row, same generation) has overwritten are dropped from the entry; the entry
  itself stays, so sequence numbers remain gap-free.
- Entries waiting for a parent (not applied) are never folded.
- "Forget this machine" removes a partner that is gone for good, so it no longer holds compaction
  back; if it ever comes back it gets a full export.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import and_, delete, func, select

from lotsen_desktop.i18n import _
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.sync_tables import SyncPeer, change_table, peer_table
from lotsen_desktop.sync.capture import APPLYING
from lotsen_desktop.sync.clock import SITE_KEY, get_setting, set_setting
from lotsen_desktop.sync.state import (
    COMPACTED_OWN_KEY,
    load_base,
    raw_connection,
    save_base,
    version_vector,
)
from lotsen_desktop.tasks import Cancelled, ProgressCallback

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CompactResult:
    """What a compaction did."""

    folded: int
    trimmed: int
    remaining: int
    held_back_by: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "folded": self.folded,
            "trimmed": self.trimmed,
            "remaining": self.remaining,
            "held_back_by": list(self.held_back_by),
        }


@dataclass(frozen=True)
class VacuumResult:
    """Compaction plus ``VACUUM``: the database file's size before and after (bytes)."""

    compact: CompactResult
    size_before: int
    size_after: int

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.compact.as_dict(),
            "bytes_before": self.size_before,
            "bytes_after": self.size_after,
        }


def _known(peer: Any) -> dict[str, int]:
    try:
        data = json.loads(peer.known or "{}")
    except ValueError:
        return {}
    return {str(k): int(v) for k, v in data.items()}


def compact_log(store: Store, *, progress: ProgressCallback | None = None) -> CompactResult:
    """Fold what every known partner has acknowledged into the row states (one transaction)."""

    def report(done: int, total: int) -> None:
        if progress is not None and not progress(done, total):
            raise Cancelled(_("Cancelled. Nothing was changed."))

    t = change_table
    with store.uow() as uow:
        session = uow.session
        session.info[APPLYING] = True
        site = get_setting(session, SITE_KEY)
        vv = version_vector(session)
        base = load_base(session)
        peers = [p for p in session.scalars(select(SyncPeer)) if p.site_id != site]
        waiting = dict(
            session.execute(
                select(t.c.origin, func.min(t.c.seq))
                .where(t.c.applied.is_(False))
                .group_by(t.c.origin)
            ).all()
        )
        held: set[str] = set()
        new_base: dict[str, int] = {}
        for origin, top in vv.items():
            limit = top
            for peer in peers:
                seen = _known(peer).get(origin, 0)
                if seen < limit:
                    limit = seen
                if seen < top:
                    held.add(peer.name or peer.site_id[:8])
            if origin in waiting:
                limit = min(limit, int(waiting[origin]) - 1)
            new_base[origin] = max(limit, base.get(origin, 0))
        report(0, 3)
        folded = 0
        own_real = False
        for origin, floor in new_base.items():
            condition = and_(t.c.origin == origin, t.c.seq <= floor)
            if origin == site and not own_real:
                own_real = (
                    session.execute(select(t.c.seq).where(condition, t.c.hlc > 0).limit(1)).first()
                    is not None
                )
            folded += session.execute(delete(t).where(condition)).rowcount  # type: ignore[attr-defined]
        report(1, 3)
        trimmed = _trim_superseded(session, new_base)
        report(2, 3)
        save_base(session, new_base)
        if own_real:
            set_setting(session, COMPACTED_OWN_KEY, "1")
        remaining = int(session.execute(select(func.count()).select_from(t)).scalar() or 0)
        uow.commit()
    report(3, 3)
    log.info("compacted the change log: %d folded, %d trimmed, %d left", folded, trimmed, remaining)
    return CompactResult(folded, trimmed, remaining, tuple(sorted(held)))


def _trim_superseded(session: Any, base: dict[str, int]) -> int:
    """Drop values of updates above the base that a newer change of the same field replaced."""
    raw = raw_connection(session)
    rows = raw.execute(
        "SELECT tbl, row_id, origin, seq, hlc, op, gen, data FROM sync_change "
        "ORDER BY tbl, row_id, hlc DESC, origin DESC"
    )
    changes: list[tuple[str, str, int]] = []
    current: tuple[str, str] | None = None
    seen: dict[int, set[str]] = {}
    for tbl, row_id, origin, seq, _hlc, op, gen, data in rows:
        if (tbl, row_id) != current:
            current, seen = (tbl, row_id), {}
        if op == "d" or not data or data == "{}":
            continue
        values = json.loads(data)
        newer = seen.setdefault(gen, set())
        if op == "u" and newer & values.keys():
            kept = {c: v for c, v in values.items() if c not in newer}
            changes.append(
                (json.dumps(kept, ensure_ascii=False, separators=(",", ":")), origin, seq)
            )
        newer.update(values)
    if changes:
        raw.executemany("UPDATE sync_change SET data = ? WHERE origin = ? AND seq = ?", changes)
    return len(changes)


def forget_peer(store: Store, text: str) -> str:
    """Remove a partner machine that is gone, so it no longer holds compaction back.

    Returns its name. Nothing else changes; should it come back, it gets a full export.
    """
    from lotsen_desktop.sync.exchange import find_peer

    peer = find_peer(store, text)
    with store.uow() as uow:
        uow.session.info[APPLYING] = True
        uow.session.execute(delete(peer_table).where(peer_table.c.site_id == peer.site_id))
        uow.commit()
    log.info("forgot an exchange partner")
    return peer.name


def file_size(path: Path) -> int:
    """The database with its write-ahead log, in bytes."""
    total = 0
    for suffix in ("", "-wal"):
        with contextlib.suppress(OSError):
            total += os.path.getsize(str(path) + suffix)
    return total


def vacuum(store: Store, *, progress: ProgressCallback | None = None) -> VacuumResult:
    """Compact the log, then rebuild the file without free pages (``VACUUM``).

    ``progress`` sees the compaction's steps, then ``(0, 0)`` while SQLite rebuilds the file (no
    measurable total); returning ``False`` stops either step and leaves the file as it was.
    """
    if store.is_server:
        return _vacuum_server(store, progress)
    before = file_size(store.path)
    result = compact_log(store, progress=progress)
    cancelled = False

    def handler() -> int:
        nonlocal cancelled
        if progress is not None and not progress(0, 0):
            cancelled = True
            return 1
        return 0

    with store.engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.set_progress_handler(handler, 200_000)
        try:
            raw.execute("VACUUM")
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except (
            sqlite3.OperationalError,
            store.engine.dialect.loaded_dbapi.OperationalError,
        ) as error:
            if cancelled:
                raise Cancelled(
                    _("Cancelled. The log was compacted; the file was not rebuilt.")
                ) from error
            raise
        finally:
            raw.set_progress_handler(None, 0)
    after = file_size(store.path)
    log.info("vacuum: %d -> %d bytes", before, after)
    return VacuumResult(result, before, after)


def _vacuum_server(store: Store, progress: ProgressCallback | None) -> VacuumResult:
    """PostgreSQL: compact the log, then ``VACUUM`` (outside a transaction, as it must run); the
    sizes are the database's as the server reports them."""

    def size() -> int:
        with store.engine.connect() as connection:
            return int(
                connection.exec_driver_sql("SELECT pg_database_size(current_database())").scalar()
                or 0
            )

    before = size()
    result = compact_log(store, progress=progress)
    if progress is not None and not progress(0, 0):
        raise Cancelled(_("Cancelled. The log was compacted; the file was not rebuilt."))
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM")
    after = size()
    log.info("vacuum: %d -> %d bytes", before, after)
    return VacuumResult(result, before, after)
