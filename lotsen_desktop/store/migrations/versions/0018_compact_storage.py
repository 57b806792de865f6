"""A smaller file: old log entries packed, ``sync_row`` without a second copy of its key, indexes
that only repeated the first column of a unique constraint dropped.

- ``sync_change.packed``: an old entry's data, deflated (``store.log_packing``).
- ``ix_sync_change_applied`` (every entry) becomes ``ix_sync_change_waiting``: only entries waiting
  for a parent, the one lookup it served.
- ``ix_sync_row_scope`` (every course row) becomes ``ix_sync_row_dead_scope``: only deleted rows,
  the one lookup it served (a course package's tombstones).
- SQLite: ``sync_row`` becomes a ``WITHOUT ROWID`` table: the rows live in the primary key's tree
  instead of in a table plus an index repeating ``(tbl, row_id)``.
- ``attendance(session_id)``, ``enrolment(course_id)``, ``request_offer(request_id)`` and
  ``reflection_attendee(meeting_id)`` are the leading column of a unique constraint whose index
  both engines use for the same lookups.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from lotsen_desktop.store import log_packing

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PREFIX_INDEXES = (
    ("ix_attendance_session_id", "attendance", "session_id"),
    ("ix_enrolment_course_id", "enrolment", "course_id"),
    ("ix_request_offer_request_id", "request_offer", "request_id"),
    ("ix_reflection_attendee_meeting_id", "reflection_attendee", "meeting_id"),
)

ROW_COLUMNS = "tbl, row_id, gen, alive, stamps, del_hlc, del_site, scope"


def _row_table_sql(name: str, *, rowid: bool) -> str:
    return (
        f"CREATE TABLE {name} (\n"
        "\ttbl VARCHAR(40) NOT NULL, \n"
        "\trow_id VARCHAR(36) NOT NULL, \n"
        "\tgen INTEGER NOT NULL, \n"
        "\talive BOOLEAN NOT NULL, \n"
        "\tstamps TEXT NOT NULL, \n"
        "\tdel_hlc BIGINT, \n"
        "\tdel_site VARCHAR(36), \n"
        "\tscope VARCHAR(36), \n"
        "\tCONSTRAINT pk_sync_row PRIMARY KEY (tbl, row_id)\n"
        ")" + ("" if rowid else " WITHOUT ROWID")
    )


def _rebuild_sync_row(*, rowid: bool) -> None:
    """SQLite: copy ``sync_row`` into a table with or without rowid (nothing refers to it)."""
    op.execute(_row_table_sql("sync_row_new", rowid=rowid))
    op.execute(
        f"INSERT INTO sync_row_new ({ROW_COLUMNS}) SELECT {ROW_COLUMNS} FROM sync_row "
        "ORDER BY tbl, row_id"
    )
    op.execute("DROP TABLE sync_row")
    op.execute("ALTER TABLE sync_row_new RENAME TO sync_row")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name, _table, _column in PREFIX_INDEXES:
        op.drop_index(name)
    op.add_column("sync_change", sa.Column("packed", sa.LargeBinary(), nullable=True))
    op.drop_index("ix_sync_change_applied")
    op.create_index(
        "ix_sync_change_waiting",
        "sync_change",
        ["origin", "seq"],
        sqlite_where=sa.text("applied IS 0"),
        postgresql_where=sa.text("applied IS false"),
    )
    op.drop_index("ix_sync_row_scope")
    if sqlite:
        _rebuild_sync_row(rowid=False)
    op.create_index(
        "ix_sync_row_dead_scope",
        "sync_row",
        ["scope"],
        sqlite_where=sa.text("alive IS 0"),
        postgresql_where=sa.text("alive IS false"),
    )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.drop_index("ix_sync_row_dead_scope")
    if sqlite:
        _rebuild_sync_row(rowid=True)
    op.create_index("ix_sync_row_scope", "sync_row", ["scope"])
    op.drop_index("ix_sync_change_waiting")
    op.create_index("ix_sync_change_applied", "sync_change", ["applied"])
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT origin, seq, packed FROM sync_change WHERE packed IS NOT NULL")
    ).fetchall()
    for origin, seq, packed in rows:
        bind.execute(
            sa.text("UPDATE sync_change SET data = :data WHERE origin = :origin AND seq = :seq"),
            {"data": log_packing.unpack(packed), "origin": origin, "seq": seq},
        )
    if sqlite:
        # not batch mode: a plain DROP COLUMN keeps the table (SQLite 3.35+)
        op.execute("ALTER TABLE sync_change DROP COLUMN packed")
    else:
        op.drop_column("sync_change", "packed")
    for name, table, column in PREFIX_INDEXES:
        op.create_index(name, table, [column])
