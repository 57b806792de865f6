"""The designed documents: metadata, German plurals, the Träger wording, the background PDF."""

from __future__ import annotations

import dataclasses
import io
import subprocess
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from certificate_fixtures import stationery_pdf
from pypdf import PdfReader

from lotsen_desktop import documents
from lotsen_desktop.documents import (
    activity_pdf,
    attendance_sheet_pdf,
    certificate_pdf,
    participation_pdf,
)
from lotsen_desktop.documents import samples as s
from lotsen_desktop.documents.data import AreaMinutes
from lotsen_desktop.documents.stationery import Stationery
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.i18n import set_language

CODE = "IL-2026-0007-3F9A2C1B"


@pytest.fixture(autouse=True)
def german() -> object:
    set_language("de")
    yield
    set_language("de")


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    source = tmp_path / "doc.pdf"
    source.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", str(source), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(out.split())


def test_metadata_has_the_creation_date_title_author_and_subject() -> None:
    created = datetime(2026, 11, 24, 10, 30, 15, tzinfo=timezone(timedelta(hours=1)))
    pdf = certificate_pdf(s.sample_certificate(), code=CODE, created=created)
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert info is not None
    assert info["/CreationDate"] == "D:20261124103015+01'00'"
    assert info.title == "Zertifikat – İlkay Şahin"
    assert info.author == s.SAMPLE_OFFICE.name
    assert info.subject == "Qualifizierung als Integrationslotsin"


def test_creation_date_defaults_to_now_not_2000() -> None:
    before = datetime.now().astimezone()
    info = PdfReader(io.BytesIO(activity_pdf(s.sample_activity(), code=CODE))).metadata
    assert info is not None and info.creation_date is not None
    assert abs(info.creation_date.timestamp() - before.timestamp()) < 24 * 3600
    assert info.creation_date.year != 2000


def test_same_data_and_date_give_the_same_bytes() -> None:
    created = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    first = participation_pdf(s.sample_participation(), code=CODE, created=created)
    assert participation_pdf(s.sample_participation(), code=CODE, created=created) == first


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "1 dokumentierter Einsatz."), (3, "3 dokumentierte Einsätze.")],
)
def test_assignments_take_the_german_plural(count: int, expected: str) -> None:
    data = dataclasses.replace(s.sample_activity(), entries_count=count)
    text = text_of(activity_pdf(data, code=CODE))
    assert expected in text
    assert "1 dokumentierte Einsätze" not in text


def test_english_plural_too() -> None:
    set_language("en")
    one = text_of(activity_pdf(dataclasses.replace(s.sample_activity(), entries_count=1)))
    many = text_of(activity_pdf(dataclasses.replace(s.sample_activity(), entries_count=4)))
    assert "1 recorded assignment." in one and "recorded assignments" not in one
    assert "4 recorded assignments." in many


def test_no_zero_hours_per_week_and_one_hour_in_singular() -> None:
    tiny = dataclasses.replace(
        s.sample_activity(),
        date_from=date(2026, 1, 1),
        date_to=date(2026, 12, 31),
        areas=(AreaMinutes("behoerden", 30),),
        entries_count=1,
    )
    text = text_of(activity_pdf(tiny, code=CODE))
    assert "0 Stunden pro Woche" not in text and "pro Woche" not in text
    about_one = dataclasses.replace(
        tiny, date_to=date(2026, 1, 28), areas=(AreaMinutes("behoerden", 4 * 60),)
    )
    assert "Im Durchschnitt 1 Stunde pro Woche" in text_of(activity_pdf(about_one, code=CODE))


def test_the_office_is_named_as_traeger_not_with_a_guessed_article() -> None:
    text = text_of(activity_pdf(s.sample_activity(), code=CODE))
    assert "bei Volkshochschule" not in text
    assert f"Träger {s.SAMPLE_OFFICE.name}" in text
    assert "war ehrenamtlich als Integrationslotsin/Integrationslotse im Programm" in text
    assert "Zeitraum 1. Januar 2026 – 31. Oktober 2026" in text


def test_register_number_and_code_are_in_the_footer_with_the_qr_code() -> None:
    pdf = certificate_pdf(s.sample_certificate(), code=CODE)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    text = " ".join((page.extract_text() or "").split())
    assert "Register-Nr. IL-2026-0007" in text and f"Prüfcode {CODE}" in text
    assert "Ort, Datum" in text and "Siegel" in text


@pytest.mark.parametrize("index", range(len(s.DIFFICULT_NAMES)))
def test_difficult_names_print_on_the_background_too(index: int, tmp_path: Path) -> None:
    paper = documents.load_stationery(stationery_pdf())
    person = s.sample_person(index)
    pdf = certificate_pdf(s.sample_certificate(person=person), code=CODE, background=paper)
    assert person.full_name in pdftotext(pdf, tmp_path)


def test_background_is_under_every_page_of_every_document(tmp_path: Path) -> None:
    paper = Stationery.from_pdf(stationery_pdf(line="Briefpapier-Fusszeile 4711"))
    long = dataclasses.replace(s.sample_certificate(modules=14))
    for pdf in (
        certificate_pdf(long, code=CODE, background=paper),
        participation_pdf(s.sample_participation(), code=CODE, background=paper),
        activity_pdf(s.sample_activity(), code=CODE, background=paper),
    ):
        reader = PdfReader(io.BytesIO(pdf))
        for page in reader.pages:
            assert "Briefpapier-Fusszeile 4711" in (page.extract_text() or "")
        assert "IL-2026-0007" in pdftotext(pdf, tmp_path) or "IL-2026-0008" in text_of(pdf)


def test_one_background_serves_many_documents() -> None:
    paper = Stationery.from_pdf(stationery_pdf())
    first = certificate_pdf(s.sample_certificate(), code=CODE, background=paper)
    second = certificate_pdf(s.sample_certificate(), code=CODE, background=paper)
    assert len(PdfReader(io.BytesIO(first)).pages) == len(PdfReader(io.BytesIO(second)).pages)
    assert "Stadt Musterstadt" in text_of(second)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\nnot a pdf", "muss eine PDF-Datei sein"),
        (stationery_pdf(pages=2), "genau eine Seite"),
        (b"%PDF-1.4\ngarbage", "kann nicht gelesen werden"),
    ],
)
def test_unusable_backgrounds_are_refused_with_a_reason(data: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Stationery.from_pdf(data)


def test_a_damaged_stored_background_does_not_stop_a_certificate() -> None:
    assert documents.load_stationery(b"%PDF-1.4\ngarbage") is None
    assert documents.load_stationery(None) is None


def test_attendance_sheet_carries_the_logo() -> None:
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (90, 30), (0, 84, 140)).save(picture, format="PNG")
    pdf = attendance_sheet_pdf(s.sample_attendance_sheet(), logo=picture.getvalue())
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert any(
        obj.get_object().get("/Subtype") == "/Image"
        for obj in page["/Resources"]["/XObject"].values()
    )
