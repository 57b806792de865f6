"""The office's background PDF (Briefpapier) as a Form XObject under every page of a document.

The uploaded PDF is parsed once with pypdf (``Stationery.from_pdf``); its page becomes a tree of
ready-formatted PDF objects that each document only registers under fixed names and draws with
one ``Do`` per page. No third-party bridge (pdfrw) and no second pass over the finished PDF: a
batch of 100 certificates parses the background once, and each document costs a few dozen small
objects plus the bytes of the background's fonts and images.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFObject, PDFObjectReference, xObjectName
from reportlab.pdfgen.canvas import Canvas

from lotsen_desktop.errors import ValidationError
from lotsen_desktop.i18n import _

MAX_BACKGROUND_BYTES = 5 * 1024 * 1024
FORM_NAME = "LotsenBackground"
_PREFIX = "LotsenBg"


class _Raw(PDFObject):  # type: ignore[misc]
    """Bytes already in PDF syntax (a number, name, string, boolean or null)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


class _Dict(PDFObject):  # type: ignore[misc]
    def __init__(self, items: list[tuple[bytes, Any]]) -> None:
        self.items = items

    def format(self, document: Any) -> bytes:
        parts = [key + b" " + value.format(document) for key, value in self.items]
        return b"<<" + b"\n".join(parts) + b">>"


class _Array(PDFObject):  # type: ignore[misc]
    def __init__(self, items: list[Any]) -> None:
        self.items = items

    def format(self, document: Any) -> bytes:
        return b"[" + b" ".join(item.format(document) for item in self.items) + b"]"


class _Stream(PDFObject):  # type: ignore[misc]
    """A stream whose data keep their filters (nothing is decoded or compressed again)."""

    def __init__(self, items: list[tuple[bytes, Any]], data: bytes) -> None:
        self.items = [(key, value) for key, value in items if key != b"/Length"]
        self.data = data

    def format(self, document: Any) -> bytes:
        data = document.encrypt.encode(self.data)
        head = _Dict([*self.items, (b"/Length", _Raw(str(len(data)).encode()))])
        return head.format(document) + b"\nstream\n" + data + b"\nendstream\n"


class _Registered(PDFObject):  # type: ignore[misc]
    """A fresh wrapper per document: ReportLab marks what it registers, the shared tree stays."""

    def __init__(self, inner: PDFObject) -> None:
        self.inner = inner

    def format(self, document: Any) -> bytes:
        data: bytes = self.inner.format(document)
        return data


@dataclass(frozen=True)
class Stationery:
    """One background page, converted once, drawn under the pages of any number of documents."""

    width: float
    height: float
    origin: tuple[float, float]
    objects: tuple[tuple[str, PDFObject], ...]
    form: PDFObject

    @classmethod
    def from_pdf(cls, data: bytes) -> Stationery:
        """Parse ``data`` (a PDF with one page); a clear ``ValidationError`` if it cannot serve."""
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        if not data.lstrip()[:5] == b"%PDF-":
            raise ValidationError(_("The background must be a PDF file."), field="background")
        if len(data) > MAX_BACKGROUND_BYTES:
            raise ValidationError(
                _("The background PDF is too large (at most 5 MB)."), field="background"
            )
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise ValidationError(
                    _("The background PDF is protected with a password; save it without one."),
                    field="background",
                )
            pages = len(reader.pages)
            if pages != 1:
                raise ValidationError(
                    _(
                        "The background PDF must have exactly one page (this one has {count})."
                    ).format(count=pages),
                    field="background",
                )
            return _convert(reader.pages[0])
        except ValidationError:
            raise
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, zlib.error) as error:
            raise ValidationError(
                _("The background PDF cannot be read ({error}).").format(
                    error=type(error).__name__
                ),
                field="background",
            ) from error

    def draw(self, canvas: Canvas, page_width: float, page_height: float) -> None:
        """Draw the background under what follows on this page, scaled to cover the page."""
        doc = canvas._doc
        if not canvas.hasForm(FORM_NAME):
            for name, obj in self.objects:
                doc.Reference(_Registered(obj), name)
            doc.Reference(_Registered(self.form), xObjectName(FORM_NAME))
        scale_x = page_width / self.width
        scale_y = page_height / self.height
        canvas.saveState()
        canvas.transform(
            scale_x, 0, 0, scale_y, -self.origin[0] * scale_x, -self.origin[1] * scale_y
        )
        canvas.doForm(FORM_NAME)
        canvas.restoreState()


def _convert(page: Any) -> Stationery:
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        IndirectObject,
        StreamObject,
    )

    objects: dict[tuple[int, int], tuple[str, PDFObject]] = {}
    order: list[tuple[int, int]] = []

    def scalar(value: Any) -> _Raw:
        buffer = io.BytesIO()
        value.write_to_stream(buffer)
        return _Raw(buffer.getvalue())

    def items_of(value: Any) -> list[tuple[bytes, Any]]:
        return [(scalar(key).data, convert(item)) for key, item in value.items()]

    def convert(value: Any) -> PDFObject:
        if isinstance(value, IndirectObject):
            key = (value.idnum, value.generation)
            if key not in objects:
                name = f"{_PREFIX}{value.idnum}_{value.generation}"
                objects[key] = (name, _Raw(b""))  # placeholder: cycles end here
                order.append(key)
                objects[key] = (name, convert(value.get_object()))
            return PDFObjectReference(objects[key][0])
        if isinstance(value, StreamObject):
            return _Stream(items_of(value), value._data)
        if isinstance(value, DictionaryObject):
            return _Dict(items_of(value))
        if isinstance(value, ArrayObject):
            return _Array([convert(item) for item in value])
        return scalar(value)

    box = page.mediabox
    left, bottom = float(box.left), float(box.bottom)
    width, height = float(box.width), float(box.height)
    if width <= 0 or height <= 0:
        raise ValueError("empty page")
    resources = page.get("/Resources")
    contents = page.get_contents()
    data = contents.get_data() if contents is not None else b""
    form_items: list[tuple[bytes, Any]] = [
        (b"/Type", _Raw(b"/XObject")),
        (b"/Subtype", _Raw(b"/Form")),
        (b"/FormType", _Raw(b"1")),
        (
            b"/BBox",
            _Raw(f"[{left:.4f} {bottom:.4f} {left + width:.4f} {bottom + height:.4f}]".encode()),
        ),
        (b"/Filter", _Raw(b"/FlateDecode")),
    ]
    if resources is not None:
        form_items.append((b"/Resources", convert(resources)))
    form = _Stream(form_items, zlib.compress(data))
    return Stationery(
        width=width,
        height=height,
        origin=(left, bottom),
        objects=tuple(objects[key] for key in order),
        form=form,
    )
