"""Dialogs of the main window: first start, volunteer file, course and mentoring dialogs."""
