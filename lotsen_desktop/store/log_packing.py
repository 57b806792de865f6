"""Old entries of the change log, compressed: ``sync_change.packed`` instead of ``data``.

An entry that must stay (a partner has not acknowledged it yet) but is old is rarely read again:
only for a delta export, a redaction or a trim. Its ``data`` JSON is then stored deflated in
``packed`` (a BLOB, ``bytea`` on PostgreSQL) and ``data`` is left empty. Entries are a few hundred
bytes each, too short for plain deflate to find repeats; a preset dictionary of every table's
column names (what each entry repeats) halves them.

Every reader of a stored entry's data goes through :func:`stored_data`.

The dictionary is frozen: packed entries name it by their first byte, and a later schema
change adds a new dictionary with a new number instead of editing this one.
"""

from __future__ import annotations

import zlib
from functools import cache

_TABLES_1 = (
    (
        "office",
        "name address place signatory_name signatory_role logo background_pdf certificate_prefix certificate_text unit_minutes threshold_percent specialisations_required",
    ),
    ("certificate", "serial volunteer_id kind issued_on checksum content revoked_on revoke_reason"),
    (
        "log_entry_change",
        "entry_id old_entry_date old_minutes old_kind old_area old_note old_km old_expenses_cents",
    ),
    ("reflection_meeting", "held_on kind topic"),
    ("reflection_attendee", "meeting_id volunteer_id"),
    (
        "help_request",
        "institution contact area languages_needed timing description received_on status",
    ),
    ("request_offer", "request_id volunteer_id offered_on response responded_on"),
    ("module", "code title kind planned_minutes threshold_percent contents active"),
    ("course_lock", "course_id action reason acted_at acted_by"),
    ("course", "module_id title place trainers"),
    (
        "assignment",
        "volunteer_id request_id mentee_pseudonym household_size languages areas started_on ended_on start_from_first_contact",
    ),
    ("intake_conversation", "volunteer_id held_on outcome"),
    ("consent", "volunteer_id purpose text_version given_on withdrawn_on"),
    ("course_session", "course_id session_date start_minute end_minute topic"),
    ("enrolment", "course_id volunteer_id enrolled_on"),
    ("volunteer_interest", "volunteer_id area"),
    ("volunteer_language", "volunteer_id language level"),
    (
        "volunteer",
        "given_name family_name title_form birth_date phone email street postal_code city "
        "migration_experience origin_country availability status agreement_signed_on "
        "police_certificate_seen_on police_certificate_seen_by notes",
    ),
    ("log_entry", "assignment_id entry_date minutes kind area note km expenses_cents"),
    ("status_change", "volunteer_id status changed_on note"),
    ("attendance", "session_id volunteer_id state minutes"),
)
"""Dictionary 1 (schema 0018): each table's transported columns, the rarest tables first
(deflate reaches the end of a dictionary with the shortest distances). Never edit."""

_BOOKKEEPING = (
    '"created_at":"2026-01-01T00:00:00.000000","updated_at":"2026-01-01T00:00:00.000000",'
    '"changed_by":""}'
)

CURRENT = 1
"""The dictionary new packed entries use (their first byte)."""


@cache
def dictionary(number: int) -> bytes:
    """The preset dictionary ``number`` as bytes (``ValueError`` for an unknown one)."""
    if number != 1:
        raise ValueError(f"unknown dictionary {number}")
    parts = []
    for _name, columns in _TABLES_1:
        fields = ",".join(f'"{c}":null' for c in columns.split())
        parts.append("{" + fields + "," + _BOOKKEEPING)
    return "".join(parts).encode("utf-8")


def pack(data: str) -> bytes | None:
    """``data`` (an entry's JSON) deflated, or ``None`` when that would not make it smaller."""
    raw = data.encode("utf-8")
    compressor = zlib.compressobj(
        6, zlib.DEFLATED, -13, 8, zlib.Z_DEFAULT_STRATEGY, dictionary(CURRENT)
    )  # level 9 or a larger window packs no smaller here, only slower
    packed = bytes((CURRENT,)) + compressor.compress(raw) + compressor.flush()
    return packed if len(packed) < len(raw) else None


def unpack(packed: bytes | memoryview) -> str:
    """The JSON text :func:`pack` was given."""
    blob = bytes(packed)
    decompressor = zlib.decompressobj(-15, dictionary(blob[0]))  # any window size
    return (decompressor.decompress(blob[1:]) + decompressor.flush()).decode("utf-8")


def stored_data(data: str | None, packed: bytes | memoryview | None) -> str:
    """An entry's data JSON as stored: from ``packed`` when it is set, else ``data`` (``"{}"``
    for an empty one)."""
    if packed is not None:
        return unpack(packed)
    return data or "{}"
