"""Change capture: every insert, update and delete of user data becomes a change-log entry.

ORM mapper events note which rows a transaction touched (and, before a delete, every row the
database will cascade to or set to NULL); the store's commit hook then reads the final values with
SQL and writes the entries, stamped by the hybrid logical clock, in the same transaction.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    bindparam,
    delete,
    event,
    inspect,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Mapper, Session, object_session

from lotsen_desktop.store.database import Store, UnitOfWork, bulk_insert
from lotsen_desktop.store.log_packing import stored_data
from lotsen_desktop.store.models import Tracked
from lotsen_desktop.store.sync_tables import (
    TABLE_NUMBERS,
    change_table,
    conflict_table,
    duplicate_table,
    row_table,
)
from lotsen_desktop.store.types import key_io
from lotsen_desktop.sync import schema
from lotsen_desktop.sync.clock import SITE_KEY, Clock, Stamp, ensure_site, get_setting
from lotsen_desktop.sync.state import (
    Entry,
    RowState,
    Stamps,
    chunks,
    insert_entries,
    load_states,
    raw_connection,
    save_states,
    site_numbers,
)

ACTIVE = "lotsen.sync.capture"
APPLYING = "lotsen.sync.applying"
BUFFER = "lotsen.sync.buffer"

_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
"""Encodes change data exactly as ``Entry.as_params`` does."""

_registered = False
_lock = threading.Lock()


@dataclass
class Touched:
    """What a transaction did to one row: existed before? exists now? which columns changed?"""

    existed_before: bool
    exists: bool
    cols: set[str] | None  # None: all columns


def default_row_ids() -> frozenset[str]:
    """Rows every machine creates alike on first start: stamped 0 so any real edit wins."""
    from lotsen_desktop.services.setup import DEFAULT_MODULES
    from lotsen_desktop.store.models import OFFICE_ID, natural_id

    return frozenset({OFFICE_ID, *(natural_id("module", m.code) for m in DEFAULT_MODULES)})


def install_capture(store: Store) -> None:
    """Attach capture to ``store`` (idempotent) and make sure the site id exists."""
    _register_mapper_events()
    if _flush_hook not in store.flush_hooks:
        store.flush_hooks.append(_flush_hook)
    if _commit_hook not in store.commit_hooks:
        store.commit_hooks.append(_commit_hook)
    if _prepare_hook not in store.prepare_hooks:
        store.prepare_hooks.append(_prepare_hook)
    if _bulk_hook not in store.bulk_hooks:
        store.bulk_hooks.append(_bulk_hook)
    with store.new_session() as session, session.begin():
        ensure_site(session, store.location)


def new_site_id(store: Store) -> str:
    """Start a new site id (after restoring a backup, so no sequence number is used twice)."""
    from lotsen_desktop.sync.clock import SITE_FINGERPRINT_KEY, set_setting

    with store.new_session() as session, session.begin():
        set_setting(session, SITE_FINGERPRINT_KEY, "")
        return ensure_site(session, store.location)


def site_id(store: Store) -> str:
    return store.local_setting(SITE_KEY)


def _flush_hook(session: Session, _uow: UnitOfWork) -> None:
    if not session.info.get(APPLYING):
        session.info[ACTIVE] = True


def _commit_hook(session: Session, _uow: UnitOfWork) -> None:
    touched: dict[tuple[str, str], Touched] | None = session.info.pop(BUFFER, None)
    if touched:
        record(session, touched)


def _record_pending(session: Session) -> None:
    """Log the ORM writes gathered so far, so they keep their place before a bulk insert."""
    pending: dict[tuple[str, str], Touched] | None = session.info.pop(BUFFER, None)
    if pending:
        record(session, pending)


def _prepare_hook(session: Session, _uow: UnitOfWork, tbl: str, rows: list[dict[str, Any]]) -> None:
    if session.info.get(APPLYING):
        return
    _record_pending(session)
    stamp_new_rows(session, tbl, rows)


def _bulk_hook(
    session: Session, _uow: UnitOfWork, tbl: str, rows: Sequence[dict[str, Any]]
) -> None:
    if session.info.get(APPLYING):
        return
    _record_pending(session)
    record_new_rows(session, tbl, rows)


def _register_mapper_events() -> None:
    global _registered
    with _lock:
        if _registered:
            return
        event.listen(Tracked, "after_insert", _after_insert, propagate=True)
        event.listen(Tracked, "after_update", _after_update, propagate=True)
        event.listen(Tracked, "before_delete", _before_delete, propagate=True)
        event.listen(Tracked, "after_delete", _after_delete, propagate=True)
        _registered = True


def _buffer(target: Any) -> dict[tuple[str, str], Touched] | None:
    session = object_session(target)
    if session is None or not session.info.get(ACTIVE) or session.info.get(APPLYING):
        return None
    buffer: dict[tuple[str, str], Touched] = session.info.setdefault(BUFFER, {})
    return buffer


def note_insert(buffer: dict[tuple[str, str], Touched], tbl: str, row_id: str) -> None:
    entry = buffer.get((tbl, row_id))
    if entry is None:
        buffer[(tbl, row_id)] = Touched(False, True, None)
    else:
        entry.exists = True
        entry.cols = None


def note_update(
    buffer: dict[tuple[str, str], Touched], tbl: str, row_id: str, cols: Iterable[str]
) -> None:
    cols = set(cols)
    if not cols:
        return
    entry = buffer.get((tbl, row_id))
    if entry is None:
        buffer[(tbl, row_id)] = Touched(True, True, cols)
    elif entry.cols is not None:
        entry.cols |= cols


def note_delete(buffer: dict[tuple[str, str], Touched], tbl: str, row_id: str) -> None:
    entry = buffer.get((tbl, row_id))
    if entry is None:
        buffer[(tbl, row_id)] = Touched(True, False, None)
    else:
        entry.exists = False


def _after_insert(_mapper: Mapper[Any], _connection: Connection, target: Any) -> None:
    buffer = _buffer(target)
    if buffer is not None:
        note_insert(buffer, target.__tablename__, target.id)


def _after_update(_mapper: Mapper[Any], _connection: Connection, target: Any) -> None:
    buffer = _buffer(target)
    if buffer is None:
        return
    info = schema.tables()[target.__tablename__]
    attrs = inspect(target).attrs
    changed = [c for c in info.columns if attrs[c].history.has_changes()]
    note_update(buffer, info.name, target.id, changed)


def _before_delete(_mapper: Mapper[Any], connection: Connection, target: Any) -> None:
    buffer = _buffer(target)
    if buffer is not None:
        expand_delete(connection, buffer, target.__tablename__, [target.id])


def _after_delete(_mapper: Mapper[Any], _connection: Connection, target: Any) -> None:
    buffer = _buffer(target)
    if buffer is not None:
        note_delete(buffer, target.__tablename__, target.id)


def expand_delete(
    connection: Connection | Session,
    buffer: dict[tuple[str, str], Touched],
    tbl: str,
    ids: list[str],
) -> None:
    """Note what the database will do to rows that reference the deleted ones."""
    for link in schema.tables()[tbl].children:
        child = schema.tables()[link.table].table
        found: list[str] = []
        for part in chunks(ids):
            found.extend(
                connection.execute(select(child.c.id).where(child.c[link.column].in_(part)))
                .scalars()
                .all()
            )
        if not found:
            continue
        if link.ondelete == "SET NULL":
            for row_id in found:
                note_update(buffer, link.table, row_id, [link.column])
        else:
            fresh = [
                r for r in found if (link.table, r) not in buffer or buffer[(link.table, r)].exists
            ]
            for row_id in found:
                note_delete(buffer, link.table, row_id)
            if fresh:
                expand_delete(connection, buffer, link.table, fresh)


def read_rows(
    session: Session, tbl: str, ids: list[str], columns: Iterable[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Current values of these rows (all transported columns unless ``columns`` is given)."""
    info = schema.tables()[tbl]
    cols = list(info.columns if columns is None else columns)
    table = info.table
    result: dict[str, dict[str, Any]] = {}
    for part in chunks(ids):
        query = select(table.c.id, *(table.c[c] for c in cols)).where(table.c.id.in_(part))
        for row in session.execute(query):
            values = row._mapping
            result[values["id"]] = {c: values[c] for c in cols}
    return result


def scope_of(
    session: Session, tbl: str, values: dict[str, Any], cache: dict[str, str | None]
) -> str | None:
    """The course a session, enrolment, lock event or attendance mark belongs to (packages)."""
    if tbl in ("course_session", "enrolment", "course_lock"):
        return values.get("course_id")
    if tbl == "attendance":
        session_id = values.get("session_id")
        if session_id is None:
            return None
        if session_id not in cache:
            table = schema.tables()["course_session"].table
            cache[session_id] = session.execute(
                select(table.c.course_id).where(table.c.id == session_id)
            ).scalar()
        return cache[session_id]
    return None


def next_seq(session: Session, site: str) -> int:
    from sqlalchemy import func

    from lotsen_desktop.sync.state import load_base

    t = change_table
    current = session.execute(select(func.max(t.c.seq)).where(t.c.origin == site)).scalar()
    return max(int(current or 0), load_base(session).get(site, 0)) + 1


def record(session: Session, touched: dict[tuple[str, str], Touched]) -> list[Entry]:
    """Turn the touched rows into stamped log entries and new row states (same transaction)."""
    clock = Clock(session)
    site = clock.site
    defaults = default_row_ids()
    tables = schema.tables()
    states = load_states(session, touched.keys())
    values: dict[tuple[str, str], dict[str, Any]] = {}
    by_table: dict[str, list[str]] = {}
    for (tbl, row_id), t in touched.items():
        if t.exists:
            by_table.setdefault(tbl, []).append(row_id)
    for tbl, ids in by_table.items():
        for row_id, row in read_rows(session, tbl, ids).items():
            values[(tbl, row_id)] = row

    writes = sorted(
        (k for k, t in touched.items() if t.exists and k in values),
        key=lambda k: (tables[k[0]].order, k[1]),
    )
    removals = sorted(
        (k for k, t in touched.items() if not t.exists and t.existed_before),
        key=lambda k: (-tables[k[0]].order, k[1]),
    )
    seq = next_seq(session, site)
    entries: list[Entry] = []
    cleared: list[Cleared] = []
    new_states: list[RowState] = []
    scope_cache: dict[str, str | None] = {}
    for key in writes:
        tbl, row_id = key
        info = tables[tbl]
        t = touched[key]
        row = values[key]
        state = states.get(key)
        if state is None or not state.alive or not t.existed_before:
            # a new row, a new life of a deleted row, or a row from before capture
            gen = 0 if state is None else (state.gen + 1 if not state.alive else state.gen)
            if state is not None and state.alive:
                op, cols, bases = "u", list(info.columns), state.stamps.copy()
            else:
                op, cols, bases = "i", list(info.columns), None
        else:
            gen = state.gen
            cols = [c for c in info.columns if t.cols is None or c in t.cols]
            if not cols:
                continue
            op = "u"
            bases = Stamps(None, {c: s for c in cols if (s := state.stamps.get(c)) is not None})
        hlc = 0 if (op == "i" and gen == 0 and row_id in defaults) else clock.tick()
        stamp = (hlc, site)
        data = schema.encode_row(info, row, cols)
        if op == "u" and (gone := cleared_columns(tbl, row_id, data, stamp)):
            cleared.append(gone)
        entries.append(Entry(site, seq, hlc, tbl, row_id, op, gen, data, bases))
        seq += 1
        if op == "i":
            new_state = RowState(tbl, row_id, gen, True, Stamps(stamp), None)
        else:
            assert state is not None
            new_state = state.copy()
            for c in cols:
                new_state.stamps.set(c, stamp)
        new_state.scope = scope_of(session, tbl, row, scope_cache) or new_state.scope
        new_states.append(new_state)
    for key in removals:
        tbl, row_id = key
        info = tables[tbl]
        state = states.get(key)
        hlc = clock.tick()
        if state is None:
            gen, bases = 0, None
            new_state = RowState(tbl, row_id, 0, False, Stamps(), (hlc, site))
        elif not state.alive:
            continue
        else:
            gen, bases = state.gen, state.stamps.copy()
            new_state = state.copy()
            new_state.alive, new_state.stamps, new_state.deleted = False, Stamps(), (hlc, site)
        entries.append(Entry(site, seq, hlc, tbl, row_id, "d", gen, {}, bases))
        seq += 1
        new_states.append(new_state)
    if not entries:
        return entries
    redact(
        session, [(e.tbl, e.row_id) for e in entries if e.op == "d"], forget=True, cleared=cleared
    )
    insert_entries(session, entries)
    save_states(session, new_states, states.stored)
    clock.save()
    return entries


def stamp_new_rows(session: Session, tbl: str, rows: list[dict[str, Any]]) -> None:
    """Give rows about to be inserted in bulk their merge state inline (``store.inline_state``):
    the stamp of their insert, so that ``record_new_rows`` logs them with it and writes no
    ``sync_row`` entry, and nothing has to be folded afterwards (2.2 million rows at L: 20 s).

    Rows this database has seen before keep the general path (no inline state).
    """
    if not rows or known_rows(session, tbl, [str(row["id"]) for row in rows]):
        return
    clock = Clock(session)
    site = clock.site
    site_number = site_numbers(session, [site])[site]
    defaults = default_row_ids()
    for row in rows:
        row["sync_gen"] = 0
        row["sync_hlc"] = 0 if row["id"] in defaults else clock.tick()
        row["sync_site"] = site_number
    clock.save()


def record_new_rows(session: Session, tbl: str, rows: Sequence[dict[str, Any]]) -> int:
    """Log entries for rows just inserted in bulk, built from their values; returns how many.

    ``rows`` must hold every column as stored. Rows this database has seen before (a state in
    ``sync_row``, e.g. a natural id deleted earlier) take the general path of ``record``.
    """
    tbl = str(tbl)  # not SQLAlchemy's quoted_name: sqlite3 binds plain str fastest
    ids = [str(row["id"]) for row in rows]
    stamped = bool(rows) and rows[0].get("sync_hlc") is not None  # all or none: stamp_new_rows
    if not stamped and known_rows(session, tbl, ids):
        return len(record(session, {(tbl, row_id): Touched(False, True, None) for row_id in ids}))
    info = schema.tables()[tbl]
    clock = Clock(session)
    site = clock.site
    site_number = site_numbers(session, [site])[site]
    number = TABLE_NUMBERS[tbl]
    defaults = default_row_ids()
    courses = _session_courses(session, rows) if tbl == "attendance" else {}
    scope_column = "course_id" if tbl in ("course_session", "enrolment", "course_lock") else None
    columns = info.columns
    special: list[tuple[str, str, dict[Any, Any]]] = [
        (c, info.kinds[c], {}) for c in columns if info.kinds[c] not in ("str", "int")
    ]
    seq = next_seq(session, site)
    entries: list[dict[str, Any]] = []
    states: list[dict[str, Any]] = []
    for row in rows:
        row_id = row["id"]
        inline = row.get("sync_hlc")
        hlc = inline if inline is not None else 0 if row_id in defaults else clock.tick()
        data = {c: row[c] for c in columns}
        for column, kind, memo in special:
            value = data[column]
            if value is not None:
                encoded = memo.get(value)
                if encoded is None:
                    encoded = memo[value] = schema.encode(kind, value)
                data[column] = encoded
        entries.append(
            {
                "origin": site,
                "seq": seq,
                "hlc": hlc,
                "tbl": tbl,
                "row_id": row_id,
                "op": "i",
                "gen": 0,
                "data": _JSON.encode(data),
                "bases": "",
                "applied": True,
                "packed": None,
            }
        )
        seq += 1
        if scope_column is not None:
            scope = row.get(scope_column)
        elif courses:
            scope = courses.get(row.get("session_id") or "")
        else:
            scope = None
        if inline is not None:
            continue  # the state is in the row (``stamp_new_rows``)
        states.append(
            {
                "tbl": number,
                "row_id": row_id,
                "gen": 0,
                "alive": True,
                "hlc": hlc,
                "site": site_number,
                "stamps": None,
                "del_hlc": None,
                "del_site": None,
                "scope": scope,
            }
        )
    bulk_insert(session, change_table, entries)
    bulk_insert(session, row_table, states)
    clock.save()
    return len(entries)


def known_rows(session: Session, tbl: str, ids: Sequence[str]) -> set[str]:
    """The ids among ``ids`` that have a merge state here (alive or deleted)."""
    t = row_table
    query = select(t.c.row_id).where(
        t.c.tbl == TABLE_NUMBERS[tbl], t.c.row_id.in_(bindparam("ids", expanding=True))
    )
    found: set[str] = set()
    for part in chunks(ids, 900):
        found.update(session.execute(query, {"ids": list(part)}).scalars())
    return found


def _session_courses(session: Session, rows: Sequence[dict[str, Any]]) -> dict[str, str | None]:
    """Course of every session the attendance rows refer to, in a few queries."""
    table = schema.tables()["course_session"].table
    wanted = sorted({row["session_id"] for row in rows if row.get("session_id")})
    found: dict[str, str | None] = {}
    for part in chunks(wanted):
        query = select(table.c.id, table.c.course_id).where(table.c.id.in_(part))
        found.update((session_id, course_id) for session_id, course_id in session.execute(query))
    return found


@dataclass(frozen=True)
class Cleared:
    """Columns of one row that were cleared for data protection, each with the stamp of the
    clearing change: older values of them leave the log (``None``: every older entry)."""

    tbl: str
    row_id: str
    columns: dict[str, Stamp | None]


ERASED = "erased"
"""Status of a conflict whose values were removed (the person was erased, a consent withdrawn):
it stays in the list without personal data and can only be dismissed."""


def cleared_columns(
    tbl: str, row_id: str, values: dict[str, Any], stamp: Stamp | None
) -> Cleared | None:
    """The privacy columns (``schema.FORGET_WHEN_CLEARED``) that ``values`` set empty."""
    watched = schema.FORGET_WHEN_CLEARED.get(tbl)
    if not watched:
        return None
    gone = {c: stamp for c in sorted(watched) if c in values and schema.is_empty(values[c])}
    return Cleared(tbl, row_id, gone) if gone else None


def redact(
    session: Session,
    keys: list[tuple[str, str]],
    *,
    forget: bool,
    cleared: Sequence[Cleared] = (),
) -> None:
    """Remove personal data that is gone from the log and, where needed, from the conflict list.

    ``keys`` are deleted rows: the data of their older entries is replaced by ``{}`` (for a local
    delete, ``forget``, their conflicts and a deleted person's possible duplicates go as well, and
    conflicts naming the person keep no values). ``cleared`` are columns emptied for data
    protection: they are dropped from the row's older entries and from its conflicts. What
    travels afterwards is only that the row was deleted, or the empty value.
    An erased person and withdrawn data must not live on in the change log or in exports.
    """
    t = change_table
    by_table: dict[str, list[str]] = {}
    for tbl, row_id in keys:
        by_table.setdefault(tbl, []).append(row_id)
    for tbl, ids in by_table.items():
        for part in chunks(ids):
            session.execute(
                update(t)
                .where(and_(t.c.tbl == tbl, t.c.row_id.in_(part), t.c.op != "d"))
                .values(data="{}", packed=None)
            )
            if forget:
                c = conflict_table
                session.execute(delete(c).where(and_(c.c.tbl == tbl, c.c.row_id.in_(part))))
                if tbl == "volunteer":
                    d = duplicate_table
                    session.execute(
                        delete(d).where(or_(d.c.first_id.in_(part), d.c.second_id.in_(part)))
                    )
    if forget and by_table.get("volunteer"):
        scrub_conflicts(session, people=by_table["volunteer"])
    if cleared:
        _redact_columns(session, cleared)
        scrub_conflicts(session, cleared=cleared)


def _redact_columns(session: Session, cleared: Sequence[Cleared]) -> None:
    raw = raw_connection(session)
    changes: list[tuple[str, str, int]] = []
    for item in cleared:
        rows = raw.execute(
            "SELECT origin, seq, hlc, data, packed FROM sync_change "
            "WHERE tbl = ? AND row_id = ? AND op != 'd'",
            (item.tbl, item.row_id),
        ).fetchall()
        for origin, seq, hlc, data, packed in rows:
            values = json.loads(stored_data(data, packed))
            drop = [
                c
                for c, before in item.columns.items()
                if c in values and (before is None or (int(hlc), str(origin)) < before)
            ]
            if drop:
                kept = {c: v for c, v in values.items() if c not in drop}
                changes.append((_JSON.encode(kept), origin, seq))
    if changes:
        raw.executemany(  # stored plain again: the few redacted entries are not worth packing
            "UPDATE sync_change SET data = ?, packed = NULL WHERE origin = ? AND seq = ?", changes
        )


def scrub_conflicts(
    session: Session,
    *,
    rows: Iterable[tuple[str, str]] = (),
    people: Iterable[str] = (),
    cleared: Sequence[Cleared] = (),
) -> int:
    """Remove personal values from conflict entries; returns how many changed.

    ``rows``: every value of these rows' conflicts; ``people``: every conflict of these (erased)
    persons' files or naming them in its values; ``cleared``: these columns of these rows. The
    conflict itself stays (status ``erased`` once nothing is left to restore).
    """
    c = conflict_table
    targets: dict[int, frozenset[str] | None] = {}
    columns = (c.c.id, c.c.kind, c.c.col, c.c.kept, c.c.lost, c.c.snapshot, c.c.status)
    found: list[tuple[Any, frozenset[str] | None]] = []
    row_keys = list(rows)
    person_ids = sorted(set(people))
    for tbl, row_id in row_keys:
        found.extend(
            (r, None)
            for r in session.execute(
                select(*columns).where(and_(c.c.tbl == tbl, c.c.row_id == row_id))
            )
        )
    for person in person_ids:
        mentions = or_(
            and_(c.c.tbl == "volunteer", c.c.row_id == person),
            c.c.snapshot.contains(person),
            c.c.lost.contains(person),
            c.c.kept.contains(person),
        )
        found.extend((r, None) for r in session.execute(select(*columns).where(mentions)))
    for item in cleared:
        found.extend(
            (r, frozenset(item.columns))
            for r in session.execute(
                select(*columns).where(and_(c.c.tbl == item.tbl, c.c.row_id == item.row_id))
            )
        )
    rows_by_id: dict[int, Any] = {}
    for r, wanted in found:
        rows_by_id[r.id] = r
        if r.id not in targets:
            targets[r.id] = wanted
        elif (previous := targets[r.id]) is not None:
            targets[r.id] = None if wanted is None else previous | wanted
    changed = 0
    for conflict_id, cols in targets.items():
        values = scrubbed(rows_by_id[conflict_id], cols)
        if values:
            session.execute(update(c).where(c.c.id == conflict_id).values(**values))
            changed += 1
    return changed


def scrubbed(row: Any, columns: frozenset[str] | None) -> dict[str, Any]:
    """New values of one conflict entry without ``columns`` (``None``: without any value)."""
    if columns is None:
        values: dict[str, Any] = {"kept": "null", "lost": "null", "snapshot": ""}
        if row.status == "open":
            values["status"] = ERASED
        return {k: v for k, v in values.items() if getattr(row, k) != v}
    result: dict[str, Any] = {}
    if set(row.col.split(",")) & columns and row.kind in ("field", "unique"):
        result.update(kept="null", lost="null")
        if row.status == "open":
            result["status"] = ERASED
    for name in ("kept", "lost", "snapshot"):
        text = getattr(row, name)
        if name in result or not text or not text.startswith("{"):
            continue
        data = json.loads(text)
        if isinstance(data, dict) and columns & data.keys():
            rest = {k: v for k, v in data.items() if k not in columns}
            result[name] = (
                json.dumps(rest, ensure_ascii=False) if rest or name != "snapshot" else ""
            )
    return {k: v for k, v in result.items() if getattr(row, k) != v}


def sweep(session: Session) -> int:
    """Record rows that bypassed the ORM: present without state (inserts), gone while alive.

    Runs before every export and import, so the log is complete even for a database that had data
    before the exchange existed. A row with an inline state (``store.inline_state``) has one; a
    state never vanishes with its row (the delete trigger keeps it in ``sync_row``).
    """
    touched: dict[tuple[str, str], Touched] = {}
    for info in schema.tables().values():
        appeared, vanished = _differences(session, info)
        for row_id in appeared:
            touched[(info.name, row_id)] = Touched(False, True, None)
        for row_id in vanished:
            touched[(info.name, row_id)] = Touched(True, False, None)
    if not touched:
        return 0
    return len(record(session, touched))


_WALK_CHUNK = 20_000

_WALK_SHARE = 0.25
"""SQLite: the share of a table's rows with an alive state in ``sync_row`` from which the sweep
walks both sides in key order (below it, nearly every row holds its state inline)."""


def _differences(session: Session, info: schema.TableInfo) -> tuple[list[str], list[str]]:
    """The ids of ``info``'s rows without a state (neither inline nor an alive one in
    ``sync_row``), and of alive states in ``sync_row`` without a row.

    When most of the table's states are inline (after a fold), the rows are read in table
    order and only those without an inline state are looked up in ``sync_row``, whose few alive
    states are looked up in the table. Otherwise (SQLite) both sides are walked in key order.
    """
    raw = raw_connection(session)
    name = session.get_bind().dialect.identifier_preparer.quote(info.name)
    number = TABLE_NUMBERS[info.name]
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        states = raw.execute(
            "SELECT count(*) FROM sync_row WHERE tbl = ? AND alive", (number,)
        ).fetchone()[0]
        rows = raw.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        if states >= rows * _WALK_SHARE:
            return _walk(session, info)
    appeared = [
        row[0]
        for row in raw.execute(
            f"SELECT u.id FROM {name} u WHERE u.sync_hlc IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM sync_row r WHERE r.tbl = ? AND r.row_id = u.id AND r.alive = TRUE)",
            (number,),
        )
    ]
    vanished = [
        row[0]
        for row in raw.execute(
            "SELECT r.row_id FROM sync_row r WHERE r.tbl = ? AND r.alive = TRUE AND NOT EXISTS "
            f"(SELECT 1 FROM {name} u WHERE u.id = r.row_id)",
            (number,),
        )
    ]
    _bind, read = key_io(session)
    return sorted(read(k) for k in appeared), sorted(read(s) for s in vanished)


def _walk(session: Session, info: schema.TableInfo) -> tuple[list[str], list[str]]:
    """SQLite: the ids of ``info``'s rows and of its alive states in ``sync_row``, read in key
    order side by side through the driver; a row found only on the rows' side may hold its
    state inline (looked up afterwards).

    Both hold an id in the same stored form (16 bytes for a UUID, text otherwise), so a chunk
    of keys that equals the chunk of states is compared as two lists, without Python per row;
    only a chunk that differs is walked id by id. (SQL would look every key up in the other
    index: slower at 2 million rows.)
    """
    raw = raw_connection(session)
    name = session.get_bind().dialect.identifier_preparer.quote(info.name)
    keys = raw.execute(f"SELECT id FROM {name} ORDER BY id")
    states = raw.cursor()
    states.execute(
        "SELECT row_id FROM sync_row WHERE tbl = ? AND alive ORDER BY row_id",
        (TABLE_NUMBERS[info.name],),
    )
    while True:
        key_part = keys.fetchmany(_WALK_CHUNK)
        state_part = states.fetchmany(_WALK_CHUNK)
        if key_part != state_part:
            break
        if not key_part:
            return [], []
    appeared: list[Any] = []
    vanished: list[Any] = []
    key_iter = (row[0] for row in itertools.chain(key_part, keys))
    key = next(key_iter, None)
    for (state,) in itertools.chain(state_part, states):
        while key is not None and _order(key) < _order(state):
            appeared.append(key)
            key = next(key_iter, None)
        if key == state:
            key = next(key_iter, None)
        else:
            vanished.append(state)
    while key is not None:
        appeared.append(key)
        key = next(key_iter, None)
    inline: set[Any] = set()
    for part in chunks(appeared):
        inline.update(
            row[0]
            for row in raw.execute(
                f"SELECT id FROM {name} WHERE sync_hlc IS NOT NULL "
                f"AND id IN ({', '.join('?' * len(part))})",
                part,
            )
        )
    _bind, read = key_io(session)
    return [read(k) for k in appeared if k not in inline], [read(s) for s in vanished]


def _order(stored: Any) -> tuple[bool, Any]:
    """A stored id's place in SQLite's order: every text before every blob."""
    return type(stored) is bytes, stored


__all__ = ["get_setting", "install_capture", "new_site_id", "record", "record_new_rows", "sweep"]
