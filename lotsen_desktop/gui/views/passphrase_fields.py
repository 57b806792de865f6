"""A new passphrase typed twice, with a strength hint: used by the welcome dialog, and by the
settings' encryption section to encrypt or change the passphrase."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from lotsen_desktop.errors import ValidationError
from lotsen_desktop.gui.forms.new_passphrase_ui import Ui_NewPassphraseFields
from lotsen_desktop.services import encryption

_BAR_COLOURS = ("#c62828", "#e08a00", "#7cb342", "#2e7d32")


class NewPassphraseFields(QWidget):
    """Passphrase, repetition, strength bar and hint, the reason a passphrase is refused."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_NewPassphraseFields()
        self.ui.setupUi(self)
        self.passphrase_edit = self.ui.passphrase_edit
        self.repeat_edit = self.ui.repeat_edit
        self.strength_bar = self.ui.strength_bar
        self.strength_label = self.ui.strength_label
        self.message = self.ui.message
        self.passphrase_edit.textChanged.connect(self._typed)
        self.repeat_edit.textChanged.connect(lambda _text: self.message.clear())
        self._typed("")

    def _typed(self, text: str) -> None:
        self.message.clear()
        strength = encryption.passphrase_strength(text)
        self.strength_bar.setValue(strength.level)
        self.strength_bar.setStyleSheet(
            f"QProgressBar::chunk {{ background: {_BAR_COLOURS[strength.level]}; }}"
        )
        self.strength_label.setText(strength.hint if text else "")

    def has_input(self) -> bool:
        return bool(self.passphrase_edit.text() or self.repeat_edit.text())

    def passphrase(self) -> str | None:
        """The passphrase if it may be used; else ``None`` and the reason under the fields."""
        try:
            return encryption.check_new_passphrase(
                self.passphrase_edit.text(), self.repeat_edit.text()
            )
        except ValidationError as error:
            self.message.show_message(str(error))
            self.passphrase_edit.setFocus()
            return None

    def clear(self) -> None:
        self.passphrase_edit.clear()
        self.repeat_edit.clear()
        self.message.clear()
