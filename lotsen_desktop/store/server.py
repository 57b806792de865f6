"""The store on a PostgreSQL server (psycopg 3): engine, change notices, migration lock.

SQLite on one PC stays the default (``database.py``); everything that differs on a shared
PostgreSQL database lives here, so the SQLite path keeps its fast driver-level code untouched.

* The driver connection is a psycopg ``Connection`` subclass that notes the tables each statement
  writes, exactly as the SQLite path's logging connection does, so ``Store.add_change_listener``
  fires after every commit on both engines.
* ``QmarkConnection`` lets the sync layer's driver-level statements (written with ``?``
  placeholders for sqlite3) run unchanged on psycopg.
* Migrations run under a session advisory lock: the first client upgrades, others wait (with a
  message) and then find the schema current.
* The database must compare text bytewise (``C`` collation), as SQLite does: the German order
  comes from the sort-key columns computed in Python, and the sync merge breaks ties by ids.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from sqlalchemy import Engine, String, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from lotsen_desktop.errors import StoreError
from lotsen_desktop.i18n import _

log = logging.getLogger(__name__)

SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
MIGRATION_LOCK_KEY = 0x4C6F7473656E  # "Lotsen": one advisory lock per database
GERMAN_COLLATION = "de-x-icu"
CONNECT_TIMEOUT_S = 10
CHANGES_CHANNEL = "lotsen_changes"
"""``NOTIFY`` channel: after each commit that wrote tables, ``<sender> <table,table,…>``."""
NOTICE_MAX_BYTES = 7000  # the server refuses payloads of 8000 bytes and more


def notice_payload(sender: str, tables: set[str] | frozenset[str]) -> str:
    """The payload naming the tables one commit wrote (all tables when too many to name)."""
    listed = ",".join(sorted(tables))
    return f"{sender} {listed if len(listed) < NOTICE_MAX_BYTES else '*'}"


class ChangeNotices:
    """Listens for other clients' commits on the shared database and tells this store's change
    listeners (``Changes(tables, initiator=None)``), so lists refresh when others change data.

    One thread with its own connection per store, started with the first change listener;
    commits of this store itself are skipped (its listeners heard of them already).
    """

    def __init__(self, url: str, sender: str, deliver: Callable[[frozenset[str]], None]) -> None:
        self.url = url
        self.sender = sender
        self.deliver = deliver
        self.listening = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lotsen-notices", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(
                    str(make_url(self.url).set(drivername="postgresql")),
                    autocommit=True,
                    connect_timeout=CONNECT_TIMEOUT_S,
                ) as connection:
                    connection.execute(f"LISTEN {CHANGES_CHANNEL}")
                    self.listening.set()
                    while not self._stop.is_set():
                        for notice in connection.notifies(timeout=0.5):
                            self._received(notice.payload)
            except psycopg.Error:
                self.listening.clear()
                log.warning("change notices from the server interrupted; reconnecting")
                self._stop.wait(5)

    def _received(self, payload: str) -> None:
        sender, _space, listed = payload.partition(" ")
        if sender == self.sender or not listed:
            return
        if listed == "*":
            from lotsen_desktop.store.models import Base

            tables = frozenset(Base.metadata.tables)
        else:
            tables = frozenset(listed.split(","))
        try:
            self.deliver(tables)
        except Exception:
            log.exception("delivering a change notice failed")


def is_server_url(target: object) -> bool:
    """Whether ``target`` (``--db``, ``LOTSEN_DB``) names a PostgreSQL database, not a file."""
    return isinstance(target, str) and target.split(":", 1)[0].lower() in SCHEMES


def sqlalchemy_url(url: str) -> Any:
    """``postgresql://…`` with the psycopg 3 driver."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql+psycopg")


def display_url(url: str) -> str:
    """The URL without its password (for the status line and logs)."""
    return str(make_url(url).set(drivername="postgresql"))  # str() hides the password


@cache
def _driver_classes() -> tuple[Any, Any]:
    """psycopg connection and cursor classes that note what each statement writes."""
    try:
        import psycopg
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise StoreError(
            _(
                "PostgreSQL support is not installed (the psycopg package). Install "
                "lotsen-desktop[postgres]."
            )
        ) from error
    from lotsen_desktop.store.database import _WriteLog

    class LoggingCursor(psycopg.Cursor):  # type: ignore[type-arg]
        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            self.connection.write_log.note(query)  # type: ignore[attr-defined]
            return super().execute(query, params, **kwargs)

        def executemany(self, query: Any, params_seq: Any, **kwargs: Any) -> None:
            self.connection.write_log.note(query)  # type: ignore[attr-defined]
            super().executemany(query, params_seq, **kwargs)

    class LoggingConnection(psycopg.Connection):  # type: ignore[type-arg]
        write_log: _WriteLog

        def commit(self) -> None:
            log_ = self.write_log
            if log_.tables and log_.sender:  # delivered by the server only if the commit succeeds
                super().execute(
                    "SELECT pg_notify(%s, %s)",
                    (CHANGES_CHANNEL, notice_payload(log_.sender, log_.tables)),
                )
            super().commit()
            if log_.tables:
                written = frozenset(log_.tables)
                log_.tables.clear()
                if log_.committed is not None:
                    log_.committed(written)

        def rollback(self) -> None:
            self.write_log.tables.clear()
            super().rollback()

    return LoggingConnection, LoggingCursor


def _do_connect(_dialect: Any, _record: Any, cargs: Any, cparams: dict[str, Any]) -> Any:
    from lotsen_desktop.store.database import _WriteLog

    connection_class, cursor_class = _driver_classes()
    cparams.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
    connection = connection_class.connect(*cargs, cursor_factory=cursor_class, **cparams)
    connection.write_log = _WriteLog()
    return connection


def create_server_engine(url: str) -> Engine:
    """An engine for a PostgreSQL database; connections check themselves after a server restart."""
    _driver_classes()
    engine = create_engine(sqlalchemy_url(url), future=True, pool_pre_ping=True)
    event.listen(engine, "do_connect", _do_connect)
    return engine


_QMARK = re.compile(r"\?")


class QmarkConnection:
    """The driver connection with sqlite3's call style: ``?`` placeholders, ``execute`` returning
    a cursor, ``executemany`` on the connection, ``temp.`` for temporary tables."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    @staticmethod
    def _sql(sql: str) -> str:
        sql = sql.replace("%", "%%").replace("temp.", "pg_temp.")
        return _QMARK.sub("%s", sql)

    def _cursor(self) -> Any:
        cursor = self.connection.cursor()
        cursor.adapters.register_dumper(int, _int_dumper())
        return cursor

    def execute(self, sql: str, parameters: Any = ()) -> Any:
        cursor = self._cursor()
        cursor.execute(self._sql(sql), tuple(parameters) or None)
        return cursor

    def executemany(self, sql: str, parameters: Any) -> Any:
        cursor = self._cursor()
        rows = [tuple(row) for row in parameters]
        if rows:
            cursor.executemany(self._sql(sql), rows)
        return cursor


@cache
def _int_dumper() -> type:
    """Integers sent untyped, so the server reads them by their column: sqlite3-minded code
    passes 0/1 for booleans, which PostgreSQL refuses as ``smallint``."""
    from psycopg.adapt import Dumper

    class IntAsUnknown(Dumper):
        oid = 0

        def dump(self, obj: Any) -> bytes:
            return str(int(obj)).encode()

    return IntAsUnknown


def server_location(connection: Any) -> str:
    """What identifies this database for the sync site id: the database itself (its name and
    object id), not the PC, because every PC of the office opens the same one."""
    name, oid = connection.exec_driver_sql(
        "SELECT datname, oid FROM pg_database WHERE datname = current_database()"
    ).one()
    return f"postgresql:{name}:{oid}"


def check_collation(connection: Any) -> None:
    """Refuse a database that compares text by language rules: sort keys must compare bytewise.

    Asked by behaviour, not by name: bytewise, ``'Z'`` sorts before ``'a'``; in any language's
    rules (libc or ICU provider) it does not.
    """
    if connection.exec_driver_sql("SELECT 'Z' < 'a'").scalar():
        return
    collate = connection.exec_driver_sql(
        "SELECT datcollate FROM pg_database WHERE datname = current_database()"
    ).scalar()
    raise StoreError(
        _(
            "The PostgreSQL database must be created with LC_COLLATE 'C' (found {collate}); "
            "see docs/server.md."
        ).format(collate=collate)
    )


def has_german_collation(connection: Any) -> bool:
    """Whether the server has ICU's German collation (used where the database orders by a name)."""
    return (
        connection.exec_driver_sql(
            "SELECT 1 FROM pg_collation WHERE collname = %(name)s", {"name": GERMAN_COLLATION}
        ).first()
        is not None
    )


@contextmanager
def migration_lock(connection: Any, waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the database's migration lock: one client upgrades, the others wait for it."""
    got = connection.exec_driver_sql(f"SELECT pg_try_advisory_lock({MIGRATION_LOCK_KEY})").scalar()
    if not got:
        message = _(
            "Another computer is updating the shared database to a new version. Please wait…"
        )
        (waiting or log.warning)(message)
        connection.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})")


def has_tables(connection: Any) -> bool:
    return (
        connection.exec_driver_sql(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() LIMIT 1"
        ).first()
        is not None
    )


def stamped_revision(connection: Any) -> str | None:
    if connection.exec_driver_sql("SELECT to_regclass('alembic_version')").scalar() is None:
        return None
    row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    return row[0] if row else None


WRITE_LOCK_KEY = MIGRATION_LOCK_KEY + 1
"""Advisory lock of ``UnitOfWork.lock_for_writing`` (imports read watermarks, then write)."""


def side_folder(url: str) -> Any:
    """A local folder for what a store keeps beside its database (backups, lock files): the
    ``path`` of a server store, one per server database."""
    import hashlib
    from pathlib import Path

    from platformdirs import user_data_path

    parsed = make_url(url)
    digest = hashlib.sha256(
        f"{parsed.host}:{parsed.port}:{parsed.database}:{parsed.query}".encode()
    ).hexdigest()[:12]
    name = re.sub(r"[^A-Za-z0-9_-]", "_", parsed.database or "db")
    return Path(user_data_path("LotsenDesktop", appauthor=False)) / "server" / f"{name}-{digest}"


def translate_error(error: Any) -> StoreError:
    """The server's errors in words the office understands."""
    text = str(getattr(error, "orig", None) or error)
    lowered = text.lower()
    if "connection" in lowered or "could not" in lowered or "timeout" in lowered:
        return StoreError(
            _("The shared database cannot be reached: {error}").format(error=text.strip())
        )
    if "password" in lowered or "authentication" in lowered or "permission" in lowered:
        return StoreError(
            _("The shared database refused the sign-in: {error}").format(error=text.strip())
        )
    return StoreError(_("The database reported an error: {error}").format(error=text.strip()))


class GermanOrder(ColumnElement[Any]):
    """``ORDER BY`` a name as people read it: ICU's German collation on PostgreSQL; SQLite keeps
    its bytewise order (lists that must be German there sort by the precomputed key columns)."""

    inherit_cache = True
    _traverse_internals = [  # noqa: RUF012 (SQLAlchemy declares it as an instance variable)
        ("column", InternalTraversal.dp_clauseelement)
    ]

    def __init__(self, column: Any) -> None:
        self.column = column
        self.type = column.type

    @property
    def _from_objects(self) -> Any:
        return self.column._from_objects


@compiles(GermanOrder)
def _plain_order(element: GermanOrder, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.column, **kw))


@compiles(GermanOrder, "postgresql")
def _german_order(element: GermanOrder, compiler: Any, **kw: Any) -> str:
    return f'{compiler.process(element.column, **kw)} COLLATE "{GERMAN_COLLATION}"'


def german_order(column: Any) -> GermanOrder:
    return GermanOrder(column)


class YearMonth(ColumnElement[str]):
    """A date's ``YYYY-MM`` (grouping by month): ``strftime`` on SQLite, ``to_char`` on
    PostgreSQL."""

    inherit_cache = True
    type = String()
    _traverse_internals = [  # noqa: RUF012 (SQLAlchemy declares it as an instance variable)
        ("column", InternalTraversal.dp_clauseelement)
    ]

    def __init__(self, column: Any) -> None:
        self.column = column

    @property
    def _from_objects(self) -> Any:
        return self.column._from_objects


@compiles(YearMonth)
def _year_month_sqlite(element: YearMonth, compiler: Any, **kw: Any) -> str:
    return f"strftime('%Y-%m', {compiler.process(element.column, **kw)})"


@compiles(YearMonth, "postgresql")
def _year_month_pg(element: YearMonth, compiler: Any, **kw: Any) -> str:
    return f"to_char({compiler.process(element.column, **kw)}, 'YYYY-MM')"


def year_month(column: Any) -> YearMonth:
    return YearMonth(column)
