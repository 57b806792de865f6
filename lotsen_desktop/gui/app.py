"""Start the window: Qt application, language, the office database, first-start dialog."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from lotsen_desktop import logs
from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.errors import DatabaseDamaged, StoreError
from lotsen_desktop.gui import error_report
from lotsen_desktop.gui.icons import app_icon
from lotsen_desktop.gui.main_window import SETTING_LANGUAGE, MainWindow
from lotsen_desktop.gui.qt_language import apply_language
from lotsen_desktop.gui.single_instance import InstanceServer, ask_running_window
from lotsen_desktop.gui.warm_up import WarmUp, page_loaders
from lotsen_desktop.i18n import LANGUAGES, _
from lotsen_desktop.services import setup
from lotsen_desktop.store import database, profiles, server
from lotsen_desktop.store.database import Store, resolve_db_path
from lotsen_desktop.store.lock import WINDOW, DatabaseInUse, WriterLock, this_host


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
    if show_welcome:
        _welcome(store)
    return MainWindow(store)


def _welcome(store: Store) -> bool:
    """The first-start dialog if the office has no profile yet; ``True``: a shared database was
    chosen there (the program starts again on it)."""
    if setup.get_office(store).is_configured:
        return False
    from lotsen_desktop.gui.dialogs.welcome import WelcomeDialog

    dialog = WelcomeDialog(store)
    dialog.exec()
    return dialog.switched_to_server


RESTART = -1
"""Internal exit code: the connection was changed at first start; open the chosen database."""


WAIT_FOR_COMMAND_S = 10.0
"""How long the window waits for a writing command on the same database to finish."""


def _take_database(db_path: Path) -> WriterLock | int:
    """The writer lock for ``db_path``, or the exit code if another window or command has it
    (a window of this user on this machine is brought forward instead)."""
    lock = WriterLock(db_path, WINDOW)
    try:
        lock.acquire(wait_for_commands=WAIT_FOR_COMMAND_S)
    except DatabaseInUse as error:
        holder = error.holder
        if (
            holder is not None
            and holder.kind == WINDOW
            and holder.host == this_host()
            and ask_running_window(db_path)
        ):
            return 0
        QMessageBox.critical(None, _("Lotsen Desktop"), str(error))
        return error.exit_code
    return lock


def _bring_forward_active() -> None:
    """A second start asked: the dialog in front (welcome, a question) or the main window."""
    window = QApplication.activeModalWidget() or next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()),
        None,
    )
    if window is None:
        return
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()


def _open_store(db: str | None) -> Store | None:
    """The office database; an encrypted one after its passphrase (``None``: not given)."""
    from lotsen_desktop.store.cipher import looks_encrypted
    from lotsen_desktop.store.database import resolve_db_path

    path = resolve_db_path(db)
    if not looks_encrypted(path):
        return open_in_background(str(path))  # an upgrade of a large file takes minutes
    from lotsen_desktop.gui.dialogs.passphrase import PassphraseDialog

    dialog = PassphraseDialog(
        path, lambda passphrase: open_in_background(str(path), passphrase=passphrase)
    )
    dialog.exec()
    return dialog.store


def run(db: str | None, language: str | None) -> int:
    """Run the window until it is closed; the exit code for the command line."""
    app = application()
    apply_language(_language_choice(language, None))
    error_report.install(app)
    try:
        code = _run_target(app, db, language)
        while code == RESTART:  # the first-start dialog chose the shared database
            profile = profiles.load_profile()
            code = _run_on_server(app, ProfileUrl(profile), language) if profile.is_server else 0
        return code
    except Exception as error:  # the window could not start: say so in a window, not on stderr
        logs.log_unexpected(error, "window start")
        error_report.UnexpectedErrorDialog(logs.details(error), logs.log_file()).exec()
        return logs.UNEXPECTED_EXIT_CODE
    finally:
        error_report.uninstall()


def _run_target(app: QApplication, db: str | None, language: str | None) -> int:
    target = start_target(db)
    if isinstance(target, profiles.ConnectionProfile):
        return _run_on_server(app, ProfileUrl(target), language)
    if server.is_server_url(target):
        return _run_on_server(app, lambda _asked: str(target), language)
    return _run_on(app, resolve_db_path(target), language)


def start_target(db: str | None) -> str | profiles.ConnectionProfile | None:
    """What the window opens: ``--db``, then ``LOTSEN_DB``, then the saved connection profile
    of a shared database; ``None``: the database file in the user's data folder."""
    explicit = db or os.environ.get("LOTSEN_DB")
    if explicit:
        return explicit
    profile = profiles.load_profile()
    return profile if profile.is_server else None


class ProfileUrl:
    """The saved shared database's URL with its password from the keyring. Without a keyring
    the password is asked at each start; after a refused sign-in it is asked again (and kept
    in the keyring, where there is one)."""

    def __init__(self, profile: profiles.ConnectionProfile) -> None:
        self.profile = profile

    def __call__(self, ask: bool) -> str | None:
        notice = ""
        password: str | None = None
        try:
            password = profiles.load_password(self.profile)
        except profiles.KeyringUnavailable as error:
            notice, ask = str(error), True
        if ask:
            password = ask_password(self.profile, notice)
            if password is None:
                return None
            if not notice:
                try:
                    profiles.save_password(self.profile, password)
                except profiles.KeyringUnavailable as error:
                    QMessageBox.warning(None, _("Lotsen Desktop"), str(error))
        return self.profile.url(password)


def ask_password(profile: profiles.ConnectionProfile, notice: str) -> str | None:
    """The shared database's password from the user (``None``: cancelled)."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    label = _("Password for the shared database {database}:").format(database=profile.describe())
    text, ok = QInputDialog.getText(
        None,
        _("Lotsen Desktop"),
        f"{notice}\n\n{label}" if notice else label,
        QLineEdit.EchoMode.Password,
    )
    return str(text) if ok else None


def _run_on(app: QApplication, db_path: Path, language: str | None) -> int:
    lock = _take_database(db_path)
    if isinstance(lock, int):
        return lock
    try:
        try:
            opened_store = _open_store(str(db_path))
            if opened_store is None:  # the passphrase was not given
                return 0
            store = opened_store
        except DatabaseDamaged as error:
            opened = _offer_restore(str(db_path), error)
            if opened is None:
                return _cannot_open(error)
            store = opened
        except StoreError as error:
            return _cannot_open(error)
        return _show_window(app, store, db_path, language)
    finally:
        lock.release()


WARM_UP_DELAY_MS = 1500
"""The other pages' code is imported this long after the window appears: the first page's own
reads come first."""


def _show_window(app: QApplication, store: Store, instance_path: Path, language: str | None) -> int:
    """The main window on the opened ``store`` until it is closed (the store is closed after)."""
    instance = InstanceServer(instance_path)  # listening already while the welcome dialog asks
    instance.activate_requested.connect(_bring_forward_active)
    window: MainWindow | None = None
    warm_up: WarmUp | None = None
    try:
        apply_language(_language_choice(language, store))
        if _welcome(store):
            return RESTART
        window = open_window(store, show_welcome=False)
        window.show()
        window.start_daily_backup()
        warm_up = WarmUp(page_loaders(skip=window.current_key()))
        QTimer.singleShot(WARM_UP_DELAY_MS, warm_up.start)
        return int(app.exec())
    finally:
        if warm_up is not None:
            warm_up.stop()
        instance.close()
        store.close()
        if window is not None and window.store is not store:
            window.store.close()


RETRY, OPEN_LOCAL, QUIT = "retry", "local", "quit"


def _run_on_server(
    app: QApplication, url_for: Callable[[bool], str | None], language: str | None
) -> int:
    """A shared PostgreSQL database: no file lock and no passphrase (the server guards its
    data); while another PC upgrades it a message says why the start waits. A server that
    cannot be reached offers to retry, to open the database on this PC, or to quit.
    ``url_for(ask)`` gives the URL (``ask``: the sign-in was refused; ``None``: cancelled)."""
    refused = False
    while True:
        url = url_for(refused)
        if url is None:
            return 0
        try:
            store = open_in_background(url)
        except StoreError as error:
            choice = ask_unreachable(error)
            refused = profiles.sign_in_refused(error)
            if choice == RETRY:
                continue
            if choice == OPEN_LOCAL:
                return _run_on(app, database.default_db_path(), language)
            return error.exit_code
        return _show_window(app, store, server.side_folder(url) / "window", language)


def open_in_background(url: str, passphrase: str | None = None) -> Store:
    """Open the database (a file, an encrypted one with its ``passphrase``, or a server URL) in a
    thread while Qt keeps painting: the start may take minutes, for the upgrade of a large file
    or waiting for another PC's upgrade of the shared database, and ``WaitingNotice`` says so
    meanwhile. Errors (a wrong passphrase too) are raised here, on the GUI thread."""
    notice = WaitingNotice()
    outcome: dict[str, Any] = {}
    loop = QEventLoop()
    notice.finished.connect(loop.quit)

    def work() -> None:
        try:
            outcome["store"] = open_office_store(
                url, passphrase=passphrase, waiting=notice.waiting.emit
            )
        except BaseException as error:
            outcome["error"] = error
        finally:
            notice.finished.emit()

    thread = threading.Thread(target=work, name="open-database", daemon=True)
    thread.start()
    loop.exec()
    thread.join()
    notice.close()
    if "error" in outcome:
        raise outcome["error"]
    return cast(Store, outcome["store"])


class WaitingNotice(QObject):
    """A small window with the message of a start that waits (an upgrade here or on another PC);
    its signals carry the opening thread's news to the window's thread."""

    waiting = Signal(str)
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.box: QMessageBox | None = None
        self.waiting.connect(self.show_message)

    @Slot(str)
    def show_message(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, _("Lotsen Desktop"), message)
        box.setStandardButtons(QMessageBox.StandardButton.NoButton)
        box.setModal(False)
        box.show()
        self.box = box

    def close(self) -> None:
        if self.box is not None:
            self.box.hide()
            self.box.deleteLater()
            self.box = None


def ask_unreachable(error: StoreError) -> str:
    """``RETRY``, ``OPEN_LOCAL`` or ``QUIT`` after the shared database could not be opened
    (``error`` already in the office's words: ``server.translate_error``)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _("Lotsen Desktop"),
        _("The shared database cannot be opened.\n\n{message}").format(message=error),
    )
    retry = box.addButton(_("&Try again"), QMessageBox.ButtonRole.AcceptRole)
    local = box.addButton(_("Open the &local database"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(_("&Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.exec()
    clicked = box.clickedButton()
    if clicked is retry:
        return RETRY
    if clicked is local:
        return OPEN_LOCAL
    return QUIT


def _cannot_open(error: StoreError) -> int:
    QMessageBox.critical(
        None,
        _("Lotsen Desktop"),
        _("The database cannot be opened.\n\n{message}").format(message=error),
    )
    return error.exit_code


def _offer_restore(db: str | None, error: DatabaseDamaged) -> Store | None:
    """A damaged database at start: offer its newest good backup; the store restored from it, or
    ``None`` if there is none, the user declines or nothing could be restored."""
    from lotsen_desktop.gui.dialogs.restore_dialog import (
        RestoreDialog,
        restore_with_progress,
        restored_message,
    )
    from lotsen_desktop.store import backup as backups
    from lotsen_desktop.store.database import unopened_store

    damaged = unopened_store(db)
    newest = backups.newest_good_backup(damaged)
    if newest is None:
        return None
    dialog = RestoreDialog(damaged, damaged=str(error), select=newest.path)
    if not dialog.exec() or dialog.chosen is None:
        return None
    result = restore_with_progress(None, damaged, dialog.chosen)
    if result is None:
        return None
    try:
        store = _open_store(db)
    except StoreError:
        return None
    if store is None:
        return None
    QMessageBox.information(None, _("Restore a backup"), restored_message(result))
    return store
