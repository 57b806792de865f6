"""The pages of the main window, in navigation order.

Each entry imports its page class in a small function of its own, called when the page is first
shown: the window starts without loading the other pages (and what they need, like ReportLab),
while mypy and the tests still see every import, so a broken page fails loudly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from lotsen_desktop.gui.pages.base import Page
from lotsen_desktop.i18n import N_, _
from lotsen_desktop.store.database import Store


def _volunteers() -> type[Page]:
    from lotsen_desktop.gui.pages.volunteers_page import VolunteersPage

    return VolunteersPage


def _courses() -> type[Page]:
    from lotsen_desktop.gui.pages.courses_page import CoursesPage

    return CoursesPage


def _mentoring() -> type[Page]:
    from lotsen_desktop.gui.pages.mentoring.page import MentoringPage

    return MentoringPage


def _certificates() -> type[Page]:
    from lotsen_desktop.gui.pages.certificates_page import CertificatesPage

    return CertificatesPage


def _reports() -> type[Page]:
    from lotsen_desktop.gui.pages.reports_page import ReportsPage

    return ReportsPage


def _exchange() -> type[Page]:
    from lotsen_desktop.gui.pages.exchange_page import ExchangePage

    return ExchangePage


def _settings() -> type[Page]:
    from lotsen_desktop.gui.pages.settings_page import SettingsPage

    return SettingsPage


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # N_() marked; translate with _() when shown
    icon: str
    page_class: Callable[[], type[Page]]
    tooltip: str = ""


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "volunteers",
        N_("Volunteers"),
        "volunteers",
        _volunteers,
        N_("List, search and open volunteer files"),
    ),
    PageSpec(
        "courses",
        N_("Courses & attendance"),
        "courses",
        _courses,
        N_("Plan courses and record attendance"),
    ),
    PageSpec(
        "mentoring",
        N_("Mentoring"),
        "mentoring",
        _mentoring,
        N_("Requests, assignments and log entries"),
    ),
    PageSpec(
        "certificates",
        N_("Certificates"),
        "certificates",
        _certificates,
        N_("Issue and reprint certificates"),
    ),
    PageSpec(
        "reports",
        N_("Reports"),
        "reports",
        _reports,
        N_("Reports for the funding body"),
    ),
    PageSpec(
        "exchange",
        N_("Exchange"),
        "exchange",
        _exchange,
        N_("Exchange data with other computers"),
    ),
    PageSpec(
        "settings",
        N_("Settings"),
        "settings",
        _settings,
        N_("Office profile, rules, module catalogue and language"),
    ),
)


def spec(key: str) -> PageSpec:
    for entry in PAGES:
        if entry.key == key:
            return entry
    raise KeyError(key)


def create_page(entry: PageSpec, store: Store, parent: QWidget | None = None) -> Page:
    """Build the page for ``entry`` (imports its module on first use)."""
    return entry.page_class()(store, parent)


def title(entry: PageSpec) -> str:
    return _(entry.title)
