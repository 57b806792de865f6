"""First start and program start: the welcome dialog creates the office profile; errors opening
the database are shown clearly and end the program with a non-zero code."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sync_helpers import PASS, full_export, replica
from upgrade_watch import UpgradeWatch

from lotsen_desktop.gui import app as gui_app
from lotsen_desktop.gui.dialogs.welcome import DEMO_VOLUNTEERS, WelcomeDialog
from lotsen_desktop.gui.main_window import MainWindow
from lotsen_desktop.services import setup, volunteers
from lotsen_desktop.store.database import Store
from lotsen_desktop.sync import conflicts
from lotsen_desktop.tasks import Cancelled


def test_first_start_dialog_creates_the_office_profile(qtbot: QtBot, store: Store) -> None:
    assert not setup.get_office(store).is_configured
    dialog = WelcomeDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Willkommen bei Lotsen Desktop"
    assert dialog.empty_radio.isChecked() and dialog.ui.start.isVisible()
    assert dialog.held_label is None

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # name missing
    assert dialog.isVisible()
    assert dialog.name_message.text() == "Bitte geben Sie den Namen des Trägers ein."
    assert not setup.get_office(store).is_configured

    qtbot.keyClicks(dialog.name_edit, "Caritasverband Hildesheim")
    qtbot.keyClicks(dialog.place_edit, "Hildesheim")
    qtbot.keyClicks(dialog.signatory_edit, "Dr. Maria Beispiel")
    qtbot.keyClicks(dialog.role_edit, "Koordinatorin")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    office = setup.get_office(store)
    assert office.is_configured
    assert (office.name, office.place, office.signatory_name, office.signatory_role) == (
        "Caritasverband Hildesheim",
        "Hildesheim",
        "Dr. Maria Beispiel",
        "Koordinatorin",
    )
    assert volunteers.count_volunteers(store) == 0


def test_a_database_that_holds_people_is_only_asked_for_the_profile(
    qtbot: QtBot, store: Store
) -> None:
    """Work begun after "Later" (or data received) met "start with an empty database" and
    "demo data", which then refused after saving the name."""
    for given in ("İlkay", "Łukasz"):
        volunteers.add_volunteer(store, given_name=given, family_name="Şahin")
    dialog = WelcomeDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ui.start.isVisible() and dialog.connection is None
    assert dialog.held_label is not None and dialog.held_label.isVisible()
    assert dialog.held_label.text().startswith("Diese Datenbank enthält bereits 2 Lotsinnen")
    dialog.name_edit.setText("VHS Hannover")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.demo_filled
    assert setup.get_office(store).name == "VHS Hannover"
    assert volunteers.count_volunteers(store) == 2


def test_first_start_with_demo_data_runs_in_the_background(qtbot: QtBot, store: Store) -> None:
    dialog = WelcomeDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("VHS Demo")
    dialog.demo_radio.setChecked(True)
    dialog.accept()
    assert not dialog.ok_button.isEnabled()  # working; the window stays responsive
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=60_000)
    assert dialog.demo_filled
    assert volunteers.count_volunteers(store) == DEMO_VOLUNTEERS


def test_open_window_shows_the_welcome_dialog_only_when_needed(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[WelcomeDialog] = []
    monkeypatch.setattr(WelcomeDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    window = gui_app.open_window(store)
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow) and len(shown) == 1
    setup.update_office(store, name="VHS")
    qtbot.addWidget(gui_app.open_window(store))
    assert len(shown) == 1


def test_a_damaged_database_gives_a_clear_message_and_exit_code(
    tmp_path: Path, message_boxes
) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "kaputt.sqlite"
    broken.write_bytes(b"this is no database at all" * 10)
    assert gui_app.run(str(broken), None) == 4
    assert message_boxes.asked[-1].startswith("Die Datenbank kann nicht geöffnet werden.")


def test_run_opens_the_window_in_the_chosen_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "office.sqlite"
    shown: list[str] = []

    def fake_exec() -> int:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                shown.append(widget.navigation.item(0).text())
                widget.close()
        return 0

    monkeypatch.setattr(WelcomeDialog, "exec", lambda dialog: 0)
    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert gui_app.run(str(db), None) == 0
    assert gui_app.run(str(db), "en") == 0
    assert shown == ["Lotsinnen & Lotsen", "Volunteers"]


def test_cancelling_demo_data_keeps_the_dialog_open(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch, message_boxes
) -> None:  # type: ignore[no-untyped-def]
    from lotsen_desktop.services import demo

    def cancelled(_store: Store, **kwargs: object) -> None:
        progress = kwargs["progress"]
        assert callable(progress)
        progress(1, 10)
        raise Cancelled("Abgebrochen. Es wurde nichts geschrieben.")

    monkeypatch.setattr(demo, "fill_demo", cancelled)
    dialog = WelcomeDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("VHS Demo")
    dialog.demo_radio.setChecked(True)
    dialog.accept()
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=10_000)
    assert dialog.isVisible() and not dialog.demo_filled
    assert message_boxes.asked[-1] == "Abgebrochen. Es wurde nichts geschrieben."


def test_error_under_the_name_goes_when_the_name_is_typed(qtbot: QtBot, store: Store) -> None:
    dialog = WelcomeDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.name_message.isVisible()
    qtbot.keyClicks(dialog.name_edit, "V")
    assert not dialog.name_message.isVisible()


def test_second_computer_takes_the_office_profile_from_the_exchange_file(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    """A new laptop must not write its own Träger name: it would be newer than the office's
    and win the merge, sending „VHS Göttingen“ to the conflict list."""
    office = replica(tmp_path, "Büro")
    setup.update_office(office, name="VHS Göttingen", place="Göttingen")
    volunteers.add_volunteer(office, given_name="İlkay", family_name="Şahin")
    path = full_export(office, tmp_path / "büro.lotsen")
    office.close()

    dialog = WelcomeDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.import_radio.text() == (
        "Daten von einem anderen &Rechner übernehmen (Austauschdatei)"
    )
    dialog.import_radio.setChecked(True)
    assert not dialog.profile.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no name needed
    wizard = dialog.import_wizard
    assert wizard is not None and wizard.isVisible()
    assert dialog.name_message.text() == ""
    assert not setup.get_office(store).is_configured  # nothing written before confirming
    wizard.open_page.path.setText(str(path))
    wizard.open_page.passphrase.setText(PASS)
    wizard.next()
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=20_000)
    wizard.accept()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=20_000)
    assert dialog.imported is not None
    assert "1 Änderung an den Angaben zum Träger" in dialog.imported.text  # not Dienststelle
    assert setup.get_office(store).name == "VHS Göttingen"
    assert conflicts.list_conflicts(store) == []
    assert volunteers.count_volunteers(store) == 1


def test_taking_over_a_file_without_office_profile_asks_for_the_name(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    other = replica(tmp_path, "Laptop")  # never got an office profile
    volunteers.add_volunteer(other, given_name="Łukasz", family_name="Nowak")
    path = full_export(other, tmp_path / "laptop.lotsen")
    other.close()
    dialog = WelcomeDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.import_radio.setChecked(True)
    wizard = dialog.open_import()
    wizard.open_page.path.setText(str(path))
    wizard.open_page.passphrase.setText(PASS)
    wizard.next()
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=20_000)
    wizard.accept()
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=20_000)
    assert dialog.isVisible() and dialog.empty_radio.isChecked()
    assert dialog.name_message.isVisible()
    assert volunteers.count_volunteers(store) == 1


def test_the_upgrade_of_a_file_is_announced_and_runs_off_the_gui_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, upgrade_watch: UpgradeWatch
) -> None:
    """At 100,000 volunteers the backup and upgrade take minutes: without a word the program
    would look as if it had not started."""
    from alembic import command
    from db_template import migrated_copy

    from lotsen_desktop.store import database

    db = migrated_copy(tmp_path / "office.sqlite")
    engine = database.create_sqlite_engine(db)
    with engine.begin() as connection:
        command.downgrade(database._alembic_config(connection), "0019")
    engine.dispose()

    def fake_exec() -> int:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                widget.close()
        return 0

    monkeypatch.setattr(WelcomeDialog, "exec", lambda dialog: 0)
    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert gui_app.run(str(db), None) == 0
    assert upgrade_watch.shown == [
        "Lotsen Desktop bringt die Datenbank auf den Stand dieser Version; vorher wird eine "
        "Sicherung angelegt. Bei vielen Einträgen dauert das einige Minuten. Bitte den Computer "
        "nicht ausschalten."
    ]
    assert upgrade_watch.upgraded_off_the_gui_thread()
    assert gui_app.run(str(db), None) == 0  # up to date: no notice
    assert len(upgrade_watch.shown) == 1
