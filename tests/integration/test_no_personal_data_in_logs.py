"""Nothing the program logs may contain personal data, even at debug level."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import sync_helpers
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from lotsen_desktop import documents, logs
from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.cli import UNEXPECTED_ERROR, main
from lotsen_desktop.cli import core as cli_core
from lotsen_desktop.documents import samples
from lotsen_desktop.documents.data import PersonInfo
from lotsen_desktop.errors import LotsenError
from lotsen_desktop.services import courses, demo, mentoring, privacy, volunteers
from lotsen_desktop.store.database import Store
from lotsen_desktop.sync import compact

SECRET_GIVEN = "Zenobia"
SECRET_FAMILY = "Quastwerk-Ýlmaz"


def test_use_cases_log_no_names(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    person = volunteers.add_volunteer(
        store,
        given_name=SECRET_GIVEN,
        family_name=SECRET_FAMILY,
        email="zq@example.org",
        phone="0511 123456",
    )
    volunteers.update_volunteer(store, person, status="aktiv", city="Hannover")
    course = courses.add_course(store, module_code="BASIS", title="K", session_dates=["2026-01-10"])
    courses.enrol_volunteers(store, course_id=course, volunteer_ids=[person])
    assignment = mentoring.add_assignment(
        store, volunteer_id=person, mentee_pseudonym="X. Y.", started_on=date(2026, 1, 1)
    )
    mentoring.add_log_entry(
        store,
        assignment_id=assignment,
        entry_date=date(2026, 1, 2),
        minutes=30,
        kind="treffen",
        area="sprache",
    )
    with pytest.raises(LotsenError):
        volunteers.update_volunteer(store, person, email="not an address")
    privacy.access_report(store, person)

    # the parts that do log, each while the person's data passes through them
    laptop = sync_helpers.replica(tmp_path, "laptop")
    try:
        sync_helpers.import_(laptop, sync_helpers.full_export(store, tmp_path / "to-laptop"))
        volunteers.update_volunteer(laptop, person, city=f"bei {SECRET_FAMILY}")
        volunteers.update_volunteer(store, person, city=f"{SECRET_GIVEN}-Hof")  # a conflict
        sync_helpers.import_(laptop, sync_helpers.full_export(store, tmp_path / "again"))
        compact.compact_log(laptop)
        compact.vacuum(laptop)
    finally:
        laptop.close()
    person_info = PersonInfo(SECRET_GIVEN, SECRET_FAMILY, date(1990, 1, 2))
    documents.render_pdf(samples.sample_certificate(person=person_info), logo=b"\x89PNG damaged")
    privacy.erase_person(store, person, confirm_name=SECRET_FAMILY)
    demo.fill_demo(store, volunteers=10)

    logged = " | ".join(
        r.getMessage() for r in caplog.records if r.name.startswith("lotsen_desktop")
    )
    for what in ("exported", "imported", "compacted", "vacuum", "logo"):
        assert what in logged, f"nothing logged about {what!r}: the check above proves nothing"
    text = caplog.text
    for secret in (SECRET_GIVEN, SECRET_FAMILY, "zq@example.org", "0511 123456", "X. Y."):
        assert secret not in text


MARKER_GIVEN = "İlkay"
MARKER_FAMILY = 'Şahin <&"'
MARKER_MAIL = "ilkay.sahin@example.org"


def _failing_list(error: BaseException) -> Callable[..., int]:
    def handler(*_args: object) -> int:
        raise error

    return handler


def _integrity_error_with_the_name(store: Store) -> BaseException:
    """A real SQLAlchemy error whose text quotes the name among its parameters."""
    with store.new_session() as session, session.begin():
        session.execute(
            text("INSERT INTO local_setting (key, value) VALUES ('marker', :value)"),
            {"value": MARKER_FAMILY},
        )
    try:
        with store.new_session() as session, session.begin():
            session.execute(
                text("INSERT INTO local_setting (key, value) VALUES ('marker', :value)"),
                {"value": f"{MARKER_GIVEN} {MARKER_FAMILY}"},
            )
    except IntegrityError as error:
        assert MARKER_GIVEN in str(error)  # what SQLAlchemy would have put into the log
        return error
    raise AssertionError("no error")


def test_the_log_file_holds_no_names_even_of_unexpected_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "office" / "lotsen.sqlite"
    log_file = logs.setup(tmp_path / "logs")
    assert log_file is not None
    password = tmp_path / "pw.txt"
    password.write_text("ein langes Passwort\n", encoding="utf-8")

    def run(*args: str) -> int:
        return main(["--db", str(db), *args])

    assert run("office", "set", "--name", "VHS Musterstadt") == 0
    capsys.readouterr()
    assert (
        run(
            "volunteers",
            "add",
            "--given",
            MARKER_GIVEN,
            "--family",
            MARKER_FAMILY,
            "--email",
            MARKER_MAIL,
        )
        == 0
    )
    person = capsys.readouterr().out.strip()
    assert run("volunteers", "edit", person, "--email", f"{MARKER_GIVEN} at home") == 1
    assert run("volunteers", "list", "--search", "sahin") == 0
    out = tmp_path / "out"
    out.mkdir()
    assert run("volunteers", "export", "--out", str(out / f"{MARKER_GIVEN}.csv")) == 0
    assert (
        run(
            "export",
            "--full",
            "--out",
            str(out / "voll.lotsen"),
            "--passphrase-file",
            str(password),
        )
        == 0
    )
    assert run("import", str(out / "voll.lotsen"), "--passphrase-file", str(password)) == 0
    assert (
        run(
            "privacy",
            "export",
            person,
            "--out",
            str(out / "a.lotsen"),
            "--passphrase-file",
            str(password),
        )
        == 0
    )

    opened = open_office_store(db)
    try:
        database_error = _integrity_error_with_the_name(opened)
    finally:
        opened.close()
    chained = ValueError(f"kein Wert für {MARKER_GIVEN}")
    chained.__cause__ = database_error
    unexpected: list[BaseException] = [
        RuntimeError(f"Fehler bei {MARKER_GIVEN} {MARKER_FAMILY}"),
        KeyError(MARKER_FAMILY),
        OSError(13, "Permission denied", str(out / f"{MARKER_FAMILY}.pdf")),
        database_error,
        chained,
    ]
    for error in unexpected:
        monkeypatch.setattr(cli_core, "_volunteers_list", _failing_list(error))
        capsys.readouterr()
        assert run("volunteers", "list") == UNEXPECTED_ERROR
        err = capsys.readouterr().err.strip()
        assert err.startswith("Fehler: Ein unerwarteter Fehler ist aufgetreten") and "\n" not in err
        assert str(log_file) in err and MARKER_GIVEN not in err
    logs.shutdown()

    written = log_file.read_text(encoding="utf-8")
    for expected in (
        "exported",
        "imported",
        "unexpected error in command volunteers",
        "IntegrityError",
        "UNIQUE constraint failed: local_setting.key",
        "Permission denied",
    ):
        assert expected in written, f"{expected!r} not logged: the check below proves nothing"
    for secret in (MARKER_GIVEN, "Şahin", '<&"', MARKER_MAIL, "ilkay", "[parameters:"):
        assert secret not in written
