"""Writing an exchange file: full, delta (what a peer has not seen) or one course package.

The body is streamed from the database into the encrypted file; nothing is held in memory.
"""

from __future__ import annotations

import heapq
import json
import logging
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.orm import Session

from lotsen_desktop import __version__
from lotsen_desktop.errors import LotsenError, NotFoundError, ValidationError
from lotsen_desktop.fileformat import (
    FORMAT_VERSION,
    SUFFIX,
    SealedWriter,
    check_new_passphrase,
)
from lotsen_desktop.i18n import _
from lotsen_desktop.store.database import Store, head_revision
from lotsen_desktop.store.log_packing import stored_data
from lotsen_desktop.store.models import OFFICE_ID, Office
from lotsen_desktop.store.sync_tables import (
    TABLE_NAMES,
    TABLE_NUMBERS,
    SyncPeer,
    change_table,
    exchange_table,
    peer_table,
    row_table,
)
from lotsen_desktop.sync import schema
from lotsen_desktop.sync.capture import APPLYING, sweep
from lotsen_desktop.sync.clock import (
    HLC_KEY,
    OFFICE_KEY,
    SITE_KEY,
    SITE_NAME_KEY,
    get_setting,
    set_setting,
    wall_ms,
)
from lotsen_desktop.sync.exchange.layout import CLOSE, COURSE_COLUMNS, MIDDLE, OPEN, now
from lotsen_desktop.sync.exchange.peers import find_peer, known_of
from lotsen_desktop.sync.exchange.results import ExportResult
from lotsen_desktop.sync.state import (
    Stamps,
    chunks,
    count_states,
    load_base,
    raw_connection,
    site_ids,
    stored_stamps,
    version_vector,
)
from lotsen_desktop.tasks import Cancelled, ProgressCallback

log = logging.getLogger(__name__)


def _ensure_office_id(session: Session) -> str:
    office_id = get_setting(session, OFFICE_KEY)
    if not office_id:
        office_id = str(uuid.uuid4())
        set_setting(session, OFFICE_KEY, office_id)
    return office_id


def _prepare(store: Store) -> None:
    """Record rows that bypassed capture and make sure the office id exists (committed)."""
    with store.uow() as uow:
        uow.session.info[APPLYING] = True
        sweep(uow.session)
        _ensure_office_id(uow.session)
        uow.commit()


def _course_snapshot(session: Session, course_id: str) -> tuple[list[list[Any]], str]:
    tables = schema.tables()
    course_table = tables["course"].table
    course = session.execute(select(course_table).where(course_table.c.id == course_id)).first()
    if course is None:
        raise NotFoundError(_("No course with id {id}.").format(id=course_id))
    keys: list[tuple[str, str]] = [("course", course_id), ("module", course.module_id)]
    session_table = tables["course_session"].table
    session_ids = list(
        session.execute(
            select(session_table.c.id).where(session_table.c.course_id == course_id)
        ).scalars()
    )
    keys += [("course_session", s) for s in session_ids]
    enrolment_table = tables["enrolment"].table
    enrolled = session.execute(
        select(enrolment_table.c.id, enrolment_table.c.volunteer_id).where(
            enrolment_table.c.course_id == course_id
        )
    ).all()
    keys += [("enrolment", e.id) for e in enrolled]
    lock_table = tables["course_lock"].table
    keys += [
        ("course_lock", row_id)
        for row_id in session.execute(
            select(lock_table.c.id).where(lock_table.c.course_id == course_id)
        ).scalars()
    ]
    keys += [("volunteer", e.volunteer_id) for e in enrolled]
    attendance_table = tables["attendance"].table
    for part in chunks(session_ids):
        keys += [
            ("attendance", a)
            for a in session.execute(
                select(attendance_table.c.id).where(attendance_table.c.session_id.in_(part))
            ).scalars()
        ]
    from lotsen_desktop.sync.capture import read_rows
    from lotsen_desktop.sync.state import load_states

    states = load_states(session, keys)
    items: list[list[Any]] = []
    by_table: dict[str, list[str]] = {}
    for tbl, row_id in keys:
        by_table.setdefault(tbl, []).append(row_id)
    for tbl in sorted(by_table, key=schema.table_order):
        info = tables[tbl]
        allowed = COURSE_COLUMNS[tbl]
        columns = allowed or tuple(c for c in info.columns if c != "changed_by")
        rows = read_rows(session, tbl, sorted(set(by_table[tbl])), columns)
        for row_id, row in sorted(rows.items()):
            state = states.get((tbl, row_id))
            stamps = state.stamps if state else Stamps((0, ""))
            fields = {
                c: [schema.encode(info.kinds[c], row[c]), *(stamps.get(c) or (0, ""))]
                for c in columns
            }
            items.append([tbl, row_id, state.gen if state else 0, True, fields, None])
    r = row_table
    query = select(r).where(and_(r.c.scope == course_id, r.c.alive.is_(False)))
    sites = site_ids(session)
    for tomb in session.execute(query):
        tbl = TABLE_NAMES[int(tomb.tbl)]
        if tbl in ("course_session", "enrolment", "attendance"):
            deleted = (
                [tomb.del_hlc, sites[int(tomb.del_site)]] if tomb.del_hlc is not None else None
            )
            items.append([tbl, tomb.row_id, tomb.gen, False, {}, deleted])
    return items, str(course.title)


def _entry_lines(session: Session, floor: dict[str, int], origins: list[str]) -> Iterator[bytes]:
    """The log entries above ``floor``, merged across origins in stamp order, as file lines.

    Stored JSON is copied as it is; within an origin, seq order is stamp order.
    """
    raw = raw_connection(session)
    cursors = []
    for origin in origins:
        cursor = raw.execute(
            "SELECT hlc, origin, seq, tbl, row_id, op, gen, data, bases, packed FROM sync_change "
            "WHERE origin = ? AND seq > ? ORDER BY seq",
            (origin, floor.get(origin, 0)),
        )
        cursors.append(cursor)
    dumps = json.dumps
    for hlc, origin, seq, tbl, row_id, op, gen, data, bases, packed in heapq.merge(*cursors):
        if packed is not None:
            data = stored_data(data, packed)
        yield (
            f"[{dumps(origin)},{seq},{hlc},{dumps(tbl)},{dumps(row_id)},{dumps(op)},{gen},"
            f"{data or '{}'},{bases or 'null'}]"
        ).encode()


def _state_lines(session: Session) -> Iterator[bytes]:
    """Every row's state with its values and stamps (a full export after compaction)."""
    r = row_table
    sites = site_ids(session)
    for info in schema.tables().values():
        table = info.table
        query = (
            select(
                r.c.row_id,
                r.c.gen,
                r.c.alive,
                r.c.hlc,
                r.c.site,
                r.c.stamps,
                r.c.del_hlc,
                r.c.del_site,
                table.c.id.label("_present"),
                *(table.c[c] for c in info.columns),
            )
            .select_from(r.outerjoin(table, table.c.id == r.c.row_id))
            .where(r.c.tbl == TABLE_NUMBERS[info.name])
            .order_by(r.c.row_id)
        )
        for row in session.execute(query.execution_options(yield_per=2000)):
            m = row._mapping
            if row.alive and row._present is None:
                continue
            if row.alive:
                stamps = stored_stamps(row.hlc, row.site, row.stamps, sites)
                fields = {
                    c: [schema.encode(info.kinds[c], m[c]), *(stamps.get(c) or (0, ""))]
                    for c in info.columns
                }
                item = [info.name, row.row_id, row.gen, True, fields, None]
            else:
                deleted = (
                    [row.del_hlc, sites[int(row.del_site)]] if row.del_hlc is not None else None
                )
                item = [info.name, row.row_id, row.gen, False, {}, deleted]
            yield json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        # the rows whose state is inline (``store.inline_state``) and not in sync_row
        inline = (
            select(
                table.c.id,
                table.c.sync_gen,
                table.c.sync_hlc,
                table.c.sync_site,
                *(table.c[c] for c in info.columns),
            )
            .where(
                table.c.sync_hlc.is_not(None),
                ~select(r.c.row_id)
                .where(r.c.tbl == TABLE_NUMBERS[info.name], r.c.row_id == table.c.id)
                .exists(),
            )
            .order_by(table.c.id)
        )
        for row in session.execute(inline.execution_options(yield_per=2000)):
            m = row._mapping
            stamp = [int(row.sync_hlc), sites[int(row.sync_site)]]
            fields = {c: [schema.encode(info.kinds[c], m[c]), *stamp] for c in info.columns}
            item = [info.name, row.id, row.sync_gen, True, fields, None]
            yield json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _count_above(session: Session, floor: dict[str, int], origins: list[str]) -> int:
    t = change_table
    total = 0
    for origin in origins:
        total += int(
            session.execute(
                select(func.count()).where(
                    and_(t.c.origin == origin, t.c.seq > floor.get(origin, 0))
                )
            ).scalar()
            or 0
        )
    return total


def _summary(
    kind: str, course: dict[str, str] | None, target: Any, vv: dict[str, int]
) -> dict[str, Any]:
    """What the history keeps of an export: a course package's title; for a full export to a
    machine that is not a partner yet, what it holds (automatic compaction keeps the changes
    after it for a while, so that machine's first delta can still be built)."""
    if course is not None:
        return {"course": course["title"]}
    if kind == "full" and target is None:
        return {"vv": vv}
    return {}


def export_file(
    store: Store,
    out: str | Path,
    *,
    passphrase: str,
    full: bool = False,
    peer: str | None = None,
    course_id: str | None = None,
    kdf_n: int | None = None,
    progress: ProgressCallback | None = None,
) -> ExportResult:
    """Write one encrypted ``.lotsen`` file: full, a delta for a peer, or a course package.

    The file is streamed from the database to disk. A delta that needs changes compaction has
    already folded away becomes a full export (``ExportResult.notice`` says so).
    ``kdf_n`` lowers the scrypt cost (tests only); the file records what it used.
    """
    chosen = sum(1 for x in (full, peer is not None, course_id is not None) if x)
    if chosen != 1:
        raise ValidationError(_("Choose exactly one of: full, a partner, or a course."))
    check_new_passphrase(passphrase)
    path = Path(out).expanduser()
    if path.suffix.lower() != SUFFIX:
        path = path.with_name(path.name + SUFFIX)
    if not path.parent.is_dir():
        raise ValidationError(
            _("The folder {folder} does not exist.").format(folder=str(path.parent)), field="out"
        )
    target = find_peer(store, peer) if peer is not None else None
    _prepare(store)
    notice = ""
    with store.new_session() as session:
        site = get_setting(session, SITE_KEY)
        vv = version_vector(session)
        base = load_base(session)
        origins = sorted(vv)
        since: dict[str, int] = {}
        snapshot: list[list[Any]] = []
        course: dict[str, str] | None = None
        with_states = False
        if course_id is not None:
            kind = "course"
            snapshot, title = _course_snapshot(session, course_id)
            course = {"id": course_id, "title": title}
            changes = 0
            states = len(snapshot)
        else:
            kind = "full" if full else "delta"
            if target is not None:
                peer_row = session.get(SyncPeer, target.site_id)
                since = known_of(peer_row) if peer_row is not None else {}
                if any(since.get(o, 0) < b for o, b in base.items()):
                    kind, since = "full", {}
                    notice = _(
                        "This machine has already compacted older changes that {name} has not "
                        "received. A full export was written instead of a delta; {name} imports "
                        "it like any other file."
                    ).format(name=target.name)
            floor = base if kind == "full" else since
            with_states = kind == "full" and any(base.values())
            changes = _count_above(session, floor, origins)
            states = count_states(session) if with_states else 0
        office = session.get(Office, OFFICE_ID)
        manifest: dict[str, Any] = {
            "format": FORMAT_VERSION,
            "schema": head_revision(),
            "app": __version__,
            "kind": kind,
            "sender": {"site": site, "name": get_setting(session, SITE_NAME_KEY)},
            "office": {
                "id": get_setting(session, OFFICE_KEY),
                "name": office.name if office is not None else "",
            },
            "recipient": {"site": target.site_id, "name": target.name} if target else None,
            "since": {k: v for k, v in since.items() if k in vv},
            "base": {k: v for k, v in base.items() if v} if with_states else {},
            "vv": vv,
            "course": course,
            "wall_ms": wall_ms(),
            "hlc": int(get_setting(session, HLC_KEY, "0") or 0),
            "counts": {"changes": changes, "snapshot": states},
        }
        total = max(changes + states, 1)
        done = 0
        writer = SealedWriter(path, manifest, passphrase, kdf_n)
        try:
            writer.write(OPEN + b"\n")
            entry_lines: Iterator[bytes] = iter(())
            if kind != "course":
                entry_lines = _entry_lines(session, since if kind == "delta" else base, origins)
            state_lines = (
                _state_lines(session)
                if with_states
                else (
                    json.dumps(i, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
                    for i in snapshot
                )
            )
            for lines, separator in ((entry_lines, MIDDLE), (state_lines, CLOSE)):
                first = True
                for line in lines:
                    writer.write(line + b"\n" if first else b"," + line + b"\n")
                    first = False
                    done += 1
                    if progress is not None and done % 2000 == 0 and not progress(done, total):
                        raise Cancelled(_("Cancelled. No file was written."))
                writer.write(separator + b"\n")
            if done != changes + states:
                raise LotsenError(_("The database changed during the export. Please try again."))
            if progress is not None and not progress(total, total):
                raise Cancelled(_("Cancelled. No file was written."))
            size = writer.finish()
        except BaseException:
            writer.abort()
            raise
    with store.uow() as uow:
        uow.session.info[APPLYING] = True
        session = uow.session
        session.execute(
            insert(exchange_table).values(
                at=now(),
                direction="export",
                kind=kind,
                peer_site=target.site_id if target else "",
                peer_name=target.name if target else "",
                file_name=path.name,
                changes=changes + states,
                summary=json.dumps(_summary(kind, course, target, vv)),
                conflicts=0,
                digest="",
            )
        )
        if target is not None:
            session.execute(
                update(peer_table)
                .where(peer_table.c.site_id == target.site_id)
                .values(last_export_at=now())
            )
        uow.commit()
    log.info("exported %s file with %d changes", kind, changes + states)
    return ExportResult(path, kind, changes, states, target.name if target else "", size, notice)
