"""Merging received changes into the database: fold, resolve, write — in the caller's transaction.

1. **Fold** every new entry (and every still-pending one) into its row, in stamp order, by the
   per-row rules in ``docs/sync.md``: generations, delete wins over concurrent edits, per-field
   last-writer-wins. Values that lose are collected as conflicts.
2. **Resolve** what a row cannot decide alone, table by table, parents first: a row whose parent is
   gone is deleted (a local delete entry is recorded so every machine ends alike); a row whose
   parent is unknown here stays pending; unique values two machines both used are renamed or
   removed; possible duplicate persons are noted.
3. **Write** the final rows with Core statements (updates, deletes children first, inserts parents
   first; foreign keys checked at commit), then the log, the row states and the conflicts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, and_, delete, insert, or_, select, text
from sqlalchemy.orm import Session

from lotsen_desktop.domain.names import fold as fold_name
from lotsen_desktop.i18n import _
from lotsen_desktop.services.qualification import note_rows
from lotsen_desktop.store.inline_state import INLINE_COLUMNS, scope_sql
from lotsen_desktop.store.models import VERSIONED_TABLES
from lotsen_desktop.store.sync_tables import (
    change_table,
    conflict_table,
    duplicate_table,
)
from lotsen_desktop.store.types import key_binder, key_io, unchanged
from lotsen_desktop.sync import schema
from lotsen_desktop.sync.capture import Cleared, read_rows, redact, scrub_conflicts
from lotsen_desktop.sync.clock import Clock, Stamp
from lotsen_desktop.sync.state import (
    Entry,
    RowState,
    Stamps,
    chunks,
    entry_from_row,
    has_stored_states,
    insert_entries,
    load_states,
    raw_connection,
    save_states,
    site_numbers,
)
from lotsen_desktop.tasks import Cancelled, ProgressCallback

# SQLite checks foreign keys at commit, so rows can be written in any order inside the merge.
_DEFER_FOREIGN_KEYS = text("PRAGMA defer_foreign_keys = ON")


def _binders(session: Session, table: Table, columns: Sequence[str]) -> list[Any]:
    dialect = session.get_bind().dialect
    return [table.c[c].type.bind_processor(dialect) for c in columns]


def _bound(rows: Sequence[dict[str, Any]], columns: Sequence[str], binders: list[Any]) -> list[Any]:
    pairs = list(zip(columns, binders, strict=True))
    return [tuple(b(row[c]) if b else row[c] for c, b in pairs) for row in rows]


def _insert_tuples(
    session: Session, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """``INSERT`` of rows already bound in ``columns`` order, through the driver."""
    if not rows:
        return
    quote = session.get_bind().dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    raw_connection(session).executemany(sql, rows)


def _update_many(
    session: Session, table: Table, columns: Sequence[str], rows: Sequence[dict[str, Any]]
) -> None:
    """``UPDATE ... WHERE id = k_id`` of many rows through the driver (see ``_insert_tuples``)."""
    quote = session.get_bind().dialect.identifier_preparer.quote
    assignments = [f"{quote(c)} = ?" for c in columns]
    if table.name in VERSIONED_TABLES:  # an imported change is a change the open forms must see
        assignments.append("row_version = row_version + 1")
    sql = f"UPDATE {quote(table.name)} SET {', '.join(assignments)} WHERE id = ?"
    binders = [*_binders(session, table, columns), key_binder(session.get_bind().dialect.name)]
    raw_connection(session).executemany(sql, _bound(rows, [*columns, "k_id"], binders))


@dataclass
class SnapshotItem:
    """The state of one row in a course package: no log entry, just values with their stamps."""

    tbl: str
    row_id: str
    gen: int
    alive: bool
    fields: dict[str, tuple[Any, Stamp]]
    deleted: Stamp | None = None


@dataclass
class Conflict:
    kind: str  # field | deleted | orphan | unique
    tbl: str
    row_id: str
    col: str
    kept: Any
    lost: Any
    kept_site: str
    lost_site: str
    snapshot: dict[str, Any] | None = None


@dataclass(slots=True)
class RowWork:
    """One row during a merge: where it started and where the entries take it."""

    tbl: str
    row_id: str
    orig: RowState | None
    state: RowState | None
    before: dict[str, Any] | None  # encoded values in the database before, None: not there
    values: dict[str, Any] | None
    entries: list[Entry] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    pending: bool = False
    incomplete: bool = False
    touched: bool = False

    @property
    def alive(self) -> bool:
        """Will exist after the merge (and is decided by it: pending rows are left alone)."""
        return self.state is not None and self.state.alive and not self.pending

    @property
    def dying(self) -> bool:
        return self.before is not None and not self.pending and not self.alive

    @property
    def key(self) -> tuple[str, str]:
        return (self.tbl, self.row_id)


@dataclass
class MergeResult:
    new: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    pending: int = 0
    applied: int = 0
    skipped: int = 0
    generated: int = 0


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


_NO_DEFAULT = object()

_STORED_AS_SENT: dict[str, Callable[[Any], Any]] = {
    "date": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}").fullmatch,
}
"""Received dates (already checked) in the form ``isoformat()`` writes, which is the text
sqlite3 stores for the decoded value, so a new row skips decoding and formatting them again.
Times are decoded: SQLite stores them as integers (``UtcTimestamp``, bound by its binder)."""


_PLANS: dict[str, tuple[tuple[str, str, bool, Any], ...]] = {}


def _column_plan(info: schema.TableInfo) -> tuple[tuple[str, str, bool, Any], ...]:
    """Per transported column: name, kind, nullable, scalar default (``_NO_DEFAULT``: none)."""
    plan = _PLANS.get(info.name)
    if plan is None:
        plan = _PLANS[info.name] = tuple(
            (c, info.kinds[c], info.nullable[c], info.defaults.get(c, _NO_DEFAULT))
            for c in info.columns
        )
    return plan


_InsertPlan = tuple[
    list[str], list[tuple[int, Any]], Callable[[dict[str, Any]], dict[str, Any]] | None
]
"""``Merger._insert_plan``: the inserted columns, the transported columns' binders by
position, and the function computing the derived columns."""


def _row_builder(
    info: schema.TableInfo,
    plan: _InsertPlan,
    *,
    stored_as_sent: bool,
) -> Callable[..., list[Any]]:
    """``build(get, now)``: a new row's transported and derived columns, decoded and bound, as
    ``_decoded_row`` and the binders would give them, written out as straight-line code for
    the table (a loop over the column plan took a third longer: 4.4 against 3.4 µs for an
    attendance mark, and most rows of a large import are new).

    A missing value takes the column's default, ``now`` for a required time, else null; a
    value of the column's plain JSON type is kept; a date in ``isoformat()`` form is kept on
    SQLite (``_STORED_AS_SENT``); anything else is decoded. Derived columns are computed from
    the decoded values; binders apply to the transported columns only.
    """
    _columns, binders, derive = plan
    bind_at = dict(binders)
    env: dict[str, Any] = {"decode": schema.decode, "derive": derive}
    lines = ["def build(get, now):"]
    for i, (col, kind, nullable, default) in enumerate(_column_plan(info)):
        v = f"v{i}"
        lines.append(f"    {v} = get({col!r})")
        if not nullable and default is not _NO_DEFAULT:
            env[f"default{i}"] = default
            lines.append(f"    if {v} is None:\n        {v} = default{i}")
        elif not nullable and kind == "datetime":
            lines.append(f"    if {v} is None:\n        {v} = now")
        else:
            lines.append(f"    if {v} is None:\n        pass")
        keep = []
        plain = schema.PLAIN_TYPES.get(kind)
        if plain is not None:
            env[f"plain{i}"] = plain
            keep.append(f"type({v}) is plain{i}")
        if stored_as_sent and kind in _STORED_AS_SENT:
            env[f"as_sent{i}"] = _STORED_AS_SENT[kind]
            keep.append(f"as_sent{i}({v})")
        branch = f"elif not ({' or '.join(keep)}):" if keep else "else:"
        lines.append(f"    {branch}\n        {v} = decode({kind!r}, {v})")
    values = [f"v{i}" for i in range(len(info.columns))]
    if derive is not None:
        row = ", ".join(f"{c!r}: {v}" for c, v in zip(info.columns, values, strict=True))
        lines.append(f"    derived = derive({{{row}}})")
    out = []
    for i, v in enumerate(values):
        if i in bind_at:
            env[f"bind{i}"] = bind_at[i]
            out.append(f"bind{i}({v})")
        else:
            out.append(v)
    if derive is not None:
        out.append("*derived.values()")
    lines.append(f"    return [{', '.join(out)}]")
    exec("\n".join(lines), env)  # the source comes from the column plan alone, no data
    build: Callable[..., list[Any]] = env["build"]
    return build


def _rows_with_keys(
    session: Session, info: schema.TableInfo, cols: tuple[str, ...], keys: Sequence[tuple[Any, ...]]
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """``(id, encoded key)`` of the stored rows whose ``cols`` hold one of these encoded keys.

    Each key is an equality on all columns, so SQLite answers it from the unique index (a row
    value ``IN`` list, or all rows sharing the first column, would read far more: whole courses
    again on every part of a large import).
    """
    table = info.table
    if any(info.kinds[c] != "str" for c in cols):  # typed values: through SQLAlchemy's types
        for part in chunks(keys, 200):
            cond = or_(
                *(
                    and_(
                        *(
                            table.c[c] == schema.decode(info.kinds[c], v)
                            for c, v in zip(cols, k, strict=True)
                        )
                    )
                    for k in part
                )
            )
            for row in session.execute(select(table.c.id, *(table.c[c] for c in cols)).where(cond)):
                yield row.id, tuple(schema.encode(info.kinds[c], row._mapping[c]) for c in cols)
        return
    quote = session.get_bind().dialect.identifier_preparer.quote
    names = [quote(c) for c in cols]
    one = "(" + " AND ".join(f"{n} = ?" for n in names) + ")"
    raw = raw_connection(session)
    dialect = session.get_bind().dialect
    binders = [table.c[c].type.bind_processor(dialect) or unchanged for c in cols]
    readers = [table.c[c].type.result_processor(dialect, None) or unchanged for c in cols]
    _bind_id, read_id = key_io(session)
    for part in chunks(keys, 200):
        sql = (
            f"SELECT id, {', '.join(names)} FROM {quote(table.name)} "
            f"WHERE {' OR '.join(one for _ in part)}"
        )
        params = [b(v) for k in part for b, v in zip(binders, k, strict=True)]
        for row in raw.execute(sql, params):
            yield (
                read_id(row[0]),
                tuple(r(v) for r, v in zip(readers, row[1:], strict=True)),
            )


def _common_stamp(fields: dict[str, tuple[Any, Stamp]]) -> Stamp | None:
    """The stamp most fields share (usually the insert's): stored once for the whole row."""
    counts: dict[Stamp, int] = {}
    for _value, stamp in fields.values():
        counts[stamp] = counts.get(stamp, 0) + 1
    return max(counts, key=lambda s: (counts[s], s)) if counts else None


class Merger:
    """Folds entries and snapshot items into the database of ``session`` (one transaction)."""

    def __init__(self, session: Session, progress: ProgressCallback | None = None) -> None:
        self.session = session
        self.clock = Clock(session)
        self.site = self.clock.site
        self.tables = schema.tables()
        self.work: dict[tuple[str, str], RowWork] = {}
        self.by_table: dict[str, list[RowWork]] = {}
        """The rows of ``work`` per table, in the order they joined."""
        self.generated: list[Entry] = []
        self.progress = progress
        self.result = MergeResult()
        self._seq: int | None = None
        self._total = 2
        self.duplicate_candidates: list[str] = []
        self._defaults: dict[str, dict[str, Any]] = {}
        self._plans: dict[str, Any] = {}
        self._builders: dict[str, Callable[..., list[Any]]] = {}
        self._sqlite = session.get_bind().dialect.name == "sqlite"
        self._bind_id = key_io(session)[0]
        self._privacy_seen: set[tuple[str, str]] = set()
        """Rows whose privacy columns a snapshot item wrote (``schema.FORGET_WHEN_CLEARED``)."""
        self.stored: set[tuple[str, str]] = set()
        """Rows whose state was loaded from ``sync_row`` (the others' are new or inline)."""
        self.inlined: set[tuple[str, str]] = set()
        """New rows written with their state inline (``_inline``): no ``sync_row`` entry."""
        self.unseen: frozenset[str] = frozenset()
        """Tables that held no row and no state when the import began (``unseen_tables``):
        the rows of this part's own entries are not looked up there."""

    # ---------------------------------------------------------------- loading
    def _report(self, done: int, total: int) -> None:
        if self.progress is not None and not self.progress(done, total):
            raise Cancelled(_("Cancelled. Nothing was changed."))

    def load(self, keys: Iterable[tuple[str, str]], *, own: bool = False) -> None:
        """Bring these rows (state and current values) into the working set.

        ``own``: the rows of this part's entries, which no earlier part of the same import has
        written (a part holds every entry of its rows), so in a table of ``unseen`` they cannot
        exist yet.
        """
        missing = list(dict.fromkeys(k for k in keys if k not in self.work))
        if not missing:
            return
        unseen = self.unseen if own else frozenset()
        states = load_states(
            self.session, [k for k in missing if k[0] not in unseen], presence=True
        )
        self.stored |= states.stored
        by_table: dict[str, list[str]] = {}
        for tbl, row_id in missing:
            by_table.setdefault(tbl, []).append(row_id)
        for tbl, ids in by_table.items():
            info = self.tables[tbl]
            rows_of_table = self.by_table.setdefault(tbl, [])
            present = [i for i in ids if (tbl, i) in states.present]
            rows = read_rows(self.session, tbl, present) if present else {}
            for row_id in ids:
                raw = rows.get(row_id)
                before = schema.encode_row(info, raw) if raw is not None else None
                state = states.get((tbl, row_id))
                if state is not None and state.alive and before is None:
                    state = None  # state without row (never happens after a sweep)
                w = RowWork(
                    tbl,
                    row_id,
                    state,
                    state.copy() if state else None,
                    before,
                    dict(before) if before is not None else None,
                )
                self.work[(tbl, row_id)] = w
                rows_of_table.append(w)

    # ---------------------------------------------------------------- folding
    def fold_entries(self, entries: Sequence[Entry]) -> None:
        if entries:
            self.clock.receive(max(e.hlc for e in entries))
        self.load(((e.tbl, e.row_id) for e in entries), own=True)
        ordered = sorted(entries, key=lambda e: (e.hlc, e.origin, e.seq))
        total = self._total = max(len(ordered), 1) * 2
        for index, entry in enumerate(ordered):
            w = self.work[(entry.tbl, entry.row_id)]
            w.entries.append(entry)
            if not w.pending:
                self._fold(w, entry)
            if index % 2000 == 0:
                self._report(index, total)

    def _fill(self, tbl: str, data: dict[str, Any]) -> dict[str, Any]:
        defaults = self._defaults.get(tbl)
        if defaults is None:
            info = self.tables[tbl]
            defaults = {c: schema.encode(info.kinds[c], info.defaults.get(c)) for c in info.columns}
            self._defaults[tbl] = defaults
        return {**defaults, **data}

    def _conflict(self, w: RowWork, conflict: Conflict) -> None:
        w.conflicts.append(conflict)

    def _fold(self, w: RowWork, e: Entry) -> None:
        st = w.state
        w.touched = True
        info = self.tables[w.tbl]
        if st is None:
            if e.op == "i":
                w.state = RowState(w.tbl, w.row_id, e.gen, True, Stamps(e.stamp))
                w.values = self._fill(w.tbl, e.data)
                w.incomplete = e.redacted
            elif e.op == "u":
                w.pending = True
            else:
                w.state = RowState(w.tbl, w.row_id, e.gen, False, Stamps(), e.stamp)
                w.values = None
            return
        if e.gen > st.gen:
            if e.op == "i":
                w.state = RowState(w.tbl, w.row_id, e.gen, True, Stamps(e.stamp), None, st.scope)
                w.values = self._fill(w.tbl, e.data)
                w.incomplete = e.redacted
            elif e.op == "u":
                w.pending = True
            else:
                st.gen, st.alive, st.stamps, st.deleted = e.gen, False, Stamps(), e.stamp
                w.values = None
            return
        if e.gen < st.gen:
            if e.op != "d" and not e.redacted:
                self._lost_to_delete(w, e)
            return
        if e.op == "d":
            if st.alive:
                values = w.values or {}
                lost = [
                    c
                    for c in info.columns
                    if c not in schema.META_COLUMNS
                    and st.stamps.get(c) is not None
                    and (e.bases is None or e.bases.get(c) != st.stamps.get(c))
                    and (st.stamps.get(c) or (0, ""))[0] != 0
                ]
                if lost and not w.incomplete:
                    kept_by = st.stamps.get(lost[0]) or (0, "")
                    self._conflict(
                        w,
                        Conflict(
                            "deleted",
                            w.tbl,
                            w.row_id,
                            ",".join(lost),
                            None,
                            {c: values.get(c) for c in lost},
                            e.origin,
                            kept_by[1],
                            dict(values),
                        ),
                    )
                st.alive, st.stamps, st.deleted = False, Stamps(), e.stamp
                w.values = None
            else:
                st.deleted = max(st.deleted, e.stamp) if st.deleted else e.stamp
            return
        if not st.alive:
            if not e.redacted:
                self._lost_to_delete(w, e)
            return
        values = w.values if w.values is not None else {}
        w.values = values
        if e.op == "i" and not e.redacted:
            w.incomplete = False
        for col, value in e.data.items():
            current = st.stamps.get(col)
            if current is None or e.stamp > current:
                old = values.get(col)
                if old != value:
                    base = e.bases.get(col) if e.bases is not None else None
                    if (
                        current is not None
                        and base != current
                        and current[0] != 0
                        and e.hlc != 0
                        and col not in schema.META_COLUMNS
                    ):
                        self._conflict(
                            w,
                            Conflict(
                                "field", w.tbl, w.row_id, col, value, old, e.origin, current[1]
                            ),
                        )
                    values[col] = value
                st.stamps.set(col, e.stamp)
            elif e.stamp < current and (
                values.get(col) != value
                and col not in schema.META_COLUMNS
                and e.hlc != 0
                and current[0] != 0
            ):
                self._conflict(
                    w,
                    Conflict(
                        "field",
                        w.tbl,
                        w.row_id,
                        col,
                        values.get(col),
                        value,
                        current[1],
                        e.origin,
                    ),
                )

    def _lost_to_delete(self, w: RowWork, e: Entry) -> None:
        lost = {c: v for c, v in e.data.items() if c not in schema.META_COLUMNS}
        if not lost:
            return
        deleter = w.state.deleted[1] if w.state and w.state.deleted else ""
        snapshot = dict(e.data) if e.op == "i" else None
        self._conflict(
            w,
            Conflict(
                "deleted",
                w.tbl,
                w.row_id,
                ",".join(sorted(lost)),
                None,
                lost,
                deleter,
                e.origin,
                snapshot,
            ),
        )

    def fold_snapshot(self, items: Sequence[SnapshotItem]) -> None:
        """Merge a course package: field by field, newer stamps win; nothing enters the log."""
        for item in items:
            for _value, stamp in item.fields.values():
                self.clock.receive(stamp[0])
        self.load((i.tbl, i.row_id) for i in items)
        for item in sorted(items, key=lambda i: self.tables[i.tbl].order):
            w = self.work[(item.tbl, item.row_id)]
            w.touched = True
            st = w.state
            if st is None or item.gen > st.gen:
                if item.alive:
                    complete = len(item.fields) == len(self.tables[item.tbl].columns)
                    default = _common_stamp(item.fields) if complete else None
                    w.state = RowState(item.tbl, item.row_id, item.gen, True, Stamps(default))
                    for col, (_value, stamp) in item.fields.items():
                        w.state.stamps.set(col, stamp)
                    w.values = self._fill(item.tbl, {c: v for c, (v, _s) in item.fields.items()})
                else:
                    w.state = RowState(
                        item.tbl, item.row_id, item.gen, False, Stamps(), item.deleted
                    )
                    w.values = None
                continue
            if item.gen < st.gen:
                continue
            if not item.alive:
                if st.alive:
                    st.alive, st.stamps, st.deleted = False, Stamps(), item.deleted
                    w.values = None
                elif item.deleted and (st.deleted is None or item.deleted > st.deleted):
                    st.deleted = item.deleted
                continue
            if not st.alive or w.values is None:
                continue
            for col, (value, stamp) in item.fields.items():
                current = st.stamps.get(col)
                if current is None or stamp > current:
                    old = w.values.get(col)
                    if (
                        old != value
                        and current is not None
                        and current[1] == self.site
                        and current[0] != 0
                        and col not in schema.META_COLUMNS
                    ):
                        self._conflict(
                            w,
                            Conflict(
                                "field", w.tbl, w.row_id, col, value, old, stamp[1], self.site
                            ),
                        )
                    w.values[col] = value
                    st.stamps.set(col, stamp)
                    if col in schema.FORGET_WHEN_CLEARED.get(w.tbl, ()):
                        self._privacy_seen.add(w.key)

    # ---------------------------------------------------------------- local entries
    def _next_seq(self) -> int:
        if self._seq is None:
            from lotsen_desktop.sync.capture import next_seq

            self._seq = next_seq(self.session, self.site)
        seq = self._seq
        self._seq += 1
        return seq

    def _local_delete(self, w: RowWork) -> None:
        assert w.state is not None
        hlc = self.clock.tick()
        bases = w.state.stamps.copy()
        self.generated.append(
            Entry(self.site, self._next_seq(), hlc, w.tbl, w.row_id, "d", w.state.gen, {}, bases)
        )
        w.state.alive, w.state.stamps, w.state.deleted = False, Stamps(), (hlc, self.site)
        w.values = None
        w.touched = True

    def _local_update(self, w: RowWork, col: str, value: Any) -> None:
        assert w.state is not None and w.values is not None
        hlc = self.clock.tick()
        bases = Stamps(None, {col: s} if (s := w.state.stamps.get(col)) else {})
        self.generated.append(
            Entry(
                self.site,
                self._next_seq(),
                hlc,
                w.tbl,
                w.row_id,
                "u",
                w.state.gen,
                {col: value},
                bases,
            )
        )
        w.values[col] = value
        w.state.stamps.set(col, (hlc, self.site))
        w.touched = True

    # ---------------------------------------------------------------- resolving
    def _revert(self, w: RowWork) -> None:
        """Leave a row as it was; its entries wait for a later import."""
        w.pending = True
        w.state = w.orig.copy() if w.orig else None
        w.values = dict(w.before) if w.before is not None else None
        w.conflicts.clear()

    def resolve(self) -> None:
        for w in self.work.values():
            if w.pending or (w.alive and w.incomplete):
                self._revert(w)
        for info in self.tables.values():
            self._load_cascaded_children(info)
            self._check_parents(info, self.by_table.get(info.name, []))
        self._check_uniques()
        self._scopes()

    def _dying_ids(self, tbl: str) -> list[str]:
        return [w.row_id for w in self.by_table.get(tbl, ()) if w.dying]

    def _load_cascaded_children(self, info: schema.TableInfo) -> None:
        """Rows in the database whose parent dies in this merge join the working set."""
        for link in info.parents:
            dying = self._dying_ids(link.parent)
            if not dying:
                continue
            found: list[str] = []
            for part in chunks(dying):
                found.extend(
                    self.session.execute(
                        select(info.table.c.id).where(info.table.c[link.column].in_(part))
                    ).scalars()
                )
            self.load((info.name, row_id) for row_id in found)

    def _parent_status(
        self, links: list[schema.ForeignKeyInfo], rows: list[RowWork]
    ) -> dict[tuple[str, str], str]:
        """alive / dead / unknown / pending for every parent these rows point to."""
        status: dict[tuple[str, str], str] = {}
        outside: dict[str, set[str]] = {}
        for w in rows:
            if not w.alive or w.values is None:
                continue
            for link in links:
                parent_id = w.values.get(link.column)
                if parent_id is None:
                    continue
                key = (link.parent, parent_id)
                if key in status:
                    continue
                pw = self.work.get(key)
                if pw is not None:
                    if pw.pending:
                        status[key] = "alive" if pw.before is not None else "pending"
                    else:
                        status[key] = "alive" if pw.alive else "dead"
                else:
                    outside.setdefault(link.parent, set()).add(parent_id)
        raw = raw_connection(self.session)
        quote = self.session.get_bind().dialect.identifier_preparer.quote
        bind = self._bind_id
        for parent, ids in outside.items():
            present: set[str] = set()
            id_list = sorted(ids)
            for part in chunks(id_list):
                asked = {bind(i): i for i in part}  # each id's text, not converted back
                sql = f"SELECT id FROM {quote(parent)} WHERE id IN ({', '.join('?' * len(part))})"
                present.update(asked[row[0]] for row in raw.execute(sql, list(asked)))
            absent = [i for i in id_list if i not in present]
            states = load_states(self.session, [(parent, i) for i in absent])
            for i in id_list:
                if i in present:
                    status[(parent, i)] = "alive"
                else:
                    status[(parent, i)] = "dead" if (parent, i) in states else "unknown"
        return status

    def _check_parents(self, info: schema.TableInfo, rows: list[RowWork]) -> None:
        if not info.parents:
            return
        status = self._parent_status(info.parents, rows)
        for w in rows:
            if not w.alive or w.values is None:
                continue
            verdict = "alive"
            nulls: list[str] = []
            for link in info.parents:
                parent_id = w.values.get(link.column)
                if parent_id is None:
                    continue
                s = status[(link.parent, parent_id)]
                if s == "dead":
                    if link.ondelete == "SET NULL":
                        nulls.append(link.column)
                    else:
                        verdict = "dead"
                elif s in ("unknown", "pending") and verdict != "dead":
                    verdict = "pending"
            if verdict == "dead":
                snapshot = dict(w.values)
                self._conflict(
                    w,
                    Conflict("orphan", w.tbl, w.row_id, "", None, None, "", self.site, snapshot),
                )
                self._local_delete(w)
            elif verdict == "pending":
                self._revert(w)
            else:
                for col in nulls:
                    self._local_update(w, col, None)

    def _check_uniques(self) -> None:
        for info in self.tables.values():
            for cols in info.uniques:
                candidates = [
                    w
                    for w in self.by_table.get(info.name, ())
                    if w.alive
                    and w.values is not None
                    and (w.before is None or any(w.before.get(c) != w.values.get(c) for c in cols))
                ]
                if candidates:
                    self._resolve_unique(info, cols, candidates)

    def _resolve_unique(
        self, info: schema.TableInfo, cols: tuple[str, ...], candidates: list[RowWork]
    ) -> None:
        groups: dict[tuple[Any, ...], set[str]] = {}
        for w in candidates:
            assert w.values is not None
            groups.setdefault(tuple(w.values.get(c) for c in cols), set()).add(w.row_id)
        complete = sorted(k for k in groups if not any(v is None for v in k))
        for row_id, key in _rows_with_keys(self.session, info, cols, complete):
            if key in groups:
                known = self.work.get((info.name, row_id))
                if known is None or (
                    known.alive
                    and known.values is not None
                    and tuple(known.values.get(c) for c in cols) == key
                ):
                    groups[key].add(row_id)
        for key, ids in groups.items():
            if len(ids) < 2 or any(v is None for v in key):
                continue
            ordered = sorted(ids)
            self.load((info.name, i) for i in ordered)
            keeper = ordered[0]
            for loser_id in ordered[1:]:
                w = self.work[(info.name, loser_id)]
                if not w.alive or w.values is None:
                    continue
                if len(cols) == 1 and info.name in schema.SINGLE_UNIQUE_RENAMEABLE:
                    col = cols[0]
                    old = w.values[col]
                    suffix = "~" + loser_id[:8]
                    limit = info.lengths[col] or 200
                    new = str(old)[: limit - len(suffix)] + suffix
                    self._conflict(
                        w,
                        Conflict("unique", w.tbl, w.row_id, col, new, old, self.site, keeper),
                    )
                    self._local_update(w, col, new)
                else:
                    self._conflict(
                        w,
                        Conflict(
                            "unique",
                            w.tbl,
                            w.row_id,
                            ",".join(cols),
                            None,
                            None,
                            self.site,
                            keeper,
                            dict(w.values),
                        ),
                    )
                    self._local_delete(w)

    def _scopes(self) -> None:
        sessions: dict[str, str | None] = {}
        for tbl in ("course_session", "enrolment", "course_lock"):
            for w in self.by_table.get(tbl, ()):
                if w.alive and w.values is not None and w.state is not None:
                    w.state.scope = w.values.get("course_id")
        marks: list[tuple[RowWork, str]] = []
        for w in self.by_table.get("attendance", ()):
            if not w.alive or w.values is None or w.state is None:
                continue
            sid = w.values.get("session_id")
            pw = self.work.get(("course_session", sid)) if sid else None
            if pw is not None and pw.values is not None:
                w.state.scope = pw.values.get("course_id")
            elif sid is not None:
                marks.append((w, sid))
        if not marks:
            return
        raw = raw_connection(self.session)
        bind, read = key_io(self.session)
        wanted = sorted({sid for _w, sid in marks})
        for part in chunks(wanted):
            asked = {bind(i): i for i in part}
            sql = f"SELECT id, course_id FROM course_session WHERE id IN ({', '.join('?' * len(part))})"
            sessions.update((asked[row[0]], read(row[1])) for row in raw.execute(sql, list(asked)))
        for w, sid in marks:
            assert w.state is not None
            w.state.scope = sessions.get(sid)

    # ---------------------------------------------------------------- duplicates
    def find_duplicates(self) -> None:
        """Note the persons of this merge whose names are new or changed (checked at the end)."""
        self.duplicate_candidates = [
            w.row_id
            for w in self.by_table.get("volunteer", ())
            if w.alive
            and w.values is not None
            and (
                w.before is None
                or any(
                    w.before.get(c) != w.values.get(c)
                    for c in ("given_name", "family_name", "birth_date")
                )
            )
        ]

    # ---------------------------------------------------------------- writing
    def _decoded_row(
        self, info: schema.TableInfo, values: dict[str, Any], now: datetime | None = None
    ) -> dict[str, Any]:
        row: dict[str, Any] = {}
        now = now or _now()
        decode = schema.decode
        plain = schema.PLAIN_TYPES
        get = values.get
        for col, kind, nullable, default in _column_plan(info):
            value = get(col)
            if value is None:
                if not nullable:
                    if default is not _NO_DEFAULT:
                        row[col] = default
                        continue
                    if kind == "datetime":
                        row[col] = now
                        continue
                row[col] = None
            elif type(value) is plain.get(kind):
                row[col] = value
            else:
                row[col] = decode(kind, value)
        if info.name in schema.DERIVED:
            row.update(schema.DERIVED[info.name](row))
        return row

    def _insert_plan(self, info: schema.TableInfo) -> _InsertPlan:
        """Columns of an inserted row (transported, derived, ``id``), the transported columns'
        binders by position, and the function computing the derived columns."""
        plan = self._plans.get(info.name)
        if plan is None:
            derive = schema.DERIVED.get(info.name)
            columns = [*info.columns, *(derive({}) if derive else ()), "id", *INLINE_COLUMNS]
            binders = _binders(self.session, info.table, info.columns)
            plan = self._plans[info.name] = (
                columns,
                [(index, b) for index, b in enumerate(binders) if b is not None],
                derive,
            )
        return plan

    def _inline(self, w: RowWork) -> Stamp | None:
        """The stamp a new row can carry as its inline state (``store.inline_state``): a row
        no state here has seen, alive with one stamp for all its fields, as after a plain
        insert (nearly every row of a large import). Its state then needs no ``sync_row``
        entry, and nothing has to be folded afterwards."""
        st = w.state
        if w.orig is not None or w.key in self.stored or st is None or not st.alive:
            return None
        if st.deleted is not None or st.stamps.cols:
            return None
        if st.scope is not None and scope_sql(w.tbl, "u") == "NULL":  # no scope from the row
            return None
        return st.stamps.default

    def _insert_values(
        self, info: schema.TableInfo, w: RowWork, now: datetime, inline: tuple[Any, ...]
    ) -> list[Any]:
        """The bound values of a new row in ``_insert_plan`` order (``_decoded_row`` and the
        column binders in one pass: most rows of a large import are new); ``inline``: its
        inline state columns."""
        assert w.values is not None
        build = self._builders.get(info.name)
        if build is None:
            build = self._builders[info.name] = _row_builder(
                info, self._insert_plan(info), stored_as_sent=self._sqlite
            )
        out = build(w.values.get, now)
        out.append(self._bind_id(w.row_id))
        out.extend(inline)
        return out

    def write(self) -> None:
        """Write the final rows (foreign keys are checked when the transaction commits)."""
        session = self.session
        if session.get_bind().dialect.name == "sqlite":
            session.execute(_DEFER_FOREIGN_KEYS)
        ordered = sorted(self.work.values(), key=lambda w: (self.tables[w.tbl].order, w.row_id))
        now = _now()
        inserts: dict[str, list[list[Any]]] = {}
        updates: dict[tuple[str, frozenset[str]], list[dict[str, Any]]] = {}
        deletes: dict[str, list[str]] = {}
        res = self.result
        noted: list[tuple[str, str, dict[str, Any] | None, dict[str, Any] | None]] = []
        stamps = {
            w.key: stamp
            for w in ordered
            if not w.pending and w.before is None and (stamp := self._inline(w)) is not None
        }
        numbers = site_numbers(session, {site for _hlc, site in stamps.values()})
        outside: tuple[int | None, ...] = (None, None, None)
        for w in ordered:
            info = self.tables[w.tbl]
            if w.pending:
                continue
            if w.alive and w.values is not None:
                noted.append((w.tbl, w.row_id, w.before, w.values))
                if w.before is None:
                    stamp = stamps.get(w.key)
                    inline = outside
                    if stamp is not None:
                        assert w.state is not None
                        inline = (w.state.gen, stamp[0], numbers[stamp[1]])
                        self.inlined.add(w.key)
                    inserts.setdefault(w.tbl, []).append(self._insert_values(info, w, now, inline))
                    res.new[w.tbl] = res.new.get(w.tbl, 0) + 1
                else:
                    changed = [c for c in info.columns if w.before.get(c) != w.values.get(c)]
                    if not changed:
                        continue
                    full = self._decoded_row(info, w.values, now)
                    written = set(changed)
                    if info.name in schema.DERIVED and written & schema.DERIVED_SOURCES[info.name]:
                        written |= set(schema.DERIVED[info.name]({}))
                    params = {c: full[c] for c in written}
                    params["k_id"] = w.row_id
                    updates.setdefault((w.tbl, frozenset(written)), []).append(params)
                    if set(changed) - schema.META_COLUMNS:
                        res.changed[w.tbl] = res.changed.get(w.tbl, 0) + 1
            elif w.before is not None:
                noted.append((w.tbl, w.row_id, w.before, None))
                deletes.setdefault(w.tbl, []).append(w.row_id)
                res.deleted[w.tbl] = res.deleted.get(w.tbl, 0) + 1
        note_rows(session, noted)
        steps = (
            sum(len(r) for r in updates.values())
            + sum(len(d) for d in deletes.values())
            + sum(len(i) for i in inserts.values())
        )
        done = 0
        half = self._total // 2

        def advance(count: int) -> None:
            nonlocal done
            done += count
            self._report(half + half * done // max(steps, 1), self._total)

        for (tbl, cols), rows in updates.items():
            table = self.tables[tbl].table
            for part in chunks(rows, 2000):
                _update_many(session, table, sorted(cols), part)
                advance(len(part))
        for tbl in sorted(deletes, key=lambda t: -self.tables[t].order):
            table = self.tables[tbl].table
            for part in chunks(deletes[tbl]):
                session.execute(delete(table).where(table.c.id.in_(part)))
                advance(len(part))
        for tbl in sorted(inserts, key=lambda t: self.tables[t].order):
            info = self.tables[tbl]
            columns = self._insert_plan(info)[0]
            for part in chunks(inserts[tbl], 2000):
                _insert_tuples(session, info.table, columns, part)
                advance(len(part))

    def save(
        self,
        new_entries: Sequence[Entry],
        retried: Sequence[Entry],
        exchange_id: int | None,
        fold: dict[str, int] | None = None,
    ) -> None:
        """Store the log entries, row states, conflicts and duplicates of this merge.

        ``fold``: per origin, the seq up to which applied entries stay out of the log (the
        compaction after the import would delete them; ``compact.import_fold_limits``).
        """
        session = self.session
        pending_keys = {w.key for w in self.work.values() if w.pending}
        for entry in new_entries:
            entry.applied = (entry.tbl, entry.row_id) not in pending_keys
        logged = list(new_entries)
        if fold:
            logged = [e for e in logged if not e.applied or e.seq > fold.get(e.origin, 0)]
        insert_entries(session, logged + self.generated)
        now_applied = [(e.origin, e.seq) for e in retried if (e.tbl, e.row_id) not in pending_keys]
        if now_applied:  # one primary-key lookup each (a row-value IN list scans the whole log)
            raw_connection(session).executemany(
                "UPDATE sync_change SET applied = 1 WHERE origin = ? AND seq = ?", now_applied
            )
        changed_states = [
            w.state
            for w in self.work.values()
            if w.touched
            and not w.pending
            and w.state is not None
            and w.state != w.orig
            and w.key not in self.inlined
        ]
        # in sync_row: an inline state (``store.inline_state``) is saved there as a new entry
        save_states(session, changed_states, self.stored)
        dead = [
            w.key
            for w in self.work.values()
            if w.touched and not w.pending and w.state is not None and not w.state.alive
        ]
        redact(session, dead, forget=False)
        now = _now()
        conflicts = [c for w in self.work.values() if not w.pending for c in w.conflicts]
        self.result.conflicts = conflicts
        if conflicts:
            session.execute(
                insert(conflict_table),
                [
                    {
                        "detected_at": now,
                        "exchange_id": exchange_id,
                        "kind": c.kind,
                        "tbl": c.tbl,
                        "row_id": c.row_id,
                        "col": c.col,
                        "kept": json.dumps(c.kept, ensure_ascii=False),
                        "lost": json.dumps(c.lost, ensure_ascii=False),
                        "kept_site": c.kept_site,
                        "lost_site": c.lost_site,
                        "snapshot": json.dumps(c.snapshot, ensure_ascii=False)
                        if c.snapshot is not None
                        else "",
                        "status": "open",
                    }
                    for c in conflicts
                ],
            )
        cleared, people, owned = self._privacy()
        if cleared:
            redact(session, [], forget=False, cleared=cleared)
        if people:
            scrub_conflicts(session, rows=owned, people=people)
        self.clock.save()
        self.result.pending = sum(
            1 for e in list(new_entries) + list(retried) if (e.tbl, e.row_id) in pending_keys
        )
        self.result.applied = len(new_entries) + len(retried) - self.result.pending
        self.result.generated = len(self.generated)

    def _privacy(self) -> tuple[list[Cleared], list[str], list[tuple[str, str]]]:
        """What this merge removed for data protection: privacy columns left empty (their older
        values leave the log), erased persons and the rows of their files that died with them
        (their conflict entries lose their values)."""
        cleared: list[Cleared] = []
        for tbl, watched in schema.FORGET_WHEN_CLEARED.items():
            for w in self.by_table.get(tbl, ()):
                if not w.touched or not w.alive or w.values is None or w.state is None:
                    continue
                mentioned = {
                    c
                    for e in w.entries
                    for c in watched
                    if c in e.data and (e.op == "u" or not schema.is_empty(e.data[c]))
                }
                if w.key in self._privacy_seen:
                    mentioned |= watched
                gone = {
                    c: w.state.stamps.get(c)
                    for c in sorted(mentioned)
                    if schema.is_empty(w.values.get(c))
                }
                if gone:
                    cleared.append(Cleared(tbl, w.row_id, gone))
        people = {
            w.row_id
            for w in self.by_table.get("volunteer", ())
            if w.touched and not w.pending and w.state is not None and not w.state.alive
        }
        named = {
            person
            for w in self.work.values()
            for c in w.conflicts
            for values in (c.snapshot, c.lost, c.kept)
            if isinstance(values, dict) and isinstance(person := values.get("volunteer_id"), str)
        }
        for info in self.tables.values():
            links = [link.column for link in info.parents if link.parent == "volunteer"]
            for w in self.by_table.get(info.name, ()) if links else ():
                if w.dying:
                    named.update(
                        p
                        for col in links
                        if isinstance(p := w.before.get(col), str)  # type: ignore[union-attr]
                    )
        named -= people
        if named:
            self.load(("volunteer", p) for p in named)
            people |= {
                p
                for p in named
                if (w := self.work[("volunteer", p)]).state is not None and not w.state.alive
            }
        if not people:
            return cleared, [], []
        owned = {("volunteer", p) for p in people}
        for info in self.tables.values():  # parents first
            for w in self.by_table.get(info.name, ()):
                before = w.before
                if w.dying and before is not None:
                    parents = {(link.parent, str(before.get(link.column))) for link in info.parents}
                    if parents & owned:
                        owned.add(w.key)
        return cleared, sorted(people), sorted(k for k in owned if k[0] != "volunteer")


def pending_entries(session: Session) -> list[Entry]:
    t = change_table
    return [entry_from_row(r) for r in session.execute(select(t).where(t.c.applied.is_(False)))]


def namesake_pairs(people: dict[str, tuple[str, Any]], wanted: set[str]) -> set[tuple[str, str]]:
    """``(smaller id, larger id)`` of the people (id -> folded name, birth date) who share a
    name with one of ``wanted`` and whose birth dates do not differ (one or both unknown).

    People are grouped by name and birth date, so a person is compared only with namesakes
    born the same day or without a date: a register of 100,000 has hundreds of people per
    common name, and comparing each with all its namesakes took a twentieth of a large import.
    """
    by_name: dict[str, dict[Any, list[str]]] = {}
    for person_id, (name, birth) in people.items():
        by_name.setdefault(name, {}).setdefault(birth, []).append(person_id)
    found: set[tuple[str, str]] = set()
    for person_id in wanted:
        if person_id not in people:
            continue
        name, birth = people[person_id]
        births = by_name[name]
        if birth is None:
            others = [other for ids in births.values() for other in ids]
        else:
            others = births.get(birth, []) + births.get(None, [])
        found.update(
            (min(person_id, other), max(person_id, other)) for other in others if other != person_id
        )
    return found


def find_duplicates(session: Session, candidates: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of persons (one of them in ``candidates``) with the same folded name and a birth
    date that does not differ; read from the database after the rows are written."""
    wanted = set(candidates)
    if not wanted:
        return []
    table = schema.tables()["volunteer"].table
    people = {
        row.id: (
            fold_name(row.given_name or "") + "|" + fold_name(row.family_name or ""),
            row.birth_date,
        )
        for row in session.execute(
            select(table.c.id, table.c.given_name, table.c.family_name, table.c.birth_date)
        )
    }
    d = duplicate_table
    known = {(a, b) for a, b in session.execute(select(d.c.first_id, d.c.second_id))}
    found = namesake_pairs(people, wanted) - known
    pairs = sorted(found)
    if pairs:
        now = _now()
        session.execute(
            insert(duplicate_table),
            [
                {"detected_at": now, "first_id": a, "second_id": b, "status": "open"}
                for a, b in pairs
            ],
        )
    return pairs


def _merge_part(
    session: Session,
    entries: Sequence[Entry],
    snapshot: Sequence[SnapshotItem],
    retried: Sequence[Entry],
    exchange_id: int | None,
    progress: ProgressCallback | None = None,
    fold: dict[str, int] | None = None,
    unseen: frozenset[str] = frozenset(),
) -> Merger:
    merger = Merger(session, progress)
    merger.unseen = unseen
    merger.fold_entries(list(retried) + list(entries))
    if snapshot:
        merger.fold_snapshot(snapshot)
    merger.resolve()
    merger.find_duplicates()
    merger.write()
    merger.save(entries, retried, exchange_id, fold)
    return merger


def _add(total: MergeResult, part: MergeResult) -> None:
    for mine, theirs in (
        (total.new, part.new),
        (total.changed, part.changed),
        (total.deleted, part.deleted),
    ):
        for tbl, count in theirs.items():
            mine[tbl] = mine.get(tbl, 0) + count
    total.conflicts.extend(part.conflicts)
    total.applied += part.applied
    total.generated += part.generated


def merge(
    session: Session,
    entries: Sequence[Entry],
    snapshot: Sequence[SnapshotItem] = (),
    *,
    progress: ProgressCallback | None = None,
    exchange_id: int | None = None,
) -> MergeResult:
    """Apply new entries (already checked as new and gap-free) and a package's snapshot."""
    retried = pending_entries(session)
    merger = _merge_part(session, entries, snapshot, retried, exchange_id, progress)
    merger.result.duplicates = find_duplicates(session, merger.duplicate_candidates)
    return merger.result


Part = tuple[Sequence[Entry], Sequence[SnapshotItem]]


def unseen_tables(session: Session) -> frozenset[str]:
    """The tables without any row or row state: in a new database, all of them. An import's
    own rows there need not be looked up (``Merger.load``). Only on SQLite, where the import
    is the only writer while it runs."""
    if session.get_bind().dialect.name != "sqlite":
        return frozenset()
    raw = raw_connection(session)
    return frozenset(
        name
        for name in schema.tables()
        if raw.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone() is None
        and not has_stored_states(raw, name)
    )


def merge_parts(
    session: Session,
    parts: Iterable[Part],
    *,
    advance: Callable[[int], None] | None = None,
    exchange_id: int | None = None,
    fold: dict[str, int] | None = None,
) -> MergeResult:
    """Apply a large import part by part, in the caller's one transaction.

    ``advance(n)`` is told after each part how many entries and snapshot items it applied.
    ``fold``: see :meth:`Merger.save`; the caller must undo the merge if an entry still waits
    for a parent at the end (``result.pending``), since the log must keep everything above
    such an entry.

    Each part holds every entry of its rows (grouped by row, parents' tables first), so each
    row is folded completely within one part and the working set stays small. Entries that wait
    for a parent are retried once at the end; duplicates are looked for once at the end.
    """
    result = MergeResult()
    candidates: list[str] = []
    unseen = unseen_tables(session)
    for entries, snapshot in parts:
        merger = _merge_part(
            session,
            entries,
            snapshot,
            (),
            exchange_id,
            fold=fold,
            unseen=unseen,
        )
        _add(result, merger.result)
        candidates.extend(merger.duplicate_candidates)
        del merger  # freed before the next part is read (and the young objects collected)
        if advance is not None:
            advance(len(entries) + len(snapshot))
    retried = pending_entries(session)
    if retried:
        merger = _merge_part(session, (), (), retried, exchange_id)
        _add(result, merger.result)
        candidates.extend(merger.duplicate_candidates)
        result.pending = merger.result.pending
    result.duplicates = find_duplicates(session, candidates)
    return result


__all__ = ["Conflict", "MergeResult", "SnapshotItem", "merge", "merge_parts"]
