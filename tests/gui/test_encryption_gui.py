"""Encryption in the window: the passphrase dialog at start (with the attempt limit), the offer
in the welcome dialog, and the settings section that encrypts, rekeys and decrypts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from upgrade_watch import UpgradeWatch

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.gui import app as gui_app
from lotsen_desktop.gui.dialogs.passphrase import PassphraseDialog
from lotsen_desktop.gui.dialogs.welcome import WelcomeDialog
from lotsen_desktop.gui.pages.settings_page import SettingsPage
from lotsen_desktop.gui.views.encryption_settings import (
    CHANGE,
    DECRYPT,
    ENCRYPT,
    EncryptionSettings,
)
from lotsen_desktop.services import encryption, setup, volunteers
from lotsen_desktop.store import cipher
from lotsen_desktop.store.database import Store

PASSPHRASE = "Lotsen im Winter 2026"
OTHER = "ganz andere Passphrase"


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cipher.TEST_KDF_ITER_ENV, "1000")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1_000_000.0]
    monkeypatch.setattr(cipher, "_now", lambda: now[0])
    return now


@pytest.fixture
def encrypted_path(store: Store) -> Path:
    volunteers.add_volunteer(store, given_name="İlkay", family_name="Şahin")
    encryption.encrypt(store, PASSPHRASE)
    path = store.path
    store.close()
    return path


def test_the_passphrase_dialog_refuses_a_wrong_one_and_waits(
    qtbot: QtBot, encrypted_path: Path, clock: list[float]
) -> None:
    opened: list[Store] = []

    def opener(passphrase: str) -> Store:
        store = open_office_store(encrypted_path, passphrase=passphrase)
        opened.append(store)
        return store

    dialog = PassphraseDialog(encrypted_path, opener)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.open_button.isEnabled()  # nothing typed yet
    qtbot.keyClicks(dialog.passphrase_edit, OTHER)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.store is None
    assert dialog.message.text().startswith("Falsche Passphrase")
    assert "Nächster Versuch in 1 s" in dialog.limit_label.text()
    assert not dialog.open_button.isEnabled()  # the wait is visible and enforced

    clock[0] += 1
    dialog._tick()
    assert dialog.open_button.isEnabled()
    dialog.passphrase_edit.setText(PASSPHRASE)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.store is opened[0] and dialog.store.encrypted
    dialog.store.close()


def test_the_window_asks_for_the_passphrase_before_it_opens(
    qtbot: QtBot, encrypted_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[PassphraseDialog] = []

    def answer(dialog: PassphraseDialog) -> int:
        asked.append(dialog)
        dialog.passphrase_edit.setText(PASSPHRASE)
        dialog.accept()
        return 1

    monkeypatch.setattr(PassphraseDialog, "exec", answer)
    store = gui_app._open_store(str(encrypted_path))
    assert store is not None and store.encrypted and len(asked) == 1
    store.close()

    monkeypatch.setattr(PassphraseDialog, "exec", lambda dialog: 0)  # Beenden
    assert gui_app._open_store(str(encrypted_path)) is None


def test_the_welcome_dialog_offers_encryption(qtbot: QtBot, store: Store) -> None:
    dialog = WelcomeDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.encrypt_check.isChecked()
    assert not dialog.ui.encryption_details.isVisible()
    assert "Laptops" in dialog.encrypt_check.text()
    dialog.name_edit.setText("VHS Laptop")
    dialog.encrypt_check.setChecked(True)
    assert "keine Hintertür" in dialog.ui.no_back_door.text()
    fields = dialog.passphrase_fields
    fields.passphrase_edit.setText("kurz")
    assert "Zu kurz" in fields.strength_label.text()
    dialog.accept()
    assert dialog.isVisible() and "zu kurz" in fields.message.text()
    assert not setup.get_office(store).is_configured  # nothing written yet

    fields.passphrase_edit.setText(PASSPHRASE)
    fields.repeat_edit.setText(PASSPHRASE)
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=60_000)
    assert dialog.encrypted and store.encrypted
    assert cipher.looks_encrypted(store.path)
    assert setup.get_office(store).name == "VHS Laptop"


def test_the_settings_section_encrypts_changes_and_decrypts(
    qtbot: QtBot, store: Store, clock: list[float]
) -> None:
    volunteers.add_volunteer(store, given_name="Олена", family_name="Коваль")
    page = SettingsPage(store)
    qtbot.addWidget(page)
    section = page.findChild(EncryptionSettings)
    assert section is not None
    page.show()
    assert "nicht verschlüsselt" in section.status_label.text()
    assert section.encrypt_button.isVisible() and not section.decrypt_button.isVisible()

    dialog = section.ask(ENCRYPT)
    dialog.new_fields.passphrase_edit.setText(PASSPHRASE)
    dialog.new_fields.repeat_edit.setText(PASSPHRASE)
    dialog.accept()
    assert dialog.isVisible()  # the "no back door" confirmation is missing
    assert "notiert" in dialog.ui.message.text()
    dialog.understood_check.setChecked(True)
    dialog.accept()
    qtbot.waitUntil(lambda: store.encrypted and section.operation is None, timeout=60_000)
    assert "ist verschlüsselt" in section.status_label.text()
    assert section.change_button.isVisible() and section.decrypt_button.isVisible()

    dialog = section.ask(CHANGE)
    dialog.current_edit.setText("nicht die richtige")
    dialog.new_fields.passphrase_edit.setText(OTHER)
    dialog.new_fields.repeat_edit.setText(OTHER)
    dialog.understood_check.setChecked(True)
    dialog.accept()
    assert "bisherige Passphrase ist falsch" in dialog.ui.current_message.text()
    dialog.current_edit.setText(PASSPHRASE)
    dialog.accept()
    qtbot.waitUntil(lambda: store.passphrase == OTHER and section.operation is None, timeout=60_000)
    assert "geändert" in section.status_label.text()

    dialog = section.ask(DECRYPT)
    dialog.current_edit.setText(OTHER)
    dialog.accept()
    qtbot.waitUntil(lambda: not store.encrypted and section.operation is None, timeout=60_000)
    assert not cipher.looks_encrypted(store.path)
    assert [v.given_name for v in volunteers.list_volunteers(store)] == ["Олена"]


def test_the_upgrade_of_an_encrypted_file_is_announced_and_runs_off_the_gui_thread(
    qtbot: QtBot,
    encrypted_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clock: list[float],
    upgrade_watch: UpgradeWatch,
) -> None:
    """The passphrase opens the file; an upgrade then takes minutes at 100,000 volunteers, and the
    office sees the same notice as for a plain file instead of a frozen dialog."""
    from alembic import command

    from lotsen_desktop.store import database

    engine = database.create_sqlite_engine(encrypted_path, PASSPHRASE)
    with engine.begin() as connection:
        command.downgrade(database._alembic_config(connection), "0019")
    engine.dispose()

    def answer(dialog: PassphraseDialog) -> int:
        dialog.passphrase_edit.setText(OTHER)
        dialog.accept()  # a wrong passphrase from the thread is shown in the dialog
        assert dialog.message.text().startswith("Falsche Passphrase")
        clock[0] += 1
        dialog.passphrase_edit.setText(PASSPHRASE)
        dialog.accept()
        return 1

    monkeypatch.setattr(PassphraseDialog, "exec", answer)
    store = gui_app._open_store(str(encrypted_path))
    assert store is not None and store.encrypted
    try:
        assert database.current_revision(store.engine) == database.head_revision()
        assert [v.family_name for v in volunteers.list_volunteers(store)] == ["Şahin"]
    finally:
        store.close()
    assert len(upgrade_watch.shown) == 1
    assert upgrade_watch.shown[0].startswith("Lotsen Desktop bringt die Datenbank")
    assert upgrade_watch.upgraded_off_the_gui_thread()
