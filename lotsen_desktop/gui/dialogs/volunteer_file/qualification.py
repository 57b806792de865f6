"""Tab Qualifizierung: the certificate state, one card per module with attended against required
units, the required modules without a course, and the intake conversations (Kennenlerngespräche)
that come before the course."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QProgressBar, QWidget

from lotsen_desktop.domain import rules
from lotsen_desktop.domain.vocabulary import ModuleKind
from lotsen_desktop.errors import LotsenError, ValidationError
from lotsen_desktop.gui.dialogs.volunteer_file.tab import GREEN, GREY, FileTab, fit_columns
from lotsen_desktop.gui.forms.volunteer_qualification_ui import Ui_VolunteerQualification
from lotsen_desktop.gui.models.volunteer_file_models import IntakesModel, label
from lotsen_desktop.gui.widgets import read_only_table
from lotsen_desktop.i18n import _, format_date_short, format_number, ngettext
from lotsen_desktop.services import progress as progress_service
from lotsen_desktop.services import setup, volunteers
from lotsen_desktop.services.progress import ModuleProgress, Progress
from lotsen_desktop.services.volunteers import VolunteerDetail
from lotsen_desktop.store.database import Store

#: Table lines the intake list shows before it scrolls.
INTAKE_LINES = 3


class ModuleCard(QFrame):
    """One module of a person: course, period, a bar of attended against required units."""

    def __init__(
        self, module: ModuleProgress, unit_minutes: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("module_card")
        layout = QGridLayout(self)
        attended = rules.minutes_to_units(module.attended_minutes, unit_minutes)
        required = rules.minutes_to_units(module.required_minutes, unit_minutes)
        planned = rules.minutes_to_units(module.planned_minutes, unit_minutes)
        title = QLabel(f"{module.module_title}  ·  {label(ModuleKind, module.kind)}")
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


class QualificationTab(FileTab):
    """Read-only progress from ``services.progress``; intake conversations are saved at once."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.ui = Ui_VolunteerQualification()
        self.ui.setupUi(self)
        font = self.ui.certificate_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.ui.certificate_label.setFont(font)
        self.module_cards: list[ModuleCard] = []
        self.missing_labels: list[QLabel] = []

        self.intakes_model = IntakesModel(self)
        self.intakes_table = read_only_table(self.intakes_model)
        self.intakes_table.setObjectName("intakes_table")
        self.intakes_table.setSelectionMode(self.intakes_table.SelectionMode.NoSelection)
        lines = self.intakes_table.verticalHeader().defaultSectionSize()
        self.intakes_table.setMaximumHeight(
            self.intakes_table.horizontalHeader().sizeHint().height() + INTAKE_LINES * lines + 4
        )
        self.ui.intakes_slot.addWidget(self.intakes_table)
        self.ui.intake_date_edit.set_date(date.today())
        self.ui.record_intake_button.clicked.connect(self.record_intake)

    def fill(self, detail: VolunteerDetail | None) -> None:
        self._fill_progress()
        self._fill_intakes()

    def _fill_progress(self) -> None:
        ui = self.ui
        for old in [*self.module_cards, *self.missing_labels]:
            ui.modules_layout.removeWidget(old)
            old.deleteLater()
        self.module_cards.clear()
        self.missing_labels.clear()
        if self.volunteer_id is None:
            ui.certificate_label.setText(_("Certificate not possible yet"))
            ui.certificate_label.setStyleSheet(f"color: {GREY};")
            ui.qualification_note.setText(
                _("Save the file first; then courses and attendance show up here.")
            )
            return
        progress = progress_service.volunteer_progress(self.store, self.volunteer_id)
        if progress.qualified:
            ui.certificate_label.setText(
                "✔ "
                + _("Certificate possible – qualified since {date}").format(
                    date=format_date_short(progress.qualified_on)
                )
            )
            ui.certificate_label.setStyleSheet(f"color: {GREEN};")
        else:
            ui.certificate_label.setText(_("Certificate not possible yet"))
            ui.certificate_label.setStyleSheet(f"color: {GREY};")
        ui.qualification_note.setText(_explanation(progress))
        for module in progress.modules:
            card = ModuleCard(module, progress.unit_minutes)
            self.module_cards.append(card)
            ui.modules_layout.insertWidget(ui.modules_layout.count() - 1, card)
        for text in self._missing_modules(progress):
            missing = QLabel(text)
            missing.setObjectName("missing_module")
            missing.setWordWrap(True)
            missing.setFrameShape(QFrame.Shape.StyledPanel)
            missing.setMargin(8)
            self.missing_labels.append(missing)
            ui.modules_layout.insertWidget(ui.modules_layout.count() - 1, missing)

    def _missing_modules(self, progress: Progress) -> list[str]:
        """Lines for required modules without any course, so the tab never says „not
        completed“ over an empty list."""
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

    def _fill_intakes(self) -> None:
        ui = self.ui
        saved = self.volunteer_id is not None
        rows = (
            volunteers.list_intakes(self.store, self.volunteer_id)
            if self.volunteer_id is not None
            else []
        )
        self.intakes_model.set_rows(rows)
        fit_columns(self.intakes_table, IntakesModel.OUTCOME)
        self.intakes_table.setVisible(bool(rows))
        for widget in (ui.intake_date_edit, ui.intake_outcome_edit, ui.record_intake_button):
            widget.setEnabled(saved)
        if not saved:
            note = _("Intake conversations can be recorded once the file has been saved.")
        elif not rows:
            note = _("No intake conversation recorded yet.")
        else:
            note = ""
        ui.intake_note.setText(note)
        ui.intake_note.setVisible(bool(note))

    def record_intake(self) -> bool:
        """Save the intake conversation typed in, at once (like a consent)."""
        ui = self.ui
        if self.volunteer_id is None:
            return False
        try:
            held_on = ui.intake_date_edit.date_value("held_on")
            if held_on is None:
                raise ValidationError(_("Please enter the date of the conversation."))
            if held_on > date.today():
                raise ValidationError(_("The date of the conversation lies in the future."))
            volunteers.add_intake(
                self.store,
                self.volunteer_id,
                held_on=held_on,
                outcome=ui.intake_outcome_edit.text(),
            )
        except LotsenError as error:
            ui.intake_message.show_message(str(error))
            return False
        ui.intake_message.clear_message()
        ui.intake_outcome_edit.clear()
        self._fill_intakes()
        self.recorded.emit()
        return True


def _explanation(progress: Progress) -> str:
    basis_done = any(m.completed and m.kind == ModuleKind.BASIS.value for m in progress.modules)
    if not progress.modules:
        return _("Not enrolled in any course yet.")
    if progress.qualified:
        return _("The Basismodul and all required modules are completed.")
    if not basis_done:
        return _("The Basismodul is not completed yet.")
    return _("The Basismodul is completed; required Spezialisierungsmodule are missing.")
