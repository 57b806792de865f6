"""The database file: engine settings, migrations on open, backups, the unit of work, and the
notice of what each commit changed.

All SQLite-specific SQL of the program lives in this module.
"""

from __future__ import annotations

import contextlib
import getpass
import logging
import operator
import os
import re
import sqlite3
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_data_path
from sqlalchemy import Boolean, Engine, Table, create_engine, event, select
from sqlalchemy.exc import DatabaseError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from lotsen_desktop.errors import DatabaseDamaged, StoreError, describe_os_error
from lotsen_desktop.i18n import _
from lotsen_desktop.store import inline_state, name_index, phone_index
from lotsen_desktop.store.models import LocalSetting, Tracked, new_id
from lotsen_desktop.store.types import register_functions

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

APP_NAME = "LotsenDesktop"
DB_FILENAME = "lotsen.sqlite"
BUSY_TIMEOUT_MS = 5000
WRITE_WAIT_S = 600.0
"""How long a transaction that must write (an import) waits for another writer to finish."""
BULK_CACHE_KIB = -131072
"""Page cache while a unit of work inserts in bulk (negative: KiB): index pages stay in memory."""
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"


def default_db_path() -> Path:
    """The database in the user's data folder (``%LOCALAPPDATA%\\LotsenDesktop`` on Windows)."""
    return user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def resolve_db_path(explicit: str | os.PathLike[str] | None) -> Path:
    """``--db`` wins, then ``LOTSEN_DB``, then the default."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("LOTSEN_DB")
    if env:
        return Path(env).expanduser()
    return default_db_path()


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unbekannt"


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


_WRITE = re.compile(
    r"\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)"
    r"\s+[\"`\[]?(\w+)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Changes:
    """What one commit wrote (after Anki's ``OpChanges``): the names of the tables touched.

    ``initiator`` is the object that asked for the change (``Store.initiated_by``), so a view that
    already shows the result can skip its own redraw; ``None`` for everything else.
    """

    tables: frozenset[str]
    initiator: object | None = None

    def touches(self, tables: Iterable[str]) -> bool:
        """Whether any of ``tables`` was written."""
        return not self.tables.isdisjoint(tables)


ChangeListener = Callable[[Changes], None]
"""Called after a successful commit, in the thread that committed."""


class _WriteLog:
    """The tables written since the last commit or rollback of one driver connection (statements
    run through ``execute``/``executemany``; rows written by triggers are not named)."""

    def __init__(self) -> None:
        self.tables: set[str] = set()
        self.committed: Callable[[frozenset[str]], None] | None = None
        self.sender = ""
        """The store's token in the change notices a server connection sends (empty: none)."""

    def note(self, sql: object) -> None:
        if isinstance(sql, str):
            found = _WRITE.match(sql)
            if found is not None:
                self.tables.add(found.group(1))


class _LoggingCursorMixin:
    """Tells its connection's write log which tables its statements write (sqlite3 and
    SQLCipher cursors alike)."""

    connection: Any

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        self.connection.write_log.note(sql)
        return super().execute(sql, parameters)  # type: ignore[misc]

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        self.connection.write_log.note(sql)
        return super().executemany(sql, parameters)  # type: ignore[misc]


class _LoggingConnectionMixin:
    """The driver connection: every statement, whether from SQLAlchemy or run on the raw
    connection (bulk writes of the sync layer), is seen, so a commit knows what it wrote."""

    cursor_class: type[Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.write_log = _WriteLog()

    def cursor(self, factory: Any = None) -> Any:
        return super().cursor(factory or self.cursor_class)  # type: ignore[misc]

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        self.write_log.note(sql)
        return super().execute(sql, parameters)  # type: ignore[misc]

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        self.write_log.note(sql)
        return super().executemany(sql, parameters)  # type: ignore[misc]

    def commit(self) -> None:
        super().commit()  # type: ignore[misc]
        log_ = self.write_log
        if log_.tables:
            written = frozenset(log_.tables)
            log_.tables.clear()
            if log_.committed is not None:
                log_.committed(written)

    def rollback(self) -> None:
        self.write_log.tables.clear()
        super().rollback()  # type: ignore[misc]


class _LoggingCursor(_LoggingCursorMixin, sqlite3.Cursor):
    pass


class _LoggingConnection(_LoggingConnectionMixin, sqlite3.Connection):
    cursor_class = _LoggingCursor


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA secure_delete = ON")  # redacted and erased data is overwritten
    cursor.close()
    register_functions(dbapi_connection)  # uuid_blob/uuid_text: SQL meeting text ids


def driver_errors(name: str = "Error") -> tuple[type[Exception], ...]:
    """sqlite3's exception class ``name`` and, once SQLCipher is loaded, its twin: the raw
    connections of an encrypted store (backups, restore) raise the latter."""
    classes: list[type[Exception]] = [getattr(sqlite3, name)]
    cipher_driver = sys.modules.get("sqlcipher3.dbapi2")
    if cipher_driver is not None:
        classes.append(getattr(cipher_driver, name))
    return tuple(classes)


def create_sqlite_engine(path: Path, passphrase: str | None = None) -> Engine:
    """The engine for ``path``; with a passphrase an SQLCipher engine (``store/cipher.py``)."""
    if passphrase is not None:
        from lotsen_desktop.store import cipher

        engine = cipher.create_cipher_engine(path, passphrase)
    else:
        engine = create_engine(
            f"sqlite:///{path}", future=True, connect_args={"factory": _LoggingConnection}
        )
    event.listen(engine, "connect", _on_connect)
    return engine


def _alembic_config(connection: Any | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(_alembic_config()).get_heads()
    assert len(heads) == 1, f"migrations must have one head, found {heads}"
    return heads[0]


def known_revisions() -> set[str]:
    """Every schema revision this program knows: a file stamped with another is newer."""
    from alembic.script import ScriptDirectory

    return {
        script.revision
        for script in ScriptDirectory.from_config(_alembic_config()).walk_revisions()
    }


def revisions_before(revision: str) -> frozenset[str]:
    """The schema revisions ``revision`` builds on (not itself): what older versions wrote."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return frozenset(s.revision for s in script.walk_revisions(head=revision)) - {revision}


def current_revision(engine: Engine) -> str | None:
    """The schema revision stamped in the file (``None``: not created by us yet)."""
    if engine.dialect.name != "sqlite":
        from lotsen_desktop.store.server import stamped_revision

        with engine.connect() as connection:
            return stamped_revision(connection)
    with engine.connect() as connection:
        if not connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).first():
            return None
        versions = [
            row[0] for row in connection.exec_driver_sql("SELECT version_num FROM alembic_version")
        ]
    if len(versions) > 1:
        from alembic.runtime.migration import MigrationContext

        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    return versions[0] if versions else None


_REVISION_LINE = re.compile(r"^(down_revision|revision)\b[^=]*=\s*(.*)$", re.MULTILINE)


def _head_from_files() -> str | None:
    """The newest revision, read from the migration files without importing Alembic (which
    alone takes a noticeable part of the window's start); ``None`` if unclear."""
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        for path in (_MIGRATIONS / "versions").glob("*.py"):
            for name, value in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
                found = set(re.findall(r"[\"']([^\"']+)[\"']", value))
                (revisions if name == "revision" else parents).update(found)
    except OSError:
        return None
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


FlushHook = Callable[[Session, "UnitOfWork"], None]
BulkHook = Callable[[Session, "UnitOfWork", str, Sequence[dict[str, Any]]], None]
"""Called after ``UnitOfWork.insert_rows`` with the table name and the complete rows written."""
PrepareHook = Callable[[Session, "UnitOfWork", str, list[dict[str, Any]]], None]
"""Called by ``UnitOfWork.insert_rows`` before the rows are written: it may fill in local
columns (the inline merge state)."""


@dataclass(eq=False)
class Store:
    """An open database: engine, who is working, and hooks other layers attach (sync capture).

    After every successful commit, from whatever thread and code path (unit of work, sync import,
    demo data, a plain session), the change listeners get a ``Changes`` naming the tables written.
    Views subscribe here instead of being told by hand what a use case changed.
    """

    path: Path
    engine: Engine
    user: str = field(default_factory=os_user)
    flush_hooks: list[FlushHook] = field(default_factory=list)
    commit_hooks: list[FlushHook] = field(default_factory=list)
    prepare_hooks: list[PrepareHook] = field(default_factory=list)
    bulk_hooks: list[BulkHook] = field(default_factory=list)
    passphrase: str | None = field(default=None, repr=False)
    """The SQLCipher passphrase of an encrypted file (``None``: a plain SQLite file)."""
    url: str | None = None
    """A PostgreSQL store's URL (``path`` is then only a local folder for its side files)."""
    server_location: str = ""

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=True)
        self._listeners: list[ChangeListener] = []
        self._listeners_lock = threading.Lock()
        self._initiators = threading.local()
        self._notice_token = uuid.uuid4().hex
        self._notices: Any = None
        event.listen(self.engine, "checkout", self._on_checkout)

    @property
    def encrypted(self) -> bool:
        """Whether the file is encrypted at rest (SQLCipher)."""
        return self.passphrase is not None

    def connect_raw(self, path: Path | None = None) -> Any:
        """A DB-API connection to this store's file or a copy of it (backup, restore candidate),
        keyed with the store's passphrase when the store is encrypted; the caller closes it.

        Two connections from here (source and target of SQLite's backup API) are of the same
        driver and key, so a backup of an encrypted store is encrypted too. An existing file
        with SQLite's plain header (a backup made before the encryption) is opened unkeyed.
        """
        target = self.path if path is None else Path(path)
        if self.passphrase is None:
            connection = sqlite3.connect(str(target), timeout=BUSY_TIMEOUT_MS / 1000)
        else:
            from lotsen_desktop.store import cipher

            plain = target.exists() and target.stat().st_size > 0 and _is_plain_sqlite(target)
            connection = cipher.connect(target, None if plain else self.passphrase)
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return connection

    def replace_engine(self, engine: Engine, passphrase: str | None) -> None:
        """Use ``engine`` from now on (the file was encrypted, decrypted or rekeyed); hooks and
        change listeners stay. The old engine's pooled connections are closed."""
        old = self.engine
        self.engine = engine
        self.passphrase = passphrase
        self._sessions = sessionmaker(engine, expire_on_commit=False, autoflush=True)
        event.listen(engine, "checkout", self._on_checkout)
        old.dispose()

    def add_change_listener(self, listener: ChangeListener) -> None:
        """Call ``listener`` after each successful commit (in the committing thread)."""
        with self._listeners_lock:
            if listener not in self._listeners:
                self._listeners.append(listener)
            if self.url is not None and self._notices is None:
                from lotsen_desktop.store.server import ChangeNotices

                self._notices = ChangeNotices(
                    self.url, self._notice_token, self._committed_elsewhere
                )
                self._notices.start()

    def remove_change_listener(self, listener: ChangeListener) -> None:
        with self._listeners_lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    @contextmanager
    def initiated_by(self, initiator: object) -> Iterator[None]:
        """Commits of this thread inside the block carry ``initiator`` in their ``Changes``."""
        previous = getattr(self._initiators, "current", None)
        self._initiators.current = initiator
        try:
            yield
        finally:
            self._initiators.current = previous

    def _on_checkout(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        write_log = getattr(dbapi_connection, "write_log", None)
        if isinstance(write_log, _WriteLog):
            write_log.committed = self._committed
            if self.url is not None:
                write_log.sender = self._notice_token

    def _committed_elsewhere(self, tables: frozenset[str]) -> None:
        """Another client committed on the shared database (``server.ChangeNotices`` thread)."""
        self._deliver(Changes(tables, None))

    def _committed(self, tables: frozenset[str]) -> None:
        self._deliver(Changes(tables, getattr(self._initiators, "current", None)))

    def _deliver(self, changes: Changes) -> None:
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(changes)
            except Exception:  # the data is committed: a failing view must not make it look lost
                log.exception("a change listener failed")

    @property
    def is_server(self) -> bool:
        """Whether this store is a shared PostgreSQL database rather than a file on this PC."""
        return self.url is not None

    @property
    def location(self) -> str:
        """What identifies this database for its sync site id (a copy elsewhere gets a new one)."""
        return self.server_location or str(self.path.resolve())

    @property
    def target(self) -> str:
        """What ``open_store`` / ``--db`` takes to open this database again."""
        return self.url if self.url is not None else str(self.path)

    @property
    def display_name(self) -> str:
        """The database as shown to the user: the file, or the server URL without password."""
        if self.url is not None:
            from lotsen_desktop.store.server import display_url

            return display_url(self.url)
        return str(self.path)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self)

    def new_session(self) -> Session:
        return self._sessions()

    def close(self) -> None:
        if self._notices is not None:
            self._notices.stop()
            self._notices = None
        self.engine.dispose()

    def local_setting(self, key: str, default: str = "") -> str:
        with self.new_session() as session:
            row = session.get(LocalSetting, key)
            return row.value if row else default

    def set_local_setting(self, key: str, value: str) -> None:
        with self.new_session() as session, session.begin():
            row = session.get(LocalSetting, key)
            if row is None:
                session.add(LocalSetting(key=key, value=value))
            else:
                row.value = value


class UnitOfWork:
    """One transaction: ``with store.uow() as uow: ...; uow.commit()``.

    Leaving the block without ``commit()`` rolls back. ``changed_tables`` names the tables the ORM
    wrote so far, for rules inside the transaction; views learn what a commit wrote from the
    store's change listeners (``Changes``), which also see writes that bypass the ORM.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.changed_tables: set[str] = set()
        self._session: Session | None = None
        self._bulk = False

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("unit of work used outside its with-block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._session = self.store.new_session()
        self._session.info["uow"] = self
        event.listen(self._session, "before_flush", self._before_flush)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._session is not None
        try:
            self._session.rollback()
            if self._bulk:  # the connection goes back to the pool with SQLite's default cache
                with contextlib.suppress(SQLAlchemyError):
                    self._session.connection().exec_driver_sql("PRAGMA cache_size = -2000")
        finally:
            self._session.close()
            self._session = None

    def commit(self) -> None:
        try:
            self.session.flush()
            for hook in self.store.commit_hooks:
                hook(self.session, self)
            self.session.commit()
        except OperationalError as error:
            self.session.rollback()
            raise translate_operational_error(error) from error

    def lock_for_writing(
        self, *, wait_s: float = WRITE_WAIT_S, keep_waiting: Callable[[], bool] | None = None
    ) -> None:
        """Take SQLite's write lock now (``BEGIN IMMEDIATE``), before the transaction reads.

        Without it the driver begins the transaction only at the first write, so two processes
        may both read the same state (the exchange's watermarks) and then write the same rows.
        Another writer is waited for up to ``wait_s`` seconds (``keep_waiting`` may end the wait
        sooner, e.g. a cancel); then one line tells the user to try again.
        """
        if self.store.is_server:
            self._lock_server_for_writing()
            return
        raw: Any = self.session.connection().connection.driver_connection
        if raw.in_transaction:
            raise RuntimeError("lock_for_writing must come before the first statement")
        deadline = time.monotonic() + wait_s
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                text = str(error).lower()
                if "locked" not in text and "busy" not in text:
                    raise translate_operational_error(error) from error  # type: ignore[arg-type]
                if time.monotonic() >= deadline or (keep_waiting and not keep_waiting()):
                    raise StoreError(
                        _(
                            "The database is being changed by another program or window right "
                            "now (for example another import). Nothing was changed; try again "
                            "when it has finished."
                        )
                    ) from error
                log.info("waiting for the database's write lock")

    def _lock_server_for_writing(self) -> None:
        """PostgreSQL: a transaction-scoped advisory lock serialises the writers that must read
        before they write (imports); it is released by the commit or rollback."""
        from lotsen_desktop.store.server import WRITE_LOCK_KEY

        self.session.connection().exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")

    def checkpoint(self) -> None:
        """Flush and run the commit hooks without committing: keeps memory flat in long imports.

        The hooks (sync capture) write what they gathered so far into the same transaction, which
        still commits or rolls back as a whole.
        """
        self.session.flush()
        for hook in self.store.commit_hooks:
            hook(self.session, self)
        self.session.expunge_all()

    def use_bulk_cache(self, kib: int = -BULK_CACHE_KIB) -> None:
        """A large page cache (``kib`` KiB) for this transaction: bulk writes touch index pages
        all over the file. The connection gets SQLite's default back when the unit of work ends."""
        if not self._bulk and not self.store.is_server:
            self._bulk = True
            self.session.connection().exec_driver_sql(f"PRAGMA cache_size = {-abs(kib)}")

    def insert_rows(self, model: type[Tracked], rows: Sequence[dict[str, Any]]) -> None:
        """Insert many new rows with one ``executemany``, bypassing the ORM (demo data, imports).

        Missing columns get their defaults, the bookkeeping columns are stamped as for ORM inserts,
        and the bulk hooks (sync capture) see the complete rows, so nothing escapes the change log.
        Pending ORM changes are flushed first so the order of writes is kept.
        """
        if not rows:
            return
        table = model.__table__  # type: ignore[attr-defined]
        now = _utcnow()
        defaults = _column_defaults(table)
        complete = [
            {**defaults, **row, "created_at": now, "updated_at": now, "changed_by": self.store.user}
            for row in rows
        ]
        for row in complete:
            if row.get("id") is None:
                row["id"] = new_id()
        self.session.flush()
        for hook in self.store.prepare_hooks:
            hook(self.session, self, table.name, complete)
        self.use_bulk_cache()
        bulk_insert(self.session, table, complete)
        self.changed_tables.add(table.name)
        for hook in self.store.bulk_hooks:
            hook(self.session, self, table.name, complete)

    def _before_flush(self, session: Session, _context: Any, _instances: Any) -> None:
        now = _utcnow()
        for obj in session.new:
            if isinstance(obj, Tracked):
                obj.created_at = obj.created_at or now
                obj.updated_at = now
                obj.changed_by = self.store.user
                self.changed_tables.add(obj.__tablename__)  # type: ignore[attr-defined]
        for obj in session.dirty:
            if isinstance(obj, Tracked) and session.is_modified(obj, include_collections=False):
                obj.updated_at = now
                obj.changed_by = self.store.user
                self.changed_tables.add(obj.__tablename__)  # type: ignore[attr-defined]
        for obj in session.deleted:
            if isinstance(obj, Tracked):
                self.changed_tables.add(obj.__tablename__)  # type: ignore[attr-defined]
        for hook in self.store.flush_hooks:
            hook(session, self)


def bulk_insert(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT many rows with one ``executemany`` of the driver, in the session's transaction.

    Each row must hold every column of the table. Values are converted by the columns' own
    SQLAlchemy types (dates stored as SQLAlchemy stores them, each distinct value converted once),
    without the per-row statement machinery, which costs more than SQLite's insert itself.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    names = [column.name for column in table.columns]
    converters: list[tuple[int, Callable[[Any], Any], dict[Any, Any]]] = []
    defaults = _column_defaults(table)
    for index, column in enumerate(table.columns):
        process = column.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None and not isinstance(column.type, Boolean):  # sqlite3 binds bools
            converters.append((index, process, {}))
    row_values = operator.itemgetter(*names)
    params: list[tuple[Any, ...]] = []
    for row in rows:
        try:
            values = row_values(row)
        except KeyError:  # a column added since the caller was written: its default
            values = tuple(row.get(name, defaults[name]) for name in names)
        if converters:
            items = list(values)
            for index, convert, memo in converters:
                value = items[index]
                if value is not None:
                    stored = memo.get(value)
                    if stored is None:
                        stored = memo[value] = convert(value)
                    items[index] = stored
            values = tuple(items)
        params.append(values)
    if dialect.name != "sqlite":
        params = _server_values(table, params)
    quoted = ", ".join(f'"{name}"' for name in names)
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    marks = ", ".join(mark for _name in names)
    connection.exec_driver_sql(f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks})', params)


def _server_values(table: Table, params: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """PostgreSQL types booleans strictly: 0/1 from the SQLite-minded callers become bools."""
    flags = [i for i, column in enumerate(table.columns) if isinstance(column.type, Boolean)]
    if not flags:
        return params
    result = []
    for values in params:
        items = list(values)
        for index in flags:
            if items[index] is not None:
                items[index] = bool(items[index])
        result.append(tuple(items))
    return result


def _column_defaults(table: Any) -> dict[str, Any]:
    """Every column with its scalar default (or ``None``): what an ORM insert would write."""
    result: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        result[column.name] = (
            default.arg if default is not None and getattr(default, "is_scalar", False) else None
        )
    return result


def translate_operational_error(error: OperationalError | DatabaseError) -> StoreError:
    """Turn SQLite's messages into one the office understands."""
    text = str(error.orig) if getattr(error, "orig", None) else str(error)
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        return StoreError(
            _("The database is in use by another program. Close it there and try again.")
        )
    if "disk is full" in lowered or "database or disk is full" in lowered:
        return StoreError(_("The disk is full. Nothing was saved; free some space and try again."))
    if "not a database" in lowered or "malformed" in lowered:
        return DatabaseDamaged(_("The file is not a Lotsen Desktop database or it is damaged."))
    if "readonly" in lowered or "read-only" in lowered:
        return StoreError(_("The database file is read-only. Nothing was saved."))
    return StoreError(_("The database reported an error: {error}").format(error=text))


def open_store(
    path: str | os.PathLike[str] | None = None,
    *,
    user: str | None = None,
    migrate: bool = True,
    passphrase: str | None = None,
    waiting: Callable[[str], None] | None = None,
) -> Store:
    """Open (and create or upgrade) the database at ``path`` (a file, or a ``postgresql://`` URL).

    Before a pending migration the file is backed up; a database from a newer program version is
    refused untouched. An encrypted file (SQLCipher) needs its ``passphrase``: without one
    ``cipher.PassphraseRequired``, with a wrong one ``cipher.WrongPassphrase`` (each failure
    makes the next attempt wait longer: ``cipher.PassphraseThrottled``); the file is not
    changed. A plain file opens with or without a passphrase (it is then ignored); a new file
    with a passphrase is created encrypted.
    ``waiting`` is told when a shared database is being upgraded by another PC, and before a
    file is backed up and upgraded here (minutes at 100,000 volunteers).
    """
    target = path if path else os.environ.get("LOTSEN_DB")
    from lotsen_desktop.store import server

    if server.is_server_url(target):
        return open_server_store(str(target), user=user, migrate=migrate, waiting=waiting)
    db_path = resolve_db_path(path)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            _("The folder for the database cannot be created: {error}").format(
                error=describe_os_error(error)
            )
        ) from error
    existed = db_path.exists() and db_path.stat().st_size > 0
    passphrase = passphrase or None  # an empty passphrase is none
    key: str | None = passphrase if not existed else None
    if existed and not _is_plain_sqlite(db_path):
        from lotsen_desktop.store import cipher

        cipher.unlock(db_path, passphrase)
        key = passphrase
    engine = create_sqlite_engine(db_path, key)
    store = Store(path=db_path, engine=engine, user=user or os_user(), passphrase=key)
    try:
        if migrate:
            _migrate(store, existed, waiting)
    except (OperationalError, DatabaseError) as error:
        engine.dispose()
        raise translate_operational_error(error) from error
    except sqlite3.DatabaseError as error:
        engine.dispose()
        raise DatabaseDamaged(
            _("The file is not a Lotsen Desktop database or it is damaged.")
        ) from error
    except BaseException:
        engine.dispose()
        raise
    stored_user = store.local_setting("user_name")
    if stored_user and not user:
        store.user = stored_user
    return store


def open_server_store(
    url: str,
    *,
    user: str | None = None,
    migrate: bool = True,
    waiting: Callable[[str], None] | None = None,
) -> Store:
    """Open (and create or upgrade) a shared PostgreSQL database.

    The upgrade runs under the database's advisory lock: one client migrates, the others wait
    (``waiting`` gets a message for the user) and then find the schema current.
    """
    from lotsen_desktop.store import server

    engine = server.create_server_engine(url)
    try:
        with engine.connect() as connection:
            server.check_collation(connection)
            location = server.server_location(connection)
            connection.commit()
            if migrate:
                with server.migration_lock(connection, waiting):
                    connection.commit()
                    _migrate_server(connection, waiting)
    except OperationalError as error:
        engine.dispose()
        raise server.translate_error(error) from error
    except BaseException:
        engine.dispose()
        raise
    store = Store(
        path=server.side_folder(url),
        engine=engine,
        user=user or os_user(),
        url=url,
        server_location=location,
    )
    stored_user = store.local_setting("user_name")
    if stored_user and not user:
        store.user = stored_user
    return store


def _migrate_server(connection: Any, waiting: Callable[[str], None] | None = None) -> None:
    """Alembic on a PostgreSQL connection already holding the migration lock; ``waiting`` is
    told before an existing database is upgraded (at 100,000 volunteers 0021 to 0023 took
    96 s: without a word the program would look as if it had not started)."""
    from lotsen_desktop.store import server

    current = server.stamped_revision(connection)
    connection.commit()
    if current != _head_from_files():
        head = head_revision()
        if current is not None and current not in known_revisions():
            raise StoreError(
                _(
                    "This database was written by a newer version of Lotsen Desktop (schema "
                    "{revision}). Please install the newer version; the database was not changed."
                ).format(revision=current)
            )
        if current != head:
            from alembic import command

            if current is not None and waiting is not None:
                waiting(
                    _(
                        "Lotsen Desktop is bringing the shared database up to date for this "
                        "version. With many records this takes a few minutes; the other computers "
                        "wait until it is done. Please do not switch the computer off."
                    )
                )

            command.upgrade(_alembic_config(connection), "head")
            connection.commit()
    if name_index.repair(connection):
        log.warning("name search index was incomplete and has been rebuilt")
    if phone_index.repair(connection):
        log.warning("phone search index was incomplete and has been rebuilt")
    if inline_state.repair(connection):
        log.warning("row state triggers were missing and have been created again")
    connection.commit()


def _is_plain_sqlite(db_path: Path) -> bool:
    """Whether the file starts with SQLite's header; anything else may be an encrypted file."""
    try:
        with open(db_path, "rb") as handle:
            header = handle.read(16)
    except OSError as error:
        raise StoreError(
            _("The database cannot be read: {error}").format(error=describe_os_error(error))
        ) from error
    return header == SQLITE_HEADER


def _migrate(store: Store, existed: bool, waiting: Callable[[str], None] | None = None) -> None:
    engine = store.engine
    current = current_revision(engine)
    if current is not None and current == _head_from_files():
        _repair_derived(engine)
        return
    head = head_revision()
    if current == head:
        _repair_derived(engine)
        return
    if current is not None and current not in known_revisions():
        raise StoreError(
            _(
                "This database was written by a newer version of Lotsen Desktop (schema {revision}). "
                "Please install the newer version; the file was not changed."
            ).format(revision=current)
        )
    if existed:
        if current is None and not _has_user_tables(engine):
            pass
        else:
            if waiting is not None:
                waiting(
                    _(
                        "Lotsen Desktop is bringing the database up to date for this version; a "
                        "backup is made first. With many records this takes a few minutes. "
                        "Please do not switch the computer off."
                    )
                )
            from lotsen_desktop.store.backup import backup_database

            written = backup_database(store, "vor-update", detail=current or "leer")
            log.info("backup before migration written to %s", written.path.name)
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")
    _repair_derived(engine)
    if existed and current is not None:
        rebuild_file(engine)


def rebuild_file(engine: Engine) -> bool:
    """Rebuild the file (``VACUUM``) after an upgrade, so it gives back what the upgrade freed.

    The migrations that shrink the storage rewrite the large tables in place: the old pages stay
    in the file as free pages (0018 to 0021 at 100,000 volunteers: 1,325 MB where 646 MB were in
    use), or as free space inside pages (0022's integer times: the file keeps its size). Only a
    rebuild gives the space back, and the office would have to find *Datenbank verkleinern*.
    At that size the rebuild takes seconds after an upgrade of minutes. Failing is harmless (the
    file stays valid, only larger: a full disk, another program reading), so it is logged.
    """
    before = page_bytes(engine)
    try:
        vacuum_file(engine)
    except driver_errors() as error:
        log.warning("file not rebuilt after the upgrade: %s", error)
        return False
    log.info("file rebuilt after the upgrade: %d bytes, %d before", page_bytes(engine), before)
    return True


def vacuum_file(engine: Engine, stop: Callable[[], bool] | None = None) -> None:
    """``VACUUM``, then an emptied write-ahead log. ``stop`` is asked every 200,000 steps; when
    it says so, SQLite gives up (``OperationalError``) and the file stays as it was."""
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        if stop is not None:
            raw.set_progress_handler(lambda: 1 if stop() else 0, 200_000)
        try:
            raw.execute("VACUUM")
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            if stop is not None:
                raw.set_progress_handler(None, 0)


def page_bytes(engine: Engine) -> int:
    """The database's size in pages (including what still sits in the write-ahead log)."""
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        pages = raw.execute("PRAGMA page_count").fetchone()[0]
        size = raw.execute("PRAGMA page_size").fetchone()[0]
    return int(pages) * int(size)


def _repair_derived(engine: Engine) -> None:
    """Derived structures a table rebuild may have dropped (the name index's triggers, the
    row states' delete triggers)."""
    with engine.begin() as connection:
        if name_index.repair(connection):
            log.warning("name search index was incomplete and has been rebuilt")
        if phone_index.repair(connection):
            log.warning("phone search index was incomplete and has been rebuilt")
        if inline_state.repair(connection):
            log.warning("row state triggers were missing and have been created again")


def _has_user_tables(engine: Engine) -> bool:
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    return bool(rows)


def unopened_store(
    path: str | os.PathLike[str] | None = None, *, passphrase: str | None = None
) -> Store:
    """A store for raw access to a file that may be damaged or about to be replaced (listing
    backups, restoring): nothing is migrated and no connection is made until one is asked for.
    An encrypted file needs its ``passphrase`` so that its backups are read with the key."""
    db_path = resolve_db_path(path)
    key = passphrase or None
    if key is not None and db_path.exists() and _is_plain_sqlite(db_path):
        key = None
    return Store(path=db_path, engine=create_sqlite_engine(db_path, key), passphrase=key)


def check_integrity(store: Store) -> bool:
    if store.is_server:
        return True  # the server checks its own pages; nothing to ask of it here
    with store.engine.connect() as connection:
        return connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


__all__ = [
    "ChangeListener",
    "Changes",
    "Store",
    "UnitOfWork",
    "bulk_insert",
    "default_db_path",
    "open_store",
    "resolve_db_path",
    "select",
]
