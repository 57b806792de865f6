"""Use cases of the exchange: export a file, import a file (or preview it), peers and history.

Plain Python for the CLI and the window; nothing here imports Qt. Long calls take
``progress(done, total) -> bool`` (return ``False`` to cancel).
"""

from __future__ import annotations

import heapq
import itertools
import json
import logging
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.orm import Session

from lotsen_desktop import __version__
from lotsen_desktop.errors import LotsenError, NotFoundError, ValidationError
from lotsen_desktop.i18n import _
from lotsen_desktop.services.setup import OFFICE_ID
from lotsen_desktop.store.database import Store, _known_revisions, head_revision
from lotsen_desktop.store.models import Office
from lotsen_desktop.sync import legacy, schema
from lotsen_desktop.sync.capture import APPLYING, sweep
from lotsen_desktop.sync.clock import (
    DAY_MS,
    HLC_KEY,
    OFFICE_KEY,
    SITE_KEY,
    SITE_NAME_KEY,
    get_setting,
    physical_ms,
    set_setting,
    wall_ms,
)
from lotsen_desktop.sync.fileformat import (
    DEFAULT_LIMITS,
    FORMAT_VERSION,
    SUFFIX,
    Limits,
    SealedWriter,
    SyncFileError,
    bomb,
    check_new_passphrase,
    damaged,
    open_file,
)
from lotsen_desktop.sync.merge import Cancelled, Part, Progress, SnapshotItem, merge_parts
from lotsen_desktop.sync.models import (
    SyncPeer,
    change_table,
    exchange_table,
    peer_table,
    row_table,
)
from lotsen_desktop.sync.state import (
    COMPACTED_OWN_KEY,
    Entry,
    Stamps,
    chunks,
    load_base,
    raw_connection,
    save_base,
    version_vector,
)
from lotsen_desktop.sync.summary import describe

log = logging.getLogger(__name__)

KINDS = ("full", "delta", "course")

COURSE_COLUMNS: dict[str, tuple[str, ...] | None] = {
    "module": None,
    "course": None,
    "course_session": None,
    "enrolment": None,
    "attendance": None,
    "volunteer": ("given_name", "family_name", "created_at", "updated_at"),
}
"""What a course package may carry (``None``: every column but ``changed_by``). Nothing else."""

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# ------------------------------------------------------------------------------------- results
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


# ------------------------------------------------------------------------------------- site
def site_info(store: Store) -> SiteInfo:
    with store.new_session() as session:
        total = session.execute(select(func.count()).select_from(change_table)).scalar()
        return SiteInfo(
            get_setting(session, SITE_KEY),
            get_setting(session, SITE_NAME_KEY),
            get_setting(session, OFFICE_KEY),
            int(total or 0),
        )


def set_site_name(store: Store, name: str) -> None:
    """The name other machines see for this one ("Laptop Kursleitung")."""
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise ValidationError(_("Please enter a name of at most 200 characters."), field="name")
    with store.new_session() as session, session.begin():
        set_setting(session, SITE_NAME_KEY, name)


def data_digest(store: Store) -> str:
    from lotsen_desktop.services.digest import compute_digest

    return compute_digest(store)


# ------------------------------------------------------------------------------------- peers
def _known(peer: Any) -> dict[str, int]:
    try:
        data = json.loads(peer.known or "{}")
    except ValueError:
        return {}
    return {str(k): int(v) for k, v in data.items()}


def list_peers(store: Store) -> list[PeerRow]:
    with store.new_session() as session:
        vv = version_vector(session)
        rows = []
        for peer in session.scalars(select(SyncPeer).order_by(SyncPeer.name, SyncPeer.site_id)):
            known = _known(peer)
            unseen = sum(max(0, top - known.get(origin, 0)) for origin, top in vv.items())
            rows.append(
                PeerRow(peer.site_id, peer.name, peer.last_import_at, peer.last_export_at, unseen)
            )
        return rows


def find_peer(store: Store, text: str) -> PeerRow:
    """A peer by name (case-insensitive) or by the start of its site id."""
    wanted = text.strip().casefold()
    peers = list_peers(store)
    matches = [p for p in peers if p.name.casefold() == wanted]
    if not matches and len(wanted) >= 4:
        matches = [p for p in peers if p.site_id.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFoundError(
            _(
                "No exchange partner named {name}. Partners appear after their first file was "
                "imported; use a full export for a new machine."
            ).format(name=text)
        )
    raise ValidationError(
        _("Several partners are named {name}; please give the start of the site id.").format(
            name=text
        )
    )


# ------------------------------------------------------------------------------------- export
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
    for tomb in session.execute(query):
        if tomb.tbl in ("course_session", "enrolment", "attendance"):
            items.append(
                [tomb.tbl, tomb.row_id, tomb.gen, False, {}, [tomb.del_hlc, tomb.del_site]]
            )
    return items, str(course.title)


_OPEN = b'{"changes":['
_MIDDLE = b'],"snapshot":['
_CLOSE = b"]}"
_LINE_MAX = 64 * 1024 * 1024
_STREAM_BATCH = 5000


def _entry_lines(session: Session, floor: dict[str, int], origins: list[str]) -> Iterator[bytes]:
    """The log entries above ``floor``, merged across origins in stamp order, as file lines.

    Stored JSON is copied as it is; within an origin, seq order is stamp order.
    """
    raw = raw_connection(session)
    cursors = []
    for origin in origins:
        cursor = raw.execute(
            "SELECT hlc, origin, seq, tbl, row_id, op, gen, data, bases FROM sync_change "
            "WHERE origin = ? AND seq > ? ORDER BY seq",
            (origin, floor.get(origin, 0)),
        )
        cursors.append(cursor)
    dumps = json.dumps
    for hlc, origin, seq, tbl, row_id, op, gen, data, bases in heapq.merge(*cursors):
        yield (
            f"[{dumps(origin)},{seq},{hlc},{dumps(tbl)},{dumps(row_id)},{dumps(op)},{gen},"
            f"{data or '{}'},{bases or 'null'}]"
        ).encode()


def _state_lines(session: Session) -> Iterator[bytes]:
    """Every row's state with its values and stamps (a full export after compaction)."""
    r = row_table
    for info in schema.tables().values():
        table = info.table
        query = (
            select(
                r.c.row_id,
                r.c.gen,
                r.c.alive,
                r.c.stamps,
                r.c.del_hlc,
                r.c.del_site,
                table.c.id.label("_present"),
                *(table.c[c] for c in info.columns),
            )
            .select_from(r.outerjoin(table, table.c.id == r.c.row_id))
            .where(r.c.tbl == info.name)
            .order_by(r.c.row_id)
        )
        for row in session.execute(query.execution_options(yield_per=2000)):
            m = row._mapping
            if row.alive and row._present is None:
                continue
            if row.alive:
                stamps = Stamps.loads(row.stamps)
                fields = {
                    c: [schema.encode(info.kinds[c], m[c]), *(stamps.get(c) or (0, ""))]
                    for c in info.columns
                }
                item = [info.name, row.row_id, row.gen, True, fields, None]
            else:
                deleted = [row.del_hlc, row.del_site] if row.del_hlc is not None else None
                item = [info.name, row.row_id, row.gen, False, {}, deleted]
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


def export_file(
    store: Store,
    out: str | Path,
    *,
    passphrase: str,
    full: bool = False,
    peer: str | None = None,
    course_id: str | None = None,
    kdf_n: int | None = None,
    progress: Progress | None = None,
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
                since = _known(peer_row) if peer_row is not None else {}
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
            states = (
                int(session.execute(select(func.count()).select_from(row_table)).scalar() or 0)
                if with_states
                else 0
            )
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
            writer.write(_OPEN + b"\n")
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
            for lines, separator in ((entry_lines, _MIDDLE), (state_lines, _CLOSE)):
                first = True
                for line in lines:
                    writer.write(line + b"\n" if first else b"," + line + b"\n")
                    first = False
                    done += 1
                    if progress is not None and done % 2000 == 0 and not progress(done, total):
                        raise LotsenError(_("Cancelled. No file was written."))
                writer.write(separator + b"\n")
            if done != changes + states:
                raise LotsenError(_("The database changed during the export. Please try again."))
            if progress is not None and not progress(total, total):
                raise LotsenError(_("Cancelled. No file was written."))
            size = writer.finish()
        except BaseException:
            writer.abort()
            raise
    with store.uow() as uow:
        uow.session.info[APPLYING] = True
        session = uow.session
        session.execute(
            insert(exchange_table).values(
                at=_now(),
                direction="export",
                kind=kind,
                peer_site=target.site_id if target else "",
                peer_name=target.name if target else "",
                file_name=path.name,
                changes=changes + states,
                summary=json.dumps({"course": course["title"]} if course else {}),
                conflicts=0,
                digest="",
            )
        )
        if target is not None:
            session.execute(
                update(peer_table)
                .where(peer_table.c.site_id == target.site_id)
                .values(last_export_at=_now())
            )
        uow.commit()
    log.info("exported %s file with %d changes", kind, changes + states)
    return ExportResult(path, kind, changes, states, target.name if target else "", size, notice)


# ------------------------------------------------------------------------------------- import
@dataclass
class Parsed:
    """A file whose password and manifest were checked; applying it streams the rest again."""

    manifest: dict[str, Any]
    path: Path
    passphrase: str = field(repr=False, default="")
    limits: Limits = DEFAULT_LIMITS


def _stamp(value: Any) -> tuple[int, str]:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or not isinstance(value[1], str)
        or value[0] < 0
    ):
        raise damaged()
    return (value[0], value[1])


def _check_values(tbl: str, data: Any, allowed: tuple[str, ...] | None = None) -> dict[str, Any]:
    info = schema.tables()[tbl]
    if not isinstance(data, dict):
        raise damaged()
    columns = allowed if allowed is not None else info.columns
    for col, value in data.items():
        if col not in columns:
            raise _newer_schema("?")
        try:
            schema.decode_value(info, col, value)
        except schema.BadValue as error:
            raise damaged() from error
    return data


def _newer_schema(revision: str) -> SyncFileError:
    return SyncFileError(
        _(
            "The exchange file was written by a newer version of Lotsen Desktop (database "
            "schema {revision}). Please update this program first."
        ).format(revision=revision)
    )


def _parse_manifest(manifest: dict[str, Any]) -> None:
    try:
        if manifest["format"] not in (1, 2) or manifest["kind"] not in KINDS:
            raise damaged()
        revision = manifest["schema"]
        if not isinstance(revision, str):
            raise damaged()
        if revision not in _known_revisions():
            raise _newer_schema(revision)
        sender = manifest["sender"]
        office = manifest["office"]
        if not (isinstance(sender, dict) and isinstance(sender.get("site"), str)):
            raise damaged()
        if not (isinstance(office, dict) and isinstance(office.get("id"), str)):
            raise damaged()
        for key in ("vv", "since", "base"):
            vector = manifest.get(key, {})
            if not isinstance(vector, dict) or not all(
                isinstance(k, str) and isinstance(v, int) for k, v in vector.items()
            ):
                raise damaged()
    except (KeyError, TypeError) as error:
        raise damaged() from error


def _check_entry(item: Any, tables: dict[str, schema.TableInfo], revision: str) -> Entry:
    if not isinstance(item, list) or len(item) != 9:
        raise damaged()
    origin, seq, hlc, tbl, row_id, op, gen, data, bases = item
    if not (
        isinstance(origin, str)
        and _UUID.match(origin)
        and isinstance(seq, int)
        and seq >= 1
        and isinstance(hlc, int)
        and hlc >= 0
        and isinstance(row_id, str)
        and 0 < len(row_id) <= 36
        and op in ("i", "u", "d")
        and isinstance(gen, int)
        and gen >= 0
    ):
        raise damaged()
    if tbl not in tables:
        raise _newer_schema(revision)
    values = _check_values(tbl, data)
    if op == "d" and values:
        raise damaged()
    if bases is not None:
        if not isinstance(bases, dict):
            raise damaged()
        for stamp in bases.values():
            _stamp(stamp)
    return _entry(item)


def _entry(item: list[Any]) -> Entry:
    """An entry from a checked file item."""
    origin, seq, hlc, tbl, row_id, op, gen, data, bases = item
    stamps: Stamps | None = None
    if bases is not None:
        default = bases.get("*")
        stamps = Stamps(
            (default[0], default[1]) if default else None,
            {c: (s[0], s[1]) for c, s in bases.items() if c != "*"},
        )
    return Entry(origin, seq, hlc, tbl, row_id, op, gen, data, stamps)


def _check_item(item: Any, tables: dict[str, schema.TableInfo], kind: str) -> SnapshotItem:
    if not isinstance(item, list) or len(item) != 6:
        raise damaged()
    tbl, row_id, gen, alive, fields, deleted = item
    allowed_tables = COURSE_COLUMNS if kind == "course" else tables
    if tbl not in allowed_tables or not isinstance(row_id, str) or not 0 < len(row_id) <= 36:
        raise damaged()
    if not isinstance(gen, int) or gen < 0 or not isinstance(alive, bool):
        raise damaged()
    if not isinstance(fields, dict):
        raise damaged()
    info = tables[tbl]
    if kind == "course":
        allowed = COURSE_COLUMNS[tbl] or tuple(c for c in info.columns if c != "changed_by")
    else:
        allowed = info.columns
    checked: dict[str, tuple[Any, tuple[int, str]]] = {}
    for col, cell in fields.items():
        if col not in allowed or not isinstance(cell, list) or len(cell) != 3:
            raise damaged()
        try:
            schema.decode_value(info, col, cell[0])
        except schema.BadValue as error:
            raise damaged() from error
        checked[col] = (cell[0], _stamp(cell[1:]))
    if alive and tbl == "volunteer" and not {"given_name", "family_name"} <= set(checked):
        raise damaged()
    return SnapshotItem(tbl, row_id, gen, alive, checked, _stamp(deleted) if deleted else None)


def _state(item: list[Any]) -> SnapshotItem:
    """A row state from a checked file item."""
    tbl, row_id, gen, alive, fields, deleted = item
    cells = {c: (cell[0], (cell[1], cell[2])) for c, cell in fields.items()}
    return SnapshotItem(
        tbl, row_id, gen, alive, cells, (deleted[0], deleted[1]) if deleted else None
    )


def _raw_items(pieces: Iterator[bytes], limits: Limits) -> Iterator[tuple[str, Any, bytes | None]]:
    """``("c", change, text)`` and ``("s", state, text)`` in file order, one line at a time.

    Files written by this version have one item per line; any other layout (older files, small
    hand-made ones) is decoded as a whole within the size limit.
    """
    head = b""
    for piece in pieces:
        head += piece
        if len(head) > len(_OPEN):
            break
    if head.startswith(_OPEN + b"\n"):
        yield from _line_items(itertools.chain([head[len(_OPEN) + 1 :]], pieces))
        return
    parts, size = [head], len(head)
    for piece in pieces:
        size += len(piece)
        if size > limits.max_plain_bytes:
            raise bomb()
        parts.append(piece)
    try:
        body = json.loads(b"".join(parts).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise damaged() from error
    if not isinstance(body, dict):
        raise damaged()
    changes, states = body.get("changes"), body.get("snapshot")
    if not isinstance(changes, list) or not isinstance(states, list):
        raise damaged()
    del parts, body
    for item in changes:
        yield "c", item, None
    for item in states:
        yield "s", item, None


def _line_items(pieces: Iterator[bytes]) -> Iterator[tuple[str, Any, bytes | None]]:
    section, closed, tail = "c", False, b""
    for piece in pieces:
        lines = (tail + piece).split(b"\n")
        tail = lines.pop()
        if len(tail) > _LINE_MAX:
            raise damaged()
        for line in lines:
            if not line:
                continue
            if closed:
                raise damaged()
            if line == _MIDDLE and section == "c":
                section = "s"
                continue
            if line == _CLOSE and section == "s":
                closed = True
                continue
            text = line[1:] if line.startswith(b",") else line
            try:
                yield section, json.loads(text), text
            except (UnicodeDecodeError, ValueError) as error:
                raise damaged() from error
    if tail.strip() or not closed:
        raise damaged()


def _dumps(item: Any) -> str:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":"))


class _Staging:
    """Received changes and states in temporary tables, read back grouped by row.

    The file is read once and checked while it is staged; the merge then takes all entries of a
    few thousand rows at a time (parents' tables first), so memory does not grow with the file.
    """

    def __init__(self, session: Session) -> None:
        self.raw = raw_connection(session)
        self.raw.execute(
            "CREATE TEMP TABLE IF NOT EXISTS sync_stage_change (ord INTEGER, row_id TEXT, "
            "hlc INTEGER, origin TEXT, seq INTEGER, body TEXT)"
        )
        self.raw.execute(
            "CREATE TEMP TABLE IF NOT EXISTS sync_stage_state (ord INTEGER, row_id TEXT, body TEXT)"
        )
        self.raw.execute("DELETE FROM temp.sync_stage_change")
        self.raw.execute("DELETE FROM temp.sync_stage_state")
        self._changes: list[tuple[Any, ...]] = []
        self._states: list[tuple[Any, ...]] = []

    def add_change(self, entry: Entry, item: list[Any], text: bytes | None) -> None:
        body = text.decode("utf-8") if text is not None else _dumps(item)
        order = schema.table_order(entry.tbl)
        self._changes.append((order, entry.row_id, entry.hlc, entry.origin, entry.seq, body))
        if len(self._changes) >= _STREAM_BATCH:
            self.flush()

    def add_state(self, state: SnapshotItem, item: list[Any], text: bytes | None) -> None:
        body = text.decode("utf-8") if text is not None else _dumps(item)
        self._states.append((schema.table_order(state.tbl), state.row_id, body))
        if len(self._states) >= _STREAM_BATCH:
            self.flush()

    def flush(self) -> None:
        if self._changes:
            self.raw.executemany(
                "INSERT INTO temp.sync_stage_change VALUES (?, ?, ?, ?, ?, ?)", self._changes
            )
            self._changes = []
        if self._states:
            self.raw.executemany("INSERT INTO temp.sync_stage_state VALUES (?, ?, ?)", self._states)
            self._states = []

    def parts(self, size: int) -> Iterator[Part]:
        """Every staged entry, then every staged state, in parts that never split a row."""
        cursor = self.raw.execute(
            "SELECT ord, row_id, body FROM temp.sync_stage_change "
            "ORDER BY ord, row_id, hlc, origin, seq"
        )
        entries: list[Entry] = []
        last: tuple[int, str] | None = None
        while rows := cursor.fetchmany(2000):
            for order, row_id, body in rows:
                if len(entries) >= size and (order, row_id) != last:
                    yield entries, ()
                    entries = []
                entries.append(_entry(json.loads(body)))
                last = (order, row_id)
        if entries:
            yield entries, ()
        cursor = self.raw.execute(
            "SELECT ord, row_id, body FROM temp.sync_stage_state ORDER BY ord, row_id"
        )
        states: list[SnapshotItem] = []
        while rows := cursor.fetchmany(2000):
            for _order, _row_id, body in rows:
                states.append(_state(json.loads(body)))
                if len(states) * 2 >= size:  # a state carries a whole row: half as many
                    yield (), states
                    states = []
        if states:
            yield (), states

    def clear(self) -> None:
        self.raw.execute("DELETE FROM temp.sync_stage_change")
        self.raw.execute("DELETE FROM temp.sync_stage_state")


PART_SIZE = 6_000
"""Entries (or states) merged at a time: bounds memory, large enough to batch the SQL."""


def read_file(path: str | Path, passphrase: str, limits: Limits = DEFAULT_LIMITS) -> Parsed:
    """Check the password and the manifest of a file (no database access, nothing kept)."""
    with open_file(Path(path), passphrase, limits) as reader:
        _parse_manifest(reader.manifest)
        return Parsed(reader.manifest, Path(path), passphrase, limits)


def _is_fresh(session: Session) -> bool:
    """No data of its own and nothing received yet: a new machine that may join any office."""
    t = change_table
    site = get_setting(session, SITE_KEY)
    if any(origin != site for origin in version_vector(session)):
        return False
    if get_setting(session, COMPACTED_OWN_KEY):
        return False
    own = session.execute(
        select(t.c.seq).where(and_(t.c.origin == site, t.c.hlc > 0)).limit(1)
    ).first()
    return own is None


def _check_office(session: Session, manifest: dict[str, Any], accept_other: bool) -> None:
    office = manifest["office"]
    theirs = office["id"]
    ours = get_setting(session, OFFICE_KEY)
    if theirs and ours and theirs != ours and not accept_other and not _is_fresh(session):
        raise SyncFileError(
            _(
                "The exchange file belongs to another office ({name}). It was not imported. "
                "To join that office's exchange, import it with --accept-other-office."
            ).format(name=office.get("name") or "?")
        )
    if theirs and theirs != ours:
        set_setting(session, OFFICE_KEY, theirs)


def _update_peer(session: Session, manifest: dict[str, Any]) -> None:
    sender = manifest["sender"]
    site = sender["site"]
    if site == get_setting(session, SITE_KEY):
        return
    peer = session.get(SyncPeer, site)
    if peer is None:
        peer = SyncPeer(site_id=site, name="", office_id="", known="{}")
        session.add(peer)
    known = _known(peer)
    for origin, seq in manifest["vv"].items():
        known[origin] = max(known.get(origin, 0), int(seq))
    peer.known = json.dumps(known, sort_keys=True)
    peer.name = str(sender.get("name") or "")[:200] or site[:8]
    peer.office_id = str(manifest["office"].get("id") or "")
    peer.last_import_at = _now()
    session.flush()


def import_file(
    store: Store,
    path: str | Path,
    *,
    passphrase: str,
    dry_run: bool = False,
    accept_other_office: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
) -> ImportSummary:
    """Check and apply a file in one transaction (or, for a dry run, roll back), streaming it."""
    parsed = Parsed({}, Path(path), passphrase, limits)
    return apply_parsed(
        store,
        parsed,
        file_name=Path(path).name,
        dry_run=dry_run,
        accept_other_office=accept_other_office,
        progress=progress,
    )


def _counts(manifest: dict[str, Any]) -> tuple[int, int]:
    counts = manifest.get("counts")
    if not isinstance(counts, dict):
        raise damaged()
    changes, states = counts.get("changes"), counts.get("snapshot")
    if not isinstance(changes, int) or not isinstance(states, int) or changes < 0 or states < 0:
        raise damaged()
    return changes, states


def apply_parsed(
    store: Store,
    parsed: Parsed,
    *,
    file_name: str = "",
    dry_run: bool = False,
    accept_other_office: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Stream the file of ``parsed`` into the database: check, stage, merge part by part.

    Everything happens in one transaction: a bad entry anywhere, a cancel or a killed process
    leaves the database as it was.
    """
    with open_file(parsed.path, parsed.passphrase, parsed.limits) as reader:
        manifest = reader.manifest
        _parse_manifest(manifest)
        n_changes, n_states = _counts(manifest)
        kind = manifest["kind"]
        total = max(n_changes + n_states, 1) * 2
        done = 0

        def step(count: int) -> None:
            nonlocal done
            done += count
            if progress is not None and not progress(min(done, total), total):
                raise Cancelled(_("Cancelled. Nothing was changed."))

        with store.uow() as uow:
            session = uow.session
            session.info[APPLYING] = True
            _check_office(session, manifest, accept_other_office)
            sweep(session)
            vv = version_vector(session)
            file_base = manifest.get("base") or {}
            if file_base and (kind != "full" or not n_states):
                raise damaged()
            revision = str(manifest.get("schema"))
            old_codes = legacy.has_old_codes(revision)
            tables = schema.tables()
            stage = _Staging(session)
            expected: dict[str, int] = {}
            seen_changes = seen_states = known = fresh = newest = 0
            for section, item, text in _raw_items(reader.pieces(), parsed.limits):
                if section == "c":
                    entry = _check_entry(item, tables, revision)
                    if old_codes and legacy.upgrade_change(item):
                        text = None
                    seen_changes += 1
                    newest = max(newest, entry.hlc)
                    have = vv.get(entry.origin, 0)
                    if entry.seq <= have:
                        known += 1
                    else:
                        start = expected.get(entry.origin)
                        if start is None:
                            start = max(have, int(file_base.get(entry.origin, 0))) + 1
                        if entry.seq != start:
                            raise _gap()
                        expected[entry.origin] = entry.seq + 1
                        stage.add_change(entry, item, text)
                        fresh += 1
                else:
                    if kind == "delta":
                        raise damaged()
                    state = _check_item(item, tables, kind)
                    if old_codes and legacy.upgrade_state(item):
                        text = None
                    seen_states += 1
                    stage.add_state(state, item, text)
                if (seen_changes + seen_states) % 2000 == 0:
                    step(2000)
            stage.flush()
            if seen_changes != n_changes or seen_states != n_states:
                raise damaged()
            step(total // 2 - done)
            warnings = _clock_warnings(manifest, newest)
            exchange_id = session.execute(  # type: ignore[attr-defined]
                insert(exchange_table).values(
                    at=_now(),
                    direction="import",
                    kind=kind,
                    peer_site=manifest["sender"]["site"],
                    peer_name=str(manifest["sender"].get("name") or "")[:200],
                    file_name=file_name[:300],
                    changes=fresh + n_states,
                    summary="{}",
                    conflicts=0,
                    digest="",
                )
            ).inserted_primary_key[0]
            result = merge_parts(
                session, stage.parts(PART_SIZE), progress=step, exchange_id=int(exchange_id)
            )
            stage.clear()
            if file_base:
                base = load_base(session)
                for origin, floor in file_base.items():
                    if vv.get(origin, 0) < floor and base.get(origin, 0) < floor:
                        base[origin] = int(floor)
                save_base(session, base)
            _update_peer(session, manifest)
            summary = ImportSummary(
                dry_run=dry_run,
                kind=kind,
                sender_name=str(manifest["sender"].get("name") or ""),
                sender_site=manifest["sender"]["site"],
                office_name=str(manifest["office"].get("name") or ""),
                new=dict(result.new),
                changed=dict(result.changed),
                deleted=dict(result.deleted),
                conflicts=len(result.conflicts),
                duplicates=len(result.duplicates),
                pending=result.pending,
                received=fresh + n_states,
                known=known,
                warnings=tuple(warnings),
            )
            session.execute(
                update(exchange_table)
                .where(exchange_table.c.id == exchange_id)
                .values(
                    summary=json.dumps(summary.as_dict(), default=str),
                    conflicts=summary.conflicts,
                )
            )
            if dry_run:
                return summary
            uow.commit()
            uow.changed_tables.update(set(result.new) | set(result.changed) | set(result.deleted))
    digest = data_digest(store)
    with store.new_session() as session, session.begin():
        session.execute(
            update(exchange_table).where(exchange_table.c.id == exchange_id).values(digest=digest)
        )
    log.info(
        "imported %s file: %d received, %d known, %d conflicts",
        kind,
        summary.received,
        known,
        summary.conflicts,
    )
    return replace(summary, digest=digest)


def _gap() -> SyncFileError:
    return SyncFileError(
        _(
            "This file builds on changes this machine has not received yet (for example "
            "after restoring a backup). Please ask the sender for a full export."
        )
    )


def _clock_warnings(manifest: dict[str, Any], newest: int) -> list[str]:
    sender_ms = int(manifest.get("wall_ms") or 0)
    ahead = max(sender_ms, physical_ms(newest)) - wall_ms()
    if ahead > DAY_MS:
        return [
            _(
                "The sender's clock seems to be about {days} days ahead of this machine's. "
                "Please check the date and time on both machines."
            ).format(days=ahead // DAY_MS)
        ]
    return []


# ------------------------------------------------------------------------------------- history
def history(store: Store, *, peer_site: str | None = None, limit: int = 500) -> list[ExchangeRow]:
    t = exchange_table
    query = select(t).order_by(t.c.at.desc(), t.c.id.desc()).limit(limit)
    if peer_site:
        query = query.where(t.c.peer_site == peer_site)
    rows = []
    with store.new_session() as session:
        for r in session.execute(query):
            try:
                info = json.loads(r.summary or "{}")
            except ValueError:
                info = {}
            if "new" in info:
                text = describe(
                    info.get("new", {}),
                    info.get("changed", {}),
                    info.get("deleted", {}),
                    int(info.get("conflicts", 0)),
                    int(info.get("duplicates", 0)),
                    int(info.get("pending", 0)),
                )
            else:
                text = str(info.get("course") or "")
            rows.append(
                ExchangeRow(
                    r.id,
                    r.at,
                    r.direction,
                    r.kind,
                    r.peer_site,
                    r.peer_name,
                    r.file_name,
                    r.changes,
                    r.conflicts,
                    text,
                )
            )
    return rows
