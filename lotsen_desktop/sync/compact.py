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
- Entries that must stay but are old are packed (``store.log_packing``).
- It runs by itself (``compact_if_useful``) after an import and once a day at start, in short
  transactions, and only when there is something to fold or pack.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, delete, func, select

from lotsen_desktop.i18n import _
from lotsen_desktop.store.database import Store, driver_errors, page_bytes, vacuum_file
from lotsen_desktop.store.log_packing import pack, stored_data
from lotsen_desktop.store.sync_tables import SyncPeer, change_table, exchange_table, peer_table
from lotsen_desktop.sync.capture import APPLYING
from lotsen_desktop.sync.clock import SITE_KEY, get_setting, physical_ms, set_setting
from lotsen_desktop.sync.state import (
    COMPACTED_OWN_KEY,
    fold_states,
    load_base,
    load_seq_map,
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
    packed: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "folded": self.folded,
            "trimmed": self.trimmed,
            "packed": self.packed,
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


FOLD_BATCH = 20_000
"""Entries folded per transaction: a long compaction never holds the write lock for long, so
the window (or another import) waits at most a moment; cancelled, what was folded stays folded."""

PACK_BATCH = 2_000
"""Old entries packed per transaction."""

PACK_AFTER_DAYS = 14
"""Entries older than this that must stay (a partner has not acknowledged them) are packed."""

PACKED_KEY = "sync.packed"
"""Per origin, the seq up to which old entries were packed (the next run starts above it)."""

AUTOMATIC_KEY = "sync.compacted_on"
"""The day (ISO date) of the last automatic compaction at start."""

FULL_EXPORT_GRACE_DAYS = 30
"""An automatic compaction keeps what was changed after a full export of the last 30 days: the
machine that reads it is not a partner yet (it becomes one with its first file back), and its
first delta can then still be built. Once a partner has acknowledged everything the export
held, it is taken for its reader and the export holds nothing back. Compaction by hand folds
it all the same."""


def _known(peer: Any) -> dict[str, int]:
    try:
        data = json.loads(peer.known or "{}")
    except ValueError:
        return {}
    return {str(k): int(v) for k, v in data.items()}


@dataclass(frozen=True)
class _Plan:
    """Per origin, the seq up to which entries are folded, and who holds the rest back."""

    base: dict[str, int]
    target: dict[str, int]
    held: tuple[str, ...]

    @property
    def foldable(self) -> bool:
        return any(seq > self.base.get(origin, 0) for origin, seq in self.target.items())


def _recent_full_exports(session: Any, now: datetime) -> list[dict[str, int]]:
    """What full exports of the last ``FULL_EXPORT_GRACE_DAYS`` held (their version vectors)."""
    e = exchange_table
    rows = session.execute(
        select(e.c.summary).where(
            and_(
                e.c.direction == "export",
                e.c.kind == "full",
                e.c.at >= now - timedelta(days=FULL_EXPORT_GRACE_DAYS),
            )
        )
    ).scalars()
    result = []
    for summary in rows:
        try:
            vv = json.loads(summary or "{}").get("vv")
        except (ValueError, AttributeError):
            continue
        if isinstance(vv, dict):
            result.append({str(k): int(v) for k, v in vv.items()})
    return result


def _plan(
    session: Any,
    *,
    keep_for_recent_exports: bool,
    now: datetime | None = None,
    vv: dict[str, int] | None = None,
) -> _Plan:
    """How far each origin's entries can be folded: what every known partner has acknowledged,
    below any entry still waiting for a parent (reads only; cheap). ``vv``: the version vector
    to plan for, if not the log's."""
    t = change_table
    site = get_setting(session, SITE_KEY)
    vv = version_vector(session) if vv is None else vv
    base = load_base(session)
    peers = [p for p in session.scalars(select(SyncPeer)) if p.site_id != site]
    waiting = dict(
        session.execute(
            select(t.c.origin, func.min(t.c.seq)).where(t.c.applied.is_(False)).group_by(t.c.origin)
        ).all()
    )
    exports = (
        _recent_full_exports(session, now or datetime.now()) if keep_for_recent_exports else []
    )
    # an export whose contents a partner has acknowledged was most likely read by it
    exports = [
        export
        for export in exports
        if not any(
            all(_known(peer).get(o, 0) >= seq for o, seq in export.items()) for peer in peers
        )
    ]
    held: set[str] = set()
    target: dict[str, int] = {}
    for origin, top in vv.items():
        limit = top
        for peer in peers:
            seen = _known(peer).get(origin, 0)
            limit = min(limit, seen)
            if seen < top:
                held.add(peer.name or peer.site_id[:8])
        for export in exports:
            limit = min(limit, export.get(origin, 0))
        if origin in waiting:
            limit = min(limit, int(waiting[origin]) - 1)
        target[origin] = max(limit, base.get(origin, 0))
    return _Plan(base, target, tuple(sorted(held)))


def compact_log(
    store: Store,
    *,
    progress: ProgressCallback | None = None,
    trim: bool = True,
    keep_for_recent_exports: bool = False,
    now: datetime | None = None,
) -> CompactResult:
    """Fold what every known partner has acknowledged into the row states, trim superseded
    values of what is left (``trim``) and pack the old entries that must stay.

    Folding runs in transactions of ``FOLD_BATCH`` entries; a cancel keeps what was folded.
    """
    with store.new_session() as session:
        plan = _plan(session, keep_for_recent_exports=keep_for_recent_exports, now=now)
    total = sum(max(0, seq - plan.base.get(o, 0)) for o, seq in plan.target.items()) + 2
    done = 0

    def report() -> None:
        if progress is not None and not progress(min(done, total), total):
            raise Cancelled(
                _("Cancelled. What was compacted so far stays compacted; nothing was lost.")
            )

    report()
    folded = 0
    for origin, floor in sorted(plan.target.items()):
        low = plan.base.get(origin, 0)
        while low < floor:
            high = min(floor, low + FOLD_BATCH)
            folded += _fold(store, origin, low, high)
            done += high - low
            low = high
            report()
    trimmed = 0
    if trim:
        with store.uow() as uow:
            uow.lock_for_writing()
            uow.session.info[APPLYING] = True
            trimmed = _trim_superseded(uow.session)
            uow.commit()
    done += 1
    report()
    packed = pack_old_entries(store, now=now)
    with store.uow() as uow:
        uow.lock_for_writing()
        uow.session.info[APPLYING] = True
        uow.use_bulk_cache()  # the rows are updated in the states' key order
        inlined = fold_states(uow.session)
        uow.commit()
    with store.new_session() as session:
        remaining = int(
            session.execute(select(func.count()).select_from(change_table)).scalar() or 0
        )
    done = total
    report()
    log.info(
        "compacted the change log: %d folded, %d trimmed, %d packed, %d left, %d states inline",
        folded,
        trimmed,
        packed,
        remaining,
        inlined,
    )
    return CompactResult(folded, trimmed, remaining, plan.held, packed)


def import_fold_limits(session: Any, incoming: dict[str, int]) -> dict[str, int]:
    """Per origin of an import (never this machine's own), the seq up to which its entries
    need not enter the log at all: what the automatic compaction right after the import
    (:func:`compact_if_useful`) would fold, planned with the version vector the import brings
    (``incoming``: the highest seq per origin) and the sender already counted as a partner
    that has seen them. Writing those entries only for the compaction to delete them cost
    1.2 s and 1.65 s for 100,000 changes. Never on a shared server (compacted by hand there)."""
    site = get_setting(session, SITE_KEY)
    vv = version_vector(session)
    for origin, seq in incoming.items():
        vv[origin] = max(vv.get(origin, 0), seq)
    plan = _plan(session, keep_for_recent_exports=True, vv=vv)
    return {
        origin: seq
        for origin, seq in plan.target.items()
        if origin != site and origin in incoming and seq > plan.base.get(origin, 0)
    }


def fold_imported(session: Any, limits: dict[str, int]) -> int:
    """After an import whose entries up to ``limits`` were left out of the log (and none of
    them waits for a parent): fold what the log still holds up to there and raise the base,
    in the import's transaction. Returns how many entries went."""
    base = load_base(session)
    return sum(
        _fold_range(session, origin, base.get(origin, 0), high)
        for origin, high in sorted(limits.items())
        if high > base.get(origin, 0)
    )


def _fold(store: Store, origin: str, low: int, high: int) -> int:
    """One transaction: :func:`_fold_range`, noting whether this machine's own real changes
    were folded."""
    t = change_table
    with store.uow() as uow:
        uow.lock_for_writing()
        session = uow.session
        session.info[APPLYING] = True
        if origin == get_setting(session, SITE_KEY) and not get_setting(session, COMPACTED_OWN_KEY):
            condition = and_(t.c.origin == origin, t.c.seq > low, t.c.seq <= high)
            own_real = session.execute(
                select(t.c.seq).where(condition, t.c.hlc > 0).limit(1)
            ).first()
            if own_real is not None:
                set_setting(session, COMPACTED_OWN_KEY, "1")
        count = _fold_range(session, origin, low, high)
        uow.commit()
    return count


def take_file_base(session: Any, floors: dict[str, int], had: dict[str, int]) -> int:
    """After a full export whose sender had folded its log up to ``floors``: for every origin
    this machine had not received up to there (``had``: its version vector before the import),
    the file's row states stand for those changes, so the base rises to the floor and this
    machine's older entries of that origin leave the log (below the base nothing is sent
    again; kept, they would only stay forever). Returns how many entries went."""
    base = load_base(session)
    return sum(
        _fold_range(session, origin, 0, int(floor))
        for origin, floor in sorted(floors.items())
        if had.get(origin, 0) < floor and base.get(origin, 0) < floor
    )


def _fold_range(session: Any, origin: str, low: int, high: int) -> int:
    """Delete ``origin``'s entries in ``(low, high]`` and raise its base to ``high``; the base
    only ever grows (another compaction may have gone further). Returns how many went."""
    t = change_table
    condition = and_(t.c.origin == origin, t.c.seq > low, t.c.seq <= high)
    count = int(session.execute(delete(t).where(condition)).rowcount or 0)  # type: ignore[attr-defined]
    base = load_base(session)
    base[origin] = max(base.get(origin, 0), high)
    save_base(session, base)
    return count


def _trim_superseded(session: Any) -> int:
    """Drop values of updates above the base that a newer change of the same field replaced."""
    raw = raw_connection(session)
    rows = raw.execute(
        "SELECT tbl, row_id, origin, seq, hlc, op, gen, data, packed FROM sync_change "
        "ORDER BY tbl, row_id, hlc DESC, origin DESC"
    )
    changes: list[tuple[str, bytes | None, str, int]] = []
    current: tuple[str, str] | None = None
    seen: dict[int, set[str]] = {}
    for tbl, row_id, origin, seq, _hlc, op, gen, data, packed in rows:
        if (tbl, row_id) != current:
            current, seen = (tbl, row_id), {}
        text = stored_data(data, packed)
        if op == "d" or text == "{}":
            continue
        values = json.loads(text)
        newer = seen.setdefault(gen, set())
        if op == "u" and newer & values.keys():
            kept = json.dumps(
                {c: v for c, v in values.items() if c not in newer},
                ensure_ascii=False,
                separators=(",", ":"),
            )
            repacked = pack(kept) if packed is not None else None
            changes.append(("" if repacked else kept, repacked, origin, seq))
        newer.update(values)
    if changes:
        raw.executemany(
            "UPDATE sync_change SET data = ?, packed = ? WHERE origin = ? AND seq = ?", changes
        )
    return len(changes)


def _load_marks(session: Any) -> dict[str, int]:
    return load_seq_map(session, PACKED_KEY)


def pack_old_entries(store: Store, *, now: datetime | None = None) -> int:
    """Pack the data of entries older than ``PACK_AFTER_DAYS`` (``store.log_packing``).

    Per origin, seq order is stamp order, so each run starts above the last packed seq and
    stops at the first entry that is not old yet; ``PACK_BATCH`` entries per transaction.
    """
    cutoff_ms = int(((now or datetime.now()) - timedelta(days=PACK_AFTER_DAYS)).timestamp() * 1000)
    with store.new_session() as session:
        origins = sorted(version_vector(session))
    packed = 0
    for origin in origins:
        while True:
            count, more = _pack_batch(store, origin, cutoff_ms)
            packed += count
            if not more:
                break
    return packed


def _pack_batch(store: Store, origin: str, cutoff_ms: int) -> tuple[int, bool]:
    """One transaction of :func:`pack_old_entries`: how many were packed, and whether the
    batch ended because it was full (more old entries may follow)."""
    with store.uow() as uow:
        uow.lock_for_writing()
        session = uow.session
        session.info[APPLYING] = True
        raw = raw_connection(session)
        marks = _load_marks(session)
        mark = marks.get(origin, 0)
        rows = raw.execute(
            "SELECT seq, hlc, data FROM sync_change WHERE origin = ? AND seq > ? "
            "ORDER BY seq LIMIT ?",
            (origin, mark, PACK_BATCH),
        ).fetchall()
        updates: list[tuple[bytes, str, int]] = []
        last = mark
        young = False
        for seq, hlc, data in rows:
            if physical_ms(int(hlc)) >= cutoff_ms:
                young = True
                break
            last = int(seq)
            if data and len(data) > MIN_PACKED:
                blob = pack(data)
                if blob is not None:
                    updates.append((blob, origin, int(seq)))
        if updates:
            raw.executemany(
                "UPDATE sync_change SET data = '', packed = ? WHERE origin = ? AND seq = ? "
                "AND packed IS NULL",
                updates,
            )
        if last != mark:
            marks[origin] = last
            set_setting(session, PACKED_KEY, json.dumps(marks, sort_keys=True))
        uow.commit()
    return len(updates), not young and len(rows) == PACK_BATCH


MIN_PACKED = 64
"""Shorter data is left as it is: deflate gains a few bytes at most."""


def compact_if_useful(
    store: Store, *, progress: ProgressCallback | None = None, now: datetime | None = None
) -> CompactResult | None:
    """The automatic compaction: fold and pack only when there is something to fold or pack
    (after an import that advanced a partner's acknowledgement, and once a day at start).

    Cheap when there is nothing to do (a few indexed reads). No ``VACUUM``: freed pages are
    reused by later writes; the settings page offers to shrink the file. Never on a shared
    PostgreSQL database (compacted by hand there, by whoever looks after it).
    """
    if store.is_server:
        return None
    with store.new_session() as session:
        plan = _plan(session, keep_for_recent_exports=True, now=now)
        old = _has_old_unpacked(session, now=now)
    if not plan.foldable and not old:
        return None
    return compact_log(store, progress=progress, trim=False, keep_for_recent_exports=True, now=now)


def _has_old_unpacked(session: Any, *, now: datetime | None) -> bool:
    """Whether some origin's next entry to look at for packing is old already."""
    cutoff_ms = int(((now or datetime.now()) - timedelta(days=PACK_AFTER_DAYS)).timestamp() * 1000)
    raw = raw_connection(session)
    marks = _load_marks(session)
    for origin in version_vector(session):
        row = raw.execute(
            "SELECT hlc FROM sync_change WHERE origin = ? AND seq > ? ORDER BY seq LIMIT 1",
            (origin, marks.get(origin, 0)),
        ).fetchone()
        if row is not None and physical_ms(int(row[0])) < cutoff_ms:
            return True
    return False


def compact_at_start(store: Store, *, now: datetime | None = None) -> CompactResult | None:
    """Once a day, at start (after the daily backup): :func:`compact_if_useful`."""
    today = (now or datetime.now()).date().isoformat()
    with store.new_session() as session:
        if get_setting(session, AUTOMATIC_KEY) == today:
            return None
    result = compact_if_useful(store, now=now)
    with store.uow() as uow:
        uow.session.info[APPLYING] = True
        set_setting(uow.session, AUTOMATIC_KEY, today)
        uow.commit()
    return result


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
    _rebuild(store, progress)
    after = file_size(store.path)
    log.info("vacuum: %d -> %d bytes", before, after)
    return VacuumResult(result, before, after)


def _rebuild(store: Store, progress: ProgressCallback | None) -> None:
    """``VACUUM`` and an emptied write-ahead log; a cancel leaves the file as it was."""
    cancelled = False

    def stop() -> bool:
        nonlocal cancelled
        cancelled = progress is not None and not progress(0, 0)
        return cancelled

    try:
        vacuum_file(store.engine, stop)
    except driver_errors("OperationalError") as error:
        if cancelled:
            raise Cancelled(
                _("Cancelled. The log was compacted; the file was not rebuilt.")
            ) from error
        raise


REBUILD_AFTER_GROWTH = 100 * 1024 * 1024
"""An import that grows the database by more than this, to more than twice its size, is
followed by a ``VACUUM`` (``rebuild_after_import``)."""


def rebuild_after_import(
    store: Store, before: int, *, progress: ProgressCallback | None = None
) -> tuple[int, int] | None:
    """Rebuild the file after an import that wrote most of it: ``(before, after)`` in bytes, or
    ``None`` when it was not worth it or could not be done.

    A large import writes its rows' indexes in random key order and leaves their pages partly
    empty: a new machine that received the L office's export held 516 MB, 492 MB after a
    ``VACUUM`` of 4 s (the import took 230 s). Only after an import that more than doubled
    the file: for a smaller one the gain is small and the office can shrink the file in the
    settings. The import is committed already, so a full disk, a reader holding the file or a
    cancel only skip the rebuild.
    """
    if store.is_server:
        return None
    grown = page_bytes(store.engine)
    if grown - before <= REBUILD_AFTER_GROWTH or grown <= 2 * before:
        return None
    try:
        _rebuild(store, progress)
    except Cancelled:
        return None
    except driver_errors() as error:
        log.warning("rebuilding the file after an import skipped: %s", type(error).__name__)
        return None
    after = page_bytes(store.engine)
    log.info("rebuilt the file after an import: %d -> %d bytes", grown, after)
    return grown, after


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
