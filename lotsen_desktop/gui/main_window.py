"""The main window: navigation, menus, status bar, and the refresh of pages after a change.

Pages refresh themselves after commits that touch what they show (``ChangeRelay``, Anki's
"operation did execute"); the window only renews its own title when the office changed.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from lotsen_desktop import __version__
from lotsen_desktop.domain.backups import BackupReason
from lotsen_desktop.errors import LotsenError, StoreError
from lotsen_desktop.gui.changes import ChangeRelay
from lotsen_desktop.gui.error_report import open_log_folder
from lotsen_desktop.gui.icons import app_icon, icon
from lotsen_desktop.gui.operations import Operation, ProgressCallback, run_operation, show_error
from lotsen_desktop.gui.pages import registry
from lotsen_desktop.gui.pages.base import Page, PageAction
from lotsen_desktop.gui.qt_language import apply_language
from lotsen_desktop.gui.widgets import action_text, fit_to_screen
from lotsen_desktop.i18n import _, format_date_short, load_locale_data
from lotsen_desktop.services import setup
from lotsen_desktop.store import backup as backups
from lotsen_desktop.store.database import Changes, Store

log = logging.getLogger(__name__)

SETTING_GEOMETRY = "window_geometry"
SETTING_LAST_PAGE = "last_page"
SETTING_LANGUAGE = "language"


def _keep_out_of_full_collections() -> None:
    """Move every object alive now out of the garbage collector's view (``gc.freeze``).

    What exists when a page has been built (the modules it imported, the window, its pages)
    lives as long as the program. A full collection scans every tracked object while holding
    the interpreter, and a worker building thousands of rows can trigger one at any moment: at
    100,000 volunteers that stopped the window for 60–220 ms. Frozen objects are skipped, so a
    full collection scans only what was made since. Cheap (no scan); objects still freed by
    their reference count as before.
    """
    gc.freeze()


class MainWindow(QMainWindow):
    """One window for the office's daily work."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowIcon(app_icon())
        self.setMinimumSize(QSize(960, 600))
        self._pages: dict[str, Page] = {}
        self._current_key = ""

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(24, 24))
        self.navigation.setFixedWidth(215)
        self.navigation.setSpacing(2)
        self.navigation.setStyleSheet(
            "QListWidget#navigation { background: #eef2f7; border: none; outline: 0;"
            " border-right: 1px solid #d0d7e2; padding-top: 8px; }"
            "QListWidget#navigation::item { padding: 8px 6px; border-left: 4px solid transparent; }"
            "QListWidget#navigation::item:hover { background: #e1e8f2; }"
            "QListWidget#navigation::item:selected { background: #d3e1f3; color: #0b2f57;"
            " border-left: 4px solid #1f5fa8; font-weight: bold; }"
        )
        self.stack = QStackedWidget()
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.database_label = QLabel()
        self.backup_label = QLabel()
        self.statusBar().addPermanentWidget(self.database_label, 1)
        self.statusBar().addPermanentWidget(self.backup_label)

        self._build_actions()
        self._build_navigation()
        self.navigation.currentRowChanged.connect(self._on_navigation)
        ChangeRelay.of(store).committed.connect(self._on_committed)
        self.retranslate()
        self._restore_state()
        threading.Thread(target=load_locale_data, name="locale-data", daemon=True).start()

    # ----------------------------------------------------------------- construction
    def _action(
        self,
        icon_name: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        slot: Callable[[], object],
    ) -> QAction:
        action = QAction(icon(icon_name), "", self) if icon_name else QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action("add", QKeySequence.StandardKey.New, self.new_volunteer)
        self.search_action = self._action("search", QKeySequence.StandardKey.Find, self.search)
        self.save_action = self._action("save", QKeySequence.StandardKey.Save, self.save)
        self.print_action = self._action("print", QKeySequence.StandardKey.Print, self.print_page)
        self.refresh_action = self._action("refresh", "F5", self.refresh_all)
        self.backup_action = self._action("backup", None, self.backup_now)
        self.restore_action = self._action("", None, self.restore_from_backup)
        self.quit_action = self._action("", QKeySequence.StandardKey.Quit, self.close)
        self.about_action = self._action("", None, self.show_about)
        self.log_folder_action = self._action("", None, open_log_folder)
        self.goto_actions: list[QAction] = []
        for number, entry in enumerate(registry.PAGES, start=1):
            action = QAction(icon(entry.icon), "", self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, key=entry.key: self.show_page(key))
            self.goto_actions.append(action)

        self.file_menu = self.menuBar().addMenu("")
        for action in (self.new_action, self.search_action, self.save_action, self.print_action):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.refresh_action)
        self.file_menu.addAction(self.backup_action)
        self.file_menu.addAction(self.restore_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.goto_menu = self.menuBar().addMenu("")
        for action in self.goto_actions:
            self.goto_menu.addAction(action)
        self.help_menu = self.menuBar().addMenu("")
        self.help_menu.addAction(self.log_folder_action)
        self.help_menu.addAction(self.about_action)

    def _build_navigation(self) -> None:
        self.navigation.clear()
        for entry in registry.PAGES:
            item = QListWidgetItem(icon(entry.icon), registry.title(entry))
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            item.setToolTip(_(entry.tooltip))
            item.setSizeHint(QSize(200, 40))
            self.navigation.addItem(item)

    def retranslate(self) -> None:
        """Set the window's own texts (menus, navigation, status bar) in the current language."""
        office = setup.get_office(self.store)
        name = office.name.strip()
        self.setWindowTitle(f"Lotsen Desktop – {name}" if name else "Lotsen Desktop")
        self.file_menu.setTitle(_("&File"))
        self.goto_menu.setTitle(_("&Go to"))
        self.help_menu.setTitle(_("&Help"))
        self.new_action.setText(_("&New volunteer…"))
        self.new_action.setToolTip(_("Create a new volunteer file (Ctrl+N)"))
        self.search_action.setText(_("&Search"))
        self.search_action.setToolTip(_("Jump to the search field (Ctrl+F)"))
        self.save_action.setText(_("&Save"))
        self.save_action.setToolTip(_("Save the changes on this page (Ctrl+S)"))
        self.print_action.setText(_("&Print…"))
        self.print_action.setToolTip(_("Print what this page shows (Ctrl+P)"))
        self.refresh_action.setText(_("&Refresh"))
        self.refresh_action.setToolTip(_("Load the data again (F5)"))
        self.backup_action.setText(_("Create a &backup now"))
        self.backup_action.setToolTip(_("Copy the database into the backup folder"))
        self.restore_action.setText(_("R&estore a backup…"))
        self.restore_action.setToolTip(_("Replace the database with one of its backups"))
        self.quit_action.setText(_("&Quit"))
        self.about_action.setText(_("&About Lotsen Desktop"))
        self.log_folder_action.setText(_("Open &log folder"))
        self.log_folder_action.setToolTip(_("The log files, for support: no names in them"))
        for action, entry in zip(self.goto_actions, registry.PAGES, strict=True):
            action.setText(action_text(registry.title(entry)))
            action.setToolTip(_(entry.tooltip))
        for row, entry in enumerate(registry.PAGES):
            item = self.navigation.item(row)
            item.setText(registry.title(entry))
            item.setToolTip(_(entry.tooltip))
        self.update_status()

    def _restore_state(self) -> None:
        geometry = self.store.local_setting(SETTING_GEOMETRY)
        if geometry:
            try:
                self.restoreGeometry(QByteArray.fromHex(geometry.encode("ascii")))
            except (UnicodeEncodeError, ValueError):
                log.info("stored window geometry ignored")
        else:
            # First start: use the whole screen (a fixed 1280x760 plus title bar and task bar
            # does not fit a 1366x768 laptop); un-maximised it is as large as fits.
            fit_to_screen(self, 1280, 760)
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        last = self.store.local_setting(SETTING_LAST_PAGE) or registry.PAGES[0].key
        try:
            registry.spec(last)
        except KeyError:
            last = registry.PAGES[0].key
        self.show_page(last)

    def _save_state(self) -> None:
        self.store.set_local_setting(
            SETTING_GEOMETRY, bytes(self.saveGeometry().toHex().data()).decode()
        )
        if self._current_key:
            self.store.set_local_setting(SETTING_LAST_PAGE, self._current_key)

    # ----------------------------------------------------------------- pages
    def page(self, key: str) -> Page:
        """The page for ``key``, created on first use (startup stays fast)."""
        existing = self._pages.get(key)
        if existing is not None:
            return existing
        created = registry.create_page(registry.spec(key), self.store, self.stack)
        created.setObjectName(f"page_{key}")
        created.actions_changed.connect(self._update_actions)
        created.language_changed.connect(self._on_language_changed)
        self._pages[key] = created
        self.stack.addWidget(created)
        _keep_out_of_full_collections()
        return created

    def current_key(self) -> str:
        """The key of the page shown (``registry.PAGES``)."""
        return self._current_key

    def current_page(self) -> Page | None:
        return self._pages.get(self._current_key)

    def show_page(self, key: str) -> bool:
        """Switch to page ``key`` unless the current page has unsaved changes the user keeps."""
        if key == self._current_key:
            return True
        current = self.current_page()
        if current is not None and not current.can_leave():
            self._select_navigation(self._current_key)
            return False
        self._switch_to(key)
        return True

    def _switch_to(self, key: str) -> None:
        target = self.page(key)
        self.stack.setCurrentWidget(target)
        self._current_key = key
        self._select_navigation(key)
        self._update_actions()

    def _select_navigation(self, key: str) -> None:
        row = next(i for i, entry in enumerate(registry.PAGES) if entry.key == key)
        if self.navigation.currentRow() != row:
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(row)
            self.navigation.blockSignals(False)

    def _on_navigation(self, row: int) -> None:
        if 0 <= row < len(registry.PAGES):
            self.show_page(registry.PAGES[row].key)

    def _on_committed(self, changes: Changes) -> None:
        if changes.touches({"office"}):
            self.retranslate()

    def _update_actions(self) -> None:
        page = self.current_page()
        supported = page.supported_actions() if page is not None else set()
        self.save_action.setEnabled(PageAction.SAVE in supported)
        self.print_action.setEnabled(PageAction.PRINT in supported)

    # ----------------------------------------------------------------- commands
    def new_volunteer(self) -> None:
        if self.show_page("volunteers"):
            from lotsen_desktop.gui.pages.volunteers_page import VolunteersPage

            page = self.page("volunteers")
            assert isinstance(page, VolunteersPage)
            page.new_volunteer()

    def search(self) -> None:
        page = self.current_page()
        if page is not None and PageAction.SEARCH in page.supported_actions():
            page.focus_search()
        elif self.show_page("volunteers"):
            self.page("volunteers").focus_search()

    def save(self) -> None:
        page = self.current_page()
        if page is not None and PageAction.SAVE in page.supported_actions():
            page.save()

    def print_page(self) -> None:
        page = self.current_page()
        if page is not None and PageAction.PRINT in page.supported_actions():
            page.print_page()

    def refresh_all(self) -> None:
        """F5: the page shown reads everything again now, the others when shown next."""
        for page in self._pages.values():
            page.invalidate(None)
        self.retranslate()
        self.statusBar().showMessage(_("Data reloaded."), 3000)

    def backup_now(self) -> None:
        store = self.store

        def work(progress: ProgressCallback) -> backups.BackupResult:
            return backups.backup_database(store, BackupReason.MANUAL, progress=progress)

        def done(result: object) -> None:
            self.update_status()
            if isinstance(result, backups.BackupResult):
                self._backup_written(result)

        run_operation(self, _("Creating a backup…"), work, done)

    def _backup_written(self, result: backups.BackupResult) -> None:
        if result.warning:
            QMessageBox.warning(self, _("Backup"), result.warning)
        self.statusBar().showMessage(
            _("Backup written: {name}").format(name=result.path.name), 8000
        )

    def start_daily_backup(self) -> Operation:
        """The backup at start (once a day), in the background; a copy that fails its check
        means the database is damaged: the restore dialog is offered. Then, once a day, the
        change log is compacted if there is something to fold (short transactions: the window
        stays usable)."""
        store = self.store

        def work(_progress: ProgressCallback) -> backups.BackupResult | None:
            from lotsen_desktop.sync import compact  # not needed for the first paint

            result = backups.backup_at_start(store)
            try:
                compact.compact_at_start(store)
            except LotsenError as error:  # e.g. locked by an import: tomorrow again
                log.warning("automatic compaction skipped: %s", type(error).__name__)
            return result

        def done(result: object) -> None:
            self.update_status()
            if isinstance(result, backups.BackupResult) and result.warning:
                self.statusBar().showMessage(result.warning, 30000)

        def failed(error: object) -> None:
            if isinstance(error, backups.BackupDamaged):
                self.restore_from_backup(damaged=str(error))
            else:
                log.warning("backup at start failed: %s", type(error).__name__)
                self.statusBar().showMessage(str(error), 30000)

        return run_operation(
            self,
            _("Creating a backup…"),
            work,
            done,
            on_error=failed,
            show_progress=False,
        )

    def restore_from_backup(self, *, damaged: str = "", select: Path | None = None) -> bool:
        """Choose a backup, replace the database with it and show it: the store is opened again
        (with its new sync site id) and every page rebuilt."""
        from lotsen_desktop.gui.dialogs.restore_dialog import (
            RestoreDialog,
            restore_with_progress,
            restored_message,
        )

        for page in self._pages.values():
            if not page.can_leave():
                return False
        dialog = RestoreDialog(self.store, self, damaged=damaged, select=select)
        if not dialog.exec() or dialog.chosen is None:
            return False
        old = self.store
        self._save_state()
        key = self._drop_pages()
        old.close()
        result = restore_with_progress(self, old, dialog.chosen)
        try:
            self.use_store(_reopen(old), key)
        except StoreError as error:
            show_error(self, error)
            return False
        if result is None:
            return False
        QMessageBox.information(self, _("Restore a backup"), restored_message(result))
        return True

    def use_store(self, store: Store, key: str = "") -> None:
        """Show ``store`` (after a restore): every page is built again for it."""
        key = self._drop_pages() or key or registry.PAGES[0].key
        ChangeRelay.of(self.store).committed.disconnect(self._on_committed)
        self.store = store
        ChangeRelay.of(store).committed.connect(self._on_committed)
        self.retranslate()
        self.show_page(key)

    def _drop_pages(self) -> str:
        """Remove every page (they hold the store); the key of the page that was shown."""
        key = self._current_key
        for page in list(self._pages.values()):
            self.stack.removeWidget(page)
            page.deleteLater()
        self._pages.clear()
        self._current_key = ""
        return key

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            _("About Lotsen Desktop"),
            _(
                "<h3>Lotsen Desktop {version}</h3>"
                "<p>Office software for the programme Integrationslotsinnen und "
                "Integrationslotsen in Niedersachsen. Works offline; all data stays on this "
                "computer.</p><p>Database: {path}</p>"
            ).format(version=__version__, path=_html(str(self.store.path))),
        )

    def update_status(self) -> None:
        self.database_label.setText(_("Database: {path}").format(path=self.store.path))
        self.database_label.setToolTip(str(self.store.path))
        when = backups.latest_backup(self.store)
        if when is None:
            text = _("Last backup: none yet")
        else:
            text = _("Last backup: {date} {time}").format(
                date=format_date_short(when), time=when.strftime("%H:%M")
            )
        self.backup_label.setText(text)

    # ----------------------------------------------------------------- language
    def _on_language_changed(self, language: str) -> None:
        # The settings page that asked is being destroyed by the rebuild: leave its slot first.
        QTimer.singleShot(0, lambda: self.switch_language(language))

    def switch_language(self, language: str) -> None:
        """Show everything in ``language`` now: our texts, Qt's texts, and all pages rebuilt."""
        self.store.set_local_setting(SETTING_LANGUAGE, language)
        apply_language(language)
        key = self._current_key or registry.PAGES[0].key
        for page in list(self._pages.values()):
            self.stack.removeWidget(page)
            page.deleteLater()
        self._pages.clear()
        self._current_key = ""
        self.retranslate()
        self.show_page(key)

    # ----------------------------------------------------------------- closing
    def closeEvent(self, event: QCloseEvent) -> None:
        current = self.current_page()
        others = [page for page in self._pages.values() if page is not current]
        for page in [current, *others]:
            if page is None:
                continue
            if page is not current and page.has_unsaved_work():
                self._switch_to(self._key_of(page))  # show what the question is about
            if not page.can_leave():
                event.ignore()
                return
        self._save_state()
        event.accept()

    def _key_of(self, page: Page) -> str:
        return next(key for key, value in self._pages.items() if value is page)


def _reopen(store: Store) -> Store:
    """The office store at ``store``'s place, opened again (after a restore)."""
    from lotsen_desktop.bootstrap import open_office_store

    return open_office_store(store.path, user=store.user)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
