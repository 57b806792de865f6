"""The window: PySide6 only; it calls services and never builds SQL."""
