"""Tab Verlauf: status changes, newest first, and who created and last changed the file."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from lotsen_desktop.gui.dialogs.volunteer_file.tab import FileTab, fit_columns
from lotsen_desktop.gui.forms.volunteer_history_ui import Ui_VolunteerHistory
from lotsen_desktop.gui.models.volunteer_file_models import StatusHistoryModel
from lotsen_desktop.gui.widgets import read_only_table
from lotsen_desktop.i18n import _, format_local_date
from lotsen_desktop.services.volunteers import VolunteerDetail
from lotsen_desktop.store.database import Store


class HistoryTab(FileTab):
    """Read-only history of the file."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.ui = Ui_VolunteerHistory()
        self.ui.setupUi(self)
        self.history_model = StatusHistoryModel(self)
        self.history_table = read_only_table(self.history_model)
        self.history_table.setObjectName("history_table")
        self.ui.history_slot.addWidget(self.history_table)

    def fill(self, detail: VolunteerDetail | None) -> None:
        self.history_model.set_rows(list(reversed(detail.status_history)) if detail else [])
        fit_columns(self.history_table, StatusHistoryModel.NOTE)
        if detail is None:
            self.ui.record_label.setText(_("New file, not saved yet."))
        else:
            self.ui.record_label.setText(
                _("File created on {created}; last changed on {changed} by {user}.").format(
                    created=format_local_date(detail.created_at),
                    changed=format_local_date(detail.updated_at),
                    user=detail.changed_by or "–",
                )
            )
