"""Rows written in bulk (demo data) travel by sync exactly like rows written through the ORM."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import sync_helpers
from sqlalchemy import func, select

from lotsen_desktop.domain import names
from lotsen_desktop.store.models import Volunteer
from lotsen_desktop.store.sync_tables import TABLE_NUMBERS, change_table, row_table


def _person(given: str, family: str, **values: object) -> dict[str, object]:
    return {
        "given_name": given,
        "family_name": family,
        "search_key": names.search_key(given, family),
        "sort_key": names.sort_key(family, given),
        **values,
    }


def test_bulk_rows_fill_defaults_and_are_logged_once_each(tmp_path: Path) -> None:
    store = sync_helpers.replica(tmp_path, "buero")
    try:
        with store.uow() as uow:
            uow.insert_rows(
                Volunteer,
                [
                    _person("İlkay", "Şahin", birth_date=date(1980, 2, 29)),
                    _person("Ana <b>", 'O\'Neil & "Partner"', migration_experience=True),
                ],
            )
            uow.commit()
            assert uow.changed_tables == {"volunteer"}
        with store.new_session() as session:
            people = session.scalars(select(Volunteer).order_by(Volunteer.sort_key)).all()
            assert [p.title_form for p in people] == ["neutral", "neutral"]
            assert all(p.created_at is not None and p.changed_by for p in people)
            logged = session.scalar(
                select(func.count())
                .select_from(change_table)
                .where(change_table.c.tbl == "volunteer")
            )
            assert logged == 2
    finally:
        store.close()


def test_bulk_rows_travel_whole_to_another_machine(tmp_path: Path) -> None:
    source = sync_helpers.replica(tmp_path, "buero")
    target = sync_helpers.replica(tmp_path, "laptop")
    try:
        with source.uow() as uow:
            uow.insert_rows(
                Volunteer,
                [_person("Олена", "Шевченко", birth_date=date(1975, 5, 1), phone="0511 1")],
            )
            uow.commit()
        sync_helpers.import_(target, sync_helpers.full_export(source, tmp_path / "voll.lotsen"))
        assert sync_helpers.digest(target) == sync_helpers.digest(source)
    finally:
        source.close()
        target.close()


def test_a_bulk_row_with_a_known_id_starts_a_new_life(tmp_path: Path) -> None:
    """A natural id deleted earlier gets the next generation, so other machines apply it."""
    source = sync_helpers.replica(tmp_path, "buero")
    target = sync_helpers.replica(tmp_path, "laptop")
    try:
        with source.uow() as uow:
            uow.insert_rows(Volunteer, [_person("Łukasz", "Nowak", id="person-1")])
            uow.commit()
        with source.uow() as uow:
            uow.session.delete(uow.session.get(Volunteer, "person-1"))
            uow.commit()
        with source.uow() as uow:
            uow.insert_rows(Volunteer, [_person("Łukasz", "Nowak", id="person-1", city="Celle")])
            uow.commit()
        with source.new_session() as session:
            gen = session.scalar(
                select(row_table.c.gen).where(
                    row_table.c.tbl == TABLE_NUMBERS["volunteer"],
                    row_table.c.row_id == "person-1",
                )
            )
            assert gen == 1
        sync_helpers.import_(target, sync_helpers.full_export(source, tmp_path / "voll.lotsen"))
        assert sync_helpers.digest(target) == sync_helpers.digest(source)
        with target.new_session() as session:
            assert session.get(Volunteer, "person-1") is not None
            assert session.get(Volunteer, "person-1").city == "Celle"
    finally:
        source.close()
        target.close()


def test_bulk_rows_carry_their_state_inline_with_the_stamp_of_their_log_entry(
    tmp_path: Path,
) -> None:
    """Demo data at L wrote 2.2 million ``sync_row`` entries and then folded them into the rows
    (20 s): the rows now get their state as they are written, and nothing is left to fold."""
    from lotsen_desktop.store import inline_state
    from lotsen_desktop.sync import capture
    from lotsen_desktop.sync.state import all_states, load_states

    source = sync_helpers.replica(tmp_path, "buero")
    target = sync_helpers.replica(tmp_path, "laptop")
    try:
        with source.uow() as uow:
            uow.insert_rows(
                Volunteer,
                [_person("Nguyễn Thị", "Ánh", id=f"p-{i}", phone=f"0511 {i}") for i in range(3)],
            )
            uow.commit()
        with source.new_session() as session:
            ids = {"p-0", "p-1", "p-2"}
            stored = session.scalar(
                select(func.count())
                .select_from(row_table)
                .where(row_table.c.tbl == TABLE_NUMBERS["volunteer"], row_table.c.row_id.in_(ids))
            )
            assert stored == 0
            logged = dict(
                session.execute(
                    select(change_table.c.row_id, change_table.c.hlc).where(
                        change_table.c.tbl == "volunteer", change_table.c.row_id.in_(ids)
                    )
                ).all()
            )
            states = load_states(session, [("volunteer", i) for i in sorted(ids)])
            assert not states.stored  # read from the rows
            site = capture.site_id(source)
            assert {k[1]: s.stamps.default for k, s in states.items()} == {
                i: (logged[i], site) for i in ids
            }
            assert len(set(logged.values())) == 3  # each its own stamp
            before = {(s.tbl, s.row_id): s for s in all_states(session)}
        with source.uow() as uow:
            assert inline_state.fold(uow.session.connection(), ["volunteer"]) == 0  # none to fold
            uow.session.delete(uow.session.get(Volunteer, "p-1"))
            uow.commit()
        with source.new_session() as session:
            after = {(s.tbl, s.row_id): s for s in all_states(session)}
        dead = after.pop(("volunteer", "p-1"))
        assert not dead.alive and dead.deleted is not None
        before.pop(("volunteer", "p-1"))
        assert {k: v for k, v in after.items() if k in before} == before
        sync_helpers.import_(target, sync_helpers.full_export(source, tmp_path / "voll.lotsen"))
        assert sync_helpers.digest(target) == sync_helpers.digest(source)
    finally:
        source.close()
        target.close()
