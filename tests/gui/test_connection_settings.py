"""Choosing the shared database in the first-start dialog and in Einstellungen: the profile is
saved without its password (that goes to the keyring), "Verbindung testen" says whether the server
answers, and a first start that chose the shared database opens it."""

from __future__ import annotations

import socket
from typing import Any

import pg_cluster
import pytest
from memory_keyring import MemoryKeyring, memory_keyring  # noqa: F401 (fixture)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from lotsen_desktop.gui import app as gui_app
from lotsen_desktop.gui.dialogs.welcome import WelcomeDialog
from lotsen_desktop.gui.main_window import MainWindow
from lotsen_desktop.gui.views.connection_settings import ConnectionFields, ConnectionSettings
from lotsen_desktop.services import setup
from lotsen_desktop.store import profiles
from lotsen_desktop.store.database import Store

pytestmark = pytest.mark.pg  # also in the PostgreSQL part of tests/run.py, where the cluster runs


def _fill(fields: ConnectionFields, qtbot: QtBot, host: str, port: int, database: str) -> None:
    fields.server_radio.setChecked(True)
    fields.host_edit.setText(host)
    fields.port_spin.setValue(port)
    fields.database_edit.setText(database)
    qtbot.keyClicks(fields.user_edit, pg_cluster.ROLE)
    qtbot.keyClicks(fields.password_edit, "geheim")
    fields.ssl_combo.setCurrentIndex(fields.ssl_combo.findData("disable"))


def test_the_first_start_dialog_offers_this_pc_by_default(qtbot: QtBot, store: Store) -> None:
    dialog = WelcomeDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.connection is not None
    assert dialog.connection.local_radio.isChecked()
    assert not dialog.connection.server_fields.isVisible()
    assert (
        dialog.connection.local_radio.text()
        == "Datenbank auf diesem &PC (empfohlen für eine Stelle)"
    )


def test_choosing_the_shared_database_at_first_start_saves_the_profile(
    qtbot: QtBot,
    store: Store,
    memory_keyring: MemoryKeyring,  # noqa: F811
) -> None:
    dialog = WelcomeDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    fields = dialog.connection
    assert fields is not None
    fields.server_radio.setChecked(True)
    assert fields.server_fields.isVisible()
    assert not dialog.profile.isEnabled()  # the shared database brings its own office profile
    assert not dialog.encrypt_check.isEnabled()
    screen = QApplication.primaryScreen().availableGeometry()
    assert screen.contains(dialog.frameGeometry())

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # server missing
    assert dialog.isVisible()
    assert fields.message.text().startswith("Bitte geben Sie den Server ein")
    assert not profiles.profile_path().exists()

    _fill(fields, qtbot, "db.example.org", 5433, "lotsen")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.switched_to_server
    saved = profiles.load_profile()
    assert (saved.kind, saved.host, saved.port, saved.user, saved.sslmode) == (
        "server",
        "db.example.org",
        5433,
        pg_cluster.ROLE,
        "disable",
    )
    assert profiles.load_password(saved) == "geheim"
    assert "geheim" not in profiles.profile_path().read_text(encoding="utf-8")
    assert not setup.get_office(store).is_configured  # nothing written to the local database


def test_the_settings_section_switches_back_to_this_pc_from_the_next_start(
    qtbot: QtBot,
    memory_keyring: MemoryKeyring,  # noqa: F811
) -> None:
    shared = profiles.save_profile(
        profiles.ConnectionProfile(kind="server", host="db.example.org", user="lotsen_app")
    )
    profiles.save_password(shared, "geheim")
    section = ConnectionSettings()
    qtbot.addWidget(section)
    assert section.fields.server_radio.isChecked()
    assert section.fields.host_edit.text() == "db.example.org"
    assert section.fields.password_edit.text() == ""  # never shown
    assert not section.has_unsaved_work()
    section.fields.local_radio.setChecked(True)
    assert section.has_unsaved_work()
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert section.saved_label.text() == (
        "Gespeichert. Die Änderung gilt ab dem nächsten Start von Lotsen Desktop."
    )
    assert profiles.load_profile() == profiles.ConnectionProfile()
    assert memory_keyring.passwords == {}  # the old password is forgotten
    assert not section.has_unsaved_work()


def test_test_connection_says_when_the_server_does_not_answer(qtbot: QtBot) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    fields = ConnectionFields()
    qtbot.addWidget(fields)
    _fill(fields, qtbot, "127.0.0.1", port, "lotsen")
    assert fields.test_button.text() == "Verbindung &testen"
    qtbot.mouseClick(fields.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: fields.test_button.isEnabled(), timeout=30000)
    assert fields.message.text().startswith("Die gemeinsame Datenbank ist nicht erreichbar")
    assert "geheim" not in fields.message.text()


def test_test_connection_reaches_the_cluster(qtbot: QtBot, cluster: Any) -> None:
    fields = ConnectionFields()
    qtbot.addWidget(fields)
    database = str(make_url(cluster.empty_database()).database)
    _fill(fields, qtbot, str(cluster.folder), cluster.port, database)
    qtbot.mouseClick(fields.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: fields.test_button.isEnabled(), timeout=30000)
    assert fields.test_result.text().startswith("Verbunden: PostgreSQL ")
    assert fields.message.text() == ""


@pytest.mark.usefixtures("memory_keyring")
def test_a_first_start_that_chose_the_shared_database_opens_it(
    tmp_path: Any, cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = str(make_url(cluster.migrated_database()).database)
    shown: list[MainWindow] = []

    def choose_shared(dialog: WelcomeDialog) -> int:
        if dialog.connection is None:  # the shared database's own first start
            return 0
        dialog.connection.server_radio.setChecked(True)
        dialog.connection.host_edit.setText(str(cluster.folder))
        dialog.connection.port_spin.setValue(cluster.port)
        dialog.connection.database_edit.setText(database)
        dialog.connection.user_edit.setText(pg_cluster.ROLE)
        dialog.connection.ssl_combo.setCurrentIndex(dialog.connection.ssl_combo.findData("disable"))
        dialog.accept()
        return int(dialog.result())

    def fake_exec() -> int:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                shown.append(widget)
                widget.close()
        return 0

    monkeypatch.setattr(WelcomeDialog, "exec", choose_shared)
    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert gui_app.run(str(tmp_path / "new" / "lotsen.sqlite"), None) == 0
    [window] = shown
    assert window.store.is_server
    assert make_url(str(window.store.url)).database == database
