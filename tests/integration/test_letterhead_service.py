"""Background PDF in the office settings, once per batch; the activity period's real start."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from certificate_fixtures import add_course, add_people, configure_office, stationery_pdf
from db_template import migrated_copy
from pypdf import PdfReader

from lotsen_desktop import documents
from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.cli import main
from lotsen_desktop.documents import stationery as stationery_module
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.services import certificates, mentoring, setup
from lotsen_desktop.store.database import Store

ISSUED = date(2026, 11, 24)


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_background_is_stored_with_the_office_and_printed_under_documents(store: Store) -> None:
    configure_office(store)
    ids = add_people(store)
    add_course(store, ids)
    setup.update_office(store, background_pdf=stationery_pdf(line="Briefpapier 0815"))
    assert setup.get_office(store).background_pdf is not None
    doc = certificates.issue_certificate(store, volunteer_id=ids[0], issued_on=ISSUED)
    assert "Briefpapier 0815" in text_of(doc.pdf)
    # the reprint uses it too; after removing it, documents are back to the letterhead
    assert "Briefpapier 0815" in text_of(certificates.reprint(store, doc.serial).pdf)
    setup.update_office(store, background_pdf=None)
    assert "Briefpapier 0815" not in text_of(certificates.reprint(store, doc.serial).pdf)


def test_an_unusable_background_is_refused_and_nothing_is_stored(
    store: Store, tmp_path: Path
) -> None:
    configure_office(store)
    two_pages = tmp_path / "zwei.pdf"
    two_pages.write_bytes(stationery_pdf(pages=2))
    with pytest.raises(ValidationError, match="genau eine Seite"):
        setup.read_background(str(two_pages))
    with pytest.raises(ValidationError, match="PDF-Datei"):
        setup.update_office(store, background_pdf=b"GIF89a")
    assert setup.get_office(store).background_pdf is None


def test_a_batch_parses_the_background_once(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure_office(store)
    ids = add_people(store)
    course_id = add_course(store, ids)
    setup.update_office(store, background_pdf=stationery_pdf(line="Einmal gelesen"))
    documents._parsed_stationery.cache_clear()
    parsed: list[int] = []
    original = stationery_module.Stationery.from_pdf.__func__  # type: ignore[attr-defined]

    def counting(cls: type, data: bytes) -> object:
        parsed.append(len(data))
        return original(cls, data)

    monkeypatch.setattr(stationery_module.Stationery, "from_pdf", classmethod(counting))
    result = certificates.issue_course_batch(
        store,
        course_id=course_id,
        out_dir=tmp_path / "stapel",
        kind="teilnahmebescheinigung",
        issued_on=ISSUED,
    )
    assert len(result.documents) >= 4
    assert len(parsed) == 1
    for doc in result.documents:
        assert "Einmal gelesen" in text_of(doc.pdf)


def _volunteer_with_work(store: Store, first_contact: date) -> str:
    configure_office(store)
    (volunteer_id,) = add_people(store, [("Олена", "Коваленко", "lotsin")])
    assignment = mentoring.add_assignment(
        store, volunteer_id=volunteer_id, mentee_pseudonym="A. B.", started_on=first_contact
    )
    for day, minutes in ((first_contact, 60), (first_contact + timedelta(days=7), 90)):
        mentoring.add_log_entry(
            store,
            assignment_id=assignment,
            entry_date=day,
            minutes=minutes,
            kind="begleitung",
            area="behoerden",
        )
    return volunteer_id


def test_activity_period_starts_when_the_work_began(store: Store) -> None:
    start = date.today() - timedelta(days=40)
    volunteer_id = _volunteer_with_work(store, start)
    assert certificates.activity_start(store, volunteer_id) == start
    doc = certificates.issue_activity_record(
        store,
        volunteer_id=volunteer_id,
        date_from=date.today() - timedelta(days=365),
        date_to=date.today(),
    )
    data = certificates.activity_data(
        store,
        volunteer_id=volunteer_id,
        date_from=date.today() - timedelta(days=365),
        date_to=date.today(),
    )
    assert data.date_from == start
    from lotsen_desktop.i18n import format_date_long

    assert f"Zeitraum {format_date_long(start)} – {format_date_long(date.today())}" in text_of(
        doc.pdf
    )
    assert "2 dokumentierte Einsätze." in text_of(doc.pdf)


def test_no_work_means_no_start(store: Store) -> None:
    configure_office(store)
    (volunteer_id,) = add_people(store, [("Łukasz", "Wąsowski", "lotse")])
    assert certificates.activity_start(store, volunteer_id) is None


def test_cli_background_and_activity_without_from(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "office.sqlite"
    start = date.today() - timedelta(days=20)
    opened = open_office_store(migrated_copy(db), user="cli-test")
    try:
        volunteer_id = _volunteer_with_work(opened, start)
    finally:
        opened.close()
    paper = tmp_path / "briefpapier.pdf"
    paper.write_bytes(stationery_pdf(line="CLI Briefpapier"))
    assert main(["--db", str(db), "office", "set", "--background", str(paper)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "--format", "json", "office", "show"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["has_background"] is True and "background_pdf" not in shown
    out = tmp_path / "nachweis.pdf"
    assert main(["--db", str(db), "activity", volunteer_id[:8], "--out", str(out)]) == 0
    text = text_of(out.read_bytes())
    from lotsen_desktop.i18n import format_date_long

    assert format_date_long(start) in text and "CLI Briefpapier" in text
    assert main(["--db", str(db), "office", "set", "--background", ""]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "--format", "json", "office", "show"]) == 0
    assert json.loads(capsys.readouterr().out)["has_background"] is False
