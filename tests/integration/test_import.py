"""Importing messy volunteer lists: merged names, empty rows, Excel serial dates, Windows-1252,
duplicates of people already there, impossible dates, 5,000 rows; dry run and undo."""

from __future__ import annotations

import json
import random
import string
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from lotsen_desktop.cli import main
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.services import courses, importing, volunteers
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.sync_tables import change_table
from lotsen_desktop.sync.conflicts import list_duplicates
from lotsen_desktop.tasks import Cancelled


@pytest.fixture
def sahin(store: Store) -> str:
    return volunteers.add_volunteer(
        store, given_name="İlkay", family_name="Şahin", birth_date="03.04.1980"
    )


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _preview(store: Store, path: Path, **kwargs: object) -> importing.ImportPreview:
    return importing.preview_import(store, importing.read_table(path), **kwargs)  # type: ignore[arg-type]


def _changes(store: Store, ids: list[str], op: str) -> int:
    t = change_table
    with store.new_session() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(t)
                .where(t.c.tbl == "volunteer", t.c.row_id.in_(ids), t.c.op == op)
            )
            or 0
        )


def test_messy_xlsx_merged_names_empty_rows_and_serial_dates(store: Store, tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "liste.xlsx",
        [
            [None, None, None],
            ["Lotsenliste, Stand 2024"],
            ["Name", "Geb.-Datum", "Tel.", "PLZ", "Sprachen", "Qualifiziert am"],
            ["Nguyễn Thị Ánh", 29221, 5111234567, 1067, "Vietnamesisch, Deutsch (B2)", None],
            [None, None, None, None, None, None],
            [
                "Müller, Hans-Peter",
                datetime(1975, 6, 1),
                "0511 98765",
                "30159",
                "Deutsch",
                "12.05.2019",
            ],
            ["Anna von Bergen", "1.2.85", None, None, None, 43600],
            ["", "", "", "", "", ""],
        ],
    )
    preview = _preview(store, path)
    assert preview.mapping == {
        0: "full_name",
        1: "birth_date",
        2: "phone",
        3: "postal_code",
        4: "languages",
        5: "qualified_on",
    }
    assert [r.line for r in preview.rows] == [4, 6, 7]
    assert [r.state for r in preview.rows] == ["new"] * 3
    anh, hans, anna = (r.fields for r in preview.rows)
    assert (anh["given_name"], anh["family_name"]) == ("Nguyễn Thị", "Ánh")
    assert anh["birth_date"] == date(1980, 1, 1)  # Excel serial 29221
    assert anh["phone"] == "05111234567" and anh["postal_code"] == "01067"
    assert [(s.language, s.level) for s in anh["languages"]] == [
        ("Vietnamesisch", ""),
        ("Deutsch", "B2"),
    ]
    assert (hans["given_name"], hans["family_name"], hans["birth_date"]) == (
        "Hans-Peter",
        "Müller",
        date(1975, 6, 1),
    )
    assert (anna["given_name"], anna["family_name"], anna["birth_date"]) == (
        "Anna",
        "von Bergen",
        date(1985, 2, 1),
    )
    assert preview.rows[2].qualified_on == date(2019, 5, 15)  # serial 43600
    result = importing.run_import(store, preview)
    assert len(result.created) == 3 and not result.skipped
    detail = volunteers.get_volunteer(store, result.created[1])
    assert detail.status == "qualifiziert"
    first = detail.status_history[0]
    assert (first.status, first.changed_on) == ("qualifiziert", date(2019, 5, 12))
    assert "liste.xlsx" in first.note


def test_windows_1252_csv_with_commas_and_umlauts(store: Store, tmp_path: Path) -> None:
    text = (
        "Vorname,Nachname,Geburtsdatum,Straße,Ort,Status,Einsatzbereiche\r\n"
        "Jürgen,Öztürk-Lange,13.11.1998,Bahnhofstraße 5,Göttingen,Aktiv,Schule; Gesundheit\r\n"
        'Renée,"Weiß, geb. Groß",1970-02-03,,Lüneburg,ruhend,Behörden\r\n'
    )
    path = tmp_path / "alt.csv"
    path.write_bytes(text.encode("cp1252"))
    source = importing.read_table(path)
    assert (source.encoding, source.delimiter) == ("cp1252", ",")
    preview = importing.preview_import(store, source)
    juergen, renee = preview.rows
    assert juergen.state == renee.state == "new"
    assert juergen.fields["family_name"] == "Öztürk-Lange"
    assert juergen.fields["street"] == "Bahnhofstraße 5"
    assert juergen.fields["status"] == "aktiv"
    assert juergen.fields["interests"] == ["gesundheit", "schule"]
    assert renee.fields["family_name"] == "Weiß, geb. Groß"
    assert renee.fields["status"] == "pausiert"
    importing.run_import(store, preview)
    assert [r.family_name for r in volunteers.list_volunteers(store)] == [
        "Öztürk-Lange",
        "Weiß, geb. Groß",
    ]


def test_impossible_dates_and_bad_values_are_invalid_with_reasons(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "fehler.csv"
    path.write_text(
        "Vorname;Nachname;Geburtsdatum;E-Mail;Status\n"
        "Anna;Schmidt;31.02.1985;;\n"
        "Ben;Becker;01.01.1990;kein-mail;\n"
        ";Ohnevorname;;;\n"
        "Cem;Kaya;;;irgendwas\n"
        "Dana;Dorn;2.3.2199;;\n",
        encoding="utf-8",
    )
    preview = _preview(store, path)
    assert [r.state for r in preview.rows] == ["invalid"] * 5
    reasons = [" ".join(r.reasons) for r in preview.rows]
    assert "31.02.1985" in reasons[0]
    assert "kein-mail" in reasons[1]
    assert "Vorname" in reasons[2]
    assert "irgendwas" in reasons[3]
    assert "Zukunft" in reasons[4]
    with pytest.raises(ValidationError):
        importing.run_import(store, preview)
    assert importing.list_batches(store) == []


def test_duplicates_are_skipped_unless_ticked_then_listed_for_review(
    store: Store, sahin: str, tmp_path: Path
) -> None:
    path = tmp_path / "dup.csv"
    path.write_text(
        "Vorname;Nachname;Geburtsdatum\n"
        "Ilkay;Sahin;03.04.1980\n"  # the same person, typed without diacritics
        "İlkay;Şahin;05.05.1990\n"  # same name, another birth date: another person
        "Lena;Meyer;\n"
        "Lena;Meyer;\n",  # twice in the file
        encoding="utf-8",
    )
    preview = _preview(store, path)
    assert [r.state for r in preview.rows] == ["duplicate", "new", "new", "duplicate"]
    assert preview.rows[0].matches == [sahin]
    assert "Şahin, İlkay (03.04.1980)" in preview.rows[0].match_names
    assert "Zeile 4" in preview.rows[3].match_names[0]
    result = importing.run_import(store, preview)
    assert len(result.created) == 2
    assert {s.line for s in result.skipped} == {2, 5}
    assert list_duplicates(store) == []

    undo = importing.undo_import(store, result.batch_id)
    assert undo.deleted == 2
    preview = _preview(store, path)
    preview.include_duplicates()
    result = importing.run_import(store, preview)
    assert len(result.created) == 4 and result.duplicates_for_review == 2
    pairs = {frozenset((d.first_id, d.second_id)) for d in list_duplicates(store)}
    assert frozenset((sahin, result.created[0])) in pairs
    assert frozenset((result.created[2], result.created[3])) in pairs
    assert volunteers.get_volunteer(store, sahin).given_name == "İlkay"  # never merged


@pytest.mark.slow
def test_five_thousand_rows_import_travel_by_sync_and_undo_exactly_the_batch(
    store: Store, sahin: str, tmp_path: Path
) -> None:
    lines = ["Nachname;Vorname;Geburtsdatum;Telefon;Sprachen"]
    letters = random.Random(9)
    for number in range(5000):
        born = date(1940, 1, 1) + timedelta(days=3 * number)
        family = "".join(letters.choices(string.ascii_lowercase, k=9)).capitalize()
        given = "".join(letters.choices(string.ascii_lowercase, k=6)).capitalize()
        lines.append(f"{family};{given};{born:%d.%m.%Y};0511 {number:06d};Deutsch")
    path = tmp_path / "gross.csv"
    path.write_text("\n".join(lines), encoding="utf-8-sig")
    preview = _preview(store, path)
    assert preview.count("new") == 5000
    result = importing.run_import(store, preview)
    assert len(result.created) == 5000
    assert volunteers.count_volunteers(store) == 5001
    assert _changes(store, result.created[:100], "i") == 100
    later = volunteers.add_volunteer(store, given_name="Later", family_name="Added")
    course_id = courses.add_course(
        store,
        module_code="BASIS",
        title="Kurs",
        session_dates=[date(2026, 2, 7)],
        units_per_session=4,
    )
    courses.enrol_volunteers(store, course_id=course_id, volunteer_ids=[result.created[0]])
    undo = importing.undo_import(store, result.batch_id)
    assert (undo.deleted, undo.kept) == (4999, 1)
    remaining = {r.id for r in volunteers.list_volunteers(store)}
    assert remaining == {sahin, later, result.created[0]}
    assert _changes(store, result.created[1:101], "d") == 100
    assert importing.list_batches(store)[0].undone_at is not None
    with pytest.raises(ValidationError):
        importing.undo_import(store, result.batch_id)


def test_cancelled_import_writes_nothing(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "abbruch.csv"
    path.write_text(
        "Vorname;Nachname\n" + "\n".join(f"A{n};B{n}" for n in range(1200)), encoding="utf-8"
    )
    preview = _preview(store, path)
    with pytest.raises(Cancelled):
        importing.run_import(store, preview, progress=lambda done, total: done < 1000)
    assert volunteers.count_volunteers(store) == 0
    assert importing.list_batches(store) == []


def test_cli_dry_run_writes_nothing_then_import_with_a_mapping_file(
    store: Store, sahin: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "liste.csv"
    path.write_text(
        "Spalte A;Spalte B;Geburtstag\nIlkay;Sahin;03.04.1980\nMaria;Lopez;\n", encoding="utf-8"
    )
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps({"Spalte A": "given_name", "Spalte B": "family_name", "Geburtstag": ""}),
        encoding="utf-8",
    )
    with store.new_session() as session:
        before = session.scalar(select(func.count()).select_from(change_table))
    db = store.target
    code = main(
        ["--db", db, "volunteers", "import", str(path), "--mapping", str(mapping), "--dry-run"]
    )
    out = capsys.readouterr().out
    assert code == 0 and "Probelauf" in out
    assert volunteers.count_volunteers(store) == 1
    with store.new_session() as session:
        assert session.scalar(select(func.count()).select_from(change_table)) == before
    code = main(
        [
            "--db",
            db,
            "volunteers",
            "import",
            str(path),
            "--mapping",
            str(mapping),
            "--format",
            "json",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    # without the birth date the Sahin row still matches by name: skipped, not ticked
    assert data["created"] == 1 and data["skipped"][0]["line"] == 2
    code = main(["--db", db, "volunteers", "imports", "--format", "json"])
    batches = json.loads(capsys.readouterr().out)
    assert batches[0]["people"] == 1
    code = main(["--db", db, "volunteers", "undo-import", batches[0]["id"][:8]])
    assert code == 0 and volunteers.count_volunteers(store) == 1
    capsys.readouterr()
    code = main(
        [
            "--db",
            db,
            "volunteers",
            "import",
            str(path),
            "--mapping",
            str(mapping),
            "--include-possible-duplicates",
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert volunteers.count_volunteers(store) == 3


def test_mapping_must_name_the_people(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "ohne.csv"
    path.write_text("Telefon;Ort\n0511 1;Celle\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="Namen"):
        _preview(store, path)
    with pytest.raises(ValidationError):
        importing.check_mapping({0: "given_name", 1: "given_name"})
    empty = tmp_path / "leer.csv"
    empty.write_bytes(b"")
    with pytest.raises(ValidationError):
        importing.read_table(empty)
    with pytest.raises(ValidationError):
        importing.read_table(tmp_path / "fehlt.xlsx")
