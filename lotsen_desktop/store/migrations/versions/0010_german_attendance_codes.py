"""Attendance codes in German like every other stored code: anwesend, entschuldigt, unentschuldigt,
teilweise (were present, excused, absent, partial).

Rewrites the marks, the exchange's change log (so changes not yet sent travel with the new codes)
and the values kept in the conflict list (so restoring one writes a valid code). The codes are
spelled out here, not imported: a migration must keep doing what it did when it was written.
A database coming from before 0005 gets its qualification figures filled here, after the rewrite,
because the code that computes them reads today's codes.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 03:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CODES = (
    ("present", "anwesend"),
    ("excused", "entschuldigt"),
    ("absent", "unentschuldigt"),
    ("partial", "teilweise"),
)


def _case(expression: str, pairs: Sequence[tuple[str, str]], quoted: bool = False) -> str:
    quote = '"' if quoted else ""
    whens = " ".join(f"WHEN '{quote}{old}{quote}' THEN '{quote}{new}{quote}'" for old, new in pairs)
    return f"CASE {expression} {whens} ELSE {expression} END"


def _olds(pairs: Sequence[tuple[str, str]], quoted: bool = False) -> str:
    quote = '"' if quoted else ""
    return ", ".join(f"'{quote}{old}{quote}'" for old, _new in pairs)


def _rewrite(pairs: Sequence[tuple[str, str]]) -> None:
    op.execute(
        f"UPDATE attendance SET state = {_case('state', pairs)} WHERE state IN ({_olds(pairs)})"
    )
    if op.get_bind().dialect.name != "sqlite":
        # A PostgreSQL database is created by a version that already writes German codes: its
        # sync log and conflict list never held the English ones (SQLite's JSON functions below).
        return
    # JSON objects holding a whole or partial attendance row: change entries, conflict snapshots,
    # and a deleted row's values kept as "lost". Anything that is not a JSON object has no state.
    for table, column in (
        ("sync_change", "data"),
        ("sync_conflict", "snapshot"),
        ("sync_conflict", "lost"),
        ("sync_conflict", "kept"),
    ):
        state = (
            f"json_extract(CASE WHEN json_valid({column}) THEN {column} ELSE '{{}}' END, '$.state')"
        )
        op.execute(
            f"UPDATE {table} SET {column} = json_set({column}, '$.state', {_case(state, pairs)}) "
            f"WHERE tbl = 'attendance' AND {state} IN ({_olds(pairs)})"
        )
    # A conflict over the state field itself keeps the two values as JSON strings.
    for column in ("kept", "lost"):
        op.execute(
            f"UPDATE sync_conflict SET {column} = {_case(column, pairs, quoted=True)} "
            f"WHERE tbl = 'attendance' AND col = 'state' AND {column} IN ({_olds(pairs, quoted=True)})"
        )


def upgrade() -> None:
    _rewrite(_CODES)
    # The figures of a database from before 0005 (which creates their tables empty) are filled
    # by 0020: the service code that computes them writes keys in the form 0020 stores.


def downgrade() -> None:
    _rewrite(tuple((new, old) for old, new in _CODES))
