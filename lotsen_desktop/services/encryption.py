"""Encryption at rest as use cases: the rules for a passphrase, encrypting, decrypting and
changing the passphrase of the open database (the work itself is in ``store/cipher.py``).

There is no back door: a lost passphrase means the data in the file is lost; only a backup
made before the encryption (or an exchange file) brings it back.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from lotsen_desktop.errors import ValidationError
from lotsen_desktop.i18n import _
from lotsen_desktop.store import cipher
from lotsen_desktop.store.database import Store
from lotsen_desktop.tasks import ProgressCallback

MIN_PASSPHRASE_LENGTH = 10
"""Short enough to type at every start, long enough that guessing takes years with SQLCipher's
slow key derivation."""


@dataclass(frozen=True)
class Strength:
    """How hard a passphrase is to guess: ``level`` 0 (too short) to 3 (strong), and a hint."""

    level: int
    hint: str


def passphrase_strength(passphrase: str) -> Strength:
    """A rough estimate for the hint under the input (length counts most)."""
    length = len(passphrase)
    if length < MIN_PASSPHRASE_LENGTH:
        return Strength(
            0,
            _("Too short: at least {count} characters.").format(count=MIN_PASSPHRASE_LENGTH),
        )
    kinds = sum(
        (
            any(c.islower() for c in passphrase),
            any(c.isupper() for c in passphrase),
            any(c.isdigit() for c in passphrase),
            any(not c.isalnum() for c in passphrase),
        )
    )
    words = len(passphrase.split())
    if len(set(passphrase)) < 5:
        return Strength(1, _("Weak: too many repeated characters."))
    if length >= 20 or (words >= 4 and length >= 16) or (length >= 14 and kinds >= 3):
        return Strength(3, _("Strong."))
    if length >= 12 or kinds >= 3:
        return Strength(2, _("Good. Longer is stronger: e.g. four unrelated words."))
    return Strength(1, _("Weak: use more characters, e.g. four unrelated words."))


def check_new_passphrase(passphrase: str, repeated: str | None = None) -> str:
    """The passphrase if it may be used; ``ValidationError`` with the reason otherwise."""
    if passphrase != passphrase.strip():
        raise ValidationError(
            _("The passphrase must not begin or end with a space."), field="passphrase"
        )
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise ValidationError(
            _("The passphrase is too short: at least {count} characters.").format(
                count=MIN_PASSPHRASE_LENGTH
            ),
            field="passphrase",
        )
    if repeated is not None and passphrase != repeated:
        raise ValidationError(_("The two passphrases differ."), field="repeated")
    return passphrase


def is_encrypted_file(path: Path) -> bool:
    """Whether the file at ``path`` looks like an encrypted database (it needs a passphrase)."""
    return cipher.looks_encrypted(path)


def encrypt(store: Store, passphrase: str, *, progress: ProgressCallback | None = None) -> None:
    """Encrypt the open database; the plain file is removed once the encrypted one verified."""
    cipher.encrypt_store(store, check_new_passphrase(passphrase), progress=progress)


def decrypt(store: Store, current: str, *, progress: ProgressCallback | None = None) -> None:
    """Store the open database as a plain SQLite file again; ``current`` confirms it."""
    check_current_passphrase(store, current)
    cipher.decrypt_store(store, progress=progress)


def check_current_passphrase(store: Store, current: str) -> None:
    """``ValidationError`` unless ``current`` is the passphrase the store was opened with."""
    if not store.encrypted:
        raise ValidationError(_("The database is not encrypted."))
    if unicodedata.normalize("NFC", current) != unicodedata.normalize(
        "NFC", store.passphrase or ""
    ):
        raise ValidationError(_("The current passphrase is wrong."), field="current")


def change_passphrase(
    store: Store,
    current: str,
    new: str,
    *,
    progress: ProgressCallback | None = None,
) -> None:
    """Replace the passphrase; ``current`` must be the one in use (someone at an unlocked
    machine must not lock the office out)."""
    check_current_passphrase(store, current)
    cipher.change_passphrase(store, check_new_passphrase(new), progress=progress)
