"""The per-row merge state (``sync_row``) and the change-log rows, as plain Python objects.

Field stamps are stored compactly: one default stamp for the whole row (the insert) plus the
columns written later, so a row that was never edited costs one stamp, not twenty. In ``sync_row``
the default stamp is two integers (clock value, the site's local number in ``sync_site``) and the
table a number (``TABLE_NUMBERS``); only the later columns' stamps are JSON; the row id and the
scope are keys (16 bytes on SQLite, ``store.types``). Every read and write of ``sync_row`` decodes
and encodes here, so the merge sees ``RowState`` and ``Stamps`` only, with ids as text.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from lotsen_desktop.store.batches import chunks
from lotsen_desktop.store.inline_state import fold, has_columns, scope_sql
from lotsen_desktop.store.log_packing import stored_data
from lotsen_desktop.store.sync_tables import TABLE_NAMES, TABLE_NUMBERS
from lotsen_desktop.store.types import key_io
from lotsen_desktop.sync.clock import Stamp

_DATA_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""``json.dumps(data, ensure_ascii=False, separators=(",", ":"))`` without building an encoder
for every entry."""


@functools.lru_cache(maxsize=4096)
def _quoted(text: str) -> str:
    """JSON string of a column name or site id (a handful of distinct values, so cached)."""
    return json.dumps(text)


class Stamps:
    """Stamp of each field's current value: ``default`` plus per-column overrides."""

    __slots__ = ("cols", "default")

    def __init__(self, default: Stamp | None = None, cols: dict[str, Stamp] | None = None) -> None:
        self.default = default
        self.cols: dict[str, Stamp] = cols or {}

    def get(self, column: str) -> Stamp | None:
        return self.cols.get(column, self.default)

    def set(self, column: str, stamp: Stamp) -> None:
        if stamp == self.default:
            self.cols.pop(column, None)
        else:
            self.cols[column] = stamp

    def copy(self) -> Stamps:
        return Stamps(self.default, dict(self.cols))

    def max(self) -> Stamp | None:
        candidates = [s for s in (self.default, *self.cols.values()) if s is not None]
        return max(candidates) if candidates else None

    def dumps(self) -> str:
        parts = [f"{_quoted(c)}:[{s[0]},{_quoted(s[1])}]" for c, s in sorted(self.cols.items())]
        if self.default is not None:
            parts.append(f'"*":[{self.default[0]},{_quoted(self.default[1])}]')
        return "{" + ",".join(parts) + "}"

    @classmethod
    def loads(cls, text: str | None) -> Stamps:
        if not text:
            return cls()
        data = json.loads(text)
        default = data.pop("*", None)
        return cls(
            (int(default[0]), str(default[1])) if default else None,
            {c: (int(s[0]), str(s[1])) for c, s in data.items()},
        )

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Stamps) and self.default == other.default and self.cols == other.cols
        )

    def __repr__(self) -> str:
        return f"Stamps({self.default!r}, {self.cols!r})"


@dataclass(slots=True)
class RowState:
    tbl: str
    row_id: str
    gen: int = 0
    alive: bool = True
    stamps: Stamps = field(default_factory=Stamps)
    deleted: Stamp | None = None
    scope: str | None = None

    def copy(self) -> RowState:
        return RowState(
            self.tbl,
            self.row_id,
            self.gen,
            self.alive,
            self.stamps.copy(),
            self.deleted,
            self.scope,
        )


SiteNumbers = dict[str, int]
"""Site id -> its local number in ``sync_site``."""

SiteIds = dict[int, str]
"""Local number in ``sync_site`` -> site id."""


def site_ids(session: Session) -> SiteIds:
    """This database's site numbers (a handful of rows: read whole, never cached, so a rolled
    back numbering is never remembered)."""
    return _site_ids(raw_connection(session))


def _site_ids(raw: Any) -> SiteIds:
    return {
        int(number): str(site) for number, site in raw.execute("SELECT id, site_id FROM sync_site")
    }


def site_numbers(session: Session, sites: Iterable[str]) -> SiteNumbers:
    """The local numbers of these site ids (and of all others known), numbering new ones.

    ``ON CONFLICT DO NOTHING``: on a server, another connection may number the same site at the
    same moment; the number it gave is read back.
    """
    raw = raw_connection(session)
    numbers = {site: number for number, site in _site_ids(raw).items()}
    missing = sorted(set(sites) - numbers.keys())
    if missing:
        raw.executemany(
            "INSERT INTO sync_site (site_id) VALUES (?) ON CONFLICT DO NOTHING",
            [(site,) for site in missing],
        )
        numbers = {site: number for number, site in _site_ids(raw).items()}
    return numbers


def stored_stamps(hlc: int | None, site: int | None, others: str | None, sites: SiteIds) -> Stamps:
    """``Stamps`` from ``sync_row``'s columns: the default stamp and the JSON of the others."""
    stamps = Stamps.loads(others) if others else Stamps()
    if hlc is not None and site is not None:
        stamps.default = (int(hlc), sites[int(site)])
    return stamps


def stamp_columns(
    state: RowState, numbers: SiteNumbers
) -> tuple[int | None, int | None, str | None, int | None, int | None]:
    """``sync_row``'s ``hlc, site, stamps, del_hlc, del_site`` for a state (sites numbered)."""
    stamps = state.stamps
    default = stamps.default
    hlc, site = (default[0], numbers[default[1]]) if default is not None else (None, None)
    others = Stamps(None, stamps.cols).dumps() if stamps.cols else None
    deleted = state.deleted
    if deleted is None:
        return hlc, site, others, None, None
    return hlc, site, others, deleted[0], numbers[deleted[1]]


def _state_sites(states: Iterable[RowState]) -> set[str]:
    sites: set[str] = set()
    for state in states:
        if state.stamps.default is not None:
            sites.add(state.stamps.default[1])
        if state.deleted is not None:
            sites.add(state.deleted[1])
    return sites


_STATE_COLUMNS = "row_id, gen, alive, hlc, site, stamps, del_hlc, del_site, scope"


def _decoded(
    tbl: str,
    row: Sequence[Any],
    sites: SiteIds,
    read: Callable[[Any], Any],
    text_id: str | None = None,
) -> RowState:
    """A state from ``sync_row``'s columns (``text_id``: its id as text, when known)."""
    row_id, gen, alive, hlc, site, others, del_hlc, del_site, scope = row
    return RowState(
        tbl,
        read(row_id) if text_id is None else text_id,
        int(gen),
        bool(alive),
        stored_stamps(hlc, site, others, sites),
        (int(del_hlc), sites[int(del_site)]) if del_hlc is not None else None,
        read(scope),
    )


class StateMap(dict[tuple[str, str], RowState]):
    """Loaded states by key; ``stored``: the keys whose state came from ``sync_row`` (the
    others from their row's inline columns, ``store.inline_state``); ``present``: the keys
    whose row exists (asked for with ``presence``)."""

    def __init__(self) -> None:
        super().__init__()
        self.stored: set[tuple[str, str]] = set()
        self.present: set[tuple[str, str]] = set()


def _inline_query(tbl: str, where: str, *, every_row: bool = False) -> str:
    """The inline states of ``tbl``'s rows that match ``where`` (on alias ``u``): id, gen,
    clock value, site number and the scope capture would give the row (``every_row``: also
    the rows without one, their state columns NULL)."""
    return (
        f"SELECT u.id, u.sync_gen, u.sync_hlc, u.sync_site, {scope_sql(tbl, 'u')} "
        f'FROM "{tbl}" u WHERE {"" if every_row else "u.sync_hlc IS NOT NULL AND "}{where}'
    )


def _inline_state(
    tbl: str, row: Sequence[Any], sites: SiteIds, read: Callable[[Any], Any], text_id: str
) -> RowState:
    _row_id, gen, hlc, site, scope = row
    return RowState(
        tbl, text_id, int(gen), True, Stamps((int(hlc), sites[int(site)])), None, read(scope)
    )


def has_stored_states(raw: Any, tbl: str) -> bool:
    """Whether ``sync_row`` holds any state of ``tbl`` (one index probe; ``raw``: the driver
    connection, ``raw_connection``)."""
    query = "SELECT 1 FROM sync_row WHERE tbl = ? LIMIT 1"
    return raw.execute(query, (TABLE_NUMBERS[tbl],)).fetchone() is not None


def load_states(
    session: Session, keys: Iterable[tuple[str, str]], *, presence: bool = False
) -> StateMap:
    """The stored states of these rows (missing keys: never seen here); with ``presence``
    also which rows exist (``StateMap.present``, read with the inline states).

    A state in ``sync_row`` wins; a row without one there may hold its state inline. A table
    without any ``sync_row`` entry (most of them, after an import into a new database) is not
    asked there.
    """
    by_table: dict[str, list[str]] = {}
    for tbl, row_id in keys:
        by_table.setdefault(tbl, []).append(row_id)
    result = StateMap()
    if not by_table:
        return result
    raw = raw_connection(session)
    sites = _site_ids(raw)
    bind, read = key_io(session)
    for tbl, ids in by_table.items():
        number = TABLE_NUMBERS[tbl]
        in_sync_row = has_stored_states(raw, tbl)
        for part in chunks(ids):
            asked = {bind(row_id): row_id for row_id in part}  # each id's text, not converted back
            found: set[Any] = set()
            if in_sync_row:
                query = (
                    f"SELECT {_STATE_COLUMNS} FROM sync_row "
                    f"WHERE tbl = ? AND row_id IN ({', '.join('?' * len(asked))})"
                )
                for row in raw.execute(query, (number, *asked)):
                    found.add(row[0])
                    key = (tbl, asked[row[0]])
                    result[key] = _decoded(tbl, row, sites, read, key[1])
                    result.stored.add(key)
            rest = list(asked) if presence else [key for key in asked if key not in found]
            if not rest:
                continue
            where = f"u.id IN ({', '.join('?' * len(rest))})"
            for row in raw.execute(_inline_query(tbl, where, every_row=presence), rest):
                text_id = asked[row[0]]
                if presence:
                    result.present.add((tbl, text_id))
                    if row[2] is None or row[0] in found:
                        continue
                result[(tbl, text_id)] = _inline_state(tbl, row, sites, read, text_id)
    return result


def all_states(session: Session) -> list[RowState]:
    """Every stored state, by table number and row id (for checks and tests: it reads all):
    ``sync_row``'s and, for rows without one there, the inline ones."""
    raw = raw_connection(session)
    sites = _site_ids(raw)
    _bind, read = key_io(session)
    found: list[tuple[int, Any, RowState]] = [
        (int(row[0]), row[1], _decoded(TABLE_NAMES[int(row[0])], row[1:], sites, read))
        for row in raw.execute(f"SELECT tbl, {_STATE_COLUMNS} FROM sync_row")
    ]
    # (a database at a revision before 0023, in the migrations' tests, has no inline columns)
    for tbl, number in TABLE_NUMBERS.items() if has_columns(session.connection()) else ():
        query = _inline_query(
            tbl, f"NOT EXISTS (SELECT 1 FROM sync_row r WHERE r.tbl = {number} AND r.row_id = u.id)"
        )
        found.extend(
            (number, row[0], _inline_state(tbl, row, sites, read, read(row[0])))
            for row in raw.execute(query)
        )
    found.sort(key=lambda item: (item[0], isinstance(item[1], bytes), item[1]))
    return [state for _number, _key, state in found]


def count_states(session: Session) -> int:
    """How many states ``all_states`` would return, without decoding them."""
    raw = raw_connection(session)
    total = int(raw.execute("SELECT count(*) FROM sync_row").fetchone()[0])
    for tbl, number in TABLE_NUMBERS.items():
        query = (
            f'SELECT count(*) FROM "{tbl}" u WHERE u.sync_hlc IS NOT NULL AND NOT EXISTS '
            f"(SELECT 1 FROM sync_row r WHERE r.tbl = {number} AND r.row_id = u.id)"
        )
        total += int(raw.execute(query).fetchone()[0])
    return total


def save_states(
    session: Session, states: Iterable[RowState], existing: set[tuple[str, str]]
) -> None:
    """Write states back to ``sync_row``: update the ones stored there before (``existing``:
    ``StateMap.stored``), insert the others.

    The insert replaces an entry that appeared meanwhile: a row loaded with an inline state and
    then deleted had it copied into ``sync_row`` by its delete trigger (``store.inline_state``).
    The row's inline columns are left as they are: ``sync_row`` wins.
    """
    states = list(states)
    if not states:
        return
    numbers = site_numbers(session, _state_sites(states))
    bind, _read = key_io(session)
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    for state in states:
        hlc, site, others, del_hlc, del_site = stamp_columns(state, numbers)
        alive = 1 if state.alive else 0
        number, gen = TABLE_NUMBERS[state.tbl], state.gen
        row_id, scope = bind(state.row_id), bind(state.scope)
        if (state.tbl, state.row_id) in existing:
            updates.append(
                (gen, alive, hlc, site, others, del_hlc, del_site, scope, number, row_id)
            )
        else:
            inserts.append(
                (number, row_id, gen, alive, hlc, site, others, del_hlc, del_site, scope)
            )
    raw = raw_connection(session)
    if inserts:
        raw.executemany(
            "INSERT INTO sync_row "
            "(tbl, row_id, gen, alive, hlc, site, stamps, del_hlc, del_site, scope) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (tbl, row_id) DO UPDATE SET gen = excluded.gen, "
            "alive = excluded.alive, hlc = excluded.hlc, site = excluded.site, "
            "stamps = excluded.stamps, del_hlc = excluded.del_hlc, "
            "del_site = excluded.del_site, scope = excluded.scope",
            inserts,
        )
    if updates:
        raw.executemany(
            "UPDATE sync_row SET gen = ?, alive = ?, hlc = ?, site = ?, stamps = ?, del_hlc = ?, "
            "del_site = ?, scope = ? WHERE tbl = ? AND row_id = ?",
            updates,
        )


def fold_states(session: Session) -> int:
    """Move the simple states into their rows (``store.inline_state.fold``), in the session's
    transaction; returns how many moved."""
    return fold(session.connection())


@dataclass(slots=True)
class Entry:
    """One change-log entry (``sync_change``), decoded."""

    origin: str
    seq: int
    hlc: int
    tbl: str
    row_id: str
    op: str
    gen: int
    data: dict[str, Any]
    bases: Stamps | None
    applied: bool = True

    @property
    def stamp(self) -> Stamp:
        return (self.hlc, self.origin)

    @property
    def redacted(self) -> bool:
        return self.op != "d" and not self.data

    def as_params(self) -> dict[str, Any]:
        return {
            "origin": self.origin,
            "seq": self.seq,
            "hlc": self.hlc,
            "tbl": self.tbl,
            "row_id": self.row_id,
            "op": self.op,
            "gen": self.gen,
            "data": json.dumps(self.data, ensure_ascii=False, separators=(",", ":")),
            "bases": self.bases.dumps() if self.bases is not None else "",
            "applied": self.applied,
        }


def entry_from_row(row: Any) -> Entry:
    """An entry from a ``sync_change`` row (all columns: a packed entry's data is unpacked)."""
    data = stored_data(row.data, row.packed)
    return Entry(
        row.origin,
        int(row.seq),
        int(row.hlc),
        row.tbl,
        row.row_id,
        row.op,
        int(row.gen),
        json.loads(data),
        Stamps.loads(row.bases) if row.bases else None,
        bool(row.applied),
    )


def raw_connection(session: Session) -> Any:
    """The sqlite3 connection under the session's transaction, for bulk statements (on
    PostgreSQL the psycopg connection behind an adapter with sqlite3's call style)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        return connection.connection.driver_connection
    from lotsen_desktop.store.server import QmarkConnection

    return QmarkConnection(connection.connection.driver_connection)


def insert_entries(session: Session, entries: Sequence[Entry]) -> None:
    if not entries:
        return
    dumps = _DATA_JSON
    raw_connection(session).executemany(
        "INSERT INTO sync_change (origin, seq, hlc, tbl, row_id, op, gen, data, bases, applied) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                e.origin,
                e.seq,
                e.hlc,
                e.tbl,
                e.row_id,
                e.op,
                e.gen,
                dumps(e.data),
                e.bases.dumps() if e.bases is not None else "",
                1 if e.applied else 0,
            )
            for e in entries
        ],
    )


def max_seqs(session: Session) -> dict[str, int]:
    """The version vector of this machine: highest seq held per origin.

    One primary-key lookup per origin (there are a handful) instead of ``GROUP BY origin``,
    which reads the whole key index: 0.2 ms instead of 0.5 s with two million entries.
    """
    raw = raw_connection(session)
    result: dict[str, int] = {}
    last = ""
    while True:
        row = raw.execute(
            "SELECT origin FROM sync_change WHERE origin > ? ORDER BY origin LIMIT 1", (last,)
        ).fetchone()
        if row is None:
            return result
        last = str(row[0])
        top = raw.execute("SELECT max(seq) FROM sync_change WHERE origin = ?", (last,)).fetchone()
        result[last] = int(top[0])


COMPACTED_OWN_KEY = "sync.compacted_own"
"""Set once compaction folded away this machine's own real changes (it is no longer new)."""

BASE_KEY = "sync.base"
"""Per origin, the highest seq folded into the row states by compaction (no longer in the log)."""


def load_seq_map(session: Session, key: str) -> dict[str, int]:
    """A setting that maps origins to a seq (JSON); empty when missing or unreadable."""
    from lotsen_desktop.sync.clock import get_setting

    try:
        data = json.loads(get_setting(session, key, "{}") or "{}")
    except ValueError:
        return {}
    return {str(k): int(v) for k, v in data.items()}


def load_base(session: Session) -> dict[str, int]:
    return load_seq_map(session, BASE_KEY)


def save_base(session: Session, base: dict[str, int]) -> None:
    from lotsen_desktop.sync.clock import set_setting

    set_setting(session, BASE_KEY, json.dumps({k: v for k, v in base.items() if v}, sort_keys=True))


def version_vector(session: Session) -> dict[str, int]:
    """Per origin, the highest seq this machine has seen: in the log or folded by compaction."""
    vv = max_seqs(session)
    for origin, seq in load_base(session).items():
        vv[origin] = max(vv.get(origin, 0), seq)
    return vv
