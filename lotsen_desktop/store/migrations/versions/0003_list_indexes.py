"""Indexes for the volunteer list: paging, status filter and language filter stay fast at 100,000.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 12:55:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_volunteer_sort_id", "volunteer", ["sort_key", "id"])
    op.create_index("ix_volunteer_status_sort_id", "volunteer", ["status", "sort_key", "id"])
    op.create_index("ix_volunteer_language_language", "volunteer_language", ["language", "volunteer_id"])
    op.drop_index("ix_volunteer_status_sort", table_name="volunteer")
    op.drop_index("ix_volunteer_sort_key", table_name="volunteer")


def downgrade() -> None:
    op.create_index("ix_volunteer_sort_key", "volunteer", ["sort_key"])
    op.create_index("ix_volunteer_status_sort", "volunteer", ["status", "sort_key"])
    op.drop_index("ix_volunteer_language_language", table_name="volunteer_language")
    op.drop_index("ix_volunteer_status_sort_id", table_name="volunteer")
    op.drop_index("ix_volunteer_sort_id", table_name="volunteer")
