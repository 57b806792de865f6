"""When a search is a phone number, and which digits to look for."""

from __future__ import annotations

import re

_PHONE_LIKE = re.compile(r"^\+?[\d\s/\-().]+$")
MIN_DIGITS = 3
"""Fewer digits would match nearly every number."""


def phone_search_digits(text: str) -> str | None:
    """The digits to find in the stored numbers, or ``None`` if ``text`` is not a number.

    A search of digits and separators only ("0511 / 47 11", "+49 511 4711") is a phone number.
    The national form and the international one are the same number: "0511 4711" and
    "+49 511 4711" both look for "5114711", which both stored forms contain.
    """
    text = text.strip()
    if not _PHONE_LIKE.match(text):
        return None
    digits = re.sub(r"\D", "", text)
    if text.startswith("+49"):
        digits = digits[2:]
    elif digits.startswith("0049"):
        digits = digits[4:]
    elif digits.startswith("0") and not digits.startswith("00"):
        digits = digits[1:]
    return digits if len(digits) >= MIN_DIGITS else None
