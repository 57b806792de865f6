"""Einstellungen › Briefpapier: choose, refuse, remove a background PDF; the sample certificate."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from certificate_fixtures import stationery_pdf
from pytestqt.qtbot import QtBot

from lotsen_desktop.gui.pages.certificates_page import ActivityPeriodDialog
from lotsen_desktop.gui.pages.settings_page import SettingsPage
from lotsen_desktop.gui.views.letterhead_settings import LetterheadSettings
from lotsen_desktop.services import setup
from lotsen_desktop.store.database import Store
from tests.gui.conftest import wait_loaded


def test_settings_page_has_the_letterhead_section(qtbot: QtBot, office: Store) -> None:
    page = SettingsPage(office)
    qtbot.addWidget(page)
    wait_loaded(page)
    sections = page.findChildren(LetterheadSettings)
    assert len(sections) == 1
    assert sections[0].title() == "Briefpapier für Dokumente"


def test_background_is_chosen_refused_and_removed(
    qtbot: QtBot, office: Store, tmp_path: Path
) -> None:
    widget = LetterheadSettings(office)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    assert "Kein Hintergrund-PDF" in widget.status.text()
    assert not widget.remove_button.isEnabled()

    two_pages = tmp_path / "zwei.pdf"
    two_pages.write_bytes(stationery_pdf(pages=2))
    assert not widget.set_background_file(str(two_pages))
    assert "genau eine Seite" in widget.message.text()
    assert setup.get_office(office).background_pdf is None

    good = tmp_path / "briefpapier.pdf"
    good.write_bytes(stationery_pdf())
    assert widget.set_background_file(str(good))
    assert widget.message.text() == ""
    assert setup.get_office(office).background_pdf == good.read_bytes()
    assert "ist hinterlegt" in widget.status.text() and widget.remove_button.isEnabled()

    widget.preview()
    assert widget.preview_dialog is not None
    widget.preview_dialog.close()

    widget.remove()
    assert setup.get_office(office).background_pdf is None
    assert not widget.remove_button.isEnabled()


def test_activity_period_defaults_to_the_start_of_the_work(qtbot: QtBot) -> None:
    started = date.today() - timedelta(days=75)
    dialog = ActivityPeriodDialog(started=started)
    qtbot.addWidget(dialog)
    assert dialog.start.date_value() == started
    assert dialog.end.date_value() == date.today()
