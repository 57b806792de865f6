"""A row version on the volunteer file, for optimistic locking between people working at once.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "volunteer",
        sa.Column("row_version", sa.Integer(), nullable=False, server_default="1"),
    )


def downgrade() -> None:
    # not batch mode: recreating ``volunteer`` on SQLite would cascade-delete its children
    op.execute("ALTER TABLE volunteer DROP COLUMN row_version")
