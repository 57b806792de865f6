"""Lists out: read back as Excel would (CSV with BOM, ``;``, decimal comma, dd.mm.yyyy; XLSX typed
and frozen), formula text stays text, the PDF repeats its header row, files are written whole."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from lotsen_desktop.cli import main
from lotsen_desktop.documents import tables
from lotsen_desktop.documents.tables import Column, ListTable
from lotsen_desktop.errors import LotsenError, ValidationError
from lotsen_desktop.services import courses, lists, mentoring, setup, volunteers
from lotsen_desktop.store.database import Store
from lotsen_desktop.tasks import Cancelled

DAYS = [date(2026, 2, 7), date(2026, 2, 14), date(2026, 2, 21), date(2026, 2, 28)]
FORMULAS = ("=1+1", "@SUM(A1)", "-2+3", "+49 511 1", "\tTab", "\rCR")


@pytest.fixture
def office(store: Store) -> dict[str, str]:
    setup.update_office(store, name="VHS Musterstadt", address="Hauptstr. 1\n30159 Hannover")
    people = {
        "sahin": volunteers.add_volunteer(
            store,
            given_name="İlkay",
            family_name="Şahin",
            birth_date="03.04.1980",
            phone="0511 123456",
            status="aktiv",
            languages=[("Türkisch", "muttersprache")],
        ),
        "anh": volunteers.add_volunteer(
            store, given_name="Nguyễn Thị", family_name="Ánh", status="aktiv"
        ),
        "olena": volunteers.add_volunteer(store, given_name="Олена", family_name="Шевченко"),
        "formula": volunteers.add_volunteer(
            store, given_name="=1+1", family_name="@SUM(A1)", notes="x", status="aktiv"
        ),
    }
    return people


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_volunteer_list_is_the_list_on_screen(store: Store, office: dict[str, str]) -> None:
    spec = lists.ListSpec.of(status="aktiv", sort="name", descending=True)
    table = lists.volunteer_list(store, spec)
    on_screen = volunteers.list_volunteers(store, status="aktiv", sort="name", descending=True)
    assert [(r[0], r[1]) for r in table.rows] == [(r.family_name, r.given_name) for r in on_screen]
    assert len(table.rows) == 3
    assert "aktiv" in table.subtitle


def test_csv_reads_back_as_german_excel(
    store: Store, office: dict[str, str], tmp_path: Path
) -> None:
    path = lists.save_list(store, lists.volunteer_list(store), tmp_path / "liste.csv")
    rows = _csv_rows(path.read_bytes())
    assert rows[0][:3] == ["Nachname", "Vorname", "Status"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Şahin"][1] == "İlkay"
    assert by_name["Шевченко"][1] == "Олена"
    assert by_name["'@SUM(A1)"][1] == "'=1+1"


def test_csv_numbers_have_a_decimal_comma_and_dates_dd_mm_yyyy() -> None:
    table = ListTable(
        "T",
        (
            Column("a", "Text"),
            Column("d", "Datum", kind=tables.DATE),
            Column("n", "Stunden", kind=tables.NUMBER, digits=1),
            Column("i", "Anzahl", kind=tables.INTEGER),
        ),
        [("x;y", date(2026, 3, 4), 38.4, 12), ("", None, -2.5, 0)],
    )
    rows = _csv_rows(tables.to_csv(table))
    assert rows[1] == ["x;y", "04.03.2026", "38,4", "12"]
    assert rows[2] == ["", "", "-2,5", "0"]  # a negative number stays a number


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_text_is_defused_in_csv_and_xlsx(text: str) -> None:
    table = ListTable("T", (Column("a", "A"),), [(text,)])
    cell = _csv_rows(tables.to_csv(table))[1][0]
    assert cell == "'" + text
    sheet = load_workbook(io.BytesIO(tables.to_xlsx([table]))).active
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == text.replace("\r", "\n")  # XML reads CR back as LF
    assert sheet["A2"].quotePrefix


def test_xlsx_reads_back_typed_with_frozen_header(
    store: Store, office: dict[str, str], tmp_path: Path
) -> None:
    course_id = courses.add_course(
        store, module_code="BASIS", title="Kurs 1", session_dates=DAYS, units_per_session=12
    )
    courses.enrol_volunteers(
        store, course_id=course_id, volunteer_ids=[office["sahin"]], enrolled_on=DAYS[0]
    )
    sessions = [s.id for s in courses.get_course(store, course_id).sessions]
    for session_id in sessions[:3]:
        courses.set_attendance(
            store,
            course_id=course_id,
            session_id=session_id,
            volunteer_ids=[office["sahin"]],
            state="anwesend",
        )
    courses.set_attendance(
        store,
        course_id=course_id,
        session_id=sessions[3],
        volunteer_ids=[office["sahin"]],
        state="teilweise",
        minutes=90,
    )
    path = lists.save_list(store, lists.participants_list(store, course_id), tmp_path / "k.xlsx")
    sheet = load_workbook(path).active
    assert sheet.freeze_panes == "A2"
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["Nachname", "Vorname", "Geburtsdatum", "Angemeldet am"]
    row = {h: c for h, c in zip(headers, sheet[2], strict=True)}
    assert row["Nachname"].value == "Şahin"
    assert row["Geburtsdatum"].value == datetime(1980, 4, 3)
    assert row["Geburtsdatum"].number_format == "DD.MM.YYYY"
    # 3 × 540 min + 90 min = 1710 min = 38 UE of 45 minutes: a number, not text
    assert row["Teilgenommene Stunden"].value == pytest.approx(38.0)
    assert row["Teilgenommene Stunden"].data_type == "n"
    assert sheet.column_dimensions["A"].width >= len("Nachname")
    csv_rows = _csv_rows(lists.render(store, lists.participants_list(store, course_id), "csv"))
    assert csv_rows[1][2] == "03.04.1980" and csv_rows[1][4] == "38,0"


def test_phone_and_mentoring_lists(store: Store, office: dict[str, str]) -> None:
    assignment = mentoring.add_assignment(
        store, volunteer_id=office["anh"], mentee_pseudonym="M. K.", started_on=date(2025, 11, 5)
    )
    for day, minutes, km in ((date(2026, 1, 10), 90, 4.5), (date(2026, 2, 1), 45, 0.0)):
        mentoring.add_log_entry(
            store,
            assignment_id=assignment,
            entry_date=day,
            minutes=minutes,
            kind="treffen",
            area="schule",
            km=km,
        )
    mentoring.add_log_entry(
        store,
        assignment_id=assignment,
        entry_date=date(2025, 12, 1),
        minutes=600,
        kind="treffen",
        area="schule",
    )
    table = lists.mentoring_hours_list(
        store, date_from=date(2026, 1, 1), date_to=date(2026, 12, 31)
    )
    assert table.rows == [("Ánh", "Nguyễn Thị", 1, 2, 2.25, 4.5)]
    phones = lists.phone_list(store, lists.ListSpec.of(search="sahin"))
    assert phones.rows == [("Şahin", "İlkay", "0511 123456", "", "aktiv")]
    with pytest.raises(ValidationError):
        lists.mentoring_hours_list(store, date_from=date(2026, 2, 1), date_to=date(2026, 1, 1))


def test_pdf_repeats_the_header_on_every_page(store: Store, tmp_path: Path) -> None:
    for number in range(120):
        volunteers.add_volunteer(store, given_name=f"Anna {number}", family_name="Özdemir")
    path = lists.save_list(store, lists.volunteer_list(store), tmp_path / "liste.pdf")
    reader = PdfReader(path)
    assert len(reader.pages) >= 3
    for page in reader.pages:
        text = page.extract_text()
        assert "Nachname" in text and "Vorname" in text
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # wide: landscape


def test_files_are_written_whole_or_not_at_all(
    store: Store, office: dict[str, str], tmp_path: Path
) -> None:
    with pytest.raises(ValidationError):
        lists.save_list(store, lists.volunteer_list(store), tmp_path / "liste.doc")
    with pytest.raises(LotsenError):
        lists.save_list(store, lists.volunteer_list(store), tmp_path / "missing" / "liste.csv")
    assert not (tmp_path / "missing").exists()
    stopped = iter([True, False])
    with pytest.raises(Cancelled):
        big = ListTable("T", (Column("a", "A"),), [("x",)] * 5000)
        tables.to_csv(big, lambda done, total: next(stopped))


def test_cli_export_and_participants(
    store: Store,
    office: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "aktiv.csv"
    code = main(
        ["--db", store.target, "volunteers", "export", "--out", str(out), "--status", "aktiv"]
    )
    assert code == 0, capsys.readouterr().err
    assert len(_csv_rows(out.read_bytes())) == 4
    course_id = courses.add_course(
        store, module_code="BASIS", title="Kurs 2", session_dates=DAYS[:1], units_per_session=4
    )
    courses.enrol_volunteers(store, course_id=course_id, volunteer_ids=[office["olena"]])
    pdf = tmp_path / "kurs.pdf"
    code = main(["--db", store.target, "courses", "participants", course_id[:8], "--out", str(pdf)])
    assert code == 0, capsys.readouterr().err
    assert "Шевченко" in PdfReader(pdf).pages[0].extract_text()
    code = main(["--db", store.target, "volunteers", "export", "--out", str(tmp_path / "x.txt")])
    assert code == 1 and ".xlsx" in capsys.readouterr().err


def test_long_lists_read_languages_and_qualification_in_one_pass(
    store: Store, office: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = lists.ListSpec.of(status="aktiv")
    few = lists.volunteer_list(store, spec)
    monkeypatch.setattr(lists, "ALL_AT_ONCE", 1)
    assert lists.volunteer_list(store, spec).rows == few.rows
    assert few.rows[-1][:4] == ("Şahin", "İlkay", "aktiv", "Türkisch")
