"""The Berichte page: computes in the background, shows figures and charts, saves, masks."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget
from pytestqt.qtbot import QtBot

from lotsen_desktop.gui.operations import any_loading
from lotsen_desktop.gui.pages import registry
from lotsen_desktop.gui.pages.base import PageAction
from lotsen_desktop.gui.pages.reports_page import BarChartWidget, ReportsPage
from lotsen_desktop.services import reports
from lotsen_desktop.store.database import Store
from lotsen_desktop.tasks import Cancelled
from tests.report_fixtures import build_office


def _computed_page(qtbot: QtBot, store: Store) -> ReportsPage:
    page = ReportsPage(store)
    qtbot.addWidget(page)
    page.year.setValue(2025)  # sets 01.01.2025 – 31.12.2025 and computes
    qtbot.waitUntil(lambda: page.report is not None and not page.computing(), timeout=30000)
    return page


def _cell(page: ReportsPage, key: str, row: int, column: int) -> str:
    model = page.models[key]
    return str(model.data(model.index(row, column)))


def test_registry_builds_the_reports_page(qtbot: QtBot, store: Store) -> None:
    page = registry.create_page(registry.spec("reports"), store)
    qtbot.addWidget(page)
    assert isinstance(page, ReportsPage)


def test_page_computes_and_shows_the_figures(qtbot: QtBot, store: Store) -> None:
    build_office(store)
    page = _computed_page(qtbot, store)
    assert (page.date_from.text(), page.date_to.text()) == ("01.01.2025", "31.12.2025")
    assert _cell(page, "overview", 1, 0) == "Gehaltene Termine"
    assert page.report is not None and page.report.sessions >= 2
    courses = page.models["courses"]
    titles = [courses.data(courses.index(row, 0)) for row in range(courses.rowCount())]
    assert titles[0] == "Kurs A" and titles[-1] == "Gesamt" and "Kurs B" not in titles
    assert page.findChildren(BarChartWidget)
    assert PageAction.PRINT in page.supported_actions()
    assert page.pdf_button.isEnabled() and page.xlsx_button.isEnabled()
    assert not page.busy.isVisible()


def test_figures_computed_behind_another_page_are_built_when_shown(
    qtbot: QtBot, store: Store
) -> None:
    """Figures arriving while the user is on another page of the window do not build the
    report's tables there and then (on the GUI thread, under the page the user works on)."""
    build_office(store)
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    other, page = QWidget(), ReportsPage(store)
    stack.addWidget(other)
    stack.addWidget(page)
    stack.setCurrentWidget(other)
    stack.show()
    page.year.setValue(2025)  # computes in the background while covered
    qtbot.waitUntil(lambda: page.loader.waiting_to_be_shown("report"), timeout=30000)
    assert not any_loading()  # computed: it only waits
    assert page.report is None and page.models == {} and not page.findChildren(BarChartWidget)
    assert page.computing() and not page.pdf_button.isEnabled()
    stack.setCurrentWidget(page)
    qtbot.waitUntil(lambda: not page.computing(), timeout=5000)
    assert _cell(page, "overview", 1, 0) == "Gehaltene Termine"
    assert page.findChildren(BarChartWidget)
    assert not any_loading()  # shown, not computed again
    assert PageAction.PRINT in page.supported_actions() and page.pdf_button.isEnabled()


def test_a_newer_period_stops_the_running_computation(qtbot: QtBot, store: Store) -> None:
    """Asking again while figures are computed stops that computation; the newest period's
    figures are the ones shown."""
    build_office(store)
    page = ReportsPage(store)
    qtbot.addWidget(page)
    page.year.setValue(2024)
    first = page._stop
    page.year.setValue(2025)
    assert first is not None and first.is_set() and page._stop is not first
    qtbot.waitUntil(lambda: page.report is not None and not page.computing(), timeout=30000)
    assert page.report.period.start.year == 2025
    assert "01.01.2025" in page.status.text()


def test_cancel_stops_the_computation(qtbot: QtBot, store: Store) -> None:
    build_office(store)
    page = ReportsPage(store)
    qtbot.addWidget(page)
    page.year.setValue(2025)
    assert page.cancel_button.isVisibleTo(page)
    page.cancel()
    qtbot.waitUntil(lambda: not page.computing(), timeout=30000)
    # cancelled in time, or finished before the worker looked: either way not busy any more
    assert page.compute_button.isEnabled() and page.cancel_button.isHidden()
    assert ("Abgebrochen" in page.status.text()) != (page.report is not None)


def test_small_counts_follow_the_checkbox(qtbot: QtBot, store: Store) -> None:
    build_office(store)
    page = _computed_page(qtbot, store)
    page.mask_box.setChecked(True)
    assert _cell(page, "title_form", 1, 1) == "< 3"
    page.mask_box.setChecked(False)
    assert _cell(page, "title_form", 1, 1) == "1"
    assert store.local_setting(reports.MASK_SETTING) == "0"


def test_a_wrong_period_is_explained_not_computed(qtbot: QtBot, store: Store) -> None:
    page = ReportsPage(store)
    qtbot.addWidget(page)
    page.date_from.setText("01.06.2025")
    page.date_to.setText("01.01.2025")
    assert not page.load()
    assert "Zeitraum" in page.status.text()
    assert page.report is None and not page.pdf_button.isEnabled()


def test_save_as_xlsx_writes_the_workbook(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    build_office(store)
    page = _computed_page(qtbot, store)
    target = tmp_path / "bericht"
    page.save_as("xlsx", target)
    written = tmp_path / "bericht.xlsx"
    qtbot.waitUntil(written.exists, timeout=30000)
    qtbot.waitUntil(lambda: "bericht.xlsx" in page.status.text(), timeout=30000)
    assert load_workbook(written).sheetnames[0] == "Übersicht"
    labels = [label.text() for label in page.findChildren(QLabel)]
    assert "Personen nach Bezeichnung" in labels


def test_a_cancelled_computation_says_so(qtbot: QtBot, store: Store) -> None:
    page = ReportsPage(store)
    qtbot.addWidget(page)
    page._failed(Cancelled("Abgebrochen."))
    assert "Abgebrochen" in page.status.text()
    assert page.compute_button.isEnabled() and page.cancel_button.isHidden()


def test_showing_again_replaces_the_tables_and_charts(qtbot: QtBot, store: Store) -> None:
    build_office(store)
    page = _computed_page(qtbot, store)
    charts = len(page.findChildren(BarChartWidget))
    assert charts == 8  # status, title form, age, migration, areas (twice), kinds, months
    page.mask_box.toggle()
    page.retranslate()
    assert len(page.findChildren(BarChartWidget)) == charts
