"""Start the window: Qt application, language, the office database, first-start dialog."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.errors import StoreError
from lotsen_desktop.gui.icons import app_icon
from lotsen_desktop.gui.main_window import SETTING_LANGUAGE, MainWindow
from lotsen_desktop.gui.qt_language import apply_language
from lotsen_desktop.i18n import LANGUAGES, _
from lotsen_desktop.services import setup
from lotsen_desktop.store.database import Store


def application() -> QApplication:
    """The one ``QApplication`` (created on first call)."""
    existing = QCoreApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Lotsen Desktop")
    app.setOrganizationName("LotsenDesktop")
    app.setApplicationDisplayName("Lotsen Desktop")
    app.setWindowIcon(app_icon())
    return app


def _language_choice(explicit: str | None, store: Store | None) -> str:
    """``--lang`` wins, then ``LOTSEN_LANG``, then the choice saved in Einstellungen, then German."""
    for candidate in (
        explicit,
        os.environ.get("LOTSEN_LANG"),
        store.local_setting(SETTING_LANGUAGE) if store is not None else None,
    ):
        if candidate in LANGUAGES:
            return str(candidate)
    return "de"


def open_window(store: Store, *, show_welcome: bool = True) -> MainWindow:
    """The main window for ``store``; on first start the welcome dialog comes first."""
    if show_welcome and not setup.get_office(store).is_configured:
        from lotsen_desktop.gui.dialogs.welcome import WelcomeDialog

        WelcomeDialog(store).exec()
    return MainWindow(store)


def _open_store(db: str | None) -> Store | None:
    """The office database; an encrypted one after its passphrase (``None``: not given)."""
    from lotsen_desktop.store.cipher import looks_encrypted
    from lotsen_desktop.store.database import resolve_db_path

    path = resolve_db_path(db)
    if not looks_encrypted(path):
        return open_office_store(db)
    from lotsen_desktop.gui.dialogs.passphrase import PassphraseDialog

    dialog = PassphraseDialog(path, lambda passphrase: open_office_store(db, passphrase=passphrase))
    dialog.exec()
    return dialog.store


def run(db: str | None, language: str | None) -> int:
    """Run the window until it is closed; the exit code for the command line."""
    app = application()
    apply_language(_language_choice(language, None))
    try:
        store = _open_store(db)
    except StoreError as error:
        QMessageBox.critical(
            None,
            _("Lotsen Desktop"),
            _("The database cannot be opened.\n\n{message}").format(message=error),
        )
        return error.exit_code
    if store is None:  # the passphrase was not given
        return 0
    try:
        apply_language(_language_choice(language, store))
        window = open_window(store)
        window.show()
        return int(app.exec())
    finally:
        store.close()
