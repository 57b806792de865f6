"""The status follows the qualification figures (issue 11, item 6), also across an exchange."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sync_helpers import export, import_

from lotsen_desktop.services import courses, volunteers
from lotsen_desktop.services.status_follow import automatic_step_id
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import StatusChange

TODAY = date(2030, 1, 1)
DAYS = [date(2026, 11, 7), date(2026, 11, 14), date(2026, 11, 28)]


def _course(store: Store) -> str:
    return courses.add_course(
        store,
        module_code="BASIS",
        title="Basis Herbst 2026",
        session_dates=DAYS,
        units_per_session=16,
    )


def _mark(store: Store, course_id: str, person: str, state: str, index: int | None = None) -> None:
    sessions = courses.get_course(store, course_id).sessions
    for item in sessions if index is None else [sessions[index]]:
        courses.set_attendance(
            store,
            course_id=course_id,
            session_id=item.id,
            volunteer_ids=[person],
            state=state,
            today=TODAY,
        )


def _history(store: Store, person: str) -> list[tuple[str, str]]:
    detail = volunteers.get_volunteer(store, person)
    return [(s.status, s.note) for s in detail.status_history]


def test_qualified_person_becomes_qualified_with_the_reason_in_the_history(store: Store) -> None:
    person = volunteers.add_volunteer(store, given_name="İlkay", family_name="Şahin")
    course_id = _course(store)
    courses.enrol_volunteers(store, course_id=course_id, volunteer_ids=[person])
    assert volunteers.get_volunteer(store, person).status == "in_qualifizierung"
    _mark(store, course_id, person, "anwesend")
    detail = volunteers.get_volunteer(store, person)
    assert detail.status == "qualifiziert"
    last = detail.status_history[-1]
    assert (last.status, last.note) == ("qualifiziert", "automatisch: Basismodul abgeschlossen")
    assert last.changed_on >= DAYS[-1]
    assert last.id == automatic_step_id(person, 1)


def test_losing_the_qualification_goes_back_and_a_regain_follows_again(store: Store) -> None:
    person = volunteers.add_volunteer(store, given_name="Ánh", family_name="Nguyễn Thị")
    course_id = _course(store)
    courses.enrol_volunteers(store, course_id=course_id, volunteer_ids=[person])
    _mark(store, course_id, person, "anwesend")
    _mark(store, course_id, person, "unentschuldigt", index=0)
    detail = volunteers.get_volunteer(store, person)
    assert detail.status == "in_qualifizierung"
    assert detail.status_history[-1].note == "automatisch: Qualifizierung nicht mehr erfüllt"
    _mark(store, course_id, person, "anwesend", index=0)
    assert volunteers.get_volunteer(store, person).status == "qualifiziert"
    statuses = [s for s, _note in _history(store, person)]
    assert statuses[-3:] == ["qualifiziert", "in_qualifizierung", "qualifiziert"]


def test_a_status_set_by_hand_later_is_respected(store: Store) -> None:
    person = volunteers.add_volunteer(store, given_name="Олена", family_name="Коваленко")
    course_id = _course(store)
    courses.enrol_volunteers(store, course_id=course_id, volunteer_ids=[person])
    _mark(store, course_id, person, "anwesend")
    volunteers.update_volunteer(store, person, status="in_qualifizierung")
    # another change of her figures, still qualified: the manual status stays
    second = courses.add_course(
        store, module_code="BASIS", title="Basis Winter", session_dates=DAYS, units_per_session=16
    )
    courses.enrol_volunteers(store, course_id=second, volunteer_ids=[person])
    _mark(store, second, person, "anwesend")
    assert volunteers.get_volunteer(store, person).status == "in_qualifizierung"
    # active people never change automatically, not even when the qualification is lost
    volunteers.update_volunteer(store, person, status="aktiv")
    courses.unenrol_volunteer(store, course_id=second, volunteer_id=person)
    courses.unenrol_volunteer(store, course_id=course_id, volunteer_id=person)
    assert volunteers.get_volunteer(store, person).status == "aktiv"


def test_an_exchange_carries_the_step_once_and_never_repeats_it(
    office: Store, laptop: Store, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    person = volunteers.add_volunteer(office, given_name="Omar", family_name="Al-Hassan")
    course_id = _course(office)
    courses.enrol_volunteers(office, course_id=course_id, volunteer_ids=[person])
    import_(laptop, export(office, tmp_path / "a", full=True))
    # both machines record the same attendance independently and each derives the step
    _mark(office, course_id, person, "anwesend")
    _mark(laptop, course_id, person, "anwesend")
    import_(laptop, export(office, tmp_path / "b", full=True))
    import_(office, export(laptop, tmp_path / "c", full=True))
    for store in (office, laptop):
        with store.new_session() as session:
            count = session.scalar(
                select(func.count())
                .select_from(StatusChange)
                .where(StatusChange.volunteer_id == person, StatusChange.status == "qualifiziert")
            )
        assert count == 1
        assert volunteers.get_volunteer(store, person).status == "qualifiziert"


def test_a_manual_correction_travels_with_the_attendance_and_is_kept(
    office: Store,
    laptop: Store,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    person = volunteers.add_volunteer(office, given_name="Saida", family_name="Haile")
    course_id = _course(office)
    courses.enrol_volunteers(office, course_id=course_id, volunteer_ids=[person])
    import_(laptop, export(office, tmp_path / "a", full=True))
    _mark(office, course_id, person, "anwesend")  # the office derives the step ...
    volunteers.update_volunteer(office, person, status="in_qualifizierung")  # ... and undoes it
    # the laptop gets attendance and correction in one file: its figures qualify her now, but
    # the step was already taken (it came with the file), so the correction stays
    import_(laptop, export(office, tmp_path / "b", full=True))
    assert volunteers.get_volunteer(laptop, person).status == "in_qualifizierung"
    assert _history(laptop, person) == _history(office, person)


def test_a_status_derived_during_an_import_is_logged_as_a_local_change(
    office: Store,
    laptop: Store,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    from lotsen_desktop.store.sync_tables import SyncChange
    from lotsen_desktop.sync.capture import site_id

    person = volunteers.add_volunteer(office, given_name="Nguyễn Thị", family_name="Ánh")
    course_id = _course(office)
    courses.enrol_volunteers(office, course_id=course_id, volunteer_ids=[person])
    import_(laptop, export(office, tmp_path / "a", full=True))
    _mark(laptop, course_id, person, "anwesend")
    import_(office, export(laptop, tmp_path / "b", course_id=course_id))  # attendance only
    assert volunteers.get_volunteer(office, person).status == "qualifiziert"
    with office.new_session() as session:
        logged = session.scalars(
            select(SyncChange.data).where(
                SyncChange.tbl == "volunteer",
                SyncChange.row_id == person,
                SyncChange.origin == site_id(office),
            )
        ).all()
    assert any('"qualifiziert"' in str(data) for data in logged)


def test_status_follow_repairs_people_qualified_before_this_version(
    store: Store,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    from lotsen_desktop.cli import main as cli_main
    from lotsen_desktop.services import qualification

    person = volunteers.add_volunteer(store, given_name="İlkay", family_name="Şahin")
    course_id = _course(store)
    courses.enrol_volunteers(store, course_id=course_id, volunteer_ids=[person])
    with store.uow() as uow:  # as an older version left her: qualified, status not following
        uow.session.info[qualification.FOLLOW_STATUS] = False
        _mark_in(uow, course_id, person)
        uow.commit()
    assert volunteers.get_volunteer(store, person).status == "in_qualifizierung"
    assert cli_main(["--db", store.target, "status-follow"]) == 0
    assert "1 Status folgt" in capsys.readouterr().out
    assert volunteers.get_volunteer(store, person).status == "qualifiziert"
    assert cli_main(["--db", store.target, "status-follow"]) == 0  # nothing more to do
    assert "0 Status folgen" in capsys.readouterr().out


def _mark_in(uow, course_id: str, person: str) -> None:  # type: ignore[no-untyped-def]
    from lotsen_desktop.store.models import Attendance, CourseSession, natural_id

    for session_id in uow.session.scalars(
        select(CourseSession.id).where(CourseSession.course_id == course_id)
    ):
        uow.session.add(
            Attendance(
                id=natural_id("attendance", session_id, person),
                session_id=session_id,
                volunteer_id=person,
                state="anwesend",
            )
        )


def test_a_status_derived_while_a_full_export_is_received_is_logged_as_a_local_change(
    office: Store,
    laptop: Store,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    """The import of a whole file merges inside a savepoint; the status still follows at the
    import's own commit, with change capture on, so the step travels."""
    from lotsen_desktop.store.sync_tables import SyncChange
    from lotsen_desktop.sync.capture import site_id

    person = volunteers.add_volunteer(office, given_name="Łukasz", family_name="Nowak")
    course_id = _course(office)
    courses.enrol_volunteers(office, course_id=course_id, volunteer_ids=[person])
    import_(laptop, export(office, tmp_path / "a", full=True))
    _mark(office, course_id, person, "anwesend", index=0)
    _mark(laptop, course_id, person, "anwesend", index=1)
    _mark(laptop, course_id, person, "anwesend", index=2)
    import_(office, export(laptop, tmp_path / "b", full=True))
    assert volunteers.get_volunteer(office, person).status == "qualifiziert"
    with office.new_session() as session:
        logged = session.scalars(
            select(SyncChange.row_id).where(
                SyncChange.tbl == "status_change", SyncChange.origin == site_id(office)
            )
        ).all()
    assert automatic_step_id(person, 1) in logged


def test_a_received_step_the_figures_here_do_not_hold_is_followed_back(
    office: Store,
    laptop: Store,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    """The office qualifies a person and sends the step; the laptop has since marked her
    absent at one session (a newer mark), so its figures do not qualify her: the laptop
    follows the received step with a loss, as it would have had it taken the step itself."""
    person = volunteers.add_volunteer(office, given_name="Олена", family_name="Шевченко")
    course_id = _course(office)
    courses.enrol_volunteers(office, course_id=course_id, volunteer_ids=[person])
    import_(laptop, export(office, tmp_path / "a", full=True))
    _mark(office, course_id, person, "anwesend")
    assert volunteers.get_volunteer(office, person).status == "qualifiziert"
    _mark(laptop, course_id, person, "unentschuldigt", index=0)
    import_(laptop, export(office, tmp_path / "b", full=True))
    detail = volunteers.get_volunteer(laptop, person)
    assert detail.status == "in_qualifizierung"
    assert [s.status for s in detail.status_history][-2:] == ["qualifiziert", "in_qualifizierung"]
    assert detail.status_history[-1].id == automatic_step_id(person, 2)
    import_(office, export(laptop, tmp_path / "c", full=True))  # the office agrees afterwards
    assert volunteers.get_volunteer(office, person).status == "in_qualifizierung"
    assert _history(office, person) == _history(laptop, person)
