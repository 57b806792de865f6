"""SQLite: ``sync_row.row_id`` and ``sync_row.scope`` stored as 16 bytes, like the keys they name.

Since 0020 every id of the user tables is 16 bytes on SQLite (``store/types.py``); the row
states kept theirs as text, so where the two meet one side had to be converted row by row. Now
both are stored alike: 20 bytes less per state in the table's only tree, and the sweep and the
export compare keys directly. ``scope`` holds a course's id. The change log (``sync_change``)
keeps its text ids: compaction removes most of it, and it is read by origin and seq.

The table is copied in key order into a new one of the same definition (``WITHOUT ROWID``: the
key is the table's tree, so rewriting the key in place would move every row); the index of the
deleted rows' scope is created again. An id that is not a canonical UUID stays text
(``key_bytes``). PostgreSQL keeps its text columns: nothing to do there.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from lotsen_desktop.store.types import register_functions

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    "tbl",
    "row_id",
    "gen",
    "alive",
    "hlc",
    "site",
    "stamps",
    "del_hlc",
    "del_site",
    "scope",
)

KEY_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (("sync_row", ("row_id", "scope")),)
"""The key columns this revision converts (0020's ``KEY_COLUMNS`` and these: every ``UuidKey``
column of the models, which ``tests`` check)."""


def _create_row_table() -> None:
    """``sync_row`` as 0019 created it (the declared types do not change, only the values)."""
    op.create_table(
        "sync_row",
        sa.Column("tbl", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("gen", sa.Integer(), nullable=False),
        sa.Column("alive", sa.Boolean(), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=True),
        sa.Column("site", sa.Integer(), nullable=True),
        sa.Column("stamps", sa.Text(), nullable=True),
        sa.Column("del_hlc", sa.BigInteger(), nullable=True),
        sa.Column("del_site", sa.Integer(), nullable=True),
        sa.Column("scope", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("tbl", "row_id", name=op.f("pk_sync_row")),
        sqlite_with_rowid=False,
    )
    op.create_index(
        "ix_sync_row_dead_scope",
        "sync_row",
        ["scope"],
        sqlite_where=sa.text("alive IS 0"),
        postgresql_where=sa.text("alive IS false"),
    )


def _convert(function: str) -> None:
    """Copy ``sync_row`` with ``function`` (``uuid_blob`` or ``uuid_text``) applied to its ids."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    register_functions(bind.connection.driver_connection)
    op.drop_index("ix_sync_row_dead_scope", table_name="sync_row")
    op.rename_table("sync_row", "sync_row_before")
    _create_row_table()
    keys = dict(KEY_COLUMNS)["sync_row"]
    converted = ", ".join(f"{function}({c})" if c in keys else c for c in _COLUMNS)
    # in the old key's order: the new key sorts alike (a blob as its text; texts first), so
    # nearly every row is appended to the new tree
    op.execute(
        f"INSERT INTO sync_row ({', '.join(_COLUMNS)}) SELECT {converted} "
        "FROM sync_row_before ORDER BY tbl, row_id"
    )
    op.drop_table("sync_row_before")


def upgrade() -> None:
    _convert("uuid_blob")


def downgrade() -> None:
    _convert("uuid_text")
