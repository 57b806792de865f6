"""At the start of an encrypted database: ask for its passphrase before the window opens.

The attempt limit is the store's (``store/cipher.py``): after a wrong passphrase the next one is
taken only after a growing wait, here shown as a countdown with the button disabled.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QWidget

from lotsen_desktop.errors import LotsenError
from lotsen_desktop.gui.forms.passphrase_dialog_ui import Ui_PassphraseDialog
from lotsen_desktop.gui.icons import app_icon
from lotsen_desktop.gui.screen_fit import FitsScreen
from lotsen_desktop.i18n import _
from lotsen_desktop.store import cipher
from lotsen_desktop.store.database import Store

Opener = Callable[[str], Store]
"""Opens the database with a passphrase (raises ``WrongPassphrase`` and the like)."""


class PassphraseDialog(FitsScreen, QDialog):
    """Asks until the passphrase opens the database (``store``) or the user cancels."""

    def __init__(self, path: Path, opener: Opener, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.opener = opener
        self.store: Store | None = None
        self.ui = Ui_PassphraseDialog()
        self.ui.setupUi(self)
        ui = self.ui
        self.setWindowIcon(app_icon())
        ui.picture.setPixmap(app_icon().pixmap(48, 48))
        font = ui.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        ui.heading.setFont(font)
        ui.file_label.setText(_("File: {path}").format(path=path))
        self.passphrase_edit = ui.passphrase_edit
        self.message = ui.message
        self.limit_label = ui.limit_label
        self.open_button = ui.buttons.addButton(_("&Open"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setDefault(True)
        ui.buttons.addButton(_("&Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        ui.buttons.accepted.connect(self.accept)
        ui.buttons.rejected.connect(self.reject)
        ui.show_check.toggled.connect(self._show_toggled)
        self.passphrase_edit.textChanged.connect(lambda _text: self._update_button())
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._tick)
        self._tick()
        self.passphrase_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_toggled(self, shown: bool) -> None:
        self.passphrase_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )

    def waiting(self) -> float:
        """Seconds until the next attempt is taken (0: now)."""
        return cipher.wait_seconds(self.path)

    def _tick(self) -> None:
        waiting = self.waiting()
        if waiting > 0:
            self.limit_label.setText(
                _("Next attempt possible in {seconds} s.").format(
                    seconds=max(1, round(waiting + 0.49))
                )
            )
            self.limit_label.setStyleSheet("color: #7a0010;")
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()
            self.limit_label.setText(
                _(
                    "After each wrong passphrase the next attempt waits longer "
                    "(1, 2, 4 … up to 60 seconds)."
                )
            )
            self.limit_label.setStyleSheet("")
        self._update_button()

    def _update_button(self) -> None:
        self.open_button.setEnabled(bool(self.passphrase_edit.text()) and self.waiting() <= 0)

    def _show(self, message: str) -> None:
        self.message.show_message(message)
        self.adjustSize()

    def accept(self) -> None:
        passphrase = self.passphrase_edit.text()
        if not passphrase or self.waiting() > 0:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.store = self.opener(passphrase)
        except (cipher.WrongPassphrase, cipher.PassphraseThrottled) as error:
            self._show(str(error))
            self.passphrase_edit.selectAll()
            self.passphrase_edit.setFocus()
            self._tick()
            return
        except LotsenError as error:
            self._show(str(error))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        super().accept()
