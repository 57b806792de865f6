"""What an exchange file may carry and how its body is laid out (shared by export and import)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

KINDS = ("full", "delta", "course")

COURSE_COLUMNS: dict[str, tuple[str, ...] | None] = {
    "module": None,
    "course": None,
    "course_session": None,
    "enrolment": None,
    "attendance": None,
    "course_lock": None,
    "volunteer": ("given_name", "family_name", "created_at", "updated_at"),
}
"""What a course package may carry (``None``: every column but ``changed_by``). Nothing else."""


UUID_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

OPEN = b'{"changes":['
MIDDLE = b'],"snapshot":['
CLOSE = b"]}"
"""The body is one JSON object, written and read one item per line between these pieces."""
LINE_MAX = 64 * 1024 * 1024
STREAM_BATCH = 5000


def now() -> datetime:
    """UTC without time zone, as the history and peer tables store it."""
    return datetime.now(UTC).replace(tzinfo=None)
