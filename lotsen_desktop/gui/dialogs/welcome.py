"""First start: create the office profile and choose an empty database or demo data, or take
everything (office profile included) over from another machine's exchange file."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from lotsen_desktop.errors import ValidationError
from lotsen_desktop.gui.forms.welcome_ui import Ui_WelcomeDialog
from lotsen_desktop.gui.icons import app_icon
from lotsen_desktop.gui.operations import ProgressCallback, run_operation
from lotsen_desktop.gui.screen_fit import FitsScreen, scroll_all_but
from lotsen_desktop.gui.views.connection_settings import ConnectionFields
from lotsen_desktop.i18n import _, format_number, ngettext
from lotsen_desktop.services import setup, volunteers
from lotsen_desktop.store.database import Store

if TYPE_CHECKING:
    from lotsen_desktop.gui.pages.exchange_page import ImportWizard
    from lotsen_desktop.sync.exchange import ImportSummary

DEMO_VOLUNTEERS = 300


def demo_available() -> bool:
    return importlib.util.find_spec("lotsen_desktop.services.demo") is not None


class WelcomeDialog(FitsScreen, QDialog):
    """Asks what the documents need (Träger, place, who signs) before the first use."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.demo_filled = False
        self.imported: ImportSummary | None = None
        self.import_wizard: ImportWizard | None = None
        self.ui = Ui_WelcomeDialog()
        self.ui.setupUi(self)
        ui = self.ui
        self.setWindowIcon(app_icon())
        office = setup.get_office(store)

        ui.picture.setPixmap(app_icon().pixmap(56, 56))
        font = ui.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        ui.heading.setFont(font)

        self.profile = ui.profile
        self.name_edit = ui.name_edit
        self.name_message = ui.name_message
        self.place_edit = ui.place_edit
        self.signatory_edit = ui.signatory_edit
        self.role_edit = ui.role_edit
        self.name_edit.setText(office.name)
        self.place_edit.setText(office.place)
        self.signatory_edit.setText(office.signatory_name)
        self.role_edit.setText(office.signatory_role)
        self.name_edit.textChanged.connect(self._name_changed)

        self.empty_radio = ui.empty_radio
        self.demo_radio = ui.demo_radio
        self.import_radio = ui.import_radio
        self.demo_radio.setText(
            _("With &demo data: {count} invented volunteers, courses and mentoring").format(
                count=DEMO_VOLUNTEERS
            )
        )
        self.import_radio.toggled.connect(self._import_toggled)
        if not demo_available():
            self.demo_radio.setEnabled(False)
            self.demo_radio.setToolTip(_("Demo data is not part of this version."))
        else:
            self.demo_radio.setToolTip(
                _("Good for trying things out; use a separate database for real work.")
            )

        self.encrypt_check = ui.encrypt_check
        self.passphrase_fields = ui.passphrase_fields
        ui.encryption_details.setVisible(False)
        self.encrypt_check.toggled.connect(self._encrypt_toggled)
        self.encrypted = False

        self.switched_to_server = False
        self.connection: ConnectionFields | None = None
        self.held = volunteers.count_volunteers(store)
        self.held_label: QLabel | None = None
        if self.held:
            self._only_the_profile()
        elif not store.is_server:  # the choice of a shared database is made on a new local one
            group = QGroupBox(_("Where is the data kept?"))
            self.connection = ConnectionFields(group)
            QVBoxLayout(group).addWidget(self.connection)
            ui.layout.insertWidget(ui.layout.indexOf(ui.intro) + 1, group)
            self.connection.server_radio.toggled.connect(self._connection_toggled)

        buttons = ui.buttons
        scroll_all_but(self, buttons)
        self.ok_button = buttons.addButton(_("&Start"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = buttons.addButton(_("&Later"), QDialogButtonBox.ButtonRole.RejectRole)
        self.later_button.setToolTip(_("Start without a profile; this dialog appears again"))
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _only_the_profile(self) -> None:
        """The database already holds people (work begun after "Later", data received or
        imported): only the profile is asked. An empty start, demo data or taking over another
        machine's data would not be what happens to them."""
        self.ui.start.setVisible(False)
        self.empty_radio.setChecked(True)
        self.held_label = QLabel(
            ngettext(
                "This database already holds {count} volunteer. Please add the details of "
                "the organisation; the data stays as it is.",
                "This database already holds {count} volunteers. Please add the details of "
                "the organisation; the data stays as it is.",
                self.held,
            ).format(count=format_number(self.held))
        )
        self.held_label.setWordWrap(True)
        self.ui.layout.insertWidget(self.ui.layout.indexOf(self.ui.intro) + 1, self.held_label)

    def _connection_toggled(self, shared: bool) -> None:
        # The shared database brings its own office profile and data; the server guards it.
        for part in (self.profile, self.ui.start, self.ui.encryption_group):
            part.setEnabled(not shared)
        self.adjustSize()

    def _switch_to_server(self) -> None:
        """Save the shared database's profile; the window then starts again on it."""
        assert self.connection is not None
        if self.connection.save() is None:
            return
        self.switched_to_server = True
        QDialog.accept(self)

    def _name_changed(self, _text: str) -> None:
        self.name_message.clear()  # the message spoke of what was there before

    def _import_toggled(self, checked: bool) -> None:
        # The office profile comes from the file: what is typed here would only compete with it.
        self.profile.setEnabled(not checked)
        if checked:
            self.name_message.clear()

    def _encrypt_toggled(self, checked: bool) -> None:
        self.ui.encryption_details.setVisible(checked)
        if checked:
            self.passphrase_fields.passphrase_edit.setFocus()
        self.adjustSize()

    def _chosen_passphrase(self) -> tuple[bool, str | None]:
        """(usable, passphrase): ``None`` when the database stays unencrypted."""
        if not self.encrypt_check.isChecked():
            return True, None
        passphrase = self.passphrase_fields.passphrase()
        return passphrase is not None, passphrase

    def _finish(self) -> None:
        """Close the dialog, encrypting the database first if that was chosen."""
        usable, passphrase = self._chosen_passphrase()
        if not usable:
            self.ok_button.setEnabled(True)
            return
        if passphrase is None:
            QDialog.accept(self)
            return
        from lotsen_desktop.services import encryption

        store = self.store

        def work(progress: ProgressCallback) -> None:
            encryption.encrypt(store, passphrase, progress=progress)

        def done(_result: object) -> None:
            self.encrypted = True
            QDialog.accept(self)

        self.ok_button.setEnabled(False)
        operation = run_operation(
            self, _("Encrypting the database…"), work, done, cancellable=False
        )
        operation.error.connect(lambda _error: self.ok_button.setEnabled(True))

    def accept(self) -> None:
        if self.connection is not None and self.connection.server_radio.isChecked():
            self._switch_to_server()
            return
        if not self._chosen_passphrase()[0]:
            return
        if self.import_radio.isChecked():
            self.open_import()
            return
        name = self.name_edit.text().strip()
        if not name:
            self.name_message.show_message(_("Please enter the name of the organisation."))
            self.name_edit.setFocus()
            return
        try:
            setup.update_office(
                self.store,
                name=name,
                place=self.place_edit.text().strip(),
                signatory_name=self.signatory_edit.text().strip(),
                signatory_role=self.role_edit.text().strip(),
            )
        except ValidationError as error:
            self.name_message.show_message(str(error))
            return
        if self.demo_radio.isChecked():
            self._fill_demo()
        else:
            self._finish()

    def _fill_demo(self) -> None:
        from lotsen_desktop.services import demo

        store = self.store

        def work(progress: ProgressCallback) -> Any:
            return demo.fill_demo(store, volunteers=DEMO_VOLUNTEERS, progress=progress)

        def done(_result: object) -> None:
            self.demo_filled = True
            self._finish()

        self.ok_button.setEnabled(False)
        operation = run_operation(self, _("Creating demo data…"), work, done)
        operation.error.connect(lambda _error: self.ok_button.setEnabled(True))

    def open_import(self) -> ImportWizard:
        """The Austausch page's import wizard; nothing is written here before it is confirmed."""
        from lotsen_desktop.gui.pages.exchange_page import ImportWizard

        wizard = ImportWizard(self.store, self)
        wizard.accepted.connect(lambda: self._confirm_import(wizard))
        self.import_wizard = wizard
        wizard.open()
        return wizard

    def _confirm_import(self, wizard: ImportWizard) -> None:
        from lotsen_desktop.gui.pages.exchange_page import run_confirmed_import

        self.ok_button.setEnabled(False)
        operation = run_confirmed_import(self, wizard, self._imported)
        if operation is None:
            self.ok_button.setEnabled(True)
        else:
            operation.error.connect(lambda _error: self.ok_button.setEnabled(True))

    def _imported(self, summary: ImportSummary) -> None:
        self.imported = summary
        self.ok_button.setEnabled(True)
        office = setup.get_office(self.store)
        if office.is_configured:
            self._finish()
            return
        # A file without an office profile (e.g. a course package): ask for it after all.
        self.empty_radio.setChecked(True)
        self.name_message.show_message(
            _(
                "The data was taken over, but the file has no office profile. "
                "Please enter the name of the organisation."
            )
        )
        self.name_edit.setFocus()
