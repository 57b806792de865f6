"""Connection profile: which database the window opens when no ``--db`` or ``LOTSEN_DB`` names one.

"Datenbank auf diesem PC" (the default) or "gemeinsame Datenbank (PostgreSQL)" with host, port,
database, user and TLS mode, kept in a small JSON file in the user's config folder. The password
never goes into that file: it lives in the operating system's keyring (``keyring``); without a
usable keyring the window asks for it at each start.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lotsen_desktop.errors import StoreError, ValidationError
from lotsen_desktop.i18n import _

log = logging.getLogger(__name__)

APP_NAME = "LotsenDesktop"
PROFILE_FILENAME = "connection.json"
KEYRING_SERVICE = "Lotsen Desktop"
LOCAL = "local"
SERVER = "server"
DEFAULT_PORT = 5432
DEFAULT_DATABASE = "lotsen"
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
DEFAULT_SSL_MODE = "prefer"


class KeyringUnavailable(StoreError):
    """The operating system offers no keyring to keep the password in."""


@dataclass(frozen=True)
class ConnectionProfile:
    """Where the office database is; a host starting with ``/`` is a socket folder (Unix)."""

    kind: str = LOCAL
    host: str = ""
    port: int = DEFAULT_PORT
    database: str = DEFAULT_DATABASE
    user: str = ""
    sslmode: str = DEFAULT_SSL_MODE

    @property
    def is_server(self) -> bool:
        return self.kind == SERVER

    def validated(self) -> ConnectionProfile:
        """The profile with blanks trimmed; ``ValidationError`` names the first field missing."""
        profile = dataclasses.replace(
            self,
            host=self.host.strip(),
            database=self.database.strip(),
            user=self.user.strip(),
            sslmode=self.sslmode.strip() or DEFAULT_SSL_MODE,
        )
        if profile.kind not in (LOCAL, SERVER):
            raise ValidationError(_("Unknown kind of database: {kind}").format(kind=profile.kind))
        if not profile.is_server:
            return profile
        if not profile.host:
            raise ValidationError(_("Please enter the server (host name or address)."))
        if not isinstance(profile.port, int) or not 1 <= profile.port <= 65535:
            raise ValidationError(_("The port must be a number from 1 to 65535."))
        if not profile.database:
            raise ValidationError(_("Please enter the name of the database."))
        if not profile.user:
            raise ValidationError(_("Please enter the user name for the database."))
        if profile.sslmode not in SSL_MODES:
            raise ValidationError(
                _("Unknown TLS mode {mode}; possible: {modes}").format(
                    mode=profile.sslmode, modes=", ".join(SSL_MODES)
                )
            )
        return profile

    def url(self, password: str | None = None) -> str:
        """The ``postgresql://`` URL with every part quoted (names and passwords may hold ``@``,
        ``/``, ``%``, umlauts)."""
        from sqlalchemy.engine import URL

        query: dict[str, str] = {"sslmode": self.sslmode}
        host: str | None = self.host
        port: int | None = self.port
        if self.host.startswith("/"):  # a socket folder goes into the query, as libpq reads it
            query.update(host=self.host, port=str(self.port))
            host = port = None
        return URL.create(
            "postgresql",
            username=self.user,
            password=password or None,
            host=host,
            port=port,
            database=self.database,
            query=query,
        ).render_as_string(hide_password=False)

    def keyring_name(self) -> str:
        """Under which name the keyring keeps this profile's password."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def describe(self) -> str:
        """For the status line and the settings: no password."""
        if not self.is_server:
            return _("Database on this PC")
        return f"{self.user}@{self.host}:{self.port}/{self.database}"


def config_dir() -> Path:
    """The user's config folder (``%APPDATA%\\LotsenDesktop`` on Windows); ``LOTSEN_CONFIG_DIR``
    moves it (tests, portable installs)."""
    explicit = os.environ.get("LOTSEN_CONFIG_DIR")
    if explicit:
        return Path(explicit).expanduser()
    from platformdirs import user_config_path

    return Path(user_config_path(APP_NAME, appauthor=False, roaming=True))


def profile_path() -> Path:
    return config_dir() / PROFILE_FILENAME


def load_profile(path: Path | None = None) -> ConnectionProfile:
    """The saved profile; none saved, or a file that cannot be read: the database on this PC."""
    path = path or profile_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ConnectionProfile()
    except (OSError, ValueError) as error:
        log.warning("connection profile unreadable, using the local database: %s", error)
        return ConnectionProfile()
    if not isinstance(raw, dict):
        return ConnectionProfile()
    known = {field.name for field in dataclasses.fields(ConnectionProfile)}
    values: dict[str, Any] = {k: v for k, v in raw.items() if k in known}
    try:
        values["port"] = int(values.get("port", DEFAULT_PORT))
        return ConnectionProfile(**values).validated()
    except (TypeError, ValueError, ValidationError) as error:
        log.warning("connection profile invalid, using the local database: %s", error)
        return ConnectionProfile()


def save_profile(profile: ConnectionProfile, path: Path | None = None) -> ConnectionProfile:
    """Check and save ``profile`` (never a password); written whole or not at all."""
    profile = profile.validated()
    path = path or profile_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(
            json.dumps(dataclasses.asdict(profile), indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        os.replace(temporary, path)
    except OSError as error:
        raise StoreError(
            _("The connection settings cannot be saved: {error}").format(error=error)
        ) from error
    return profile


def _keyring() -> Any:
    """The ``keyring`` module if a real backend is there; ``KeyringUnavailable`` otherwise."""
    message = _(
        "The operating system offers no safe place for passwords (keyring); the password "
        "is asked for at each start."
    )
    try:
        import keyring
        from keyring.backends import fail
    except ImportError as error:
        raise KeyringUnavailable(message) from error
    if isinstance(keyring.get_keyring(), fail.Keyring):
        raise KeyringUnavailable(message)
    return keyring


def keyring_available() -> bool:
    try:
        _keyring()
    except KeyringUnavailable:
        return False
    return True


def load_password(profile: ConnectionProfile) -> str | None:
    """The password kept for ``profile`` (``None``: none kept); ``KeyringUnavailable``."""
    keyring = _keyring()
    try:
        return keyring.get_password(KEYRING_SERVICE, profile.keyring_name())  # type: ignore[no-any-return]
    except keyring.errors.KeyringError as error:
        raise KeyringUnavailable(
            _("The password cannot be read from the keyring: {error}").format(error=error)
        ) from error


def save_password(profile: ConnectionProfile, password: str) -> None:
    """Keep ``password`` in the keyring (an empty one removes it); ``KeyringUnavailable``."""
    keyring = _keyring()
    try:
        if password:
            keyring.set_password(KEYRING_SERVICE, profile.keyring_name(), password)
        else:
            forget_password(profile)
    except keyring.errors.KeyringError as error:
        raise KeyringUnavailable(
            _("The password cannot be kept in the keyring: {error}").format(error=error)
        ) from error


def forget_password(profile: ConnectionProfile) -> None:
    """Remove the kept password (nothing kept, or no keyring: nothing to do)."""
    try:
        keyring = _keyring()
    except KeyringUnavailable:
        return
    with contextlib.suppress(keyring.errors.PasswordDeleteError):
        keyring.delete_password(KEYRING_SERVICE, profile.keyring_name())


def sign_in_refused(error: BaseException) -> bool:
    """Whether opening failed because the server refused the password (ask for it again)."""
    from sqlalchemy.exc import DBAPIError

    cause = error.__cause__
    text = str(cause).lower()
    return isinstance(cause, DBAPIError) and ("password" in text or "authentication" in text)


def check_connection(profile: ConnectionProfile, password: str | None) -> str:
    """Connect once and ask the server its version ("Verbindung testen"): the version text, or a
    ``StoreError`` in the office's words. Changes nothing."""
    from sqlalchemy.exc import DBAPIError

    from lotsen_desktop.store import server

    profile = profile.validated()
    engine = server.create_server_engine(profile.url(password))
    try:
        with engine.connect() as connection:
            version = str(connection.exec_driver_sql("SHOW server_version").scalar())
            server.check_collation(connection)
    except DBAPIError as error:
        raise server.translate_error(error) from error
    finally:
        engine.dispose()
    return version
