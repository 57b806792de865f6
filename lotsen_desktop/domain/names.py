"""Search and sort keys for names from everywhere.

Keys are computed in Python and stored beside the name, so that searching (``LIKE``) and German
collation (``ORDER BY``) run in portable SQL with an index, on SQLite today and PostgreSQL later.
"""

from __future__ import annotations

import unicodedata

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


def search_key(*parts: str | None) -> str:
    """What a name search matches against: every part folded, separated by spaces."""
    return " ".join(fold(part) for part in parts if part)


def sort_key(family_name: str, given_name: str) -> str:
    """German collation of "family name, given name".

    Folded letters decide first; the exact spelling breaks ties so the order is total and stable.
    """
    return SORT_SEPARATOR.join((fold(family_name), fold(given_name), family_name, given_name))


def search_terms(query: str) -> list[str]:
    """Split a user's search text into folded terms; every term must match."""
    return [term for term in fold(query).split(" ") if term]


def escape_like(term: str) -> str:
    """Escape ``%``, ``_`` and the escape character for a ``LIKE ... ESCAPE '\\'`` pattern."""
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
