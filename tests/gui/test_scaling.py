"""Small screens and high scaling: every page and dialog fits 1024x768 at 100 %, 1920x1080 at
150 % and 2560x1440 at 200 % (each less a task bar), with its buttons whole and search fields
wide enough; and the shared helper that keeps a dialog inside the screen.

The sizes run in child processes (``docs/scaling_screens.py``): ``QT_SCALE_FACTOR`` and the
offscreen screen are fixed when a ``QApplication`` starts. The screenshots land in the test's
temporary folder; ``python docs/scaling_screens.py`` writes them to ``docs/screenshots/scaling``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QVBoxLayout
from pytestqt.qtbot import QtBot

from lotsen_desktop.gui.pages import registry
from lotsen_desktop.gui.screen_fit import ScrollingBody, fit_window, screen_limit
from lotsen_desktop.gui.views.feedback import FormDialog
from lotsen_desktop.store.database import Store

ROOT = Path(__file__).resolve().parent.parent.parent


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "scaling_screens", ROOT / "docs" / "scaling_screens.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("scaling_screens", module)
    spec.loader.exec_module(module)
    return module


SCRIPT = _script()
DIALOGS = {
    "welcome",
    "volunteer_new",
    "volunteer_file_0",
    "volunteer_file_2",
    "course_new",
    "course_add_participants",
    "mentoring_new_request",
    "mentoring_edit_log",
    "mentoring_new_meeting",
    "pdf_preview",
    "exchange_export",
    "exchange_import",
    "volunteers_import",
}


@pytest.mark.slow
@pytest.mark.parametrize("size", sorted(SCRIPT.SIZES))
def test_every_page_and_dialog_fits(size: str, tmp_path: Path) -> None:
    report = SCRIPT.run_size(size, tmp_path / size, volunteers=40)
    pages = {name.split("-")[1] for name in report if name.startswith("page-")}
    assert pages == {spec.key for spec in registry.PAGES}
    dialogs = {name.removeprefix("dialog-") for name in report if name.startswith("dialog-")}
    assert dialogs >= DIALOGS
    problems = {name: found for name, found in report.items() if found}
    assert problems == {}
    width, height, scale = SCRIPT.SIZES[size]
    shot = QImage(str(tmp_path / size / "page-volunteers.png"))
    # the window filling the screen, photographed in device pixels: the scale factor took effect
    assert width * 0.95 <= shot.width() <= width
    assert (height - SCRIPT.TASK_BAR * scale) * 0.9 <= shot.height() <= height
    assert all((tmp_path / size / f"{name}.png").stat().st_size > 0 for name in report)


class _TallDialog(FormDialog):
    def __init__(self, lines: int) -> None:
        super().__init__()
        layout = QVBoxLayout(self.body)
        for number in range(lines):
            layout.addWidget(QLabel(f"Zeile {number}: Şahin, Nguyễn Thị Ánh, Олена"))


def test_a_dialog_taller_than_the_screen_scrolls_and_keeps_its_buttons(qtbot: QtBot) -> None:
    dialog = _TallDialog(200)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    area = dialog.screen().availableGeometry()
    limit = screen_limit(dialog)
    assert dialog.height() <= limit.height() and dialog.width() <= limit.width()
    assert area.contains(dialog.frameGeometry().topLeft())
    assert isinstance(dialog.body_area, ScrollingBody)
    assert dialog.body_area.verticalScrollBar().maximum() > 0
    ok = dialog.ok_button()
    assert ok.isVisible()
    assert dialog.rect().contains(ok.geometry().translated(ok.parentWidget().pos()))  # type: ignore[union-attr]


def test_a_short_dialog_is_not_made_to_scroll(qtbot: QtBot) -> None:
    dialog = _TallDialog(12)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.body_area.verticalScrollBar().maximum() == 0


def test_fit_window_moves_a_window_back_onto_the_screen(qtbot: QtBot) -> None:
    dialog = _TallDialog(3)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    area = dialog.screen().availableGeometry()
    dialog.resize(area.width() * 2, area.height() * 2)
    dialog.move(area.right() - 10, area.bottom() - 10)
    fit_window(dialog)
    assert dialog.width() <= area.width() and dialog.height() <= area.height()
    assert area.contains(dialog.pos())


def test_settings_columns_stack_on_a_small_screen(qtbot: QtBot, store: Store) -> None:
    from PySide6.QtWidgets import QBoxLayout

    from lotsen_desktop.gui.pages.settings_page import SettingsPage
    from tests.gui.conftest import wait_loaded

    page = SettingsPage(store)
    qtbot.addWidget(page)
    page.resize(1500, 700)
    page.show()
    qtbot.waitExposed(page)
    wait_loaded(page)
    assert page.ui.columns.direction() == QBoxLayout.Direction.LeftToRight
    page.resize(780, 700)  # 1024x768 less the navigation
    qtbot.waitUntil(lambda: page.ui.columns.direction() == QBoxLayout.Direction.TopToBottom)
    qtbot.waitUntil(lambda: not page.ui.form_area.horizontalScrollBar().isVisible())
    page.resize(1500, 700)
    qtbot.waitUntil(lambda: page.ui.columns.direction() == QBoxLayout.Direction.LeftToRight)
