"""Kurse & Anwesenheit: the course list and, per course, attendance grid, sessions and participants.

The list takes the whole page; Enter opens a course so that the attendance grid gets the full
width of a 1366×768 laptop screen. Alt+Left (or the button) goes back to the list.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QAction, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lotsen_desktop.domain.vocabulary import ModuleKind
from lotsen_desktop.errors import LotsenError, NotFoundError
from lotsen_desktop.gui.dialogs.course_dialogs import (
    AddParticipantsDialog,
    CourseDetailsDialog,
    NewCourseDialog,
    SessionDialog,
)
from lotsen_desktop.gui.list_actions import ParticipantListButtons
from lotsen_desktop.gui.models.course_models import (
    CourseListModel,
    ParticipantTableModel,
    SessionTableModel,
    period,
)
from lotsen_desktop.gui.models.paged_model import first_pages
from lotsen_desktop.gui.pages.base import Page, PageAction
from lotsen_desktop.gui.views import feedback
from lotsen_desktop.gui.views.attendance_grid_view import AttendancePanel
from lotsen_desktop.gui.views.course_lock_bar import CourseLockBar
from lotsen_desktop.gui.views.feedback import InlineMessage
from lotsen_desktop.gui.widgets import (
    DebouncedLineEdit,
    read_only_table,
    size_columns_from_samples,
)
from lotsen_desktop.i18n import _, format_number
from lotsen_desktop.services import courses
from lotsen_desktop.services.courses import CourseDetail
from lotsen_desktop.store.database import Store

#: Course lists cut long titles in the middle: "… 2026/13" stays readable.
ELIDE = Qt.TextElideMode.ElideMiddle

_CoursesRead = tuple[list[str], list[courses.CourseRow], dict[int, list[courses.CourseRow]]]


def _courses_start(
    store: Store, search: str, sort: str, descending: bool, wanted: str | None, page_size: int
) -> _CoursesRead:
    """The ids of the course list, the rows of its first page and of the page ``wanted`` is on
    (made in the worker thread)."""
    ids = courses.list_course_ids(store, search=search, sort=sort, descending=descending)
    first, more = first_pages(ids, lambda page: courses.course_rows(store, page), wanted, page_size)
    return ids, first, more


def _fixed_course_columns(table: QTableView) -> None:
    """Widths from the font, not from the rows (thousands of courses: no row is read to size a
    column): a long course title, a state, a module kind, a period, a place, two trainers and a
    few digits; at least the header's title with the sort arrow. The course title (the key
    column) takes what is left (``_TitleTakesTheRest``); in a narrow window the table scrolls
    sideways instead of squeezing a column."""
    header = table.horizontalHeader()
    samples = {
        CourseListModel.TITLE: "Basisqualifizierung Integrationslots… 2026/13",
        CourseListModel.STATE: "🔒 " + _("finished, locked"),  # in the language shown
        CourseListModel.MODULE: ModuleKind.SPEZIALISIERUNG.label,
        CourseListModel.PERIOD: "00.00.0000 – 00.00.0000",
        CourseListModel.PLACE: "Bürgerhaus Mitte",
        CourseListModel.TRAINERS: "A. Mustermann, B. Beispiel",
        CourseListModel.SESSIONS: "000",
        CourseListModel.PARTICIPANTS: "000",
    }
    size_columns_from_samples(table, samples, bold_rows=True)  # running courses are bold
    header.setStretchLastSection(False)
    fit = table.findChild(_TitleTakesTheRest)
    if fit is None:
        fit = _TitleTakesTheRest(table)
        table.viewport().installEventFilter(fit)
    fit.least = header.sectionSize(CourseListModel.TITLE)
    fit.fit()


class _TitleTakesTheRest(QObject):
    """Widens the title column to the room the other columns leave when the table is resized
    (never narrower than its sample: then the table scrolls sideways)."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self.least = 0

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        others = sum(
            header.sectionSize(c) for c in range(header.count()) if c != CourseListModel.TITLE
        )
        room = self.table.viewport().width() - others
        header.resizeSection(CourseListModel.TITLE, max(self.least, room))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False


class CoursesPage(Page):
    """Course list → course (Anwesenheit | Termine | Teilnehmende)."""

    shown_tables = frozenset(
        {
            "course",
            "course_session",
            "enrolment",
            "attendance",
            "volunteer",
            "module",
            "office",
            "course_lock",
            "certificate",
        }
    )

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.course: CourseDetail | None = None
        self.dialog: QDialog | None = None
        self.stack = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.stack)
        self._build_list()
        self._build_detail()
        self.stack.addWidget(self.list_widget)
        self.stack.addWidget(self.detail_widget)
        self.retranslate()
        self.refresh()

    # --- building --------------------------------------------------------------------------

    def _build_list(self) -> None:
        self.list_widget = QWidget(self)
        self.list_heading = QLabel(self.list_widget)
        heading_font = QFont(self.list_heading.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.3)
        heading_font.setBold(True)
        self.list_heading.setFont(heading_font)
        self.search = DebouncedLineEdit(self.list_widget)
        self.search.setMaximumWidth(420)
        self.new_button = QPushButton(self.list_widget)
        self.new_button.clicked.connect(self.new_course)
        self.open_button = QPushButton(self.list_widget)
        self.open_button.clicked.connect(self.open_selected)
        # Thousands of courses at a large office: the model holds their ids and reads the rows
        # in view; the columns have fixed widths (no row is read to size one) and a click on a
        # column header reads the ids again in that order.
        store = self.store
        self.course_model = CourseListModel(lambda ids: courses.course_rows(store, ids), self)
        self.course_table = read_only_table(
            self.course_model, self.list_widget, sortable=True, stretch_last=False, elide=ELIDE
        )
        self.course_model.sort_requested.connect(lambda *_args: self.reload_list())
        _fixed_course_columns(self.course_table)
        self.course_table.activated.connect(self._open_index)
        self.course_table.selectionModel().currentRowChanged.connect(self._list_selection)
        self.list_empty = QLabel(self.list_widget)
        self.list_empty.setWordWrap(True)
        self.search.settled.connect(lambda _text: self.reload_list())
        self.search.returnPressed.connect(self._search_enter)

        top = QHBoxLayout()
        top.addWidget(self.list_heading)
        top.addStretch(1)
        top.addWidget(self.search, 2)
        top.addWidget(self.new_button)
        top.addWidget(self.open_button)
        layout = QVBoxLayout(self.list_widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list_empty)
        layout.addWidget(self.course_table, 1)

    def _build_detail(self) -> None:
        self.detail_widget = QWidget(self)
        self.back_button = QPushButton(self.detail_widget)
        self.back_button.clicked.connect(self.show_list)
        back = QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self.detail_widget)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.show_list)
        self.course_title = QLabel(self.detail_widget)
        title_font = QFont(self.course_title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        self.course_title.setFont(title_font)
        self.course_title.setTextFormat(Qt.TextFormat.PlainText)
        self.course_info = QLabel(self.detail_widget)
        self.course_info.setTextFormat(Qt.TextFormat.PlainText)
        self.course_info.setWordWrap(True)
        self.edit_button = QPushButton(self.detail_widget)
        self.edit_button.clicked.connect(self.edit_course)
        self.delete_button = QPushButton(self.detail_widget)
        self.delete_button.clicked.connect(self.delete_course)
        self.detail_message = InlineMessage(self.detail_widget)
        self.lock_bar = CourseLockBar(self.store, self.detail_widget)
        self.lock_bar.changed.connect(self._after_change)
        self.lock_bar.message.connect(self.detail_message.show_message)

        self.tabs = QTabWidget(self.detail_widget)
        self.attendance = AttendancePanel(self.store, self.tabs)
        self.attendance.model.changed.connect(self._attendance_changed)
        self.attendance.model.before_save = self.lock_bar.confirm_change
        self.tabs.addTab(self.attendance, "")

        self.sessions_tab = QWidget(self.tabs)
        self.session_model = SessionTableModel(self)
        self.session_table = read_only_table(
            self.session_model, self.sessions_tab, stretch_last=False, elide=ELIDE
        )
        session_header = self.session_table.horizontalHeader()
        session_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        session_header.setSectionResizeMode(SessionTableModel.TOPIC, QHeaderView.ResizeMode.Stretch)
        self.session_table.activated.connect(lambda _index: self.move_session())
        self.add_session_button = QPushButton(self.sessions_tab)
        self.add_session_button.clicked.connect(self.add_session)
        self.move_session_button = QPushButton(self.sessions_tab)
        self.move_session_button.clicked.connect(self.move_session)
        self.remove_session_button = QPushButton(self.sessions_tab)
        self.remove_session_button.clicked.connect(self.remove_session)
        self._delete_action(self.session_table, self.remove_session)
        session_buttons = QHBoxLayout()
        for button in (
            self.add_session_button,
            self.move_session_button,
            self.remove_session_button,
        ):
            session_buttons.addWidget(button)
        session_buttons.addStretch(1)
        sessions_layout = QVBoxLayout(self.sessions_tab)
        sessions_layout.addLayout(session_buttons)
        sessions_layout.addWidget(self.session_table, 1)
        self.tabs.addTab(self.sessions_tab, "")

        self.participants_tab = QWidget(self.tabs)
        self.participant_model = ParticipantTableModel(self)
        self.participant_table = read_only_table(
            self.participant_model,
            self.participants_tab,
            sortable=True,
            stretch_last=False,
            elide=ELIDE,
        )
        participant_header = self.participant_table.horizontalHeader()
        participant_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        participant_header.setSectionResizeMode(
            ParticipantTableModel.NAME, QHeaderView.ResizeMode.Stretch
        )
        self.add_participants_button = QPushButton(self.participants_tab)
        self.add_participants_button.clicked.connect(self.add_participants)
        self.remove_participant_button = QPushButton(self.participants_tab)
        self.remove_participant_button.clicked.connect(self.remove_participant)
        self._delete_action(self.participant_table, self.remove_participant)
        participant_buttons = QHBoxLayout()
        participant_buttons.addWidget(self.add_participants_button)
        participant_buttons.addWidget(self.remove_participant_button)
        participant_buttons.addStretch(1)
        self.participant_list_buttons = ParticipantListButtons(self)
        participant_buttons.addWidget(self.participant_list_buttons)
        participants_layout = QVBoxLayout(self.participants_tab)
        participants_layout.addLayout(participant_buttons)
        participants_layout.addWidget(self.participant_table, 1)
        self.tabs.addTab(self.participants_tab, "")

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.course_title, 1)
        top.addWidget(self.edit_button)
        top.addWidget(self.delete_button)
        layout = QVBoxLayout(self.detail_widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.course_info)
        layout.addWidget(self.lock_bar)
        layout.addWidget(self.detail_message)
        layout.addWidget(self.tabs, 1)

    def _delete_action(self, table: QTableView, slot: object) -> None:
        action = QAction(table)
        action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)  # type: ignore[arg-type]
        table.addAction(action)

    # --- Page ------------------------------------------------------------------------------

    def page_title(self) -> str:
        return _("Courses & attendance")

    def refresh(self, changed: set[str] | None = None) -> None:
        if not self.shows(changed):
            return
        self.reload_list()
        if self.course is not None:
            self._reload_course(keep_message=True)

    def supported_actions(self) -> set[PageAction]:
        """Ctrl+F puts the cursor into this page's search field."""
        return {PageAction.SEARCH}

    def focus_search(self) -> None:
        self.show_list()
        self.search.setFocus()
        self.search.selectAll()

    def retranslate(self) -> None:
        self.list_heading.setText(_("Courses"))
        self.search.setPlaceholderText(_("Search courses…"))
        self.search.setToolTip(_("Filter the courses by title or module"))
        self.new_button.setText(_("&New course…"))
        self.new_button.setToolTip(_("Create a course of a catalogue module with its sessions"))
        self.open_button.setText(_("&Open"))
        self.open_button.setToolTip(_("Open the selected course (Enter)"))
        self.back_button.setText(_("← All courses"))
        self.back_button.setToolTip(_("Back to the course list (Alt+Left)"))
        self.edit_button.setText(_("&Details…"))
        self.edit_button.setToolTip(_("Change title, place and trainers"))
        self.delete_button.setText(_("Delete course…"))
        self.delete_button.setToolTip(
            _("Delete the course with its sessions, enrolments and attendance")
        )
        self.tabs.setTabText(0, _("&Attendance"))
        self.tabs.setTabToolTip(0, _("Who was there: participants × sessions"))
        self.tabs.setTabText(1, _("&Sessions"))
        self.tabs.setTabToolTip(1, _("Dates, times and topics of the course"))
        self.tabs.setTabText(2, _("&Participants"))
        self.tabs.setTabToolTip(2, _("Who is enrolled, and from when"))
        self.add_session_button.setText(_("Add session…"))
        self.add_session_button.setToolTip(_("Add another date to the course"))
        self.move_session_button.setText(_("Move or change…"))
        self.move_session_button.setToolTip(
            _("Move the selected session to another date or time (Enter)")
        )
        self.remove_session_button.setText(_("Remove…"))
        self.remove_session_button.setToolTip(
            _("Remove the selected session with its attendance (Del)")
        )
        self.add_participants_button.setText(_("Add participants…"))
        self.add_participants_button.setToolTip(_("Enrol people from the volunteer list"))
        self.remove_participant_button.setText(_("Take off the course…"))
        self.remove_participant_button.setToolTip(
            _("Take the selected person off the course, with their attendance (Del)")
        )
        self.participant_list_buttons.retranslate()
        for model in (self.course_model, self.session_model, self.participant_model):
            model.retranslate()
        _fixed_course_columns(self.course_table)  # the titles may be wider now
        self.attendance.retranslate()
        self.lock_bar.retranslate()
        self._update_list_empty()
        self._show_course_header()

    # --- list ------------------------------------------------------------------------------

    def list_order(self) -> tuple[str, bool]:
        """The order the list is in: the sort of the clicked column header, else the newest
        first (``courses.list_course_ids``' sort name, descending)."""
        header = self.course_table.horizontalHeader()
        key = CourseListModel.SORT_KEYS.get(header.sortIndicatorSection())
        if key is None:
            return "period", True
        return key, header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    def reload_list(self) -> None:
        """Read the course list again in the background (the search field stays usable): the
        ids in the list's order with the first page of rows, and the page of the selected
        course."""
        self.search.cancel()
        store, text = self.store, self.search.text()
        sort, descending = self.list_order()
        wanted = self._selected_course_id()
        page_size = self.course_model.page_size
        self.loader.load(
            "courses",
            lambda: _courses_start(store, text, sort, descending, wanted, page_size),
            self._show_list_rows,
            busy=self.course_table,
        )

    def _show_list_rows(self, found: _CoursesRead) -> None:
        ids, first, more = found
        current = self._selected_course_id()
        self.course_model.set_ids(ids, first, more)
        row = self.course_model.row_of(current) if current else -1
        if row < 0 and self.course_model.rowCount():
            row = 0
        if row >= 0:
            self.course_table.selectionModel().setCurrentIndex(
                self.course_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._update_list_empty()
        self._list_selection()

    def _update_list_empty(self) -> None:
        text = ""
        if not self.course_model.rowCount() and not self.loader.is_loading("courses"):
            text = (
                _("No course matches the search.")
                if self.search.text().strip()
                else _("No courses yet. Create the first one with “New course…”.")
            )
        self.list_empty.setText(text)
        self.list_empty.setVisible(bool(text))

    def _search_enter(self) -> None:
        self.reload_list()
        self.course_table.setFocus()

    def _selected_course_id(self) -> str | None:
        index = self.course_table.currentIndex()
        if not index.isValid():
            return None
        ids = self.course_model.ids()
        return ids[index.row()] if 0 <= index.row() < len(ids) else None  # reads no row

    def _list_selection(self, *args: object) -> None:
        self.open_button.setEnabled(self._selected_course_id() is not None)

    def _open_index(self, index: QModelIndex) -> None:
        ids = self.course_model.ids()
        if index.isValid() and index.row() < len(ids):
            self.open_course(ids[index.row()])

    def open_selected(self) -> None:
        course_id = self._selected_course_id()
        if course_id:
            self.open_course(course_id)

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_widget)
        self.course_table.setFocus()

    def new_course(self) -> None:
        dialog = NewCourseDialog(self.store, self)
        dialog.accepted.connect(lambda: self._course_created(dialog))
        self._open_dialog(dialog)

    def _course_created(self, dialog: NewCourseDialog) -> None:
        self.changes.deliver_now()
        if dialog.course_id:
            self.open_course(dialog.course_id)
            self.tabs.setCurrentWidget(self.participants_tab)
            self.detail_message.show_info(_("Course created. Now add its participants."))

    def _open_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    # --- one course ------------------------------------------------------------------------

    def open_course(self, course_id: str) -> None:
        """Show a course with its attendance grid (the cursor in today's session)."""
        self.detail_message.clear()
        try:
            self.course = courses.get_course(self.store, course_id)
        except NotFoundError as error:
            self.course = None
            self.reload_list()
            self.show_list()
            self.list_empty.setText(str(error))
            self.list_empty.show()
            return
        self.attendance.load(course_id)
        self._show_lock()
        self._fill_course_tabs()
        self._show_course_header()
        self.tabs.setCurrentWidget(self.attendance)
        self.stack.setCurrentWidget(self.detail_widget)
        self.attendance.view.setFocus()

    def _reload_course(self, keep_message: bool = False) -> None:
        if self.course is None:
            return
        if not keep_message:
            self.detail_message.clear()
        try:
            self.course = courses.get_course(self.store, self.course.id)
        except NotFoundError:
            self.course = None
            self.show_list()
            return
        self.attendance.reload()
        self._show_lock()
        self._fill_course_tabs()
        self._show_course_header()

    def _show_lock(self) -> None:
        """A finished, locked course: its grid, sessions and participants cannot be changed."""
        self.lock_bar.load(self.course.id if self.course is not None else None)
        locked = self.lock_bar.locked
        self.attendance.model.set_locked(locked)
        for button in (
            self.add_session_button,
            self.move_session_button,
            self.remove_session_button,
            self.add_participants_button,
            self.remove_participant_button,
            self.delete_button,
        ):
            button.setEnabled(not locked)

    def _fill_course_tabs(self) -> None:
        assert self.course is not None
        grid = self.attendance.model.grid
        unit = grid.unit_minutes if grid else 45
        self.session_model.set_sessions(self.course.sessions, unit)
        self.participant_model.set_participants(
            self.course.participants, grid.totals if grid else {}, unit
        )
        header = self.participant_table.horizontalHeader()
        if header.sortIndicatorSection() >= 0:
            self.participant_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def _show_course_header(self) -> None:
        course = self.course
        if course is None:
            self.course_title.setText("")
            self.course_info.setText("")
            return
        module = course.module
        grid = self.attendance.model.grid
        unit = grid.unit_minutes if grid else 45
        required = module.planned_minutes * module.threshold_percent / 100 / unit
        parts = [
            f"{module.title} ({ModuleKind(module.kind).label})",
            _("{count} sessions, {period}").format(
                count=len(course.sessions), period=period(course.first_date, course.last_date)
            ),
        ]
        if course.place:
            parts.append(course.place)
        if course.trainers:
            parts.append(_("Trainers: {names}").format(names=course.trainers))
        parts.append(
            _("{planned} UE planned, {required} UE needed ({percent} %)").format(
                planned=format_number(module.hours, 1),
                required=format_number(required, 1),
                percent=module.threshold_percent,
            )
        )
        self.course_title.setText(course.title)
        self.course_info.setText(" · ".join(parts))

    def _attendance_changed(self) -> None:
        grid = self.attendance.model.grid
        if grid is not None and self.course is not None:
            self.participant_model.set_participants(
                self.course.participants, grid.totals, grid.unit_minutes
            )

    def _after_change(self, message: str = "", kind: str = "info") -> None:
        """Show the result of this page's action now (its commit refreshes the page)."""
        self.detail_message.clear()
        self.changes.deliver_now()
        if message:
            self.detail_message.show_message(message, kind)

    def edit_course(self) -> None:
        if self.course is None:
            return
        dialog = CourseDetailsDialog(self.store, self.course, self)
        dialog.accepted.connect(lambda: self._after_change(_("Course details saved.")))
        self._open_dialog(dialog)

    def delete_course(self) -> None:
        course = self.course
        if course is None:
            return
        question = _(
            "Delete the course “{title}” with its {sessions} sessions, {people} enrolments "
            "and all attendance marks? This cannot be undone."
        ).format(title=course.title, sessions=len(course.sessions), people=len(course.participants))
        if not feedback.confirm(self, _("Delete course"), question):
            return
        try:
            courses.delete_course(self.store, course.id)
        except LotsenError as error:
            self.detail_message.show_error(str(error))
            return
        self.course = None
        self.attendance.load(None)
        self.changes.deliver_now()
        self.show_list()

    # sessions

    def _selected_session(self) -> courses.SessionRow | None:
        rows = self.session_table.selectionModel().selectedRows()
        return self.session_model.row_at(rows[0].row()) if rows else None

    def add_session(self) -> None:
        if self.course is None:
            return
        dialog = SessionDialog(self.store, self.course, None, self)
        dialog.accepted.connect(lambda: self._after_change(_("Session added.")))
        self._open_dialog(dialog)

    def move_session(self) -> None:
        session = self._selected_session()
        if self.course is None or session is None:
            self.detail_message.show_warning(_("Please select a session first."))
            return
        if not self.lock_bar.confirm_change():
            return
        dialog = SessionDialog(self.store, self.course, session, self)
        dialog.accepted.connect(lambda: self._after_change(_("Session changed.")))
        self._open_dialog(dialog)

    def remove_session(self) -> None:
        session = self._selected_session()
        if self.course is None or session is None:
            self.detail_message.show_warning(_("Please select a session first."))
            return
        question = _("Remove the session on {date} and the attendance recorded for it?").format(
            date=session.session_date.strftime("%d.%m.%Y")
        )
        if not feedback.confirm(self, _("Remove session"), question):
            return
        if not self.lock_bar.confirm_change():
            return
        try:
            courses.remove_session(self.store, session.id)
        except LotsenError as error:
            self.detail_message.show_error(str(error))
            return
        self._after_change(
            _("Session on {date} removed.").format(date=session.session_date.strftime("%d.%m.%Y")),
        )

    # participants

    def add_participants(self) -> None:
        if self.course is None:
            return
        dialog = AddParticipantsDialog(self.store, self.course, self)
        dialog.accepted.connect(lambda: self._participants_added(dialog))
        self._open_dialog(dialog)

    def _participants_added(self, dialog: AddParticipantsDialog) -> None:
        result = dialog.result_of_enrolment
        if result is None:
            return
        message = _("{count} enrolled.").format(count=len(result.enrolled))
        kind = "info"
        if result.warnings:
            message += "\n" + "\n".join(result.warnings)
            kind = "warning"
        self._after_change(message, kind)

    def _selected_participant(self) -> courses.ParticipantRow | None:
        rows = self.participant_table.selectionModel().selectedRows()
        return self.participant_model.row_at(rows[0].row()) if rows else None

    def remove_participant(self) -> None:
        person = self._selected_participant()
        if self.course is None or person is None:
            self.detail_message.show_warning(_("Please select a participant first."))
            return
        name = f"{person.given_name} {person.family_name}"
        question = _(
            "Take {name} off the course “{title}”? Their attendance in this course is deleted."
        ).format(name=name, title=self.course.title)
        if not feedback.confirm(self, _("Take off the course"), question):
            return
        if not self.lock_bar.confirm_change([person.volunteer_id]):
            return
        try:
            courses.unenrol_volunteer(
                self.store, course_id=self.course.id, volunteer_id=person.volunteer_id
            )
        except LotsenError as error:
            self.detail_message.show_error(str(error))
            return
        self._after_change(
            _("{name} was taken off the course.").format(name=name),
        )
