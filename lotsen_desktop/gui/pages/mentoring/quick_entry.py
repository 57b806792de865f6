"""The quick entry line of the log: Enter saves and stays for the next line; kind, area and
duration are remembered on this computer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGroupBox, QWidget

from lotsen_desktop.domain.vocabulary import Area, ContactKind
from lotsen_desktop.errors import LotsenError
from lotsen_desktop.gui.dialogs.mentoring_dialogs import (
    checked_date,
    fill_areas,
    with_start_offer,
)
from lotsen_desktop.gui.forms.mentoring_log_entry_ui import Ui_LogQuickEntry
from lotsen_desktop.gui.views.feedback import format_duration, parse_duration, parse_km
from lotsen_desktop.i18n import _
from lotsen_desktop.services import mentoring
from lotsen_desktop.services.mentoring import AssignmentRow
from lotsen_desktop.store.database import Store

LAST_KIND = "mentoring.quick_entry.kind"
LAST_AREA = "mentoring.quick_entry.area"
LAST_MINUTES = "mentoring.quick_entry.minutes"
DEFAULT_MINUTES = 60


class LogQuickEntry(QGroupBox):
    """One line to record a contact: date, duration, kind, area, km, note. Enter saves.

    ``assignment`` names the assignment the line is for; ``saved`` tells which one got a line.
    """

    saved = Signal(object)

    def __init__(
        self,
        store: Store,
        assignment: Callable[[], AssignmentRow | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._assignment = assignment
        self.ui = Ui_LogQuickEntry()
        self.ui.setupUi(self)
        ui = self.ui
        self.date, self.duration, self.kind, self.area, self.km, self.note = (
            ui.date,
            ui.duration,
            ui.kind,
            ui.area,
            ui.km,
            ui.note,
        )
        self.save_button, self.message = ui.save_button, ui.message
        self.date.set_date(date.today())
        metrics = self.date.fontMetrics()
        self.date.setFixedWidth(metrics.horizontalAdvance("00.00.00000") + 24 + metrics.height())
        self.duration.setFixedWidth(metrics.horizontalAdvance("00:000") + 16)
        self.km.setFixedWidth(metrics.horizontalAdvance("0000,0") + 16)
        for kind in ContactKind:
            self.kind.addItem(kind.label, kind.value)
        fill_areas(self.area)
        for field in (self.date, self.duration, self.kind, self.area, self.km, self.note):
            field.installEventFilter(self)
        self.save_button.clicked.connect(self.save)
        self.duration.setText(format_duration(self._remembered_minutes(store)))
        last_kind = store.local_setting(LAST_KIND, ContactKind.MEETING.value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(last_kind)))
        area = store.local_setting(LAST_AREA, "")
        if area:
            self.area.setCurrentIndex(max(0, self.area.findData(area)))
        self._clean = self._typed()

    def _typed(self) -> tuple[str, ...]:
        return (self.date.text(), self.duration.text(), self.km.text(), self.note.text())

    def has_unsaved_work(self) -> bool:
        """A line typed but not saved (Strg+Q must not lose it without asking)."""
        return self.isEnabled() and self._typed() != self._clean

    def discard_unsaved_work(self) -> None:
        fields = (self.date, self.duration, self.km, self.note)
        for field, value in zip(fields, self._clean, strict=True):
            field.setText(value)

    @staticmethod
    def _remembered_minutes(store: Store) -> int:
        try:
            return max(1, int(store.local_setting(LAST_MINUTES, str(DEFAULT_MINUTES))))
        except ValueError:
            return DEFAULT_MINUTES

    def retranslate(self) -> None:
        self.ui.retranslateUi(self)
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
        if assignment is not None and not self.store.local_setting(LAST_AREA, ""):
            shown = Area.in_order(a for a in assignment.areas.split(",") if a)
            first = shown[0] if shown else ""  # the area the list shows first
            if first:
                self.area.setCurrentIndex(max(0, self.area.findData(first)))

    def save(self) -> bool:
        """Save the line; on a refusal say why next to the fields and save nothing."""
        assignment = self._assignment()
        if assignment is None:
            self.message.show_error(_("Please select an assignment first."))
            return False
        try:
            entry_date = checked_date(self.date, "date")
            minutes = parse_duration(self.duration.text())
            km = parse_km(self.km.text())
            with_start_offer(
                self,
                lambda move: mentoring.add_log_entry(
                    self.store,
                    assignment_id=assignment.id,
                    entry_date=entry_date,
                    minutes=minutes,
                    kind=str(self.kind.currentData()),
                    area=str(self.area.currentData()),
                    note=self.note.text(),
                    km=km,
                    move_start=move,
                ),
            )
        except LotsenError as error:
            self.message.show_error(str(error))
            return False
        store = self.store
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
        self._clean = self._typed()
        self.date.setFocus()
        self.date.selectAll()
        self.saved.emit(assignment)
        return True
