"""Dialogs of the window: first start, volunteer file."""
