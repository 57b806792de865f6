"""Qualification as maintained data: figure tables per enrolment, per person and module, per person.

They are derived (never synced); an office database upgrading in place gets them filled by
migration 0010, once the attendance codes are the ones today's code computes them from.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "figure_enrolment",
        sa.Column("enrolment_id", sa.String(length=36), nullable=False),
        sa.Column("volunteer_id", sa.String(length=36), nullable=False),
        sa.Column("course_id", sa.String(length=36), nullable=False),
        sa.Column("module_id", sa.String(length=36), nullable=False),
        sa.Column("attended_minutes", sa.Integer(), nullable=False),
        sa.Column("required_minutes", sa.Integer(), nullable=False),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("first_date", sa.Date(), nullable=True),
        sa.Column("last_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteer.id"],
            name=op.f("fk_figure_enrolment_volunteer_id_volunteer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("enrolment_id", name=op.f("pk_figure_enrolment")),
    )
    op.create_index("ix_figure_enrolment_volunteer_id", "figure_enrolment", ["volunteer_id"])
    op.create_index("ix_figure_enrolment_course_id", "figure_enrolment", ["course_id"])
    op.create_index("ix_figure_enrolment_module_id", "figure_enrolment", ["module_id"])
    op.create_table(
        "figure_module",
        sa.Column("volunteer_id", sa.String(length=36), nullable=False),
        sa.Column("module_id", sa.String(length=36), nullable=False),
        sa.Column("enrolment_id", sa.String(length=36), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteer.id"],
            name=op.f("fk_figure_module_volunteer_id_volunteer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("volunteer_id", "module_id", name=op.f("pk_figure_module")),
    )
    op.create_table(
        "figure_person",
        sa.Column("volunteer_id", sa.String(length=36), nullable=False),
        sa.Column("qualified_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteer.id"],
            name=op.f("fk_figure_person_volunteer_id_volunteer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("volunteer_id", name=op.f("pk_figure_person")),
    )
    op.create_index("ix_figure_person_qualified_on", "figure_person", ["qualified_on"])


def downgrade() -> None:
    op.drop_index("ix_figure_person_qualified_on", table_name="figure_person")
    op.drop_table("figure_person")
    op.drop_table("figure_module")
    op.drop_index("ix_figure_enrolment_module_id", table_name="figure_enrolment")
    op.drop_index("ix_figure_enrolment_course_id", table_name="figure_enrolment")
    op.drop_index("ix_figure_enrolment_volunteer_id", table_name="figure_enrolment")
    op.drop_table("figure_enrolment")
