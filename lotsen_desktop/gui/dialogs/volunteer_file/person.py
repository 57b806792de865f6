"""Tab Person: name, address and contact, volunteering dates, migration history, notes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from lotsen_desktop.domain import validation
from lotsen_desktop.domain.vocabulary import ConsentPurpose, TitleForm, VolunteerStatus
from lotsen_desktop.gui.dialogs.volunteer_file.tab import CheckedField, Contribution, FileTab
from lotsen_desktop.gui.forms.volunteer_person_ui import Ui_VolunteerPerson
from lotsen_desktop.gui.widgets import FieldMessage
from lotsen_desktop.i18n import _
from lotsen_desktop.services.volunteers import VolunteerDetail
from lotsen_desktop.store.database import Store

#: The combo's entries for "own migration history", in order.
MIGRATION_CHOICES: tuple[bool | None, ...] = (None, True, False)


class PersonTab(FileTab):
    """The person's own data; migration history only while its consent stands."""

    #: Given or family name edited (the dialog's heading follows).
    name_changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.ui = Ui_VolunteerPerson()
        self.ui.setupUi(self)
        ui = self.ui
        for form_value in (TitleForm.LOTSIN, TitleForm.LOTSE, TitleForm.NEUTRAL):
            ui.title_combo.addItem(form_value.label, form_value.value)
        for status in VolunteerStatus:
            ui.status_combo.addItem(status.label, status.value)
        for text, value in zip(
            (_("not recorded"), _("yes"), _("no")), MIGRATION_CHOICES, strict=True
        ):
            ui.migration_combo.addItem(text, value)
        self.migration_allowed = False
        ui.birth_date_edit.two_digit_window = 0  # "1.1.40" is a birth in 1940, never 2040

        checks: dict[str, tuple[QWidget, FieldMessage, Any]] = {
            "given_name": (
                ui.given_name_edit,
                ui.given_name_message,
                lambda: validation.require_name(ui.given_name_edit.text(), _("Given name")),
            ),
            "family_name": (
                ui.family_name_edit,
                ui.family_name_message,
                lambda: validation.require_name(ui.family_name_edit.text(), _("Family name")),
            ),
            "title_form": (ui.title_combo, ui.title_form_message, None),
            "birth_date": (
                ui.birth_date_edit,
                ui.birth_date_message,
                lambda: validation.check_birth_date(ui.birth_date_edit.date_value("birth_date")),
            ),
            "street": (ui.street_edit, ui.street_message, None),
            "postal_code": (
                ui.postal_code_edit,
                ui.postal_code_message,
                lambda: validation.check_postal_code(ui.postal_code_edit.text()),
            ),
            "city": (ui.city_edit, ui.city_message, None),
            "phone": (
                ui.phone_edit,
                ui.phone_message,
                lambda: validation.check_phone(ui.phone_edit.text()),
            ),
            "email": (
                ui.email_edit,
                ui.email_message,
                lambda: validation.check_email(ui.email_edit.text()),
            ),
            "status": (ui.status_combo, ui.status_message, None),
            "agreement_signed_on": (
                ui.agreement_edit,
                ui.agreement_signed_on_message,
                lambda: ui.agreement_edit.date_value("agreement_signed_on"),
            ),
            "police_certificate_seen_on": (
                ui.police_on_edit,
                ui.police_certificate_seen_on_message,
                lambda: ui.police_on_edit.date_value("police_certificate_seen_on"),
            ),
            "police_certificate_seen_by": (
                ui.police_by_edit,
                ui.police_certificate_seen_by_message,
                None,
            ),
            "migration_experience": (ui.migration_combo, ui.migration_experience_message, None),
            "origin_country": (ui.origin_edit, ui.origin_country_message, None),
            "notes": (ui.notes_edit, ui.notes_message, None),
        }
        for name, (widget, message, check) in checks.items():
            self.fields[name] = CheckedField(widget, message, check)
            self._watch(self.fields[name], name)

        for edit in (
            ui.given_name_edit,
            ui.family_name_edit,
            ui.birth_date_edit,
            ui.street_edit,
            ui.postal_code_edit,
            ui.city_edit,
            ui.phone_edit,
            ui.email_edit,
            ui.agreement_edit,
            ui.police_on_edit,
            ui.police_by_edit,
            ui.origin_edit,
        ):
            edit.textChanged.connect(self.changed)
        for combo in (ui.title_combo, ui.status_combo, ui.migration_combo):
            combo.currentIndexChanged.connect(self.changed)
        ui.notes_edit.textChanged.connect(self.changed)
        ui.given_name_edit.textChanged.connect(self.name_changed)
        ui.family_name_edit.textChanged.connect(self.name_changed)

    def fill(self, detail: VolunteerDetail | None) -> None:
        ui, d = self.ui, detail
        ui.given_name_edit.setText(d.given_name if d else "")
        ui.family_name_edit.setText(d.family_name if d else "")
        _select(ui.title_combo, d.title_form if d else TitleForm.NEUTRAL.value)
        ui.birth_date_edit.set_date(d.birth_date if d else None)
        ui.street_edit.setText(d.street if d else "")
        ui.postal_code_edit.setText(d.postal_code if d else "")
        ui.city_edit.setText(d.city if d else "")
        ui.phone_edit.setText(d.phone if d else "")
        ui.email_edit.setText(d.email if d else "")
        _select(ui.status_combo, d.status if d else VolunteerStatus.INTERESTED.value)
        ui.agreement_edit.set_date(d.agreement_signed_on if d else None)
        ui.police_on_edit.set_date(d.police_certificate_seen_on if d else None)
        ui.police_by_edit.setText(d.police_certificate_seen_by if d else "")
        ui.migration_combo.setCurrentIndex(
            MIGRATION_CHOICES.index(d.migration_experience if d else None)
        )
        ui.origin_edit.setText(d.origin_country if d else "")
        ui.notes_edit.setPlainText(d.notes if d else "")
        self._show_migration_state(migration_consent(d))

    def values(self) -> dict[str, Any]:
        ui = self.ui
        return {
            "given_name": ui.given_name_edit.text().strip(),
            "family_name": ui.family_name_edit.text().strip(),
            "title_form": ui.title_combo.currentData(),
            "birth_date": ui.birth_date_edit.text().strip(),
            "street": ui.street_edit.text().strip(),
            "postal_code": ui.postal_code_edit.text().strip(),
            "city": ui.city_edit.text().strip(),
            "phone": ui.phone_edit.text().strip(),
            "email": ui.email_edit.text().strip(),
            "status": ui.status_combo.currentData(),
            "agreement_signed_on": ui.agreement_edit.text().strip(),
            "police_certificate_seen_on": ui.police_on_edit.text().strip(),
            "police_certificate_seen_by": ui.police_by_edit.text().strip(),
            "migration_experience": MIGRATION_CHOICES[max(0, ui.migration_combo.currentIndex())],
            "origin_country": ui.origin_edit.text().strip(),
            "notes": ui.notes_edit.toPlainText().strip(),
        }

    def contribution(self) -> Contribution:
        values = self.values()
        fields = {
            key: values[key]
            for key in (
                "given_name",
                "family_name",
                "title_form",
                "street",
                "postal_code",
                "city",
                "phone",
                "email",
                "status",
                "notes",
            )
        }
        fields["birth_date"] = validation.parse_date(values["birth_date"], "birth_date")
        after_create: dict[str, Any] = {
            "agreement_signed_on": validation.parse_date(
                values["agreement_signed_on"], "agreement_signed_on"
            ),
            "police_certificate_seen_on": validation.parse_date(
                values["police_certificate_seen_on"], "police_certificate_seen_on"
            ),
            "police_certificate_seen_by": values["police_certificate_seen_by"],
        }
        if self.migration_allowed:
            after_create["migration_experience"] = values["migration_experience"]
            after_create["origin_country"] = values["origin_country"]
        return Contribution(fields, after_create)

    def full_name(self) -> str:
        values = self.values()
        return " ".join(part for part in (values["given_name"], values["family_name"]) if part)

    def consents_changed(self, detail: VolunteerDetail) -> None:
        """A consent was recorded or withdrawn: the migration history follows it, other
        unsaved edits stay."""
        allowed = migration_consent(detail)
        if not allowed:
            self.ui.migration_combo.setCurrentIndex(0)
            self.ui.origin_edit.setText("")
        self._show_migration_state(allowed)
        self._snapshot = {
            **self._snapshot,
            "migration_experience": detail.migration_experience,
            "origin_country": detail.origin_country,
        }

    def _show_migration_state(self, allowed: bool) -> None:
        self.migration_allowed = allowed
        self.ui.migration_combo.setEnabled(allowed)
        self.ui.origin_edit.setEnabled(allowed)
        self.ui.migration_note.setText(
            ""
            if allowed
            else _(
                "Migration history can only be recorded after the person's consent "
                "(tab Einwilligungen)."
            )
        )


def migration_consent(detail: VolunteerDetail | None) -> bool:
    """Whether a standing consent allows recording the migration history."""
    return detail is not None and any(
        c.purpose == ConsentPurpose.MIGRATION_HISTORY.value and c.withdrawn_on is None
        for c in detail.consents
    )


def _select(combo: QComboBox, value: Any) -> None:
    combo.setCurrentIndex(max(0, combo.findData(value)))
