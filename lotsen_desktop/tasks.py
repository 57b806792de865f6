"""Long use cases, headless: how they report progress and how they are cancelled.

Every long call takes ``progress: ProgressCallback | None``; it calls ``progress(done, total)``
now and then, and a ``False`` answer means "stop". The call then raises ``Cancelled`` after
undoing what it started, so the caller (CLI, window, test) handles one exception, whichever
use case it ran. ``Cancelled`` is a ``LotsenError``: its text says what was (not) kept.
"""

from __future__ import annotations

from collections.abc import Callable

from lotsen_desktop.errors import LotsenError
from lotsen_desktop.i18n import _

ProgressCallback = Callable[[int, int], bool]
"""``progress(done, total) -> keep_going``; the one signature of every progress report."""


class Cancelled(LotsenError):
    """The user stopped the work; the message says what was kept (usually nothing)."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message if message is not None else _("Cancelled."))


def check(
    progress: ProgressCallback | None, done: int, total: int, message: str | None = None
) -> None:
    """Report ``done`` of ``total``; raise ``Cancelled(message)`` if the answer is "stop"."""
    if progress is not None and not progress(done, total):
        raise Cancelled(message)
