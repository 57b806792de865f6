"""Which commands write: a writing command takes the database's one-writer lock
(``store/lock.py``) before it opens the file; reading commands run beside an open window.

Every command writes unless it is named here (a new command is safe by default). Each entry is
the handler's ``module.function`` and, for a command that writes only with some options, a test
of its arguments that says "this call only reads".
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

WAIT_FOR_COMMAND_S = 30.0
"""How long a writing command waits for another command (not a window) to finish."""

_ALWAYS: Callable[[argparse.Namespace], bool] = lambda _args: True  # noqa: E731

READING: dict[str, Callable[[argparse.Namespace], bool]] = {
    "lotsen_desktop.cli.core._volunteers_list": _ALWAYS,
    "lotsen_desktop.cli.core._volunteers_show": _ALWAYS,
    "lotsen_desktop.cli.core._modules_list": _ALWAYS,
    "lotsen_desktop.cli.core._courses_list": _ALWAYS,
    "lotsen_desktop.cli.core._courses_show": _ALWAYS,
    "lotsen_desktop.cli.core._attendance_show": _ALWAYS,
    "lotsen_desktop.cli.core._progress": _ALWAYS,
    "lotsen_desktop.cli.core._figures_check": _ALWAYS,
    "lotsen_desktop.cli.core._mentoring_list": _ALWAYS,
    "lotsen_desktop.cli.core._office_show": _ALWAYS,
    "lotsen_desktop.cli.core._status": _ALWAYS,
    "lotsen_desktop.cli.core._digest": _ALWAYS,
    "lotsen_desktop.cli.backups._now": _ALWAYS,
    "lotsen_desktop.cli.backups._list": _ALWAYS,
    "lotsen_desktop.cli.backups._folder": lambda args: not args.path and not args.default,
    "lotsen_desktop.cli.course_lock._show": _ALWAYS,
    "lotsen_desktop.cli.course_lock._outdated": _ALWAYS,
    "lotsen_desktop.cli.core._user": lambda args: args.name is None,
    "lotsen_desktop.cli.lists._export": _ALWAYS,
    "lotsen_desktop.cli.lists._imports": _ALWAYS,
    "lotsen_desktop.cli.lists._participants": _ALWAYS,
    "lotsen_desktop.cli.lists._import": lambda args: bool(args.dry_run),
    "lotsen_desktop.cli.documents._attendance_sheet": _ALWAYS,
    "lotsen_desktop.cli.documents._verify": _ALWAYS,
    "lotsen_desktop.cli.documents._register": _ALWAYS,
    "lotsen_desktop.cli.reports._report": _ALWAYS,
    "lotsen_desktop.cli.privacy._review": _ALWAYS,
    "lotsen_desktop.cli.privacy._open": _ALWAYS,
    "lotsen_desktop.cli.privacy._export": _ALWAYS,
    "lotsen_desktop.cli.sync._conflicts_list": _ALWAYS,
    "lotsen_desktop.cli.sync._duplicates_list": _ALWAYS,
    "lotsen_desktop.cli.sync._peers": _ALWAYS,
    "lotsen_desktop.cli.sync._site": lambda args: not args.name,
}


def handler_name(handler: Any) -> str:
    return f"{handler.__module__}.{handler.__qualname__}"


def writes(args: argparse.Namespace) -> bool:
    """Whether the parsed command may change the database."""
    handler = getattr(args, "handler", None)
    if handler is None:
        return True
    reads_only = READING.get(handler_name(handler))
    return reads_only is None or not reads_only(args)
