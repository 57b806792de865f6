"""SQLite: the times of the user tables stored as integer microseconds since 1970.

Every row of user data carries ``created_at`` and ``updated_at``; as SQLAlchemy's text
(``2026-12-01 10:48:15.314147``) they take 27 bytes each, as integers 8
(``store/timestamps.py``): about 80 MB less at 100,000 volunteers. The columns keep their
declared ``DATETIME``: numeric affinity keeps integers as they are, so the values are rewritten
in place (``timestamp_integer``, a Python function on the connection that reads every form
SQLAlchemy's ``DateTime`` reads: with or without fraction, date only) and no table is rebuilt.
Text that is no time stays text. The downgrade writes SQLAlchemy's text form (26 characters)
back. PostgreSQL keeps its ``TIMESTAMP`` columns: nothing to do there.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01 19:30:00
"""

from collections.abc import Sequence

from alembic import op

from lotsen_desktop.store.timestamps import register_functions

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TRACKED = ("created_at", "updated_at")

TIME_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("office", _TRACKED),
    ("volunteer", _TRACKED),
    ("volunteer_language", _TRACKED),
    ("volunteer_interest", _TRACKED),
    ("status_change", _TRACKED),
    ("consent", _TRACKED),
    ("intake_conversation", _TRACKED),
    ("module", _TRACKED),
    ("course", _TRACKED),
    ("course_session", _TRACKED),
    ("course_lock", ("acted_at", *_TRACKED)),
    ("enrolment", _TRACKED),
    ("attendance", _TRACKED),
    ("help_request", _TRACKED),
    ("request_offer", _TRACKED),
    ("assignment", _TRACKED),
    ("log_entry", _TRACKED),
    ("log_entry_change", _TRACKED),
    ("reflection_meeting", _TRACKED),
    ("reflection_attendee", _TRACKED),
    ("certificate", _TRACKED),
    ("import_batch", ("imported_at", "undone_at")),
)
"""Every ``UtcTimestamp`` column (``tests`` compare it with the models). The change log's own
tables (``sync_*``) keep SQLAlchemy's text: few rows."""


def _convert(function: str, stored: str) -> None:
    """Apply ``function`` to the values of type ``stored`` (``text`` or ``integer``)."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    register_functions(bind.connection.driver_connection)
    for table, columns in TIME_COLUMNS:
        assignments = ", ".join(f"{c} = {function}({c})" for c in columns)
        found = " OR ".join(f"typeof({c}) = '{stored}'" for c in columns)
        op.execute(f"UPDATE {table} SET {assignments} WHERE {found}")


def upgrade() -> None:
    _convert("timestamp_integer", "text")


def downgrade() -> None:
    _convert("timestamp_text", "integer")
