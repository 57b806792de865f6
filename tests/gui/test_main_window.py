"""The main window: every page opens, menus and shortcuts, refresh after a change, state kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QKeySequence, QScreen
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from lotsen_desktop.gui.main_window import MainWindow
from lotsen_desktop.gui.pages.certificates_page import CertificatesPage
from lotsen_desktop.gui.pages.courses_page import CoursesPage
from lotsen_desktop.gui.pages.exchange_page import ExchangePage
from lotsen_desktop.gui.pages.mentoring.page import MentoringPage
from lotsen_desktop.gui.pages.reports_page import ReportsPage
from lotsen_desktop.gui.pages.settings_page import SettingsPage
from lotsen_desktop.gui.pages.volunteers_page import VolunteersPage
from lotsen_desktop.store.database import Store
from tests.gui.conftest import wait_loaded


def _window(qtbot: QtBot, store: Store) -> MainWindow:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_main_window_opens_every_page(qtbot: QtBot, office: Store) -> None:
    window = _window(qtbot, office)
    expected = [
        VolunteersPage,
        CoursesPage,
        MentoringPage,
        CertificatesPage,
        ReportsPage,
        ExchangePage,
        SettingsPage,
    ]
    assert window.navigation.count() == len(expected)
    assert [window.navigation.item(i).text() for i in range(7)] == [
        "Lotsinnen & Lotsen",
        "Kurse & Anwesenheit",
        "Begleitung",
        "Zertifikate",
        "Berichte",
        "Austausch",
        "Einstellungen",
    ]
    for row, page_class in enumerate(expected):
        window.navigation.setCurrentRow(row)
        page = window.current_page()
        assert page is not None and window.stack.currentWidget() is page
        assert page.isVisible()
        assert type(page) is page_class  # the real page, never a stand-in for one that failed
        assert page.page_title()
    assert window.windowTitle() == "Lotsen Desktop – VHS Musterstadt"


def test_menus_and_shortcuts(qtbot: QtBot, office: Store) -> None:
    window = _window(qtbot, office)
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["&Datei", "&Gehe zu", "&Hilfe"]
    assert window.new_action.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert window.search_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert window.save_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)
    assert window.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert window.refresh_action.shortcut() == QKeySequence("F5")
    assert [a.shortcut().toString() for a in window.goto_actions] == [
        f"Ctrl+{n}" for n in range(1, 8)
    ]
    for action in (*window.file_menu.actions(), *window.help_menu.actions()):
        assert action.isSeparator() or action.toolTip()

    window.show_page("settings")
    assert not window.save_action.isEnabled()  # nothing to save yet
    window.goto_actions[0].trigger()
    assert window.current_key() == "volunteers"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # focus goes only to a widget of the active window
    search_edit = window.page("volunteers").search_edit
    window.navigation.setFocus()
    assert not search_edit.hasFocus()
    window.search_action.trigger()
    assert search_edit.hasFocus()


def test_search_from_another_page_goes_to_the_volunteer_list(qtbot: QtBot, office: Store) -> None:
    window = _window(qtbot, office)
    window.show_page("settings")
    window.search_action.trigger()
    assert window.current_key() == "volunteers"


def test_a_change_of_the_office_renames_the_window(qtbot: QtBot, office: Store) -> None:
    from lotsen_desktop.services import setup

    window = _window(qtbot, office)
    setup.update_office(office, name="Büro Celle")
    qtbot.waitUntil(lambda: window.windowTitle() == "Lotsen Desktop – Büro Celle")


def test_unsaved_settings_keep_the_user_on_the_page(
    qtbot: QtBot, office: Store, message_boxes
) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, office)
    window.show_page("settings")
    settings_page = window.page("settings")
    wait_loaded(settings_page)
    settings_page.place_edit.setText("Celle")
    assert window.save_action.isEnabled()

    message_boxes.answer = QMessageBox.StandardButton.Cancel
    window.navigation.setCurrentRow(0)
    assert window.current_key() == "settings"
    assert window.navigation.currentRow() == 6
    assert "ungespeicherte Änderungen" in message_boxes.asked[-1]

    message_boxes.answer = QMessageBox.StandardButton.Cancel
    window.close()
    assert window.isVisible()  # closing is refused too

    message_boxes.answer = QMessageBox.StandardButton.Save
    window.navigation.setCurrentRow(0)
    assert window.current_key() == "volunteers"
    from lotsen_desktop.services import setup

    assert setup.get_office(office).place == "Celle"


def test_geometry_and_last_page_are_remembered(qtbot: QtBot, office: Store) -> None:
    window = _window(qtbot, office)
    window.showNormal()
    window.resize(1100, 700)
    window.show_page("mentoring")
    window.close()
    again = _window(qtbot, office)
    assert again.current_key() == "mentoring"
    assert again.navigation.currentRow() == 2
    assert office.local_setting("window_geometry")
    assert again.height() == 700  # the offscreen screen is narrow: restoring clamps the width
    assert not again.isMaximized()


def test_first_start_fills_a_laptop_screen(
    qtbot: QtBot, office: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1280x760 plus title bar and task bar is taller than a 1366x768 laptop."""
    laptop = QRect(0, 0, 1366, 728)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: laptop)
    assert not office.local_setting("window_geometry")
    window = MainWindow(office)
    qtbot.addWidget(window)
    assert window.windowState() & Qt.WindowState.WindowMaximized
    window.show()
    window.showNormal()  # what the user gets when un-maximising: still fits
    assert window.height() + 30 <= laptop.height()
    assert window.width() <= laptop.width()


def test_status_bar_shows_database_and_backup(qtbot: QtBot, office: Store) -> None:
    window = _window(qtbot, office)
    assert str(office.path) in window.database_label.text()
    assert window.backup_label.text() == "Letzte Sicherung: noch keine"
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: "noch keine" not in window.backup_label.text(), timeout=5000)
    assert window.backup_label.text().startswith("Letzte Sicherung: ")
    assert list(Path(office.path.parent, "backups").glob("*-manuell.sqlite"))


def test_new_volunteer_shortcut_opens_an_empty_file(
    qtbot: QtBot, office: Store, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from lotsen_desktop.gui.dialogs.volunteer_file import VolunteerFormDialog

    opened: list[VolunteerFormDialog] = []
    monkeypatch.setattr(VolunteerFormDialog, "exec", lambda self: opened.append(self) or 0)
    window = _window(qtbot, office)
    window.show_page("settings")
    window.new_action.trigger()
    assert window.current_key() == "volunteers"
    assert len(opened) == 1 and opened[0].volunteer_id is None
    assert opened[0].windowTitle() == "Neue Lotsin / neuer Lotse"


def test_switching_the_language_rebuilds_the_window(qtbot: QtBot, office: Store) -> None:
    window = _window(qtbot, office)
    window.show_page("settings")
    window.switch_language("en")
    assert window.navigation.item(0).text() == "Volunteers"
    assert window.current_key() == "settings"
    assert window.page("settings").page_title() == "Settings"
    assert office.local_setting("language") == "en"
    window.switch_language("de")
    assert window.navigation.item(0).text() == "Lotsinnen & Lotsen"
