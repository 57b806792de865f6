"""The name search index: SQLite FTS5 with the trigram tokenizer over the volunteers' search keys.

``search_key LIKE '%term%'`` reads every volunteer row (about 100 ms at 100,000 files). The
trigram index finds the rows that contain a term of three or more characters directly, with the
same meaning: a phrase of trigrams matches exactly where the term occurs as a substring. Shorter
terms keep the ``LIKE`` test, on the narrow ``volunteer_search`` table instead of the wide rows.

The index is derived data. Triggers keep it in the same transaction as every write to
``volunteer``, whoever writes (the services, sync import with Core statements, erasure,
migrations). It is not in the SQLAlchemy metadata, so it never travels by sync and the
schema comparison ignores it (``is_index_table``). ``volunteer_search`` gives each volunteer an
``INTEGER PRIMARY KEY`` for the index, because ``VACUUM`` and table rebuilds may renumber the
implicit rowids of ``volunteer``.

On PostgreSQL the same key table is kept by a PL/pgSQL trigger and ``volunteer_search_fts`` is
a view over it: the "match" of a term compiles to ``LIKE`` there (a ``pg_trgm`` GIN index could
serve it later), so the services' queries are the same on both engines.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    Table,
    Text,
    bindparam,
    func,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.sqltypes import MatchType
from sqlalchemy.sql.visitors import InternalTraversal

from lotsen_desktop.store.types import UuidKey

SEARCH_TABLE = "volunteer_search"
FTS_TABLE = "volunteer_search_fts"
SORT_INDEX = "ix_volunteer_search_sort"
MIN_INDEXED_LENGTH = 3
"""Terms shorter than a trigram cannot use the index."""

_metadata = MetaData()
search_table = Table(
    SEARCH_TABLE,
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("volunteer_id", UuidKey(), nullable=False, unique=True),
    Column("sort_key", Text, nullable=False),
    Column("search_key", Text, nullable=False),
)
fts_table = Table(FTS_TABLE, _metadata, Column("rowid", Integer), Column("search_key", Text))

TRIGGERS = (
    "volunteer_search_after_insert",
    "volunteer_search_after_delete",
    "volunteer_search_after_update",
    "volunteer_search_fts_after_insert",
    "volunteer_search_fts_after_delete",
    "volunteer_search_fts_after_update",
)

_TABLES_DDL = (
    f"""CREATE TABLE IF NOT EXISTS {SEARCH_TABLE} (
        id INTEGER PRIMARY KEY,
        volunteer_id VARCHAR(36) NOT NULL UNIQUE,
        sort_key TEXT NOT NULL,
        search_key TEXT NOT NULL
    )""",
    f"""CREATE INDEX IF NOT EXISTS {SORT_INDEX}
    ON {SEARCH_TABLE} (sort_key, volunteer_id, search_key)""",
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        search_key, content='{SEARCH_TABLE}', content_rowid='id',
        tokenize='trigram case_sensitive 1'
    )""",
)

_TRIGGERS_DDL = (
    f"""CREATE TRIGGER IF NOT EXISTS volunteer_search_after_insert AFTER INSERT ON volunteer
    BEGIN
        INSERT INTO {SEARCH_TABLE} (volunteer_id, sort_key, search_key)
        VALUES (new.id, new.sort_key, new.search_key);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS volunteer_search_after_delete AFTER DELETE ON volunteer
    BEGIN
        DELETE FROM {SEARCH_TABLE} WHERE volunteer_id = old.id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS volunteer_search_after_update
    AFTER UPDATE OF id, sort_key, search_key ON volunteer
    BEGIN
        UPDATE {SEARCH_TABLE}
        SET volunteer_id = new.id, sort_key = new.sort_key, search_key = new.search_key
        WHERE volunteer_id = old.id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS volunteer_search_fts_after_insert AFTER INSERT ON {SEARCH_TABLE}
    BEGIN
        INSERT INTO {FTS_TABLE} (rowid, search_key) VALUES (new.id, new.search_key);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS volunteer_search_fts_after_delete AFTER DELETE ON {SEARCH_TABLE}
    BEGIN
        INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, search_key)
        VALUES ('delete', old.id, old.search_key);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS volunteer_search_fts_after_update
    AFTER UPDATE OF search_key ON {SEARCH_TABLE} WHEN old.search_key IS NOT new.search_key
    BEGIN
        INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, search_key)
        VALUES ('delete', old.id, old.search_key);
        INSERT INTO {FTS_TABLE} (rowid, search_key) VALUES (new.id, new.search_key);
    END""",
)


_PG_TRIGGER = "volunteer_search_after_write"
_PG_DDL = (
    f"""CREATE TABLE IF NOT EXISTS {SEARCH_TABLE} (
        id BIGSERIAL PRIMARY KEY,
        volunteer_id VARCHAR(36) NOT NULL UNIQUE,
        sort_key TEXT NOT NULL,
        search_key TEXT NOT NULL
    )""",
    f"""CREATE INDEX IF NOT EXISTS {SORT_INDEX}
    ON {SEARCH_TABLE} (sort_key, volunteer_id, search_key)""",
    f"CREATE OR REPLACE VIEW {FTS_TABLE} AS SELECT id AS rowid, search_key FROM {SEARCH_TABLE}",
    f"""CREATE OR REPLACE FUNCTION {_PG_TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO {SEARCH_TABLE} (volunteer_id, sort_key, search_key)
            VALUES (NEW.id, NEW.sort_key, NEW.search_key);
        ELSIF TG_OP = 'DELETE' THEN
            DELETE FROM {SEARCH_TABLE} WHERE volunteer_id = OLD.id;
        ELSE
            UPDATE {SEARCH_TABLE}
            SET volunteer_id = NEW.id, sort_key = NEW.sort_key, search_key = NEW.search_key
            WHERE volunteer_id = OLD.id;
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE OR REPLACE TRIGGER {_PG_TRIGGER}
    AFTER INSERT OR DELETE OR UPDATE OF id, sort_key, search_key ON volunteer
    FOR EACH ROW EXECUTE FUNCTION {_PG_TRIGGER}()""",
)


def _execute(connection: Any, sql: str) -> None:
    connection.exec_driver_sql(sql)


def _is_sqlite(connection: Any) -> bool:
    return bool(connection.dialect.name == "sqlite")


def create(connection: Any) -> None:
    """Create the index with its triggers and fill it from the volunteers (a migration's work)."""
    for sql in _TABLES_DDL + _TRIGGERS_DDL if _is_sqlite(connection) else _PG_DDL:
        _execute(connection, sql)
    rebuild(connection)


def rebuild(connection: Any) -> None:
    """Refill the index from ``volunteer`` (after a table rebuild dropped the triggers)."""
    _execute(connection, f"DELETE FROM {SEARCH_TABLE}")
    _execute(
        connection,
        f"INSERT INTO {SEARCH_TABLE} (volunteer_id, sort_key, search_key) "
        "SELECT id, sort_key, search_key FROM volunteer ORDER BY sort_key, id",
    )
    if _is_sqlite(connection):
        _execute(connection, f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')")


def drop(connection: Any) -> None:
    if not _is_sqlite(connection):
        _execute(connection, f"DROP TRIGGER IF EXISTS {_PG_TRIGGER} ON volunteer")
        _execute(connection, f"DROP FUNCTION IF EXISTS {_PG_TRIGGER}()")
        _execute(connection, f"DROP VIEW IF EXISTS {FTS_TABLE}")
        _execute(connection, f"DROP TABLE IF EXISTS {SEARCH_TABLE}")
        return
    for name in TRIGGERS:
        _execute(connection, f"DROP TRIGGER IF EXISTS {name}")
    _execute(connection, f"DROP TABLE IF EXISTS {FTS_TABLE}")
    _execute(connection, f"DROP INDEX IF EXISTS {SORT_INDEX}")
    _execute(connection, f"DROP TABLE IF EXISTS {SEARCH_TABLE}")


def is_complete(connection: Any) -> bool:
    """Are the tables and every trigger there? (``batch_alter_table`` on ``volunteer`` drops
    the triggers with the old table.)"""
    if not _is_sqlite(connection):
        return (
            bool(
                connection.exec_driver_sql(
                    "SELECT 1 FROM pg_trigger WHERE tgname = %(name)s", {"name": _PG_TRIGGER}
                ).first()
            )
            and connection.exec_driver_sql(f"SELECT to_regclass('{FTS_TABLE}')").scalar()
            is not None
        )
    found = {
        row[0]
        for row in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger', 'index') "
            f"AND (name LIKE '{SEARCH_TABLE}%' OR name = '{SORT_INDEX}')"
        )
    }
    return {SEARCH_TABLE, FTS_TABLE, SORT_INDEX, *TRIGGERS} <= found


def repair(connection: Any) -> bool:
    """Recreate what is missing and refill; ``True`` if anything had to be done."""
    if is_complete(connection):
        return False
    create(connection)
    return True


def is_index_table(name: str | None) -> bool:
    """Tables of the index (and FTS5's shadow tables) that the models do not describe."""
    return bool(name) and str(name).startswith(SEARCH_TABLE)


def fts_query(terms: Sequence[str]) -> str:
    """An FTS5 query that matches rows containing every term as a substring."""
    return " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)


class _Contains(ColumnElement[bool]):
    """The index's "contains every term": FTS5 ``MATCH`` on SQLite, ``LIKE`` on PostgreSQL.

    The terms are bound parameters, so the compiled statement is cached per number of terms.
    """

    inherit_cache = True
    type = MatchType()
    _is_implicitly_boolean = True
    _traverse_internals = [  # noqa: RUF012 (SQLAlchemy declares it as an instance variable)
        ("column", InternalTraversal.dp_clauseelement),
        ("fts", InternalTraversal.dp_clauseelement),
        ("likes", InternalTraversal.dp_clauseelement_tuple),
    ]

    def __init__(self, column: Any, terms: Sequence[str]) -> None:
        from lotsen_desktop.domain.names import escape_like

        self.column = column
        self.fts = bindparam(None, fts_query(terms), type_=Text())
        self.likes = tuple(bindparam(None, "%" + escape_like(t) + "%", type_=Text()) for t in terms)

    @property
    def _from_objects(self) -> Any:
        return self.column._from_objects


@compiles(_Contains)
def _contains_fts(element: _Contains, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    return f"{column} MATCH {compiler.process(element.fts, **kw)}"


@compiles(_Contains, "postgresql")
def _contains_like(element: _Contains, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    return (
        "("
        + " AND ".join(
            f"{column} LIKE {compiler.process(like, **kw)} ESCAPE '\\'" for like in element.likes
        )
        + ")"
    )


def matching_volunteer_ids(terms: Sequence[str]) -> Select[Any]:
    """``SELECT volunteer_id`` of the rows whose search key contains every term.

    Terms of at least ``MIN_INDEXED_LENGTH`` characters are looked up in the trigram index;
    shorter ones are tested with ``LIKE`` on the narrow key table (at least one term required).
    """
    from lotsen_desktop.domain.names import escape_like

    indexed = [t for t in terms if len(t) >= MIN_INDEXED_LENGTH]
    short = [t for t in terms if len(t) < MIN_INDEXED_LENGTH]
    query = select(search_table.c.volunteer_id)
    if indexed:
        query = query.where(
            search_table.c.id.in_(
                select(fts_table.c.rowid).where(_Contains(fts_table.c.search_key, indexed))
            )
        )
    for term in short:
        query = query.where(
            search_table.c.search_key.like("%" + escape_like(term) + "%", escape="\\")
        )
    return query


def count_matches(session: Session, terms: Sequence[str]) -> int:
    """How many volunteers' keys contain every term (one index look-up or a narrow scan)."""
    if all(len(t) >= MIN_INDEXED_LENGTH for t in terms):
        query = select(func.count()).where(_Contains(fts_table.c.search_key, terms))
    else:
        query = select(func.count()).select_from(matching_volunteer_ids(terms).subquery())
    return int(session.scalar(query) or 0)


def page_of_matches(
    session: Session, terms: Sequence[str], *, descending: bool, offset: int, limit: int | None
) -> list[str]:
    """Volunteer ids of one page of the matches in German collation, read from the index alone.

    Few matches come from the trigram index and are sorted; many (short terms) come from walking
    the covering index in sort order until the page is full. SQLite chooses; both are quick.
    """
    key = search_table.c.sort_key.desc() if descending else search_table.c.sort_key.asc()
    query = matching_volunteer_ids(terms).order_by(key, search_table.c.volunteer_id.asc())
    if offset:
        query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))
