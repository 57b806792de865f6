"""Modules generated from the Qt Designer forms in ``ui/`` by ``ui/compile.py``.

Each ``<name>_ui.py`` holds a ``Ui_<Class>`` with ``setupUi(widget)``; the widget class in
``gui/`` that uses it adds behaviour and data. Never edit these by hand.
"""
