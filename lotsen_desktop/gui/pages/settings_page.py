"""Einstellungen: office profile, logo, signatory, certificate text, rules, module catalogue, language.

Everything on the page is saved together with Speichern (Ctrl+S); leaving with unsaved changes
asks first. The language switch applies at once when saved: the window rebuilds its pages.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHeaderView,
    QMessageBox,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from lotsen_desktop.errors import LotsenError
from lotsen_desktop.gui.forms.settings_page_ui import Ui_SettingsPage
from lotsen_desktop.gui.icons import icon
from lotsen_desktop.gui.models.module_table_model import ModuleTableModel
from lotsen_desktop.gui.operations import Operation, ProgressCallback, run_operation, show_error
from lotsen_desktop.gui.pages.base import Page, PageAction
from lotsen_desktop.gui.screen_fit import stack_when_narrow
from lotsen_desktop.gui.views import rule_change_guard
from lotsen_desktop.gui.views.backup_settings import BackupSettings
from lotsen_desktop.gui.views.connection_settings import ConnectionSettings
from lotsen_desktop.gui.views.encryption_settings import EncryptionSettings
from lotsen_desktop.gui.views.letterhead_settings import LetterheadSettings
from lotsen_desktop.gui.widgets import UnsavedAnswer, ask_unsaved
from lotsen_desktop.i18n import _, get_language
from lotsen_desktop.services import setup
from lotsen_desktop.store.database import Store
from lotsen_desktop.sync import compact

MAX_LOGO_BYTES = 2_000_000
LANGUAGE_NAMES = (("de", "Deutsch"), ("en", "English"))


class _ModuleDelegate(QStyledItemDelegate):
    """Spin boxes with the allowed ranges for planned units and threshold."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        if index.column() == ModuleTableModel.HOURS:
            spin = QDoubleSpinBox(parent)
            spin.setRange(0.25, 500)
            spin.setDecimals(2)
            return spin
        if index.column() == ModuleTableModel.THRESHOLD:
            box = QSpinBox(parent)
            box.setRange(1, 100)
            box.setSuffix(" %")
            return box
        return super().createEditor(parent, option, index)


class SettingsPage(Page):
    """Office profile and rules; the module catalogue; the language."""

    shown_tables = frozenset({"office", "module"})

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self._loaded: dict[str, Any] = {}
        self._logo: bytes | None = None
        self._loading = False
        self._dirty = False

        self.ui = Ui_SettingsPage()
        self.ui.setupUi(self)
        ui = self.ui
        stack_when_narrow(ui.columns, ui.form_area)
        font = ui.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        ui.heading.setFont(font)
        self.form_area = ui.form_area
        self.status_label = ui.status_label
        self.revert_button = ui.revert_button
        self.revert_button.clicked.connect(self.load)
        self.save_button = ui.save_button
        self.save_button.setIcon(icon("save"))
        self.save_button.clicked.connect(self.save)
        self._wire_office()
        self._wire_certificate()
        self._wire_rules()
        self._wire_language()
        self._wire_database()
        self.ui.left.insertWidget(4, EncryptionSettings(store, self))
        self._wire_modules()
        ui.left.insertWidget(1, LetterheadSettings(store, ui.body))
        ui.left.insertWidget(ui.left.indexOf(ui.database_group) + 1, ConnectionSettings(self))

        self._set_dirty(False)
        self._load_in_background()

    # ----------------------------------------------------------------- building
    def _wire_office(self) -> None:
        ui = self.ui
        self.name_edit = ui.name_edit
        self.name_message = ui.name_message
        self.address_edit = ui.address_edit
        self.place_edit = ui.place_edit
        self.signatory_edit = ui.signatory_edit
        self.role_edit = ui.role_edit
        self.logo_preview = ui.logo_preview
        self.logo_button = ui.logo_button
        self.logo_button.clicked.connect(self.choose_logo)
        self.logo_remove_button = ui.logo_remove_button
        self.logo_remove_button.clicked.connect(self.remove_logo)
        self.logo_message = ui.logo_message
        for edit in (self.name_edit, self.place_edit, self.signatory_edit, self.role_edit):
            edit.textChanged.connect(self._changed)
        self.address_edit.textChanged.connect(self._changed)

    def _wire_certificate(self) -> None:
        self.prefix_edit = self.ui.prefix_edit
        self.text_edit = self.ui.text_edit
        self.prefix_edit.textChanged.connect(self._changed)
        self.text_edit.textChanged.connect(self._changed)

    def _wire_rules(self) -> None:
        self.unit_combo = self.ui.unit_combo
        self.unit_combo.addItem(_("45 minutes (Unterrichtseinheit)"), 45)
        self.unit_combo.addItem(_("60 minutes (full hour)"), 60)
        _keep_contents_width(self.unit_combo)
        self.threshold_spin = self.ui.threshold_spin
        self.special_spin = self.ui.special_spin
        self.unit_combo.currentIndexChanged.connect(self._changed)
        self.threshold_spin.valueChanged.connect(self._changed)
        self.special_spin.valueChanged.connect(self._changed)

    def _wire_language(self) -> None:
        self.language_combo = self.ui.language_combo
        for code, name in LANGUAGE_NAMES:
            self.language_combo.addItem(name, code)
        self.language_combo.currentIndexChanged.connect(self._changed)

    def _wire_database(self) -> None:
        self.database_size = self.ui.database_size
        self.vacuum_button = self.ui.vacuum_button
        self.vacuum_button.clicked.connect(self.start_vacuum)
        self.vacuum_operation: Operation | None = None
        self._show_database_size()
        self.ui.left.insertWidget(
            self.ui.left.indexOf(self.ui.database_group) + 1, BackupSettings(self.store, self)
        )

    def _show_database_size(self) -> None:
        size = compact.file_size(self.store.path)
        self.database_size.setText(
            _("Size of the database file: {size}").format(size=_megabytes(size))
        )

    def start_vacuum(self) -> Operation:
        """Compact and VACUUM off the GUI thread; the page stays usable meanwhile."""
        store = self.store
        self.vacuum_button.setEnabled(False)

        def work(progress: ProgressCallback) -> compact.VacuumResult:
            return compact.vacuum(store, progress=progress)

        def failed(error: object) -> None:
            self.vacuum_button.setEnabled(True)
            show_error(self, error)

        self.vacuum_operation = run_operation(
            self, _("Compacting the database…"), work, self._vacuumed, on_error=failed
        )
        return self.vacuum_operation

    def _vacuumed(self, result: compact.VacuumResult) -> None:
        self.vacuum_button.setEnabled(True)
        self._show_database_size()
        lines = [
            _("Database size before: {before}, after: {after}").format(
                before=_megabytes(result.size_before), after=_megabytes(result.size_after)
            )
        ]
        if result.compact.held_back_by:
            lines.append(
                _(
                    "Not yet acknowledged by: {names}. A machine that is gone for good can be "
                    "forgotten on the Austausch page."
                ).format(names=", ".join(result.compact.held_back_by))
            )
        self.status_label.setText(lines[0])
        QMessageBox.information(self, _("Compact the database"), "\n".join(lines))

    def _wire_modules(self) -> None:
        self.module_model = ModuleTableModel(self)
        self.module_view = self.ui.module_table
        self.module_view.setModel(self.module_model)
        self.module_view.setItemDelegate(_ModuleDelegate(self.module_view))
        self.module_view.hideColumn(ModuleTableModel.CODE)
        header = self.module_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ModuleTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        self.module_model.dataChanged.connect(self._changed)

    # ----------------------------------------------------------------- state
    def page_title(self) -> str:
        return _("Settings")

    def _form_values(self) -> dict[str, Any]:
        return {
            "name": self.name_edit.text().strip(),
            "address": self.address_edit.toPlainText().strip(),
            "place": self.place_edit.text().strip(),
            "signatory_name": self.signatory_edit.text().strip(),
            "signatory_role": self.role_edit.text().strip(),
            "certificate_prefix": self.prefix_edit.text().strip(),
            "certificate_text": self.text_edit.toPlainText().strip(),
            "unit_minutes": int(self.unit_combo.currentData()),
            "threshold_percent": self.threshold_spin.value(),
            "specialisations_required": self.special_spin.value(),
            "logo": self._logo,
        }

    def _language(self) -> str:
        return str(self.language_combo.currentData())

    def load(self) -> None:
        """Show the saved settings (and forget unsaved edits)."""
        self._show_saved(_read_saved(self.store))

    def _load_in_background(self) -> None:
        """The form waits (disabled, "Wird geladen…") until the saved settings are read."""
        store = self.store
        self.form_area.setEnabled(False)
        self.loader.load(
            "settings", lambda: _read_saved(store), self._show_saved, busy=self.form_area
        )

    def _show_saved(self, saved: tuple[Any, list[Any]]) -> None:
        office, module_entries = saved
        self.form_area.setEnabled(True)
        self._loading = True
        try:
            self.name_edit.setText(office.name)
            self.address_edit.setPlainText(office.address)
            self.place_edit.setText(office.place)
            self.signatory_edit.setText(office.signatory_name)
            self.role_edit.setText(office.signatory_role)
            self.prefix_edit.setText(office.certificate_prefix)
            self.text_edit.setPlainText(office.certificate_text)
            self.unit_combo.setCurrentIndex(max(0, self.unit_combo.findData(office.unit_minutes)))
            self.threshold_spin.setValue(office.threshold_percent)
            self.special_spin.setValue(office.specialisations_required)
            self._logo = office.logo
            self._show_logo()
            language = get_language()
            self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(language)))
            self.module_model.set_entries(module_entries)
            self.name_message.clear()
            self.logo_message.clear()
            loaded = {
                key: value for key, value in asdict(office).items() if key in self._form_values()
            }
            self._loaded = {key: _normalised(value) for key, value in loaded.items()}
        finally:
            self._loading = False
        self._set_dirty(False)

    def is_dirty(self) -> bool:
        if self.loader.is_loading("settings"):
            return False  # nothing shown yet that could have been changed
        values = {key: _normalised(value) for key, value in self._form_values().items()}
        return (
            values != self._loaded
            or bool(self.module_model.pending)
            or self._language() != get_language()
        )

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self._set_dirty(self.is_dirty())

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        self.status_label.setText(_("Unsaved changes") if dirty else "")
        self.actions_changed.emit()

    def supported_actions(self) -> set[PageAction]:
        return {PageAction.SAVE} if self._dirty else set()

    def refresh(self, changed: set[str] | None = None) -> None:
        if self.shows(changed) and not self.is_dirty():
            self._load_in_background()

    def has_unsaved_work(self) -> bool:
        return self.is_dirty()

    def can_leave(self) -> bool:
        if not self.is_dirty():
            return True
        answer = ask_unsaved(self, _("The settings page"))
        if answer is UnsavedAnswer.SAVE:
            return self.save()
        if answer is UnsavedAnswer.DISCARD:
            self.load()
            return True
        return False

    # ----------------------------------------------------------------- commands
    def choose_logo(self) -> None:
        filename, _filter = QFileDialog.getOpenFileName(
            self, _("Choose logo"), "", _("Images (*.png *.jpg *.jpeg *.bmp *.gif)")
        )
        if filename:
            self.set_logo_file(filename)

    def set_logo_file(self, filename: str) -> bool:
        """Take the image in ``filename`` as the logo; say why not if it cannot be used."""
        try:
            with open(filename, "rb") as handle:
                data = handle.read(MAX_LOGO_BYTES + 1)
        except OSError as error:
            self.logo_message.show_message(
                _("The file cannot be read: {error}").format(error=error.strerror)
            )
            return False
        if len(data) > MAX_LOGO_BYTES:
            self.logo_message.show_message(
                _("The image is larger than 2 MB; choose a smaller one.")
            )
            return False
        if QImage.fromData(data).isNull():
            self.logo_message.show_message(_("The file is not an image Lotsen Desktop can read."))
            return False
        self.logo_message.clear()
        self._logo = data
        self._show_logo()
        self._changed()
        return True

    def remove_logo(self) -> None:
        self._logo = None
        self._show_logo()
        self._changed()

    def _show_logo(self) -> None:
        if self._logo:
            pixmap = QPixmap()
            pixmap.loadFromData(self._logo)
            self.logo_preview.setPixmap(
                pixmap.scaled(
                    self.logo_preview.size() - QSize(8, 8),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.logo_preview.clear()
            self.logo_preview.setText(_("no logo"))
        self.logo_remove_button.setEnabled(self._logo is not None)

    def save(self) -> bool:
        values = self._form_values()
        if not values["name"]:
            self.name_message.show_message(_("Please enter the name of the organisation."))
            self.name_edit.setFocus()
            return False
        self.name_message.clear()
        pending = dict(self.module_model.pending)
        rules_changed = rule_change_guard.changes_rules(self.store, values, pending)
        if rules_changed and not rule_change_guard.confirm(self, self.store, values, pending):
            return False
        language_before = get_language()
        try:
            with self.store.initiated_by(self):  # reloaded below, at once
                setup.update_office(self.store, **values)
                if self.module_model.pending:
                    from lotsen_desktop.services import modules

                    for code, changes in self.module_model.pending.items():
                        modules.update_module(self.store, code, **changes)  # type: ignore[arg-type]
        except LotsenError as error:
            QMessageBox.warning(self, _("Settings"), str(error))
            return False
        language = self._language()
        self.load()
        if rules_changed:
            rule_change_guard.offer_reissue(self, self.store)
        if language != language_before:
            self.language_changed.emit(language)
        return True


def _keep_contents_width(combo: QComboBox) -> None:
    """A combo filled after ``setupUi`` keeps the minimum width it measured while still empty
    (``AdjustToContents`` renews only its size hint): the column must not squeeze its items."""
    combo.setMinimumWidth(combo.sizeHint().width())


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def _read_saved(store: Store) -> tuple[Any, list[Any]]:
    """The office profile and the module catalogue (runs in a worker thread)."""
    return setup.get_office(store), _list_modules(store)


def _list_modules(store: Store) -> list[Any]:
    from lotsen_desktop.services import modules

    return list(modules.list_modules(store))


def _normalised(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value
