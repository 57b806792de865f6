"""What the exchange knows about the user-data tables, read once from the SQLAlchemy metadata.

Columns and their JSON encoding, foreign keys with their ``ON DELETE`` action (to expand deletes the
database would cascade), unique constraints that two machines can both satisfy offline, and the
derived columns that are recomputed instead of transported.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache, cached_property
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, LargeBinary, Table
from sqlalchemy.types import TypeDecorator

from lotsen_desktop.domain import names
from lotsen_desktop.store.inline_state import INLINE_COLUMNS
from lotsen_desktop.store.models import TRACKED_MODELS

META_COLUMNS = frozenset({"created_at", "updated_at", "changed_by"})
"""Bookkeeping: travels with the change, merges like any field, never counts as a conflict."""

DERIVED: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "volunteer": lambda row: {
        "search_key": names.search_key(row.get("given_name") or "", row.get("family_name") or ""),
        "sort_key": names.sort_key(row.get("family_name") or "", row.get("given_name") or ""),
    }
}
"""Columns computed from others where the row is written; they never travel."""

LOCAL_COLUMNS: dict[str, frozenset[str]] = {"volunteer": frozenset({"row_version"})}
"""Per-database columns (the optimistic-locking version): every database counts its own writes,
so the column never travels, never merges and is not part of the digest."""

LOCAL_IN_EVERY_TABLE = frozenset(INLINE_COLUMNS)
"""Local columns of every tracked table: the row's own merge state (``store.inline_state``)."""

DERIVED_SOURCES = {"volunteer": frozenset({"given_name", "family_name"})}

FORGET_WHEN_CLEARED: dict[str, frozenset[str]] = {
    "volunteer": frozenset({"migration_experience", "origin_country"}),
    "certificate": frozenset({"content"}),
}
"""Columns cleared for data protection (a consent withdrawn, the certificate text of an erased
person): once such a column is empty, its older values leave the change log and the conflict list,
as a deleted row's data does (``capture.redact``)."""


def is_empty(value: Any) -> bool:
    """A cleared value: null or empty text (``False`` is a value)."""
    return value is None or value == ""


SINGLE_UNIQUE_RENAMEABLE = {"module": "code", "certificate": "serial"}
"""Unique text columns where a collision renames the value of the row with the larger id."""


@dataclass(frozen=True)
class ForeignKeyInfo:
    table: str
    column: str
    parent: str
    ondelete: str  # "CASCADE", "SET NULL", or "RESTRICT" (no action: treated as cascade on merge)


@dataclass
class TableInfo:
    name: str
    table: Table
    order: int
    columns: tuple[str, ...]  # transported columns (all but id and derived)
    kinds: dict[str, str]
    nullable: dict[str, bool]
    lengths: dict[str, int | None]
    defaults: dict[str, Any]
    parents: list[ForeignKeyInfo] = field(default_factory=list)
    children: list[ForeignKeyInfo] = field(default_factory=list)
    uniques: list[tuple[str, ...]] = field(default_factory=list)

    @cached_property
    def column_set(self) -> frozenset[str]:
        """The transported columns, for membership tests on every received value."""
        return frozenset(self.columns)

    @cached_property
    def specs(self) -> dict[str, tuple[str, bool, int | None]]:
        """Kind, nullable and length of every column, looked up once per value checked."""
        return {c: (self.kinds[c], self.nullable[c], self.lengths[c]) for c in self.kinds}


def _kind(column_type: Any) -> str:
    if isinstance(column_type, TypeDecorator):  # a stored form of its own (UuidKey, UtcTimestamp)
        column_type = column_type.impl_instance
    if isinstance(column_type, DateTime):
        return "datetime"
    if isinstance(column_type, Date):
        return "date"
    if isinstance(column_type, Boolean):
        return "bool"
    if isinstance(column_type, Float):
        return "float"
    if isinstance(column_type, Integer):
        return "int"
    if isinstance(column_type, LargeBinary):
        return "bytes"
    return "str"


@cache
def tables() -> dict[str, TableInfo]:
    """Every user-data table by name, in parent-first order."""
    result: dict[str, TableInfo] = {}
    for order, model in enumerate(TRACKED_MODELS):
        table: Table = model.__table__  # type: ignore[attr-defined]
        derived = set(DERIVED.get(table.name, lambda row: {})({}))
        derived |= LOCAL_COLUMNS.get(table.name, frozenset()) | LOCAL_IN_EVERY_TABLE
        columns = tuple(c.name for c in table.columns if c.name != "id" and c.name not in derived)
        defaults: dict[str, Any] = {}
        for column in table.columns:
            default = column.default
            if default is not None and getattr(default, "is_scalar", False):
                defaults[column.name] = default.arg  # type: ignore[attr-defined]
        info = TableInfo(
            name=table.name,
            table=table,
            order=order,
            columns=columns,
            kinds={c.name: _kind(c.type) for c in table.columns},
            nullable={c.name: bool(c.nullable) for c in table.columns},
            lengths={c.name: getattr(c.type, "length", None) for c in table.columns},
            defaults=defaults,
        )
        for constraint in table.constraints:
            cols = tuple(c.name for c in getattr(constraint, "columns", ()))
            if type(constraint).__name__ == "UniqueConstraint" and cols not in info.uniques:
                info.uniques.append(cols)
        for column in table.columns:
            if column.unique and (column.name,) not in info.uniques:
                info.uniques.append((column.name,))
        result[table.name] = info
    for info in result.values():
        for fk in sorted(info.table.foreign_keys, key=lambda f: f.parent.name):
            ondelete = (fk.ondelete or "RESTRICT").upper()
            link = ForeignKeyInfo(info.name, fk.parent.name, fk.column.table.name, ondelete)
            info.parents.append(link)
            if link.parent in result:
                result[link.parent].children.append(link)
    return result


def table_order(name: str) -> int:
    return tables()[name].order


def encode(kind: str, value: Any) -> Any:
    """A column value as JSON."""
    if value is None:
        return None
    if kind == "date" or kind == "datetime":
        return value.isoformat()
    if kind == "bytes":
        return base64.b64encode(value).decode("ascii")
    if kind == "bool":
        return bool(value)
    if kind == "float":
        return float(value)
    return value


class BadValue(ValueError):
    """A value in a file that does not fit its column."""


def decode(kind: str, value: Any, *, nullable: bool = True, length: int | None = None) -> Any:
    """A JSON value back to the column's Python type; ``BadValue`` if it does not fit.

    Times are naive UTC, as every machine stores them: a time with an offset is converted, not
    kept as its wall time (``10:00+02:00`` is ``08:00``)."""
    if value is None:
        if not nullable:
            raise BadValue("null")
        return None
    try:
        if kind == "date":
            if not isinstance(value, str):
                raise BadValue(kind)
            return date.fromisoformat(value)
        if kind == "datetime":
            if not isinstance(value, str):
                raise BadValue(kind)
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is not None:  # the program writes none; another writer may
                moment = moment.astimezone(UTC).replace(tzinfo=None)
            return moment
        if kind == "bytes":
            if not isinstance(value, str):
                raise BadValue(kind)
            return base64.b64decode(value.encode("ascii"), validate=True)
        if kind == "bool":
            if not isinstance(value, bool):
                raise BadValue(kind)
            return value
        if kind == "int":
            if not isinstance(value, int) or isinstance(value, bool):
                raise BadValue(kind)
            return value
        if kind == "float":
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise BadValue(kind)
            return float(value)
        if not isinstance(value, str):
            raise BadValue(kind)
        if length is not None and len(value) > length:
            raise BadValue("length")
        return value
    except (ValueError, TypeError, OverflowError) as error:
        if isinstance(error, BadValue):
            raise
        raise BadValue(kind) from error


def encode_row(info: TableInfo, row: dict[str, Any], columns: Any = None) -> dict[str, Any]:
    cols = info.columns if columns is None else columns
    return {c: encode(info.kinds[c], row.get(c)) for c in cols}


def decode_value(info: TableInfo, column: str, value: Any) -> Any:
    return decode(
        info.kinds[column],
        value,
        nullable=info.nullable[column],
        length=info.lengths[column],
    )


PLAIN_TYPES = {"str": str, "int": int, "bool": bool}
"""Kinds whose JSON value is already the column's Python value (when its type is exact)."""


def check_value(spec: tuple[str, bool, int | None], value: Any) -> None:
    """``BadValue`` unless ``value`` fits a column of ``spec`` (``decode_value`` without the
    result; the common cases, null and plain text or numbers, need no conversion)."""
    kind, nullable, length = spec
    if value is None:
        if nullable:
            return
    elif kind == "str":
        if type(value) is str and (length is None or len(value) <= length):
            return
    elif type(value) is PLAIN_TYPES.get(kind):
        return
    decode(kind, value, nullable=nullable, length=length)
