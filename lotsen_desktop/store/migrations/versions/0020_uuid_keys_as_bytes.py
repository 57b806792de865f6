"""SQLite: every id and foreign key of the user and derived tables stored as 16 bytes.

A UUID as text takes 37 bytes in its row and in every index holding it; as a blob, 17
(``store/types.py``). The columns keep their declared ``VARCHAR(36)``: text affinity leaves
blobs alone, so the values are rewritten in place (``uuid_blob``, a Python function on the
connection: SQLite 3.40 has no ``unhex``) and no table is rebuilt. The change log (``sync_*``)
keeps its text ids. Foreign keys are checked at commit, when parents and children agree again.
PostgreSQL keeps its text columns: nothing to do there.

The qualification figures of a database from before 0005 are computed here, after the keys
have their stored form (0010 did it before): the service code that computes them is today's.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01 17:00:00
"""

from collections.abc import Sequence

from alembic import op

from lotsen_desktop.store.types import register_functions

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("office", ("id",)),
    ("volunteer", ("id",)),
    ("volunteer_language", ("id", "volunteer_id")),
    ("volunteer_interest", ("id", "volunteer_id")),
    ("status_change", ("id", "volunteer_id")),
    ("consent", ("id", "volunteer_id")),
    ("intake_conversation", ("id", "volunteer_id")),
    ("module", ("id",)),
    ("course", ("id", "module_id")),
    ("course_session", ("id", "course_id")),
    ("course_lock", ("id", "course_id")),
    ("enrolment", ("id", "course_id", "volunteer_id")),
    ("attendance", ("id", "session_id", "volunteer_id")),
    ("help_request", ("id",)),
    ("request_offer", ("id", "request_id", "volunteer_id")),
    ("assignment", ("id", "volunteer_id", "request_id")),
    ("log_entry", ("id", "assignment_id")),
    ("log_entry_change", ("id", "entry_id")),
    ("reflection_meeting", ("id",)),
    ("reflection_attendee", ("id", "meeting_id", "volunteer_id")),
    ("certificate", ("id", "volunteer_id")),
    ("figure_enrolment", ("enrolment_id", "volunteer_id", "course_id", "module_id")),
    ("figure_module", ("volunteer_id", "module_id", "enrolment_id")),
    ("figure_person", ("volunteer_id",)),
    ("import_batch", ("id",)),
    ("import_batch_person", ("batch_id", "volunteer_id")),
    ("volunteer_search", ("volunteer_id",)),
    ("volunteer_search_phone", ("volunteer_id",)),
)
"""Every UUID column outside the change log (``tests`` compare it with the models' ``UuidKey``
columns). The search tables follow ``volunteer`` by their triggers; rewriting them again costs a
scan and keeps the migration right without them."""


def _convert(function: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    register_functions(bind.connection.driver_connection)
    op.execute("PRAGMA defer_foreign_keys = ON")
    for table, columns in KEY_COLUMNS:
        assignments = ", ".join(f"{c} = {function}({c})" for c in columns)
        op.execute(f"UPDATE {table} SET {assignments}")


def upgrade() -> None:
    _convert("uuid_blob")
    bind = op.get_bind()
    unfilled = bind.exec_driver_sql(
        "SELECT EXISTS (SELECT 1 FROM enrolment) AND NOT EXISTS (SELECT 1 FROM figure_enrolment)"
    ).scalar()
    if unfilled:  # from before 0005, which creates the figure tables empty (moved here from 0010)
        from lotsen_desktop.services.qualification import rebuild_all

        rebuild_all(bind)


def downgrade() -> None:
    _convert("uuid_text")
