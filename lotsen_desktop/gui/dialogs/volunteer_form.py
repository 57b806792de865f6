"""The volunteer file moved to ``gui/dialogs/volunteer_file/``; this name stays for callers."""

from lotsen_desktop.gui.dialogs.volunteer_file.dialog import VolunteerFormDialog

__all__ = ["VolunteerFormDialog"]
