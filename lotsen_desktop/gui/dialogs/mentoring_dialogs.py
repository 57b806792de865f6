"""Dialogs of the mentoring page: new Einsatzanfrage, accepting an offer, new assignment.

Mentees are never named in full: the fields ask for a pseudonym or initials, and the service's
refusal of anything longer is shown inline. The fields are Qt Designer forms (``ui/*_form.ui``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHeaderView, QListWidgetItem, QMessageBox, QWidget

from lotsen_desktop.domain.vocabulary import Area, ContactKind, MeetingKind, VolunteerStatus
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.gui.forms.accept_offer_form_ui import Ui_AcceptOfferForm
from lotsen_desktop.gui.forms.edit_log_entry_form_ui import Ui_EditLogEntryForm
from lotsen_desktop.gui.forms.end_assignment_form_ui import Ui_EndAssignmentForm
from lotsen_desktop.gui.forms.new_assignment_form_ui import Ui_NewAssignmentForm
from lotsen_desktop.gui.forms.new_meeting_form_ui import Ui_NewMeetingForm
from lotsen_desktop.gui.forms.new_request_form_ui import Ui_NewRequestForm
from lotsen_desktop.gui.models.mentoring_models import LogChangeTableModel
from lotsen_desktop.gui.views.feedback import (
    FormDialog,
    format_duration,
    parse_duration,
    parse_km,
)
from lotsen_desktop.gui.widgets import DateField, read_only_table
from lotsen_desktop.i18n import _, format_number, ngettext
from lotsen_desktop.services import mentoring, volunteers
from lotsen_desktop.services.mentoring import LogRow, OfferRow, RequestRow
from lotsen_desktop.store.database import Store


def fill_areas(combo: QComboBox) -> None:
    """The areas of support, in their order, as the choices of ``combo``."""
    for area in Area:
        combo.addItem(area.label, area.value)


def checked_date(field: DateField, name: str = "date", future_ok: bool = False) -> date:
    """The date typed in (``24.11.`` means this year); refuses a wrong one or (unless allowed)
    one in the future."""
    value = field.required_date(name)
    if not future_ok and value > date.today():
        field.setFocus()
        raise ValidationError(
            _("The date {date} lies in the future.").format(date=value.strftime("%d.%m.%Y")),
            field=name,
        )
    return value


def start_question(parent: QWidget | None, early: mentoring.ContactBeforeStart) -> QMessageBox:
    """The question for a contact dated before its assignment's start: Yes moves the start."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Contact before the start"))
    box.setText(
        _("The contact on {date} lies before the assignment started ({start}).").format(
            date=early.day.strftime("%d.%m.%Y"), start=early.started_on.strftime("%d.%m.%Y")
        )
    )
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    move, cancel = (box.button(b) for b in (box.StandardButton.Yes, box.StandardButton.Cancel))
    move.setText(
        _("Set the start to the first contact ({date})").format(date=early.day.strftime("%d.%m.%Y"))
    )
    cancel.setText(_("Cancel"))
    return box


def ask_move_start(parent: QWidget | None, early: mentoring.ContactBeforeStart) -> bool:
    """Offer to move the assignment's start to a contact dated before it (instead of a refusal)."""
    return start_question(parent, early).exec() == QMessageBox.StandardButton.Yes


def with_start_offer(parent: QWidget | None, save: Callable[[bool], object]) -> None:
    """``save(move_start)``; a contact before the start asks whether to move the start first."""
    try:
        save(False)
    except mentoring.ContactBeforeStart as early:
        if not ask_move_start(parent, early):
            raise
        save(True)


class NewRequestDialog(FormDialog):
    """An Einsatzanfrage from a school, shelter, social service or association."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.request_id: str | None = None
        self.setWindowTitle(_("New request"))
        self.ui = Ui_NewRequestForm()
        self.ui.setupUi(self.body)
        ui = self.ui
        self.institution, self.contact, self.area = ui.institution, ui.contact, ui.area
        self.languages, self.timing, self.description = ui.languages, ui.timing, ui.description
        self.received = ui.received
        fill_areas(self.area)
        self.received.set_date(date.today())
        self.set_button_texts(_("Save request"))
        self.setMinimumWidth(480)

    def submit(self) -> None:
        received = checked_date(self.received, "received_on")
        self.request_id = mentoring.add_request(
            self.store,
            institution=self.institution.text(),
            area=str(self.area.currentData()),
            languages_needed=self.languages.text(),
            timing=self.timing.text(),
            description=self.description.toPlainText(),
            contact=self.contact.text(),
            received_on=received,
        )


class AcceptOfferDialog(FormDialog):
    """The volunteer said yes: the request becomes an assignment of a mentee by pseudonym."""

    def __init__(
        self, store: Store, offer: OfferRow, request: RequestRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.offer = offer
        self.assignment_id: str | None = None
        self.setWindowTitle(_("Offer accepted"))
        self.ui = Ui_AcceptOfferForm()
        self.ui.setupUi(self.body)
        self.ui.intro.setText(
            _(
                "{name} takes on the request of {institution}. Who is accompanied? "
                "Use a pseudonym or initials only, never the full name."
            ).format(name=offer.distinct_name, institution=request.institution)
        )
        self.pseudonym, self.answered = self.ui.pseudonym, self.ui.answered
        self.answered.set_date(date.today())
        self.set_button_texts(_("Start assignment"))
        self.setMinimumWidth(440)

    def submit(self) -> None:
        answered = checked_date(self.answered, "answered_on")
        if not self.pseudonym.text().strip():
            self.pseudonym.setFocus()
            raise ValidationError(
                _("Please enter a pseudonym or initials for the accompanied person."),
                field="mentee",
            )
        self.assignment_id = mentoring.answer_offer(
            self.store,
            offer_id=self.offer.id,
            accepted=True,
            mentee_pseudonym=self.pseudonym.text(),
            answered_on=answered,
        )


class NewAssignmentDialog(FormDialog):
    """Start a Begleitung of a mentee known by pseudonym or initials."""

    def __init__(
        self, store: Store, volunteer_id: str, volunteer_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.volunteer_id = volunteer_id
        self.assignment_id: str | None = None
        self.setWindowTitle(_("New assignment for {name}").format(name=volunteer_name))
        self.ui = Ui_NewAssignmentForm()
        self.ui.setupUi(self.body)
        ui = self.ui
        self.pseudonym, self.household, self.languages = ui.pseudonym, ui.household, ui.languages
        self.areas, self.started = ui.areas, ui.started
        for area in Area:
            item = QListWidgetItem(area.label, self.areas)
            item.setData(Qt.ItemDataRole.UserRole, area.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.started.setPlaceholderText(_("the first contact"))
        self.started.setToolTip(
            _("Leave empty and the assignment starts on the date of its first logged contact.")
        )
        self.set_button_texts(_("Start assignment"))
        self.setMinimumWidth(440)

    def checked_areas(self) -> list[str]:
        result = []
        for row in range(self.areas.count()):
            item = self.areas.item(row)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                result.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return result

    def submit(self) -> None:
        started = checked_date(self.started, "started_on") if self.started.text().strip() else None
        self.assignment_id = mentoring.add_assignment(
            self.store,
            volunteer_id=self.volunteer_id,
            mentee_pseudonym=self.pseudonym.text(),
            household_size=self.household.value() or None,
            languages=self.languages.text(),
            areas=self.checked_areas(),
            started_on=started,
        )


class EditLogEntryDialog(FormDialog):
    """Change a log line; its earlier values are listed below and kept on saving."""

    def __init__(self, store: Store, entry: LogRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.entry = entry
        self.changed = False
        self.setWindowTitle(_("Edit log line"))
        self.ui = Ui_EditLogEntryForm()
        self.ui.setupUi(self.body)
        ui = self.ui
        self.date, self.duration, self.kind, self.area = ui.date, ui.duration, ui.kind, ui.area
        self.km, self.note = ui.km, ui.note
        for kind in ContactKind:
            self.kind.addItem(kind.label, kind.value)
        fill_areas(self.area)
        self.date.set_date(entry.entry_date)
        self.duration.setText(format_duration(entry.minutes))
        self.kind.setCurrentIndex(max(0, self.kind.findData(entry.kind)))
        self.area.setCurrentIndex(max(0, self.area.findData(entry.area)))
        self.km.setText(format_number(entry.km, 1) if entry.km else "")
        self.note.setPlainText(entry.note)
        self.history_model = LogChangeTableModel(self)
        self.history_model.set_rows(mentoring.list_log_entry_changes(store, entry.id))
        self.history_table = read_only_table(self.history_model)
        self.history_table.setWordWrap(False)
        header = self.history_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.history_table.setMinimumHeight(90)
        ui.history_slot.addWidget(self.history_table)
        if not self.history_model.rowCount():
            ui.history_label.setText(_("This line has not been changed before."))
            self.history_table.hide()
        self.note.setMaximumHeight(self.note.fontMetrics().lineSpacing() * 6 + 12)
        self.set_button_texts(_("Save changes"))
        self.setMinimumWidth(640)

    def submit(self) -> None:
        day = checked_date(self.date, "date")
        minutes = parse_duration(self.duration.text())
        km = parse_km(self.km.text())

        def save(move: bool) -> None:
            self.changed = mentoring.update_log_entry(
                self.store,
                self.entry.id,
                entry_date=day,
                minutes=minutes,
                kind=str(self.kind.currentData()),
                area=str(self.area.currentData()),
                note=self.note.toPlainText(),
                km=km,
                move_start=move,
            )

        with_start_offer(self, save)


class EndAssignmentDialog(FormDialog):
    """End a Begleitung on a date."""

    def __init__(self, store: Store, assignment_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.assignment_id = assignment_id
        self.setWindowTitle(_("End assignment"))
        self.ui = Ui_EndAssignmentForm()
        self.ui.setupUi(self.body)
        self.ended = self.ui.ended
        self.ended.set_date(date.today())
        self.set_button_texts(_("End assignment"))

    def submit(self) -> None:
        mentoring.end_assignment(
            self.store, self.assignment_id, ended_on=checked_date(self.ended, "ended_on")
        )


class NewMeetingDialog(FormDialog):
    """Record a reflection or exchange meeting, or a supervision, and who took part."""

    SEARCH_LIMIT = 200

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.meeting_id: str | None = None
        self.chosen: dict[str, str] = {}
        self.setWindowTitle(_("New meeting"))
        self.ui = Ui_NewMeetingForm()
        self.ui.setupUi(self.body)
        ui = self.ui
        self.held, self.kind, self.topic = ui.held, ui.kind, ui.topic
        self.search, self.people, self.count = ui.search, ui.people, ui.count
        self.held.set_date(date.today())
        for kind in MeetingKind:
            self.kind.addItem(kind.label, kind.value)
        self.people.itemChanged.connect(self._ticked)
        self.search.settled.connect(lambda _text: self.run_search())
        self.set_button_texts(_("Save meeting"))
        self.run_search()
        self.resize(520, 560)

    def run_search(self) -> None:
        self.search.cancel()
        rows = volunteers.list_volunteers(
            self.store,
            search=self.search.text(),
            limit=self.SEARCH_LIMIT,
            with_qualification=False,
        )
        self.people.blockSignals(True)
        self.people.clear()
        for row in rows:
            if row.status == VolunteerStatus.LEFT.value and row.id not in self.chosen:
                continue
            status = VolunteerStatus(row.status).label if row.status else ""
            item = QListWidgetItem(f"{row.distinct_name} ({status})", self.people)
            if row.languages:
                item.setToolTip(row.languages)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if row.id in self.chosen else Qt.CheckState.Unchecked
            )
        self.people.blockSignals(False)
        self._update_count()

    def _ticked(self, item: QListWidgetItem) -> None:
        volunteer_id = str(item.data(Qt.ItemDataRole.UserRole))
        if item.checkState() == Qt.CheckState.Checked:
            self.chosen[volunteer_id] = item.text()
        else:
            self.chosen.pop(volunteer_id, None)
        self._update_count()

    def _update_count(self) -> None:
        count = len(self.chosen)
        self.count.setText(
            ngettext("{count} person taking part.", "{count} people taking part.", count).format(
                count=count
            )
        )

    def submit(self) -> None:
        held = checked_date(self.held, "held_on")
        self.meeting_id = mentoring.add_meeting(
            self.store,
            held_on=held,
            kind=str(self.kind.currentData()),
            topic=self.topic.text(),
            volunteer_ids=list(self.chosen),
        )
