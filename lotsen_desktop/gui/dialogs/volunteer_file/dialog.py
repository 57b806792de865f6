"""The volunteer file (Akte): one tab widget each for person, languages and interests,
qualification, mentoring, consents and history; this dialog only coordinates them.

Fields are checked as the user leaves them (German messages under the field, from
``domain.validation``) and all together on Speichern; nothing is written until every field is
fine. Closing with unsaved changes asks first. Consents and intake conversations are saved at
once by their tabs.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lotsen_desktop.errors import ConcurrentEdit, LotsenError, ValidationError
from lotsen_desktop.gui.dialogs.volunteer_file.concurrent_edit import ConcurrentEditDialog
from lotsen_desktop.gui.dialogs.volunteer_file.consents import ConsentsTab
from lotsen_desktop.gui.dialogs.volunteer_file.history import HistoryTab
from lotsen_desktop.gui.dialogs.volunteer_file.languages import LanguageRow, LanguagesTab
from lotsen_desktop.gui.dialogs.volunteer_file.mentoring import MentoringTab
from lotsen_desktop.gui.dialogs.volunteer_file.person import PersonTab
from lotsen_desktop.gui.dialogs.volunteer_file.qualification import QualificationTab
from lotsen_desktop.gui.dialogs.volunteer_file.tab import GREY, CheckedField, FileTab
from lotsen_desktop.gui.icons import app_icon, icon
from lotsen_desktop.gui.screen_fit import FitsScreen, ScrollingBody
from lotsen_desktop.gui.widgets import UnsavedAnswer, ask_unsaved
from lotsen_desktop.i18n import _
from lotsen_desktop.services import volunteers
from lotsen_desktop.services.volunteers import VolunteerDetail
from lotsen_desktop.store.database import Store


#: Tables the file writes; passed on to the other pages after a save.
class VolunteerFormDialog(FitsScreen, QDialog):
    """Create or change one volunteer's file."""

    #: Emitted after a save or a consent change, with the table names written.
    saved = Signal()

    PERSON_TAB, LANGUAGES_TAB, QUALIFICATION_TAB, MENTORING_TAB, CONSENTS_TAB, HISTORY_TAB = range(
        6
    )

    def __init__(
        self, store: Store, volunteer_id: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.volunteer_id = volunteer_id
        self.detail: VolunteerDetail | None = None
        self._loading = False

        self.setWindowIcon(app_icon())
        self.setMinimumSize(860, 600)
        self.resize(940, 680)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.heading)

        self.person = PersonTab(store)
        self.languages = LanguagesTab(store)
        self.qualification = QualificationTab(store)
        self.mentoring = MentoringTab(store)
        self.consents = ConsentsTab(store)
        self.history = HistoryTab(store)
        self.file_tabs: list[FileTab] = [
            self.person,
            self.languages,
            self.qualification,
            self.mentoring,
            self.consents,
            self.history,
        ]
        self.tabs = QTabWidget()
        for tab, title in zip(
            self.file_tabs,
            (
                _("&Person"),
                _("&Languages && interests"),
                _("&Qualification"),
                _("&Mentoring"),
                _("C&onsents"),
                _("&History"),
            ),
            strict=True,
        ):
            self.tabs.addTab(ScrollingBody(tab), title)
            tab.changed.connect(self._changed)
            tab.recorded.connect(lambda tab=tab: self._recorded(tab))
        self.person.name_changed.connect(self._update_heading)
        layout.addWidget(self.tabs, 1)

        bottom = QHBoxLayout()
        self.summary_label = QLabel()
        self.summary_label.setStyleSheet(f"color: {GREY};")
        bottom.addWidget(self.summary_label, 1)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            # Its own msgid: the menu's "S&peichern" must keep P there (Alt+S is Suchen).
            _("&Save file"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.save_button.setIcon(icon("save"))
        # Ctrl+S as a shortcut of its own: setShortcut on the button would replace its Alt+S.
        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self.save_shortcut.activated.connect(self.save_button.click)
        self.save_button.setToolTip(_("Save the file and close it (Ctrl+S)"))
        self.cancel_button = self.buttons.addButton(
            _("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.setToolTip(_("Close without saving (Esc)"))
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.cancel_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.save_and_close)
        self.buttons.rejected.connect(self.reject)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        self._name_widgets()
        self.load()
        self.given_name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _name_widgets(self) -> None:
        """The tabs' widgets under the names the volunteers page and the tests use."""
        person = self.person.ui
        self.given_name_edit = person.given_name_edit
        self.family_name_edit = person.family_name_edit
        self.title_combo = person.title_combo
        self.birth_date_edit = person.birth_date_edit
        self.street_edit = person.street_edit
        self.postal_code_edit = person.postal_code_edit
        self.city_edit = person.city_edit
        self.phone_edit = person.phone_edit
        self.email_edit = person.email_edit
        self.status_combo = person.status_combo
        self.agreement_edit = person.agreement_edit
        self.police_on_edit = person.police_on_edit
        self.police_by_edit = person.police_by_edit
        self.migration_combo = person.migration_combo
        self.origin_edit = person.origin_edit
        self.notes_edit = person.notes_edit
        self.language_rows = self.languages.language_rows
        self.interest_boxes = self.languages.interest_boxes
        self.availability_edit = self.languages.ui.availability_edit
        self.certificate_label = self.qualification.ui.certificate_label
        self.module_cards = self.qualification.module_cards
        self.missing_labels = self.qualification.missing_labels
        self.mentoring_label = self.mentoring.ui.mentoring_label
        self.assignments_table = self.mentoring.assignments_table
        self.consents_table = self.consents.consents_table
        self.consent_purpose_combo = self.consents.ui.consent_purpose_combo
        self.consent_version_edit = self.consents.ui.consent_version_edit
        self.consent_date_edit = self.consents.ui.consent_date_edit
        self.withdraw_button = self.consents.ui.withdraw_button
        self.history_table = self.history.history_table

    # ================================================================= asking the tabs
    def load(self) -> None:
        """Fill every tab from the stored file (or empty for a new one)."""
        self._loading = True
        try:
            self.detail = (
                volunteers.get_volunteer(self.store, self.volunteer_id)
                if self.volunteer_id is not None
                else None
            )
            for tab in self.file_tabs:
                tab.load(self.volunteer_id, self.detail)
        finally:
            self._loading = False
        self._update_heading()
        self._changed()

    @property
    def _fields(self) -> dict[str, CheckedField]:
        return {name: field for tab in self.file_tabs for name, field in tab.fields.items()}

    def values(self) -> dict[str, Any]:
        """What the tabs hold, as text (dates unparsed), for the dirty check and the guard."""
        return {key: value for tab in self.file_tabs for key, value in tab.values().items()}

    def is_dirty(self) -> bool:
        return any(tab.is_dirty() for tab in self.file_tabs)

    def check_all(self) -> bool:
        """Check every field of every tab; go to the first wrong one."""
        first: tuple[FileTab, CheckedField] | None = None
        for tab in self.file_tabs:
            wrong = tab.first_invalid()
            if wrong is not None and first is None:
                first = (tab, wrong)
        if first is None:
            return True
        self.tabs.setCurrentWidget(first[0])
        first[1].widget.setFocus()
        return False

    def add_language(self, language: str = "", level: str = "") -> LanguageRow:
        return self.languages.add_language(language, level)

    def record_consent(self) -> bool:
        return self.consents.record_consent()

    def withdraw_consent(self) -> bool:
        return self.consents.withdraw_consent()

    def _changed(self) -> None:
        if self._loading:
            return
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty or self.volunteer_id is None)
        if dirty or self.volunteer_id is None:
            self.cancel_button.setText(_("Cancel"))
            self.cancel_button.setToolTip(_("Close without saving (Esc)"))
        else:  # nothing would be lost: the button only closes
            self.cancel_button.setText(_("Close"))
            self.cancel_button.setToolTip(_("Close the file (Esc)"))
        if self.volunteer_id is None:
            self.summary_label.setText(_("New file"))
        else:
            self.summary_label.setText(_("Unsaved changes") if dirty else _("Saved"))

    def _recorded(self, tab: FileTab) -> None:
        """A tab saved a record at once; a consent change reaches the person's migration
        history, other unsaved edits stay in the tabs."""
        if tab is self.consents and self.volunteer_id is not None:
            self._loading = True
            try:
                self.detail = volunteers.get_volunteer(self.store, self.volunteer_id)
                self.consents.load(self.volunteer_id, self.detail)
                self.person.consents_changed(self.detail)
            finally:
                self._loading = False
            self._changed()
        self.saved.emit()

    def _update_heading(self) -> None:
        name = self.person.full_name()
        if self.volunteer_id is None:
            title = _("New volunteer")
            self.heading.setText(f"{title}: {name}" if name else title)
        else:
            self.heading.setText(name or _("Volunteer file"))
        self.setWindowTitle(
            _("Volunteer file – {name}").format(name=name) if name else _("New volunteer")
        )

    def _show_service_error(self, error: ValidationError) -> None:
        for tab in self.file_tabs:
            field = tab.fields.get(error.field or "")
            if field is not None:
                field.message.show_message(str(error))
                self.tabs.setCurrentWidget(tab)
                field.widget.setFocus()
                return
        QMessageBox.warning(self, _("Volunteer file"), str(error))

    # ================================================================= saving
    def save(self) -> bool:
        """Write the file; ``True`` when saved (or nothing to save)."""
        if self.volunteer_id is not None and not self.is_dirty():
            return True
        if not self.check_all():
            return False
        try:
            fields: dict[str, Any] = {}
            extra: dict[str, Any] = {}
            for tab in self.file_tabs:
                part = tab.contribution()
                fields.update(part.fields)
                extra.update(part.after_create)
            if self.volunteer_id is None:
                if not self._confirm_not_duplicate(fields):
                    return False
                new_id = volunteers.add_volunteer(self.store, **fields)
                self.volunteer_id = new_id
                if any(value for value in extra.values()):
                    volunteers.update_volunteer(self.store, new_id, **extra)
            elif not self._update({**fields, **extra}):
                return False
        except ValidationError as error:
            self._show_service_error(error)
            return False
        except LotsenError as error:
            QMessageBox.warning(self, _("Volunteer file"), str(error))
            return False
        self.load()
        self.saved.emit()
        return True

    def _update(self, fields: dict[str, Any]) -> bool:
        """Save on top of the version the form was loaded from; when someone else saved the
        file meanwhile, the user picks per field and the choice is saved on the new version."""
        assert self.volunteer_id is not None and self.detail is not None
        version = self.detail.version
        while True:
            try:
                volunteers.update_volunteer(
                    self.store, self.volunteer_id, expected_version=version, **fields
                )
                return True
            except ConcurrentEdit as error:
                dialog = ConcurrentEditDialog(error, self._changed_by_me(error), self)
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    return False
                fields = {**fields, **dialog.chosen()}
                version = error.version

    def _changed_by_me(self, error: ConcurrentEdit) -> set[str]:
        """The differing fields the user edited in this form (the others default to stored)."""
        assert self.detail is not None
        result = set()
        for key, values in error.fields.items():
            mine: Any = values[0]
            original: Any = getattr(self.detail, key, None)
            if key == "languages":
                same = sorted((s.language, s.level) for s in mine) == sorted(
                    (s.language, s.level) for s in original or ()
                )
            elif key == "interests":
                same = sorted(mine) == sorted(original or ())
            else:
                same = mine == original
            if not same:
                result.add(key)
        return result

    def _confirm_not_duplicate(self, fields: dict[str, Any]) -> bool:
        same = volunteers.find_possible_duplicates(
            self.store,
            given_name=fields["given_name"],
            family_name=fields["family_name"],
            birth_date=fields["birth_date"],
        )
        if not same:
            return True
        answer = QMessageBox.question(
            self,
            _("Possible duplicate"),
            _(
                "There is already a file for {name}. Is this a different person?\n\n"
                "Choose No to go back and search the list instead."
            ).format(name=f"{fields['given_name']} {fields['family_name']}"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def save_and_close(self) -> None:
        if self.save():
            super().accept()

    def accept(self) -> None:
        self.save_and_close()

    def reject(self) -> None:
        if self.can_close():
            super().reject()

    def can_close(self) -> bool:
        """The unsaved-changes guard: ``False`` keeps the file open."""
        if self.volunteer_id is None and not any(
            value for key, value in self.values().items() if key not in ("title_form", "status")
        ):
            return True
        if not self.is_dirty():
            return True
        name = self.person.full_name()
        what = _("The file of {name}").format(name=name) if name else _("The new volunteer file")
        answer = ask_unsaved(self, what)
        if answer is UnsavedAnswer.SAVE:
            return self.save()
        return answer is UnsavedAnswer.DISCARD

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.can_close():
            event.accept()
            for tab in self.file_tabs:
                tab.mark_clean()
            super().closeEvent(event)
        else:
            event.ignore()
