"""Where the window's page registry finds the mentoring page; it lives in ``pages/mentoring/``."""

from lotsen_desktop.gui.pages.mentoring.page import MENTORING_TABLES, MentoringPage
from lotsen_desktop.gui.pages.mentoring.quick_entry import LAST_AREA, LAST_KIND, LAST_MINUTES

__all__ = ["LAST_AREA", "LAST_KIND", "LAST_MINUTES", "MENTORING_TABLES", "MentoringPage"]
