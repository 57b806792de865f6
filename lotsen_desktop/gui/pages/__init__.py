"""The main window's pages; each is a ``Page`` (see ``base.py``)."""
