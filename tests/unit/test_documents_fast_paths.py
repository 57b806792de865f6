"""The faster paths of the documents give exactly what the plain ReportLab and pypdf ones gave."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import pypdfium2 as pdfium
import pytest
from hypothesis import example, given, reject, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.qr import QrCode
from reportlab.pdfbase import pdfmetrics

from lotsen_desktop.documents import base, certificate_pdf, combine, combine_pdfs, qr
from lotsen_desktop.documents import samples as s
from lotsen_desktop.documents.pdfium_lock import PDFIUM_LOCK
from lotsen_desktop.documents.qr import FastQrCode, lost_point

CODE = "IL-2026-0001-ABCDEF12"
codes = st.one_of(
    st.from_regex(r"[A-Z]{2,8}-20[0-9]{2}-[0-9]{4,6}-[0-9A-F]{8}", fullmatch=True),
    st.text(min_size=1, max_size=120),
)


@settings(max_examples=60, deadline=None)
@given(value=codes, level=st.sampled_from("LMQH"))
@example(value="\n", level="L")
def test_fast_qr_code_has_the_same_modules(value: str, level: str) -> None:
    """Same modules, or the same refusal: ReportLab's encoder raises for a few texts (a lone
    line feed), and the fast path must not print a different code for them."""
    try:
        stock = QrCode(value, qrLevel=level)
        stock.qr.make()
    except ValueError as refused:
        with pytest.raises(ValueError, match=str(refused)):
            FastQrCode(value, qrLevel=level).qr.make()
        return
    fast = FastQrCode(value, qrLevel=level)
    fast.qr.make()
    assert fast.qr.modules == stock.qr.modules


@settings(max_examples=25, deadline=None)
@given(value=codes)
@example(value="hat eine\nZeile")
def test_mask_score_equals_reportlabs_for_every_mask(value: str) -> None:
    """Texts ReportLab cannot encode (a lone line feed) have no modules to score; that the fast
    path refuses them the same way is ``test_fast_qr_code_has_the_same_modules``'s job."""
    code = QrCode(value, qrLevel="M").qr
    code.version = code.calculate_version()
    try:
        code.makeImpl(True, 0)
    except ValueError:
        reject()
    for mask in range(8):
        code.makeImpl(True, mask)
        assert lost_point(code.modules) == qrencoder.QRUtil.getLostPoint(code)


def test_certificate_bytes_do_not_depend_on_the_qr_path(monkeypatch: pytest.MonkeyPatch) -> None:
    created = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # two calls can straddle a second
    fast = certificate_pdf(s.sample_certificate(), code=CODE, created=created)
    monkeypatch.setattr(base, "FastQrCode", QrCode)
    assert certificate_pdf(s.sample_certificate(), code=CODE, created=created) == fast


def test_fonts_are_registered_and_styles_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    certificate_pdf(s.sample_certificate(), code=CODE)
    registered: list[Any] = []
    monkeypatch.setattr(pdfmetrics, "registerFont", registered.append)
    built: list[Any] = []
    original_init = base.Styles.__init__

    def counting_init(self: base.Styles) -> None:
        built.append(self)
        original_init(self)

    monkeypatch.setattr(base.Styles, "__init__", counting_init)
    for _round in range(3):
        certificate_pdf(s.sample_certificate(), code=CODE)
    assert registered == [] and built == []
    assert base.shared_styles() is base.shared_styles()


def test_combined_file_via_pdfium_keeps_pages_text_and_metadata() -> None:
    one = certificate_pdf(s.sample_certificate(), code=CODE)
    two = certificate_pdf(s.sample_certificate(modules=14), code=CODE)
    combined = combine_pdfs([one, two, one], title='Alle <&> "Şahin" Олена', author="VHS & Co")
    reader = PdfReader(io.BytesIO(combined), strict=True)
    assert len(reader.pages) == 4
    assert reader.metadata is not None
    assert reader.metadata.title == 'Alle <&> "Şahin" Олена'
    assert reader.metadata.author == "VHS & Co"
    assert "İlkay Şahin" in (reader.pages[3].extract_text() or "")
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(combined)
        try:
            assert len(document) == 4
            assert document.get_metadata_value("Title") == 'Alle <&> "Şahin" Олена'
        finally:
            document.close()


@pytest.mark.parametrize("failure", ["pdfium error", "no classic trailer"])
def test_combined_file_falls_back_to_pypdf(monkeypatch: pytest.MonkeyPatch, failure: str) -> None:
    def broken(_parts: list[bytes]) -> bytes:
        if failure == "pdfium error":
            raise pdfium.PdfiumError("simulated")
        return b"%PDF-1.7\nnot what was expected"

    monkeypatch.setattr(combine, "_pdfium_concatenate", broken)
    one = certificate_pdf(s.sample_certificate(), code=CODE)
    reader = PdfReader(io.BytesIO(combine_pdfs([one, one], title="Alle", author="VHS")))
    assert len(reader.pages) == 2
    assert reader.metadata is not None and reader.metadata.title == "Alle"


@settings(max_examples=40, deadline=None)
@given(value=codes, level=st.sampled_from("LMQH"))
@example(value="\n", level="L")
def test_error_correction_equals_reportlabs(value: str, level: str) -> None:
    """Where ReportLab's own encoder refuses a text (a lone line feed), the fast path refuses it
    the same way (the same texts are refused by ``test_fast_qr_code_has_the_same_modules``)."""
    code = QrCode(value, qrLevel=level).qr
    version = code.calculate_version()
    try:
        expected = qrencoder.QRCode.createData(version, code.errorCorrectLevel, code.dataList)
    except ValueError as refused:
        with pytest.raises(ValueError, match=str(refused)):
            qr._create_data(version, code.errorCorrectLevel, code.dataList)
        return
    assert qr._create_data(version, code.errorCorrectLevel, code.dataList) == expected
