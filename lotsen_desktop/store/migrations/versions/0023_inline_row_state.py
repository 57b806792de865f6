"""Simple merge states inside the user rows: ``sync_gen``, ``sync_hlc``, ``sync_site``.

Nearly all of the 2 million ``sync_row`` entries at 100,000 volunteers are simple (alive, one
default stamp, nothing else); they move into three nullable columns of the rows they describe
(``store.inline_state``), and a ``BEFORE DELETE`` trigger on each table copies a row's inline
state back into ``sync_row`` when the row is deleted. ``ADD COLUMN`` of a nullable column does
not rewrite a table on either engine; the fold is two statements per table.

Downgrade: every inline state back into ``sync_row``, then the triggers and columns go
(``DROP COLUMN``, not a batch rebuild: recreating a table would cascade-delete its children).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-01 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from lotsen_desktop.store import inline_state

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "office",
    "volunteer",
    "volunteer_language",
    "volunteer_interest",
    "status_change",
    "consent",
    "intake_conversation",
    "module",
    "course",
    "course_session",
    "enrolment",
    "attendance",
    "course_lock",
    "help_request",
    "request_offer",
    "assignment",
    "log_entry",
    "reflection_meeting",
    "reflection_attendee",
    "certificate",
    "log_entry_change",
)
"""The tracked tables at this revision (a later table gets its columns in its own migration)."""


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("sync_gen", sa.Integer(), nullable=True))
        op.add_column(table, sa.Column("sync_hlc", sa.BigInteger(), nullable=True))
        op.add_column(table, sa.Column("sync_site", sa.Integer(), nullable=True))
    bind = op.get_bind()
    inline_state.create_triggers(bind, TABLES)
    if bind.dialect.name != "sqlite":
        inline_state.fold(bind, TABLES)
        return
    # the rows are updated in the states' key order, all over the file: a large page cache
    # (20 s instead of 28 s for 2.2 million states), SQLite's default again afterwards
    cache = bind.exec_driver_sql("PRAGMA cache_size").scalar()
    bind.exec_driver_sql("PRAGMA cache_size = -131072")
    try:
        inline_state.fold(bind, TABLES)
    finally:
        bind.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")


def downgrade() -> None:
    bind = op.get_bind()
    inline_state.unfold(bind, TABLES)
    inline_state.drop_triggers(bind, TABLES)
    for table in TABLES:
        for column in inline_state.INLINE_COLUMNS:
            op.execute(f'ALTER TABLE "{table}" DROP COLUMN {column}')
