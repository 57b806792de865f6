"""One file for printing a batch: the single documents' pages one after another.

PDFium (pypdfium2, already used for the preview) copies the pages in C: for 47 certificates
about 0.04 s, where pypdf parsed every font width and took ten times as long. PDFium cannot
set the document information, so title and author are added as a standard incremental update
(a new Info object and a trailer pointing back to the previous cross-reference table). If
PDFium fails or writes something the update cannot follow, pypdf combines instead.

PDFium is not thread-safe: every call into it, from any thread, holds ``PDFIUM_LOCK``.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable

import pypdfium2 as pdfium
from pypdf import PdfReader, PdfWriter

from lotsen_desktop.documents.pdfium_lock import PDFIUM_LOCK

log = logging.getLogger(__name__)

PRODUCER = "Lotsen Desktop"

_TRAILER = re.compile(rb"trailer\s*<<(?P<body>.*?)>>\s*startxref\s+(?P<xref>\d+)\s+%%EOF\s*$", re.S)


def combine_pdfs(documents: Iterable[bytes], *, title: str = "", author: str = "") -> bytes:
    """Concatenate PDFs (fonts and pages as they are) into one document."""
    parts = list(documents)
    info = {"Producer": PRODUCER}
    if title:
        info["Title"] = title
    if author:
        info["Author"] = author
    try:
        combined = _with_info(_pdfium_concatenate(parts), info)
    except (pdfium.PdfiumError, ValueError):
        log.warning("PDFium could not combine the documents; using pypdf")
        combined = None
    if combined is not None:
        return combined
    return _pypdf_concatenate(parts, info)


def _pdfium_concatenate(parts: list[bytes]) -> bytes:
    buffer = io.BytesIO()
    with PDFIUM_LOCK:
        target = pdfium.PdfDocument.new()
        try:
            for part in parts:
                source = pdfium.PdfDocument(part)
                try:
                    target.import_pages(source)
                finally:
                    source.close()
            target.save(buffer)
        finally:
            target.close()
    return buffer.getvalue()


def _pdf_text(value: str) -> bytes:
    """A PDF text string any name survives: UTF-16BE with byte order mark, in hex."""
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _with_info(pdf: bytes, info: dict[str, str]) -> bytes:
    """``pdf`` with an incremental update whose Info dictionary holds ``info``.

    Raises ``ValueError`` if the file does not end in a classic trailer this can extend.
    """
    match = _TRAILER.search(pdf[-4096:])
    if match is None:
        raise ValueError("no classic trailer at the end of the combined file")
    body = match.group("body")
    size = re.search(rb"/Size\s+(\d+)", body)
    root = re.search(rb"/Root\s+(\d+\s+\d+\s+R)", body)
    ids = re.search(rb"/ID\s*(\[[^\]]*\])", body)
    if size is None or root is None:
        raise ValueError("the trailer has no /Size or /Root")
    number = int(size.group(1))
    entries = b"".join(b"/" + key.encode("ascii") + b" " + _pdf_text(v) for key, v in info.items())
    head = pdf if pdf.endswith(b"\n") else pdf + b"\n"
    obj_offset = len(head)
    obj = b"%d 0 obj\n<<%s>>\nendobj\n" % (number, entries)
    xref_offset = obj_offset + len(obj)
    # the free entry 0 first: readers that guess at tables not starting at 0 stay quiet
    xref = b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n" % (number, obj_offset)
    trailer = (
        b"trailer\n<</Size %d /Root %s /Info %d 0 R /Prev %s%s>>\nstartxref\n%d\n%%%%EOF\n"
        % (
            number + 1,
            root.group(1),
            number,
            match.group("xref"),
            b" /ID " + ids.group(1) if ids else b"",
            xref_offset,
        )
    )
    return head + obj + xref + trailer


def _pypdf_concatenate(parts: list[bytes], info: dict[str, str]) -> bytes:
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    writer.add_metadata({f"/{key}": value for key, value in info.items()})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
