"""What every command shares: the database (opened on first use), output in text or JSON."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from lotsen_desktop.cli.writing import WAIT_FOR_COMMAND_S
from lotsen_desktop.i18n import LANGUAGES, _, format_local_time
from lotsen_desktop.store.database import Store, resolve_db_path
from lotsen_desktop.store.lock import COMMAND, WriterLock


def decimal(text: str) -> float:
    """A number as office staff type it: ``3,50`` or ``3.50``."""
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{value}' is not a number.").format(value=text)
        ) from None


def add_common_options(parser: argparse.ArgumentParser, *, suppress: bool = True) -> None:
    """``--db``, ``--lang`` and ``--format`` before or after the command name."""
    default: Any = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--db",
        metavar=_("PATH"),
        default=default,
        help=_(
            "database file or postgresql://… URL of a shared database (default: LOTSEN_DB or "
            "the user's data folder)"
        ),
    )
    parser.add_argument(
        "--db-passphrase-file",
        metavar=_("FILE"),
        default=default,
        help=_("file whose first line is the passphrase of an encrypted database"),
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=default, help=_("language of messages (de or en)")
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default=argparse.SUPPRESS if suppress else "text",
        help=_("output format"),
    )


def command_parser(subparsers: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, help=help_text, description=help_text
    )
    add_common_options(parser)
    return parser


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, set):
        return sorted(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)


def _tell(message: str) -> None:
    """A line on stderr while the command waits (another PC upgrading the shared database)."""
    print(message, file=sys.stderr, flush=True)


@dataclass
class CliContext:
    db: str | None
    output_format: str = "text"
    language: str | None = None
    writes: bool = False
    db_passphrase_file: str | None = None
    _store: Store | None = field(default=None, repr=False)
    _lock: WriterLock | None = field(default=None, repr=False)

    @property
    def json(self) -> bool:
        return self.output_format == "json"

    @property
    def store(self) -> Store:
        if self._store is None:
            from lotsen_desktop.cli.encryption import open_context_store
            from lotsen_desktop.store.server import is_server_url

            on_server = is_server_url(self.db or os.environ.get("LOTSEN_DB"))
            if self.writes and self._lock is None and not on_server:
                self._lock = WriterLock(resolve_db_path(self.db), COMMAND)
                self._lock.acquire(wait_for_commands=WAIT_FOR_COMMAND_S)
            self._store = open_context_store(self, on_wait=_tell)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def emit(self, data: Any, text: str | Iterable[str] | None = None) -> None:
        """Print ``data`` as JSON with ``--format json``, else ``text`` (lines)."""
        if self.json:
            print(to_json(data))
            return
        if text is None:
            text = to_json(data)
        if isinstance(text, str):
            print(text)
        else:
            for line in text:
                print(line)

    def table(self, rows: list[dict[str, Any]], columns: list[tuple[str, str]]) -> None:
        """A plain aligned table for the text format; JSON gets the rows."""
        if self.json:
            print(to_json(rows))
            return
        if not rows:
            print(_("(none)"))
            return
        headers = [title for _key, title in columns]
        cells = [[_cell(row.get(key)) for key, _title in columns] for row in rows]
        widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
        out = sys.stdout
        out.write(
            "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip() + "\n"
        )
        for line in cells:
            out.write(
                "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() + "\n"
            )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):  # stored times are UTC: shown here as the clock on the wall
        return format_local_time(value)
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    return str(value)
