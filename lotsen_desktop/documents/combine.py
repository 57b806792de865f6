"""One file for printing a batch: the single documents' pages one after another."""

from __future__ import annotations

import io
from collections.abc import Iterable

from pypdf import PdfReader, PdfWriter


def combine_pdfs(documents: Iterable[bytes], *, title: str = "", author: str = "") -> bytes:
    """Concatenate PDFs (fonts and pages as they are) into one document."""
    writer = PdfWriter()
    for document in documents:
        writer.append(PdfReader(io.BytesIO(document)))
    metadata = {"/Producer": "Lotsen Desktop"}
    if title:
        metadata["/Title"] = title
    if author:
        metadata["/Author"] = author
    writer.add_metadata(metadata)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
