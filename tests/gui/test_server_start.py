"""The window on a shared PostgreSQL database: no file lock and no passphrase, a message while
another PC upgrades the database, and a clear choice when the server cannot be reached."""

from __future__ import annotations

import socket
import threading
from pathlib import Path
from typing import Any

import pg_cluster
import pytest
from memory_keyring import memory_keyring  # noqa: F401 (fixture)
from PySide6.QtWidgets import QApplication

from lotsen_desktop.errors import StoreError
from lotsen_desktop.gui import app as gui_app
from lotsen_desktop.gui.dialogs.welcome import WelcomeDialog
from lotsen_desktop.gui.main_window import MainWindow
from lotsen_desktop.store import database, lock, server

pytestmark = pytest.mark.pg  # also in the PostgreSQL part of tests/run.py, where the cluster runs


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def opened_windows(monkeypatch: pytest.MonkeyPatch) -> list[MainWindow]:
    """The main windows ``run`` showed (each closed at once instead of running the event loop)."""
    shown: list[MainWindow] = []

    def fake_exec() -> int:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                shown.append(widget)
                widget.close()
        return 0

    monkeypatch.setattr(WelcomeDialog, "exec", lambda dialog: 0)
    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    return shown


def test_the_window_opens_a_shared_database_without_file_lock_or_passphrase(
    cluster: Any, opened_windows: list[MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_file_lock(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a shared database takes no file lock")

    monkeypatch.setattr(lock.WriterLock, "acquire", no_file_lock)
    monkeypatch.setattr(gui_app, "_open_store", no_file_lock)  # the passphrase path
    url = cluster.migrated_database()
    assert gui_app.run(url, None) == 0
    [window] = opened_windows
    assert window.store.is_server
    assert window.store.url == url


def test_the_window_says_why_it_waits_while_another_pc_upgrades(
    cluster: Any, opened_windows: list[MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    url = cluster.empty_database()
    holder = psycopg.connect(url, autocommit=True)  # another PC in the middle of an upgrade
    holder.execute(f"SELECT pg_advisory_lock({server.MIGRATION_LOCK_KEY})")
    shown: list[str] = []
    original = gui_app.WaitingNotice.show_message

    def show_then_let_go(notice: gui_app.WaitingNotice, message: str) -> None:
        assert threading.current_thread() is threading.main_thread()  # the window keeps painting
        original(notice, message)
        assert notice.box is not None and notice.box.isVisible()
        shown.append(notice.box.text())
        threading.Thread(
            target=lambda: holder.execute(f"SELECT pg_advisory_unlock({server.MIGRATION_LOCK_KEY})")
        ).start()

    monkeypatch.setattr(gui_app.WaitingNotice, "show_message", show_then_let_go)
    try:
        assert gui_app.run(url, None) == 0
    finally:
        holder.close()
    assert shown == [
        "Ein anderer Rechner aktualisiert gerade die gemeinsame Datenbank auf eine neue Version. "
        "Bitte warten…"
    ]
    [window] = opened_windows
    assert window.store.is_server


def _unreachable_url() -> str:
    return f"postgresql://lotsen@127.0.0.1:{_unused_port()}/lotsen?connect_timeout=3"


def test_an_unreachable_server_offers_retry_local_or_quit(
    opened_windows: list[MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    answers = [gui_app.RETRY, gui_app.QUIT]

    def answer(error: StoreError) -> str:
        asked.append(str(error))
        return answers.pop(0)

    monkeypatch.setattr(gui_app, "ask_unreachable", answer)
    code = gui_app.run(_unreachable_url(), None)
    assert code == StoreError("x").exit_code
    assert len(asked) == 2  # asked again after the retry failed too
    assert asked[0].startswith("Die gemeinsame Datenbank ist nicht erreichbar")
    assert not opened_windows


def test_an_unreachable_server_can_fall_back_to_the_database_on_this_pc(
    tmp_path: Path, opened_windows: list[MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    local = tmp_path / "local" / "lotsen.sqlite"
    monkeypatch.setattr(database, "default_db_path", lambda: local)
    monkeypatch.setattr(gui_app, "ask_unreachable", lambda error: gui_app.OPEN_LOCAL)
    assert gui_app.run(_unreachable_url(), None) == 0
    [window] = opened_windows
    assert not window.store.is_server
    assert window.store.path == local


def test_the_unreachable_question_has_the_three_choices(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    seen: dict[str, Any] = {}

    def fake_exec(box: QMessageBox) -> int:
        seen["text"] = box.text()
        seen["buttons"] = [b.text() for b in box.buttons()]
        local = next(b for b in box.buttons() if "lokale" in b.text().lower())
        local.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    choice = gui_app.ask_unreachable(StoreError("Die gemeinsame Datenbank ist nicht erreichbar"))
    assert choice == gui_app.OPEN_LOCAL
    assert "nicht erreichbar" in seen["text"]
    assert sorted(seen["buttons"]) == sorted(
        ["&Erneut versuchen", "&Lokale Datenbank öffnen", "&Beenden"]
    )


def _profile_of(cluster: Any) -> Any:
    from sqlalchemy.engine import make_url

    from lotsen_desktop.store import profiles

    return profiles.ConnectionProfile(
        kind=profiles.SERVER,
        host=str(cluster.folder),
        port=cluster.port,
        database=str(make_url(cluster.migrated_database()).database),
        user=pg_cluster.ROLE,
        sslmode="disable",
    )


@pytest.mark.usefixtures("memory_keyring")
def test_the_saved_profile_opens_the_shared_database_with_the_password_from_the_keyring(
    cluster: Any, opened_windows: list[MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    from lotsen_desktop.store import profiles

    monkeypatch.delenv("LOTSEN_DB")
    profile = profiles.save_profile(_profile_of(cluster))
    profiles.save_password(profile, "geheim")
    monkeypatch.setattr(gui_app, "ask_password", lambda *args: pytest.fail("asked"))
    assert gui_app.run(None, None) == 0
    [window] = opened_windows
    assert window.store.is_server
    assert window.store.url == profile.url("geheim")


def test_without_a_keyring_the_password_is_asked_at_start(
    cluster: Any, opened_windows: list[MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    from keyring.backends import fail

    from lotsen_desktop.store import profiles

    monkeypatch.delenv("LOTSEN_DB")
    profile = profiles.save_profile(_profile_of(cluster))
    asked: list[str] = []

    def answer(_profile: Any, notice: str) -> str:
        asked.append(notice)
        return "getippt"

    monkeypatch.setattr(gui_app, "ask_password", answer)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert gui_app.run(None, None) == 0
    finally:
        keyring.set_keyring(previous)
    assert len(asked) == 1 and "bei jedem Start" in asked[0]
    [window] = opened_windows
    assert window.store.url == profile.url("getippt")


def test_cancelling_the_password_question_ends_quietly(
    opened_windows: list[MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    from keyring.backends import fail

    from lotsen_desktop.store import profiles

    monkeypatch.delenv("LOTSEN_DB")
    profiles.save_profile(
        profiles.ConnectionProfile(kind=profiles.SERVER, host="db.example.org", user="lotsen")
    )
    monkeypatch.setattr(gui_app, "ask_password", lambda *args: None)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert gui_app.run(None, None) == 0
    finally:
        keyring.set_keyring(previous)
    assert not opened_windows


@pytest.mark.usefixtures("memory_keyring")
def test_after_a_refused_sign_in_the_password_is_asked_and_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sqlalchemy.engine import make_url

    from lotsen_desktop.store import profiles

    profile = profiles.save_profile(
        profiles.ConnectionProfile(kind=profiles.SERVER, host="db.example.org", user="lotsen")
    )
    profiles.save_password(profile, "alt")
    monkeypatch.setattr(gui_app, "ask_password", lambda _profile, notice: "neu")
    url_for = gui_app.ProfileUrl(profile)
    assert make_url(str(url_for(False))).password == "alt"
    assert make_url(str(url_for(True))).password == "neu"
    assert profiles.load_password(profile) == "neu"
