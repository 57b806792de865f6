"""Attendance codes became German in schema 0010: old databases and old exchange files keep working.

The files in ``tests/data`` were written by the program at schema 0009 (commit cf75122): an office
with four people in one course, marks present, excused (then changed to absent), absent and
partial (60 minutes) on the first day and present on the second; ``old-full-format1`` holds the
same content in the older, unstreamed file format 1.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sync_helpers import digest, full_export, import_, replica

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.domain.vocabulary import AttendanceState
from lotsen_desktop.services import courses, volunteers
from lotsen_desktop.store import database
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.types import key_text
from lotsen_desktop.sync import legacy

DATA = next(p for p in Path(__file__).resolve().parents if p.name == "tests") / "data"
OLD = ("present", "excused", "absent", "partial")
GERMAN = ("anwesend", "entschuldigt", "unentschuldigt", "teilweise")


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Store]:
    store = replica(tmp_path, "Laptop")
    yield store
    store.close()


def _logged_states(store: Store) -> list[str]:
    """The attendance state of every change in this machine's log that carries one."""
    raw = sqlite3.connect(store.path)
    try:
        rows = raw.execute("SELECT data FROM sync_change WHERE tbl = 'attendance'").fetchall()
    finally:
        raw.close()
    return [json.loads(data)["state"] for (data,) in rows if "state" in json.loads(data)]


def _marks(store: Store) -> Counter[tuple[str, int | None]]:
    raw = sqlite3.connect(store.path)
    try:
        return Counter(raw.execute("SELECT state, minutes FROM attendance"))
    finally:
        raw.close()


def test_codes_are_german_and_the_translation_covers_every_state() -> None:
    assert tuple(s.value for s in AttendanceState) == GERMAN
    assert dict(zip(OLD, GERMAN, strict=True)) == legacy.ATTENDANCE_CODES
    assert legacy.has_old_codes("0009")
    assert not legacy.has_old_codes(legacy.GERMAN_ATTENDANCE_SINCE)
    assert not legacy.has_old_codes(database.head_revision())


@pytest.mark.parametrize(
    "name",
    [
        "old-full-schema0009.lotsen",
        "old-full-format1-schema0009.lotsen",
        "old-course-schema0009.lotsen",
    ],
)
def test_exchange_file_of_schema_0009_imports_with_german_codes(
    tmp_path: Path, laptop: Store, name: str
) -> None:
    summary = import_(laptop, DATA / name)
    assert summary.new["attendance"] == 8
    assert _marks(laptop) == Counter(
        {("anwesend", None): 5, ("unentschuldigt", None): 2, ("teilweise", 60): 1}
    )
    assert set(_logged_states(laptop)) <= set(GERMAN)
    (course,) = courses.list_courses(laptop)
    grid = courses.attendance_grid(laptop, course.id)
    by_name = {p.given_name: p.volunteer_id for p in grid.course.participants}
    session_minutes = [s.minutes for s in grid.course.sessions]
    assert grid.totals[by_name["İlkay"]].attended_minutes == sum(session_minutes)
    assert grid.totals[by_name['<&"']].attended_minutes == 60 + session_minutes[1]
    assert grid.totals[by_name["Thị Ánh"]].attended_minutes == session_minutes[1]

    if "course" in name:
        return  # a course package's rows are not passed on
    # What the laptop passes on carries the German codes: a third machine ends up identical.
    third = replica(tmp_path, "Dritter")
    try:
        import_(third, full_export(laptop, tmp_path / "onward"))
        assert _marks(third) == _marks(laptop)
        assert set(_logged_states(third)) <= set(GERMAN)
        assert digest(third) == digest(laptop)
    finally:
        third.close()


def test_file_of_the_current_schema_is_taken_as_it_is(tmp_path: Path, laptop: Store) -> None:
    office = replica(tmp_path, "Büro")
    try:
        person = volunteers.add_volunteer(office, given_name="Олена", family_name="Коваль")
        course_id = _course(office, [person])
        session_id = courses.get_course(office, course_id).sessions[0].id
        courses.set_attendance(
            office,
            course_id=course_id,
            session_id=session_id,
            volunteer_ids=[person],
            state=AttendanceState.EXCUSED,
            today=date(2026, 6, 1),
        )
        import_(laptop, full_export(office, tmp_path / "new"))
        assert _marks(laptop) == Counter({("entschuldigt", None): 1})
        assert digest(laptop) == digest(office)
    finally:
        office.close()


# ------------------------------------------------------------------------------ migration 0010
def _course(store: Store, people: list[str]) -> str:
    course_id = courses.add_course(
        store,
        module_code="BASIS",
        title="Basis Frühjahr",
        session_dates=[date(2026, 3, 2), date(2026, 3, 9)],
        units_per_session=3,
        trainers="Frau Öztürk",
    )
    courses.enrol_volunteers(
        store, course_id=course_id, volunteer_ids=people, enrolled_on=date(2026, 1, 1)
    )
    return course_id


def _snapshot(path: Path) -> dict[str, Any]:
    """Everything migration 0010 may touch, JSON decoded so that only meaning is compared."""
    raw = sqlite3.connect(path)
    try:
        conflicts = [
            (tbl, col, *(json.loads(v) if v else v for v in (kept, lost, snapshot)))
            for tbl, col, kept, lost, snapshot in raw.execute(
                "SELECT tbl, col, kept, lost, snapshot FROM sync_conflict ORDER BY id"
            )
        ]
        return {
            "attendance": sorted(  # ids as text: stored as bytes since 0020, as text before
                (key_text(i), state, minutes)
                for i, state, minutes in raw.execute("SELECT id, state, minutes FROM attendance")
            ),
            "log": sorted(
                (origin, seq, json.loads(data))
                for origin, seq, data in raw.execute("SELECT origin, seq, data FROM sync_change")
            ),
            "conflicts": conflicts,
        }
    finally:
        raw.close()


def _add_conflicts(path: Path, codes: tuple[str, ...]) -> None:
    """Conflict rows as the merge writes them: a lost state, a deleted mark, and a look-alike."""
    present, excused = codes[0], codes[1]
    raw = sqlite3.connect(path)
    columns = (
        "detected_at, kind, tbl, row_id, col, kept, lost, kept_site, lost_site, snapshot, status"
    )
    rows = [
        ("field", "attendance", "a1", "state", json.dumps(present), json.dumps(excused), ""),
        (
            "deleted",
            "attendance",
            "a2",
            "",
            "null",
            json.dumps({"state": excused, "minutes": None}, ensure_ascii=False),
            json.dumps({"state": present, "session_id": "s", "volunteer_id": "v"}),
        ),
        ("field", "volunteer", "v1", "notes", json.dumps(present), json.dumps("Олена"), ""),
    ]
    with raw:
        raw.executemany(
            f"INSERT INTO sync_conflict ({columns}) VALUES "
            "('2026-03-01 10:00:00', ?, ?, ?, ?, ?, ?, 'x', 'y', ?, 'open')",
            rows,
        )
    raw.close()


def test_migration_0010_rewrites_marks_log_and_conflicts_and_downgrade_restores(
    tmp_path: Path,
) -> None:
    path = tmp_path / "office.sqlite"
    store = open_office_store(path, user="t")
    people = [
        volunteers.add_volunteer(store, given_name=given, family_name=family)
        for given, family in (("İlkay", "Şahin"), ("Thị Ánh", "Nguyễn"), ("Łukasz", "Nowak"))
    ]
    course_id = _course(store, people)
    first, second = (s.id for s in courses.get_course(store, course_id).sessions)
    for person, state, minutes in zip(
        people,
        (AttendanceState.PRESENT, AttendanceState.EXCUSED, AttendanceState.PARTIAL),
        (None, None, 45),
        strict=True,
    ):
        courses.set_attendance(
            store,
            course_id=course_id,
            session_id=first,
            volunteer_ids=[person],
            state=state,
            minutes=minutes,
            today=date(2026, 6, 1),
        )
    courses.set_attendance(
        store,
        course_id=course_id,
        session_id=second,
        volunteer_ids=people,
        state=AttendanceState.ABSENT,
        today=date(2026, 6, 1),
    )
    store.close()
    _add_conflicts(path, GERMAN)
    current = _snapshot(path)
    assert {state for _id, state, _m in current["attendance"]} == set(GERMAN)

    engine = database.create_sqlite_engine(path)
    with engine.begin() as connection:
        command.downgrade(database._alembic_config(connection), "0009")
    engine.dispose()
    old = _snapshot(path)
    to_old = dict(zip(GERMAN, OLD, strict=True))
    assert old["attendance"] == [(i, to_old[s], m) for i, s, m in current["attendance"]]
    assert old["log"] == [
        (o, s, dict(d, state=to_old[d["state"]]) if "state" in d else d)
        for o, s, d in current["log"]
    ]
    assert old["conflicts"] == [
        ("attendance", "state", "present", "excused", ""),
        (
            "attendance",
            "",
            None,
            {"state": "excused", "minutes": None},
            {"state": "present", "session_id": "s", "volunteer_id": "v"},
        ),
        ("volunteer", "notes", "anwesend", "Олена", ""),
    ]

    reopened = open_office_store(path, user="t")  # upgrades again, as an old office's file would
    try:
        assert database.current_revision(reopened.engine) == database.head_revision()
        grid = courses.attendance_grid(reopened, course_id)
        assert grid.cell(people[2], first).state == AttendanceState.PARTIAL
        assert grid.totals[people[2]].attended_minutes == 45
    finally:
        reopened.close()
    assert _snapshot(path) == current
