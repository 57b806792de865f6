"""The installed Qt binding keeps Python's reference counts right.

PySide6 6.12.0 (shiboken6 6.12.0) on Python 3.11 drops one reference to ``None`` on every call
of a Qt method that returns nothing (``processEvents()``, ``setWindowTitle()``, ...) and on
every ``index.data()`` that answers ``None``. After some tens of thousands of such calls, a few
minutes of work at 100,000 volunteers, the program dies with "Fatal Python error:
none_dealloc". ``pyproject.toml`` excludes that release; this test fails on any binding that
has the fault, so a new release with it cannot slip in unnoticed.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from lotsen_desktop.errors import LotsenError
from lotsen_desktop.gui.selftest import check_binding, lost_references_to_none

CALLS = 2000


class _Empty(QAbstractTableModel):
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        return None


def _lost_references_to_none(call: Callable[[], object]) -> int:
    return lost_references_to_none(call, CALLS)


def test_qt_calls_that_return_nothing_keep_the_reference_count_of_none(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    lost = _lost_references_to_none(QCoreApplication.processEvents)
    lost_title = _lost_references_to_none(lambda: widget.setWindowTitle("Lotsen Desktop"))
    assert lost < CALLS // 2, f"processEvents() dropped {lost} references to None"
    assert lost_title < CALLS // 2, f"setWindowTitle() dropped {lost_title} references to None"


def test_index_data_that_answers_none_keeps_the_reference_count_of_none() -> None:
    model = _Empty()
    index = model.index(0, 0)
    lost = _lost_references_to_none(lambda: index.data(Qt.ItemDataRole.ToolTipRole))
    assert lost < CALLS // 2, f"index.data() dropped {lost} references to None"


def test_the_self_test_refuses_a_binding_that_loses_references(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``lotsen-desktop --self-test`` names the fault and what to install instead."""
    check_binding()  # the installed binding is sound (the tests above)
    monkeypatch.setattr(
        "lotsen_desktop.gui.selftest.lost_references_to_none", lambda call, calls=200: calls
    )
    with pytest.raises(LotsenError, match="PySide6-Essentials!="):
        check_binding()
