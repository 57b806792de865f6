"""The attendance grid as a trainer uses it: keyboard, clicks, partial minutes, threshold marker."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QAbstractItemView, QSpinBox
from pytestqt.qtbot import QtBot

from lotsen_desktop.gui.models.attendance_grid_model import AttendanceGridModel
from lotsen_desktop.gui.views.attendance_grid_view import AttendancePanel
from lotsen_desktop.services import courses, modules, volunteers
from lotsen_desktop.store.database import Store

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TODAY = date.today()
FIRST = TODAY - timedelta(days=21)


@dataclass
class Course:
    id: str
    people: list[str]  # Ábel, İlkay, Łukasz (late) in grid order
    sessions: list[str]


@pytest.fixture
def course(store: Store) -> Course:
    """4 weekly sessions of 2 UE, module of 8 UE at 80 %: 4 sessions present reach it."""
    modules.add_module(store, code="KURZ", title="Kurzmodul", kind="basis", hours=8)
    course_id = courses.add_course(
        store,
        module_code="KURZ",
        title="Kurzkurs 2026",
        session_dates=[FIRST + timedelta(days=7 * n) for n in range(4)],
        units_per_session=2,
    )
    people = [
        volunteers.add_volunteer(store, given_name=given, family_name=family)
        for given, family in (("Ábel", "Aydın"), ("İlkay", "Şahin"), ("Łukasz", "Wójcik"))
    ]
    courses.enrol_volunteers(store, course_id=course_id, volunteer_ids=people[:2])
    courses.enrol_volunteers(
        store,
        course_id=course_id,
        volunteer_ids=people[2:],
        enrolled_on=FIRST + timedelta(days=14),
    )
    detail = courses.get_course(store, course_id)
    return Course(course_id, people, [s.id for s in detail.sessions])


@pytest.fixture
def panel(qtbot: QtBot, store: Store, course: Course) -> Iterator[AttendancePanel]:
    widget = AttendancePanel(store)
    qtbot.addWidget(widget)
    tester = QAbstractItemModelTester(
        widget.model, QAbstractItemModelTester.FailureReportingMode.Warning
    )
    widget.load(course.id)
    widget.resize(1100, 500)
    widget.show()
    qtbot.waitExposed(widget)
    widget.view.setFocus()
    yield widget
    del tester


def state(store: Store, course: Course, person: int, session: int) -> str:
    grid = courses.attendance_grid(store, course.id)
    return grid.cell(course.people[person], course.sessions[session]).state


def go(panel: AttendancePanel, row: int, column: int) -> None:
    panel.view.setCurrentIndex(panel.model.index(row, column))


def test_grid_shape_headers_and_cursor_on_latest_session(
    panel: AttendancePanel, course: Course
) -> None:
    model = panel.model
    assert model.rowCount() == 3 and model.columnCount() == 4 + 2
    names = [model.headerData(r, Qt.Orientation.Vertical) for r in range(3)]
    assert names == ["Aydın, Ábel", "Şahin, İlkay", "Wójcik, Łukasz"]
    assert model.headerData(0, Qt.Orientation.Horizontal) == FIRST.strftime("%d.%m.")
    tooltip = model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert str(FIRST.year) in tooltip and "09:00" in tooltip
    assert model.headerData(model.reached_column, Qt.Orientation.Horizontal) == "Schwelle"
    assert panel.view.currentIndex().column() == 3  # the session of today
    assert "Leertaste" in panel.legend.text()


def test_keyboard_letters_record_and_move_to_the_next_person(
    qtbot: QtBot, panel: AttendancePanel, store: Store, course: Course
) -> None:
    go(panel, 0, 0)
    qtbot.keyClick(panel.view, Qt.Key.Key_A)
    assert state(store, course, 0, 0) == "anwesend"
    assert panel.view.currentIndex().row() == 1
    qtbot.keyClick(panel.view, Qt.Key.Key_E)
    assert state(store, course, 1, 0) == "entschuldigt"
    assert panel.view.currentIndex().row() == 2
    qtbot.keyClick(panel.view, Qt.Key.Key_Up)
    qtbot.keyClick(panel.view, Qt.Key.Key_Up)
    qtbot.keyClick(panel.view, Qt.Key.Key_Right)
    assert (panel.view.currentIndex().row(), panel.view.currentIndex().column()) == (0, 1)
    qtbot.keyClick(panel.view, Qt.Key.Key_U)
    assert state(store, course, 0, 1) == "unentschuldigt"
    assert panel.model.index(0, 1).data() == "✗"
    assert panel.model.index(0, 0).data() == "✓"
    assert panel.model.index(1, 0).data() == "E"


def test_space_cycles_and_delete_clears(
    qtbot: QtBot, panel: AttendancePanel, store: Store, course: Course
) -> None:
    go(panel, 1, 2)
    seen = []
    for _ in range(4):
        qtbot.keyClick(panel.view, Qt.Key.Key_Space)
        seen.append(state(store, course, 1, 2))
    assert seen == ["anwesend", "entschuldigt", "unentschuldigt", ""]
    assert panel.view.currentIndex().row() == 1  # Space stays on the cell
    qtbot.keyClick(panel.view, Qt.Key.Key_Minus)
    assert state(store, course, 1, 2) == "unentschuldigt"
    go(panel, 1, 2)
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert state(store, course, 1, 2) == ""


def test_click_cycles_a_cell(
    qtbot: QtBot, panel: AttendancePanel, store: Store, course: Course
) -> None:
    rect = panel.view.visualRect(panel.model.index(0, 2))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert state(store, course, 0, 2) == "anwesend"
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert state(store, course, 0, 2) == "entschuldigt"


def test_threshold_marker_appears_when_enough_sessions_are_present(
    qtbot: QtBot, panel: AttendancePanel, course: Course
) -> None:
    model = panel.model
    reached = model.index(0, model.reached_column)
    for column in range(3):
        go(panel, 0, column)
        qtbot.keyClick(panel.view, Qt.Key.Key_A)
    assert reached.data(AttendanceGridModel.ReachedRole) is False
    assert model.index(0, model.units_column).data() == "6 / 6,4"
    assert "0,4" in reached.data()
    go(panel, 0, 3)
    qtbot.keyClick(panel.view, Qt.Key.Key_A)
    assert reached.data(AttendanceGridModel.ReachedRole) is True
    assert reached.data() == "✓ erreicht"
    assert reached.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#2e7d32"
    assert model.headerData(0, Qt.Orientation.Vertical).endswith("✓")
    assert model.index(0, model.units_column).data() == "8 / 6,4"


def test_everyone_present_by_shift_a_keeps_marks_and_skips_late_enrolment(
    qtbot: QtBot, panel: AttendancePanel, store: Store, course: Course
) -> None:
    go(panel, 1, 0)
    qtbot.keyClick(panel.view, Qt.Key.Key_E)
    go(panel, 0, 0)
    qtbot.keyClick(panel.view, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert [state(store, course, p, 0) for p in range(3)] == [
        "anwesend",
        "entschuldigt",
        "not_enrolled",
    ]
    assert "1" in panel.message.text() and panel.message.kind == "info"
    go(panel, 0, 3)
    panel.all_present_button.click()
    assert [state(store, course, p, 3) for p in range(3)] == ["anwesend"] * 3


def test_everyone_present_from_the_header_menu_action(
    panel: AttendancePanel, store: Store, course: Course
) -> None:
    assert panel.model.mark_all_present(2) == 3
    assert [state(store, course, p, 2) for p in range(3)] == ["anwesend"] * 3
    assert panel.model.mark_all_present(2) == 0
    assert "bereits" in panel.message.text()


def test_partial_minutes_by_t_and_the_editor(
    qtbot: QtBot, panel: AttendancePanel, store: Store, course: Course
) -> None:
    go(panel, 0, 1)
    qtbot.keyClick(panel.view, Qt.Key.Key_T)
    editor = panel.view.findChild(QSpinBox)
    assert editor is not None and editor.isVisible()
    assert editor.value() == 45  # half the session as a start
    editor.selectAll()
    qtbot.keyClicks(editor, "60")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits queued
    qtbot.waitUntil(lambda: panel.view.state() != QAbstractItemView.State.EditingState)
    grid = courses.attendance_grid(store, course.id)
    cell = grid.cell(course.people[0], course.sessions[1])
    assert (cell.state, cell.minutes) == ("teilweise", 60)
    assert panel.model.index(0, 1).data() == "◐60"
    assert panel.model.index(0, panel.model.units_column).data().startswith("1,3 /")


def test_partial_minutes_longer_than_the_session_are_refused_inline(
    panel: AttendancePanel, store: Store, course: Course
) -> None:
    index = panel.model.index(0, 1)
    assert not panel.model.setData(index, 95, Qt.ItemDataRole.EditRole)
    assert state(store, course, 0, 1) == ""
    assert panel.message.kind == "error"
    assert "89" in panel.message.text() and "90" in panel.message.text()
    assert "Nichts" in panel.message.text()


def test_cells_before_a_late_enrolment_are_grey_and_not_editable(
    qtbot: QtBot, panel: AttendancePanel, store: Store, course: Course
) -> None:
    model = panel.model
    late = model.index(2, 0)
    assert late.data(AttendanceGridModel.StateRole) == "not_enrolled"
    assert not model.flags(late) & Qt.ItemFlag.ItemIsEditable
    assert late.data() == "—"
    assert late.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#e4e4e4"
    assert "noch nicht angemeldet" in late.data(Qt.ItemDataRole.ToolTipRole)
    go(panel, 2, 0)
    qtbot.keyClick(panel.view, Qt.Key.Key_A)
    qtbot.keyClick(panel.view, Qt.Key.Key_Space)
    assert state(store, course, 2, 0) == "not_enrolled"
    assert panel.message.kind == "warning" and "Wójcik" in panel.message.text()
    assert panel.view.currentIndex().row() == 2
    assert model.flags(model.index(2, 2)) & Qt.ItemFlag.ItemIsEditable


def test_model_tester_through_reload_and_empty_course(
    qtbot: QtBot, store: Store, course: Course
) -> None:
    model = AttendanceGridModel(store)
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    model.load(course.id)
    model.set_state(model.index(0, 0), "anwesend")
    model.mark_all_present(1)
    courses.add_session(store, course_id=course.id, session_date=TODAY + timedelta(days=7))
    model.reload()  # a new column: reset
    assert model.columnCount() == 5 + 2
    empty = courses.add_course(store, module_code="KURZ", title="Leer")
    model.load(empty)
    assert model.rowCount() == 0 and model.columnCount() == 2
    model.load(None)
    assert model.rowCount() == 0 and model.columnCount() == 0
    assert model.data(QModelIndex()) is None
    del tester
