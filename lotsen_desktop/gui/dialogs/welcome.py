"""First start: create the office profile and choose an empty database or demo data, or take
everything (office profile included) over from another machine's exchange file."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from lotsen_desktop.errors import ValidationError
from lotsen_desktop.gui.icons import app_icon
from lotsen_desktop.gui.operations import ProgressCallback, run_operation
from lotsen_desktop.gui.views.feedback import InlineMessage
from lotsen_desktop.i18n import _
from lotsen_desktop.services import setup
from lotsen_desktop.store.database import Store

if TYPE_CHECKING:
    from lotsen_desktop.gui.pages.exchange_page import ImportWizard
    from lotsen_desktop.sync.exchange import ImportSummary

DEMO_VOLUNTEERS = 300


def demo_available() -> bool:
    return importlib.util.find_spec("lotsen_desktop.services.demo") is not None


class WelcomeDialog(QDialog):
    """Asks what the documents need (Träger, place, who signs) before the first use."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.demo_filled = False
        self.imported: ImportSummary | None = None
        self.import_wizard: ImportWizard | None = None
        self.setWindowTitle(_("Welcome to Lotsen Desktop"))
        self.setWindowIcon(app_icon())
        self.setMinimumWidth(640)
        office = setup.get_office(store)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        top = QHBoxLayout()
        picture = QLabel()
        picture.setPixmap(app_icon().pixmap(56, 56))
        top.addWidget(picture)
        heading = QLabel(_("Welcome to Lotsen Desktop"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        top.addWidget(heading, 1)
        layout.addLayout(top)
        intro = QLabel(
            _(
                "Lotsen Desktop keeps the files of your Integrationslotsinnen and "
                "Integrationslotsen, courses, attendance and mentoring, on this computer.\n"
                "Please tell us who runs the programme here. These details appear on "
                "certificates; you can change them later under Einstellungen."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.name_edit = QLineEdit(office.name)
        self.name_edit.setPlaceholderText(_("e.g. Volkshochschule Musterstadt"))
        self.name_edit.setToolTip(_("The organisation (Träger) that runs the courses"))
        self.name_message = InlineMessage(compact=True)
        self.name_edit.textChanged.connect(self._name_changed)
        self.place_edit = QLineEdit(office.place)
        self.place_edit.setPlaceholderText(_("e.g. Hannover"))
        self.place_edit.setToolTip(_("Place printed in the place-and-date line of documents"))
        self.signatory_edit = QLineEdit(office.signatory_name)
        self.signatory_edit.setToolTip(_("The person who signs certificates"))
        self.role_edit = QLineEdit(office.signatory_role)
        self.role_edit.setPlaceholderText(_("e.g. Koordinatorin Integrationslotsen"))
        self.role_edit.setToolTip(_("Function printed under the signature"))
        form.addRow(_("Organisation (Träger) *"), self.name_edit)
        form.addRow("", self.name_message)
        form.addRow(_("Place"), self.place_edit)
        form.addRow(_("Signatory"), self.signatory_edit)
        form.addRow(_("Signatory's role"), self.role_edit)
        self.profile = QWidget()
        self.profile.setLayout(form)
        form.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.profile)

        start = QGroupBox(_("How do you want to start?"))
        start_layout = QVBoxLayout(start)
        self.empty_radio = QRadioButton(_("With an &empty database (for real work)"))
        self.demo_radio = QRadioButton(
            _("With &demo data: {count} invented volunteers, courses and mentoring").format(
                count=DEMO_VOLUNTEERS
            )
        )
        self.import_radio = QRadioButton(
            _("Take over the data from another &computer (exchange file)")
        )
        self.import_radio.setToolTip(
            _(
                "For a second computer of the same office: the office profile, the volunteers "
                "and courses come from an exchange file made on the other computer."
            )
        )
        self.import_radio.toggled.connect(self._import_toggled)
        self.empty_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.empty_radio)
        group.addButton(self.demo_radio)
        group.addButton(self.import_radio)
        if not demo_available():
            self.demo_radio.setEnabled(False)
            self.demo_radio.setToolTip(_("Demo data is not part of this version."))
        else:
            self.demo_radio.setToolTip(
                _("Good for trying things out; use a separate database for real work.")
            )
        start_layout.addWidget(self.empty_radio)
        start_layout.addWidget(self.demo_radio)
        start_layout.addWidget(self.import_radio)
        layout.addWidget(start)

        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("&Start"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = buttons.addButton(_("&Later"), QDialogButtonBox.ButtonRole.RejectRole)
        self.later_button.setToolTip(_("Start without a profile; this dialog appears again"))
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _name_changed(self, _text: str) -> None:
        self.name_message.clear()  # the message spoke of what was there before

    def _import_toggled(self, checked: bool) -> None:
        # The office profile comes from the file: what is typed here would only compete with it.
        self.profile.setEnabled(not checked)
        if checked:
            self.name_message.clear()

    def accept(self) -> None:
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
            super().accept()

    def _fill_demo(self) -> None:
        from lotsen_desktop.services import demo

        store = self.store

        def work(progress: ProgressCallback) -> Any:
            return demo.fill_demo(store, volunteers=DEMO_VOLUNTEERS, progress=progress)

        def done(_result: object) -> None:
            self.demo_filled = True
            QDialog.accept(self)

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
            QDialog.accept(self)
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
