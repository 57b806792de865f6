"""Pages and dialogs built from Designer forms: the form's texts translate and follow a language
switch, the widgets the code works with are the form's, and tables sit inside the form."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from lotsen_desktop.gui.dialogs.welcome import WelcomeDialog
from lotsen_desktop.gui.operations import Operation
from lotsen_desktop.gui.pages.certificates_page import CertificatesPage
from lotsen_desktop.gui.pages.exchange_page import ExchangePage
from lotsen_desktop.gui.pages.reports_page import ReportsPage
from lotsen_desktop.gui.pages.settings_page import SettingsPage
from lotsen_desktop.i18n import set_language
from lotsen_desktop.store.database import Store
from tests.gui.conftest import wait_loaded


def wait_idle(qtbot: QtBot) -> None:
    """Until every live operation ended (one whose page an earlier test closed never does)."""
    qtbot.waitUntil(
        lambda: not any(shiboken6.isValid(op) for op in Operation._running), timeout=20000
    )


@pytest.fixture
def english_after() -> Iterator[None]:
    yield
    set_language("de")


def test_welcome_dialog_from_its_form_is_german_and_keeps_the_office_profile(
    qtbot: QtBot, office: Store
) -> None:
    dialog = WelcomeDialog(office)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Willkommen bei Lotsen Desktop"
    assert dialog.name_edit is dialog.ui.name_edit
    assert dialog.name_edit.text() == "VHS Musterstadt"
    assert dialog.ui.name_label.buddy() is dialog.name_edit
    assert dialog.empty_radio.isChecked()
    dialog.demo_radio.setChecked(True)
    assert not dialog.empty_radio.isChecked()  # one group: the form's button group
    assert "300" in dialog.demo_radio.text()


def test_settings_form_fields_are_the_pages_and_the_unit_combo_is_not_squeezed(
    qtbot: QtBot, office: Store
) -> None:
    page = SettingsPage(office)
    qtbot.addWidget(page)
    wait_loaded(page)
    assert page.save_button is page.ui.save_button
    assert page.ui.heading.text() == "Einstellungen"
    assert page.module_view.model() is page.module_model
    assert page.unit_combo.count() == 2
    assert page.unit_combo.minimumWidth() >= page.unit_combo.sizeHint().width()
    assert page.threshold_spin.suffix() == " %"


@pytest.mark.parametrize(
    ("page_class", "button", "tables"),
    [
        (CertificatesPage, "verify_button", 2),
        (ReportsPage, "compute_button", 0),
        (ExchangePage, "export_button", 4),
    ],
)
def test_page_skeleton_retranslates_and_holds_its_tables(
    qtbot: QtBot, office: Store, page_class: type, button: str, tables: int, english_after: None
) -> None:
    page = page_class(office)
    qtbot.addWidget(page)
    wait_idle(qtbot)  # the exchange page's digest
    wait_loaded(page)
    assert getattr(page, button) is getattr(page.ui, button)
    german = getattr(page, button).text()
    set_language("en")
    page.retranslate()
    english = getattr(page, button).text()
    assert english != german
    set_language("de")
    page.retranslate()
    assert getattr(page, button).text() == german
    views = [view for view in page.findChildren(QTableView) if view.isVisibleTo(page)]
    assert len(page.findChildren(QTableView)) >= tables
    assert all(page.ui.tabs.isAncestorOf(view) for view in views)
    wait_idle(qtbot)
    wait_loaded(page)
