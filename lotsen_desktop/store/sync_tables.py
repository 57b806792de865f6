"""Tables of the exchange: change log, per-row merge state, peers, conflicts, duplicates, history.

They live on the same ``Base`` as the user data so that Alembic and the tests see them; none of them
is user data (``services.digest`` ignores them) and none carries an autoincrement id off the machine.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from lotsen_desktop.store.models import Base
from lotsen_desktop.store.types import UuidKey


class SyncChange(Base):
    """One captured change of one row: the unit that travels between machines."""

    __tablename__ = "sync_change"

    origin: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    hlc: Mapped[int] = mapped_column(BigInteger)
    tbl: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(1))
    gen: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[str] = mapped_column(Text, default="{}")
    bases: Mapped[str] = mapped_column(Text, default="")
    applied: Mapped[bool] = mapped_column(Boolean, default=True)
    packed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    """``data`` compressed for an old entry (``data`` is then empty): ``store.log_packing``."""

    __table_args__ = (
        Index("ix_sync_change_row", "tbl", "row_id"),
        # only the few entries waiting for a parent; the condition is written as the queries
        # write it (``applied.is_(False)``), or SQLite would not use the index
        Index(
            "ix_sync_change_waiting",
            "origin",
            "seq",
            sqlite_where=text("applied IS 0"),
            postgresql_where=text("applied IS false"),
        ),
    )


TABLE_NUMBERS: dict[str, int] = {
    "office": 1,
    "volunteer": 2,
    "volunteer_language": 3,
    "volunteer_interest": 4,
    "status_change": 5,
    "consent": 6,
    "intake_conversation": 7,
    "module": 8,
    "course": 9,
    "course_session": 10,
    "enrolment": 11,
    "attendance": 12,
    "course_lock": 13,
    "help_request": 14,
    "request_offer": 15,
    "assignment": 16,
    "log_entry": 17,
    "reflection_meeting": 18,
    "reflection_attendee": 19,
    "certificate": 20,
    "log_entry_change": 21,
}
"""The number ``sync_row.tbl`` stores for each tracked table. Append only: a number, once given,
names its table in every database (migration 0019 wrote them); a new tracked table gets the next
number here (a test checks that every tracked table has one)."""

TABLE_NAMES: dict[int, str] = {number: name for name, number in TABLE_NUMBERS.items()}


class SyncRow(Base):
    """Merge state of one row: generation, alive, and the stamp of each field's current value.

    Stored densely (``sync.state`` reads and writes it): the table as its number
    (``TABLE_NUMBERS``), the row's default stamp as two integers (``hlc`` and the site's local
    number in ``sync_site``), and the JSON of ``Stamps`` only for the columns stamped otherwise.
    The row id and the scope are keys (``UuidKey``, 16 bytes on SQLite, migration 0021) like the
    ids of the rows they describe; the change log's ``row_id`` stays text.
    """

    __tablename__ = "sync_row"

    tbl: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    row_id: Mapped[str] = mapped_column(UuidKey, primary_key=True)
    gen: Mapped[int] = mapped_column(Integer, default=0)
    alive: Mapped[bool] = mapped_column(Boolean, default=True)
    hlc: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    """The default stamp's clock value (``None``: no default stamp, e.g. a deleted row)."""
    site: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """The default stamp's site, as its number in ``sync_site``."""
    stamps: Mapped[str | None] = mapped_column(Text, nullable=True)
    """Per-column stamps that differ from the default, as ``Stamps`` JSON (site ids as text);
    ``None`` when there are none, as for nearly every row."""
    del_hlc: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    del_site: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """The deletion stamp's site, as its number in ``sync_site``."""
    scope: Mapped[str | None] = mapped_column(UuidKey, nullable=True)
    """The course of a course row (its package's tombstones), a key like ``row_id``."""

    __table_args__ = (
        # the course of a deleted row, for a course package's tombstones (the only lookup by
        # scope: ``alive.is_(False)``, written as the index condition)
        Index(
            "ix_sync_row_dead_scope",
            "scope",
            sqlite_where=text("alive IS 0"),
            postgresql_where=text("alive IS false"),
        ),
        # SQLite: the rows live in the primary key's tree, not in a second copy of the key
        {"sqlite_with_rowid": False},
    )


class SyncSite(Base):
    """This machine's numbering of site ids, for ``sync_row``'s stamps.

    Local: never exported and never compared between machines; each database numbers the sites
    it has met in its own order. Only ever appended to (a number, once given, is kept).
    """

    __tablename__ = "sync_site"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[str] = mapped_column(String(36), unique=True)


class SyncPeer(Base):
    """Another machine we exchanged files with, and what it has seen (its version vector)."""

    __tablename__ = "sync_peer"

    site_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    office_id: Mapped[str] = mapped_column(String(36), default="")
    known: Mapped[str] = mapped_column(Text, default="{}")
    last_import_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_export_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class SyncConflict(Base):
    """A value that lost a merge (or a row a merge removed), kept for review and revert.

    Local to this machine; the integer id is only for the user to name it.
    """

    __tablename__ = "sync_conflict"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    detected_at: Mapped[datetime] = mapped_column(DateTime)
    exchange_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    kind: Mapped[str] = mapped_column(String(20))
    tbl: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36))
    col: Mapped[str] = mapped_column(String(60), default="")
    kept: Mapped[str] = mapped_column(Text, default="null")
    lost: Mapped[str] = mapped_column(Text, default="null")
    kept_site: Mapped[str] = mapped_column(String(36), default="")
    lost_site: Mapped[str] = mapped_column(String(36), default="")
    snapshot: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open")
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    __table_args__ = (Index("ix_sync_conflict_status", "status"),)


class SyncDuplicate(Base):
    """Two volunteer files that may describe the same person; merged by hand, never automatically."""

    __tablename__ = "sync_duplicate"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    detected_at: Mapped[datetime] = mapped_column(DateTime)
    first_id: Mapped[str] = mapped_column(String(36))
    second_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(20), default="open")

    __table_args__ = (Index("ix_sync_duplicate_pair", "first_id", "second_id", unique=True),)


class SyncExchange(Base):
    """History: one exported or imported file."""

    __tablename__ = "sync_exchange"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    direction: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(10))
    peer_site: Mapped[str] = mapped_column(String(36), default="")
    peer_name: Mapped[str] = mapped_column(String(200), default="")
    file_name: Mapped[str] = mapped_column(String(300), default="")
    changes: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[str] = mapped_column(Text, default="{}")
    conflicts: Mapped[int] = mapped_column(Integer, default=0)
    digest: Mapped[str] = mapped_column(String(64), default="")


SYNC_MODELS = (SyncChange, SyncRow, SyncSite, SyncPeer, SyncConflict, SyncDuplicate, SyncExchange)


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


change_table = _table(SyncChange)
row_table = _table(SyncRow)
site_table = _table(SyncSite)
peer_table = _table(SyncPeer)
conflict_table = _table(SyncConflict)
duplicate_table = _table(SyncDuplicate)
exchange_table = _table(SyncExchange)
