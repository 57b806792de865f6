"""Use cases of the exchange: export a file, import a file (or preview it), peers and history.

Plain Python for the CLI and the window; nothing here imports Qt. Long calls take
``progress(done, total) -> bool`` (return ``False`` to cancel).
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.orm import Session

from lotsen_desktop import __version__
from lotsen_desktop.errors import NotFoundError, ValidationError
from lotsen_desktop.i18n import _
from lotsen_desktop.services.setup import OFFICE_ID
from lotsen_desktop.store.database import Store, _known_revisions, head_revision
from lotsen_desktop.store.models import Office
from lotsen_desktop.sync import schema
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
    SUFFIX,
    Limits,
    SyncFileError,
    check_new_passphrase,
    damaged,
    open_sealed,
    read_bytes,
    seal,
    write_atomic,
)
from lotsen_desktop.sync.merge import Progress, SnapshotItem, merge
from lotsen_desktop.sync.models import (
    SyncPeer,
    change_table,
    exchange_table,
    peer_table,
    row_table,
)
from lotsen_desktop.sync.state import Entry, Stamps, chunks, entry_from_row, max_seqs
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

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "kind": self.kind,
            "changes": self.changes,
            "rows": self.rows,
            "peer": self.peer_name,
            "bytes": self.size,
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
        vv = max_seqs(session)
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


def _entry_list(entry: Entry) -> list[Any]:
    return [
        entry.origin,
        entry.seq,
        entry.hlc,
        entry.tbl,
        entry.row_id,
        entry.op,
        entry.gen,
        entry.data,
        json.loads(entry.bases.dumps()) if entry.bases is not None else None,
    ]


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
    with store.new_session() as session:
        site = get_setting(session, SITE_KEY)
        vv = max_seqs(session)
        since: dict[str, int] = {}
        entries: list[list[Any]] = []
        snapshot: list[list[Any]] = []
        course: dict[str, str] | None = None
        t = change_table
        if course_id is not None:
            kind = "course"
            snapshot, title = _course_snapshot(session, course_id)
            course = {"id": course_id, "title": title}
        else:
            kind = "full" if full else "delta"
            if target is not None:
                peer_row = session.get(SyncPeer, target.site_id)
                since = _known(peer_row) if peer_row is not None else {}
            query = select(t).order_by(t.c.origin, t.c.seq)
            for row in session.execute(query):
                if row.seq > since.get(row.origin, 0):
                    entries.append(_entry_list(entry_from_row(row)))
        office = session.get(Office, OFFICE_ID)
        manifest: dict[str, Any] = {
            "format": 1,
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
            "vv": vv,
            "course": course,
            "wall_ms": wall_ms(),
            "hlc": int(get_setting(session, HLC_KEY, "0") or 0),
            "counts": {"changes": len(entries), "snapshot": len(snapshot)},
        }
    payload = json.dumps(
        {"changes": entries, "snapshot": snapshot}, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    data = seal(manifest, payload, passphrase, kdf_n=kdf_n)
    write_atomic(path, data, progress)
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
                changes=len(entries) + len(snapshot),
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
    log.info("exported %s file with %d changes", kind, len(entries) + len(snapshot))
    return ExportResult(
        path, kind, len(entries), len(snapshot), target.name if target else "", len(data)
    )


# ------------------------------------------------------------------------------------- import
@dataclass
class Parsed:
    manifest: dict[str, Any]
    entries: list[Entry] = field(default_factory=list)
    snapshot: list[SnapshotItem] = field(default_factory=list)


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
        if manifest["format"] != 1 or manifest["kind"] not in KINDS:
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
        for key in ("vv", "since"):
            vector = manifest[key]
            if not isinstance(vector, dict) or not all(
                isinstance(k, str) and isinstance(v, int) for k, v in vector.items()
            ):
                raise damaged()
    except (KeyError, TypeError) as error:
        raise damaged() from error


def parse_payload(manifest: dict[str, Any], payload: bytes) -> Parsed:
    """Decode and check every entry of the file before anything is applied."""
    _parse_manifest(manifest)
    try:
        body = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise damaged() from error
    if not isinstance(body, dict):
        raise damaged()
    raw_changes = body.get("changes")
    raw_snapshot = body.get("snapshot")
    if not isinstance(raw_changes, list) or not isinstance(raw_snapshot, list):
        raise damaged()
    counts = manifest.get("counts") or {}
    if counts.get("changes") != len(raw_changes) or counts.get("snapshot") != len(raw_snapshot):
        raise damaged()
    tables = schema.tables()
    parsed = Parsed(manifest)
    seen: set[tuple[str, int]] = set()
    for item in raw_changes:
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
            raise _newer_schema(str(manifest.get("schema")))
        if (origin, seq) in seen:
            raise damaged()
        seen.add((origin, seq))
        values = _check_values(tbl, data)
        if op == "d" and values:
            raise damaged()
        stamps: Stamps | None = None
        if bases is not None:
            if not isinstance(bases, dict):
                raise damaged()
            stamps = Stamps(
                _stamp(bases["*"]) if "*" in bases else None,
                {c: _stamp(s) for c, s in bases.items() if c != "*"},
            )
        parsed.entries.append(Entry(origin, seq, hlc, tbl, row_id, op, gen, values, stamps))
    if manifest["kind"] != "course" and raw_snapshot:
        raise damaged()
    for item in raw_snapshot:
        if not isinstance(item, list) or len(item) != 6:
            raise damaged()
        tbl, row_id, gen, alive, fields, deleted = item
        if tbl not in COURSE_COLUMNS or not isinstance(row_id, str) or not 0 < len(row_id) <= 36:
            raise damaged()
        if not isinstance(gen, int) or gen < 0 or not isinstance(alive, bool):
            raise damaged()
        if not isinstance(fields, dict):
            raise damaged()
        info = tables[tbl]
        allowed = COURSE_COLUMNS[tbl] or tuple(c for c in info.columns if c != "changed_by")
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
        parsed.snapshot.append(
            SnapshotItem(tbl, row_id, gen, alive, checked, _stamp(deleted) if deleted else None)
        )
    return parsed


def read_file(path: str | Path, passphrase: str, limits: Limits = DEFAULT_LIMITS) -> Parsed:
    """Read, decrypt and check a whole file (no database access)."""
    data = read_bytes(Path(path), limits)
    manifest, payload = open_sealed(data, passphrase, limits)
    return parse_payload(manifest, payload)


def _new_entries(session: Session, entries: list[Entry]) -> tuple[list[Entry], int]:
    """The entries this machine does not have yet; refuse a file that skips some."""
    vv = max_seqs(session)
    fresh = [e for e in entries if e.seq > vv.get(e.origin, 0)]
    by_origin: dict[str, list[int]] = {}
    for entry in fresh:
        by_origin.setdefault(entry.origin, []).append(entry.seq)
    for origin, seqs in by_origin.items():
        seqs.sort()
        start = vv.get(origin, 0) + 1
        if seqs != list(range(start, start + len(seqs))):
            raise SyncFileError(
                _(
                    "This file builds on changes this machine has not received yet (for example "
                    "after restoring a backup). Please ask the sender for a full export."
                )
            )
    return fresh, len(entries) - len(fresh)


def _is_fresh(session: Session) -> bool:
    """No data of its own and nothing received yet: a new machine that may join any office."""
    t = change_table
    site = get_setting(session, SITE_KEY)
    foreign = session.execute(select(t.c.seq).where(t.c.origin != site).limit(1)).first()
    own = session.execute(
        select(t.c.seq).where(and_(t.c.origin == site, t.c.hlc > 0)).limit(1)
    ).first()
    return foreign is None and own is None


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
    """Check the whole file, then apply it in one transaction (or, for a dry run, roll back)."""
    parsed = read_file(path, passphrase, limits)
    return apply_parsed(
        store,
        parsed,
        file_name=Path(path).name,
        dry_run=dry_run,
        accept_other_office=accept_other_office,
        progress=progress,
    )


def apply_parsed(
    store: Store,
    parsed: Parsed,
    *,
    file_name: str = "",
    dry_run: bool = False,
    accept_other_office: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    manifest = parsed.manifest
    warnings: list[str] = []
    sender_ms = int(manifest.get("wall_ms") or 0)
    newest = max((e.hlc for e in parsed.entries), default=0)
    ahead = max(sender_ms, physical_ms(newest)) - wall_ms()
    if ahead > DAY_MS:
        warnings.append(
            _(
                "The sender's clock seems to be about {days} days ahead of this machine's. "
                "Please check the date and time on both machines."
            ).format(days=ahead // DAY_MS)
        )
    with store.uow() as uow:
        session = uow.session
        session.info[APPLYING] = True
        _check_office(session, manifest, accept_other_office)
        sweep(session)
        fresh, known = _new_entries(session, parsed.entries)
        exchange_id = session.execute(  # type: ignore[attr-defined]
            insert(exchange_table).values(
                at=_now(),
                direction="import",
                kind=manifest["kind"],
                peer_site=manifest["sender"]["site"],
                peer_name=str(manifest["sender"].get("name") or "")[:200],
                file_name=file_name[:300],
                changes=len(fresh) + len(parsed.snapshot),
                summary="{}",
                conflicts=0,
                digest="",
            )
        ).inserted_primary_key[0]
        result = merge(
            session, fresh, parsed.snapshot, progress=progress, exchange_id=int(exchange_id)
        )
        _update_peer(session, manifest)
        summary = ImportSummary(
            dry_run=dry_run,
            kind=manifest["kind"],
            sender_name=str(manifest["sender"].get("name") or ""),
            sender_site=manifest["sender"]["site"],
            office_name=str(manifest["office"].get("name") or ""),
            new=dict(result.new),
            changed=dict(result.changed),
            deleted=dict(result.deleted),
            conflicts=len(result.conflicts),
            duplicates=len(result.duplicates),
            pending=result.pending,
            received=len(fresh) + len(parsed.snapshot),
            known=known,
            warnings=tuple(warnings),
        )
        session.execute(
            update(exchange_table)
            .where(exchange_table.c.id == exchange_id)
            .values(summary=json.dumps(summary.as_dict(), default=str), conflicts=summary.conflicts)
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
        manifest["kind"],
        summary.received,
        known,
        summary.conflicts,
    )
    return replace(summary, digest=digest)


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
