"""One translation mechanism for the CLI, the window and the documents.

Source strings are English; ``translations/<lang>/LC_MESSAGES/<domain>.po`` hold the other
languages, one catalog per layer (core, gui, documents, sync) so that each layer owns its file.
The catalogs are read with Babel at first use: no compiled files can go stale.
German is the default language.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.messages.pofile import read_po
from babel.numbers import format_decimal as _babel_format_decimal

from lotsen_desktop.paths import data_dir

DEFAULT_LANGUAGE = "de"
LANGUAGES = ("de", "en")

_lock = threading.Lock()
_language = DEFAULT_LANGUAGE
_catalogs: dict[str, dict[str, str | tuple[str, ...]]] = {}
_listeners: list[Callable[[str], None]] = []


def _load(language: str) -> dict[str, str | tuple[str, ...]]:
    messages: dict[str, str | tuple[str, ...]] = {}
    folder: Path = data_dir("translations") / language / "LC_MESSAGES"
    if not folder.is_dir():
        return messages
    for po_file in sorted(folder.glob("*.po")):
        with po_file.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            key = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
            if isinstance(message.string, (list, tuple)):
                if all(message.string):
                    messages[key] = tuple(message.string)
            elif message.string:
                messages[key] = message.string
    return messages


def _catalog(language: str) -> dict[str, str | tuple[str, ...]]:
    with _lock:
        if language not in _catalogs:
            _catalogs[language] = _load(language)
        return _catalogs[language]


def set_language(language: str) -> None:
    """Switch the language for everything translated from now on."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    _language = language
    for listener in list(_listeners):
        listener(language)


def get_language() -> str:
    return _language


def on_language_changed(listener: Callable[[str], None]) -> None:
    """Register a callback (the GUI retranslates its widgets)."""
    _listeners.append(listener)


def gettext(message: str) -> str:
    """Translate ``message`` into the current language."""
    translated = _catalog(_language).get(message)
    if isinstance(translated, str):
        return translated
    if isinstance(translated, tuple):
        return translated[0]
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate with a plural form; German and English share the rule ``count != 1``."""
    translated = _catalog(_language).get(singular)
    index = 0 if count == 1 else 1
    if isinstance(translated, tuple) and len(translated) > index:
        return translated[index]
    return singular if index == 0 else plural


def ui_text(message: str, disambiguation: str | None = None) -> str:
    """Translate a string of a Qt Designer form (``pyside6-uic --tr ui_text``)."""
    return gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (module-level constants)."""
    return message


_ = gettext


def locale() -> Locale:
    return Locale.parse("de_DE" if _language == "de" else "en_GB")


def load_locale_data() -> None:
    """Read Babel's locale data for both languages (a worker does this when the window opens):
    otherwise the first number or long date formatted on the window's thread waits 0.1–0.3 s."""
    for code in ("de_DE", "en_GB"):
        data = Locale.parse(code)
        for part in ("number_symbols", "decimal_formats", "date_formats", "months"):
            getattr(data, part)


def format_date_long(value: date | datetime) -> str:
    """``24. November 2026`` in German, ``24 November 2026`` in English."""
    return _babel_format_date(value, format="long", locale=locale())


def format_date_short(value: date | datetime | None) -> str:
    """``24.11.2026`` for tables and forms (both languages use day first)."""
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y")


def local_time(utc: datetime) -> datetime:
    """A stored time (naive UTC: exchanges, conflicts, edits, record stamps) in this computer's
    time zone, for display: shown as stored, an exchange at 10:00 in Hanover read 09:00."""
    return utc.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def format_local_time(utc: datetime) -> str:
    """``31.12.2026 23:30``: a stored (UTC) time as the clock in this computer's zone read."""
    return local_time(utc).strftime("%d.%m.%Y %H:%M")


def format_local_date(utc: datetime) -> str:
    """``01.01.2027``: the local date of a stored (UTC) time; near midnight it differs."""
    return format_date_short(local_time(utc))


def format_number(value: float, digits: int = 1) -> str:
    """A number with the locale's decimal separator and at most ``digits`` decimals."""
    pattern = "#,##0." + "#" * digits if digits else "#,##0"
    return _babel_format_decimal(value, format=pattern, locale=locale())
