"""The funding report: figures against hand-counted totals, masking, erasure, PDF, XLSX, CLI."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from db_template import migrated_target, prepared_result, prepared_target
from openpyxl import load_workbook
from pypdf import PdfReader

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.cli import main
from lotsen_desktop.documents.report import report_pdf, report_xlsx
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.i18n import set_language
from lotsen_desktop.services import privacy, reports
from lotsen_desktop.services.reports import Period
from lotsen_desktop.store.database import Store
from lotsen_desktop.tasks import Cancelled
from tests.report_fixtures import REPORT_DAY, Office, build_office

YEAR = Period.year(2025)


@pytest.fixture
def store(request: pytest.FixtureRequest, db_path: Path, engine: str) -> Iterator[Store]:
    """The office of ``report_fixtures`` for tests that ask for ``office`` (built once, copied),
    else an empty one."""
    if "office" in request.fixturenames:
        target = prepared_target(engine, db_path, "report-office", build_office)
    else:
        target = migrated_target(engine, db_path)
    opened = open_office_store(target, user="test-user")
    yield opened
    opened.close()


@pytest.fixture
def office(store: Store, engine: str) -> Office:
    office: Office = prepared_result("report-office", engine)
    return office


def _report(store: Store) -> reports.Report:
    return reports.compute_report(store, YEAR, today=REPORT_DAY)


def _counts(lines: tuple[reports.Count, ...]) -> dict[str, int]:
    return {line.key: line.count for line in lines}


def test_course_figures_match_the_hand_count(store: Store, office: Office) -> None:
    report = _report(store)
    by_title = {c.title: c for c in report.courses}
    assert sorted(by_title) == ["Kurs A", "Kurs C"]  # B was held in 2024
    a, c = by_title["Kurs A"], by_title["Kurs C"]
    assert (a.module_code, a.module_kind, a.trainers) == ("TEST", "basis", "Elena Petrova")
    assert (a.first_date, a.last_date) == (date(2025, 3, 1), date(2025, 3, 8))
    assert (a.sessions, a.minutes_held, a.planned_minutes) == (2, 180, 180)
    # enrolled P1, P2, P3; P3 was excused twice; only P1 reached 80 % (P2: 90 + 30 of 144 min)
    assert (a.enrolled, a.attended_any, a.completed) == (3, 2, 1)
    assert a.attendance_percent == pytest.approx(66.7)  # 4 of 6 possible marks
    # C: one of its two sessions lies in 2025
    assert (c.sessions, c.minutes_held, c.enrolled, c.attended_any, c.completed) == (1, 90, 1, 1, 0)
    assert c.attendance_percent == 100.0
    assert (report.sessions, report.minutes_held, report.units_held) == (3, 270, 6.0)


def test_people_figures_match_the_hand_count(store: Store, office: Office) -> None:
    people = _report(store).people
    assert people.newly_qualified == 1  # P1, on 08.03.2025
    assert people.active_at_end == 1
    assert people.in_programme_at_end == 3  # P1, P2, P3; P4 left, P5 came in 2026
    assert _counts(people.by_status) == {
        "interessiert": 0,
        "in_qualifizierung": 2,
        "qualifiziert": 0,
        "aktiv": 1,
        "pausiert": 0,
        "ausgeschieden": 1,
    }
    assert _counts(people.by_title_form) == {"lotsin": 2, "lotse": 1, "neutral": 0}
    ages = _counts(people.by_age_band)
    assert (ages["under_25"], ages["35_44"], ages["unknown"], ages["65_plus"]) == (1, 1, 1, 0)
    assert _counts(people.by_migration) == {"yes": 1, "no": 0, "unknown": 2}
    assert _counts(people.by_language) == {
        "Deutsch": 2,
        "Russisch": 1,
        "Türkisch": 1,
        "Ukrainisch": 1,
        "Vietnamesisch": 1,
    }
    assert people.by_language[0].key == "Deutsch"


def test_status_at_the_end_of_an_earlier_period_comes_from_the_history(
    store: Store, office: Office
) -> None:
    early = reports.compute_report(
        store, Period(date(2025, 1, 1), date(2025, 3, 31)), today=REPORT_DAY
    )
    statuses = _counts(early.people.by_status)
    # P1 completed A on 08.03.2025: her status followed automatically (issue 11, item 6)
    assert statuses["aktiv"] == 0 and statuses["in_qualifizierung"] == 2
    assert statuses["qualifiziert"] == 1
    assert statuses["ausgeschieden"] == 0 and statuses["interessiert"] == 1


def test_migration_experience_counts_only_while_consent_stands(
    store: Store, office: Office
) -> None:
    consent = next(
        c for c in store.new_session().scalars(_consents_of(office.p1)) if c.withdrawn_on is None
    )
    from lotsen_desktop.services import volunteers

    volunteers.withdraw_consent(store, consent.id, withdrawn_on=date(2026, 1, 5))
    assert _counts(_report(store).people.by_migration) == {"yes": 0, "no": 0, "unknown": 3}


def _consents_of(volunteer_id: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from lotsen_desktop.store.models import Consent

    return select(Consent).where(
        Consent.volunteer_id == volunteer_id, Consent.purpose == "migrationsgeschichte"
    )


def test_mentoring_and_reflection_figures_match_the_hand_count(
    store: Store, office: Office
) -> None:
    report = _report(store)
    m = report.mentoring
    assert (m.requests_received, m.requests_placed, m.requests_open) == (2, 1, 1)
    assert (m.assignments_started, m.assignments_ended, m.assignments_running_at_end) == (1, 1, 1)
    assert (m.contacts, m.minutes, m.km, m.volunteers_with_contacts) == (3, 180, 17.5, 2)
    areas = {line.key: (line.contacts, line.minutes, line.km) for line in m.by_area}
    assert areas["schule"] == (2, 150, 5.5) and areas["behoerden"] == (1, 30, 12.0)
    assert areas["sprache"] == (0, 0, 0.0)
    kinds = {line.key: (line.contacts, line.minutes) for line in m.by_kind}
    assert kinds["treffen"] == (1, 90) and kinds["telefon"] == (1, 60)
    assert kinds["begleitung"] == (1, 30)
    months = {line.key: (line.contacts, line.minutes, line.km) for line in m.by_month}
    assert list(months) == [f"2025-{n:02d}" for n in range(1, 13)]  # every month, in order
    assert months["2025-01"] == (1, 30, 12.0) and months["2025-05"] == (1, 90, 5.5)
    assert months["2025-06"] == (1, 60, 0.0) and months["2025-02"] == (0, 0, 0.0)
    table = {t.key: t for t in reports.report_tables(report)}["months"]
    assert table.rows[0][0] == "Januar 2025" and table.rows[-1] == ("Gesamt", 3, 3.0, 17.5)
    r = report.reflection
    assert (r.meetings, r.attendances, r.distinct_attendees) == (2, 4, 3)
    per_kind = {line.key: (line.meetings, line.attendances) for line in r.by_kind}
    assert per_kind["reflexion"] == (1, 3) and per_kind["supervision"] == (1, 1)


def test_erasure_keeps_what_the_office_held_and_drops_the_persons_part(
    store: Store, office: Office
) -> None:
    before = _report(store)
    privacy.erase_person(store, office.p2, confirm_name="Ánh")
    after = _report(store)
    # what the office held does not change
    assert [(c.title, c.sessions, c.minutes_held) for c in after.courses] == [
        (c.title, c.sessions, c.minutes_held) for c in before.courses
    ]
    assert after.mentoring.requests_received == before.mentoring.requests_received
    assert after.mentoring.requests_placed == before.mentoring.requests_placed
    assert after.reflection.meetings == before.reflection.meetings
    # the erased person's share is gone, nobody else's
    course_a = next(c for c in after.courses if c.title == "Kurs A")
    assert (course_a.enrolled, course_a.attended_any, course_a.completed) == (2, 1, 1)
    assert after.people.in_programme_at_end == 2
    assert after.people.newly_qualified == 1
    assert after.mentoring.contacts == 2 and after.mentoring.minutes == 150
    assert after.reflection.attendances == 3


def test_small_counts_are_masked_in_presentation_only(store: Store, office: Office) -> None:
    report = _report(store)
    assert reports.display(2, reports.COUNT, mask_small=True) == "< 3"
    assert reports.display(0, reports.COUNT, mask_small=True) == "0"
    assert reports.display(3, reports.COUNT, mask_small=True) == "3"
    assert reports.display(2, reports.COUNT, mask_small=False) == "2"
    assert reports.display(2, reports.NUMBER, mask_small=True) == "2"  # not a count of people
    tables = {t.key: t for t in reports.report_tables(report)}
    titles = tables["title_form"]
    assert [
        reports.display(v, titles.kind(i, 1), True) for i, (_l, v) in enumerate(titles.rows)
    ] == [
        "< 3",
        "< 3",
        "0",
    ]
    assert report.people.by_title_form[0].count == 2  # the number itself is untouched


def test_period_must_not_end_before_it_starts(store: Store) -> None:
    with pytest.raises(ValidationError, match="Zeitraum"):
        reports.compute_report(store, Period(date(2025, 5, 1), date(2025, 1, 1)))


def test_empty_office_gives_an_empty_but_complete_report(store: Store) -> None:
    report = reports.compute_report(store, YEAR)
    assert report.courses == () and report.people.in_programme_at_end == 0
    assert report_pdf(report).startswith(b"%PDF")
    assert report_xlsx(report)[:2] == b"PK"


def test_xlsx_reads_back_with_numbers_dates_and_frozen_headers(
    store: Store, office: Office
) -> None:
    report = _report(store)
    book = load_workbook(io.BytesIO(report_xlsx(report, mask_small=False)))
    tables = reports.report_tables(report)
    assert book.sheetnames[: len(tables)] == [reports.sheet_title(t) for t in tables]
    # Excel allows 31 characters; a longer title gives way to a short name, never a cut one
    assert book.sheetnames[: len(tables)] == [
        "Übersicht",
        "Kurse (Maßnahmen)",
        "Personen nach Status",
        "Personen nach Bezeichnung",
        "Personen nach Alter",
        "Eigene Migrationserfahrung",
        "Personen nach Sprache",
        "Einsatzanfragen",
        "Begleitung nach Bereich",
        "Begleitung nach Kontaktart",
        "Begleitung nach Monat",
        "Reflexionstreffen",
    ]
    assert len(book.sheetnames) == len(set(book.sheetnames)) == len(tables) + 1
    for table in tables:
        sheet = book[reports.sheet_title(table)]
        assert sheet.freeze_panes == "A2"
        assert [c.value for c in sheet[1]] == [c.header for c in table.columns]
    courses = book[reports.sheet_title(next(t for t in tables if t.key == "courses"))]
    row = [c.value for c in courses[2]]
    assert row[0] == "Kurs A"
    assert isinstance(row[3], datetime) and row[3].date() == date(2025, 3, 1)
    assert courses.cell(row=2, column=4).number_format == "DD.MM.YYYY"
    assert row[5] == 2 and row[6] == 4 and row[9] == 3
    assert row[12] == pytest.approx(0.667)
    assert courses.cell(row=2, column=13).number_format == "0.0%"
    assert courses.column_dimensions["A"].width >= len("Kurs A")
    overview = book[reports.sheet_title(tables[0])]
    values = {r[0].value: r[1].value for r in overview.iter_rows(min_row=2) if r[0].value}
    assert values["Gehaltene Unterrichtseinheiten"] == 6
    assert values["Stunden der Begleitung (60 Minuten)"] == 3


def test_xlsx_masks_small_counts_as_text(store: Store, office: Office) -> None:
    report = _report(store)
    book = load_workbook(io.BytesIO(report_xlsx(report)))
    sheet = book["Personen nach Bezeichnung"]
    assert [(r[0].value, r[1].value) for r in sheet.iter_rows(min_row=2, max_row=4)] == [
        ("Integrationslotsin", "< 3"),
        ("Integrationslotse", "< 3"),
        ("Integrationslotsin/Integrationslotse", 0),
    ]


def test_pdf_has_the_office_the_figures_and_only_dejavu(store: Store, office: Office) -> None:
    pdf = report_pdf(_report(store), mask_small=True)
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "VHS Musterstadt" in text and "Bericht für den Fördergeber" in text
    assert "1. Januar 2025 – 31. Dezember 2025" in text
    assert "Kurs A" in text and "Kurs B" not in text
    assert "< 3" in text and "66,7 %" in text
    fonts = {
        font.get_object()["/BaseFont"]
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    assert fonts and all("DejaVu" in name for name in fonts)


def test_pdf_in_english(store: Store, office: Office) -> None:
    set_language("en")
    pdf = report_pdf(_report(store))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Report for the funding body" in text and "1 January 2025" in text


def test_cli_writes_the_report_and_prints_json(
    store: Store, office: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bericht.xlsx"
    code = main(
        ["--db", store.target, "report", "--year", "2025", "--out", str(out), "--format", "json"]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["file"] == str(out) and data["totals"]["sessions"] == 3
    assert data["mentoring"]["hours"] == 3.0
    assert load_workbook(out).sheetnames[0] == "Übersicht"
    pdf = tmp_path / "bericht.pdf"
    assert (
        main(
            [
                "--db",
                store.target,
                "report",
                "--from",
                "01.01.2025",
                "--to",
                "2025-12-31",
                "--out",
                str(pdf),
            ]
        )
        == 0
    )
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--out", "x.docx"], ".pdf oder .xlsx"),
        (["--from", "2025-05-01", "--to", "2025-01-01", "--out", "x.pdf"], "Zeitraum"),
        (["--year", "2025", "--from", "2025-01-01", "--out", "x.pdf"], "nicht beides"),
        (["--from", "31.02.2025", "--out", "x.pdf"], ""),
    ],
)
def test_cli_refuses_bad_input_with_one_german_line(
    store: Store,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    message: str,
) -> None:
    arguments = [str(tmp_path / a) if a.startswith("x.") else a for a in arguments]
    assert main(["--db", store.target, "report", *arguments]) == 1
    error = capsys.readouterr().err
    assert error.startswith("Fehler: ") and error.count("\n") == 1 and message in error
    assert not list(tmp_path.glob("x.*"))


def test_progress_is_reported_and_cancel_stops(store: Store, office: Office) -> None:
    seen: list[tuple[int, int]] = []

    def keep_going(done: int, total: int) -> bool:
        seen.append((done, total))
        return True

    reports.compute_report(store, YEAR, today=REPORT_DAY, progress=keep_going)
    assert seen[-1][0] == seen[-1][1] == reports.STEPS

    with pytest.raises(Cancelled):
        reports.compute_report(store, YEAR, progress=lambda _done, _total: False)


def test_languages_count_once_whatever_the_case(store: Store, office: Office) -> None:
    from lotsen_desktop.services import volunteers

    volunteers.update_volunteer(
        store, office.p2, languages=["Vietnamesisch", "deutsch"], today=date(2025, 2, 1)
    )
    languages = _counts(_report(store).people.by_language)
    assert languages["Deutsch"] == 3 and "deutsch" not in languages
