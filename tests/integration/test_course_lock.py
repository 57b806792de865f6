"""Finished courses are locked, and changes say which issued documents they make wrong (11.3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from certificate_fixtures import add_course, add_people, configure_office
from sync_helpers import export, import_

from lotsen_desktop.cli import main as cli_main
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.services import certificates, course_lock, courses
from lotsen_desktop.services.course_lock import CourseLockedError
from lotsen_desktop.store.database import Store


@pytest.fixture
def course_with_certificates(store: Store) -> tuple[str, list[str], list[str]]:
    configure_office(store)
    people = add_people(store)[:2]
    course_id = add_course(store, people)
    serials = [
        certificates.issue_certificate(store, volunteer_id=people[0]).serial,
        certificates.issue_participation(store, course_id=course_id, volunteer_id=people[0]).serial,
        certificates.issue_participation(store, course_id=course_id, volunteer_id=people[1]).serial,
    ]
    return course_id, people, serials


def _first_session(store: Store, course_id: str) -> str:
    return courses.get_course(store, course_id).sessions[0].id


def test_issuing_after_the_last_session_finishes_and_locks_the_course(
    store: Store, course_with_certificates: tuple[str, list[str], list[str]]
) -> None:
    course_id, people, _serials = course_with_certificates
    state = course_lock.lock_state(store, course_id)
    assert state.finished and state.locked
    assert state.last is not None and state.last.reason == "automatisch: Dokumente ausgestellt"
    refused = [
        lambda: courses.set_attendance(
            store,
            course_id=course_id,
            session_id=_first_session(store, course_id),
            volunteer_ids=[people[0]],
            state="unentschuldigt",
        ),
        lambda: courses.update_session(store, _first_session(store, course_id), start_minute=600),
        lambda: courses.remove_session(store, _first_session(store, course_id)),
        lambda: courses.add_session(store, course_id=course_id, session_date="2026-06-01"),
        lambda: courses.unenrol_volunteer(store, course_id=course_id, volunteer_id=people[1]),
        lambda: courses.enrol_volunteers(store, course_id=course_id, volunteer_ids=[people[0]]),
        lambda: courses.delete_course(store, course_id),
    ]
    for action in refused:
        with pytest.raises(CourseLockedError, match="abgeschlossen und gesperrt"):
            action()
    assert certificates.outdated_documents(store, course_id=course_id) == []


def test_unlock_needs_a_reason_is_recorded_and_relock_locks_again(
    store: Store, course_with_certificates: tuple[str, list[str], list[str]]
) -> None:
    course_id, _people, _serials = course_with_certificates
    with pytest.raises(ValidationError, match="warum"):
        course_lock.unlock_course(store, course_id, reason="  ")
    state = course_lock.unlock_course(store, course_id, reason="Anwesenheit 07.02. korrigiert")
    assert not state.locked and state.finished
    assert state.last is not None
    assert (state.last.action, state.last.reason, state.last.acted_by) == (
        "entsperrt",
        "Anwesenheit 07.02. korrigiert",
        store.user,
    )
    courses.update_session(store, _first_session(store, course_id), start_minute=600)
    state = course_lock.relock_course(store, course_id)
    assert state.locked and [e.action for e in state.events] == [
        "abgeschlossen",
        "entsperrt",
        "gesperrt",
    ]
    with pytest.raises(CourseLockedError):
        courses.update_session(store, _first_session(store, course_id), start_minute=540)


def test_lowered_attendance_names_the_documents_and_reissue_replaces_them(
    store: Store, course_with_certificates: tuple[str, list[str], list[str]], tmp_path: Path
) -> None:
    course_id, people, serials = course_with_certificates
    at_stake = certificates.documents_at_stake(
        store, course_id=course_id, volunteer_ids=[people[0]]
    )
    assert {d.serial for d in at_stake} == {serials[0], serials[1]}
    course_lock.unlock_course(store, course_id, reason="Frau Şahin fehlte am 07.02.")
    for session in courses.get_course(store, course_id).sessions[:4]:
        courses.set_attendance(
            store,
            course_id=course_id,
            session_id=session.id,
            volunteer_ids=[people[0]],
            state="unentschuldigt",
        )
    outdated = certificates.outdated_documents(store, course_id=course_id)
    by_serial = {d.serial: d for d in outdated}
    assert set(by_serial) == {serials[0], serials[1]}  # the other participant's stays valid
    assert not by_serial[serials[0]].reissuable  # no longer qualified: revoke only
    assert by_serial[serials[0]].reason == "nicht mehr qualifiziert"
    assert by_serial[serials[1]].reissuable and "UE" in by_serial[serials[1]].reason
    assert "İlkay Şahin" in certificates.describe(outdated) and serials[1] in certificates.describe(
        outdated
    )
    done = certificates.revoke_and_reissue(
        store, [d.serial for d in outdated], reason="Anwesenheit korrigiert", out_dir=tmp_path
    )
    result = {d.revoked: d for d in done}
    assert result[serials[0]].serial is None
    new = result[serials[1]].serial
    assert new and new not in serials and (tmp_path / f"{serials[1]}-neu.pdf").exists()
    register = {e.serial: e for e in certificates.list_register(store)}
    assert register[serials[0]].revoked and register[serials[1]].revoked
    assert not register[new].revoked
    assert certificates.outdated_documents(store, course_id=course_id) == []


def test_the_lock_travels_in_a_course_package_and_the_laptop_refuses_too(
    office: Store, laptop: Store, tmp_path: Path
) -> None:
    people = add_people(office)[:1]
    course_id = add_course(office, people)
    course_lock.finish_course(office, course_id, reason="Kurs beendet")
    import_(laptop, export(office, tmp_path / "course", course_id=course_id))
    assert course_lock.lock_state(laptop, course_id).locked
    with pytest.raises(CourseLockedError):
        courses.set_attendance(
            laptop,
            course_id=course_id,
            session_id=_first_session(laptop, course_id),
            volunteer_ids=people,
            state="entschuldigt",
        )
    course_lock.unlock_course(office, course_id, reason="Nachtrag")
    import_(laptop, export(office, tmp_path / "full", full=True))
    state = course_lock.lock_state(laptop, course_id)
    assert not state.locked and state.last is not None and state.last.reason == "Nachtrag"


def test_cli_lock_commands_and_outdated_documents(
    store: Store,
    course_with_certificates: tuple[str, list[str], list[str]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    course_id, people, serials = course_with_certificates
    base = ["--db", store.target]
    with pytest.raises(SystemExit) as usage:  # --reason is required
        cli_main([*base, "lock", "unlock", course_id])
    assert usage.value.code == 2
    capsys.readouterr()
    assert cli_main([*base, "lock", "unlock", course_id, "--reason", "Korrektur"]) == 0
    session_day = courses.get_course(store, course_id).sessions[0].session_date
    assert (
        cli_main(
            [
                *base,
                "attendance",
                "set",
                course_id,
                "--session",
                session_day.isoformat(),
                "--absent",
                people[1],
            ]
        )
        == 0
    )
    err = capsys.readouterr().err
    assert serials[2] in err and "neu ausstellen" in err
    assert cli_main([*base, "--format", "json", "documents-outdated", "--course", course_id]) == 0
    assert serials[2] in capsys.readouterr().out
    assert cli_main([*base, "reissue", serials[2], "--reason", "Korrektur"]) == 0
    assert cli_main([*base, "lock", "relock", course_id]) == 0
    assert cli_main([*base, "lock", "show", course_id]) == 0
    out = capsys.readouterr().out
    assert "Korrektur" in out and "gesperrt" in out
    assert course_lock.lock_state(store, course_id).locked


def test_a_higher_threshold_names_the_certificates_it_makes_wrong(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_office(store)
    person, other = add_people(store)[:2]
    add_course(store, [person, other], missed={person: 1})  # 11 of 12 sessions: 92 %
    serial = certificates.issue_certificate(store, volunteer_id=person).serial
    kept = certificates.issue_certificate(store, volunteer_id=other).serial
    assert cli_main(["--db", store.target, "office", "set", "--threshold", "95"]) == 0
    err = capsys.readouterr().err
    assert serial in err and "nicht mehr qualifiziert" in err and kept not in err
