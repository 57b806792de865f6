"""The Begleitung page's paged read of assignments (ids sorted in SQL, rows page by page) gives
the same rows in the same order as the whole list, for every filter and sort."""

from __future__ import annotations

from datetime import date

import pytest

from lotsen_desktop.domain.vocabulary import Area
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.services import mentoring, volunteers
from lotsen_desktop.services.mentoring import AssignmentRow
from lotsen_desktop.store.database import Store


@pytest.fixture
def register(store: Store) -> dict[str, str]:
    """Three volunteers, nine assignments (ties on the start date, three ended, some with log
    lines); family name -> volunteer id."""
    people = {
        family: volunteers.add_volunteer(store, given_name=given, family_name=family)
        for given, family in (("Zoe", "Becker"), ("Anton", "Zimmermann"), ("Mia", "Arnold"))
    }
    plan = [
        ("Becker", "Familie K.", ["schule"], date(2025, 3, 1), None, [90, 30]),
        ("Becker", "h. m.", ["gesundheit", "arbeit"], date(2025, 3, 1), date(2025, 9, 1), [45]),
        ("Becker", "A. B.", ["wohnen"], date(2024, 11, 5), None, []),
        ("Zimmermann", "Z. Y.", ["sprache"], date(2025, 3, 1), None, [15, 15, 15]),
        ("Zimmermann", "Familie Ö.", ["behoerden"], date(2025, 6, 9), date(2025, 8, 1), [120]),
        ("Zimmermann", "c. d.", ["schule"], date(2023, 1, 2), None, [60]),
        ("Arnold", "E. F.", ["arbeit"], date(2025, 6, 9), None, [240]),
        ("Arnold", "G. H.", [], date(2025, 1, 1), date(2025, 2, 1), []),
        ("Arnold", "I. J.", ["freizeit"], date(2025, 3, 1), None, [30]),
    ]
    for family, pseudonym, areas, started, ended, minutes in plan:
        assignment = mentoring.add_assignment(
            store,
            volunteer_id=people[family],
            mentee_pseudonym=pseudonym,
            areas=areas,
            started_on=started,
        )
        for number, length in enumerate(minutes):
            mentoring.add_log_entry(
                store,
                assignment_id=assignment,
                entry_date=date(2025, 9, 1 + number) if ended is None else ended,
                minutes=length,
                kind="treffen",
                area=areas[0] if areas else "sonstiges",
            )
        if ended is not None:
            mentoring.end_assignment(store, assignment, ended_on=ended)
    return people


def _paged(store: Store, ids: list[str], page_size: int = 2) -> list[AssignmentRow]:
    rows: list[AssignmentRow] = []
    for start in range(0, len(ids), page_size):
        rows += mentoring.assignment_rows(store, ids[start : start + page_size])
    return rows


@pytest.mark.parametrize("who", ["all", "open", "one"])
def test_paged_read_gives_the_whole_list_in_its_order(
    store: Store, register: dict[str, str], who: str
) -> None:
    filters: dict[str, object] = {
        "all": {},
        "open": {"open_only": True},
        "one": {"volunteer_id": register["Becker"]},
    }[who]
    whole = mentoring.list_assignments(store, **filters)  # type: ignore[arg-type]
    ids = mentoring.list_assignment_ids(store, **filters)  # type: ignore[arg-type]
    assert ids == [row.id for row in whole]
    assert _paged(store, ids) == whole
    assert len(whole) == {"all": 9, "open": 6, "one": 3}[who]
    if who == "open":
        assert all(row.ended_on is None for row in whole)


def _expected(rows: list[AssignmentRow], sort: str, descending: bool) -> list[str]:
    """The order the page promises, computed in Python: the column, then the newest start,
    then the id."""
    key = {
        "since": lambda r: r.started_on.toordinal(),
        "until": lambda r: r.ended_on.toordinal() if r.ended_on else 10**9,
        "pseudonym": lambda r: r.mentee_pseudonym.lower(),
        "volunteer": lambda r: r.volunteer_name.split()[-1],  # family names differ
        # as shown: the areas in the programme's order, not the codes' alphabet; none last
        "areas": lambda r: (
            sorted(list(Area).index(Area(a)) for a in r.areas.split(",") if a) or [99]
        ),
        "hours": lambda r: r.total_minutes,
        "entries": lambda r: r.entries,
    }[sort]
    ordered = sorted(rows, key=lambda r: r.id)
    ordered.sort(key=lambda r: r.started_on, reverse=True)
    ordered.sort(key=key, reverse=descending)  # stable: the tie-breaks stay
    return [r.id for r in ordered]


@pytest.mark.parametrize("sort", mentoring.ASSIGNMENT_SORTS)
@pytest.mark.parametrize("descending", [False, True])
def test_sorting_happens_in_sql_and_pages_keep_that_order(
    store: Store, register: dict[str, str], sort: str, descending: bool
) -> None:
    whole = mentoring.list_assignments(store)
    ids = mentoring.list_assignment_ids(store, sort=sort, descending=descending)
    assert ids == _expected(whole, sort, descending)
    by_id = {row.id: row for row in whole}
    assert _paged(store, ids, page_size=4) == [by_id[i] for i in ids]


def test_running_assignments_count_as_the_latest_end(
    store: Store, register: dict[str, str]
) -> None:
    rows = mentoring.assignment_rows(
        store, mentoring.list_assignment_ids(store, sort="until", descending=False)
    )
    ends = [row.ended_on for row in rows]
    assert ends[:3] == [date(2025, 2, 1), date(2025, 8, 1), date(2025, 9, 1)]
    assert ends[3:] == [None] * 6


def test_rows_follow_the_ids_given_and_skip_deleted_ones(
    store: Store, register: dict[str, str]
) -> None:
    ids = mentoring.list_assignment_ids(store)
    shuffled = [ids[4], ids[0], "no-such-assignment", ids[7]]
    assert [row.id for row in mentoring.assignment_rows(store, shuffled)] == [
        ids[4],
        ids[0],
        ids[7],
    ]
    assert mentoring.assignment_rows(store, []) == []


def test_an_unknown_sort_is_refused(store: Store) -> None:
    with pytest.raises(ValidationError):
        mentoring.list_assignment_ids(store, sort="mentee_name")
