"""Dialogs of the courses page: new course, course details, session, adding participants.

Each saves through a service in ``submit()``; a refused input is shown inline and nothing is
saved (``FormDialog``).
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTime, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QTimeEdit,
    QWidget,
)

from lotsen_desktop.domain import rules
from lotsen_desktop.domain.vocabulary import ModuleKind
from lotsen_desktop.errors import ValidationError
from lotsen_desktop.gui.models.course_models import VolunteerPickModel, clock
from lotsen_desktop.gui.views.feedback import FormDialog
from lotsen_desktop.i18n import _, format_number, ngettext
from lotsen_desktop.services import courses, modules, setup, volunteers
from lotsen_desktop.services.courses import CourseDetail, EnrolResult, SessionRow
from lotsen_desktop.store.database import Store

DATE_FORMAT = "dd.MM.yyyy"


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def minute_of(value: QTime) -> int:
    return value.hour() * 60 + value.minute()


def date_edit(parent: QWidget, value: date) -> QDateEdit:
    edit = QDateEdit(qdate(value), parent)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    return edit


def time_edit(parent: QWidget, minute: int) -> QTimeEdit:
    edit = QTimeEdit(QTime(minute // 60, minute % 60), parent)
    edit.setDisplayFormat("HH:mm")
    return edit


class NewCourseDialog(FormDialog):
    """A course of a catalogue module with a series of sessions (weekly by default)."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.course_id: str | None = None
        self.unit_minutes = setup.get_office(store).unit_minutes
        self.modules = [m for m in modules.list_modules(store) if m.active]
        self.setWindowTitle(_("New course"))
        self.module = QComboBox(self)
        for module in self.modules:
            self.module.addItem(
                f"{module.title} ({ModuleKind(module.kind).label}, "
                f"{format_number(module.hours, 1)} UE)",
                module.code,
            )
        self.module.setToolTip(_("The module of the catalogue this course runs"))
        self.title_edit = QLineEdit(self)
        self.title_edit.setToolTip(_("Name of this course run, e.g. with year and number"))
        self.place = QLineEdit(self)
        self.place.setToolTip(_("Where the course takes place"))
        self.trainers = QLineEdit(self)
        self.trainers.setToolTip(_("Who teaches the course (several separated by commas)"))
        self.first_date = date_edit(self, date.today())
        self.first_date.setToolTip(_("Date of the first session"))
        self.count = QSpinBox(self)
        self.count.setRange(1, 60)
        self.count.setValue(12)
        self.count.setToolTip(_("How many sessions the course has"))
        self.interval = QSpinBox(self)
        self.interval.setRange(1, 60)
        self.interval.setValue(7)
        self.interval.setSuffix(" " + _("days"))
        self.interval.setToolTip(_("Days between two sessions: 7 = weekly, 1 = daily"))
        self.start = time_edit(self, courses.DEFAULT_START_MINUTE)
        self.start.setToolTip(_("Start time of every session (each can be moved later)"))
        self.units = QDoubleSpinBox(self)
        self.units.setRange(0.5, 16)
        self.units.setSingleStep(0.5)
        self.units.setDecimals(1)
        self.units.setSuffix(" UE")
        self.units.setToolTip(_("Teaching units per session"))
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        self.form.addRow(_("&Module:"), self.module)
        self.form.addRow(_("&Title:"), self.title_edit)
        self.form.addRow(_("&Place:"), self.place)
        self.form.addRow(_("T&rainers:"), self.trainers)
        self.form.addRow(_("&First session:"), self.first_date)
        self.form.addRow(_("&Number of sessions:"), self.count)
        self.form.addRow(_("&Every:"), self.interval)
        self.form.addRow(_("&Starts at:"), self.start)
        self.form.addRow(_("&Units per session:"), self.units)
        self.form.addRow("", self.preview)
        self.set_button_texts(_("Create course"))
        self.module.currentIndexChanged.connect(self._module_changed)
        for signal in (
            self.count.valueChanged,
            self.interval.valueChanged,
            self.units.valueChanged,
            self.first_date.dateChanged,
            self.start.timeChanged,
        ):
            signal.connect(self._update_preview)
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
            self.title_edit.setText(f"{module.title} {pydate(self.first_date.date()).year}")
        sessions = self.count.value()
        self.units.setValue(round(max(0.5, module.hours / max(1, sessions)) * 2) / 2)
        self._update_preview()

    def _module(self) -> modules.ModuleRow | None:
        code = self.module.currentData()
        return next((m for m in self.modules if m.code == code), None)

    def session_dates(self) -> list[date]:
        first = pydate(self.first_date.date())
        return [
            first + timedelta(days=self.interval.value() * n) for n in range(self.count.value())
        ]

    def _update_preview(self) -> None:
        module = self._module()
        dates = self.session_dates()
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
        if module is not None:
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
        self.title_edit = QLineEdit(course.title, self)
        self.place = QLineEdit(course.place, self)
        self.trainers = QLineEdit(course.trainers, self)
        self.form.addRow(_("&Title:"), self.title_edit)
        self.form.addRow(_("&Place:"), self.place)
        self.form.addRow(_("T&rainers:"), self.trainers)
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
        self.date = date_edit(self, day)
        self.date.setToolTip(_("Day of the session"))
        self.start = time_edit(self, start)
        self.end = time_edit(self, end)
        self.topic = QLineEdit(topic, self)
        self.topic.setToolTip(_("What the session is about (shown in the grid's tooltips)"))
        self.form.addRow(_("&Date:"), self.date)
        self.form.addRow(_("&From:"), self.start)
        self.form.addRow(_("&Until:"), self.end)
        self.form.addRow(_("T&opic:"), self.topic)
        if session is not None:
            note = QLabel(_("Attendance already recorded for this session stays with it."), self)
            note.setWordWrap(True)
            self.form.addRow("", note)
        self.set_button_texts(_("Add") if session is None else _("Save"))

    def submit(self) -> None:
        start, end = minute_of(self.start.time()), minute_of(self.end.time())
        if end <= start:
            raise ValidationError(_("The session must end after it starts."), field="end")
        if self.session is None:
            self.session_id = courses.add_session(
                self.store,
                course_id=self.course.id,
                session_date=pydate(self.date.date()),
                start_minute=start,
                end_minute=end,
                topic=self.topic.text(),
            )
        else:
            courses.update_session(
                self.store,
                self.session.id,
                session_date=pydate(self.date.date()),
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
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search by name, e.g. sahin"))
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(
            _("Type part of a name; accents and special letters do not matter (sahin finds Şahin)")
        )
        self.model = VolunteerPickModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(VolunteerPickModel.LANGUAGES, QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip(_("Select one or more people (Ctrl or Shift for several)"))
        self.table.doubleClicked.connect(lambda _index: self.accept())
        first = course.first_date or date.today()
        self.enrolled_on = date_edit(self, first)
        self.enrolled_on.setToolTip(
            _(
                "Sessions before this date count as “not enrolled” for the new people, "
                "never as absent"
            )
        )
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.count_label = QLabel(self)
        self.form.addRow(_("&Search:"), self.search)
        self.form.addRow(self.table)
        self.form.addRow("", self.count_label)
        self.form.addRow(_("&Enrolled from:"), self.enrolled_on)
        self.form.addRow("", self.hint)
        self.set_button_texts(_("Enrol"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.installEventFilter(self)
        self.table.selectionModel().selectionChanged.connect(self._update_hint)
        self.enrolled_on.dateChanged.connect(self._update_hint)
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
        self._timer.stop()
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
        day = pydate(self.enrolled_on.date())
        earlier = sum(1 for s in self.course.sessions if s.session_date < day)
        text = _("{count} selected.").format(count=chosen)
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
            enrolled_on=pydate(self.enrolled_on.date()),
        )
