"""Errors a user may see: each carries a message already translated into the user's language."""

from __future__ import annotations


class LotsenError(Exception):
    """Base of every expected failure; ``str(error)`` is the one-line message for the user."""

    exit_code = 1


class ValidationError(LotsenError):
    """Input that breaks a rule; nothing was changed."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(LotsenError):
    exit_code = 3


class StoreError(LotsenError):
    """The database cannot be used: locked, newer than this program, full disk, not a database."""

    exit_code = 4
