"""Editable mentoring log: the history of edits of a log line, and a Begleitung whose start
follows its first contact.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "log_entry_change",
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("old_entry_date", sa.Date(), nullable=False),
        sa.Column("old_minutes", sa.Integer(), nullable=False),
        sa.Column("old_kind", sa.String(length=30), nullable=False),
        sa.Column("old_area", sa.String(length=30), nullable=False),
        sa.Column("old_note", sa.String(length=500), nullable=False),
        sa.Column("old_km", sa.Float(), nullable=False),
        sa.Column("old_expenses_cents", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["log_entry.id"],
            name=op.f("fk_log_entry_change_entry_id_log_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_log_entry_change")),
    )
    op.create_index(
        op.f("ix_log_entry_change_entry_id"), "log_entry_change", ["entry_id"], unique=False
    )
    # a plain ADD COLUMN: a batch copy would drop the table, and the foreign keys would
    # cascade that to the log
    op.add_column(
        "assignment",
        sa.Column(
            "start_from_first_contact", sa.Boolean(), nullable=False, server_default=sa.false()
        ),
    )


def downgrade() -> None:
    op.drop_column("assignment", "start_from_first_contact")
    op.drop_index(op.f("ix_log_entry_change_entry_id"), table_name="log_entry_change")
    op.drop_table("log_entry_change")
