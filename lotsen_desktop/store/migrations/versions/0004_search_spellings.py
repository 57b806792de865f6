"""Recompute the volunteers' search keys: they now hold the spellings people type.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 13:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from lotsen_desktop.domain.names import search_key

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_volunteer = sa.table(
    "volunteer",
    sa.column("id", sa.String),
    sa.column("given_name", sa.String),
    sa.column("family_name", sa.String),
    sa.column("search_key", sa.String),
)


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_volunteer.c.id, _volunteer.c.given_name, _volunteer.c.family_name)
    ).all()
    for start in range(0, len(rows), 1000):
        connection.execute(
            _volunteer.update().where(_volunteer.c.id == sa.bindparam("row_id")),
            [
                {"row_id": row.id, "search_key": search_key(row.given_name, row.family_name)}
                for row in rows[start : start + 1000]
            ],
        )


def downgrade() -> None:
    """The older keys are a subset of these: nothing to undo."""
