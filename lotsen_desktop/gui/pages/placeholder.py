"""A page for a part of the program that a later version brings: says so, offers nothing to click."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from lotsen_desktop.gui.icons import icon
from lotsen_desktop.gui.pages.base import Page
from lotsen_desktop.i18n import _
from lotsen_desktop.store.database import Store


class PlaceholderPage(Page):
    """Shown in the navigation so the office sees what is coming, without dead buttons."""

    def __init__(
        self, store: Store, title: str, description: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(store, parent)
        self._title = title
        self._description = description
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        picture = QLabel()
        picture.setPixmap(icon("placeholder").pixmap(64, 64))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(picture)
        self.heading = QLabel()
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.text = QLabel()
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.text)
        layout.addStretch(2)
        self.retranslate()

    def page_title(self) -> str:
        return _(self._title)

    def retranslate(self) -> None:
        self.heading.setText(_(self._title))
        self.text.setText(
            _(self._description)
            + "\n\n"
            + _("This part comes in a later version of Lotsen Desktop.")
        )
