"""Volunteer files: names from everywhere stored, searched and sorted; validation; consents."""

from __future__ import annotations

from datetime import date

import pytest

from lotsen_desktop.errors import NotFoundError, ValidationError
from lotsen_desktop.services import volunteers
from lotsen_desktop.store.database import Store

NAMES = [
    ("İlkay", "Şahin"),
    ("Nguyễn Thị", "Ánh"),
    ("Łukasz", "Nowak"),
    ("Олена", "Коваленко"),
    ('Ana <b> & "Q"', "O'Neil"),
    ("Jörg", "Özdemir"),
    ("Anna", "Ober"),
    ("Zoe", "Zander"),
    ("Ümit", "Müller"),
]


@pytest.fixture
def people(store: Store) -> dict[str, str]:
    return {
        f"{given} {family}": volunteers.add_volunteer(store, given_name=given, family_name=family)
        for given, family in NAMES
    }


def test_difficult_names_are_stored_and_returned_unchanged(
    store: Store, people: dict[str, str]
) -> None:
    for given, family in NAMES:
        detail = volunteers.get_volunteer(store, people[f"{given} {family}"])
        assert (detail.given_name, detail.family_name) == (given, family)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sahin", "İlkay Şahin"),
        ("ILKAY", "İlkay Şahin"),
        ("nguyen", "Nguyễn Thị Ánh"),
        ("thi anh", "Nguyễn Thị Ánh"),
        ("lukasz", "Łukasz Nowak"),
        ("олена", "Олена Коваленко"),
        ("<b> &", 'Ana <b> & "Q" O\'Neil'),
        ("o'neil", 'Ana <b> & "Q" O\'Neil'),
        ("ozdem", "Jörg Özdemir"),
        ("mull", "Ümit Müller"),
    ],
)
def test_search_any_part_ignoring_diacritics_and_case(
    store: Store, people: dict[str, str], query: str, expected: str
) -> None:
    rows = volunteers.list_volunteers(store, search=query)
    assert [f"{r.given_name} {r.family_name}" for r in rows] == [expected]
    assert volunteers.count_volunteers(store, search=query) == 1


def test_search_treats_like_wildcards_literally(store: Store, people: dict[str, str]) -> None:
    assert volunteers.list_volunteers(store, search="%") == []
    assert volunteers.list_volunteers(store, search="_") == []


def test_list_uses_german_collation(store: Store, people: dict[str, str]) -> None:
    families = [r.family_name for r in volunteers.list_volunteers(store)]
    assert families.index("Ober") < families.index("Özdemir") < families.index("Zander")
    assert families.index("Müller") < families.index("Nowak")
    assert families[-1] == "Коваленко"
    reverse = [r.family_name for r in volunteers.list_volunteers(store, descending=True)]
    assert reverse == list(reversed(families))


def test_paging_returns_consecutive_slices(store: Store, people: dict[str, str]) -> None:
    everyone = volunteers.list_volunteers(store)
    pages = [
        volunteers.list_volunteers(store, offset=i, limit=4) for i in range(0, len(everyone), 4)
    ]
    assert [r.id for page in pages for r in page] == [r.id for r in everyone]


def test_filters_by_status_language_and_area(store: Store) -> None:
    a = volunteers.add_volunteer(
        store,
        given_name="Amina",
        family_name="Diallo",
        status="aktiv",
        languages=["Französisch:C1"],
        interests=["schule"],
    )
    volunteers.add_volunteer(store, given_name="Bert", family_name="Brandt", languages=["Englisch"])
    assert [r.id for r in volunteers.list_volunteers(store, status="aktiv")] == [a]
    assert [r.id for r in volunteers.list_volunteers(store, language="Französisch")] == [a]
    assert [r.id for r in volunteers.list_volunteers(store, area="schule")] == [a]
    assert volunteers.known_languages(store) == ["Englisch", "Französisch"]


def test_status_changes_are_kept_with_dates(store: Store) -> None:
    volunteer_id = volunteers.add_volunteer(
        store, given_name="A", family_name="B", today=date(2026, 1, 5)
    )
    volunteers.update_volunteer(store, volunteer_id, status="aktiv", today=date(2026, 3, 1))
    history = volunteers.get_volunteer(store, volunteer_id).status_history
    assert [(h.status, h.changed_on) for h in history] == [
        ("interessiert", date(2026, 1, 5)),
        ("aktiv", date(2026, 3, 1)),
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "kein-at-zeichen", "E-Mail"),
        ("phone", "abc", "Telefonnummer"),
        ("postal_code", "3015", "fünf Ziffern"),
        ("birth_date", "31.02.1990", "kein gültiges Datum"),
        ("birth_date", "2999-01-01", "Zukunft"),
        ("given_name", "  ", "darf nicht leer sein"),
        ("status", "verschollen", "nicht erlaubt"),
    ],
)
def test_invalid_input_is_refused_and_nothing_changes(
    store: Store, field: str, value: str, message: str
) -> None:
    volunteer_id = volunteers.add_volunteer(
        store, given_name="Rosa", family_name="Roth", email="rosa@example.org"
    )
    before = volunteers.get_volunteer(store, volunteer_id)
    with pytest.raises(ValidationError, match=message):
        volunteers.update_volunteer(store, volunteer_id, **{field: value})
    assert volunteers.get_volunteer(store, volunteer_id) == before


def test_migration_history_only_with_consent_and_erased_on_withdrawal(store: Store) -> None:
    volunteer_id = volunteers.add_volunteer(store, given_name="Reza", family_name="Karimi")
    with pytest.raises(ValidationError, match="Einwilligung"):
        volunteers.update_volunteer(
            store, volunteer_id, migration_experience=True, origin_country="Iran"
        )
    consent_id = volunteers.record_consent(
        store, volunteer_id, purpose="migrationsgeschichte", text_version="2026-01"
    )
    volunteers.update_volunteer(
        store, volunteer_id, migration_experience=True, origin_country="Iran"
    )
    assert volunteers.get_volunteer(store, volunteer_id).origin_country == "Iran"
    volunteers.withdraw_consent(store, consent_id)
    detail = volunteers.get_volunteer(store, volunteer_id)
    assert detail.origin_country == "" and detail.migration_experience is None
    assert detail.consents[0].withdrawn_on is not None


def test_languages_and_interests_are_replaced_not_duplicated(store: Store) -> None:
    volunteer_id = volunteers.add_volunteer(
        store, given_name="A", family_name="B", languages=["Arabisch:muttersprache"]
    )
    volunteers.update_volunteer(
        store,
        volunteer_id,
        languages=["arabisch:muttersprache", "Deutsch:C1"],
        interests=["sprache"],
    )
    detail = volunteers.get_volunteer(store, volunteer_id)
    assert [(s.language, s.level) for s in detail.languages] == [
        ("Deutsch", "C1"),
        ("arabisch", "muttersprache"),
    ]
    assert detail.interests == ("sprache",)


def test_ids_resolve_from_unique_prefixes(store: Store, people: dict[str, str]) -> None:
    some = next(iter(people.values()))
    assert volunteers.resolve_volunteer_id(store, some[:8]) == some
    with pytest.raises(NotFoundError):
        volunteers.resolve_volunteer_id(store, "nicht-da")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("oneil", 'Ana <b> & "Q" O\'Neil'),
        ("o neil", 'Ana <b> & "Q" O\'Neil'),
        ("mueller", "Ümit Müller"),
        ("uemit", "Ümit Müller"),
        ("kovalenko", "Олена Коваленко"),
        ("olena", "Олена Коваленко"),
    ],
)
def test_search_finds_the_spellings_people_type(
    store: Store, people: dict[str, str], query: str, expected: str
) -> None:
    rows = volunteers.list_volunteers(store, search=query)
    assert [f"{r.given_name} {r.family_name}" for r in rows] == [expected]


def test_hyphenated_names_are_found_with_and_without_the_hyphen(store: Store) -> None:
    person = volunteers.add_volunteer(store, given_name="Fatima", family_name="Al-Hassan")
    for query in ("al-hassan", "alhassan", "al hassan", "hassan"):
        assert [r.id for r in volunteers.list_volunteers(store, search=query)] == [person]
    assert (
        volunteers.list_volunteers(store, search="|") != []
    )  # a stray separator matches like nothing typed
