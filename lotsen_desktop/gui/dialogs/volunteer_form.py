"""The volunteer file's dialog under its old import path; it lives in ``volunteer_file``."""

from lotsen_desktop.gui.dialogs.volunteer_file.dialog import VOLUNTEER_TABLES, VolunteerFormDialog

__all__ = ["VOLUNTEER_TABLES", "VolunteerFormDialog"]
