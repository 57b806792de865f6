"""The merge rules, one scenario each: conflicts, deletes, duplicates, unique values, packages."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import bindparam, select, text
from sync_helpers import (
    PASS,
    digest,
    export,
    full_export,
    import_,
    log_keys,
    replica,
    trainer_with_mark,
)

from lotsen_desktop.errors import ValidationError
from lotsen_desktop.fileformat import SyncFileError, open_sealed, read_bytes
from lotsen_desktop.services import courses, modules, volunteers
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import (
    Attendance,
    Certificate,
    Course,
    Enrolment,
    Module,
    Volunteer,
)
from lotsen_desktop.store.sync_tables import SyncChange
from lotsen_desktop.store.timestamps import UtcTimestamp
from lotsen_desktop.store.types import UuidKey
from lotsen_desktop.sync import conflicts, exchange
from lotsen_desktop.sync.clock import DAY_MS


def swap(a: Store, b: Store, folder: Path) -> None:
    """A and B import each other's full export."""
    folder.mkdir(parents=True, exist_ok=True)
    fa, fb = full_export(a, folder / "a-to-b"), full_export(b, folder / "b-to-a")
    import_(b, fa)
    import_(a, fb)


def person(store: Store, **fields: object) -> str:
    values: dict[str, object] = {"given_name": "İlkay", "family_name": "Şahin"}
    values.update(fields)
    return volunteers.add_volunteer(store, **values)  # type: ignore[arg-type]


def course_with(store: Store, people: list[str]) -> tuple[str, list[str]]:
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
    sessions = [s.id for s in courses.get_course(store, course_id).sessions]
    return course_id, sessions


def test_concurrent_edit_keeps_loser_in_conflict_list_and_revert_wins_everywhere(
    tmp_path: Path, office: Store, laptop: Store
) -> None:
    vid = person(office)
    swap(office, laptop, tmp_path / "1")
    volunteers.update_volunteer(laptop, vid, phone="0511 111")
    volunteers.update_volunteer(office, vid, phone="0511 222")  # later stamp: wins
    swap(office, laptop, tmp_path / "2")
    assert digest(office) == digest(laptop)
    assert volunteers.get_volunteer(laptop, vid).phone == "0511 222"
    found = conflicts.list_conflicts(laptop)
    assert [(c.kind, c.field, c.kept, c.lost) for c in found] == [
        ("field", "Telefon", "0511 222", "0511 111")
    ]
    assert found[0].record == "Şahin, İlkay"
    assert found[0].can_revert
    conflicts.revert_conflict(laptop, found[0].id)
    assert conflicts.list_conflicts(laptop) == []
    swap(office, laptop, tmp_path / "3")
    assert volunteers.get_volunteer(office, vid).phone == "0511 111"
    assert digest(office) == digest(laptop)


def test_edit_after_seeing_wins_without_conflict(
    tmp_path: Path, office: Store, laptop: Store
) -> None:
    vid = person(office)
    swap(office, laptop, tmp_path / "1")
    volunteers.update_volunteer(laptop, vid, city="Celle")
    swap(office, laptop, tmp_path / "2")
    volunteers.update_volunteer(office, vid, city="Hannover")
    swap(office, laptop, tmp_path / "3")
    assert volunteers.get_volunteer(laptop, vid).city == "Hannover"
    assert conflicts.list_conflicts(office) == conflicts.list_conflicts(laptop) == []


def test_attendance_of_two_trainers_on_different_sessions_merges(
    tmp_path: Path, office: Store, laptop: Store, second: Store
) -> None:
    people = [person(office), person(office, given_name="Олена", family_name="Коваль")]
    course_id, sessions = course_with(office, people)
    for store in (laptop, second):
        import_(store, full_export(office, tmp_path / f"c-{store.path.parent.name}"))
    courses.set_attendance(
        laptop, course_id=course_id, session_id=sessions[0], volunteer_ids=people, state="anwesend"
    )
    courses.set_attendance(
        second,
        course_id=course_id,
        session_id=sessions[1],
        volunteer_ids=people,
        state="entschuldigt",
    )
    for store in (laptop, second):
        summary = import_(
            office, export(store, tmp_path / f"back-{store.path.parent.name}", full=True)
        )
        assert "2 neue Anwesenheiten" in summary.text
        assert summary.conflicts == 0
    grid = courses.attendance_grid(office, course_id)
    assert grid.cell(people[0], sessions[0]).state == "anwesend"
    assert grid.cell(people[1], sessions[1]).state == "entschuldigt"


def test_same_cell_marked_twice_is_one_row_with_a_conflict(
    tmp_path: Path, office: Store, laptop: Store
) -> None:
    vid = person(office)
    course_id, sessions = course_with(office, [vid])
    import_(laptop, full_export(office, tmp_path / "c"))
    courses.set_attendance(
        laptop, course_id=course_id, session_id=sessions[0], volunteer_ids=[vid], state="anwesend"
    )
    courses.set_attendance(
        office,
        course_id=course_id,
        session_id=sessions[0],
        volunteer_ids=[vid],
        state="unentschuldigt",
    )
    swap(office, laptop, tmp_path / "s")
    for store in (office, laptop):
        with store.new_session() as session:
            assert session.scalars(select(Attendance.state)).all() == ["unentschuldigt"]
    assert [c.field for c in conflicts.list_conflicts(laptop)] == ["Anwesenheit"]
    assert digest(office) == digest(laptop)


def test_delete_wins_over_concurrent_edit_and_can_be_reverted(
    tmp_path: Path, office: Store, laptop: Store
) -> None:
    vid = person(office, city="Celle", languages=("Arabisch",))
    course_id, _sessions = course_with(office, [vid])
    swap(office, laptop, tmp_path / "1")
    courses.update_course(laptop, course_id, place="Raum 12")
    courses.delete_course(office, course_id)
    swap(office, laptop, tmp_path / "2")
    for store in (office, laptop):
        with store.new_session() as session:
            assert session.get(Course, course_id) is None
            assert session.scalars(select(Enrolment.id)).all() == []
    assert digest(office) == digest(laptop)
    found = conflicts.list_conflicts(laptop)
    assert [c.kind for c in found] == ["deleted"]
    assert "Raum 12" in found[0].lost
    conflicts.revert_conflict(laptop, found[0].id)
    swap(office, laptop, tmp_path / "3")
    assert courses.get_course(office, course_id).place == "Raum 12"
    assert digest(office) == digest(laptop)


def test_a_deleted_person_is_erased_and_cannot_come_back_by_revert(
    tmp_path: Path, office: Store, laptop: Store
) -> None:
    vid = person(office, city="Celle", languages=("Arabisch",))
    course_with(office, [vid])
    swap(office, laptop, tmp_path / "1")
    volunteers.update_volunteer(laptop, vid, phone="0170 123")
    with office.uow() as uow:
        uow.session.delete(uow.session.get(Volunteer, vid))
        uow.commit()
    swap(office, laptop, tmp_path / "2")
    for store in (office, laptop):
        with store.new_session() as session:
            assert session.get(Volunteer, vid) is None
            assert session.scalars(select(Enrolment.id)).all() == []
    assert digest(office) == digest(laptop)
    found = conflicts.list_conflicts(laptop)
    assert [c.kind for c in found] == ["deleted"]
    assert "0170 123" not in found[0].lost and not found[0].can_revert
    with pytest.raises(ValidationError):
        conflicts.revert_conflict(laptop, found[0].id)


def test_database_cascade_is_captured_as_deletes(office: Store) -> None:
    vid = person(office)
    course_id, sessions = course_with(office, [vid])
    courses.set_attendance(
        office, course_id=course_id, session_id=sessions[0], volunteer_ids=[vid], state="anwesend"
    )
    with office.uow() as uow:  # enrolment and attendance go by ON DELETE CASCADE only
        uow.session.delete(uow.session.get(Volunteer, vid))
        uow.commit()
    with office.new_session() as session:
        deleted = set(session.execute(select(SyncChange.tbl).where(SyncChange.op == "d")).scalars())
        assert {"volunteer", "enrolment", "attendance", "status_change"} <= deleted
        # the erased person does not live on in the log
        rows = (
            session.execute(select(SyncChange.data).where(SyncChange.row_id == vid)).scalars().all()
        )
        assert all(json.loads(r) == {} for r in rows)


def test_child_created_concurrently_with_parent_delete_is_removed_everywhere(
    tmp_path: Path, office: Store, laptop: Store
) -> None:
    vid = person(office)
    course_id, sessions = course_with(office, [vid])
    swap(office, laptop, tmp_path / "1")
    courses.set_attendance(
        laptop, course_id=course_id, session_id=sessions[0], volunteer_ids=[vid], state="anwesend"
    )
    courses.delete_course(office, course_id)
    swap(office, laptop, tmp_path / "2")
    swap(office, laptop, tmp_path / "3")
    for store in (office, laptop):
        with store.new_session() as session:
            assert session.scalars(select(Attendance.id)).all() == []
    assert digest(office) == digest(laptop)
    # the mark made without knowing of the deletion is listed, never dropped silently
    for store in (office, laptop):
        assert [c.kind for c in conflicts.list_conflicts(store)] == ["orphan"]


def test_same_person_created_twice_is_a_possible_duplicate_never_merged(
    tmp_path: Path, office: Store, second: Store
) -> None:
    a = person(office, birth_date=date(1985, 4, 1))
    b = person(second, given_name="ilkay", family_name="SAHIN", birth_date=date(1985, 4, 1))
    swap(office, second, tmp_path / "1")
    for store in (office, second):
        assert {r.id for r in volunteers.list_volunteers(store)} == {a, b}
        rows = conflicts.list_duplicates(store)
        assert [(r.first_id, r.second_id) for r in rows] == [(min(a, b), max(a, b))]
    conflicts.dismiss_duplicate(office, conflicts.list_duplicates(office)[0].id)
    assert conflicts.list_duplicates(office) == []


def test_certificate_serial_used_twice_offline_is_renamed_not_crashing(
    tmp_path: Path, office: Store, second: Store
) -> None:
    for store in (office, second):
        with store.uow() as uow:
            uow.session.add(
                Certificate(
                    serial="IL-2026-001",
                    kind="zertifikat",
                    issued_on=date(2026, 5, 1),
                    checksum="x" * 64,
                )
            )
            uow.commit()
    swap(office, second, tmp_path / "1")
    swap(office, second, tmp_path / "2")
    for store in (office, second):
        with store.new_session() as session:
            serials = sorted(session.scalars(select(Certificate.serial)))
        assert serials[0] == "IL-2026-001"
        assert serials[1].startswith("IL-2026-001~")
    assert digest(office) == digest(second)
    assert any(
        c.kind == "unique"
        for c in conflicts.list_conflicts(office) + conflicts.list_conflicts(second)
    )


def test_module_code_created_on_two_machines(tmp_path: Path, office: Store, second: Store) -> None:
    for store in (office, second):
        modules.add_module(
            store, code="SPEZ-DIGITAL", title="Digitales", kind="spezialisierung", hours=8
        )
    swap(office, second, tmp_path / "1")
    swap(office, second, tmp_path / "2")
    with office.new_session() as session:
        codes = sorted(
            session.scalars(select(Module.code).where(Module.code.like("SPEZ-DIGITAL%")))
        )
    assert codes[0] == "SPEZ-DIGITAL" and codes[1].startswith("SPEZ-DIGITAL~")
    assert digest(office) == digest(second)


def test_same_file_twice_and_any_order(
    tmp_path: Path, office: Store, laptop: Store, second: Store
) -> None:
    vid = person(office)
    swap(office, laptop, tmp_path / "0")
    import_(second, full_export(office, tmp_path / "0b"))
    volunteers.update_volunteer(laptop, vid, city="Celle")
    person(second, given_name="Łukasz", family_name="Nowak")
    f1 = full_export(laptop, tmp_path / "f1")
    f2 = full_export(second, tmp_path / "f2")
    first = import_(office, f1)
    assert first.received > 0
    again = import_(office, f1)
    assert again.text == "Keine neuen Änderungen"
    import_(office, f2)
    # a fourth machine takes them the other way round
    other = replica(tmp_path, "Andere")
    import_(other, full_export(office, tmp_path / "base"))
    fresh = replica(tmp_path, "Neu")
    import_(fresh, f2)
    import_(fresh, f1)
    import_(fresh, full_export(office, tmp_path / "base2"))
    assert digest(fresh) == digest(office) == digest(other)
    other.close()
    fresh.close()


def test_dry_run_changes_nothing_and_speaks_german(
    tmp_path: Path, office: Store, laptop: Store
) -> None:
    vid = person(office)
    course_id, sessions = course_with(office, [vid])
    courses.set_attendance(
        office, course_id=course_id, session_id=sessions[0], volunteer_ids=[vid], state="anwesend"
    )
    path = full_export(office, tmp_path / "f")
    before, keys = digest(laptop), log_keys(laptop)
    summary = import_(laptop, path, dry_run=True)
    assert summary.dry_run
    assert "1 neue Anwesenheit" in summary.text and "1 neue Person" in summary.text
    assert digest(laptop) == before and log_keys(laptop) == keys
    assert exchange.history(laptop)[0].direction == "import"  # the join import only
    assert len(exchange.history(laptop)) == 1
    real = import_(laptop, path)
    assert real.text == summary.text
    assert digest(laptop) == digest(office)
    assert real.digest == ""  # left to the caller: the window computes it in the background


def test_delta_carries_only_unseen_changes_and_relays(
    tmp_path: Path, office: Store, laptop: Store, second: Store
) -> None:
    swap(office, laptop, tmp_path / "0")
    vid = person(laptop)
    delta = exchange.export_file(laptop, tmp_path / "d1", passphrase=PASS, peer="Büro", kdf_n=2**10)
    own = exchange.site_info(laptop).site_id
    # the laptop's own entries the office has not acknowledged, none of the office's own
    assert delta.changes == len({k for k in log_keys(laptop) if k[0] == own}) > 0
    import_(office, delta.path)
    # the office relays the laptop's person to the second office
    import_(second, full_export(office, tmp_path / "relay"))
    assert volunteers.get_volunteer(second, vid).family_name == "Şahin"
    peers = {p.name: p for p in exchange.list_peers(office)}
    assert peers["Laptop"].unseen == 0


def test_gap_is_refused_with_a_clear_message(tmp_path: Path, office: Store, laptop: Store) -> None:
    swap(office, laptop, tmp_path / "0")
    person(office)
    import_(laptop, export(office, tmp_path / "d1", peer="Laptop"))
    # the office believes the laptop has d1; a fresh machine lacks it
    person(office, given_name="Maria")
    d2 = export(office, tmp_path / "d2", peer="Laptop")
    fresh = replica(tmp_path, "Neu")
    import_(fresh, full_export(laptop, tmp_path / "laptop-full"))
    wipe = replica(tmp_path, "Leer")
    before = digest(wipe)
    with pytest.raises(SyncFileError, match="vollständigen Export"):
        import_(wipe, d2)
    assert digest(wipe) == before
    import_(fresh, d2)  # fits: the laptop's full export carried d1
    fresh.close()
    wipe.close()


def test_course_package_carries_names_only_and_attendance_comes_back(
    tmp_path: Path, office: Store
) -> None:
    vid = person(
        office,
        birth_date=date(1979, 12, 24),
        street="Geheimweg 7",
        city="Hannover",
        phone="0511 999999",
        email="ilkay@example.org",
        notes="vertraulich-notiz",
        consents=(("foto", "v1"),),
    )
    other = person(office, given_name="Nguyễn Thị", family_name="Ánh")
    course_id, sessions = course_with(office, [vid, other])
    package = exchange.export_file(
        office, tmp_path / "kurs", passphrase=PASS, course_id=course_id, kdf_n=2**10
    )
    manifest, payload = open_sealed(read_bytes(package.path), PASS)
    assert manifest["kind"] == "course"
    body = payload.decode()
    for secret in (
        "Geheimweg",
        "1979-12-24",
        "0511 999999",
        "ilkay@example.org",
        "vertraulich",
        "foto",
        "Hannover",
    ):
        assert secret not in body
    assert "İlkay" in body and "Ánh" in body
    tables = {item[0] for item in json.loads(body)["snapshot"]}
    assert tables == {"module", "course", "course_session", "enrolment", "volunteer"}

    trainer = replica(tmp_path, "Kursleitung")
    summary = import_(trainer, package.path)
    assert "2 neue Personen" in summary.text
    detail = volunteers.get_volunteer(trainer, vid)
    assert (detail.street, detail.birth_date, detail.phone) == ("", None, "")
    courses.set_attendance(
        trainer,
        course_id=course_id,
        session_id=sessions[0],
        volunteer_ids=[vid, other],
        state="anwesend",
    )
    back = export(trainer, tmp_path / "zurueck", peer="Büro")
    result = import_(office, back)
    assert "2 neue Anwesenheiten" in result.text
    assert result.conflicts == 0
    kept = volunteers.get_volunteer(office, vid)
    assert (kept.street, kept.phone) == ("Geheimweg 7", "0511 999999")
    # a second package after more office work merges on the trainer's laptop
    courses.set_attendance(
        office,
        course_id=course_id,
        session_id=sessions[1],
        volunteer_ids=[vid],
        state="entschuldigt",
    )
    again = exchange.export_file(
        office, tmp_path / "kurs2", passphrase=PASS, course_id=course_id, kdf_n=2**10
    )
    assert "1 neue Anwesenheit" in import_(trainer, again.path).text
    trainer.close()


def test_change_from_a_package_machine_waits_until_its_parents_arrive(
    tmp_path: Path, office: Store
) -> None:
    vid = person(office)
    course_id, sessions = course_with(office, [vid])
    trainer = trainer_with_mark(tmp_path, office, course_id, sessions[0], vid)
    third = replica(tmp_path, "Dritter")
    summary = import_(third, full_export(trainer, tmp_path / "t"))
    assert summary.pending == 1
    import_(third, full_export(office, tmp_path / "o"))
    with third.new_session() as session:
        assert session.scalars(select(Attendance.state)).all() == ["anwesend"]
    trainer.close()
    third.close()


def test_rows_written_around_the_orm_are_swept_into_the_log(
    tmp_path: Path, office: Store, laptop: Store
) -> None:
    vid = person(office)
    with office.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO volunteer_interest (id, volunteer_id, area, created_at, updated_at, changed_by)"
                " VALUES (:i, :v, 'sprache', :t, :t, 'x')"
            ).bindparams(
                bindparam("i", type_=UuidKey()),
                bindparam("v", type_=UuidKey()),
                bindparam("t", type_=UtcTimestamp()),
            ),
            {"i": "00000000-0000-4000-8000-000000000001", "v": vid, "t": datetime(2026, 1, 1)},
        )
    swap(office, laptop, tmp_path / "1")
    assert digest(office) == digest(laptop)


def test_clock_far_ahead_is_reported(
    tmp_path: Path, office: Store, laptop: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import lotsen_desktop.sync.clock as clock

    real = clock.wall_ms
    monkeypatch.setattr(clock, "wall_ms", lambda: real() + 400 * DAY_MS)
    person(laptop)
    path = full_export(laptop, tmp_path / "ahead")
    monkeypatch.setattr(clock, "wall_ms", real)
    monkeypatch.setattr(exchange.importing, "wall_ms", real)
    summary = import_(office, path)
    assert any("Uhr" in w for w in summary.warnings)
    # an edit made after seeing the future stamp still wins
    vid = volunteers.list_volunteers(office)[0].id
    volunteers.update_volunteer(office, vid, city="Celle")
    import_(laptop, full_export(office, tmp_path / "back"))
    assert volunteers.get_volunteer(laptop, vid).city == "Celle"


def test_origin_metadata_kept_and_search_keys_recomputed(
    tmp_path: Path, office: Store, laptop: Store
) -> None:
    vid = person(office, given_name="Łukasz", family_name="Żółć")
    import_(laptop, full_export(office, tmp_path / "f"))
    with office.new_session() as a, laptop.new_session() as b:
        mine, theirs = a.get(Volunteer, vid), b.get(Volunteer, vid)
        assert mine is not None and theirs is not None
        assert theirs.changed_by == "user-Büro"
        assert (theirs.created_at, theirs.updated_at) == (mine.created_at, mine.updated_at)
        assert (theirs.search_key, theirs.sort_key) == (mine.search_key, mine.sort_key)
    assert [r.id for r in volunteers.list_volunteers(laptop, search="lukasz zolc")] == [vid]
