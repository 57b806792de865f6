"""The window part of ``lotsen-desktop --self-test``: every page opens and the window closes."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

import PySide6
from PySide6.QtCore import QCoreApplication, QEventLoop, QThreadPool

from lotsen_desktop.errors import LotsenError
from lotsen_desktop.gui.operations import any_loading
from lotsen_desktop.gui.pages import registry
from lotsen_desktop.i18n import _, get_language
from lotsen_desktop.store.database import Store

#: A page still reading after this long counts as hung (the self-test database is tiny).
LOAD_TIMEOUT_S = 120.0


def _settle(deadline: float) -> None:
    for _round in range(3):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    while any_loading():
        if time.monotonic() > deadline:
            raise LotsenError(_("A page did not finish loading."))
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


_GIVEN_BACK: list[None] = []
"""References to ``None`` that a faulty binding took while it was measured, given back."""


def lost_references_to_none(call: Callable[[], object], calls: int = 200) -> int:
    """How many references to ``None`` ``calls`` calls of a Qt method lose: 0 on a sound binding.

    PySide6 6.12.0 on Python 3.11 loses one on every call that returns nothing; the program
    then dies with "none_dealloc" after minutes of work. What is lost here is given back.
    """
    guard = [None] * (calls * 4)  # None must not reach 0 while this measures
    before = sys.getrefcount(None)
    for _call in range(calls):
        call()
    lost = before - sys.getrefcount(None)
    _GIVEN_BACK.extend([None] * max(lost, 0))
    del guard
    return lost


def check_binding() -> None:
    """Refuse a Qt binding that loses references (see :func:`lost_references_to_none`)."""
    if lost_references_to_none(QCoreApplication.processEvents) > 100:
        raise LotsenError(
            _(
                "The installed PySide6 {version} has a known fault that ends the program after "
                'some minutes. Install another release: pip install "PySide6-Essentials!={version}"'
            ).format(version=PySide6.__version__)
        )


def check_window(store: Store) -> list[str]:
    """Open the main window offscreen, show every page, close it; the keys of the pages shown.

    Raises if a page cannot be built or the window refuses to close. Without a screen the
    ``offscreen`` platform is used, so this works on a build machine or over SSH.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from lotsen_desktop.gui.app import application
    from lotsen_desktop.gui.main_window import MainWindow
    from lotsen_desktop.gui.qt_language import apply_language

    application()
    check_binding()
    apply_language(get_language())
    deadline = time.monotonic() + LOAD_TIMEOUT_S
    window = MainWindow(store)
    shown: list[str] = []
    try:
        window.show()
        _settle(deadline)
        for entry in registry.PAGES:
            if not window.show_page(entry.key):
                raise LotsenError(_("The page {page} could not be opened.").format(page=entry.key))
            _settle(deadline)
            shown.append(entry.key)
        if window.grab().isNull():
            raise LotsenError(_("The window could not be drawn."))
        if not window.close():
            raise LotsenError(_("The window did not close."))
        QThreadPool.globalInstance().waitForDone(int(LOAD_TIMEOUT_S * 1000))
        _settle(deadline)
    finally:
        window.deleteLater()
        QCoreApplication.processEvents()
    return shown
