"""The volunteer file: one widget per tab (``person`` … ``history``), coordinated by ``dialog``."""

from lotsen_desktop.gui.dialogs.volunteer_file.dialog import VolunteerFormDialog

__all__ = ["VolunteerFormDialog"]
