"""The volunteer file (Akte): person, languages and interests, qualification, mentoring, consents,
history, in tabs.

Fields are checked as the user leaves them (German messages under the field, from
``domain.validation``) and all together on Speichern; nothing is written until every field is
fine. Closing with unsaved changes asks first. Consents are legal records: recording or
withdrawing one is saved at once, after a question.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lotsen_desktop.domain import rules, validation
from lotsen_desktop.domain.vocabulary import (
    Area,
    ConsentPurpose,
    LanguageLevel,
    ModuleKind,
    TitleForm,
    VolunteerStatus,
)
from lotsen_desktop.errors import LotsenError, ValidationError
from lotsen_desktop.gui.icons import app_icon, icon
from lotsen_desktop.gui.widgets import (
    DateField,
    FieldMessage,
    UnsavedAnswer,
    ask_unsaved,
    check_into,
)
from lotsen_desktop.i18n import _, format_date_short, format_number, ngettext
from lotsen_desktop.services import volunteers
from lotsen_desktop.store.database import Store

#: Tables the file writes; passed on to the other pages after a save.
VOLUNTEER_TABLES = frozenset(
    {"volunteer", "volunteer_language", "volunteer_interest", "status_change", "consent"}
)

GREEN = "#1b7f3b"
GREY = "#666666"


@dataclass
class _Field:
    """One checked input: the widget, its message line, its check and the tab it is on."""

    widget: QWidget
    message: FieldMessage
    check: Callable[[], object]
    tab: int


class LanguageRow(QWidget):
    """One language with its level and a button to remove it."""

    removed = Signal(object)
    changed = Signal()

    def __init__(self, known: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.language_edit = QLineEdit()
        self.language_edit.setPlaceholderText(_("Language, e.g. Arabisch"))
        self.language_edit.setToolTip(_("A language the person speaks"))
        completer = QCompleter(known, self.language_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.language_edit.setCompleter(completer)
        self.level_combo = QComboBox()
        self.level_combo.addItem(_("level not given"), "")
        for level in LanguageLevel:
            self.level_combo.addItem(level.label, level.value)
        self.level_combo.setToolTip(_("How well the person speaks it"))
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setToolTip(_("Remove this language"))
        self.remove_button.clicked.connect(lambda: self.removed.emit(self))
        layout.addWidget(self.language_edit, 3)
        layout.addWidget(self.level_combo, 2)
        layout.addWidget(self.remove_button)
        self.language_edit.textChanged.connect(self.changed)
        self.level_combo.currentIndexChanged.connect(self.changed)

    def set_value(self, language: str, level: str) -> None:
        self.language_edit.setText(language)
        self.level_combo.setCurrentIndex(max(0, self.level_combo.findData(level)))

    def value(self) -> tuple[str, str]:
        return self.language_edit.text().strip(), str(self.level_combo.currentData() or "")


class ModuleCard(QFrame):
    """One module of a person: course, period, a bar of attended against required units."""

    def __init__(self, module: Any, unit_minutes: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("module_card")
        layout = QGridLayout(self)
        attended = rules.minutes_to_units(module.attended_minutes, unit_minutes)
        required = rules.minutes_to_units(module.required_minutes, unit_minutes)
        planned = rules.minutes_to_units(module.planned_minutes, unit_minutes)
        title = QLabel(f"{module.module_title}  ·  {_kind_label(module.kind)}")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        title.setTextFormat(Qt.TextFormat.PlainText)
        period = " – ".join(
            format_date_short(day) for day in (module.first_date, module.last_date) if day
        )
        course = QLabel(
            _("Course: {course}").format(course=module.course_title)
            + (f"  ({period})" if period else "")
        )
        course.setTextFormat(Qt.TextFormat.PlainText)
        course.setStyleSheet(f"color: {GREY};")
        self.bar = QProgressBar()
        self.bar.setRange(0, max(1, module.required_minutes))
        self.bar.setValue(min(module.attended_minutes, max(1, module.required_minutes)))
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(14)
        colour = GREEN if module.completed else "#d08a00"
        self.bar.setStyleSheet(
            "QProgressBar { border: 1px solid #b8c0cc; border-radius: 3px; background: #f2f4f7; }"
            f"QProgressBar::chunk {{ background: {colour}; }}"
        )
        hours = QLabel(
            _("{attended} of {required} required units attended (planned: {planned})").format(
                attended=format_number(attended, 1),
                required=format_number(required, 1),
                planned=format_number(planned, 1),
            )
        )
        if module.completed:
            state_text = "✔ " + _("completed on {date}").format(
                date=format_date_short(module.completed_on)
            )
            state_colour = GREEN
        else:
            state_text = _("{units} units missing").format(
                units=format_number(max(0.0, required - attended), 1)
            )
            state_colour = "#a05a00"
        self.state_label = QLabel(state_text)
        self.state_label.setStyleSheet(f"color: {state_colour}; font-weight: bold;")
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(title, 0, 0)
        layout.addWidget(self.state_label, 0, 1)
        layout.addWidget(course, 1, 0, 1, 2)
        layout.addWidget(self.bar, 2, 0, 1, 2)
        layout.addWidget(hours, 3, 0, 1, 2)
        layout.setColumnStretch(0, 1)


class VolunteerFormDialog(QDialog):
    """Create or change one volunteer's file."""

    #: Emitted after a save or a consent change, with the table names written.
    saved = Signal(object)

    PERSON_TAB, LANGUAGES_TAB, QUALIFICATION_TAB, MENTORING_TAB, CONSENTS_TAB, HISTORY_TAB = range(
        6
    )

    def __init__(
        self, store: Store, volunteer_id: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.volunteer_id = volunteer_id
        self.detail: Any = None
        self._snapshot: dict[str, Any] = {}
        self._loading = False
        self._fields: dict[str, _Field] = {}
        self._known_languages = _known_languages(store)
        self.language_rows: list[LanguageRow] = []

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

        self.tabs = QTabWidget()
        self.tabs.addTab(self._person_tab(), _("&Person"))
        self.tabs.addTab(self._languages_tab(), _("&Languages && interests"))
        self.tabs.addTab(self._qualification_tab(), _("&Qualification"))
        self.tabs.addTab(self._mentoring_tab(), _("&Mentoring"))
        self.tabs.addTab(self._consents_tab(), _("C&onsents"))
        self.tabs.addTab(self._history_tab(), _("&History"))
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

        self.load()
        self.given_name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # ================================================================= building the tabs
    def _add_field(
        self,
        form: QFormLayout,
        label: str,
        name: str,
        widget: QWidget,
        check: Callable[[], object] | None,
        tab: int,
        tooltip: str = "",
    ) -> None:
        """A labelled row: the field with its message line right under it."""
        message = FieldMessage()
        if tooltip:
            widget.setToolTip(tooltip)
        cell = QWidget()
        cell_layout = QVBoxLayout(cell)
        cell_layout.setContentsMargins(0, 0, 0, 0)
        cell_layout.setSpacing(1)
        cell_layout.addWidget(widget)
        cell_layout.addWidget(message)
        label_widget = QLabel(label)
        label_widget.setBuddy(widget)
        form.addRow(label_widget, cell)
        if check is not None:
            self._fields[name] = _Field(widget, message, check, tab)
            if isinstance(widget, QLineEdit):
                widget.editingFinished.connect(lambda: self.check_field(name))
        else:
            self._fields[name] = _Field(widget, message, lambda: None, tab)

    @staticmethod
    def _group(title: str, column: QVBoxLayout) -> QFormLayout:
        group = QGroupBox(title)
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        column.addWidget(group)
        return form

    def _person_tab(self) -> QWidget:
        page = QWidget()
        columns = QHBoxLayout(page)
        left_column = QVBoxLayout()
        right_column = QVBoxLayout()
        columns.addLayout(left_column, 1)
        columns.addSpacing(8)
        columns.addLayout(right_column, 1)
        tab = self.PERSON_TAB

        self.given_name_edit = QLineEdit()
        self.family_name_edit = QLineEdit()
        self.title_combo = QComboBox()
        for form_value in (TitleForm.LOTSIN, TitleForm.LOTSE, TitleForm.NEUTRAL):
            self.title_combo.addItem(form_value.label, form_value.value)
        self.birth_date_edit = DateField()
        self.street_edit = QLineEdit()
        self.postal_code_edit = QLineEdit()
        self.postal_code_edit.setMaxLength(5)
        self.city_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.email_edit = QLineEdit()
        self.status_combo = QComboBox()
        for status in VolunteerStatus:
            self.status_combo.addItem(status.label, status.value)
        self.agreement_edit = DateField()
        self.police_on_edit = DateField()
        self.police_by_edit = QLineEdit()
        self.migration_combo = QComboBox()
        self.migration_combo.addItem(_("not recorded"), None)
        self.migration_combo.addItem(_("yes"), True)
        self.migration_combo.addItem(_("no"), False)
        self.origin_edit = QLineEdit()
        self.migration_note = QLabel()
        self.migration_note.setWordWrap(True)
        self.migration_note.setStyleSheet(f"color: {GREY};")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(70)

        left = self._group(_("Name"), left_column)
        self._add_field(
            left,
            _("Given &name *"),
            "given_name",
            self.given_name_edit,
            lambda: validation.require_name(self.given_name_edit.text(), _("Given name")),
            tab,
            _("Given name exactly as the person writes it, with all accents"),
        )
        self._add_field(
            left,
            _("Family name *"),
            "family_name",
            self.family_name_edit,
            lambda: validation.require_name(self.family_name_edit.text(), _("Family name")),
            tab,
            _("Family name exactly as the person writes it, with all accents"),
        )
        self._add_field(
            left,
            _("Title on documents"),
            "title_form",
            self.title_combo,
            None,
            tab,
            _("How certificates name the person"),
        )
        self._add_field(
            left,
            _("Date of birth"),
            "birth_date",
            self.birth_date_edit,
            lambda: validation.check_birth_date(self.birth_date_edit.date_value("birth_date")),
            tab,
            _("Date as DD.MM.YYYY, for example 24.11.1980; leave empty if unknown"),
        )
        left = self._group(_("Address and contact"), left_column)
        self._add_field(left, _("Street"), "street", self.street_edit, None, tab)
        self._add_field(
            left,
            _("Postal code"),
            "postal_code",
            self.postal_code_edit,
            lambda: validation.check_postal_code(self.postal_code_edit.text()),
            tab,
            _("Five digits, e.g. 30159"),
        )
        self._add_field(left, _("City"), "city", self.city_edit, None, tab)
        self._add_field(
            left,
            _("Phone"),
            "phone",
            self.phone_edit,
            lambda: validation.check_phone(self.phone_edit.text()),
            tab,
            _("Digits, spaces, +, / and - only, e.g. 0511 123456"),
        )
        self._add_field(
            left,
            _("E-mail"),
            "email",
            self.email_edit,
            lambda: validation.check_email(self.email_edit.text()),
            tab,
            _("E-mail address, e.g. name@example.org"),
        )

        right = self._group(_("Volunteering"), right_column)
        self._add_field(
            right,
            _("Status"),
            "status",
            self.status_combo,
            None,
            tab,
            _("Where the person stands; every change is kept in the history"),
        )
        self._add_field(
            right,
            _("Volunteer agreement signed on"),
            "agreement_signed_on",
            self.agreement_edit,
            lambda: self.agreement_edit.date_value("agreement_signed_on"),
            tab,
            _("Date the Ehrenamtsvereinbarung was signed (DD.MM.YYYY)"),
        )
        self._add_field(
            right,
            _("Police certificate seen on"),
            "police_certificate_seen_on",
            self.police_on_edit,
            lambda: self.police_on_edit.date_value("police_certificate_seen_on"),
            tab,
            _("Only the date it was seen is recorded; never keep a copy"),
        )
        self._add_field(
            right,
            _("Police certificate seen by"),
            "police_certificate_seen_by",
            self.police_by_edit,
            None,
            tab,
            _("Who looked at the erweitertes Führungszeugnis"),
        )
        right = self._group(_("Migration history (only with consent)"), right_column)
        self._add_field(
            right,
            _("Own migration history"),
            "migration_experience",
            self.migration_combo,
            None,
            tab,
            _("Special category of data: only with the person's consent"),
        )
        self._add_field(
            right, _("Country of origin"), "origin_country", self.origin_edit, None, tab
        )
        right.addRow(self.migration_note)
        right = self._group(_("Notes"), right_column)
        self.notes_edit.setToolTip(_("Only what the office needs; no health data"))
        right.addRow(self.notes_edit)
        self._fields["notes"] = _Field(self.notes_edit, FieldMessage(), lambda: None, tab)
        left_column.addStretch(1)
        right_column.addStretch(1)

        for edit in (
            self.given_name_edit,
            self.family_name_edit,
            self.birth_date_edit,
            self.street_edit,
            self.postal_code_edit,
            self.city_edit,
            self.phone_edit,
            self.email_edit,
            self.agreement_edit,
            self.police_on_edit,
            self.police_by_edit,
            self.origin_edit,
        ):
            edit.textChanged.connect(self._changed)
        for combo in (self.title_combo, self.status_combo, self.migration_combo):
            combo.currentIndexChanged.connect(self._changed)
        self.notes_edit.textChanged.connect(self._changed)
        self.given_name_edit.textChanged.connect(self._update_heading)
        self.family_name_edit.textChanged.connect(self._update_heading)
        return page

    def _languages_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        languages = QGroupBox(_("Languages"))
        self.languages_layout = QVBoxLayout(languages)
        self.languages_layout.setSpacing(4)
        self.language_rows_box = QVBoxLayout()
        self.languages_layout.addLayout(self.language_rows_box)
        self.add_language_button = QPushButton(icon("add"), _("Add &language"))
        self.add_language_button.setToolTip(_("Add another language the person speaks"))
        self.add_language_button.clicked.connect(self._add_language_clicked)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_language_button)
        add_row.addStretch(1)
        self.languages_layout.addLayout(add_row)
        self.languages_message = FieldMessage()
        self.languages_layout.addWidget(self.languages_message)
        self._fields["languages"] = _Field(
            self.add_language_button, self.languages_message, lambda: None, self.LANGUAGES_TAB
        )
        layout.addWidget(languages)

        interests = QGroupBox(_("Areas of interest (Einsatzbereiche)"))
        grid = QGridLayout(interests)
        self.interest_boxes: dict[str, QCheckBox] = {}
        for number, area in enumerate(Area):
            box = QCheckBox(area.label)
            box.setToolTip(_("The person would like to help in this area"))
            box.toggled.connect(self._changed)
            self.interest_boxes[area.value] = box
            grid.addWidget(box, number // 2, number % 2)
        layout.addWidget(interests)

        availability = QGroupBox(_("Availability"))
        availability_layout = QVBoxLayout(availability)
        self.availability_edit = QPlainTextEdit()
        self.availability_edit.setTabChangesFocus(True)
        self.availability_edit.setPlaceholderText(_("e.g. weekdays after 16:00, not in August"))
        self.availability_edit.setToolTip(_("When the person can help; used for suggestions"))
        self.availability_edit.setFixedHeight(60)
        self.availability_edit.textChanged.connect(self._changed)
        availability_layout.addWidget(self.availability_edit)
        layout.addWidget(availability)
        layout.addStretch(1)
        return page

    def _qualification_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.certificate_label = QLabel()
        self.certificate_label.setObjectName("certificate_state")
        font = self.certificate_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.certificate_label.setFont(font)
        self.certificate_label.setWordWrap(True)
        layout.addWidget(self.certificate_label)
        self.qualification_note = QLabel()
        self.qualification_note.setWordWrap(True)
        self.qualification_note.setStyleSheet(f"color: {GREY};")
        layout.addWidget(self.qualification_note)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        holder = QWidget()
        self.modules_layout = QVBoxLayout(holder)
        self.modules_layout.setContentsMargins(0, 0, 0, 0)
        self.modules_layout.addStretch(1)
        scroll.setWidget(holder)
        layout.addWidget(scroll, 1)
        self.module_cards: list[ModuleCard] = []
        self.missing_labels: list[QLabel] = []
        return page

    def _mentoring_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.mentoring_label = QLabel()
        self.mentoring_label.setWordWrap(True)
        layout.addWidget(self.mentoring_label)
        self.assignments_table = _read_only_table(
            [
                _("Person (pseudonym)"),
                _("Since"),
                _("Until"),
                _("Areas"),
                _("Languages"),
                _("Hours (clock)"),
                _("Log entries"),
            ]
        )
        self.assignments_table.setObjectName("assignments_table")
        self.assignments_table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch
        )
        layout.addWidget(self.assignments_table, 1)
        hint = QLabel(_("New assignments and log entries are made on the page Begleitung."))
        hint.setStyleSheet(f"color: {GREY};")
        layout.addWidget(hint)
        return page

    def _consents_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.consents_table = _read_only_table(
            [_("Purpose"), _("Text version"), _("Given on"), _("Withdrawn on")]
        )
        self.consents_table.setObjectName("consents_table")
        self.consents_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        self.consents_table.itemSelectionChanged.connect(self._update_consent_buttons)
        layout.addWidget(self.consents_table, 1)

        record = QGroupBox(_("Record a consent"))
        form = QFormLayout(record)
        self.consent_purpose_combo = QComboBox()
        for purpose in ConsentPurpose:
            self.consent_purpose_combo.addItem(purpose.label, purpose.value)
        self.consent_purpose_combo.setToolTip(_("What the person agreed to"))
        self.consent_version_edit = QLineEdit()
        self.consent_version_edit.setPlaceholderText(_("e.g. 2026-01"))
        self.consent_version_edit.setToolTip(_("Version of the consent form the person signed"))
        self.consent_date_edit = DateField()
        self.consent_date_edit.set_date(date.today())
        self.consent_message = FieldMessage()
        self.record_consent_button = QPushButton(_("&Record consent"))
        self.record_consent_button.setToolTip(_("Saved at once"))
        self.record_consent_button.clicked.connect(self.record_consent)
        form.addRow(_("Purpose"), self.consent_purpose_combo)
        form.addRow(_("Form version"), self.consent_version_edit)
        form.addRow(_("Given on"), self.consent_date_edit)
        form.addRow("", self.consent_message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_consent_button)
        self.withdraw_button = QPushButton(_("&Withdraw selected consent…"))
        self.withdraw_button.setToolTip(
            _("Records the withdrawal today and deletes what was kept on its basis")
        )
        self.withdraw_button.clicked.connect(self.withdraw_consent)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        layout.addWidget(record)
        self.consents_note = QLabel()
        self.consents_note.setStyleSheet(f"color: {GREY};")
        layout.addWidget(self.consents_note)
        return page

    def _history_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.history_table = _read_only_table([_("Date"), _("Status"), _("Note")])
        self.history_table.setObjectName("history_table")
        self.history_table.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch
        )
        layout.addWidget(self.history_table, 1)
        self.record_label = QLabel()
        self.record_label.setStyleSheet(f"color: {GREY};")
        self.record_label.setWordWrap(True)
        layout.addWidget(self.record_label)
        return page

    # ================================================================= loading
    def load(self) -> None:
        """Fill the form from the stored file (or empty for a new one)."""
        self._loading = True
        try:
            if self.volunteer_id is not None:
                self.detail = volunteers.get_volunteer(self.store, self.volunteer_id)
            self._fill_person()
            self._fill_languages()
            self._fill_qualification()
            self._fill_mentoring()
            self._fill_consents()
            self._fill_history()
            for field in self._fields.values():
                field.message.clear_message()
                field.widget.setStyleSheet("")
        finally:
            self._loading = False
        self._snapshot = self.values()
        self._update_heading()
        self._changed()

    def _fill_person(self) -> None:
        d = self.detail
        self.given_name_edit.setText(d.given_name if d else "")
        self.family_name_edit.setText(d.family_name if d else "")
        _select(self.title_combo, d.title_form if d else TitleForm.NEUTRAL.value)
        self.birth_date_edit.set_date(d.birth_date if d else None)
        self.street_edit.setText(d.street if d else "")
        self.postal_code_edit.setText(d.postal_code if d else "")
        self.city_edit.setText(d.city if d else "")
        self.phone_edit.setText(d.phone if d else "")
        self.email_edit.setText(d.email if d else "")
        _select(self.status_combo, d.status if d else VolunteerStatus.INTERESTED.value)
        self.agreement_edit.set_date(d.agreement_signed_on if d else None)
        self.police_on_edit.set_date(d.police_certificate_seen_on if d else None)
        self.police_by_edit.setText(d.police_certificate_seen_by if d else "")
        experience = d.migration_experience if d else None
        self.migration_combo.setCurrentIndex({None: 0, True: 1, False: 2}[experience])
        self.origin_edit.setText(d.origin_country if d else "")
        self.notes_edit.setPlainText(d.notes if d else "")
        self._show_migration_state(self._migration_consent())

    def _migration_consent(self) -> bool:
        d = self.detail
        return d is not None and any(
            c.purpose == ConsentPurpose.MIGRATION_HISTORY.value and c.withdrawn_on is None
            for c in d.consents
        )

    def _fill_languages(self) -> None:
        for row in list(self.language_rows):
            self._remove_language(row, mark=False)
        skills = self.detail.languages if self.detail else ()
        for skill in skills:
            self.add_language(skill.language, skill.level)
        if not skills:
            self.add_language()
        interests = set(self.detail.interests) if self.detail else set()
        for code, box in self.interest_boxes.items():
            box.setChecked(code in interests)
        self.availability_edit.setPlainText(self.detail.availability if self.detail else "")

    def _fill_qualification(self) -> None:
        for old in [*self.module_cards, *self.missing_labels]:
            self.modules_layout.removeWidget(old)
            old.deleteLater()
        self.module_cards = []
        self.missing_labels = []
        if self.volunteer_id is None:
            self.certificate_label.setText(_("Certificate not possible yet"))
            self.certificate_label.setStyleSheet(f"color: {GREY};")
            self.qualification_note.setText(
                _("Save the file first; then courses and attendance show up here.")
            )
            return
        from lotsen_desktop.services import progress as progress_service

        progress = progress_service.volunteer_progress(self.store, self.volunteer_id)
        if progress.qualified:
            self.certificate_label.setText(
                "✔ "
                + _("Certificate possible – qualified since {date}").format(
                    date=format_date_short(progress.qualified_on)
                )
            )
            self.certificate_label.setStyleSheet(f"color: {GREEN};")
        else:
            self.certificate_label.setText(_("Certificate not possible yet"))
            self.certificate_label.setStyleSheet(f"color: {GREY};")
        self.qualification_note.setText(self._qualification_explanation(progress))
        for module in progress.modules:
            card = ModuleCard(module, progress.unit_minutes)
            self.module_cards.append(card)
            self.modules_layout.insertWidget(self.modules_layout.count() - 1, card)
        for text in self._missing_modules(progress):
            label = QLabel(text)
            label.setObjectName("missing_module")
            label.setWordWrap(True)
            label.setFrameShape(QFrame.Shape.StyledPanel)
            label.setMargin(8)
            self.missing_labels.append(label)
            self.modules_layout.insertWidget(self.modules_layout.count() - 1, label)

    def _missing_modules(self, progress: Any) -> list[str]:
        """Lines for required modules without any course, so the tab never says „not
        completed“ over an empty list."""
        from lotsen_desktop.services import setup

        lines = []
        kinds = [m.kind for m in progress.modules]
        if ModuleKind.BASIS.value not in kinds:
            lines.append(_("Basismodul: no course taken yet"))
        required = setup.get_office(self.store).specialisations_required
        missing = required - kinds.count(ModuleKind.SPEZIALISIERUNG.value)
        if missing > 0:
            lines.append(
                ngettext(
                    "Spezialisierungsmodul: no course taken yet ({count} more required)",
                    "Spezialisierungsmodule: no course taken yet ({count} more required)",
                    missing,
                ).format(count=missing)
            )
        return lines

    def _qualification_explanation(self, progress: Any) -> str:
        basis_done = any(m.completed and m.kind == ModuleKind.BASIS.value for m in progress.modules)
        if not progress.modules:
            return _("Not enrolled in any course yet.")
        if progress.qualified:
            return _("The Basismodul and all required modules are completed.")
        if not basis_done:
            return _("The Basismodul is not completed yet.")
        return _("The Basismodul is completed; required Spezialisierungsmodule are missing.")

    def _fill_mentoring(self) -> None:
        table = self.assignments_table
        table.setRowCount(0)
        if self.volunteer_id is None:
            self.mentoring_label.setText(_("No assignments yet."))
            return
        rows = _assignments(self.store, self.volunteer_id)
        if rows is None:
            self.mentoring_label.setText(_("Mentoring comes in a later version."))
            return
        open_count = sum(1 for row in rows if row.ended_on is None)
        self.mentoring_label.setText(
            ngettext(
                "{total} assignment, {open} of them running.",
                "{total} assignments, {open} of them running.",
                len(rows),
            ).format(total=len(rows), open=open_count)
            if rows
            else _("No assignments yet.")
        )
        table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            cells = [
                row.mentee_pseudonym,
                format_date_short(row.started_on),
                format_date_short(row.ended_on) if row.ended_on else _("running"),
                _area_labels(row.areas),
                row.languages,
                format_number(row.total_minutes / 60, 1),
                str(row.entries),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (5, 6):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(number, column, item)
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def _fill_consents(self) -> None:
        table = self.consents_table
        consents = self.detail.consents if self.detail else ()
        table.setRowCount(len(consents))
        for number, consent in enumerate(consents):
            cells = [
                _purpose_label(consent.purpose),
                consent.text_version,
                format_date_short(consent.given_on),
                format_date_short(consent.withdrawn_on) if consent.withdrawn_on else "",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, consent.id)
                if consent.withdrawn_on:
                    item.setForeground(Qt.GlobalColor.gray)
                table.setItem(number, column, item)
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        saved = self.volunteer_id is not None
        for widget in (
            self.consent_purpose_combo,
            self.consent_version_edit,
            self.consent_date_edit,
            self.record_consent_button,
        ):
            widget.setEnabled(saved)
        self.consents_note.setText(
            "" if saved else _("Consents can be recorded once the file has been saved.")
        )
        self._update_consent_buttons()

    def _fill_history(self) -> None:
        table = self.history_table
        entries = self.detail.status_history if self.detail else ()
        table.setRowCount(len(entries))
        for number, entry in enumerate(reversed(entries)):
            for column, text in enumerate(
                [format_date_short(entry.changed_on), _status_label(entry.status), entry.note]
            ):
                table.setItem(number, column, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        d = self.detail
        if d is None:
            self.record_label.setText(_("New file, not saved yet."))
        else:
            self.record_label.setText(
                _("File created on {created}; last changed on {changed} by {user}.").format(
                    created=format_date_short(d.created_at),
                    changed=format_date_short(d.updated_at),
                    user=d.changed_by or "–",
                )
            )

    # ================================================================= languages
    def add_language(self, language: str = "", level: str = "") -> LanguageRow:
        row = LanguageRow(self._known_languages)
        row.set_value(language, level)
        row.removed.connect(self._remove_language)
        row.changed.connect(self._changed)
        self.language_rows.append(row)
        self.language_rows_box.addWidget(row)
        self._changed()
        return row

    def _add_language_clicked(self) -> None:
        self.add_language().language_edit.setFocus()

    def _remove_language(self, row: object, mark: bool = True) -> None:
        if isinstance(row, LanguageRow) and row in self.language_rows:
            self.language_rows.remove(row)
            self.language_rows_box.removeWidget(row)
            row.hide()
            row.deleteLater()
            if mark:
                self._changed()

    # ================================================================= state
    def values(self) -> dict[str, Any]:
        """What the form holds, as text (dates unparsed), for the dirty check and saving."""
        return {
            "given_name": self.given_name_edit.text().strip(),
            "family_name": self.family_name_edit.text().strip(),
            "title_form": self.title_combo.currentData(),
            "birth_date": self.birth_date_edit.text().strip(),
            "street": self.street_edit.text().strip(),
            "postal_code": self.postal_code_edit.text().strip(),
            "city": self.city_edit.text().strip(),
            "phone": self.phone_edit.text().strip(),
            "email": self.email_edit.text().strip(),
            "status": self.status_combo.currentData(),
            "agreement_signed_on": self.agreement_edit.text().strip(),
            "police_certificate_seen_on": self.police_on_edit.text().strip(),
            "police_certificate_seen_by": self.police_by_edit.text().strip(),
            "migration_experience": (None, True, False)[
                max(0, self.migration_combo.currentIndex())
            ],
            "origin_country": self.origin_edit.text().strip(),
            "notes": self.notes_edit.toPlainText().strip(),
            "languages": tuple(row.value() for row in self.language_rows if row.value()[0]),
            "interests": tuple(
                sorted(code for code, box in self.interest_boxes.items() if box.isChecked())
            ),
            "availability": self.availability_edit.toPlainText().strip(),
        }

    def is_dirty(self) -> bool:
        return self.values() != self._snapshot

    def _changed(self, *_args: object) -> None:
        if self._loading:
            return
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty or self.volunteer_id is None)
        if self.volunteer_id is None:
            self.summary_label.setText(_("New file"))
        else:
            self.summary_label.setText(_("Unsaved changes") if dirty else _("Saved"))

    def _update_heading(self) -> None:
        name = " ".join(
            part
            for part in (self.given_name_edit.text().strip(), self.family_name_edit.text().strip())
            if part
        )
        if self.volunteer_id is None:
            title = _("New volunteer")
            self.heading.setText(f"{title}: {name}" if name else title)
        else:
            title = name or _("Volunteer file")
            self.heading.setText(title)
        self.setWindowTitle(
            _("Volunteer file – {name}").format(name=name) if name else _("New volunteer")
        )

    def check_field(self, name: str) -> bool:
        """Check one field and show the result under it."""
        field = self._fields[name]
        return check_into(field.widget, field.message, field.check)

    def check_all(self) -> bool:
        """Check every field; go to the first wrong one."""
        first: _Field | None = None
        for name, field in self._fields.items():
            if not self.check_field(name) and first is None:
                first = field
        if first is not None:
            self.tabs.setCurrentIndex(first.tab)
            first.widget.setFocus()
            return False
        return True

    def _show_service_error(self, error: ValidationError) -> None:
        field = self._fields.get(error.field or "")
        if field is None:
            QMessageBox.warning(self, _("Volunteer file"), str(error))
            return
        field.message.show_message(str(error))
        self.tabs.setCurrentIndex(field.tab)
        field.widget.setFocus()

    # ================================================================= saving
    def save(self) -> bool:
        """Write the file; ``True`` when saved (or nothing to save)."""
        if self.volunteer_id is not None and not self.is_dirty():
            return True
        if not self.check_all():
            return False
        values = self.values()
        try:
            fields = {
                "given_name": values["given_name"],
                "family_name": values["family_name"],
                "title_form": values["title_form"],
                "birth_date": validation.parse_date(values["birth_date"], "birth_date"),
                "street": values["street"],
                "postal_code": values["postal_code"],
                "city": values["city"],
                "phone": values["phone"],
                "email": values["email"],
                "status": values["status"],
                "languages": list(values["languages"]),
                "interests": list(values["interests"]),
                "availability": values["availability"],
                "notes": values["notes"],
            }
            extra = {
                "agreement_signed_on": validation.parse_date(
                    values["agreement_signed_on"], "agreement_signed_on"
                ),
                "police_certificate_seen_on": validation.parse_date(
                    values["police_certificate_seen_on"], "police_certificate_seen_on"
                ),
                "police_certificate_seen_by": values["police_certificate_seen_by"],
            }
            if self._migration_consent():
                extra["migration_experience"] = values["migration_experience"]
                extra["origin_country"] = values["origin_country"]
            if self.volunteer_id is None:
                if not self._confirm_not_duplicate(fields):
                    return False
                new_id = volunteers.add_volunteer(self.store, **fields)
                self.volunteer_id = new_id
                if any(value for value in extra.values()):
                    volunteers.update_volunteer(self.store, new_id, **extra)
            else:
                volunteers.update_volunteer(self.store, self.volunteer_id, **fields, **extra)
        except ValidationError as error:
            self._show_service_error(error)
            return False
        except LotsenError as error:
            QMessageBox.warning(self, _("Volunteer file"), str(error))
            return False
        self.load()
        self.saved.emit(set(VOLUNTEER_TABLES))
        return True

    def _confirm_not_duplicate(self, fields: dict[str, Any]) -> bool:
        finder = getattr(volunteers, "find_possible_duplicates", None)
        if finder is None:
            return True
        same = finder(
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
        name = " ".join(
            part for part in (self.values()["given_name"], self.values()["family_name"]) if part
        )
        what = _("The file of {name}").format(name=name) if name else _("The new volunteer file")
        answer = ask_unsaved(self, what)
        if answer is UnsavedAnswer.SAVE:
            return self.save()
        return answer is UnsavedAnswer.DISCARD

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.can_close():
            event.accept()
            self._snapshot = self.values()
            super().closeEvent(event)
        else:
            event.ignore()

    # ================================================================= consents
    def _update_consent_buttons(self) -> None:
        consent = self._selected_consent()
        self.withdraw_button.setEnabled(consent is not None and consent.withdrawn_on is None)

    def _selected_consent(self) -> Any:
        if self.detail is None:
            return None
        rows = {index.row() for index in self.consents_table.selectedIndexes()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.detail.consents[row] if row < len(self.detail.consents) else None

    def record_consent(self) -> bool:
        if self.volunteer_id is None:
            return False
        try:
            given_on = self.consent_date_edit.date_value("given_on")
        except ValidationError as error:
            self.consent_message.show_message(str(error))
            return False
        if given_on is None:
            self.consent_message.show_message(_("Please enter the date of the consent."))
            return False
        if given_on > date.today():
            self.consent_message.show_message(_("The date of the consent lies in the future."))
            return False
        self.consent_message.clear_message()
        try:
            volunteers.record_consent(
                self.store,
                self.volunteer_id,
                purpose=str(self.consent_purpose_combo.currentData()),
                text_version=self.consent_version_edit.text(),
                given_on=given_on,
            )
        except LotsenError as error:
            self.consent_message.show_message(str(error))
            return False
        self._reload_keeping_edits()
        self.saved.emit({"consent"})
        return True

    def withdraw_consent(self) -> bool:
        consent = self._selected_consent()
        if consent is None or consent.withdrawn_on is not None:
            return False
        text = _('Withdraw the consent "{purpose}" as of today?').format(
            purpose=_purpose_label(consent.purpose)
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
        self._reload_keeping_edits()
        self.saved.emit({"consent", "volunteer"})
        return True

    def _reload_keeping_edits(self) -> None:
        """Reload consents and what depends on them; other unsaved edits stay in the form."""
        assert self.volunteer_id is not None
        self.detail = volunteers.get_volunteer(self.store, self.volunteer_id)
        self._loading = True
        try:
            self._fill_consents()
            allowed = self._migration_consent()
            if not allowed:
                self.migration_combo.setCurrentIndex(0)
                self.origin_edit.setText("")
            self._show_migration_state(allowed)
        finally:
            self._loading = False
        self._snapshot = {
            **self._snapshot,
            "migration_experience": self.detail.migration_experience,
            "origin_country": self.detail.origin_country,
        }
        self._changed()

    def _show_migration_state(self, allowed: bool) -> None:
        self.migration_combo.setEnabled(allowed)
        self.origin_edit.setEnabled(allowed)
        self.migration_note.setText(
            ""
            if allowed
            else _(
                "Migration history can only be recorded after the person's consent "
                "(tab Einwilligungen)."
            )
        )


# ===================================================================== helpers
def _read_only_table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    return table


def _select(combo: QComboBox, value: Any) -> None:
    combo.setCurrentIndex(max(0, combo.findData(value)))


def _status_label(code: str) -> str:
    try:
        return VolunteerStatus(code).label
    except ValueError:
        return code


def _kind_label(code: str) -> str:
    try:
        return ModuleKind(code).label
    except ValueError:
        return code


def _purpose_label(code: str) -> str:
    try:
        return ConsentPurpose(code).label
    except ValueError:
        return code


def _area_labels(text: str) -> str:
    labels = []
    for code in (part.strip() for part in text.replace(";", ",").split(",")):
        if not code:
            continue
        try:
            labels.append(Area(code).label)
        except ValueError:
            labels.append(code)
    return ", ".join(labels)


def _known_languages(store: Store) -> list[str]:
    finder = getattr(volunteers, "known_languages", None)
    return list(finder(store)) if finder is not None else []


def _assignments(store: Store, volunteer_id: str) -> list[Any] | None:
    try:
        from lotsen_desktop.services import mentoring
    except ImportError:
        return None
    return list(mentoring.list_assignments(store, volunteer_id=volunteer_id))
