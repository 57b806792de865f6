"""Dialogs of the mentoring page: new Einsatzanfrage, accepting an offer, new assignment.

Mentees are never named in full: the fields ask for a pseudonym or initials, and the service's
refusal of anything longer is shown inline.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from lotsen_desktop.domain.vocabulary import Area, MeetingKind, VolunteerStatus
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.gui.views.feedback import FormDialog, parse_date_input
from lotsen_desktop.i18n import _, ngettext
from lotsen_desktop.services import mentoring, volunteers
from lotsen_desktop.services.mentoring import OfferRow, RequestRow
from lotsen_desktop.store.database import Store


def area_combo(parent: QWidget, current: str = "") -> QComboBox:
    combo = QComboBox(parent)
    for area in Area:
        combo.addItem(area.label, area.value)
    if current:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


def date_field(parent: QWidget, value: date | None = None) -> QLineEdit:
    field = QLineEdit((value or date.today()).strftime("%d.%m.%Y"), parent)
    field.setPlaceholderText(_("DD.MM.YYYY"))
    field.setMaxLength(10)
    field.setToolTip(_("Date as DD.MM.YYYY; 24.11. means this year"))
    return field


def checked_date(field: QLineEdit, name: str = "date", future_ok: bool = False) -> date:
    """The date typed in; refuses a wrong one or (unless allowed) one in the future."""
    value = parse_date_input(field.text(), name)
    if not future_ok and value > date.today():
        field.setFocus()
        raise ValidationError(
            _("The date {date} lies in the future.").format(date=value.strftime("%d.%m.%Y")),
            field=name,
        )
    return value


class NewRequestDialog(FormDialog):
    """An Einsatzanfrage from a school, shelter, social service or association."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.request_id: str | None = None
        self.setWindowTitle(_("New request"))
        self.institution = QLineEdit(self)
        self.institution.setToolTip(_("Who asks for support, e.g. Grundschule Am Lindenhof"))
        self.contact = QLineEdit(self)
        self.contact.setToolTip(_("Contact person at the institution (phone or e-mail)"))
        self.area = area_combo(self)
        self.area.setToolTip(_("What the support is about"))
        self.languages = QLineEdit(self)
        self.languages.setPlaceholderText(_("e.g. Arabisch, Kurdisch"))
        self.languages.setToolTip(_("Languages needed, separated by commas"))
        self.timing = QLineEdit(self)
        self.timing.setPlaceholderText(_("e.g. Tuesday mornings from March"))
        self.timing.setToolTip(_("When the support is needed"))
        self.description = QPlainTextEdit(self)
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(80)
        self.description.setToolTip(
            _("What is needed, without the full name of the person concerned")
        )
        self.received = date_field(self)
        self.form.addRow(_("&Institution:"), self.institution)
        self.form.addRow(_("&Contact:"), self.contact)
        self.form.addRow(_("&Area:"), self.area)
        self.form.addRow(_("&Languages:"), self.languages)
        self.form.addRow(_("&When:"), self.timing)
        self.form.addRow(_("&Description:"), self.description)
        self.form.addRow(_("&Received on:"), self.received)
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
        intro = QLabel(
            _(
                "{name} takes on the request of {institution}. Who is accompanied? "
                "Use a pseudonym or initials only, never the full name."
            ).format(name=offer.volunteer_name, institution=request.institution),
            self,
        )
        intro.setWordWrap(True)
        self.pseudonym = QLineEdit(self)
        self.pseudonym.setMaxLength(40)
        self.pseudonym.setPlaceholderText(_("e.g. Familie K. or A. B."))
        self.pseudonym.setToolTip(_("Pseudonym or initials of the accompanied person or group"))
        self.answered = date_field(self)
        self.form.addRow(intro)
        self.form.addRow(_("&Pseudonym:"), self.pseudonym)
        self.form.addRow(_("&Accepted on:"), self.answered)
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
        self.pseudonym = QLineEdit(self)
        self.pseudonym.setMaxLength(40)
        self.pseudonym.setPlaceholderText(_("e.g. Familie K. or A. B."))
        self.pseudonym.setToolTip(
            _("Pseudonym or initials of the accompanied person, never the full name")
        )
        self.household = QSpinBox(self)
        self.household.setRange(0, 30)
        self.household.setSpecialValueText(_("not given"))
        self.household.setToolTip(_("How many people live in the household (optional)"))
        self.languages = QLineEdit(self)
        self.languages.setToolTip(_("Languages used in the assignment"))
        self.areas = QListWidget(self)
        self.areas.setToolTip(_("Tick the areas of the assignment (Space ticks)"))
        for area in Area:
            item = QListWidgetItem(area.label, self.areas)
            item.setData(Qt.ItemDataRole.UserRole, area.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.areas.setFixedHeight(150)
        self.started = date_field(self)
        self.form.addRow(_("&Pseudonym:"), self.pseudonym)
        self.form.addRow(_("&Household size:"), self.household)
        self.form.addRow(_("&Languages:"), self.languages)
        self.form.addRow(_("A&reas:"), self.areas)
        self.form.addRow(_("&Started on:"), self.started)
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
        started = checked_date(self.started, "started_on")
        self.assignment_id = mentoring.add_assignment(
            self.store,
            volunteer_id=self.volunteer_id,
            mentee_pseudonym=self.pseudonym.text(),
            household_size=self.household.value() or None,
            languages=self.languages.text(),
            areas=self.checked_areas(),
            started_on=started,
        )


class EndAssignmentDialog(FormDialog):
    """End a Begleitung on a date."""

    def __init__(self, store: Store, assignment_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.assignment_id = assignment_id
        self.setWindowTitle(_("End assignment"))
        self.ended = date_field(self)
        self.form.addRow(_("&Ended on:"), self.ended)
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
        self.held = date_field(self)
        self.kind = QComboBox(self)
        for kind in MeetingKind:
            self.kind.addItem(kind.label, kind.value)
        self.kind.setToolTip(_("Reflection meeting, exchange meeting or supervision"))
        self.topic = QLineEdit(self)
        self.topic.setToolTip(_("What the meeting was about"))
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search by name…"))
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(_("Type part of a name; accents do not matter (sahin finds Şahin)"))
        self.people = QListWidget(self)
        self.people.setToolTip(_("Tick who took part (Space ticks); ticks stay while you search"))
        self.people.itemChanged.connect(self._ticked)
        self.count = QLabel(self)
        self.form.addRow(_("&Held on:"), self.held)
        self.form.addRow(_("&Kind:"), self.kind)
        self.form.addRow(_("&Topic:"), self.topic)
        self.form.addRow(_("&Search:"), self.search)
        self.form.addRow(_("&Participants:"), self.people)
        self.form.addRow("", self.count)
        self.set_button_texts(_("Save meeting"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.run_search()
        self.resize(520, 560)

    def run_search(self) -> None:
        self._timer.stop()
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
            item = QListWidgetItem(f"{row.family_name}, {row.given_name} ({status})", self.people)
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
