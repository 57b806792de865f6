"""Dialogs of the courses page: new course, course details, session, adding participants.

Each saves through a service in ``submit()``; a refused input is shown inline and nothing is
saved (``FormDialog``).
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTime
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QWidget

from lotsen_desktop.domain import rules
from lotsen_desktop.domain.vocabulary import ModuleKind
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.gui.forms.add_participants_form_ui import Ui_AddParticipantsForm
from lotsen_desktop.gui.forms.course_details_form_ui import Ui_CourseDetailsForm
from lotsen_desktop.gui.forms.new_course_form_ui import Ui_NewCourseForm
from lotsen_desktop.gui.forms.session_form_ui import Ui_SessionForm
from lotsen_desktop.gui.models.course_models import VolunteerPickModel, clock
from lotsen_desktop.gui.views.feedback import FormDialog, InlineMessage
from lotsen_desktop.gui.widgets import read_only_table
from lotsen_desktop.i18n import _, format_number, ngettext
from lotsen_desktop.services import courses, enrolment_hints, modules, setup, volunteers
from lotsen_desktop.services.courses import CourseDetail, EnrolResult, SessionRow
from lotsen_desktop.store.database import Store


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def minute_of(value: QTime) -> int:
    return value.hour() * 60 + value.minute()


def qtime(minute: int) -> QTime:
    return QTime(minute // 60, minute % 60)


class NewCourseDialog(FormDialog):
    """A course of a catalogue module with a series of sessions (weekly by default)."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.course_id: str | None = None
        self.unit_minutes = setup.get_office(store).unit_minutes
        self.modules = [m for m in modules.list_modules(store) if m.active]
        self.setWindowTitle(_("New course"))
        self.ui = Ui_NewCourseForm()
        self.ui.setupUi(self.body)
        ui = self.ui
        self.module, self.title_edit, self.place = ui.module, ui.title_edit, ui.place
        self.trainers, self.first_date, self.count = ui.trainers, ui.first_date, ui.count
        self.interval, self.start, self.units = ui.interval, ui.start, ui.units
        self.preview = ui.preview
        # A top-level dialog does not grow for a wrapped label's height: room for three lines.
        self.preview.setMinimumHeight(3 * self.preview.fontMetrics().lineSpacing())
        self.plan_warning = InlineMessage(self.body)
        ui.form.addRow(self.plan_warning)
        for module in self.modules:
            self.module.addItem(
                f"{module.title} ({ModuleKind(module.kind).label}, "
                f"{format_number(module.hours, 1)} UE)",
                module.code,
            )
        self.first_date.set_date(date.today())
        self.interval.setSuffix(" " + _("days"))
        self.start.setTime(qtime(courses.DEFAULT_START_MINUTE))
        self.set_button_texts(_("Create course"))
        self.module.currentIndexChanged.connect(self._module_changed)
        for signal in (
            self.count.valueChanged,
            self.interval.valueChanged,
            self.units.valueChanged,
            self.start.timeChanged,
        ):
            signal.connect(self._update_preview)
        self.first_date.textChanged.connect(self._update_preview)
        self._title_touched = False
        self.title_edit.textEdited.connect(self._touch_title)
        self._module_changed()
        self.setMinimumWidth(520)

    def _touch_title(self) -> None:
        self._title_touched = True

    def _module_changed(self) -> None:
        module = self._module()
        if module is None:
            return
        if not self._title_touched:
            first = self.first_date.peek_date() or date.today()
            self.title_edit.setText(f"{module.title} {first.year}")
        sessions = self.count.value()
        self.units.setValue(round(max(0.5, module.hours / max(1, sessions)) * 2) / 2)
        self._update_preview()

    def _module(self) -> modules.ModuleRow | None:
        code = self.module.currentData()
        return next((m for m in self.modules if m.code == code), None)

    def session_dates(self, first: date | None = None) -> list[date]:
        first = first or self.first_date.required_date("first_date")
        return [
            first + timedelta(days=self.interval.value() * n) for n in range(self.count.value())
        ]

    def _update_preview(self) -> None:
        module = self._module()
        typed = self.first_date.peek_date()
        if typed is None:
            self.preview.setText(_("Enter the date of the first session."))
            return
        dates = self.session_dates(typed)
        minutes = rules.units_to_minutes(self.units.value(), self.unit_minutes)
        start = minute_of(self.start.time())
        total = self.units.value() * len(dates)
        text = _(
            "{count} sessions from {first} to {last}, {start}–{end}; together {total} UE"
        ).format(
            count=len(dates),
            first=dates[0].strftime("%d.%m.%Y"),
            last=dates[-1].strftime("%d.%m.%Y"),
            start=clock(start),
            end=clock(min(start + minutes, 24 * 60)),
            total=format_number(total, 1),
        )
        self.plan_warning.clear()
        if module is not None and abs(total - module.hours) >= 0.05:
            # Too few units cannot reach the threshold: said as a warning, not as a remark.
            self.plan_warning.show_warning(
                _("{total} UE (the module plans {hours} UE)").format(
                    total=format_number(total, 1), hours=format_number(module.hours, 1)
                )
            )
        elif module is not None:
            text += " " + _("(module plans {hours} UE)").format(
                hours=format_number(module.hours, 1)
            )
        self.preview.setText(text)

    def submit(self) -> None:
        module = self._module()
        if module is None:
            raise ValidationError(_("Please choose a module."))
        self.course_id = courses.add_course(
            self.store,
            module_code=module.code,
            title=self.title_edit.text(),
            session_dates=self.session_dates(),
            units_per_session=self.units.value(),
            start_minute=minute_of(self.start.time()),
            place=self.place.text(),
            trainers=self.trainers.text(),
        )


class CourseDetailsDialog(FormDialog):
    """Title, place and trainers of a course."""

    def __init__(self, store: Store, course: CourseDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.course_id = course.id
        self.setWindowTitle(_("Course details"))
        self.ui = Ui_CourseDetailsForm()
        self.ui.setupUi(self.body)
        self.title_edit, self.place, self.trainers = (
            self.ui.title_edit,
            self.ui.place,
            self.ui.trainers,
        )
        self.title_edit.setText(course.title)
        self.place.setText(course.place)
        self.trainers.setText(course.trainers)
        self.set_button_texts(_("Save"))
        self.setMinimumWidth(460)

    def submit(self) -> None:
        courses.update_course(
            self.store,
            self.course_id,
            title=self.title_edit.text(),
            place=self.place.text(),
            trainers=self.trainers.text(),
        )


class SessionDialog(FormDialog):
    """Add a session to a course, or move one (date, time) and change its topic."""

    def __init__(
        self,
        store: Store,
        course: CourseDetail,
        session: SessionRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.course = course
        self.session = session
        self.session_id: str | None = session.id if session else None
        if session is None:
            last = course.sessions[-1] if course.sessions else None
            day = last.session_date + timedelta(days=7) if last else date.today()
            start = last.start_minute if last else courses.DEFAULT_START_MINUTE
            end = last.end_minute if last else start + 4 * setup.get_office(store).unit_minutes
            topic = ""
            self.setWindowTitle(_("Add session"))
        else:
            day, start, end, topic = (
                session.session_date,
                session.start_minute,
                session.end_minute,
                session.topic,
            )
            self.setWindowTitle(_("Move or change session"))
        self.ui = Ui_SessionForm()
        self.ui.setupUi(self.body)
        self.date, self.start, self.end = self.ui.date, self.ui.start, self.ui.end
        self.topic = self.ui.topic
        self.date.set_date(day)
        self.start.setTime(qtime(start))
        self.end.setTime(qtime(end))
        self.topic.setText(topic)
        # Only a session that exists can have attendance recorded.
        self.ui.form.setRowVisible(self.ui.note, session is not None)
        self.set_button_texts(_("Add") if session is None else _("Save"))

    def submit(self) -> None:
        start, end = minute_of(self.start.time()), minute_of(self.end.time())
        if end <= start:
            raise ValidationError(_("The session must end after it starts."), field="end")
        if self.session is None:
            self.session_id = courses.add_session(
                self.store,
                course_id=self.course.id,
                session_date=self.date.required_date("session_date"),
                start_minute=start,
                end_minute=end,
                topic=self.topic.text(),
            )
        else:
            courses.update_session(
                self.store,
                self.session.id,
                session_date=self.date.required_date("session_date"),
                start_minute=start,
                end_minute=end,
                topic=self.topic.text(),
            )


class AddParticipantsDialog(FormDialog):
    """Pick people from the volunteer list (diacritic-insensitive search) and enrol them."""

    SEARCH_LIMIT = 200

    def __init__(self, store: Store, course: CourseDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.course = course
        self.result_of_enrolment: EnrolResult | None = None
        self.enrolled = {p.volunteer_id for p in course.participants}
        self.setWindowTitle(_("Add participants to “{course}”").format(course=course.title))
        self.ui = Ui_AddParticipantsForm()
        self.ui.setupUi(self.body)
        ui = self.ui
        self.search, self.enrolled_on = ui.search, ui.enrolled_on
        self.count_label, self.hint = ui.count_label, ui.hint
        self.model = VolunteerPickModel(self)
        self.table = read_only_table(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(VolunteerPickModel.LANGUAGES, QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip(_("Select one or more people (Ctrl or Shift for several)"))
        self.table.doubleClicked.connect(lambda _index: self.accept())
        ui.table_slot.addWidget(self.table)
        QWidget.setTabOrder(self.search, self.table)
        QWidget.setTabOrder(self.table, self.enrolled_on)
        self.enrolled_on.set_date(course.first_date or date.today())
        self.set_button_texts(_("Enrol"))
        self.search.settled.connect(lambda _text: self.run_search())
        self.search.installEventFilter(self)
        self.table.selectionModel().selectionChanged.connect(self._update_hint)
        self.enrolled_on.textChanged.connect(self._update_hint)
        self.run_search()
        self._update_hint()
        self.resize(640, 520)
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the search field searches and goes to the list; it does not enrol yet."""
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._search_and_focus()
            return True
        return super().eventFilter(watched, event)

    def _search_and_focus(self) -> None:
        self.run_search()
        if self.model.rowCount():
            self.table.setFocus()
            for row in range(self.model.rowCount()):
                if self.model.row_at(row).id not in self.enrolled:
                    self.table.selectRow(row)
                    break

    def run_search(self) -> None:
        self.search.cancel()
        rows = volunteers.list_volunteers(
            self.store,
            search=self.search.text(),
            limit=self.SEARCH_LIMIT,
            with_qualification=False,
        )
        self.model.set_volunteers(rows, self.enrolled)
        if len(rows) >= self.SEARCH_LIMIT:
            self.count_label.setText(
                _("The first {n} matches are shown; type more of the name to narrow down.").format(
                    n=self.SEARCH_LIMIT
                )
            )
        elif not rows:
            self.count_label.setText(_("Nobody found."))
        else:
            self.count_label.setText("")

    def selected_ids(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [
            self.model.row_at(row).id
            for row in rows
            if self.model.row_at(row).id not in self.enrolled
        ]

    def _update_hint(self, *args: object) -> None:
        chosen = len(self.selected_ids())
        day = self.enrolled_on.peek_date()  # a wrong date is refused when saving
        earlier = sum(1 for s in self.course.sessions if day and s.session_date < day)
        text = _("{count} selected.").format(count=chosen)
        hints = enrolment_hints.second_basis_hints(self.store, self.course.id, self.selected_ids())
        if hints:
            text += "\n" + "\n".join(hints)
        if earlier:
            text += " " + ngettext(
                "Late enrolment: the first session will show as “not enrolled”.",
                "Late enrolment: the first {n} sessions will show as “not enrolled”.",
                earlier,
            ).format(n=earlier)
        self.hint.setText(text)

    def submit(self) -> None:
        ids = self.selected_ids()
        if not ids:
            raise ValidationError(_("Please select at least one person in the list."))
        self.result_of_enrolment = courses.enrol_volunteers(
            self.store,
            course_id=self.course.id,
            volunteer_ids=ids,
            enrolled_on=self.enrolled_on.required_date("enrolled_on"),
        )
