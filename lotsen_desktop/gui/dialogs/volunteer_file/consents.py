"""Tab Einwilligungen: consents given and withdrawn. Consents are legal records: recording or
withdrawing one is saved at once, after a question."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QMessageBox, QWidget

from lotsen_desktop.domain.vocabulary import ConsentPurpose
from lotsen_desktop.errors import LotsenError, ValidationError
from lotsen_desktop.gui.dialogs.volunteer_file.tab import FileTab, fit_columns
from lotsen_desktop.gui.forms.volunteer_consents_ui import Ui_VolunteerConsents
from lotsen_desktop.gui.models.rows_model import RowRole
from lotsen_desktop.gui.models.volunteer_file_models import ConsentsModel, label
from lotsen_desktop.gui.widgets import read_only_table
from lotsen_desktop.i18n import _
from lotsen_desktop.services import volunteers
from lotsen_desktop.services.volunteers import ConsentEntry, VolunteerDetail
from lotsen_desktop.store.database import Store


class ConsentsTab(FileTab):
    """The consents of the file, with recording and withdrawing."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.ui = Ui_VolunteerConsents()
        self.ui.setupUi(self)
        self.consents_model = ConsentsModel(self)
        self.consents_table = read_only_table(self.consents_model)
        self.consents_table.setObjectName("consents_table")
        self.consents_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.consents_model.modelReset.connect(self._update_buttons)
        self.ui.consents_slot.addWidget(self.consents_table)
        for purpose in ConsentPurpose:
            self.ui.consent_purpose_combo.addItem(purpose.label, purpose.value)
        self.ui.consent_date_edit.set_date(date.today())
        self.ui.record_consent_button.clicked.connect(self.record_consent)
        self.ui.withdraw_button.clicked.connect(self.withdraw_consent)

    def fill(self, detail: VolunteerDetail | None) -> None:
        self.consents_model.set_rows(detail.consents if detail else ())
        fit_columns(self.consents_table, ConsentsModel.PURPOSE)
        saved = self.volunteer_id is not None
        ui = self.ui
        for widget in (
            ui.consent_purpose_combo,
            ui.consent_version_edit,
            ui.consent_date_edit,
            ui.record_consent_button,
        ):
            widget.setEnabled(saved)
        ui.consents_note.setText(
            "" if saved else _("Consents can be recorded once the file has been saved.")
        )
        self._update_buttons()

    def selected_consent(self) -> ConsentEntry | None:
        rows = self.consents_table.selectionModel().selectedRows()
        if len(rows) != 1:
            return None
        consent = rows[0].data(RowRole)
        return consent if isinstance(consent, ConsentEntry) else None

    def _update_buttons(self) -> None:
        consent = self.selected_consent()
        self.ui.withdraw_button.setEnabled(consent is not None and consent.withdrawn_on is None)

    def record_consent(self) -> bool:
        ui = self.ui
        if self.volunteer_id is None:
            return False
        try:
            given_on = ui.consent_date_edit.date_value("given_on")
        except ValidationError as error:
            ui.consent_message.show_message(str(error))
            return False
        if given_on is None:
            ui.consent_message.show_message(_("Please enter the date of the consent."))
            return False
        if given_on > date.today():
            ui.consent_message.show_message(_("The date of the consent lies in the future."))
            return False
        ui.consent_message.clear_message()
        try:
            volunteers.record_consent(
                self.store,
                self.volunteer_id,
                purpose=str(ui.consent_purpose_combo.currentData()),
                text_version=ui.consent_version_edit.text(),
                given_on=given_on,
            )
        except LotsenError as error:
            ui.consent_message.show_message(str(error))
            return False
        self.recorded.emit()
        return True

    def withdraw_consent(self) -> bool:
        consent = self.selected_consent()
        if consent is None or consent.withdrawn_on is not None:
            return False
        text = _('Withdraw the consent "{purpose}" as of today?').format(
            purpose=label(ConsentPurpose, consent.purpose)
        )
        if consent.purpose == ConsentPurpose.MIGRATION_HISTORY.value:
            text += "\n\n" + _("The recorded migration history will be deleted.")
        answer = QMessageBox.question(
            self,
            _("Withdraw consent"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            volunteers.withdraw_consent(self.store, consent.id)
        except LotsenError as error:
            QMessageBox.warning(self, _("Withdraw consent"), str(error))
            return False
        self.recorded.emit()
        return True
