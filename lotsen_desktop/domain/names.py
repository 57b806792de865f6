"""Search and sort keys for names from everywhere.

Keys are computed in Python and stored beside the name, so that searching (``LIKE``) and German
collation (``ORDER BY``) run in portable SQL with an index, on SQLite today and PostgreSQL later.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

# Letters that Unicode does not decompose into a base letter plus a mark.
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "ss",
        "ł": "l",
        "Ł": "l",
        "ı": "i",
        "đ": "d",
        "Đ": "d",
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "ð": "d",
        "ħ": "h",
        "ŀ": "l",
        "ŧ": "t",
        "ё": "е",
        "Ё": "е",
    }
)

SORT_SEPARATOR = "\x1f"


def fold(text: str) -> str:
    """Lower-case text without diacritics: ``İlkay Şahin`` -> ``ilkay sahin``.

    German umlauts fold to their base letter (DIN 5007-1, the dictionary order used in
    German lists). Cyrillic, Arabic and other scripts keep their letters and lose only marks.
    """
    text = text.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.translate(_SPECIAL).casefold().split())


_GERMAN_SPELLING = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_CYRILLIC = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "ye",
        "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l",
        "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
        "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ъ": "",
        "ы": "y", "э": "e", "ю": "yu", "я": "ya",
    }
)  # fmt: skip
_JOINERS = str.maketrans({"'": "", "’": "", "`": "", "-": "", "‐": ""})
_SPLITTERS = str.maketrans({"'": " ", "’": " ", "`": " ", "-": " ", "‐": " "})
SEARCH_KEY_LENGTH = 500


def search_key(*parts: str | None) -> str:
    """What a name search matches against: the folded name in the spellings people type.

    "oneil" finds O'Neil, "al hassan" and "alhassan" find Al-Hassan, "mueller" finds Müller,
    "olena" finds Олена. Variants are separated by `` | `` and each search term must occur.
    """
    text = " ".join(part for part in parts if part)
    folded = fold(text)
    variants = [
        folded,
        folded.translate(_JOINERS),
        " ".join(folded.translate(_SPLITTERS).split()),
        fold(text.translate(_GERMAN_SPELLING)),
        folded.translate(_CYRILLIC),
    ]
    return " | ".join(dict.fromkeys(variants))[:SEARCH_KEY_LENGTH]


def sort_key(family_name: str, given_name: str) -> str:
    """German collation of "family name, given name".

    Folded letters decide first; the exact spelling breaks ties so the order is total and stable.
    """
    return SORT_SEPARATOR.join((fold(family_name), fold(given_name), family_name, given_name))


def search_terms(query: str) -> list[str]:
    """Split a user's search text into folded terms; every term must match."""
    return [term for term in fold(query.replace("|", " ")).split(" ") if term]


def escape_like(term: str) -> str:
    """Escape ``%``, ``_`` and the escape character for a ``LIKE ... ESCAPE '\\'`` pattern."""
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True)
class Namesake:
    """A person whose name repeats in one view, with what may tell them apart."""

    id: str
    birth_year: int | None = None
    place: str = ""


def short_id(row_id: str) -> str:
    """The first characters of an id: enough to tell namesakes apart and to type on the CLI."""
    return row_id.replace("-", "")[:6]


def distinguishing_details(group: Sequence[Namesake]) -> dict[str, str]:
    """For people who share a name in one view: per person the shortest detail that differs.

    Birth year if nobody else in the group has it, else the place if nobody else has it, else
    the year (if known) with a short id. Empty for a group of one: a name that does not repeat
    gets no detail.
    """
    if len(group) < 2:
        return {}
    years = Counter(p.birth_year for p in group if p.birth_year)
    places = Counter(p.place.strip().casefold() for p in group if p.place.strip())
    details: dict[str, str] = {}
    for person in group:
        place = person.place.strip()
        if person.birth_year and years[person.birth_year] == 1:
            details[person.id] = str(person.birth_year)
        elif place and places[place.casefold()] == 1:
            details[person.id] = place
        else:
            details[person.id] = crowded_detail(person)
    return details


def crowded_detail(person: Namesake) -> str:
    """Year (if known) and short id: for a name too common for year or place to tell apart."""
    if person.birth_year:
        return f"{person.birth_year}, #{short_id(person.id)}"
    return f"#{short_id(person.id)}"


def with_detail(name: str, detail: str) -> str:
    """ "Al-Hassan, Omar (1985)": a name with its distinguishing detail, if any."""
    return f"{name} ({detail})" if detail else name
