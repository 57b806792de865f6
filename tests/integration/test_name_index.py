"""The trigram name index answers searches exactly like ``search_key LIKE '%term%'`` did, and
stays in step with the volunteers through edits, sync imports, erasure and table rebuilds."""

from __future__ import annotations

from pathlib import Path

from db_template import migrated_copy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import bindparam, text

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.domain import names
from lotsen_desktop.services import privacy, volunteers
from lotsen_desktop.store import name_index
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.types import UuidKey
from tests.sync_helpers import full_export, import_, replica

TRICKY_NAMES = [
    ("İlkay", "Şahin"),
    ("Ayşe", "Şahin-Öztürk"),
    ("Sean", "O'Neil"),
    ("Siobhán", "O’Neill"),
    ("Omar", "Al-Hassan"),
    ("Fatima", "al Hassan"),
    ("Jürgen", "Müller"),
    ("Hans", "Mueller"),
    ("Олена", "Коваленко"),
    ("Olena", "Kovalenko"),
    ("Nguyễn Thị", "Ánh"),
    ("Łukasz", "Dąbrowski"),
    ("Søren", "Kierkegaard"),
    ("Straße", "Groß"),
    ("Ab", "Ba"),
    ("X", "Y"),
    ('<&"', "100%_\\"),
    ("Anna-Lena", "von der Heide"),
    ("Mohammad Reza", "Tehrani"),
    ("Sarah", "Schmidt"),
    ('Ab"cd', "Near(x)"),
    ("Ann*a", "^Kopf"),
    ("And", "Or: Not"),
]

QUERIES = [
    "sahin",
    "şahin",
    "SAHIN",
    "oneil",
    "o'neil",
    "al hassan",
    "alhassan",
    "al-hassan",
    "mueller",
    "muller",
    "olena",
    "олена",
    "kov",
    "a",
    "ab",
    "s",
    "hin",
    "ss",
    "%",
    "_",
    "\\",
    '"',
    "0%",
    "ilk sah",
    "a b",
    "x y",
    "ende nichts",
    "nguyen anh",
    "soren",
    "lukasz dab",
    "|",
    "an | na",
    'b"c',
    "near(x)",
    "nn*a",
    "*",
    "^ko",
    "or:",
    "AND",
    "or not",
]


def _like_ids(store: Store, query: str, where: str = "1 = 1", **params: object) -> list[str]:
    """What the list showed before the index: LIKE per term, in German collation."""
    terms = names.search_terms(query)
    clauses = [where]
    for number, term in enumerate(terms):
        clauses.append(f"search_key LIKE :t{number} ESCAPE '\\'")
        params[f"t{number}"] = "%" + names.escape_like(term) + "%"
    sql = f"SELECT id FROM volunteer WHERE {' AND '.join(clauses)} ORDER BY sort_key, id"
    with store.new_session() as session:
        return list(session.scalars(text(sql).columns(id=UuidKey()), params))


def _listed(store: Store, query: str, **filters: object) -> list[str]:
    return [r.id for r in volunteers.list_volunteers(store, search=query, **filters)]  # type: ignore[arg-type]


def _assert_index_in_step(store: Store) -> None:
    with store.engine.begin() as connection:
        indexed = set(
            connection.exec_driver_sql(
                f"SELECT volunteer_id, sort_key, search_key FROM {name_index.SEARCH_TABLE}"
            )
        )
        stored = set(connection.exec_driver_sql("SELECT id, sort_key, search_key FROM volunteer"))
        assert indexed == stored
        if connection.dialect.name != "sqlite":
            return  # PostgreSQL reads the key table through a view: nothing more to compare
        # FTS5 compares its index with the content table and raises if they differ.
        connection.exec_driver_sql(
            f"INSERT INTO {name_index.FTS_TABLE} ({name_index.FTS_TABLE}, rank) "
            "VALUES ('integrity-check', 1)"
        )


def _add_people(store: Store, people: list[tuple[str, str]]) -> list[str]:
    return [volunteers.add_volunteer(store, given_name=g, family_name=f) for g, f in people]


def test_searches_match_the_like_semantics_on_tricky_names(store: Store) -> None:
    _add_people(store, TRICKY_NAMES)
    _assert_index_in_step(store)
    for query in QUERIES:
        expected = _like_ids(store, query)
        assert _listed(store, query) == expected, query
        assert volunteers.count_volunteers(store, search=query) == len(expected), query
        assert [r.id for r in volunteers.list_volunteers(store, search=query, descending=True)] == [
            r.id for r in volunteers.list_volunteers(store, search=query)
        ][::-1] or query == ""


def test_pages_of_a_search_follow_each_other(store: Store) -> None:
    _add_people(store, [(f"Anna {n:02d}", f"Şahin {chr(65 + n % 26)}") for n in range(30)])
    expected = _like_ids(store, "sahin")
    pages = [
        _listed(store, "sahin", offset=offset, limit=7)  # type: ignore[arg-type]
        for offset in range(0, 35, 7)
    ]
    assert [i for page in pages for i in page] == expected


def test_search_combined_with_filters(store: Store) -> None:
    ids = _add_people(store, TRICKY_NAMES)
    volunteers.update_volunteer(store, ids[0], status="aktiv", languages=["Türkisch"])
    volunteers.update_volunteer(store, ids[1], status="aktiv")
    volunteers.update_volunteer(store, ids[8], languages=["Ukrainisch"])
    assert _listed(store, "sahin", status="aktiv") == _like_ids(
        store, "sahin", "status = :s", s="aktiv"
    )
    assert volunteers.count_volunteers(store, search="sahin", status="aktiv") == 2
    assert _listed(store, "sahin", language="Türkisch") == [ids[0]]
    assert volunteers.count_volunteers(store, search="a", language="Ukrainisch") == 1
    assert _listed(store, "a", status="aktiv", sort="phone") == sorted(
        [ids[0], ids[1]], key=_listed(store, "a").index
    )


def test_the_index_follows_edits_and_erasure(store: Store) -> None:
    ids = _add_people(store, TRICKY_NAMES)
    volunteers.update_volunteer(store, ids[0], family_name="Yılmaz")
    assert ids[0] not in _listed(store, "sahin")
    assert _listed(store, "yilmaz") == [ids[0]]
    privacy.erase_person(store, ids[8], confirm_name="Коваленко")
    assert _listed(store, "olena") == _like_ids(store, "olena") == [ids[9]]
    _assert_index_in_step(store)


def test_the_index_follows_sync_imports_and_never_travels(tmp_path: Path) -> None:
    first = replica(tmp_path, "a")
    second = replica(tmp_path, "b")
    try:
        ids = _add_people(first, TRICKY_NAMES)
        import_(second, full_export(first, tmp_path / "one"))
        assert _listed(second, "sahin") == _like_ids(second, "sahin") != []
        volunteers.update_volunteer(first, ids[0], family_name="Yılmaz")
        privacy.erase_person(first, ids[4], confirm_name="Al-Hassan")
        import_(second, full_export(first, tmp_path / "two"))
        assert _listed(second, "yilmaz") == [ids[0]]
        assert ids[4] not in _listed(second, "hassan")
        for query in QUERIES:
            assert _listed(second, query) == _like_ids(second, query), query
        _assert_index_in_step(second)
    finally:
        first.close()
        second.close()


def test_a_table_rebuild_that_drops_the_triggers_is_repaired_on_open(db_path: Path) -> None:
    store = open_office_store(migrated_copy(db_path))
    ids = _add_people(store, TRICKY_NAMES[:5])
    with store.engine.begin() as connection:
        for trigger in name_index.TRIGGERS:
            connection.exec_driver_sql(f"DROP TRIGGER {trigger}")
        connection.execute(
            text(
                "UPDATE volunteer SET family_name = 'Yılmaz', search_key = 'ilkay yilmaz' "
                "WHERE id = :id"
            ).bindparams(bindparam("id", type_=UuidKey())),
            {"id": ids[0]},
        )
    store.close()
    store = open_office_store(db_path)
    try:
        _assert_index_in_step(store)
        assert _listed(store, "yilmaz") == [ids[0]]
    finally:
        store.close()


_LETTERS = "aäbcdeéğhıİiklmnoöprsşßtuüvyzłø' -%_\\олена"


_NAME = st.text(_LETTERS, min_size=1, max_size=12).filter(lambda t: bool(t.strip()))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    people=st.lists(st.tuples(_NAME, _NAME), min_size=1, max_size=6),
    queries=st.lists(st.text(_LETTERS, max_size=8), min_size=1, max_size=6),
)
def test_random_names_and_queries_agree_with_like(
    store: Store, people: list[tuple[str, str]], queries: list[str]
) -> None:
    """Each example adds its names to the same growing list, then compares its queries."""
    _add_people(store, [(given.strip(), family.strip()) for given, family in people])
    for query in queries:
        expected = _like_ids(store, query)
        assert _listed(store, query) == expected
        assert volunteers.count_volunteers(store, search=query) == len(expected)
