"""Two trainers mark the same course's attendance at once on the shared PostgreSQL database.

Trainer A's save is held open (flushed, not yet committed) while trainer B saves, so B's
transaction really runs against A's uncommitted rows, whatever the scheduler does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from certificate_fixtures import add_course, add_people

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.services import courses
from lotsen_desktop.store.database import Store

pytestmark = pytest.mark.pg


@pytest.fixture
def trainers(store: Store, engine: str) -> Iterator[tuple[Store, Store]]:
    second = open_office_store(store.target, user="Trainerin B")
    yield store, second
    second.close()


def _b_saves_while_a_is_open(
    a: Store, a_saves: Callable[[], None], b_saves: Callable[[], None]
) -> list[BaseException]:
    """Run ``a_saves``; after its flush and before its commit, ``b_saves`` runs in a thread
    until it finishes or waits for A's locks. Returns what B raised."""
    failures: list[BaseException] = []

    def run_b() -> None:
        try:
            b_saves()
        except BaseException as error:
            failures.append(error)

    thread = threading.Thread(target=run_b)

    def hold_a_open(_session: Any, _uow: Any) -> None:
        if not thread.is_alive() and thread.ident is None:
            thread.start()
            thread.join(timeout=2)

    a.commit_hooks.append(hold_a_open)
    try:
        a_saves()
    finally:
        a.commit_hooks.remove(hold_a_open)
    thread.join()
    return failures


def _marks(store: Store, course_id: str) -> dict[tuple[str, str], str]:
    grid = courses.attendance_grid(store, course_id)
    return {key: cell.state for key, cell in grid.cells.items() if cell.state}


@pytest.fixture
def course(trainers: tuple[Store, Store]) -> tuple[str, list[str], list[str]]:
    people = add_people(trainers[0])[:2]
    course_id = add_course(trainers[0], people, sessions=2, missed={p: 2 for p in people})
    sessions = [s.id for s in courses.get_course(trainers[0], course_id).sessions]
    return course_id, people, sessions


def _mark(
    store: Store, course_id: str, session: str, person: str, state: str
) -> Callable[[], None]:
    return lambda: courses.set_attendance(
        store, course_id=course_id, session_id=session, volunteer_ids=[person], state=state
    )


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_different_cells_both_stay(
    trainers: tuple[Store, Store], course: tuple[str, list[str], list[str]]
) -> None:
    a, b = trainers
    course_id, people, sessions = course
    failures = _b_saves_while_a_is_open(
        a,
        _mark(a, course_id, sessions[0], people[0], "anwesend"),
        _mark(b, course_id, sessions[0], people[1], "entschuldigt"),
    )
    assert failures == []
    assert _marks(b, course_id) == {
        (people[0], sessions[0]): "anwesend",
        (people[1], sessions[0]): "entschuldigt",
    }


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_the_same_cell_last_write_wins_without_an_error(
    trainers: tuple[Store, Store], course: tuple[str, list[str], list[str]]
) -> None:
    a, b = trainers
    course_id, people, sessions = course
    failures = _b_saves_while_a_is_open(
        a,
        _mark(a, course_id, sessions[1], people[0], "anwesend"),
        _mark(b, course_id, sessions[1], people[0], "entschuldigt"),
    )
    assert failures == []
    assert _marks(a, course_id) == {(people[0], sessions[1]): "entschuldigt"}
