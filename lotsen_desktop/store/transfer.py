"""Copy a whole database to another engine: a single-PC file up to a shared PostgreSQL database,
or a PostgreSQL database down to a local SQLite file (a copy to keep, e.g. as a backup).

Every table is copied with its whole history (the sync log, the peers' watermarks, conflicts,
the derived figures), parents before children, through portable SQLAlchemy Core statements. The
target must be empty: nothing is ever merged into or overwritten in an existing database. Each
table's row count is compared afterwards, and the caller compares the digests.

The copy is a new place, so it gets its own sync site id when first opened (as a copied file does).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, Table, func, insert, select

import lotsen_desktop.store.sync_tables  # noqa: F401  (sync tables on the same metadata)
from lotsen_desktop.errors import StoreError
from lotsen_desktop.i18n import _
from lotsen_desktop.store.database import Store, open_store
from lotsen_desktop.store.models import Base
from lotsen_desktop.store.server import is_server_url

BATCH = 2000
"""Rows read and written at a time: memory stays flat on 100,000 volunteers."""

Progress = Callable[[str, int], None]
"""Told each table's name and the rows copied from it."""


@dataclass(frozen=True)
class TransferResult:
    target: str
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def tables() -> list[Table]:
    """Every table of the schema, parents before children."""
    return list(Base.metadata.sorted_tables)


def _count(connection: Any, table: Table) -> int:
    return int(connection.execute(select(func.count()).select_from(table)).scalar() or 0)


def _batches(connection: Any, table: Table) -> Iterator[list[dict[str, Any]]]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = connection.execution_options(stream_results=True).execute(
        select(table).order_by(*order)
    )
    while rows := result.mappings().fetchmany(BATCH):
        yield [dict(row) for row in rows]


def _check_empty(target: Store) -> None:
    with target.engine.connect() as connection:
        for table in tables():
            if _count(connection, table):
                raise StoreError(
                    _(
                        "The target database is not empty (table {table} has rows). A copy goes "
                        "only into an empty database; nothing was changed."
                    ).format(table=table.name)
                )


def _reset_sequences(connection: Any) -> None:
    """PostgreSQL: counters of the copied integer keys continue after the highest copied id."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables():
        for column in table.primary_key.columns:
            if isinstance(column.type, Integer) and column.autoincrement is not False:
                sequence = connection.exec_driver_sql(
                    "SELECT pg_get_serial_sequence(%(t)s, %(c)s)",
                    {"t": table.name, "c": column.name},
                ).scalar()
                if sequence:
                    connection.exec_driver_sql(
                        f'SELECT setval(%(s)s, COALESCE((SELECT MAX("{column.name}") '
                        f'FROM "{table.name}"), 0) + 1, false)',
                        {"s": sequence},
                    )


def copy_database(
    source: Store, target: str | Path, progress: Progress | None = None
) -> TransferResult:
    """Copy everything in ``source`` into the new or empty database ``target`` (a PostgreSQL URL
    or a SQLite file that does not exist yet or is empty), in one transaction."""
    target_text = str(target)
    if not is_server_url(target_text):
        path = Path(target_text).expanduser()
        if path.exists() and path.stat().st_size > 0:
            raise StoreError(
                _("The file {file} already exists. A copy goes only into a new file.").format(
                    file=path
                )
            )
    destination = open_store(target_text, user=source.user)
    try:
        _check_empty(destination)
        rows: dict[str, int] = {}
        with source.engine.connect() as reading, destination.engine.begin() as writing:
            for table in tables():
                copied = 0
                for batch in _batches(reading, table):
                    writing.execute(insert(table), batch)
                    copied += len(batch)
                rows[table.name] = copied
                if progress is not None:
                    progress(table.name, copied)
            _reset_sequences(writing)
        with destination.engine.connect() as connection:
            for table in tables():
                if _count(connection, table) != rows[table.name]:
                    raise StoreError(
                        _("The copy of table {table} is incomplete.").format(table=table.name)
                    )
    finally:
        destination.close()
    return TransferResult(target=target_text, rows=rows)
