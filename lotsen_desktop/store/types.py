"""UUID keys stored in 16 bytes on SQLite, as the usual 36-character text on PostgreSQL.

Every id and every foreign key of the user tables and of the tables derived from them is a UUID.
As text it takes 37 bytes in a row and again in every index that holds it; as a blob, 17. The
Python code sees the same lowercase dashed text on both engines (``UuidKey`` converts where
SQLAlchemy binds and reads), and a blob sorts like that text, so ``ORDER BY id`` is unchanged.

What bypasses SQLAlchemy's types must convert itself: ``key_binder``/``key_reader`` for driver
SQL, ``stored_key``/``key_as_text`` where SQL meets a text id (the change log keeps its ids as
text). A text id compared with a blob id matches nothing, silently. The declared column type
stays ``VARCHAR(36)``: SQLite's text affinity leaves blobs as they are, so no table is rebuilt.
An id that is not a UUID in canonical form (a hand-written test id, a file of an unknown writer)
is stored as text, unchanged, so every value reads back as it was written.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from typing import Any

from sqlalchemy import String, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import TypeDecorator

_CANONICAL = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII
).fullmatch
_fromhex = bytes.fromhex


def key_bytes(value: str) -> bytes | str:
    """The stored form on SQLite: 16 bytes for a canonical UUID (lowercase, dashed: it must
    read back alike), anything else unchanged."""
    if _CANONICAL(value):
        return _fromhex(value.replace("-", ""))
    return value


def key_text(value: Any) -> Any:
    """The id as the program sees it: stored bytes as dashed lowercase text, text unchanged."""
    if type(value) is bytes and len(value) == 16:
        h = value.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    return value


_MEMO_SIZE = 50_000
"""Conversions remembered (each way): an import binds and reads the same parents' ids again
and again. Cleared when full; about 10 MB each at most."""


def _memoized(kind: type, convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``convert`` for values of ``kind`` (others pass unchanged), remembering the last
    ``_MEMO_SIZE`` answers."""
    memo: dict[Any, Any] = {}

    def apply(value: Any) -> Any:
        if type(value) is not kind:
            return value
        found = memo.get(value)
        if found is None:
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            found = memo[value] = convert(value)
        return found

    return apply


_bind = _memoized(str, key_bytes)
_read = _memoized(bytes, key_text)


def unchanged(value: Any) -> Any:
    """The converter where none is needed (PostgreSQL)."""
    return value


def key_binder(dialect_name: str) -> Callable[[Any], Any] | None:
    """What driver SQL must apply to an id it binds (``None``: nothing, on PostgreSQL)."""
    return _bind if dialect_name == "sqlite" else None


def key_reader(dialect_name: str) -> Callable[[Any], Any] | None:
    """What driver SQL must apply to an id it reads (``None``: nothing, on PostgreSQL)."""
    return _read if dialect_name == "sqlite" else None


def key_io(session: Session) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """Bind and read an id in driver SQL, user tables' keys and ``sync_row``'s alike
    (16 bytes on SQLite, text on PostgreSQL)."""
    name = session.get_bind().dialect.name
    return key_binder(name) or unchanged, key_reader(name) or unchanged


class UuidKey(TypeDecorator[str]):
    """A UUID id or foreign key: ``str`` in Python, 16 bytes on SQLite, ``VARCHAR(36)`` elsewhere."""

    impl = String(36)
    cache_ok = True

    def bind_processor(self, dialect: Any) -> Callable[[Any], Any] | None:
        return _bind if dialect.name == "sqlite" else None

    def result_processor(self, dialect: Any, coltype: Any) -> Callable[[Any], Any] | None:
        return _read if dialect.name == "sqlite" else None

    def literal_processor(self, dialect: Any) -> Callable[[Any], str] | None:
        if dialect.name != "sqlite":
            return super().literal_processor(dialect)

        def literal(value: Any) -> str:
            stored = key_bytes(value)
            if isinstance(stored, bytes):
                return f"X'{stored.hex()}'"
            return "'" + stored.replace("'", "''") + "'"

        return literal


def register_functions(connection: sqlite3.Connection) -> None:
    """``uuid_blob(text)`` and ``uuid_text(key)`` for SQL that meets text ids (sqlite3 and
    SQLCipher connections alike)."""
    connection.create_function("uuid_blob", 1, _bind, deterministic=True)
    connection.create_function("uuid_text", 1, _read, deterministic=True)


class _Converted(ColumnElement[str]):
    """A column or expression converted between text ids and stored keys (SQLite only)."""

    inherit_cache = True
    _traverse_internals = [  # noqa: RUF012 (SQLAlchemy declares it as an instance variable)
        ("inner", InternalTraversal.dp_clauseelement),
        ("function", InternalTraversal.dp_string),
    ]

    def __init__(self, inner: Any, function: str, type_: Any) -> None:
        self.inner = inner
        self.function = function
        self.type = type_

    @property
    def _from_objects(self) -> Any:
        return self.inner._from_objects


@compiles(_Converted)
def _converted_sqlite(element: _Converted, compiler: Any, **kw: Any) -> str:
    return f"{element.function}({compiler.process(element.inner, **kw)})"


@compiles(_Converted, "postgresql")
def _converted_plain(element: _Converted, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.inner, **kw))


def stored_key(text_id: Any) -> ColumnElement[str]:
    """A text id (a change-log column) in the form a key column stores: compare it with one."""
    return _Converted(text_id, "uuid_blob", UuidKey())


def key_as_text(key: Any) -> ColumnElement[str]:
    """A key column as text: compare it with a text id column (a change-log column)."""
    return _Converted(key, "uuid_text", String(36))


_LOWEST = "00000000-0000-0000-0000-000000000000"
_HIGHEST = "ffffffff-ffff-ffff-ffff-ffffffffffff"


def starts_with(column: Any, prefix: str, dialect_name: str) -> ColumnElement[bool]:
    """``column`` (a key) begins with ``prefix`` (lowercase text): an index range of the
    keys on SQLite, whose bytes ``LIKE`` cannot read as text, and ``LIKE`` elsewhere."""
    like = column.startswith(prefix, autoescape=True)
    if dialect_name != "sqlite" or len(prefix) > len(_LOWEST):
        return like
    low = prefix + _LOWEST[len(prefix) :]
    high = prefix + _HIGHEST[len(prefix) :]
    if not isinstance(key_bytes(low), bytes) or not isinstance(key_bytes(high), bytes):
        return like  # not the beginning of a UUID: only an id stored as text can match
    return or_(column.between(low, high), like)
