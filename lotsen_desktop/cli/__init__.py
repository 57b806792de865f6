"""Command line: ``lotsen-desktop [--db PATH] [--lang de|en] [--format text|json] COMMAND``.

Thin: it parses arguments, calls one service, prints the result. With no command it starts the
window. Each area registers its commands from its own module.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from lotsen_desktop import __version__, logs
from lotsen_desktop.cli.context import CliContext, add_common_options
from lotsen_desktop.errors import DatabaseDamaged, LotsenError
from lotsen_desktop.i18n import LANGUAGES, _, gettext, set_language

COMMAND_MODULE_NAMES = (
    "core",
    "documents",
    "sync",
    "privacy",
    "reports",
    "course_lock",
    "backups",
    "encryption",
    "migrate",
)
USAGE_ERROR = 2
UNEXPECTED_ERROR = logs.UNEXPECTED_EXIT_CODE
"""An error the program did not expect (a bug): one line here, the traceback in the log file."""


def command_modules() -> tuple[ModuleType, ...]:
    """The modules that register commands, imported only when a command line is parsed (starting
    the window needs none of them, nor the services and PDF libraries they pull in)."""
    import importlib

    return tuple(
        importlib.import_module(f"lotsen_desktop.cli.{name}") for name in COMMAND_MODULE_NAMES
    )


# argparse looks its messages up through its module-level ``_``: route them to our catalogs, so
# "the following arguments are required" reads in German too.
argparse._ = gettext  # type: ignore[attr-defined]


class LotsenArgumentParser(argparse.ArgumentParser):
    """A wrong call gets one translated line and exit code 2, not a usage dump in English."""

    def error(self, message: str) -> NoReturn:
        print(_("Error: {message}").format(message=message), file=sys.stderr)
        sys.exit(USAGE_ERROR)


def build_parser() -> argparse.ArgumentParser:
    parser = LotsenArgumentParser(
        prog="lotsen-desktop",
        description=_("Office software for the Integrationslotsen programme in Niedersachsen."),
    )
    parser.add_argument("--version", action="version", version=f"lotsen-desktop {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=_(
            "check this installation (temporary database, a certificate, the window offscreen) "
            "and exit with 0 if all works"
        ),
    )
    add_common_options(parser, suppress=False)
    subparsers = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for module in command_modules():
        module.register(subparsers)
    return parser


def _early_language(argv: Sequence[str]) -> str:
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang", choices=LANGUAGES)
    known, _rest = pre.parse_known_args(list(argv))
    return known.lang or os.environ.get("LOTSEN_LANG") or "de"


def _window_options(argv: Sequence[str]) -> argparse.Namespace | None:
    """The common options if ``argv`` has nothing else (no command, no ``--help``): the window."""
    pre = _QuietParser(add_help=False)
    add_common_options(pre, suppress=False)
    try:
        known, rest = pre.parse_known_args(list(argv))
    except _NotWindow:
        return None
    return None if rest else known


class _NotWindow(Exception):
    pass


class _QuietParser(argparse.ArgumentParser):
    """Leaves every error to the full parser."""

    def error(self, message: str) -> NoReturn:
        raise _NotWindow(message)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    language = _early_language(argv)
    set_language(language if language in LANGUAGES else "de")
    window = _window_options(argv)
    if window is not None:
        args = window
        args.command = None
    else:
        args = build_parser().parse_args(argv)
    from lotsen_desktop.cli.writing import writes

    logs.setup()
    logging.getLogger(__name__).info("lotsen-desktop %s: %s", __version__, args.command or "window")
    context = CliContext(
        db=args.db,
        output_format=args.format,
        language=args.lang,
        writes=args.command is not None and writes(args),
        db_passphrase_file=getattr(args, "db_passphrase_file", None),
    )
    try:
        if getattr(args, "self_test", False):
            from lotsen_desktop.cli.selftest import run_self_test

            return run_self_test()
        if args.command is None:
            return _start_gui(context)
        return int(args.handler(context, args) or 0)
    except LotsenError as error:
        print(_("Error: {message}").format(message=error), file=sys.stderr)
        if isinstance(error, DatabaseDamaged) and args.command != "restore":
            _print_restore_hint(context.db)
        return error.exit_code
    except KeyboardInterrupt:
        print(_("Cancelled."), file=sys.stderr)
        return 130
    except Exception as error:
        logs.log_unexpected(error, f"command {args.command or 'window'}")
        print(
            _(
                "Error: an unexpected error occurred ({kind}). The details are in the log "
                "file {path}"
            ).format(kind=type(error).__name__, path=logs.log_file()),
            file=sys.stderr,
        )
        return UNEXPECTED_ERROR
    finally:
        context.close()


def _print_restore_hint(db: str | None) -> None:
    from lotsen_desktop.cli.backups import restore_hint

    hint = restore_hint(db)
    if hint:
        print(hint, file=sys.stderr)


def _start_gui(context: CliContext) -> int:
    try:
        from lotsen_desktop.gui.app import run
    except ImportError as error:
        raise LotsenError(_("The window cannot start: {error}").format(error=error)) from error
    return run(db=context.db, language=context.language)
