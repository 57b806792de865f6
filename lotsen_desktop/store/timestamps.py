"""Times stored as integer microseconds since 1970 on SQLite, as ``TIMESTAMP`` on PostgreSQL.

Every row of user data carries ``created_at`` and ``updated_at`` (naive UTC). SQLAlchemy's SQLite
``DateTime`` stores them as 26 characters of text (27 bytes in the row); an integer of
microseconds since 1970-01-01 takes 8. The program sees the same naive ``datetime`` with its
microseconds on both engines (``UtcTimestamp`` converts where SQLAlchemy binds and reads), and
the integers sort like the times. The declared column type stays ``DATETIME``: its numeric
affinity keeps integers as they are, so no table is rebuilt (migration 0022).

What bypasses SQLAlchemy's types must convert itself: ``timestamp_binder``/``timestamp_reader``
for driver SQL. A value an older writer left as text (any form SQLAlchemy's ``DateTime`` reads:
with or without fraction, date only) still reads as its ``datetime``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine.processors import str_to_datetime
from sqlalchemy.types import TypeDecorator

from lotsen_desktop.store.types import _memoized

EPOCH = datetime(1970, 1, 1)
_MICROSECOND = timedelta(microseconds=1)


def timestamp_integer(value: datetime | date) -> int:
    """The stored form on SQLite: microseconds since 1970-01-01 of the wall time (a time zone,
    which the program never writes, is dropped as SQLAlchemy's text form dropped it; a ``date``
    is its midnight, as there)."""
    if type(value) is not datetime:
        if isinstance(value, datetime):
            value = value.replace(tzinfo=None)
        elif isinstance(value, date):
            value = datetime(value.year, value.month, value.day)
        else:
            raise TypeError("SQLite DateTime type only accepts Python datetime and date objects")
    elif value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    return (value - EPOCH) // _MICROSECOND


def timestamp_value(stored: Any) -> Any:
    """The time as the program sees it: an integer as its ``datetime``, text as SQLAlchemy's
    ``DateTime`` read it (an older writer's), ``None`` unchanged."""
    if type(stored) is int:
        return EPOCH + _MICROSECOND * stored
    if isinstance(stored, str):
        return str_to_datetime(stored)
    return stored


def timestamp_text(stored: Any) -> Any:
    """A stored time as the text SQLAlchemy's SQLite ``DateTime`` writes (26 characters, with
    microseconds): what the schema before 0022 holds. Other values unchanged."""
    if type(stored) is not int:
        return stored
    value = EPOCH + _MICROSECOND * stored
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}"
    )


def stored_from_text(stored: Any) -> Any:
    """Text an older writer stored (any form SQLAlchemy reads) as the integer; anything else
    unchanged (text that is no time at all stays, so every value reads back as it was)."""
    if not isinstance(stored, str):
        return stored
    try:
        return timestamp_integer(str_to_datetime(stored))
    except ValueError:
        return stored


_bind = _memoized(datetime, timestamp_integer)
"""Remembered: an import binds the same times again and again (a row's ``created_at`` is often
its ``updated_at``, a bulk write stamps all rows alike). Reading computes each time: faster
than a memo for mostly distinct values."""
_upgrade = _memoized(str, stored_from_text)
_downgrade = _memoized(int, timestamp_text)


def _bind_checked(value: Any) -> Any:
    """``_bind`` that also takes dates and refuses other values, as SQLAlchemy's type did."""
    if type(value) is datetime:
        return _bind(value)
    return None if value is None else timestamp_integer(value)


def timestamp_binder(dialect_name: str) -> Callable[[Any], Any] | None:
    """What driver SQL must apply to a time it binds (``None``: nothing, on PostgreSQL)."""
    return _bind_checked if dialect_name == "sqlite" else None


def timestamp_reader(dialect_name: str) -> Callable[[Any], Any] | None:
    """What driver SQL must apply to a time it reads (``None``: nothing, on PostgreSQL)."""
    return timestamp_value if dialect_name == "sqlite" else None


class UtcTimestamp(TypeDecorator[datetime]):
    """A naive UTC time: ``datetime`` in Python, integer microseconds since 1970 on SQLite,
    ``TIMESTAMP WITHOUT TIME ZONE`` elsewhere."""

    impl = DateTime
    cache_ok = True

    def bind_processor(self, dialect: Any) -> Callable[[Any], Any] | None:
        if dialect.name == "sqlite":
            return _bind_checked
        return super().bind_processor(dialect)

    def result_processor(self, dialect: Any, coltype: Any) -> Callable[[Any], Any] | None:
        if dialect.name == "sqlite":
            return timestamp_value
        return super().result_processor(dialect, coltype)

    def literal_processor(self, dialect: Any) -> Callable[[Any], str] | None:
        if dialect.name != "sqlite":
            return super().literal_processor(dialect)

        def literal(value: Any) -> str:
            return str(timestamp_integer(value))

        return literal


def register_functions(connection: sqlite3.Connection) -> None:
    """``timestamp_integer(text)`` and ``timestamp_text(integer)`` for the migration that
    converts the stored form (sqlite3 and SQLCipher connections alike)."""
    connection.create_function("timestamp_integer", 1, _upgrade, deterministic=True)
    connection.create_function("timestamp_text", 1, _downgrade, deterministic=True)
