"""Backups in the window: the restore dialog (list, preview, restore, store reopened), the
settings section, and the offer of a backup when the database is damaged at start."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from lotsen_desktop.domain.backups import BackupReason
from lotsen_desktop.gui import app
from lotsen_desktop.gui.dialogs import restore_dialog
from lotsen_desktop.gui.dialogs.restore_dialog import RestoreDialog
from lotsen_desktop.gui.main_window import MainWindow
from lotsen_desktop.gui.pages.settings_page import SettingsPage
from lotsen_desktop.gui.views.backup_settings import BackupSettings
from lotsen_desktop.services import volunteers
from lotsen_desktop.store import backup
from lotsen_desktop.store.database import Store
from lotsen_desktop.sync.capture import site_id
from tests.gui.conftest import wait_loaded


def _names(store: Store) -> list[str]:
    return sorted(v.family_name for v in volunteers.list_volunteers(store))


@pytest.fixture
def two_backups(office: Store) -> tuple[Path, Path]:
    volunteers.add_volunteer(office, given_name="İlkay", family_name="Şahin")
    older = backup.backup_database(office, BackupReason.START, now=datetime(2026, 11, 2, 8, 5))
    volunteers.add_volunteer(office, given_name="Олена", family_name="Шевченко")
    newer = backup.backup_database(office, BackupReason.MANUAL, now=datetime(2026, 11, 3, 17, 40))
    volunteers.add_volunteer(office, given_name="Nguyễn Thị", family_name="Ánh")
    return older.path, newer.path


def _yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *args: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    return asked


def test_dialog_lists_backups_and_previews_the_counts(
    qtbot: QtBot, office: Store, two_backups: tuple[Path, Path], tmp_path: Path
) -> None:
    dialog = RestoreDialog(office)
    qtbot.addWidget(dialog)
    model = dialog.model
    assert model.rowCount() == 2
    assert [model.index(0, c).data() for c in range(3)][:2] == ["03.11.2026 17:40", "Manuell"]
    assert model.index(1, 1).data() == "Beim Start"
    assert model.index(0, 2).data().endswith(" MB")
    assert not dialog.damaged_label.isVisible()
    assert dialog.values["volunteers"].text() == "2"
    assert dialog.values["courses"].text() == "0"
    assert dialog.ui.file_label.toolTip() == str(two_backups[1])
    dialog.table.selectRow(1)
    assert dialog.values["volunteers"].text() == "1"
    assert dialog.ok_button().isEnabled()
    not_a_backup = tmp_path / "notiz.sqlite"
    not_a_backup.write_text("keine Datenbank", encoding="utf-8")
    dialog.show_preview(not_a_backup)
    assert "beschädigt" in dialog.ui.problem_label.text()
    assert not dialog.ok_button().isEnabled()


def test_restore_from_the_window_reopens_the_store(
    qtbot: QtBot, office: Store, two_backups: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(office)
    qtbot.addWidget(window)
    window.show()
    old_site = site_id(office)
    asked = _yes(monkeypatch)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))

    def choose_older(dialog: RestoreDialog) -> int:
        dialog.table.selectRow(1)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(RestoreDialog, "exec", choose_older)
    assert window.restore_from_backup()
    try:
        assert asked and two_backups[0].name in asked[0]
        assert window.store is not office
        assert _names(window.store) == ["Şahin"]
        assert site_id(window.store) != old_site
        assert told and "neue Kennung" in told[0]
        kept = [b for b in backup.list_backups(window.store) if b.reason == "vor-wiederherstellung"]
        assert len(kept) == 1
        page = window.current_page()
        assert page is not None and page.store is window.store
        window.show_page("settings")
        wait_loaded(window.current_page())
    finally:
        window.store.close()


def test_settings_section_backs_up_and_chooses_the_folder(
    qtbot: QtBot, office: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = SettingsPage(office)
    qtbot.addWidget(page)
    [section] = page.findChildren(BackupSettings)
    assert section.last_backup.text() == "Letzte Sicherung: noch keine"
    assert section.folder_edit.text() == str(office.path.parent / "backups")
    operation = section.back_up_now()
    qtbot.waitUntil(lambda: section.backup_button.isEnabled(), timeout=10000)
    assert operation is not None
    assert section.last_backup.text().startswith("Letzte Sicherung: ")
    assert "Sicherung geschrieben" in section.folder_message.text()

    section.set_folder(tmp_path / "fehlt")
    assert "existiert nicht" in section.folder_message.text()
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(
        "lotsen_desktop.gui.views.backup_settings.QFileDialog.getExistingDirectory",
        lambda *_args: str(stick),
    )
    section.ui.choose_button.click()
    assert section.folder_edit.text() == str(stick)
    assert backup.target_folder(office) == (stick, "")
    stick.rename(tmp_path / "abgezogen")
    section.refresh()
    assert "kann jetzt nicht verwendet werden" in section.folder_message.text()
    section.ui.default_button.click()
    assert backup.configured_folder(office) is None


def test_a_damaged_database_at_start_offers_the_newest_good_backup(
    qtbot: QtBot, office: Store, two_backups: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = office.path
    office.close()
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 30] = b"\x5a" * (4096 * 28)
    path.write_bytes(bytes(data))
    _yes(monkeypatch)
    monkeypatch.setattr(QMessageBox, "information", lambda *_args: None)
    shown: list[RestoreDialog] = []

    def accept_offer(dialog: RestoreDialog) -> int:
        shown.append(dialog)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(RestoreDialog, "exec", accept_offer)
    from lotsen_desktop.bootstrap import open_office_store
    from lotsen_desktop.errors import DatabaseDamaged

    with pytest.raises(DatabaseDamaged) as damaged:
        open_office_store(path).close()
    store = app._offer_restore(os.fspath(path), damaged.value)
    assert store is not None
    try:
        [dialog] = shown
        assert dialog.damaged_label.text().startswith("Die Datenbank kann nicht verwendet werden")
        assert dialog.ui.file_label.toolTip() == str(two_backups[1])
        assert _names(store) == ["Şahin", "Шевченко"]
    finally:
        store.close()


def test_restore_dialog_screenshot(
    qtbot: QtBot, office: Store, two_backups: tuple[Path, Path], tmp_path: Path
) -> None:
    dialog = RestoreDialog(office, damaged="Die Datei ist beschädigt.")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    target = Path(os.environ.get("LOTSEN_SHOT_DIR", tmp_path)) / "restore_dialog.png"
    assert dialog.grab().save(str(target))
    assert restore_dialog.restored_message(
        backup.RestoreResult(two_backups[0], None, {})
    ).startswith("Die Sicherung wurde wiederhergestellt.")


def test_a_damaged_copy_at_the_daily_backup_offers_a_restore(
    qtbot: QtBot, office: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(office)
    qtbot.addWidget(window)
    window.show()

    def damaged(_store: Store) -> None:
        raise backup.BackupDamaged("Die Sicherung hat die Prüfung nicht bestanden.")

    monkeypatch.setattr(backup, "backup_at_start", damaged)
    shown: list[str] = []

    def decline(dialog: RestoreDialog) -> int:
        shown.append(dialog.damaged_label.text())
        return 0

    monkeypatch.setattr(RestoreDialog, "exec", decline)
    window.start_daily_backup()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "Prüfung nicht bestanden" in shown[0]
    assert window.store is office


def test_the_daily_backup_at_start_is_written_once(qtbot: QtBot, office: Store) -> None:
    from sqlalchemy import func, select

    from lotsen_desktop.store.sync_tables import change_table
    from lotsen_desktop.sync import compact

    def log_size() -> int:
        with office.new_session() as session:
            return int(session.execute(select(func.count()).select_from(change_table)).scalar())

    assert log_size() > 0
    window = MainWindow(office)
    qtbot.addWidget(window)
    window.show()
    for _start in range(2):
        with qtbot.waitSignal(window.start_daily_backup().done, timeout=10000):
            pass
    assert "noch keine" not in window.backup_label.text()
    assert [b.reason for b in backup.list_backups(office)] == ["start"]
    # and the change log was compacted after it (no partners: all of it), once today
    assert log_size() == 0
    assert compact.compact_at_start(office) is None


def test_the_message_after_a_restore_names_who_is_back(tmp_path: Path) -> None:
    result = backup.RestoreResult(tmp_path / "b.sqlite", None, {}, deleted_since=("v-1", "v-2"))
    text = restore_dialog.restored_message(result)
    assert "2 Lotsinnen und Lotsen, nach dieser Sicherung gelöscht, sind wieder da" in text
    assert "v-1, v-2" in text and "neue Kennung" in text
