"""Checks of what a user types; each failure carries a translatable message."""

from __future__ import annotations

import re
from datetime import date, datetime

from lotsen_desktop.domain.vocabulary import LabelledEnum
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.i18n import _

_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]{2,}$")
_PHONE = re.compile(r"^\+?[0-9 ()/\-]{5,25}$")
_POSTAL_CODE = re.compile(r"^[0-9]{5}$")


def clean(text: str | None) -> str:
    """Strip surrounding white space; ``None`` becomes empty."""
    return (text or "").strip()


def require_name(value: str | None, field: str) -> str:
    value = clean(value)
    if not value:
        raise ValidationError(_("{field} must not be empty.").format(field=field), field=field)
    if len(value) > 200:
        raise ValidationError(
            _("{field} is too long (at most 200 characters).").format(field=field), field=field
        )
    return value


def check_email(value: str | None) -> str:
    value = clean(value)
    if value and not _EMAIL.match(value):
        raise ValidationError(
            _("'{value}' is not a valid e-mail address.").format(value=value), field="email"
        )
    return value


def check_phone(value: str | None) -> str:
    value = clean(value)
    if value and not _PHONE.match(value):
        raise ValidationError(
            _("'{value}' is not a valid phone number (digits, spaces, +, /, - only).").format(
                value=value
            ),
            field="phone",
        )
    return value


def check_postal_code(value: str | None) -> str:
    value = clean(value)
    if value and not _POSTAL_CODE.match(value):
        raise ValidationError(_("A postal code has five digits."), field="postal_code")
    return value


def parse_date(value: str | date | None, field: str = "date") -> date | None:
    """Accept ``YYYY-MM-DD`` and ``DD.MM.YYYY``; empty gives ``None``."""
    if value is None or isinstance(value, date):
        return value
    text = value.strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(
        _("'{value}' is not a valid date (DD.MM.YYYY or YYYY-MM-DD).").format(value=text),
        field=field,
    )


MIN_VOLUNTEER_AGE = 16
"""The youngest age at which someone can be a Lotsin or Lotse: volunteers accompany people to
offices, schools and doctors on their own. DOMAIN.md names no age; 16 is the programme's floor
we assume (volunteering agreements with minors need the parents' consent)."""


def age_on(birth_date: date, day: date) -> int:
    """Completed years of life on ``day``."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def check_birth_date(value: date | None, today: date | None = None) -> date | None:
    """A plausible date of birth for a volunteer: not in the future, at least
    ``MIN_VOLUNTEER_AGE`` years ago, at most 120 years ago."""
    if value is None:
        return None
    today = today or date.today()
    if value > today:
        raise ValidationError(_("The date of birth lies in the future."), field="birth_date")
    if age_on(value, today) < MIN_VOLUNTEER_AGE:
        raise ValidationError(
            _(
                "Born on {date}, the person would be {age} years old; Lotsinnen and Lotsen are "
                "at least {minimum}. Please check the date of birth."
            ).format(
                date=value.strftime("%d.%m.%Y"), age=age_on(value, today), minimum=MIN_VOLUNTEER_AGE
            ),
            field="birth_date",
        )
    if value.year < today.year - 120:
        raise ValidationError(
            _("The date of birth is more than 120 years ago."), field="birth_date"
        )
    return value


def parse_choice(enum: type[LabelledEnum], value: str, field: str) -> str:
    """The stored code of one of ``enum``'s members, given as code or label; else a clear message."""
    try:
        return enum.parse(value).value
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise ValidationError(
            _("'{value}' is not allowed here; choose one of: {allowed}.").format(
                value=value, allowed=allowed
            ),
            field=field,
        ) from None
