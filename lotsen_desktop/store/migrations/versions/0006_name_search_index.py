"""A trigram index (SQLite FTS5) over the volunteers' search keys, kept up to date by triggers.

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-30 23:00:00
"""

from collections.abc import Sequence

from alembic import op

from lotsen_desktop.store import name_index

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    name_index.create(op.get_bind())


def downgrade() -> None:
    name_index.drop(op.get_bind())
