"""Begleitung: Einsatzanfragen with suggested volunteers, assignments, the log and its totals.

Two tabs. "Requests": a request, who fits it and why, to whom it was offered and the answers (a
yes starts an assignment). "Assignments and log": pick a volunteer, their assignments, a quick
entry line for the log (Enter saves and stays for the next line; kind, area and duration are
remembered on this computer) and hours per month and area.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lotsen_desktop.domain.vocabulary import Area, ContactKind, OfferResponse, RequestStatus
from lotsen_desktop.errors import LotsenError
from lotsen_desktop.gui.dialogs.mentoring_dialogs import (
    AcceptOfferDialog,
    EndAssignmentDialog,
    NewAssignmentDialog,
    NewMeetingDialog,
    NewRequestDialog,
    area_combo,
    checked_date,
    date_field,
)
from lotsen_desktop.gui.models.course_models import VolunteerPickModel
from lotsen_desktop.gui.models.mentoring_models import (
    AssignmentTableModel,
    LogTableModel,
    MeetingTableModel,
    MonthAreaTotalsModel,
    OfferTableModel,
    RequestTableModel,
    SuggestionTableModel,
    label,
)
from lotsen_desktop.gui.pages import base
from lotsen_desktop.gui.pages.base import Page
from lotsen_desktop.gui.views import feedback
from lotsen_desktop.gui.views.feedback import (
    InlineMessage,
    format_duration,
    format_hours,
    parse_duration,
    parse_km,
)
from lotsen_desktop.gui.widgets import SIZE_SAMPLE_ROWS
from lotsen_desktop.i18n import _
from lotsen_desktop.services import mentoring, volunteers
from lotsen_desktop.services.mentoring import AssignmentRow, OfferRow, RequestRow
from lotsen_desktop.services.volunteers import VolunteerRow
from lotsen_desktop.store.database import Store

MENTORING_TABLES = {
    "help_request",
    "request_offer",
    "assignment",
    "log_entry",
    "volunteer",
    "volunteer_language",
    "volunteer_interest",
    "reflection_meeting",
    "reflection_attendee",
}
STILL_OPEN = (
    RequestStatus.OPEN.value,
    RequestStatus.OFFERED.value,
    RequestStatus.DECLINED.value,
)
LAST_KIND = "mentoring.quick_entry.kind"
LAST_AREA = "mentoring.quick_entry.area"
LAST_MINUTES = "mentoring.quick_entry.minutes"
DEFAULT_MINUTES = 60
VOLUNTEER_LIMIT = 200


def _table(parent: QWidget, model: object, *, sortable: bool = False) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)  # type: ignore[arg-type]
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(max(22, table.fontMetrics().height() + 6))
    table.horizontalHeader().setHighlightSections(False)
    table.horizontalHeader().setResizeContentsPrecision(SIZE_SAMPLE_ROWS)
    if sortable:
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    return table


def _select_row(table: QTableView, row: int) -> None:
    model = table.model()
    if model is None or not 0 <= row < model.rowCount():
        return
    table.selectionModel().setCurrentIndex(
        model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def _bold(widget: QLabel) -> None:
    font = QFont(widget.font())
    font.setBold(True)
    widget.setFont(font)


class LogQuickEntry(QGroupBox):
    """One line to record a contact: date, duration, kind, area, km, note. Enter saves."""

    def __init__(self, page: MentoringPage) -> None:
        super().__init__(page)
        self.page = page
        store = page.store
        self.date = date_field(self)
        metrics = self.date.fontMetrics()
        self.date.setFixedWidth(metrics.horizontalAdvance("00.00.00000") + 16)
        self.duration = QLineEdit(self)
        self.duration.setFixedWidth(metrics.horizontalAdvance("00:000") + 16)
        self.kind = QComboBox(self)
        for kind in ContactKind:
            self.kind.addItem(kind.label, kind.value)
        self.area = area_combo(self)
        self.km = QLineEdit(self)
        self.km.setFixedWidth(metrics.horizontalAdvance("0000,0") + 16)
        for combo in (self.kind, self.area):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(14)
        self.note = QLineEdit(self)
        self.note.setMaxLength(500)
        self.save_button = QPushButton(self)
        self.save_button.clicked.connect(self.save)
        self.message = InlineMessage(self)
        self.labels = [QLabel(self) for _i in range(6)]
        fields: list[QWidget] = [self.date, self.duration, self.kind, self.area, self.km, self.note]
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 6)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        for column, (caption, field) in enumerate(zip(self.labels, fields, strict=True)):
            caption.setBuddy(field)
            grid.addWidget(caption, 0, column)
            grid.addWidget(field, 1, column)
            field.installEventFilter(self)
        grid.addWidget(self.save_button, 1, len(fields))
        grid.setColumnStretch(2, 2)
        grid.setColumnStretch(3, 2)
        grid.setColumnStretch(5, 3)
        grid.addWidget(self.message, 2, 0, 1, len(fields) + 1)
        self.duration.setText(format_duration(self._remembered_minutes(store)))
        last_kind = store.local_setting(LAST_KIND, ContactKind.MEETING.value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(last_kind)))
        area = store.local_setting(LAST_AREA, "")
        if area:
            self.area.setCurrentIndex(max(0, self.area.findData(area)))
        self.retranslate()

    @staticmethod
    def _remembered_minutes(store: Store) -> int:
        try:
            return max(1, int(store.local_setting(LAST_MINUTES, str(DEFAULT_MINUTES))))
        except ValueError:
            return DEFAULT_MINUTES

    def retranslate(self) -> None:
        self.setTitle(_("Record a contact"))
        captions = (
            _("&Date"),
            _("D&uration"),
            _("&Kind"),
            _("A&rea"),
            _("km"),
            _("&Note (no names)"),
        )
        for caption, text in zip(self.labels, captions, strict=True):
            caption.setText(text)
        self.date.setToolTip(_("Date of the contact as DD.MM.YYYY; 24.11. means this year"))
        self.duration.setToolTip(_("Duration: minutes (90), hours and minutes (1:30) or 1,5 h"))
        self.duration.setPlaceholderText("1:30")
        self.kind.setToolTip(_("What kind of contact it was"))
        self.area.setToolTip(_("The area the contact was about"))
        self.km.setToolTip(_("Kilometres driven (optional)"))
        self.km.setPlaceholderText("0")
        self.note.setToolTip(_("A short note; never the full name of the accompanied person"))
        self.save_button.setText(_("Save (Enter)"))
        self.save_button.setToolTip(_("Saves the line; the fields stay ready for the next contact"))
        for index in range(self.kind.count()):
            self.kind.setItemText(index, ContactKind(self.kind.itemData(index)).label)
        for index in range(self.area.count()):
            self.area.setItemText(index, Area(self.area.itemData(index)).label)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        ):
            self.save()
            return True
        return super().eventFilter(watched, event)

    def set_assignment(self, assignment: AssignmentRow | None) -> None:
        self.setEnabled(assignment is not None)
        if assignment is not None and not self.page.store.local_setting(LAST_AREA, ""):
            first = next((a for a in assignment.areas.split(",") if a), "")
            if first:
                self.area.setCurrentIndex(max(0, self.area.findData(first)))

    def save(self) -> bool:
        """Save the line; on a refusal say why next to the fields and save nothing."""
        assignment = self.page.selected_assignment()
        if assignment is None:
            self.message.show_error(_("Please select an assignment first."))
            return False
        try:
            entry_date = checked_date(self.date, "date")
            minutes = parse_duration(self.duration.text())
            km = parse_km(self.km.text())
            mentoring.add_log_entry(
                self.page.store,
                assignment_id=assignment.id,
                entry_date=entry_date,
                minutes=minutes,
                kind=str(self.kind.currentData()),
                area=str(self.area.currentData()),
                note=self.note.text(),
                km=km,
            )
        except LotsenError as error:
            self.message.show_error(str(error))
            return False
        store = self.page.store
        store.set_local_setting(LAST_KIND, str(self.kind.currentData()))
        store.set_local_setting(LAST_AREA, str(self.area.currentData()))
        store.set_local_setting(LAST_MINUTES, str(minutes))
        self.message.show_info(
            _("Saved: {date}, {duration} h, {kind}. Ready for the next line.").format(
                date=entry_date.strftime("%d.%m.%Y"),
                duration=format_duration(minutes),
                kind=self.kind.currentText(),
            )
        )
        self.duration.setText(format_duration(minutes))
        self.note.clear()
        self.km.clear()
        self.date.setFocus()
        self.date.selectAll()
        self.page.log_saved(assignment)
        return True


class MentoringPage(Page):
    """Einsatzanfragen | Begleitungen & Protokoll."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.dialog: QDialog | None = None
        self._quiet = 0
        self.tabs = QTabWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)
        self._build_requests()
        self._build_assignments()
        self._build_meetings()
        self.tabs.addTab(self.requests_tab, "")
        self.tabs.addTab(self.assignments_tab, "")
        self.tabs.addTab(self.meetings_tab, "")
        self._loaded = False
        self.retranslate()
        self.refresh()
        self._loaded = True

    # --- building: requests ----------------------------------------------------------------

    def _build_requests(self) -> None:
        tab = self.requests_tab = QWidget(self.tabs)
        self.request_filter = QComboBox(tab)
        self.request_filter.addItem("", "open")
        self.request_filter.addItem("", "all")
        self.request_filter.currentIndexChanged.connect(lambda _i: self.reload_requests())
        self.new_request_button = QPushButton(tab)
        self.new_request_button.clicked.connect(self.new_request)
        self.close_request_button = QPushButton(tab)
        self.close_request_button.clicked.connect(self.close_request)
        self.request_message = InlineMessage(tab)
        self.request_model = RequestTableModel(self)
        self.request_table = _table(tab, self.request_model, sortable=True)
        request_header = self.request_table.horizontalHeader()
        request_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in (RequestTableModel.RECEIVED, RequestTableModel.STATUS):
            request_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        request_header.setSectionResizeMode(
            RequestTableModel.INSTITUTION, QHeaderView.ResizeMode.Stretch
        )
        request_header.resizeSection(RequestTableModel.AREA, 110)
        request_header.resizeSection(RequestTableModel.LANGUAGES, 80)
        request_header.setMinimumSectionSize(40)
        self.request_table.selectionModel().currentRowChanged.connect(
            lambda *_args: self._follow(self.show_request)
        )
        self.request_details = QLabel(tab)
        self.request_details.setWordWrap(True)
        self.request_details.setTextFormat(Qt.TextFormat.PlainText)
        self.request_details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.request_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.suggestions_label = QLabel(tab)
        _bold(self.suggestions_label)
        self.suggestion_model = SuggestionTableModel(self)
        self.suggestion_table = _table(tab, self.suggestion_model)
        suggestion_header = self.suggestion_table.horizontalHeader()
        # The name is what people look for: it stretches, the reasons get fixed widths.
        suggestion_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        suggestion_header.setSectionResizeMode(
            SuggestionTableModel.NAME, QHeaderView.ResizeMode.Stretch
        )
        for column, width in (
            (SuggestionTableModel.LANGUAGES, 120),
            (SuggestionTableModel.AREA, 90),
            (SuggestionTableModel.AVAILABILITY, 110),
            (SuggestionTableModel.LOAD, 110),
        ):
            suggestion_header.resizeSection(column, width)
        suggestion_header.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.suggestion_table.activated.connect(lambda _index: self.offer_selected())
        self.offer_button = QPushButton(tab)
        self.offer_button.clicked.connect(self.offer_selected)
        self.offers_label = QLabel(tab)
        _bold(self.offers_label)
        self.offer_model = OfferTableModel(self)
        self.offer_table = _table(tab, self.offer_model)
        self.offer_table.horizontalHeader().setSectionResizeMode(
            OfferTableModel.NAME, QHeaderView.ResizeMode.Stretch
        )
        self.offer_table.selectionModel().currentRowChanged.connect(
            lambda *_args: self._update_offer_buttons()
        )
        self.accept_button = QPushButton(tab)
        self.accept_button.clicked.connect(self.accept_offer)
        self.decline_button = QPushButton(tab)
        self.decline_button.clicked.connect(self.decline_offer)

        top = QHBoxLayout()
        top.addWidget(self.request_filter)
        top.addStretch(1)
        top.addWidget(self.new_request_button)
        top.addWidget(self.close_request_button)
        left = QWidget(tab)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.request_table, 3)
        left_layout.addWidget(self.request_details, 1)
        right = QWidget(tab)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.suggestions_label)
        right_layout.addWidget(self.suggestion_table, 3)
        offer_row = QHBoxLayout()
        offer_row.addStretch(1)
        offer_row.addWidget(self.offer_button)
        right_layout.addLayout(offer_row)
        right_layout.addWidget(self.offers_label)
        right_layout.addWidget(self.offer_table, 2)
        answer_row = QHBoxLayout()
        answer_row.addStretch(1)
        answer_row.addWidget(self.accept_button)
        answer_row.addWidget(self.decline_button)
        right_layout.addLayout(answer_row)
        splitter = QSplitter(Qt.Orientation.Horizontal, tab)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        # Close to half and half: the request list's Einrichtung (the key column) was squeezed to a
        # few letters by the suggestions' wide contents on a 1366 px screen.
        splitter.setSizes([520, 600])
        splitter.setChildrenCollapsible(False)
        self.request_splitter = splitter
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(self.request_message)
        layout.addWidget(splitter, 1)

    # --- building: assignments -------------------------------------------------------------

    def _build_assignments(self) -> None:
        tab = self.assignments_tab = QWidget(self.tabs)
        self.volunteer_search = QLineEdit(tab)
        self.volunteer_search.setClearButtonEnabled(True)
        self.volunteer_model = VolunteerPickModel(self)
        self.volunteer_table = _table(tab, self.volunteer_model)
        for column in (VolunteerPickModel.LANGUAGES, VolunteerPickModel.PHONE):
            self.volunteer_table.hideColumn(column)
        self.volunteer_table.horizontalHeader().setSectionResizeMode(
            VolunteerPickModel.NAME, QHeaderView.ResizeMode.Stretch
        )
        self.volunteer_table.selectionModel().currentRowChanged.connect(
            lambda *_args: self._follow(self.reload_assignments)
        )
        self.all_button = QPushButton(tab)
        self.all_button.clicked.connect(self.show_all_volunteers)
        self._volunteer_timer = QTimer(self)
        self._volunteer_timer.setSingleShot(True)
        self._volunteer_timer.setInterval(200)
        self._volunteer_timer.timeout.connect(self.reload_volunteers)
        self.volunteer_search.textChanged.connect(lambda _t: self._volunteer_timer.start())
        self.volunteer_search.returnPressed.connect(self._volunteer_search_enter)

        self.assignments_label = QLabel(tab)
        _bold(self.assignments_label)
        self.assignments_label.setTextFormat(Qt.TextFormat.PlainText)
        self.new_assignment_button = QPushButton(tab)
        self.new_assignment_button.clicked.connect(self.new_assignment)
        self.end_assignment_button = QPushButton(tab)
        self.end_assignment_button.clicked.connect(self.end_assignment)
        self.assignment_model = AssignmentTableModel(self)
        self.assignment_table = _table(tab, self.assignment_model, sortable=True)
        assignment_header = self.assignment_table.horizontalHeader()
        assignment_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        assignment_header.setSectionResizeMode(
            AssignmentTableModel.AREAS, QHeaderView.ResizeMode.Stretch
        )
        self.assignment_table.selectionModel().currentRowChanged.connect(
            lambda *_args: self._follow(self.reload_log)
        )
        self.assignment_message = InlineMessage(tab)
        self.quick_entry = LogQuickEntry(self)

        self.log_label = QLabel(tab)
        _bold(self.log_label)
        self.log_model = LogTableModel(self)
        self.log_table = _table(tab, self.log_model)
        log_header = self.log_table.horizontalHeader()
        log_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        log_header.setSectionResizeMode(LogTableModel.NOTE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((LogTableModel.KIND, 150), (LogTableModel.AREA, 120)):
            log_header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            log_header.resizeSection(column, width)
        self.delete_log_button = QPushButton(tab)
        self.delete_log_button.clicked.connect(self.delete_log_entry)
        delete_action = QAction(self.log_table)
        delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_action.triggered.connect(self.delete_log_entry)
        self.log_table.addAction(delete_action)

        self.totals_label = QLabel(tab)
        _bold(self.totals_label)
        self.totals_label.setTextFormat(Qt.TextFormat.PlainText)
        self.totals_label.setWordWrap(True)
        self.year = QSpinBox(tab)
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.valueChanged.connect(lambda _v: self.reload_totals())
        self.totals_model = MonthAreaTotalsModel(self)
        self.totals_table = QTableView(tab)
        self.totals_table.setModel(self.totals_model)
        self.totals_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.totals_table.setWordWrap(False)
        self.totals_table.verticalHeader().setDefaultSectionSize(
            max(22, self.totals_table.fontMetrics().height() + 6)
        )
        self.totals_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.totals_empty = QLabel(tab)
        self.totals_empty.setWordWrap(True)

        left = QWidget(tab)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.volunteers_label = QLabel(left)
        _bold(self.volunteers_label)
        left_layout.addWidget(self.volunteers_label)
        left_layout.addWidget(self.volunteer_search)
        left_layout.addWidget(self.volunteer_table, 1)
        left_layout.addWidget(self.all_button)

        right = QWidget(tab)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.assignments_label, 1)
        head.addWidget(self.new_assignment_button)
        head.addWidget(self.end_assignment_button)
        right_layout.addLayout(head)
        right_layout.addWidget(self.assignment_message)
        self.assignment_table.setMaximumHeight(
            self.assignment_table.verticalHeader().defaultSectionSize() * 6
            + self.assignment_table.horizontalHeader().sizeHint().height()
            + 4
        )
        right_layout.addWidget(self.assignment_table, 1)
        right_layout.addWidget(self.quick_entry)
        lower = QSplitter(Qt.Orientation.Horizontal, right)
        log_box = QWidget(lower)
        log_layout = QVBoxLayout(log_box)
        log_layout.setContentsMargins(0, 0, 0, 0)
        log_head = QHBoxLayout()
        log_head.addWidget(self.log_label, 1)
        log_head.addWidget(self.delete_log_button)
        log_layout.addLayout(log_head)
        log_layout.addWidget(self.log_table, 1)
        totals_box = QWidget(lower)
        totals_layout = QVBoxLayout(totals_box)
        totals_layout.setContentsMargins(0, 0, 0, 0)
        totals_head = QHBoxLayout()
        totals_head.addWidget(self.totals_label, 1)
        totals_head.addWidget(self.year)
        totals_layout.addLayout(totals_head)
        totals_layout.addWidget(self.totals_empty)
        totals_layout.addWidget(self.totals_table, 1)
        lower.addWidget(log_box)
        lower.addWidget(totals_box)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        lower.setChildrenCollapsible(False)
        right_layout.addWidget(lower, 2)

        splitter = QSplitter(Qt.Orientation.Horizontal, tab)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([240, 900])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(tab)
        layout.addWidget(splitter)

    # --- building: meetings ----------------------------------------------------------------

    def _build_meetings(self) -> None:
        tab = self.meetings_tab = QWidget(self.tabs)
        self.meetings_label = QLabel(tab)
        self.meetings_label.setWordWrap(True)
        self.new_meeting_button = QPushButton(tab)
        self.new_meeting_button.clicked.connect(self.new_meeting)
        self.meeting_message = InlineMessage(tab)
        self.meeting_model = MeetingTableModel(self)
        self.meeting_table = _table(tab, self.meeting_model, sortable=True)
        header = self.meeting_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MeetingTableModel.TOPIC, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(self.meetings_label, 1)
        top.addWidget(self.new_meeting_button)
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(self.meeting_message)
        layout.addWidget(self.meeting_table, 1)

    # --- Page ------------------------------------------------------------------------------

    def page_title(self) -> str:
        return _("Mentoring")

    def refresh(self, changed: set[str] | None = None) -> None:
        if changed is not None and not changed & MENTORING_TABLES:
            return
        self.reload_requests()
        self.reload_volunteers()
        self.reload_meetings()

    def supported_actions(self) -> set[Any]:
        """Ctrl+F puts the cursor into this page's search field (when the window offers it)."""
        action = getattr(base, "PageAction", None)
        return {action.SEARCH} if action is not None else set()

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.assignments_tab)
        self.volunteer_search.setFocus()
        self.volunteer_search.selectAll()

    def retranslate(self) -> None:
        self.tabs.setTabText(0, _("&Requests"))
        self.tabs.setTabToolTip(0, _("Einsatzanfragen and who could take them"))
        self.tabs.setTabText(1, _("Assignments and &log"))
        self.tabs.setTabToolTip(1, _("A volunteer's assignments, the log of contacts and totals"))
        self.request_filter.setItemText(0, _("Open requests"))
        self.request_filter.setItemText(1, _("All requests"))
        self.request_filter.setToolTip(_("Show only requests still to be placed, or all"))
        self.new_request_button.setText(_("&New request…"))
        self.new_request_button.setToolTip(_("Record a request from an institution"))
        self.close_request_button.setText(_("Mark as done"))
        self.close_request_button.setToolTip(_("The selected request needs nothing more"))
        self.suggestions_label.setText(_("Suitable volunteers"))
        self.suggestion_table.setToolTip(
            _("Ranked by matching languages, area of interest, availability and current load")
        )
        self.offer_button.setText(_("&Offer to this person"))
        self.offer_button.setToolTip(
            _("Record that the request was offered to the selected person")
        )
        self.offers_label.setText(_("Offered to"))
        self.accept_button.setText(_("✓ Accepted…"))
        self.accept_button.setToolTip(
            _("The person said yes: start the assignment (asks for a pseudonym)")
        )
        self.decline_button.setText(_("✗ Declined"))
        self.decline_button.setToolTip(_("The person said no"))
        self.volunteers_label.setText(_("Volunteer"))
        self.volunteer_search.setPlaceholderText(_("Search by name…"))
        self.volunteer_search.setToolTip(
            _("Type part of a name; accents do not matter (sahin finds Şahin)")
        )
        self.all_button.setText(_("All open assignments"))
        self.all_button.setToolTip(_("Show the open assignments of all volunteers"))
        self.new_assignment_button.setText(_("New &assignment…"))
        self.new_assignment_button.setToolTip(
            _("Start an assignment for the selected volunteer (pseudonym or initials only)")
        )
        self.end_assignment_button.setText(_("&End…"))
        self.end_assignment_button.setToolTip(_("End the selected assignment"))
        self.log_label.setText(_("Log"))
        self.delete_log_button.setText(_("Delete line…"))
        self.delete_log_button.setToolTip(_("Delete the selected log line (Del)"))
        self.year.setToolTip(_("Year of the totals"))
        self.tabs.setTabText(2, _("Re&flection meetings"))
        self.tabs.setTabToolTip(
            2, _("Reflection and exchange meetings and supervision, with who took part")
        )
        self.meetings_label.setText(
            _(
                "Volunteers are accompanied: reflection and exchange meetings and supervision "
                "with who took part (shown in activity records)."
            )
        )
        self.new_meeting_button.setText(_("New &meeting…"))
        self.new_meeting_button.setToolTip(_("Record a meeting and who took part"))
        self.quick_entry.retranslate()
        for model in (
            self.request_model,
            self.suggestion_model,
            self.offer_model,
            self.assignment_model,
            self.log_model,
            self.volunteer_model,
            self.meeting_model,
        ):
            model.retranslate()
        self.totals_model.retranslate()
        if self._loaded:  # texts made from data: show them again in the new language
            self.show_request()
            self._update_assignment_header()
            self.reload_totals()

    def _follow(self, update: Callable[[], None]) -> None:
        """A selection the user made: show what belongs to it (not while reloading)."""
        if not self._quiet:
            update()

    @contextmanager
    def _reloading(self) -> Iterator[None]:
        """Select rows again after a reload without each selection reloading the next list."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def _open_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    # --- requests --------------------------------------------------------------------------

    def selected_request(self) -> RequestRow | None:
        index = self.request_table.currentIndex()
        return self.request_model.row_at(index.row()) if index.isValid() else None

    def reload_requests(
        self, select_id: str | None = None, then: Callable[[], None] | None = None
    ) -> None:
        """Read the requests in the background; ``then`` runs once they are shown."""
        store = self.store
        self.loader.load(
            "requests",
            lambda: mentoring.list_requests(store),
            lambda rows: self._show_requests(rows, select_id, then),
            busy=self.request_table,
        )

    def _show_requests(
        self, rows: list[RequestRow], select_id: str | None, then: Callable[[], None] | None
    ) -> None:
        current = select_id or (r.id if (r := self.selected_request()) else None)
        if self.request_filter.currentData() != "all":
            rows = [r for r in rows if r.status in STILL_OPEN or r.id == select_id]
        self.request_model.set_rows(rows)
        header = self.request_table.horizontalHeader()
        if header.sortIndicatorSection() >= 0:
            self.request_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        row = self.request_model.row_of(current) if current else -1
        with self._reloading():
            _select_row(self.request_table, row if row >= 0 else 0)
        self.show_request(then)

    def show_request(self, then: Callable[[], None] | None = None) -> None:
        """Details of the selected request at once; who fits it is searched in the background
        (it ranks every active volunteer); ``then`` runs once that is shown."""
        request = self.selected_request()
        if request is None:
            empty = not self.request_model.rowCount() and not self.loader.is_loading("requests")
            self.request_details.setText(
                _("No open requests. Record a new one with “New request…”.") if empty else ""
            )
            self.suggestion_model.set_rows([])
            self.offer_model.set_rows([])
            self.close_request_button.setEnabled(False)
            self.offer_button.setEnabled(False)
            self._update_offer_buttons()
            self.loader.cancel("suggestions")
            if then is not None:
                then()
            return
        lines = [
            f"{request.institution} · {label(Area, request.area)} · "
            + _("received {date}").format(date=request.received_on.strftime("%d.%m.%Y")),
        ]
        if request.languages_needed:
            lines.append(_("Languages: {languages}").format(languages=request.languages_needed))
        if request.timing:
            lines.append(_("When: {timing}").format(timing=request.timing))
        if request.contact:
            lines.append(_("Contact: {contact}").format(contact=request.contact))
        if request.description:
            lines.append(request.description)
        self.request_details.setText("\n".join(lines))
        self.close_request_button.setEnabled(request.status != RequestStatus.CLOSED.value)
        self.offer_button.setEnabled(False)
        self.suggestion_model.set_rows([])  # those of the request selected before
        self.offer_model.set_rows([])
        self._update_offer_buttons()
        store, request_id = self.store, request.id
        self.loader.load(
            "suggestions",
            lambda: (
                mentoring.suggest_volunteers(store, request_id),
                mentoring.list_offers(store, request_id),
            ),
            lambda found: self._show_suggestions(request, *found, then),
            busy=self.suggestion_table,
        )

    def _show_suggestions(
        self,
        request: RequestRow,
        suggestions: list[Any],
        offers: list[OfferRow],
        then: Callable[[], None] | None,
    ) -> None:
        self.suggestion_model.set_rows(suggestions)
        self.offer_model.set_rows(offers)
        self.suggestions_label.setText(
            _("Suitable volunteers for {institution}").format(institution=request.institution)
            if self.suggestion_model.rowCount()
            else _("No active volunteer matches the languages or the area of this request.")
        )
        open_request = request.status != RequestStatus.CLOSED.value
        self.close_request_button.setEnabled(open_request)
        self.offer_button.setEnabled(open_request and self.suggestion_model.rowCount() > 0)
        _select_row(self.suggestion_table, 0)
        self._update_offer_buttons()
        if then is not None:
            then()

    def _selected_offer(self) -> OfferRow | None:
        index = self.offer_table.currentIndex()
        return self.offer_model.row_at(index.row()) if index.isValid() else None

    def _update_offer_buttons(self) -> None:
        offer = self._selected_offer()
        pending = offer is not None and offer.response == OfferResponse.PENDING.value
        self.accept_button.setEnabled(pending)
        self.decline_button.setEnabled(pending)

    def new_request(self) -> None:
        dialog = NewRequestDialog(self.store, self)
        dialog.accepted.connect(lambda: self._request_added(dialog))
        self._open_dialog(dialog)

    def _request_added(self, dialog: NewRequestDialog) -> None:
        self.request_filter.setCurrentIndex(0)
        self.reload_requests(select_id=dialog.request_id)
        self.request_message.show_info(
            _("Request saved. Suitable volunteers are listed on the right.")
        )
        self.data_changed.emit({"help_request"})

    def close_request(self) -> None:
        request = self.selected_request()
        if request is None:
            return
        if not feedback.confirm(
            self,
            _("Mark as done"),
            _("Mark the request of {institution} as done?").format(institution=request.institution),
        ):
            return
        try:
            mentoring.close_request(self.store, request.id)
        except LotsenError as error:
            self.request_message.show_error(str(error))
            return
        self.reload_requests()
        self.request_message.show_info(_("Request marked as done."))
        self.data_changed.emit({"help_request"})

    def offer_selected(self) -> None:
        request = self.selected_request()
        index = self.suggestion_table.currentIndex()
        if request is None or not index.isValid():
            self.request_message.show_warning(_("Please select a suitable person first."))
            return
        suggestion = self.suggestion_model.row_at(index.row())
        try:
            mentoring.offer_request(
                self.store, request_id=request.id, volunteer_id=suggestion.volunteer_id
            )
        except LotsenError as error:
            self.request_message.show_error(str(error))
            return

        def select_offer() -> None:
            for row in range(self.offer_model.rowCount()):
                if self.offer_model.row_at(row).volunteer_id == suggestion.volunteer_id:
                    _select_row(self.offer_table, row)
            self._update_offer_buttons()

        self.reload_requests(select_id=request.id, then=select_offer)
        self.request_message.show_info(
            _("Offered to {name}. Record the answer when it comes.").format(name=suggestion.name)
        )
        self.data_changed.emit({"request_offer", "help_request"})

    def accept_offer(self) -> None:
        offer = self._selected_offer()
        request = self.selected_request()
        if offer is None or request is None:
            return
        dialog = AcceptOfferDialog(self.store, offer, request, self)
        dialog.accepted.connect(lambda: self._offer_answered(request.id, True, offer))
        self._open_dialog(dialog)

    def decline_offer(self) -> None:
        offer = self._selected_offer()
        request = self.selected_request()
        if offer is None or request is None:
            return
        try:
            mentoring.answer_offer(self.store, offer_id=offer.id, accepted=False)
        except LotsenError as error:
            self.request_message.show_error(str(error))
            return
        self._offer_answered(request.id, False, offer)

    def _offer_answered(self, request_id: str, accepted: bool, offer: OfferRow) -> None:
        self.reload_requests(select_id=request_id)
        if accepted:
            self.request_message.show_info(
                _("{name} accepted: the assignment is listed under “Assignments and log”.").format(
                    name=offer.volunteer_name
                )
            )
            self.reload_volunteers()
        else:
            self.request_message.show_info(
                _("{name} declined. Offer the request to someone else.").format(
                    name=offer.volunteer_name
                )
            )
        self.data_changed.emit({"request_offer", "help_request", "assignment"})

    # --- volunteers and assignments --------------------------------------------------------

    def selected_volunteer(self) -> VolunteerRow | None:
        index = self.volunteer_table.currentIndex()
        return self.volunteer_model.row_at(index.row()) if index.isValid() else None

    def reload_volunteers(self, then: Callable[[], None] | None = None) -> None:
        """Search the volunteers in the background; typing goes on meanwhile."""
        self._volunteer_timer.stop()
        store, text = self.store, self.volunteer_search.text()
        self.loader.load(
            "volunteers",
            lambda: volunteers.list_volunteers(
                store, search=text, limit=VOLUNTEER_LIMIT, with_qualification=False
            ),
            lambda rows: self._show_volunteers(rows, then),
            busy=self.volunteer_table,
        )

    def _show_volunteers(self, rows: list[VolunteerRow], then: Callable[[], None] | None) -> None:
        current = self.selected_volunteer()
        self.volunteer_model.set_volunteers(rows, set())
        if current is not None:
            row = next((n for n, r in enumerate(rows) if r.id == current.id), -1)
            with self._reloading():
                _select_row(self.volunteer_table, row)
        self.reload_assignments()
        if then is not None:
            then()

    def _volunteer_search_enter(self) -> None:
        def pick_first() -> None:
            if self.volunteer_model.rowCount():
                _select_row(self.volunteer_table, 0)
                self.volunteer_table.setFocus()

        self.reload_volunteers(then=pick_first)

    def select_volunteer(self, volunteer_id: str) -> bool:
        """Pick a volunteer in the list (searching for nothing first if needed)."""
        for row in range(self.volunteer_model.rowCount()):
            if self.volunteer_model.row_at(row).id == volunteer_id:
                _select_row(self.volunteer_table, row)
                return True
        return False

    def show_all_volunteers(self) -> None:
        with self._reloading():
            self.volunteer_table.selectionModel().clearSelection()
            self.volunteer_table.setCurrentIndex(self.volunteer_model.index(-1, -1))
        self.reload_assignments()

    def selected_assignment(self) -> AssignmentRow | None:
        index = self.assignment_table.currentIndex()
        return self.assignment_model.row_at(index.row()) if index.isValid() else None

    def reload_assignments(self, select_id: str | None = None) -> None:
        """Read the assignments (of the selected volunteer, or all open ones) in the background."""
        store, volunteer = self.store, self.selected_volunteer()

        def query() -> list[AssignmentRow]:
            if volunteer is None:
                return mentoring.list_assignments(store, open_only=True)
            return mentoring.list_assignments(store, volunteer_id=volunteer.id)

        self.loader.load(
            "assignments",
            query,
            lambda rows: self._show_assignments(rows, volunteer, select_id),
            busy=self.assignment_table,
        )
        self.reload_totals()

    def _show_assignments(
        self, rows: list[AssignmentRow], volunteer: VolunteerRow | None, select_id: str | None
    ) -> None:
        current = select_id or (a.id if (a := self.selected_assignment()) else None)
        self.assignment_table.setColumnHidden(AssignmentTableModel.VOLUNTEER, volunteer is not None)
        self.assignment_model.set_rows(rows)
        header = self.assignment_table.horizontalHeader()
        if header.sortIndicatorSection() >= 0:
            self.assignment_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        row = self.assignment_model.row_of(current) if current else -1
        with self._reloading():
            _select_row(self.assignment_table, row if row >= 0 else 0)
        self.new_assignment_button.setEnabled(volunteer is not None)
        self._update_assignment_header()
        self.reload_log()

    def _update_assignment_header(self) -> None:
        volunteer = self.selected_volunteer()
        if volunteer is None:
            text = _("Open assignments of all volunteers")
        else:
            text = _("Assignments of {name}").format(
                name=f"{volunteer.given_name} {volunteer.family_name}"
            )
        if not self.assignment_model.rowCount() and not self.loader.is_loading("assignments"):
            text += " – " + _("none yet")
        self.assignments_label.setText(text)

    def reload_log(self) -> None:
        assignment = self.selected_assignment()
        self.quick_entry.set_assignment(assignment)
        self.end_assignment_button.setEnabled(
            assignment is not None and assignment.ended_on is None
        )
        if assignment is None:
            self.log_model.set_rows([])
            self.log_label.setText(_("Log"))
            self.delete_log_button.setEnabled(False)
            return
        self.log_model.set_rows(mentoring.list_log_entries(self.store, assignment.id))
        self.log_label.setText(
            _("Log of {pseudonym} ({volunteer})").format(
                pseudonym=assignment.mentee_pseudonym, volunteer=assignment.volunteer_name
            )
        )
        self.delete_log_button.setEnabled(self.log_model.rowCount() > 0)

    def reload_totals(self) -> None:
        """Sum the log lines of the year in the background (all volunteers: many lines)."""
        store, volunteer, year = self.store, self.selected_volunteer(), self.year.value()
        self.loader.load(
            "totals",
            lambda: mentoring.totals_by_month_and_area(
                store, volunteer_id=volunteer.id if volunteer else None, year=year
            ),
            lambda totals: self._show_totals(totals, volunteer, year),
            busy=self.totals_table,
        )

    def _show_totals(self, totals: Any, volunteer: VolunteerRow | None, year: int) -> None:
        self.totals_model.set_totals(totals)
        who = (
            f"{volunteer.given_name} {volunteer.family_name}" if volunteer else _("all volunteers")
        )
        self.totals_label.setText(
            _("Hours per month and area – {who}: {hours} h").format(
                who=who, hours=format_hours(self.totals_model.total_minutes())
            )
        )
        empty = not totals
        self.totals_empty.setText(_("No log lines in {year}.").format(year=year))
        self.totals_empty.setVisible(empty)

    def log_saved(self, assignment: AssignmentRow) -> None:
        """After the quick entry saved a line: lists and totals follow at once."""
        self.reload_assignments(select_id=assignment.id)
        self.data_changed.emit({"log_entry"})

    def new_assignment(self) -> None:
        volunteer = self.selected_volunteer()
        if volunteer is None:
            self.assignment_message.show_warning(_("Please pick a volunteer on the left first."))
            return
        dialog = NewAssignmentDialog(
            self.store, volunteer.id, f"{volunteer.given_name} {volunteer.family_name}", self
        )
        dialog.accepted.connect(lambda: self._assignment_added(dialog))
        self._open_dialog(dialog)

    def _assignment_added(self, dialog: NewAssignmentDialog) -> None:
        self.reload_assignments(select_id=dialog.assignment_id)
        self.assignment_message.show_info(_("Assignment started. Record its contacts below."))
        self.quick_entry.date.setFocus()
        self.data_changed.emit({"assignment"})

    def end_assignment(self) -> None:
        assignment = self.selected_assignment()
        if assignment is None:
            return
        dialog = EndAssignmentDialog(self.store, assignment.id, self)
        dialog.accepted.connect(lambda: self._assignment_ended(assignment))
        self._open_dialog(dialog)

    def _assignment_ended(self, assignment: AssignmentRow) -> None:
        self.reload_assignments(select_id=assignment.id)
        self.assignment_message.show_info(
            _("The assignment of {pseudonym} was ended.").format(
                pseudonym=assignment.mentee_pseudonym
            )
        )
        self.data_changed.emit({"assignment"})

    def delete_log_entry(self) -> None:
        index = self.log_table.currentIndex()
        assignment = self.selected_assignment()
        if not index.isValid() or assignment is None:
            return
        entry = self.log_model.row_at(index.row())
        if not feedback.confirm(
            self,
            _("Delete line"),
            _("Delete the log line of {date} ({duration} h)?").format(
                date=entry.entry_date.strftime("%d.%m.%Y"), duration=format_duration(entry.minutes)
            ),
        ):
            return
        try:
            mentoring.delete_log_entry(self.store, entry.id)
        except LotsenError as error:
            self.assignment_message.show_error(str(error))
            return
        self.reload_assignments(select_id=assignment.id)
        self.assignment_message.show_info(_("Log line deleted."))
        self.data_changed.emit({"log_entry"})

    # --- meetings --------------------------------------------------------------------------

    def reload_meetings(self) -> None:
        store = self.store
        self.loader.load(
            "meetings",
            lambda: mentoring.list_meetings(store),
            self._show_meetings,
            busy=self.meeting_table,
        )

    def _show_meetings(self, rows: list[Any]) -> None:
        self.meeting_model.set_rows(rows)
        header = self.meeting_table.horizontalHeader()
        if header.sortIndicatorSection() >= 0:
            self.meeting_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def new_meeting(self) -> None:
        dialog = NewMeetingDialog(self.store, self)
        dialog.accepted.connect(lambda: self._meeting_added(dialog))
        self._open_dialog(dialog)

    def _meeting_added(self, dialog: NewMeetingDialog) -> None:
        self.reload_meetings()
        self.meeting_message.show_info(
            _("Meeting saved with {count} taking part.").format(count=len(dialog.chosen))
        )
        self.data_changed.emit({"reflection_meeting", "reflection_attendee"})
