"""Einstellungen, section Verschlüsselung: encrypt the database, change its passphrase, decrypt
it. Each conversion runs off the GUI thread with a progress dialog (``gui/operations.py``); the
open store goes on with the converted file, so the window stays as it is."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from lotsen_desktop.errors import ValidationError
from lotsen_desktop.gui.forms.encryption_action_ui import Ui_EncryptionActionDialog
from lotsen_desktop.gui.forms.encryption_settings_ui import Ui_EncryptionSettings
from lotsen_desktop.gui.operations import Operation, ProgressCallback, run_operation
from lotsen_desktop.gui.screen_fit import FitsScreen
from lotsen_desktop.i18n import _
from lotsen_desktop.services import encryption
from lotsen_desktop.store import backup as backups
from lotsen_desktop.store.cipher import looks_encrypted
from lotsen_desktop.store.database import Store

ENCRYPT, CHANGE, DECRYPT = "encrypt", "change", "decrypt"


class EncryptionActionDialog(FitsScreen, QDialog):
    """What one action needs: the current passphrase (change, decrypt), a new one typed twice
    (encrypt, change) and the confirmation that a lost passphrase means lost data."""

    def __init__(self, store: Store, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.action = action
        self.ui = Ui_EncryptionActionDialog()
        self.ui.setupUi(self)
        ui = self.ui
        self.current_edit = ui.current_edit
        self.new_fields = ui.new_fields
        self.understood_check = ui.understood_check
        titles = {
            ENCRYPT: (_("Encrypt the database"), _("&Encrypt")),
            CHANGE: (_("Change the passphrase"), _("&Change")),
            DECRYPT: (_("Decrypt the database"), _("&Decrypt")),
        }
        intros = {
            ENCRYPT: _(
                "The database is written anew, encrypted with this passphrase; the unencrypted "
                "file is removed once the encrypted one has been checked. From now on the "
                "passphrase is asked at every start."
            ),
            CHANGE: _(
                "The database is encrypted again with the new passphrase. The old one no longer "
                "opens it; backups keep the passphrase they were made with."
            ),
            DECRYPT: _(
                "The database is written anew without encryption. Anyone who gets the file (or "
                "the laptop) can then read it."
            ),
        }
        title, button = titles[action]
        self.setWindowTitle(title)
        ui.intro.setText(intros[action])
        ui.current_box.setVisible(action in (CHANGE, DECRYPT))
        self.new_fields.setVisible(action in (ENCRYPT, CHANGE))
        self.understood_check.setVisible(action in (ENCRYPT, CHANGE))
        self.ok_button = ui.buttons.addButton(button, QDialogButtonBox.ButtonRole.AcceptRole)
        ui.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        ui.buttons.accepted.connect(self.accept)
        ui.buttons.rejected.connect(self.reject)
        self.current_edit.textChanged.connect(lambda _text: ui.current_message.clear())
        self.understood_check.toggled.connect(lambda _checked: ui.message.clear())
        self.passphrase: str | None = None
        labels = (
            ui.current_label,
            self.new_fields.ui.passphrase_label,
            self.new_fields.ui.repeat_label,
        )
        width = max(label.sizeHint().width() for label in labels)
        for label in labels:  # the two forms line up
            label.setMinimumWidth(width)
        (self.current_edit if action != ENCRYPT else self.new_fields.passphrase_edit).setFocus()

    def has_unsaved_work(self) -> bool:
        return bool(self.current_edit.text()) or self.new_fields.has_input()

    def accept(self) -> None:
        ui = self.ui
        if self.action in (CHANGE, DECRYPT):
            try:
                encryption.check_current_passphrase(self.store, self.current_edit.text())
            except ValidationError as error:
                ui.current_message.show_message(str(error))
                self.current_edit.selectAll()
                self.current_edit.setFocus()
                return
        if self.action in (ENCRYPT, CHANGE):
            passphrase = self.new_fields.passphrase()
            if passphrase is None:
                return
            if not self.understood_check.isChecked():
                ui.message.show_message(_("Please confirm that you have noted the passphrase."))
                self.understood_check.setFocus()
                return
            self.passphrase = passphrase
        super().accept()


class EncryptionSettings(QWidget):
    """The section: whether the file is encrypted, and the three actions."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.ui = Ui_EncryptionSettings()
        self.ui.setupUi(self)
        self.status_label = self.ui.status_label
        self.encrypt_button = self.ui.encrypt_button
        self.change_button = self.ui.change_button
        self.decrypt_button = self.ui.decrypt_button
        self.encrypt_button.clicked.connect(lambda: self.ask(ENCRYPT))
        self.change_button.clicked.connect(lambda: self.ask(CHANGE))
        self.decrypt_button.clicked.connect(lambda: self.ask(DECRYPT))
        self.operation: Operation | None = None
        self.dialog: EncryptionActionDialog | None = None
        self.refresh()

    def refresh(self, note: str = "") -> None:
        encrypted = self.store.encrypted
        status = (
            _("The database file is encrypted (SQLCipher 4, AES-256).")
            if encrypted
            else _("The database file is not encrypted.")
        )
        self.status_label.setText(
            f"<b>{escape(status)}</b>" + (f"<br>{escape(note)}" if note else "")
        )
        self.encrypt_button.setVisible(not encrypted)
        self.change_button.setVisible(encrypted)
        self.decrypt_button.setVisible(encrypted)
        for button in (self.encrypt_button, self.change_button, self.decrypt_button):
            button.setEnabled(self.operation is None)

    def ask(self, action: str) -> EncryptionActionDialog:
        """Open the dialog for ``action``; when it is confirmed the conversion starts."""
        dialog = EncryptionActionDialog(self.store, action, self)
        dialog.accepted.connect(
            lambda: self.start(action, dialog.current_edit.text(), dialog.passphrase)
        )
        self.dialog = dialog
        dialog.open()
        return dialog

    def start(self, action: str, current: str, new: str | None) -> Operation:
        """Run ``action`` in the background (``current``: the passphrase in use)."""
        store = self.store
        labels = {
            ENCRYPT: _("Encrypting the database…"),
            CHANGE: _("Changing the passphrase…"),
            DECRYPT: _("Decrypting the database…"),
        }

        def work(progress: ProgressCallback) -> Any:
            if action == ENCRYPT:
                encryption.encrypt(store, new or "", progress=progress)
            elif action == CHANGE:
                encryption.change_passphrase(store, current, new or "", progress=progress)
            else:
                encryption.decrypt(store, current, progress=progress)

        def done(_result: object) -> None:
            self.operation = None
            self.refresh(self._done_note(action))

        def failed(error: object) -> None:
            from lotsen_desktop.gui.operations import show_error

            self.operation = None
            self.refresh()
            show_error(self, error)

        self.operation = run_operation(
            self, labels[action], work, done, on_error=failed, cancellable=action != CHANGE
        )
        self.refresh()
        return self.operation

    def _done_note(self, action: str) -> str:
        if action == CHANGE:
            return _("The passphrase was changed.")
        if action == DECRYPT:
            return _("The database was decrypted.")
        plain = [
            item.path for item in backups.list_backups(self.store) if not looks_encrypted(item.path)
        ]
        if plain:
            folder = plain[0].parent
            return _(
                "Backups made before the encryption (folder {folder}) are not encrypted: "
                "delete them when they are no longer needed."
            ).format(folder=folder)
        return _("The database was encrypted.")
