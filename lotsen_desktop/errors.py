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


class ConcurrentEdit(LotsenError):
    """Someone else saved the record since the user opened it; nothing was saved.

    ``fields`` maps each field whose value differs to ``(mine, stored)``: the user's input and the
    value now in the database; ``version`` is the stored version a new save can start from.
    """

    def __init__(
        self,
        message: str,
        *,
        changed_by: str,
        fields: dict[str, tuple[object, object]],
        version: int,
    ) -> None:
        super().__init__(message)
        self.changed_by = changed_by
        self.fields = fields
        self.version = version


class DatabaseDamaged(StoreError):
    """The database file cannot be read as a database (damaged, or not one): a backup may help."""


def describe_os_error(error: BaseException) -> str:
    """What went wrong with a file, in the user's language (the OS text is English)."""
    import errno

    from lotsen_desktop.i18n import _

    code = getattr(error, "errno", None)
    messages = {
        errno.ENOENT: _("the file or folder does not exist"),
        errno.EACCES: _("no permission"),
        errno.EPERM: _("no permission"),
        errno.ENOSPC: _("the disk is full"),
        errno.EROFS: _("the drive is read-only"),
        errno.EISDIR: _("this is a folder, not a file"),
        errno.ENOTDIR: _("a part of the path is not a folder"),
        errno.EEXIST: _("the file exists already"),
    }
    if code in messages:
        return messages[code]
    return getattr(error, "strerror", None) or str(error)
