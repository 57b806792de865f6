"""``sync_row`` stored densely: a table number, the default stamp as two integers, sites numbered.

- ``sync_row.tbl``: the table's number (``TABLE_NUMBERS``, copied below as it was then) instead of
  its name.
- ``sync_row.hlc`` and ``sync_row.site``: the row's default stamp (the ``"*"`` of the stamps JSON);
  ``sync_row.stamps`` keeps only the per-column stamps and is ``NULL`` when there are none, as
  for nearly every row.
- ``sync_site``: this machine's numbers for site ids (local, never exported); ``sync_row.site``
  and ``sync_row.del_site`` hold them.

The table is copied, one tracked table at a time in key order (so each insert appends to the
key's tree); ``ix_sync_row_dead_scope`` is recreated as it was. Downgrading restores the 0018
columns with the same content (the stamps JSON with its ``"*"`` again).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE_NUMBERS = {
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
"""``store.sync_tables.TABLE_NUMBERS`` as this revision wrote it (the code's may grow later)."""

# the default stamp's parts and the rest of the stamps JSON, per engine ('' counted as no stamps)
_SQLITE = {
    "hlc": "json_extract(nullif(r.stamps, ''), '$.\"*\"[0]')",
    "site": "json_extract(nullif(r.stamps, ''), '$.\"*\"[1]')",
    "rest": "nullif(json_remove(nullif(r.stamps, ''), '$.\"*\"'), '{}')",
    "joined": (
        "CASE WHEN r.hlc IS NULL THEN coalesce(r.stamps, '{}') "
        "ELSE json_set(coalesce(r.stamps, '{}'), '$.\"*\"', json_array(r.hlc, s.site_id)) END"
    ),
}
_POSTGRESQL = {
    "hlc": "(nullif(r.stamps, '')::jsonb -> '*' ->> 0)::bigint",
    "site": "(nullif(r.stamps, '')::jsonb -> '*' ->> 1)",
    "rest": "nullif((nullif(r.stamps, '')::jsonb - '*')::text, '{}')",
    "joined": (
        "CASE WHEN r.hlc IS NULL THEN coalesce(r.stamps, '{}') "
        "ELSE (coalesce(r.stamps, '{}')::jsonb "
        "|| jsonb_build_object('*', jsonb_build_array(r.hlc, s.site_id)))::text END"
    ),
}


def _sql() -> dict[str, str]:
    return _SQLITE if op.get_bind().dialect.name == "sqlite" else _POSTGRESQL


def _create_row_table(*, dense: bool) -> None:
    columns = (
        [
            sa.Column("tbl", sa.SmallInteger(), autoincrement=False, nullable=False),
            sa.Column("row_id", sa.String(length=36), nullable=False),
            sa.Column("gen", sa.Integer(), nullable=False),
            sa.Column("alive", sa.Boolean(), nullable=False),
            sa.Column("hlc", sa.BigInteger(), nullable=True),
            sa.Column("site", sa.Integer(), nullable=True),
            sa.Column("stamps", sa.Text(), nullable=True),
            sa.Column("del_hlc", sa.BigInteger(), nullable=True),
            sa.Column("del_site", sa.Integer(), nullable=True),
        ]
        if dense
        else [
            sa.Column("tbl", sa.String(length=40), nullable=False),
            sa.Column("row_id", sa.String(length=36), nullable=False),
            sa.Column("gen", sa.Integer(), nullable=False),
            sa.Column("alive", sa.Boolean(), nullable=False),
            sa.Column("stamps", sa.Text(), nullable=False),
            sa.Column("del_hlc", sa.BigInteger(), nullable=True),
            sa.Column("del_site", sa.String(length=36), nullable=True),
        ]
    )
    op.create_table(
        "sync_row",
        *columns,
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


def _set_aside(name: str) -> None:
    """Rename ``sync_row`` (its index dropped) so that a new one can be built from it."""
    op.drop_index("ix_sync_row_dead_scope", table_name="sync_row")
    op.rename_table("sync_row", name)
    if op.get_bind().dialect.name != "sqlite":  # the key's index name must be free again
        op.execute(f"ALTER TABLE {name} RENAME CONSTRAINT pk_sync_row TO pk_{name}")


def upgrade() -> None:
    bind = op.get_bind()
    sql = _sql()
    names = {str(n) for n in bind.execute(sa.text("SELECT DISTINCT tbl FROM sync_row")).scalars()}
    unknown = sorted(names - set(TABLE_NUMBERS))
    if unknown:
        from lotsen_desktop.errors import StoreError
        from lotsen_desktop.i18n import _

        raise StoreError(
            _(
                "This database holds merge states of tables this version does not know "
                "({tables}). Please install the newest version of Lotsen Desktop; the database "
                "was not changed."
            ).format(tables=", ".join(unknown))
        )
    op.create_table(
        "sync_site",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_site")),
        sa.UniqueConstraint("site_id", name=op.f("uq_sync_site_site_id")),
    )
    _set_aside("sync_row_text")
    _create_row_table(dense=True)
    op.execute(
        "INSERT INTO sync_site (site_id) SELECT x.site_id FROM ("
        f"SELECT {sql['site']} AS site_id FROM sync_row_text r "
        "UNION SELECT r.del_site FROM sync_row_text r) x "
        "WHERE x.site_id IS NOT NULL ORDER BY x.site_id"
    )
    copy = sa.text(
        "INSERT INTO sync_row "
        "(tbl, row_id, gen, alive, hlc, site, stamps, del_hlc, del_site, scope) "
        f"SELECT :number, r.row_id, r.gen, r.alive, {sql['hlc']}, s.id, {sql['rest']}, "
        "r.del_hlc, d.id, r.scope FROM sync_row_text r "
        f"LEFT JOIN sync_site s ON s.site_id = {sql['site']} "
        "LEFT JOIN sync_site d ON d.site_id = r.del_site "
        "WHERE r.tbl = :name ORDER BY r.row_id"
    )
    for name, number in TABLE_NUMBERS.items():
        if name in names:
            bind.execute(copy, {"number": number, "name": name})
    op.drop_table("sync_row_text")


def downgrade() -> None:
    bind = op.get_bind()
    sql = _sql()
    numbers = {int(n) for n in bind.execute(sa.text("SELECT DISTINCT tbl FROM sync_row")).scalars()}
    unknown = sorted(numbers - set(TABLE_NUMBERS.values()))
    if unknown:
        raise RuntimeError(f"sync_row holds states of tables unknown to 0018: {unknown}")
    _set_aside("sync_row_dense")
    _create_row_table(dense=False)
    copy = sa.text(
        "INSERT INTO sync_row (tbl, row_id, gen, alive, stamps, del_hlc, del_site, scope) "
        f"SELECT :name, r.row_id, r.gen, r.alive, {sql['joined']}, "
        "r.del_hlc, d.site_id, r.scope FROM sync_row_dense r "
        "LEFT JOIN sync_site s ON s.id = r.site "
        "LEFT JOIN sync_site d ON d.id = r.del_site "
        "WHERE r.tbl = :number ORDER BY r.row_id"
    )
    for name, number in sorted(TABLE_NUMBERS.items()):
        if number in numbers:
            bind.execute(copy, {"number": number, "name": name})
    op.drop_table("sync_row_dense")
    op.drop_table("sync_site")
