"""Tab Begleitung: the person's mentoring assignments (made on the page Begleitung)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from lotsen_desktop.gui.dialogs.volunteer_file.tab import FileTab, fit_columns
from lotsen_desktop.gui.forms.volunteer_mentoring_ui import Ui_VolunteerMentoring
from lotsen_desktop.gui.models.volunteer_file_models import AssignmentsModel
from lotsen_desktop.gui.widgets import read_only_table
from lotsen_desktop.i18n import _, ngettext
from lotsen_desktop.services import mentoring
from lotsen_desktop.services.volunteers import VolunteerDetail
from lotsen_desktop.store.database import Store


class MentoringTab(FileTab):
    """Read-only list of assignments with their hours, from ``services.mentoring``."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.ui = Ui_VolunteerMentoring()
        self.ui.setupUi(self)
        self.assignments_model = AssignmentsModel(self)
        self.assignments_table = read_only_table(self.assignments_model)
        self.assignments_table.setObjectName("assignments_table")
        self.ui.assignments_slot.addWidget(self.assignments_table)

    def fill(self, detail: VolunteerDetail | None) -> None:
        rows = (
            mentoring.list_assignments(self.store, volunteer_id=self.volunteer_id)
            if self.volunteer_id is not None
            else []
        )
        self.assignments_model.set_rows(rows)
        fit_columns(self.assignments_table, AssignmentsModel.AREAS)
        running = sum(1 for row in rows if row.ended_on is None)
        self.ui.mentoring_label.setText(
            ngettext(
                "{total} assignment, {open} of them running.",
                "{total} assignments, {open} of them running.",
                len(rows),
            ).format(total=len(rows), open=running)
            if rows
            else _("No assignments yet.")
        )
