"""Every user-visible string is translatable and translated; German by default, English switchable."""

from __future__ import annotations

import re
import string
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from lotsen_desktop import i18n
from lotsen_desktop.domain.vocabulary import AttendanceState, VolunteerStatus

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "translations"))

import catalogs  # noqa: E402


def _catalog_files() -> list[Path]:
    files = sorted((ROOT / "translations" / "de" / "LC_MESSAGES").glob("*.po"))
    assert files, "no German catalogs found: the checks below would pass without looking"
    return files


def test_every_marked_string_has_a_german_translation() -> None:
    missing = catalogs.missing("de")
    assert missing == {}, f"untranslated: {sorted(missing)[:10]}"


def _fields(text: str) -> set[str]:
    return {
        name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name is not None
    }


def test_translations_keep_the_placeholders() -> None:
    for po_file in _catalog_files():
        with po_file.open("rb") as handle:
            for message in read_po(handle, locale="de"):
                if not message.id or not message.string or isinstance(message.id, tuple):
                    continue
                assert _fields(message.id) == _fields(str(message.string)), (
                    po_file.name,
                    message.id,
                )


def test_no_translation_call_hides_inside_an_f_string() -> None:
    """Babel cannot extract ``_()`` from inside an f-string: such strings would stay English."""
    pattern = re.compile(r"""f(["'])[^"'\n]*\{_\(""")
    sources = list((ROOT / "lotsen_desktop").rglob("*.py"))
    assert sources
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_german_is_the_default_and_english_switchable() -> None:
    assert i18n.get_language() == "de"
    assert VolunteerStatus.ACTIVE.label == "aktiv"
    assert AttendanceState.EXCUSED.label == "entschuldigt"
    assert i18n.format_date_long(date(2026, 11, 24)) == "24. November 2026"
    assert i18n.format_number(30.666, 2) == "30,67"
    i18n.set_language("en")
    assert VolunteerStatus.ACTIVE.label == "active"
    assert i18n.format_date_long(date(2026, 11, 24)) == "24 November 2026"
    assert i18n.format_number(30.666, 2) == "30.67"


def test_enum_parse_accepts_codes_and_labels_in_both_languages() -> None:
    assert VolunteerStatus.parse("aktiv") is VolunteerStatus.ACTIVE
    assert VolunteerStatus.parse("Active") is VolunteerStatus.ACTIVE
    assert AttendanceState.parse("entschuldigt") is AttendanceState.EXCUSED


def test_no_two_catalogs_translate_the_same_string_differently() -> None:
    """All catalogs share one namespace: a second, different translation would silently win."""
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for po_file in _catalog_files():
        with po_file.open("rb") as handle:
            for message in read_po(handle, locale="de"):
                if not message.id or not message.string or isinstance(message.id, tuple):
                    continue
                earlier = seen.setdefault(message.id, (po_file.name, str(message.string)))
                if earlier[1] != message.string:
                    clashes.append((message.id, earlier, (po_file.name, message.string)))
    assert clashes == []


def test_locale_data_is_read_ahead_for_both_languages() -> None:
    """The window reads Babel's data in a worker so that its thread never waits for it."""
    import babel.localedata

    from lotsen_desktop.i18n import load_locale_data

    babel.localedata.clear_caches()
    load_locale_data()
    assert {"de_DE", "en_GB"} <= set(babel.localedata._dict_cache)


def test_stored_times_are_shown_in_local_time(hanover_time: None) -> None:
    """Times are stored as naive UTC; shown as stored, an exchange at 10:00 read 09:00."""
    from datetime import datetime

    assert i18n.local_time(datetime(2026, 1, 15, 8, 0)) == datetime(2026, 1, 15, 9, 0)
    assert i18n.local_time(datetime(2026, 7, 1, 8, 0)) == datetime(2026, 7, 1, 10, 0)
    assert i18n.local_time(datetime(2026, 12, 31, 23, 30)) == datetime(2027, 1, 1, 0, 30)


def test_the_command_line_shows_stored_times_in_local_time(
    hanover_time: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """``peers`` and ``imports`` printed a stored UTC time as its date alone, a day off near
    midnight."""
    from datetime import datetime

    from lotsen_desktop.cli.context import CliContext

    CliContext(db=None).table(
        [{"at": datetime(2026, 12, 31, 23, 30), "on": date(2026, 12, 31)}],
        [("at", "Zeit"), ("on", "Tag")],
    )
    assert capsys.readouterr().out.splitlines()[1].split("  ") == ["01.01.2027 00:30", "31.12.2026"]
    from lotsen_desktop.cli.core import _plain  # ``volunteers show``: created and changed

    assert _plain(datetime(2026, 12, 31, 23, 30)) == "01.01.2027 00:30"
