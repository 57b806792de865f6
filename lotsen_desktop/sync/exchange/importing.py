"""Reading an exchange file: check the manifest and every item, stage, merge part by part.

Everything is applied in one transaction: a bad entry anywhere, a cancel or a killed process
leaves the database as it was.
"""

from __future__ import annotations

import gc
import itertools
import json
import logging
import marshal
import operator
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import and_, insert, select, update
from sqlalchemy.orm import Session

from lotsen_desktop.domain.backups import BackupReason
from lotsen_desktop.fileformat import (
    DEFAULT_LIMITS,
    Limits,
    SyncFileError,
    bomb,
    damaged,
    open_file,
)
from lotsen_desktop.i18n import _
from lotsen_desktop.services import qualification
from lotsen_desktop.store.backup import automatic_backup
from lotsen_desktop.store.database import Store, known_revisions
from lotsen_desktop.store.sync_tables import (
    SyncPeer,
    change_table,
    exchange_table,
)
from lotsen_desktop.sync import compact, legacy, schema
from lotsen_desktop.sync.capture import APPLYING, sweep
from lotsen_desktop.sync.clock import (
    DAY_MS,
    OFFICE_KEY,
    SITE_KEY,
    get_setting,
    physical_ms,
    set_setting,
    wall_ms,
)
from lotsen_desktop.sync.exchange.layout import (
    CLOSE,
    COURSE_COLUMNS,
    KINDS,
    LINE_MAX,
    MIDDLE,
    OPEN,
    STREAM_BATCH,
    UUID_PATTERN,
    now,
)
from lotsen_desktop.sync.exchange.peers import known_of
from lotsen_desktop.sync.exchange.results import ImportSummary
from lotsen_desktop.sync.merge import MergeResult, Part, SnapshotItem, merge_parts
from lotsen_desktop.sync.state import (
    COMPACTED_OWN_KEY,
    Entry,
    Stamps,
    raw_connection,
    version_vector,
)
from lotsen_desktop.tasks import Cancelled, ProgressCallback

log = logging.getLogger(__name__)


@dataclass
class Parsed:
    """A file whose password and manifest were checked; applying it streams the rest again."""

    manifest: dict[str, Any]
    path: Path
    passphrase: str = field(repr=False, default="")
    limits: Limits = DEFAULT_LIMITS


def _stamp(value: Any) -> tuple[int, str]:
    """A stamp as sent: clock value and site id (a UUID, or "" for a field never stamped; at most
    36 characters, as ``sync_site`` stores it)."""
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or not isinstance(value[1], str)
        or len(value[1]) > 36
        or value[0] < 0
    ):
        raise damaged()
    return (value[0], value[1])


def _check_values(
    tbl: str, data: Any, allowed: tuple[str, ...] | None = None, revision: str = ""
) -> dict[str, Any]:
    info = schema.tables()[tbl]
    if not isinstance(data, dict):
        raise damaged()
    columns = allowed if allowed is not None else info.column_set
    specs = info.specs
    check = schema.check_value
    plain = schema.PLAIN_TYPES
    accepted = _ACCEPTED
    for col, value in data.items():
        if col not in columns:
            raise _unknown_data(f"{tbl}.{col}", revision)
        spec = specs[col]
        # the common cases of schema.check_value inline (a call per value costs more)
        if value is None:
            if spec[1]:
                continue
        elif type(value) is str:
            if spec[0] == "str":
                if spec[2] is None or len(value) <= spec[2]:
                    continue
            elif (spec[0], value) in accepted:
                continue
        elif type(value) is plain.get(spec[0]):
            continue
        try:
            check(spec, value)
        except schema.BadValue as error:
            raise damaged() from error
        if spec[0] in _REMEMBERED_KINDS and type(value) is str:
            if len(accepted) >= _ACCEPTED_MAX:
                accepted.clear()
            accepted.add((spec[0], value))
    return data


_ACCEPTED: set[tuple[str, str]] = set()
"""Dates and times already found valid: a file repeats the same dates many times, and whether
one decodes depends on its kind alone (not on the column's length or nullability)."""

_ACCEPTED_MAX = 20_000

_REMEMBERED_KINDS = frozenset({"date", "datetime"})
"""Short values only: a remembered value stays in memory until the set is full."""


def _newer_schema(revision: str) -> SyncFileError:
    return SyncFileError(
        _(
            "The exchange file was written by a newer version of Lotsen Desktop (database "
            "schema {revision}). Please update this program first."
        ).format(revision=revision)
    )


def _unknown_data(name: object, revision: str) -> SyncFileError:
    """A table or column that the file's own schema, one this version knows, does not have."""
    shown = str(name)[:60].encode("ascii", "replace").decode("ascii")
    return SyncFileError(
        _(
            "The exchange file contains an unknown table or column ({name}) that its own "
            "database schema {revision} does not have; it was not written by this program or "
            "was changed afterwards. Please export it again."
        ).format(name=shown, revision=revision or "?")
    )


def _parse_manifest(manifest: dict[str, Any]) -> None:
    try:
        if manifest["format"] not in (1, 2) or manifest["kind"] not in KINDS:
            raise damaged()
        revision = manifest["schema"]
        if not isinstance(revision, str):
            raise damaged()
        if revision not in known_revisions():
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


def _check_entry(item: Any, tables: dict[str, schema.TableInfo], revision: str) -> None:
    """``SyncFileError`` unless ``item`` is a well-formed change entry of a known table (the
    entry itself is built when its part is merged: ``_entry``)."""
    if not isinstance(item, list) or len(item) != 9:
        raise damaged()
    origin, seq, hlc, tbl, row_id, op, gen, data, bases = item
    if not (
        isinstance(origin, str)
        and UUID_PATTERN.match(origin)
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
    if not isinstance(tbl, str) or tbl not in tables:
        raise _unknown_data(tbl, revision)
    values = _check_values(tbl, data, revision=revision)
    if op == "d" and values:
        raise damaged()
    if bases is not None:
        if not isinstance(bases, dict):
            raise damaged()
        for stamp in bases.values():
            _stamp(stamp)


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


def _raw_items(pieces: Iterator[bytes], limits: Limits) -> Iterator[tuple[str, Any]]:
    """``("c", change)`` and ``("s", state)`` in file order, one line at a time.

    Files written by this version have one item per line; any other layout (older files, small
    hand-made ones) is decoded as a whole within the size limit.
    """
    head = b""
    for piece in pieces:
        head += piece
        if len(head) > len(OPEN):
            break
    if head.startswith(OPEN + b"\n"):
        yield from _line_items(itertools.chain([head[len(OPEN) + 1 :]], pieces))
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
        yield "c", item
    for item in states:
        yield "s", item


def _line_items(pieces: Iterator[bytes]) -> Iterator[tuple[str, Any]]:
    section, closed, tail = "c", False, b""
    for piece in pieces:
        lines = (tail + piece).split(b"\n")
        tail = lines.pop()
        if len(tail) > LINE_MAX:
            raise damaged()
        batch: list[bytes] = []
        for line in lines:
            if not line:
                continue
            if closed:
                raise damaged()
            if line == MIDDLE and section == "c":
                yield from _parsed_lines(section, batch)
                batch = []
                section = "s"
                continue
            if line == CLOSE and section == "s":
                yield from _parsed_lines(section, batch)
                batch = []
                closed = True
                continue
            batch.append(line[1:] if line.startswith(b",") else line)
        yield from _parsed_lines(section, batch)
    if tail.strip() or not closed:
        raise damaged()


_decode_json = json.JSONDecoder().decode


def _parsed_lines(section: str, lines: list[bytes]) -> Iterator[tuple[str, Any]]:
    """The items of consecutive lines, one item a line, parsed as one JSON array.

    One parse per piece of the file instead of one per line: the per-call overhead was a third
    of the parsing, and the object keys of a piece are shared. Every item is checked on its
    own afterwards, so only the count of items must match the count of lines.
    """
    if not lines:
        return
    try:  # UTF-8 as written (json.loads would first guess the encoding)
        items = _decode_json(
            b"".join((b"[", b",".join(lines), b"]")).decode("utf-8", "surrogatepass")
        )
    except (UnicodeDecodeError, ValueError) as error:
        raise damaged() from error
    if len(items) != len(lines):
        raise damaged()
    for item in items:
        yield section, item


STAGE_IN_MEMORY = 100_000
"""Items kept in memory (as ``marshal`` bytes, about 0.7 KB each with their sort key) before the
staging moves to temporary tables; a file up to this size is sorted without writing it twice."""

_ROW_KEY = operator.itemgetter(0, 1)
"""Staged items sort by table order and row id; a row's entries are put in stamp order when
they are merged (``Merger.fold_entries``)."""


class _Staging:
    """Received changes and states, read back grouped by row.

    The file is read once and checked while it is staged; the merge then takes all entries of a
    few thousand rows at a time (parents' tables first), so memory does not grow with the file.
    Items are staged as ``marshal`` bytes of the checked, parsed item: reading them back costs a
    fraction of parsing the JSON a second time, and they never leave this transaction. Up to
    ``STAGE_IN_MEMORY`` items stay in a list; a larger file goes to temporary tables.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.raw = raw_connection(session)
        self.spilled = False
        self._changes: list[tuple[Any, ...]] = []
        self._states: list[tuple[Any, ...]] = []
        self._orders = {name: info.order for name, info in schema.tables().items()}
        self._drop()

    def _drop(self) -> None:
        self.raw.execute("DROP TABLE IF EXISTS temp.sync_stage_change")
        self.raw.execute("DROP TABLE IF EXISTS temp.sync_stage_state")

    def _spill(self) -> None:
        """Move to temporary tables: the file is too large to keep in memory."""
        blob = "BYTEA" if self.session.get_bind().dialect.name == "postgresql" else "BLOB"
        for table in ("change", "state"):
            self.raw.execute(
                f"CREATE TEMP TABLE sync_stage_{table} (ord INTEGER, row_id TEXT, body {blob})"
            )
        self.spilled = True
        self.flush()

    def _added(self) -> None:
        held = len(self._changes) + len(self._states)
        if self.spilled:
            if held >= STREAM_BATCH:
                self.flush()
        elif held > STAGE_IN_MEMORY:
            self._spill()

    def add_change(self, item: list[Any]) -> None:
        """A checked entry: ``[origin, seq, hlc, tbl, row_id, op, gen, data, bases]``."""
        self._changes.append((self._orders[item[3]], item[4], marshal.dumps(item)))
        self._added()

    def add_state(self, state: SnapshotItem, item: list[Any]) -> None:
        self._states.append((self._orders[state.tbl], state.row_id, marshal.dumps(item)))
        self._added()

    def flush(self) -> None:
        if not self.spilled:
            return
        if self._changes:
            self.raw.executemany(
                "INSERT INTO temp.sync_stage_change VALUES (?, ?, ?)", self._changes
            )
            self._changes = []
        if self._states:
            self.raw.executemany("INSERT INTO temp.sync_stage_state VALUES (?, ?, ?)", self._states)
            self._states = []

    def _staged(self, table: str, held: list[tuple[Any, ...]]) -> Iterator[Any]:
        """``(ord, row_id, body)`` of a section in row order, in batches (again on every call,
        until :meth:`clear`: a merge may have to start over)."""
        if not self.spilled:
            held.sort(key=_ROW_KEY)
            for start in range(0, len(held), 2000):
                yield held[start : start + 2000]
            return
        cursor = self.raw.execute(
            f"SELECT ord, row_id, body FROM temp.sync_stage_{table} ORDER BY ord, row_id"
        )
        while rows := cursor.fetchmany(2000):
            yield rows

    def parts(self, size: int) -> Iterator[Part]:
        """Every staged entry, then every staged state, in parts that never split a row."""
        loads = marshal.loads
        entries: list[Entry] = []
        last: tuple[int, str] | None = None
        for rows in self._staged("change", self._changes):
            for row in rows:
                key = (row[0], row[1])
                if len(entries) >= size and key != last:
                    yield entries, ()
                    entries = []
                entries.append(_entry(loads(row[-1])))
                last = key
        if entries:
            yield entries, ()
        states: list[SnapshotItem] = []
        for rows in self._staged("state", self._states):
            for row in rows:
                states.append(_state(loads(row[-1])))
                if len(states) * 2 >= size:  # a state carries a whole row: half as many
                    yield (), states
                    states = []
        if states:
            yield (), states

    def clear(self) -> None:
        self._changes, self._states = [], []
        if self.spilled:
            self._drop()


IMPORT_CACHE_KIB = 32 * 1024
"""SQLite's page cache during an import: the rows, the log and the row states are written at
random places of their indexes; a small cache rereads the same pages again and again."""

PART_SIZE = 12_000
"""Entries (or states) merged at a time: bounds memory, large enough to batch the SQL (every
part looks up again the parents its rows point to: 12,000 against 6,000 took 0.5 to 1 s off
100,000 changes for about 18 MB more; the L import peaks under 300 MB)."""


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
        name = str(office.get("name") or "").strip()
        if name:
            message = _(
                "The exchange file belongs to another office ({name}). It was not imported. "
                "To join that office's exchange, import it with --accept-other-office."
            ).format(name=name)
        else:
            message = _(
                "The exchange file belongs to another office, one that has not entered its "
                "name (office number {number}). It was not imported. To join that office's "
                "exchange, import it with --accept-other-office."
            ).format(number=str(theirs)[:8])
        raise SyncFileError(message)
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
    known = known_of(peer)
    for origin, seq in manifest["vv"].items():
        known[origin] = max(known.get(origin, 0), int(seq))
    peer.known = json.dumps(known, sort_keys=True)
    peer.name = str(sender.get("name") or "")[:200] or site[:8]
    peer.office_id = str(manifest["office"].get("id") or "")
    peer.last_import_at = now()
    session.flush()


def import_file(
    store: Store,
    path: str | Path,
    *,
    passphrase: str,
    dry_run: bool = False,
    accept_other_office: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    progress: ProgressCallback | None = None,
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
    progress: ProgressCallback | None = None,
) -> ImportSummary:
    """Stream the file of ``parsed`` into the database: check, stage, merge part by part.

    Everything happens in one transaction: a bad entry anywhere, a cancel or a killed process
    leaves the database as it was.
    """
    with _collector_paused(), open_file(parsed.path, parsed.passphrase, parsed.limits) as reader:
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

        if not dry_run:
            automatic_backup(store, BackupReason.IMPORT)
        with store.uow() as uow:
            session = uow.session
            # Before the watermarks are read: a second import of the same file waits here and
            # then finds everything known, instead of writing the same changes again.
            uow.lock_for_writing(keep_waiting=lambda: progress is None or progress(0, total))
            session.info[APPLYING] = True
            uow.use_bulk_cache(IMPORT_CACHE_KIB)
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
            for section, item in _raw_items(reader.pieces(), parsed.limits):
                if section == "c":
                    _check_entry(item, tables, revision)
                    if old_codes:
                        legacy.upgrade_change(item)
                    seen_changes += 1
                    origin, seq, hlc = item[0], item[1], item[2]
                    newest = max(newest, hlc)
                    have = vv.get(origin, 0)
                    if seq <= have:
                        known += 1
                    else:
                        start = expected.get(origin)
                        if start is None:
                            start = max(have, int(file_base.get(origin, 0))) + 1
                        if seq != start:
                            raise _gap()
                        expected[origin] = seq + 1
                        stage.add_change(item)
                        fresh += 1
                else:
                    if kind == "delta":
                        raise damaged()
                    state = _check_item(item, tables, kind)
                    if old_codes:
                        legacy.upgrade_state(item)
                    seen_states += 1
                    stage.add_state(state, item)
                if (seen_changes + seen_states) % 2000 == 0:
                    step(2000)
            stage.flush()
            if seen_changes != n_changes or seen_states != n_states:
                raise damaged()
            step(total // 2 - done)
            warnings = _clock_warnings(manifest, newest)
            exchange_id = session.execute(  # type: ignore[attr-defined]
                insert(exchange_table).values(
                    at=now(),
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
            _update_peer(session, manifest)
            incoming = {origin: seq - 1 for origin, seq in expected.items()}
            fold = {} if store.is_server else compact.import_fold_limits(session, incoming)
            result = _merge_folding(session, stage, fold, step, int(exchange_id))
            stage.clear()
            if file_base:
                compact.take_file_base(session, file_base, vv)
            if fold:
                compact.fold_imported(session, fold)
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
            session.info[APPLYING] = False  # a status that follows new figures is our own change
            qualification.settle(session)
            uow.commit()
    log.info(
        "imported %s file: %d received, %d known, %d conflicts",
        kind,
        summary.received,
        known,
        summary.conflicts,
    )
    return summary


def _merge_folding(
    session: Session,
    stage: _Staging,
    fold: dict[str, int],
    step: Callable[[int], None],
    exchange_id: int,
) -> MergeResult:
    """Merge the staged parts, leaving the entries ``fold`` names out of the log.

    If an entry still waits for a parent at the end, the log must keep everything above it, so
    the merge is undone (a savepoint) and done again with every entry logged; the compaction
    after the import then folds what it can, as before. Rare: a parent is missing only when
    the sender itself still waits for it.
    """

    def run(limits: dict[str, int], advance: Callable[[int], None]) -> MergeResult:
        return merge_parts(
            session,
            _collecting(stage.parts(PART_SIZE)),
            advance=advance,
            exchange_id=exchange_id,
            fold=limits,
        )

    if not fold:
        return run({}, step)
    attempt = session.begin_nested()
    result = run(fold, step)
    if not result.pending:
        attempt.commit()
        return result
    attempt.rollback()
    fold.clear()
    return run({}, lambda _n: None)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a file is applied.

    The merge allocates millions of short-lived objects without reference cycles; the
    collector would scan each part's working set again and again (a tenth of a large import's
    time). Memory stays bounded by the part size; reference counting frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _collecting(parts: Iterator[Part]) -> Iterator[Part]:
    """The parts, with the young objects left over from the previous one collected in between
    (what few cycles the database layer makes; the collector itself is paused)."""
    for part in parts:
        yield part
        gc.collect(1)


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
