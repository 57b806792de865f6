"""The documents commands end to end through ``lotsen_desktop.cli.main``."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from certificate_fixtures import add_course, add_people, configure_office, without_dates
from db_template import migrated_copy
from pypdf import PdfReader

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.cli import main
from lotsen_desktop.services import mentoring


def text_of(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


@pytest.fixture
def office_db(tmp_path: Path) -> tuple[Path, list[str], str]:
    db = tmp_path / "office.sqlite"
    store = open_office_store(migrated_copy(db), user="cli-test")
    try:
        configure_office(store)
        ids = add_people(store)
        course_id = add_course(store, ids, missed={ids[1]: 5})
        assignment = mentoring.add_assignment(
            store, volunteer_id=ids[3], mentee_pseudonym="K. M.", started_on=date(2026, 1, 5)
        )
        mentoring.add_log_entry(
            store,
            assignment_id=assignment,
            entry_date=date.today() - timedelta(days=3),
            minutes=150,
            kind="treffen",
            area="sprache",
        )
    finally:
        store.close()
    return db, ids, course_id


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def test_certificate_prints_serial_and_code_and_verify_accepts_it(
    office_db: tuple[Path, list[str], str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, ids, _course = office_db
    out = tmp_path / "zertifikat.pdf"
    assert run(db, "certificate", ids[0][:8], "--out", str(out)) == 0
    printed = capsys.readouterr().out
    assert "IL-2026-0001" in printed
    assert "İlkay Şahin" in text_of(out)

    assert run(db, "--format", "json", "certificate", ids[2], "--out", str(out)) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"serial", "code", "file"}
    assert data["file"] == str(out)
    assert data["code"].startswith(data["serial"] + "-")
    assert "Łukasz Wąsowski" in text_of(out)

    assert run(db, "verify", data["code"]) == 0
    assert "Gültig" in capsys.readouterr().out
    changed = data["code"][:-1] + ("0" if data["code"][-1] != "0" else "1")
    assert run(db, "verify", changed) == 1
    assert run(db, "verify", "XX-2026-0001-ABCDEF12") == 3

    assert run(db, "revoke", data["serial"], "--reason", "Tippfehler im Namen") == 0
    capsys.readouterr()
    assert run(db, "--format", "json", "verify", data["code"]) == 2
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "revoked" and result["revoke_reason"] == "Tippfehler im Namen"


def test_certificate_for_unqualified_person_fails_clearly(
    office_db: tuple[Path, list[str], str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, ids, _course = office_db
    out = tmp_path / "x.pdf"
    assert run(db, "certificate", ids[1], "--out", str(out)) == 1
    assert "Qualifizierung noch nicht abgeschlossen" in capsys.readouterr().err
    assert not out.exists()


def test_participation_batch_sheet_activity_register(
    office_db: tuple[Path, list[str], str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, ids, course_id = office_db
    part = tmp_path / "teilnahme.pdf"
    assert run(db, "participation", course_id[:8], ids[1], "--out", str(part)) == 0
    assert "28 von 48" in text_of(part)
    capsys.readouterr()

    folder = tmp_path / "zertifikate"
    assert run(db, "--format", "json", "certificates", course_id, "--out", str(folder)) == 0
    batch = json.loads(capsys.readouterr().out)
    assert len(batch["documents"]) == 4 and len(batch["skipped"]) == 1
    assert Path(batch["combined"]).exists()
    assert len(list(folder.glob("*.pdf"))) == 5

    sheet = tmp_path / "liste.pdf"
    assert run(db, "attendance-sheet", course_id, "--blank", "--out", str(sheet)) == 0
    assert "Anwesenheitsliste" in text_of(sheet)
    filled = tmp_path / "liste-gefuellt.pdf"
    assert run(db, "attendance-sheet", course_id, "--out", str(filled)) == 0
    assert "✓" in text_of(filled)

    activity = tmp_path / "nachweis.pdf"
    start = (date.today() - timedelta(days=30)).isoformat()
    end = date.today().strftime("%d.%m.%Y")
    args = ["activity", ids[3], "--from", start, "--to", end, "--out", str(activity)]
    assert run(db, *args) == 0
    text = text_of(activity)
    assert "Tätigkeitsnachweis" in text and "Олена Коваленко" in text and "K. M." not in text

    capsys.readouterr()
    assert run(db, "--format", "json", "register", "--search", "олена") == 0
    rows = json.loads(capsys.readouterr().out)
    assert {row["kind"] for row in rows} == {"zertifikat", "taetigkeitsnachweis"}

    reprinted = tmp_path / "nochmal.pdf"
    serial = batch["documents"][0]["serial"]
    assert run(db, "reprint", serial, "--out", str(reprinted)) == 0
    original = Path(batch["documents"][0]["file"]).read_bytes()
    assert without_dates(reprinted.read_bytes()) == without_dates(original)


def test_bad_dates_and_unknown_ids(
    office_db: tuple[Path, list[str], str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, ids, _course = office_db
    out = str(tmp_path / "x.pdf")
    assert run(db, "activity", ids[0], "--from", "31.02.2026", "--to", "2026-03-01", "--out", out)
    assert "31.02.2026" in capsys.readouterr().err
    assert run(db, "certificate", "ffffffff", "--out", out) == 3
    assert run(db, "revoke", "IL-2026-9999", "--reason", "x") == 3
    assert not Path(out).exists()
