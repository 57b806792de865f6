"""Demo data and the digest that compares machines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from db_template import migrated_copy

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.services import demo, digest, progress, status, volunteers
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import Volunteer
from lotsen_desktop.tasks import Cancelled


def test_demo_fills_a_realistic_office(store: Store) -> None:
    counts = demo.fill_demo(store, volunteers=300, seed=3)
    assert counts["volunteers"] == 300 and counts["courses"] == 20
    assert counts["attendance"] > 1000 and counts["log_entries"] > 100
    names = {
        (r.given_name, r.family_name)
        for r in volunteers.list_volunteers(store, with_qualification=False)
    }
    assert ("İlkay", "Şahin") in names and ("Ana <b>", 'O\'Neil & "Partner"') in names
    assert len(progress.progress_overview(store)) > 100
    assert status.store_status(store).counts["course_session"] > 100


def test_demo_is_deterministic_and_only_for_empty_databases(tmp_path: Path, store: Store) -> None:
    """Same seed, same data: every row and id alike (the digest); another seed, other data."""
    day = date(2026, 3, 1)
    demo.fill_demo(store, volunteers=30, seed=5, today=day)
    with pytest.raises(ValidationError):
        demo.fill_demo(store, volunteers=30, seed=5, today=day)
    same = open_office_store(migrated_copy(tmp_path / "same.sqlite"))
    other = open_office_store(migrated_copy(tmp_path / "other.sqlite"))
    try:
        demo.fill_demo(same, volunteers=30, seed=5, today=day)
        demo.fill_demo(other, volunteers=30, seed=6, today=day)
        assert digest.compute_digest(same) == digest.compute_digest(store)
        assert digest.compute_digest(other) != digest.compute_digest(store)
    finally:
        same.close()
        other.close()


def test_cancelled_demo_writes_nothing(store: Store) -> None:
    before = digest.compute_digest(store)
    with pytest.raises(Cancelled):
        demo.fill_demo(store, volunteers=50, progress=lambda done, total: done < 20)
    assert digest.compute_digest(store) == before


def _insert(store: Store, rows: list[tuple[str, str, str]]) -> None:
    with store.uow() as uow:
        for row_id, given, family in rows:
            uow.session.add(Volunteer(id=row_id, given_name=given, family_name=family))
        uow.commit()


def test_digest_ignores_insertion_order_and_bookkeeping(tmp_path: Path) -> None:
    one = open_office_store(migrated_copy(tmp_path / "one.sqlite"), user="anna")
    two = open_office_store(migrated_copy(tmp_path / "two.sqlite"), user="bernd")
    try:
        rows = [
            ("id-1", "Nguyễn Thị", "Ánh"),
            ("id-2", "Łukasz", "Nowak"),
            ("id-3", "Олена", "Коваленко"),
        ]
        _insert(one, rows)
        _insert(two, list(reversed(rows)))
        assert digest.compute_digest(one) == digest.compute_digest(two)
        volunteers.update_volunteer(two, "id-2", city="Celle")
        assert digest.compute_digest(one) != digest.compute_digest(two)
    finally:
        one.close()
        two.close()


def test_short_digest_for_the_phone() -> None:
    assert digest.short_digest("abcdef0123456789") == "ABCD EF01 2345"


@pytest.mark.slow
def test_demo_written_in_checkpoints_travels_whole_to_another_machine(tmp_path: Path) -> None:
    """Demo data is captured batch by batch; a full export must still carry every row."""
    import sync_helpers

    source = sync_helpers.replica(tmp_path, "buero")
    target = sync_helpers.replica(tmp_path, "laptop")
    try:
        demo.fill_demo(source, volunteers=1001, seed=2)  # more than one checkpoint batch
        sync_helpers.import_(target, sync_helpers.full_export(source, tmp_path / "voll.lotsen"))
        assert digest.compute_digest(target) == digest.compute_digest(source)
    finally:
        source.close()
        target.close()


def test_demo_statuses_agree_with_computed_qualification(store: Store) -> None:
    demo.fill_demo(store, volunteers=300, seed=4)
    overview = progress.progress_overview(store)
    people = volunteers.list_volunteers(store, with_qualification=False)
    qualified_statuses = {"qualifiziert", "aktiv", "pausiert", "ausgeschieden"}
    assert {p.status for p in people} >= qualified_statuses | {"interessiert", "in_qualifizierung"}
    for person in people:
        computed = overview.get(person.id)
        if person.status in qualified_statuses:
            assert computed is not None and computed.qualified, person.status
        else:
            assert computed is None or not computed.qualified, person.status
        if person.status == "interessiert":
            assert computed is None  # not enrolled anywhere
