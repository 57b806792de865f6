"""The scripting CLI end to end, in a temporary folder, as a script or an office admin would use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from db_template import migrated_copy

from lotsen_desktop.cli import main

TRICKY_GIVEN = 'Ana <b> & "Q"'
TRICKY_FAMILY = "O'Neil"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out.strip(), err.strip()


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    code, out, err = run(capsys, *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(migrated_copy(tmp_path / "cli" / "lotsen.sqlite"))


def test_a_course_from_start_to_qualification(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, ilkay, _ = run(
        capsys,
        "--db",
        db,
        "volunteers",
        "add",
        "--given",
        "İlkay",
        "--family",
        "Şahin",
        "--birth-date",
        "1985-03-02",
        "--title-form",
        "lotsin",
        "--email",
        "ilkay@example.org",
    )
    assert code == 0 and len(ilkay) == 36
    code, tricky, _ = run(
        capsys, "--db", db, "volunteers", "add", "--given", TRICKY_GIVEN, "--family", TRICKY_FAMILY
    )
    assert code == 0

    rows = run_json(capsys, "--db", db, "volunteers", "list", "--search", "sahin")
    assert isinstance(rows, list) and [r["id"] for r in rows] == [ilkay]
    assert {"id", "given_name", "family_name", "status"} <= set(rows[0])

    shown = run_json(capsys, "--db", db, "volunteers", "show", tricky)
    assert isinstance(shown, dict)
    assert (shown["given_name"], shown["family_name"]) == (TRICKY_GIVEN, TRICKY_FAMILY)

    code, course, _ = run(
        capsys,
        "--db",
        db,
        "courses",
        "add",
        "--module",
        "BASIS",
        "--title",
        "Basis Frühjahr",
        "--sessions",
        "2026-03-07,2026-03-14,2026-03-21,2026-03-28",
        "--hours-per-session",
        "12",
    )
    assert code == 0
    assert run(capsys, "--db", db, "courses", "enrol", course, ilkay, tricky[:8])[0] == 0
    for day in ("2026-03-07", "2026-03-14", "2026-03-21"):
        assert (
            run(capsys, "--db", db, "attendance", "set", course, "--session", day, "--all-present")[
                0
            ]
            == 0
        )
    assert (
        run(
            capsys,
            "--db",
            db,
            "attendance",
            "set",
            course,
            "--session",
            "28.03.2026",
            "--excused",
            ilkay,
        )[0]
        == 0
    )
    result = run_json(capsys, "--db", db, "progress", ilkay)
    assert isinstance(result, dict)
    assert result["qualified"] is False
    basis = result["modules"][0]
    assert (
        basis["code"],
        basis["attended_hours"],
        basis["required_hours"],
        basis["completed"],
    ) == ("BASIS", 36, 38.4, False)
    assert (
        run(
            capsys,
            "--db",
            db,
            "attendance",
            "set",
            course,
            "--session",
            "2026-03-28",
            "--present",
            ilkay,
        )[0]
        == 0
    )
    result = run_json(capsys, "--db", db, "progress", ilkay)
    assert isinstance(result, dict) and result["qualified"] is True
    code, text, _ = run(capsys, "--db", db, "progress", ilkay)
    assert "qualifiziert seit 28.03.2026" in text


def test_modules_json_fields(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    modules = run_json(capsys, "--db", db, "modules", "list")
    assert isinstance(modules, list)
    basis = next(m for m in modules if m["kind"] == "basis")
    assert {"code", "title", "kind", "hours"} <= set(basis)
    assert {m["kind"] for m in modules} == {"basis", "nachhaltigkeit", "spezialisierung"}


def test_mentoring_from_the_cli(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, person, _ = run(
        capsys, "--db", db, "volunteers", "add", "--given", "Łukasz", "--family", "Nowak"
    )
    code, assignment, err = run(
        capsys,
        "--db",
        db,
        "mentoring",
        "add",
        person,
        "--mentee",
        "A. K.",
        "--area",
        "schule",
        "--start",
        "2026-01-01",
    )
    assert code == 0, err
    code, _, err = run(
        capsys,
        "--db",
        db,
        "mentoring",
        "log",
        assignment,
        "--date",
        "2026-01-15",
        "--minutes",
        "90",
        "--kind",
        "begleitung",
        "--area",
        "behoerden",
        "--note",
        "Termin Bürgeramt",
    )
    assert code == 0, err
    rows = run_json(capsys, "--db", db, "mentoring", "list", person)
    assert isinstance(rows, list) and rows[0]["total_minutes"] == 90
    earlier = ["mentoring", "log", assignment, "--date", "2025-12-20", "--minutes", "30"]
    earlier += ["--kind", "telefon", "--area", "schule"]
    code, _, err = run(capsys, "--db", db, *earlier)
    assert code != 0 and "vor dem Beginn" in err
    code, _, err = run(capsys, "--db", db, *earlier, "--move-start")
    assert code == 0, err
    rows = run_json(capsys, "--db", db, "mentoring", "list", person)
    assert isinstance(rows, list) and rows[0]["started_on"] == "2025-12-20"
    code, _, err = run(
        capsys, "--db", db, "mentoring", "add", person, "--mentee", "Fatima Al-Hassan Musterfrau"
    )
    assert code != 0 and "Initialen" in err


def test_errors_are_one_line_in_german_or_english(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--db", db, "progress", "0000dead")
    assert code != 0 and out == ""
    assert err == "Fehler: Keine Lotsin und kein Lotse mit der Kennung 0000dead."
    code, _, err = run(
        capsys,
        "--db",
        db,
        "--lang",
        "en",
        "volunteers",
        "add",
        "--given",
        "A",
        "--family",
        "B",
        "--birth-date",
        "31.02.2000",
    )
    assert (
        code != 0 and err == "Error: '31.02.2000' is not a valid date (DD.MM.YYYY or YYYY-MM-DD)."
    )
    assert run_json(capsys, "--db", db, "volunteers", "list") == []


def test_status_digest_and_demo(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    empty = run_json(capsys, "--db", db, "digest")
    counts = run_json(capsys, "--db", db, "demo", "--volunteers", "40", "--seed", "7")
    assert isinstance(counts, dict) and counts["volunteers"] == 40
    status = run_json(capsys, "--db", db, "status")
    assert isinstance(status, dict) and status["counts"]["volunteer"] == 40
    full = run_json(capsys, "--db", db, "digest")
    assert isinstance(full, dict) and isinstance(empty, dict) and full["digest"] != empty["digest"]
    code, _, err = run(capsys, "--db", db, "demo")
    assert code != 0 and "leere Datenbank" in err


def test_database_from_environment_variable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "env" / "office.sqlite"
    monkeypatch.setenv("LOTSEN_DB", str(path))
    assert run(capsys, "volunteers", "add", "--given", "A", "--family", "B")[0] == 0
    assert path.exists()


def test_entry_points_and_version(tmp_path: Path) -> None:
    env = {**os.environ, "LOTSEN_DB": str(tmp_path / "x.sqlite")}
    out = subprocess.run(
        [sys.executable, "-m", "lotsen_desktop", "--version"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert out.stdout.startswith("lotsen-desktop ")
    listing = subprocess.run(
        [sys.executable, "-m", "lotsen_desktop", "modules", "list", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert json.loads(listing.stdout)


def test_user_name_is_recorded_with_changes(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--db", db, "user", "Koordination Hannover")[0] == 0
    _, person, _ = run(capsys, "--db", db, "volunteers", "add", "--given", "A", "--family", "B")
    shown = run_json(capsys, "--db", db, "volunteers", "show", person)
    assert isinstance(shown, dict) and shown["changed_by"] == "Koordination Hannover"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["privacy", "erase", "abcd"], "Fehler: diese Angaben fehlen: --confirm"),
        (
            [
                "mentoring",
                "log",
                "abcd",
                "--date",
                "2026-01-01",
                "--minutes",
                "x",
                "--kind",
                "a",
                "--area",
                "b",
            ],
            "Fehler: Angabe --minutes: ungültiger Wert: 'x'",
        ),
    ],
)
def test_wrong_calls_get_one_german_line_and_exit_code_2(
    db: str, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--db", db, *args])
    assert stop.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and err.strip() == expected


def test_numbers_with_a_decimal_comma(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, person, _ = run(capsys, "--db", db, "volunteers", "add", "--given", "A", "--family", "B")
    _, assignment, _ = run(
        capsys, "--db", db, "mentoring", "add", person, "--mentee", "Z.", "--start", "2026-01-01"
    )
    code, _, err = run(
        capsys,
        "--db",
        db,
        "mentoring",
        "log",
        assignment,
        "--date",
        "2026-01-02",
        "--minutes",
        "30",
        "--kind",
        "telefon",
        "--area",
        "sprache",
        "--km",
        "12,5",
        "--expenses",
        "3,50",
    )
    assert code == 0, err


def test_import_prints_the_digest_of_the_data_after_it(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The import itself no longer computes the digest (the window does, in the background):
    the command line computes it after the import, so it still prints the one to compare."""
    from sync_helpers import PASS, digest, full_export, replica

    from lotsen_desktop.services import volunteers

    office = replica(tmp_path, "Büro")
    volunteers.add_volunteer(office, given_name="İlkay", family_name='Şahin <&">')
    path = full_export(office, tmp_path / "export")
    expected = digest(office)
    office.close()
    password = tmp_path / "pw.txt"
    password.write_text(PASS + "\n", encoding="utf-8")
    data = run_json(capsys, "--db", db, "import", str(path), "--passphrase-file", str(password))
    assert isinstance(data, dict) and data["digest"] == expected
    preview = run_json(
        capsys, "--db", db, "import", str(path), "--passphrase-file", str(password), "--dry-run"
    )
    assert isinstance(preview, dict) and preview["digest"] == ""
