"""The document builders alone: data in, PDF out, read back with pypdf and pdftotext."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from lotsen_desktop.documents import (
    activity_pdf,
    attendance_sheet_pdf,
    certificate_pdf,
    combine_pdfs,
    participation_pdf,
)
from lotsen_desktop.documents import samples as s
from lotsen_desktop.documents.base import esc
from lotsen_desktop.documents.data import (
    PersonInfo,
    canonical_json,
    checksum,
    from_content,
    to_content,
)
from lotsen_desktop.domain.vocabulary import AttendanceState
from lotsen_desktop.i18n import set_language

CODE = "IL-2026-0007-3F9A2C1B"
MM = 72 / 25.4
HAVE_PDFTOTEXT = shutil.which("pdftotext") is not None


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    source = tmp_path / "doc.pdf"
    source.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(source), "-"], check=True, capture_output=True, text=True
    ).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def fonts_of(pdf: bytes) -> list[tuple[str, bool]]:
    """(base font name, has an embedded TrueType file) for every font used on any page."""
    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            found[str(font["/BaseFont"])] = embedded
    return sorted(found.items())


def word_boxes(pdf: bytes, tmp_path: Path) -> list[tuple[float, float, float, float, float, float]]:
    """(page width, page height, xmin, ymin, xmax, ymax) of every word, from pdftotext -bbox."""
    source = tmp_path / "bbox.pdf"
    source.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(source), "-"], check=True, capture_output=True, text=True
    ).stdout
    boxes = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        width, height = float(page.group(1)), float(page.group(2))
        for word in re.finditer(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', page.group(3)
        ):
            boxes.append((width, height, *(float(v) for v in word.groups())))
    return boxes


def test_certificate_prints_name_title_modules_hours_dates_serial() -> None:
    data = s.sample_certificate()
    text = flat(text_of(certificate_pdf(data, code=CODE)))
    assert "Zertifikat" in text
    assert "İlkay Şahin" in text
    assert "Integrationslotsin" in text
    assert "geboren am 7. März 1984" in text
    assert "Musterstadt, 24. November 2026" in text
    for line in data.modules:
        assert line.title in text
    assert "Basismodul" in text and "Spezialisierungsmodul" in text
    assert "46" in text and "Gesamt 78" in text
    assert "07.02.–16.05.2026" in text
    assert "IL-2026-0007" in text and CODE in text
    assert "Dr. Sabine Müller-Lüdenscheidt" in text
    assert "Leitung der Koordinierungsstelle" in text


@pytest.mark.parametrize("index", range(len(s.DIFFICULT_NAMES)))
def test_difficult_names_print_exactly(index: int, tmp_path: Path) -> None:
    person = s.sample_person(index)
    pdf = certificate_pdf(s.sample_certificate(person=person), code=CODE)
    assert person.full_name in flat(text_of(pdf))
    if HAVE_PDFTOTEXT:
        assert person.full_name in flat(pdftotext(pdf, tmp_path))


def test_markup_characters_print_literally() -> None:
    person = PersonInfo('Ana <b> & "Quote"', "O'Neil <i>", date(1990, 1, 2))
    office = dataclasses.replace(s.SAMPLE_OFFICE, name="Verein <Lotsen> & Co")
    data = dataclasses.replace(s.sample_certificate(person=person), office=office)
    pdf = certificate_pdf(data, code=CODE)
    text = flat(text_of(pdf))
    assert 'Ana <b> & "Quote" O\'Neil <i>' in text
    assert "Verein <Lotsen> & Co" in text
    assert esc("<b>&\"'") == "&lt;b&gt;&amp;&quot;&#39;"
    metadata = PdfReader(io.BytesIO(pdf)).metadata
    assert metadata is not None and metadata.author == "Verein <Lotsen> & Co"


def test_only_embedded_dejavu_fonts() -> None:
    for pdf in (
        certificate_pdf(s.sample_certificate(), code=CODE),
        participation_pdf(s.sample_participation(), code=CODE),
        activity_pdf(s.sample_activity(), code=CODE),
        attendance_sheet_pdf(s.sample_attendance_sheet(blank=False)),
    ):
        fonts = fonts_of(pdf)
        assert fonts, "no fonts found"
        for name, embedded in fonts:
            assert "DejaVuSans" in name, name
            assert embedded, f"{name} is not embedded"


def test_metadata_title_author_subject() -> None:
    reader = PdfReader(io.BytesIO(certificate_pdf(s.sample_certificate(), code=CODE)))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Zertifikat – İlkay Şahin"
    assert meta.author == s.SAMPLE_OFFICE.name
    assert meta.subject == "Qualifizierung als Integrationslotsin"


def test_a4_portrait_and_safe_margins(tmp_path: Path) -> None:
    pdf = certificate_pdf(s.sample_certificate(modules=14), code=CODE)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert round(float(page.mediabox.width) / MM) == 210
    assert round(float(page.mediabox.height) / MM) == 297
    if not HAVE_PDFTOTEXT:
        pytest.skip("pdftotext missing")
    boxes = word_boxes(pdf, tmp_path)
    assert boxes
    for width, height, x0, y0, x1, y1 in boxes:
        assert x0 >= 15 * MM - 0.5 and x1 <= width - 15 * MM + 0.5
        assert y0 >= 15 * MM - 0.5 and y1 <= height - 15 * MM + 0.5


def test_many_modules_and_a_long_name_flow_to_a_second_page() -> None:
    person = PersonInfo(
        "Maria-Magdalena Alexandrina Konstantinopoulou-Wiesengrund",
        "O'Neil-Schwarzenberg-Hohenlohe-Langenburg",
        date(1990, 1, 2),
    )
    data = s.sample_certificate(modules=14, person=person)
    pdf = certificate_pdf(data, code=CODE)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    text = flat(text_of(pdf))
    for line in data.modules:
        assert line.title in text
    assert "O'Neil-Schwarzenberg-Hohenlohe-Langenburg" in text  # never split inside a word
    assert "Seite 1 von 2" in text and "Seite 2 von 2" in text
    last = flat(reader.pages[1].extract_text())
    assert "Modul" in last  # table header repeated
    assert CODE in last  # signature and code travel together to the last page


def test_participation_states_hours_attended_of_planned() -> None:
    text = flat(text_of(participation_pdf(s.sample_participation(), code=CODE)))
    assert "Teilnahmebescheinigung" in text
    assert "Олена Коваленко" in text
    assert "30 von 48 (62 %)" in text
    assert "7. Februar 2026 – 16. Mai 2026" in text
    assert "Modul abgeschlossen" not in text
    done = dataclasses.replace(s.sample_participation(), attended_minutes=48 * 45, completed=True)
    assert "Modul abgeschlossen" in flat(text_of(participation_pdf(done, code=CODE)))


def test_activity_record_shows_hours_by_area_and_meetings() -> None:
    text = flat(text_of(activity_pdf(s.sample_activity(), code=CODE)))
    assert "Tätigkeitsnachweis" in text
    assert "Thị Ánh Nguyễn" in text
    assert "1. Januar 2026 – 31. Oktober 2026" in text
    assert "148,8" in text  # total hours
    assert "41,5" in text
    assert "Grenzen setzen im Ehrenamt" in text
    assert "12.02.2026" in text


def test_attendance_sheet_is_landscape_and_repeats_headers_over_pages(tmp_path: Path) -> None:
    data = s.sample_attendance_sheet(participants=40, sessions=14)
    pdf = attendance_sheet_pdf(data)
    reader = PdfReader(io.BytesIO(pdf))
    first = reader.pages[0]
    assert float(first.mediabox.width) > float(first.mediabox.height)
    assert round(float(first.mediabox.width) / MM) == 297
    assert len(reader.pages) >= 4
    for page in reader.pages:
        page_text = flat(page.extract_text())
        assert "Nr. Name" in page_text, "header row missing on a page"
        assert "Anwesenheitsliste" in page_text
    text = flat(text_of(pdf))
    for participant in data.participants:
        assert participant.name in text
    assert "14. Sa. 09.05.2026" in text
    assert "Unterschrift Kursleitung" in text
    assert "✓" not in text
    if HAVE_PDFTOTEXT:
        for width, height, x0, y0, x1, y1 in word_boxes(pdf, tmp_path):
            assert x0 >= 15 * MM - 0.5 and x1 <= width - 15 * MM + 0.5
            assert y0 >= 15 * MM - 0.5 and y1 <= height - 15 * MM + 0.5


def test_filled_attendance_sheet_shows_marks_and_counts() -> None:
    text = flat(text_of(attendance_sheet_pdf(s.sample_attendance_sheet(blank=False))))
    assert "Anwesenheitsnachweis" in text
    assert "✓" in text and "120 Min." in text
    assert AttendanceState.EXCUSED.label in text
    assert "Anwesend" in text


def test_same_data_gives_the_same_bytes() -> None:
    """Only the creation date (pinned here) may differ: two calls can straddle a second."""
    data = s.sample_certificate()
    created = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    first = certificate_pdf(data, code=CODE, created=created)
    assert first == certificate_pdf(data, code=CODE, created=created)


def test_english_documents() -> None:
    set_language("en")
    text = flat(text_of(certificate_pdf(s.sample_certificate(), code=CODE)))
    assert "Certificate" in text and "Zertifikat" not in text.split("Musterstadt")[0]
    assert "24 November 2026" in text
    assert "born on 7 March 1984" in text
    assert "Page 1 of 1" in text


@pytest.mark.parametrize(
    "data", [s.sample_certificate(), s.sample_participation(), s.sample_activity()]
)
def test_content_round_trips_through_canonical_json(data: object) -> None:
    content = to_content(data)  # type: ignore[arg-type]
    again = from_content(__import__("json").loads(canonical_json(content)))
    assert again == data
    assert checksum(content) == checksum(to_content(again))


def test_logo_is_drawn_and_a_broken_logo_is_ignored() -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), (20, 60, 140)).save(buffer, format="PNG")
    with_logo = certificate_pdf(s.sample_certificate(), code=CODE, logo=buffer.getvalue())
    page = PdfReader(io.BytesIO(with_logo)).pages[0]
    assert page.images, "logo missing"
    broken = certificate_pdf(s.sample_certificate(), code=CODE, logo=b"not an image")
    assert "İlkay Şahin" in text_of(broken)


def test_combined_file_has_all_pages() -> None:
    one = certificate_pdf(s.sample_certificate(), code=CODE)
    two = certificate_pdf(s.sample_certificate(modules=14), code=CODE)
    combined = combine_pdfs([one, two], title="Alle", author="VHS")
    reader = PdfReader(io.BytesIO(combined))
    assert len(reader.pages) == 3
    assert reader.metadata is not None and reader.metadata.title == "Alle"
