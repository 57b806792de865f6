"""The connection profile: saved in the user's config folder without the password, the password
in the keyring, the URL quoted so any name or password connects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from memory_keyring import MemoryKeyring, memory_keyring  # noqa: F401 (fixture)
from sqlalchemy.engine import make_url

from lotsen_desktop.errors import ValidationError
from lotsen_desktop.store import profiles
from lotsen_desktop.store.profiles import ConnectionProfile

SHARED = ConnectionProfile(
    kind=profiles.SERVER,
    host="db.example.org",
    port=5433,
    database="lotsen",
    user="lotsen_app",
    sslmode="verify-full",
)


def test_without_a_saved_profile_the_database_on_this_pc_is_used() -> None:
    assert not profiles.profile_path().exists()
    assert profiles.load_profile() == ConnectionProfile()
    assert not profiles.load_profile().is_server


def test_a_saved_profile_comes_back_and_holds_no_password(tmp_path: Path) -> None:
    saved = profiles.save_profile(SHARED)
    assert profiles.profile_path().is_relative_to(tmp_path / "config")
    assert profiles.load_profile() == saved == SHARED
    raw = json.loads(profiles.profile_path().read_text(encoding="utf-8"))
    assert raw["host"] == "db.example.org"
    assert raw["sslmode"] == "verify-full"
    assert not any("password" in key for key in raw)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"host": "  "}, "Bitte geben Sie den Server"),
        ({"port": 0}, "Der Port muss eine Zahl von 1 bis 65535 sein."),
        ({"database": ""}, "Bitte geben Sie den Namen der Datenbank"),
        ({"user": ""}, "Bitte geben Sie den Benutzernamen"),
        ({"sslmode": "sometimes"}, "Unbekannter TLS-Modus sometimes"),
    ],
)
def test_an_incomplete_shared_profile_is_refused_and_nothing_is_written(
    change: dict[str, object], message: str
) -> None:
    import dataclasses

    with pytest.raises(ValidationError) as caught:
        profiles.save_profile(dataclasses.replace(SHARED, **change))  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)
    assert not profiles.profile_path().exists()


def test_an_unreadable_profile_falls_back_to_this_pc() -> None:
    path = profiles.profile_path()
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    assert profiles.load_profile() == ConnectionProfile()
    path.write_text(json.dumps({"kind": "server", "host": ""}), encoding="utf-8")
    assert profiles.load_profile() == ConnectionProfile()


def test_the_url_quotes_names_and_passwords() -> None:
    import dataclasses

    odd = dataclasses.replace(SHARED, user="İlkay@vhs", database="lotsen/ö")
    password = 'p@ss:/w%rd"&<'
    url = make_url(odd.url(password))
    assert url.username == "İlkay@vhs"
    assert url.password == password
    assert url.host == "db.example.org"
    assert url.port == 5433
    assert url.database == "lotsen/ö"
    assert url.query == {"sslmode": "verify-full"}
    assert make_url(SHARED.url()).password is None


def test_a_socket_folder_goes_into_the_query() -> None:
    import dataclasses

    url = make_url(dataclasses.replace(SHARED, host="/run/postgresql").url())
    assert url.host is None
    assert url.query["host"] == "/run/postgresql"
    assert url.query["port"] == "5433"


def test_the_password_goes_to_the_keyring(memory_keyring: MemoryKeyring) -> None:  # noqa: F811
    profiles.save_profile(SHARED)
    profiles.save_password(SHARED, "geheim")
    assert memory_keyring.passwords == {
        (profiles.KEYRING_SERVICE, "lotsen_app@db.example.org:5433/lotsen"): "geheim"
    }
    assert profiles.load_password(SHARED) == "geheim"
    assert "geheim" not in profiles.profile_path().read_text(encoding="utf-8")
    profiles.save_password(SHARED, "")
    assert profiles.load_password(SHARED) is None
    profiles.forget_password(SHARED)  # nothing kept: nothing to do


def test_without_a_keyring_the_message_says_the_password_is_asked_at_each_start() -> None:
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert not profiles.keyring_available()
        with pytest.raises(profiles.KeyringUnavailable) as caught:
            profiles.save_password(SHARED, "geheim")
        assert "bei jedem Start" in str(caught.value)
        with pytest.raises(profiles.KeyringUnavailable):
            profiles.load_password(SHARED)
        profiles.forget_password(SHARED)
    finally:
        keyring.set_keyring(previous)


def test_a_refused_password_is_told_apart_from_an_unreachable_server() -> None:
    from sqlalchemy.exc import OperationalError

    from lotsen_desktop.errors import StoreError

    def failure(text: str) -> StoreError:
        error = StoreError("x")
        error.__cause__ = OperationalError("connect", {}, Exception(text))
        return error

    assert profiles.sign_in_refused(failure('password authentication failed for user "lotsen"'))
    assert not profiles.sign_in_refused(failure("connection refused"))
    assert not profiles.sign_in_refused(StoreError("password"))
