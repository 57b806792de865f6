"""Einstellungen › Briefpapier: the office's background PDF and a preview of a certificate.

The background is stored in the database (office row, like the logo), so it syncs to the other
machines and is in every backup. Choosing or removing it applies at once; there is nothing to
save with the page's Speichern.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lotsen_desktop.errors import LotsenError
from lotsen_desktop.gui.operations import show_error
from lotsen_desktop.gui.widgets import FieldMessage
from lotsen_desktop.i18n import _
from lotsen_desktop.services import setup
from lotsen_desktop.store.database import Store


class LetterheadSettings(QGroupBox):
    """Choose or remove the background PDF; look at a sample certificate with it."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(_("Letterhead for documents"), parent)
        self.store = store
        self.preview_dialog: QWidget | None = None
        layout = QVBoxLayout(self)
        explanation = QLabel(
            _(
                "Without a background PDF, documents carry the logo, name and address entered "
                "above. With one (your stationery as a one-page PDF), it is printed under every "
                "certificate and confirmation; keep the top 45 mm and the bottom 30 mm for its "
                "letterhead and footer."
            )
        )
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.message = FieldMessage(self)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.choose_button = QPushButton(_("Choose background PDF…"))
        self.remove_button = QPushButton(_("Remove background"))
        self.preview_button = QPushButton(_("Sample certificate…"))
        self.preview_button.setToolTip(
            _("A sample certificate with this office's settings (not registered).")
        )
        for button in (self.choose_button, self.remove_button, self.preview_button):
            button.setAccessibleName(button.text().rstrip("…"))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.choose_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(self.remove)
        self.preview_button.clicked.connect(self.preview)
        self._shown = False

    def showEvent(self, event: QShowEvent) -> None:
        """Read the stored background when first shown, not while the window is built."""
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            self.refresh()

    def refresh(self) -> None:
        """Show whether a background is stored."""
        background = setup.get_office(self.store).background_pdf
        if background:
            self.status.setText(
                _("A background PDF is stored ({size} KB).").format(
                    size=max(1, round(len(background) / 1024))
                )
            )
        else:
            self.status.setText(_("No background PDF: the documents use the logo and address."))
        self.remove_button.setEnabled(bool(background))

    def choose(self) -> None:
        filename, _filter = QFileDialog.getOpenFileName(
            self, _("Choose background PDF"), "", _("PDF files (*.pdf)")
        )
        if filename:
            self.set_background_file(filename)

    def set_background_file(self, filename: str) -> bool:
        """Store the PDF in ``filename`` as the background; say why not if it cannot serve."""
        try:
            setup.update_office(self.store, background_pdf=setup.read_background(filename))
        except LotsenError as error:
            self.message.show_message(str(error))
            return False
        self.message.clear()
        self.refresh()
        return True

    def remove(self) -> None:
        setup.update_office(self.store, background_pdf=None)
        self.message.clear()
        self.refresh()

    def preview(self) -> None:
        from lotsen_desktop.gui.dialogs.pdf_preview import PdfPreviewDialog
        from lotsen_desktop.services import certificates

        try:
            pdf = certificates.letterhead_preview(self.store)
        except LotsenError as error:
            show_error(self, error)
            return
        dialog = PdfPreviewDialog(
            pdf, title=_("Sample certificate"), suggested_name="muster-zertifikat.pdf", parent=self
        )
        self.preview_dialog = dialog
        dialog.open()
