"""Namesakes in the window: the volunteer list and the attendance grid show a detail (11.5)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from lotsen_desktop.gui.models.attendance_grid_model import AttendanceGridModel
from lotsen_desktop.gui.models.volunteer_table_model import (
    ServiceSource,
    VolunteerQuery,
    VolunteerTableModel,
)
from lotsen_desktop.services import courses, volunteers
from lotsen_desktop.store.database import Store


def _saidas(store: Store) -> list[str]:
    return [
        volunteers.add_volunteer(
            store, given_name="Saida", family_name="Haile", birth_date=date(year, 1, 5)
        )
        for year in (1988, 1993)
    ] + [volunteers.add_volunteer(store, given_name="Ánh", family_name="Nguyễn Thị")]


def test_volunteer_list_shows_the_birth_year_of_namesakes_only(store: Store) -> None:
    _saidas(store)
    model = VolunteerTableModel(ServiceSource(store))
    model.set_query(VolunteerQuery())
    names = [
        model.index(row, VolunteerTableModel.NAME).data(Qt.ItemDataRole.DisplayRole)
        for row in range(model.rowCount())
    ]
    assert sorted(names) == ["Haile, Saida (1988)", "Haile, Saida (1993)", "Nguyễn Thị, Ánh"]


def test_attendance_grid_rows_tell_two_saidas_apart(store: Store) -> None:
    people = _saidas(store)
    course_id = courses.add_course(
        store, module_code="BASIS", title="Basis 2026/13", session_dates=[date(2026, 3, 7)]
    )
    courses.enrol_volunteers(store, course_id=course_id, volunteer_ids=people)
    model = AttendanceGridModel(store)
    model.load(course_id)
    headers = {
        model.headerData(row, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole)
        for row in range(model.rowCount())
    }
    assert {"Haile, Saida (1988)", "Haile, Saida (1993)"} <= {
        h.split("\n")[0].rstrip(" ✓") for h in headers
    }
    assert any(h.startswith("Nguyễn Thị, Ánh") and "(" not in h for h in headers)
