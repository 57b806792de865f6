"""The phone numbers as digits only, kept by triggers, so the list finds "0511 47 11".

Revision ID: 0016
Revises: 0013
Create Date: 2026-12-01 05:00:00
"""

from collections.abc import Sequence

from alembic import op

from lotsen_desktop.store import phone_index

revision: str = "0016"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    phone_index.create(op.get_bind())


def downgrade() -> None:
    phone_index.drop(op.get_bind())
