"""Alembic environment: migrations run on the connection the store passes in."""

from alembic import context
from sqlalchemy import create_engine

import lotsen_desktop.store.sync_tables  # noqa: F401  (sync tables on the same metadata)
from lotsen_desktop.store import name_index
from lotsen_desktop.store.models import Base

target_metadata = Base.metadata


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        url = context.config.get_main_option("sqlalchemy.url") or "sqlite:///lotsen-dev.sqlite"
        engine = create_engine(url)
        with engine.begin() as own_connection:
            _run(own_connection)
        return
    _run(connection)


def _include_name(name, kind, _parent) -> bool:  # type: ignore[no-untyped-def]
    """Autogenerate leaves the derived search index (not in the models) alone."""
    return kind != "table" or not name_index.is_index_table(name)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=_include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
