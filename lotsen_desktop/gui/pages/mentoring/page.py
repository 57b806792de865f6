"""The mentoring page (Begleitung): three tabs and what they share.

Each tab is its own widget (``requests_tab``, ``assignments_tab``, ``meetings_tab``); the page
builds them around one loader, passes on what they changed and, for the window and the tests,
makes their main widgets reachable by the names they had when the page was one class.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QTabWidget, QVBoxLayout, QWidget

from lotsen_desktop.gui.pages.base import Page, PageAction
from lotsen_desktop.gui.pages.mentoring.assignments_tab import AssignmentsTab
from lotsen_desktop.gui.pages.mentoring.meetings_tab import MeetingsTab
from lotsen_desktop.gui.pages.mentoring.requests_tab import RequestsTab
from lotsen_desktop.i18n import _
from lotsen_desktop.store.database import Store

MENTORING_TABLES = {
    "help_request",
    "request_offer",
    "assignment",
    "log_entry",
    "log_entry_change",
    "volunteer",
    "volunteer_language",
    "volunteer_interest",
    "reflection_meeting",
    "reflection_attendee",
}


class MentoringPage(Page):
    """Einsatzanfragen | Begleitungen & Protokoll | Reflexionstreffen."""

    shown_tables = frozenset(MENTORING_TABLES)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.tabs = QTabWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)
        self.requests_tab = RequestsTab(store, self.loader, self.tabs)
        self.assignments_tab = AssignmentsTab(store, self.loader, self.tabs)
        self.meetings_tab = MeetingsTab(store, self.loader, self.tabs)
        for tab in (self.requests_tab, self.assignments_tab, self.meetings_tab):
            self.tabs.addTab(tab, "")
            tab.changes_shown.connect(self.own_changes_shown)
        self.requests_tab.assignment_started.connect(self.assignments_tab.reload_volunteers)

        requests = self.requests_tab
        self.request_filter = requests.request_filter
        self.new_request_button = requests.new_request_button
        self.close_request_button = requests.close_request_button
        self.request_message = requests.request_message
        self.request_model, self.request_table = requests.request_model, requests.request_table
        self.suggestion_model = requests.suggestion_model
        self.suggestion_table = requests.suggestion_table
        self.offer_model, self.offer_table = requests.offer_model, requests.offer_table
        self.offer_button = requests.offer_button
        self.accept_button, self.decline_button = requests.accept_button, requests.decline_button
        self.selected_request = requests.selected_request
        self.offer_selected = requests.offer_selected

        assignments = self.assignments_tab
        self.volunteer_search = assignments.volunteer_search
        self.volunteer_model = assignments.volunteer_model
        self.volunteer_table = assignments.volunteer_table
        self.assignment_model = assignments.assignment_model
        self.assignment_table = assignments.assignment_table
        self.new_assignment_button = assignments.new_assignment_button
        self.end_assignment_button = assignments.end_assignment_button
        self.quick_entry = assignments.quick_entry
        self.log_model, self.log_table = assignments.log_model, assignments.log_table
        self.delete_log_button = assignments.delete_log_button
        self.totals_model, self.totals_table = assignments.totals_model, assignments.totals_table
        self.totals_label, self.totals_empty = assignments.totals_label, assignments.totals_empty
        self.selected_volunteer = assignments.selected_volunteer
        self.selected_assignment = assignments.selected_assignment
        self.show_all_volunteers = assignments.show_all_volunteers

        self.meeting_model = self.meetings_tab.meeting_model
        self.new_meeting_button = self.meetings_tab.new_meeting_button

        self._loaded = False
        self.retranslate()
        self.refresh()
        self._loaded = True

    @property
    def dialog(self) -> QDialog | None:
        """The dialog a tab has open (one at a time: they are modal)."""
        for tab in (self.requests_tab, self.assignments_tab, self.meetings_tab):
            if tab.dialog is not None:
                return tab.dialog
        return None

    def page_title(self) -> str:
        return _("Mentoring")

    def refresh(self, changed: set[str] | None = None) -> None:
        if changed is not None and not changed & MENTORING_TABLES:
            return
        self.requests_tab.reload_requests()
        self.assignments_tab.reload_volunteers()
        self.meetings_tab.reload_meetings()

    def supported_actions(self) -> set[PageAction]:
        return {PageAction.SEARCH}

    def has_unsaved_work(self) -> bool:
        return self.quick_entry.has_unsaved_work()

    def unsaved_work_description(self) -> str:
        return _("Mentoring: quick entry of the log")

    def discard_unsaved_work(self) -> None:
        self.quick_entry.discard_unsaved_work()

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.assignments_tab)
        self.assignments_tab.focus_search()

    def retranslate(self) -> None:
        self.tabs.setTabText(0, _("&Requests"))
        self.tabs.setTabToolTip(0, _("Einsatzanfragen and who could take them"))
        self.tabs.setTabText(1, _("Assignments and &log"))
        self.tabs.setTabToolTip(1, _("A volunteer's assignments, the log of contacts and totals"))
        self.tabs.setTabText(2, _("Re&flection meetings"))
        self.tabs.setTabToolTip(
            2, _("Reflection and exchange meetings and supervision, with who took part")
        )
        self.requests_tab.retranslate()
        self.assignments_tab.retranslate()
        self.meetings_tab.retranslate()
        if self._loaded:
            self.requests_tab.retranslate_data()
            self.assignments_tab.retranslate_data()
