"""The pages of the main window, in navigation order.

Each entry names the module and class that implement it. A page whose module is not there yet
(another part of the program brings it) is shown as a ``PlaceholderPage`` that says so.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import logging
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from lotsen_desktop.gui.pages.base import Page
from lotsen_desktop.gui.pages.placeholder import PlaceholderPage
from lotsen_desktop.i18n import N_, _
from lotsen_desktop.store.database import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # N_() marked; translate with _() when shown
    icon: str
    module: str
    class_name: str
    description: str  # what the page is for, shown while it is a placeholder
    tooltip: str = ""


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "volunteers",
        N_("Volunteers"),
        "volunteers",
        "lotsen_desktop.gui.pages.volunteers_page",
        "VolunteersPage",
        N_("The files of all Integrationslotsinnen and Integrationslotsen."),
        N_("List, search and open volunteer files"),
    ),
    PageSpec(
        "courses",
        N_("Courses & attendance"),
        "courses",
        "lotsen_desktop.gui.pages.courses_page",
        "CoursesPage",
        N_("Courses with their sessions, participants and the attendance grid."),
        N_("Plan courses and record attendance"),
    ),
    PageSpec(
        "mentoring",
        N_("Mentoring"),
        "mentoring",
        "lotsen_desktop.gui.pages.mentoring_page",
        "MentoringPage",
        N_("Einsatzanfragen, assignments and the mentoring log."),
        N_("Requests, assignments and log entries"),
    ),
    PageSpec(
        "certificates",
        N_("Certificates"),
        "certificates",
        "lotsen_desktop.gui.pages.certificates_page",
        "CertificatesPage",
        N_("Certificates, participation certificates and activity records with their register."),
        N_("Issue and reprint certificates"),
    ),
    PageSpec(
        "reports",
        N_("Reports"),
        "reports",
        "lotsen_desktop.gui.pages.reports_page",
        "ReportsPage",
        N_("Figures and lists for the funding report and the office."),
        N_("Reports for the funding body"),
    ),
    PageSpec(
        "exchange",
        N_("Exchange"),
        "exchange",
        "lotsen_desktop.gui.pages.exchange_page",
        "ExchangePage",
        N_("Exchange of changes with other computers of the office."),
        N_("Exchange data with other computers"),
    ),
    PageSpec(
        "settings",
        N_("Settings"),
        "settings",
        "lotsen_desktop.gui.pages.settings_page",
        "SettingsPage",
        N_("Office profile, rules and module catalogue."),
        N_("Office profile, rules, module catalogue and language"),
    ),
)


def spec(key: str) -> PageSpec:
    for entry in PAGES:
        if entry.key == key:
            return entry
    raise KeyError(key)


def page_class(entry: PageSpec) -> type[Page] | None:
    """The page class of ``entry`` if its module exists, else ``None``."""
    try:
        if importlib.util.find_spec(entry.module) is None:
            return None
    except ModuleNotFoundError:
        return None
    try:
        module = importlib.import_module(entry.module)
    except ImportError as error:  # its part needs a service this version lacks
        log.warning("page %s cannot be loaded: %s", entry.key, error)
        return None
    found = getattr(module, entry.class_name, None)
    if inspect.isclass(found) and issubclass(found, Page):
        return found
    for _name, candidate in inspect.getmembers(module, inspect.isclass):
        if (
            issubclass(candidate, Page)
            and candidate is not Page
            and candidate.__module__ == module.__name__
        ):
            return candidate
    log.warning("module %s has no Page subclass", entry.module)
    return None


def create_page(entry: PageSpec, store: Store, parent: QWidget | None = None) -> Page:
    """Build the page for ``entry``; a placeholder if its part is not in this version."""
    cls = page_class(entry)
    if cls is None:
        return PlaceholderPage(store, entry.title, entry.description, parent)
    return cls(store, parent)


def is_available(entry: PageSpec) -> bool:
    return page_class(entry) is not None


def title(entry: PageSpec) -> str:
    return _(entry.title)
