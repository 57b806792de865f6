"""The exchange through the command line: export, import with preview, conflicts, peers, site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sync_helpers import PASS, replica

from lotsen_desktop import fileformat
from lotsen_desktop.cli import main
from lotsen_desktop.services import courses, volunteers


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fileformat, "SCRYPT_N", 2**10)


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_round_trip_with_preview_conflict_and_revert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office, laptop = replica(tmp_path, "Büro"), replica(tmp_path, "Laptop")
    a, b = office.path, laptop.path
    secret = tmp_path / "pw.txt"
    secret.write_text(PASS + "\r\n", encoding="utf-8")
    vid = volunteers.add_volunteer(office, given_name="Nguyễn Thị", family_name="Ánh")
    office.close()
    laptop.close()

    code, out, _err = run(
        capsys,
        a,
        "export",
        "--out",
        str(tmp_path / "f1"),
        "--full",
        "--passphrase-file",
        str(secret),
    )
    assert code == 0 and "f1.lotsen" in out
    code, out, _err = run(
        capsys,
        b,
        "import",
        str(tmp_path / "f1.lotsen"),
        "--passphrase-file",
        str(secret),
        "--dry-run",
    )
    assert code == 0 and out.startswith("Vorschau (nichts wurde geändert): 1 neue Person")
    code, out, _err = run(
        capsys,
        b,
        "--format",
        "json",
        "import",
        str(tmp_path / "f1.lotsen"),
        "--passphrase-file",
        str(secret),
    )
    data = json.loads(out)
    assert code == 0 and data["new"]["volunteer"] == 1 and not data["dry_run"]

    code, out, _err = run(capsys, b, "--format", "json", "peers")
    assert [p["name"] for p in json.loads(out)] == ["Büro"]
    code, out, _err = run(capsys, a, "site", "--name", "Büro Hannover")
    assert code == 0 and "Büro Hannover" in out

    for db, phone in ((b, "0511 1"), (a, "0511 2")):
        store = replica(tmp_path, db.parent.name)
        volunteers.update_volunteer(store, vid, phone=phone)
        store.close()
    code, out, _err = run(
        capsys,
        b,
        "export",
        "--out",
        str(tmp_path / "f2"),
        "--peer",
        "Büro",
        "--passphrase-file",
        str(secret),
    )
    assert code == 0
    code, out, _err = run(
        capsys, a, "import", str(tmp_path / "f2.lotsen"), "--passphrase-file", str(secret)
    )
    assert code == 0 and "1 Konflikt" in out and "Prüfsumme" in out

    code, out, _err = run(capsys, a, "--format", "json", "conflicts")
    rows = json.loads(out)
    assert [(r["field"], r["kept"], r["lost"], r["lost_by"]) for r in rows] == [
        ("Telefon", "0511 2", "0511 1", "Laptop")
    ]
    code, out, _err = run(capsys, a, "conflicts")
    assert "Telefon" in out and "Ánh, Nguyễn Thị" in out
    code, out, _err = run(capsys, a, "conflicts", "revert", str(rows[0]["id"]))
    assert code == 0 and "wiederhergestellt" in out
    code, out, _err = run(capsys, a, "conflicts")
    assert "(keine)" in out
    code, out, _err = run(capsys, a, "conflicts", "--all", "--format", "json")
    assert json.loads(out)[0]["status"] == "wiederhergestellt"
    code, _out, err = run(capsys, a, "conflicts", "revert", "999")
    assert code != 0 and "999" in err


def test_course_package_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = replica(tmp_path, "Büro")
    vid = volunteers.add_volunteer(office, given_name="Олена", family_name="Коваль")
    course_id = courses.add_course(
        office,
        module_code="BASIS",
        title="Basis Herbst",
        session_dates=["2026-09-01"],
        units_per_session=3,
    )
    courses.enrol_volunteers(office, course_id=course_id, volunteer_ids=[vid])
    db = office.path
    office.close()
    secret = tmp_path / "pw.txt"
    secret.write_text(PASS, encoding="utf-8")
    code, out, err = run(
        capsys,
        db,
        "export",
        "--out",
        str(tmp_path / "kurs"),
        "--course",
        course_id[:8],
        "--passphrase-file",
        str(secret),
    )
    assert code == 0, err
    assert "Kurspaket" in out
    code, out, _err = run(capsys, db, "--format", "json", "duplicates")
    assert json.loads(out) == []
