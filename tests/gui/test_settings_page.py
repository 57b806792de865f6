"""Einstellungen: office profile, logo, rules and module catalogue saved together."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from lotsen_desktop.gui.models.module_table_model import ModuleTableModel
from lotsen_desktop.gui.pages.settings_page import SettingsPage
from lotsen_desktop.services import modules, setup
from lotsen_desktop.store.database import Changes, Store
from tests.gui.conftest import wait_loaded


def test_settings_are_saved_together(qtbot: QtBot, office: Store, tmp_path: Path) -> None:
    page = SettingsPage(office)
    qtbot.addWidget(page)
    wait_loaded(page)
    changes: list[Changes] = []
    page.changes.committed.connect(changes.append)
    assert page.name_edit.text() == "VHS Musterstadt"
    assert not page.save_button.isEnabled()

    page.signatory_edit.setText("Dr. Maria Beispiel")
    page.role_edit.setText("Koordinatorin")
    page.prefix_edit.setText("HI")
    page.unit_combo.setCurrentIndex(page.unit_combo.findData(60))
    page.threshold_spin.setValue(75)
    page.special_spin.setValue(1)
    logo = tmp_path / "logo.png"
    image = QImage(120, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("#1f5fa8"))
    assert image.save(str(logo))
    assert page.set_logo_file(str(logo))
    basis = page.module_model.index(0, ModuleTableModel.HOURS)
    assert page.module_model.setData(basis, 30)
    assert page.save_button.isEnabled() and page.is_dirty()

    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    office_settings = setup.get_office(office)
    assert office_settings.signatory_name == "Dr. Maria Beispiel"
    assert office_settings.certificate_prefix == "HI"
    assert office_settings.unit_minutes == 60
    assert office_settings.threshold_percent == 75
    assert office_settings.specialisations_required == 1
    assert office_settings.logo == logo.read_bytes()
    basis_module = next(m for m in modules.list_modules(office) if m.code == "BASIS")
    assert basis_module.hours == 30
    qtbot.waitUntil(lambda: bool(changes))
    assert all(c.initiator is page for c in changes)
    assert {"office", "module"} <= set().union(*(c.tables for c in changes))
    assert not page.is_dirty() and not page.save_button.isEnabled()

    page.remove_logo()
    assert page.save()
    assert setup.get_office(office).logo is None


def test_wrong_input_is_refused(qtbot: QtBot, office: Store, tmp_path: Path) -> None:
    page = SettingsPage(office)
    qtbot.addWidget(page)
    wait_loaded(page)
    not_an_image = tmp_path / "brief.txt"
    not_an_image.write_text("Hallo")
    assert not page.set_logo_file(str(not_an_image))
    assert page.logo_message.text() == "Die Datei ist kein Bild, das Lotsen Desktop lesen kann."
    assert not page.set_logo_file(str(tmp_path / "fehlt.png"))
    page.name_edit.setText("  ")
    assert not page.save()
    assert page.name_message.text() == "Bitte geben Sie den Namen des Trägers ein."
    assert setup.get_office(office).name == "VHS Musterstadt"


def test_discard_and_the_unsaved_changes_guard(qtbot: QtBot, office: Store, message_boxes) -> None:  # type: ignore[no-untyped-def]
    page = SettingsPage(office)
    qtbot.addWidget(page)
    wait_loaded(page)
    page.place_edit.setText("Celle")
    message_boxes.answer = QMessageBox.StandardButton.Cancel
    assert not page.can_leave()
    message_boxes.answer = QMessageBox.StandardButton.Discard
    assert page.can_leave()
    assert page.place_edit.text() == "Musterstadt"
    page.place_edit.setText("Celle")
    qtbot.mouseClick(page.revert_button, Qt.MouseButton.LeftButton)
    assert page.place_edit.text() == "Musterstadt" and not page.is_dirty()


def test_choosing_another_language_asks_the_window_to_switch(qtbot: QtBot, office: Store) -> None:
    page = SettingsPage(office)
    qtbot.addWidget(page)
    wait_loaded(page)
    switched: list[str] = []
    page.language_changed.connect(switched.append)
    page.language_combo.setCurrentIndex(page.language_combo.findData("en"))
    assert page.is_dirty()
    assert page.save()
    assert switched == ["en"]


def test_compact_database_runs_in_the_background(
    qtbot: QtBot, office: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lotsen_desktop.gui.operations import Operation

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args, **_kw: shown.append(args[2]))
    page = SettingsPage(office)
    qtbot.addWidget(page)
    assert "MB" in page.database_size.text()
    operation = page.start_vacuum()
    assert not page.vacuum_button.isEnabled()  # the page stays usable, the button waits
    # its own operation: an earlier test's page closed while loading leaves a dead one behind
    qtbot.waitUntil(lambda: operation not in Operation._running, timeout=30000)
    assert page.vacuum_button.isEnabled()
    assert shown and "MB" in shown[0]
