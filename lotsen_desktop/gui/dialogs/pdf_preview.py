"""Preview a PDF inside the application, print it or save it.

PySide6-Essentials has no QtPdf, so pages are rendered to images with pdfium (pypdfium2): on
screen at a readable size, for the printer at the printer's resolution (at most 300 dpi).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from lotsen_desktop.documents.pdfium_lock import PDFIUM_LOCK
from lotsen_desktop.errors import LotsenError
from lotsen_desktop.files import write_atomic
from lotsen_desktop.gui import save_dialog
from lotsen_desktop.gui.screen_fit import FitsScreen
from lotsen_desktop.gui.widgets import fit_to_screen
from lotsen_desktop.i18n import _, ngettext
from lotsen_desktop.store.database import Store

log = logging.getLogger(__name__)

SCREEN_DPI = 96
PRINT_DPI_LIMIT = 300
PREVIEW_WIDTH = 820


def page_count(pdf: bytes) -> int:
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()


def render_pages(pdf: bytes, dpi: float, max_width: int | None = None) -> Iterator[QImage]:
    """Each page of ``pdf`` as an RGB image at ``dpi`` (smaller if wider than ``max_width``).

    PDFium is not thread-safe (a course batch combines its files with it in a worker thread),
    so each page is rendered under ``PDFIUM_LOCK``; the lock is never held across a ``yield``.
    """
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        count = len(document)
    try:
        for index in range(count):
            with PDFIUM_LOCK:
                page = document[index]
                try:
                    scale = dpi / 72
                    if max_width is not None:
                        scale = min(scale, max_width / page.get_width())
                    bitmap = page.render(scale=scale, rev_byteorder=True)
                    try:
                        image = QImage(
                            bitmap.buffer,
                            bitmap.width,
                            bitmap.height,
                            bitmap.stride,
                            QImage.Format.Format_RGB888
                            if bitmap.n_channels == 3
                            else QImage.Format.Format_RGBA8888,
                        ).copy()  # own the pixels before pdfium frees its buffer
                    finally:
                        bitmap.close()
                finally:
                    page.close()
            yield image
    finally:
        with PDFIUM_LOCK:
            document.close()


def print_pdf(pdf: bytes, printer: QPrinter) -> None:
    """Paint every page, scaled to the printable area with its proportions kept."""
    dpi = min(printer.resolution(), PRINT_DPI_LIMIT)
    painter = QPainter()
    if not painter.begin(printer):
        raise LotsenError(_("The printer could not be started."))
    try:
        for number, image in enumerate(render_pages(pdf, dpi)):
            if number:
                printer.newPage()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(
                area.x() + (area.width() - size.width()) / 2,
                area.y() + (area.height() - size.height()) / 2,
                size.width(),
                size.height(),
            )
            painter.drawImage(target, image)
    finally:
        painter.end()


class PdfPreviewDialog(FitsScreen, QDialog):
    """Shows a document's pages; Drucken opens the system print dialog, Speichern unter saves."""

    def __init__(
        self,
        pdf: bytes,
        *,
        title: str,
        suggested_name: str = "dokument.pdf",
        parent: QWidget | None = None,
        store: Store | None = None,
        kind: str = "pdf",
    ) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.suggested_name = suggested_name
        self.store = store if store is not None else getattr(parent, "store", None)
        self.kind = kind
        self.saved_to: Path | None = None
        self.setWindowTitle(title)
        fit_to_screen(self, 900, 1000)

        self.pages = QWidget()
        pages_layout = QVBoxLayout(self.pages)
        pages_layout.setSpacing(16)
        self.page_labels: list[QLabel] = []
        for image in render_pages(pdf, SCREEN_DPI, max_width=PREVIEW_WIDTH):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setStyleSheet("background: white; border: 1px solid #999;")
            pages_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        scroll = QScrollArea()
        scroll.setWidget(self.pages)
        scroll.setWidgetResizable(True)
        scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll.setStyleSheet("QScrollArea { background: #777; }")

        self.buttons = QDialogButtonBox()
        self.print_button = QPushButton(_("Print…"))
        self.save_button = QPushButton(_("Save as…"))
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_document)

        count = len(self.page_labels)
        self.info = QLabel(ngettext("{count} page", "{count} pages", count).format(count=count))
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.info)
        layout.addWidget(self.buttons)

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            print_pdf(self.pdf, printer)
        except LotsenError as error:
            QMessageBox.warning(self, _("Print"), str(error))

    def save_document(self) -> None:
        path = save_dialog.ask_save_path(
            self,
            self.store,
            kind=self.kind,
            title=_("Save as"),
            name=self.suggested_name,
            filters=[_("PDF documents (*.pdf)")],
            suffixes=["pdf"],
        )
        if path is not None:
            self.save_to(path)

    def save_to(self, path: Path) -> bool:
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_atomic(path, self.pdf)
        except LotsenError as error:
            QMessageBox.warning(self, _("Save as"), str(error))
            return False
        self.saved_to = path
        count = len(self.page_labels)
        pages = ngettext("{count} page", "{count} pages", count).format(count=count)
        self.info.setText(save_dialog.saved_message(path, f"{self.windowTitle()}, {pages}"))
        return True
