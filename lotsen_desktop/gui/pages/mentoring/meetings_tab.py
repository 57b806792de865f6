"""The "Reflection meetings" tab: reflection and exchange meetings and supervision, with who
took part (they appear in the activity records)."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QWidget

from lotsen_desktop.gui.dialogs.mentoring_dialogs import NewMeetingDialog
from lotsen_desktop.gui.forms.mentoring_meetings_ui import Ui_MeetingsTab
from lotsen_desktop.gui.models.mentoring_models import MeetingTableModel
from lotsen_desktop.gui.operations import Loader
from lotsen_desktop.gui.pages.mentoring.common import MentoringTab, list_table
from lotsen_desktop.i18n import _
from lotsen_desktop.services import mentoring
from lotsen_desktop.services.mentoring import MeetingRow
from lotsen_desktop.store.database import Store


class MeetingsTab(MentoringTab):
    """The meetings of the office's volunteers, newest first."""

    def __init__(self, store: Store, loader: Loader, parent: QWidget | None = None) -> None:
        super().__init__(store, loader, parent)
        self.ui = Ui_MeetingsTab()
        self.ui.setupUi(self)
        self.meetings_label = self.ui.meetings_label
        self.new_meeting_button = self.ui.new_meeting_button
        self.new_meeting_button.clicked.connect(self.new_meeting)
        self.meeting_message = self.ui.meeting_message
        self.meeting_model = MeetingTableModel(self)
        self.meeting_table = list_table(self.meeting_model, sortable=True)
        header = self.meeting_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MeetingTableModel.TOPIC, QHeaderView.ResizeMode.Stretch)
        self.ui.meeting_table_slot.addWidget(self.meeting_table)

    def retranslate(self) -> None:
        self.ui.retranslateUi(self)
        self.meeting_model.retranslate()

    def reload_meetings(self) -> None:
        store = self.store
        self.loader.load(
            "meetings",
            lambda: mentoring.list_meetings(store),
            self._show_meetings,
            busy=self.meeting_table,
        )

    def _show_meetings(self, rows: list[MeetingRow]) -> None:
        self.meeting_model.set_rows(rows)
        header = self.meeting_table.horizontalHeader()
        if header.sortIndicatorSection() >= 0:
            self.meeting_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def new_meeting(self) -> None:
        dialog = NewMeetingDialog(self.store, self)
        dialog.accepted.connect(lambda: self._meeting_added(dialog))
        self.open_dialog(dialog)

    def _meeting_added(self, dialog: NewMeetingDialog) -> None:
        self.reload_meetings()
        self.meeting_message.show_info(
            _("Meeting saved with {count} taking part.").format(count=len(dialog.chosen))
        )
        self.changes_shown.emit()
