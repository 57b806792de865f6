"""The Kurse page's paged read of the course list (ids sorted and filtered in SQL, rows page by
page) gives the same rows in the same order as the whole list, for every sort and search."""

from __future__ import annotations

import warnings
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from lotsen_desktop.domain.names import fold
from lotsen_desktop.domain.vocabulary import ModuleKind
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.services import course_lock, courses, volunteers
from lotsen_desktop.services.courses import CourseRow
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import Enrolment

TODAY = date.today()


@pytest.fixture
def catalogue(store: Store) -> dict[str, str]:
    """Nine courses: running, planned, finished (one locked), two without sessions; ties on the
    first date, titles that differ by umlauts and case, places and trainers, 0–3 participants.
    Title -> course id."""
    people = [
        volunteers.add_volunteer(store, given_name=given, family_name=family, status="aktiv")
        for given, family in (("Zoe", "Becker"), ("Anton", "Zimmermann"), ("Mia", "Arnold"))
    ]
    week = timedelta(days=7)
    plan = [  # title, module, first session (None: none), sessions, place, trainers, people
        ("Basis Herbst", "BASIS", TODAY - 2 * week, 4, "Rathaus", "B. Ober", 3),
        ("Ärzte verstehen", "SPEZ-GESUNDHEIT", TODAY + 3 * week, 2, "Bürgerhaus", "", 1),
        ("basis frühjahr", "BASIS", TODAY - 30 * week, 3, "Aula", "A. Zander", 2),
        ("Zukunft Beruf", "SPEZ-BERUF", TODAY - 30 * week, 2, "", "Ö. Ünal", 0),
        ("Praxis reflektieren", "NACH-PRAXIS", TODAY - 2 * week, 1, "Rathaus", "", 1),
        ("Öffentliche Schule", "SPEZ-SCHULE", None, 0, "Ort", "C. Cem", 0),
        ("Elternabend", "SPEZ-SCHULE", None, 0, "", "", 2),
        ("Abend Basis", "BASIS", TODAY + 3 * week, 5, "Zelt", "ä. Äbi", 0),
        ("Gesundheit kompakt", "SPEZ-GESUNDHEIT", TODAY - 40 * week, 2, "Aula", "b. ober", 1),
    ]
    found: dict[str, str] = {}
    for title, module, first, count, place, trainers, enrolled in plan:
        found[title] = courses.add_course(
            store,
            module_code=module,
            title=title,
            session_dates=[first + n * week for n in range(count)] if first else [],
            place=place,
            trainers=trainers,
        )
        if enrolled:
            courses.enrol_volunteers(store, course_id=found[title], volunteer_ids=people[:enrolled])
    course_lock.finish_course(store, found["Gesundheit kompakt"], reason="Kurs beendet")
    return found


def _paged(store: Store, ids: list[str], page_size: int = 2) -> list[CourseRow]:
    rows: list[CourseRow] = []
    for start in range(0, len(ids), page_size):
        rows += courses.course_rows(store, ids[start : start + page_size])
    return rows


def _state(row: CourseRow) -> int:
    if row.first_date is None or row.last_date is None:
        return 3
    if row.first_date > TODAY:
        return 1
    return 2 if row.last_date < TODAY else 0


def _kind_rank(row: CourseRow) -> int:
    labels = sorted(ModuleKind, key=lambda kind: fold(str(kind.label)))
    return [kind.value for kind in labels].index(row.kind)


def _expected(rows: list[CourseRow], sort: str, descending: bool) -> list[str]:
    """The order the page promises, computed in Python: the column (text in German collation),
    then the newest first session (none: the oldest), then the id."""
    key: Any = {
        "period": lambda r: (r.first_date is not None, r.first_date or date.min),
        "title": lambda r: (fold(r.title), r.title),
        "state": _state,
        "kind": _kind_rank,
        "place": lambda r: (fold(r.place), r.place),
        "trainers": lambda r: (fold(r.trainers), r.trainers),
        "sessions": lambda r: r.sessions,
        "participants": lambda r: r.participants,
    }[sort]
    ordered = sorted(rows, key=lambda r: r.id)
    ordered.sort(key=lambda r: (r.first_date is not None, r.first_date or date.min), reverse=True)
    ordered.sort(key=key, reverse=descending)  # stable: the tie-breaks stay
    return [r.id for r in ordered]


@pytest.mark.parametrize("search", ["", "basis", "Herbst", "gesund", "nichts davon"])
def test_paged_read_gives_the_whole_list_in_its_order(
    store: Store, catalogue: dict[str, str], search: str
) -> None:
    whole = courses.list_courses(store, search=search)
    ids = courses.list_course_ids(store, search=search)
    assert ids == [row.id for row in whole]
    assert _paged(store, ids) == whole
    assert {row.title for row in whole} == {
        "": set(catalogue),
        "basis": {"Abend Basis", "Basis Herbst", "basis frühjahr"},  # title or module title
        "Herbst": {"Basis Herbst"},
        "gesund": {"Ärzte verstehen", "Gesundheit kompakt"},  # by the module's title
        "nichts davon": set(),
    }[search]
    firsts = [row.first_date for row in whole]
    dated = [first for first in firsts if first is not None]
    assert dated == sorted(dated, reverse=True)  # newest first
    assert firsts == dated + [None] * (len(firsts) - len(dated))  # no sessions: at the end


@pytest.mark.parametrize("sort", courses.COURSE_SORTS)
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("search", ["", "basis"])
def test_sorting_happens_in_sql_and_pages_keep_that_order(
    store: Store, catalogue: dict[str, str], sort: str, descending: bool, search: str
) -> None:
    whole = courses.list_courses(store, search=search)
    ids = courses.list_course_ids(store, search=search, sort=sort, descending=descending)
    assert ids == _expected(whole, sort, descending)
    by_id = {row.id: row for row in whole}
    assert _paged(store, ids, page_size=4) == [by_id[i] for i in ids]
    assert courses.list_courses(store, search=search, sort=sort, descending=descending) == [
        by_id[i] for i in ids
    ]


def test_titles_sort_in_german_collation_and_the_lock_is_read(
    store: Store, catalogue: dict[str, str]
) -> None:
    rows = courses.course_rows(
        store, courses.list_course_ids(store, sort="title", descending=False)
    )
    assert [row.title for row in rows] == [
        "Abend Basis",
        "Ärzte verstehen",  # Ä as A, not after Z
        "basis frühjahr",  # case ignored
        "Basis Herbst",
        "Elternabend",
        "Gesundheit kompakt",
        "Öffentliche Schule",
        "Praxis reflektieren",
        "Zukunft Beruf",
    ]
    locked = [row.title for row in rows if row.locked]
    assert locked == ["Gesundheit kompakt"]
    assert {row.title: row.participants for row in rows}["Basis Herbst"] == 3


def test_a_deleted_course_is_left_out_and_an_unknown_sort_refused(
    store: Store, catalogue: dict[str, str]
) -> None:
    ids = courses.list_course_ids(store)
    courses.delete_course(store, catalogue["Öffentliche Schule"])
    assert [row.id for row in courses.course_rows(store, ids)] == [
        i for i in ids if i != catalogue["Öffentliche Schule"]
    ]
    with pytest.raises(ValidationError):
        courses.list_course_ids(store, sort="module_code")


def test_a_course_with_participants_but_no_sessions_is_deleted_without_a_warning(
    store: Store, catalogue: dict[str, str]
) -> None:
    """The course once went first in the flush; the database's cascade took its enrolments and
    SQLAlchemy warned that the enrolments' own DELETE matched nothing."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        courses.delete_course(store, catalogue["Elternabend"])
    with store.new_session() as session:
        left = session.scalar(
            select(func.count()).where(Enrolment.course_id == catalogue["Elternabend"])
        )
    assert left == 0
    assert catalogue["Elternabend"] not in courses.list_course_ids(store)
