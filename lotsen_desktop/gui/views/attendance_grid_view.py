"""The attendance grid as trainers use it during a session: keyboard first, readable at 1366×768.

Keys: arrows move; Space cycles (empty → ✓ → E → ✗ → empty); A, E, U (or -) set present,
excused, absent and go to the next person; T asks the minutes of a partial attendance; F2 edits
them; Delete clears; Shift+A marks everyone still empty in the session present.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lotsen_desktop.gui.models.attendance_grid_model import (
    ABSENT,
    EXCUSED,
    PARTIAL,
    PRESENT,
    STYLE,
    AttendanceGridModel,
    state_label,
)
from lotsen_desktop.gui.views.feedback import InlineMessage
from lotsen_desktop.i18n import _
from lotsen_desktop.services.courses import NOT_ENROLLED
from lotsen_desktop.store.database import Store

Index = QModelIndex | QPersistentModelIndex

LETTER_STATES = {
    Qt.Key.Key_A: PRESENT,
    Qt.Key.Key_E: EXCUSED,
    Qt.Key.Key_U: ABSENT,
    Qt.Key.Key_Minus: ABSENT,
}


class MinutesDelegate(QStyledItemDelegate):
    """Edits the minutes of a partial attendance in a spin box a little wider than the cell."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QSpinBox(parent)
        editor.setRange(0, 24 * 60)
        editor.setSuffix(" " + _("min"))
        editor.setAccessibleName(_("Minutes present"))
        editor.setToolTip(_("Minutes present at this session; Enter saves, Esc cancels"))
        editor.setFrame(True)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QSpinBox):
            editor.setValue(int(index.data(Qt.ItemDataRole.EditRole) or 0))
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QSpinBox):
            editor.interpretText()
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        rect = option.rect  # type: ignore[attr-defined]
        editor.setGeometry(rect.x(), rect.y(), max(rect.width(), 96), rect.height())


class AttendanceGridView(QTableView):
    """A ``QTableView`` with the trainer's keys; names are the (frozen) vertical header."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setItemDelegate(MinutesDelegate(self))
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setAlternatingRowColors(False)
        # The cursor is a thick frame over the cell's own colour, so its state stays readable.
        self.setStyleSheet(
            "QTableView { gridline-color: #b8b8b8;"
            " selection-background-color: rgba(26, 86, 219, 45); selection-color: black; }"
            " QTableView::item:focus, QTableView::item:selected { border: 3px solid #1a56db; }"
        )
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(max(24, self.fontMetrics().height() + 8))
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        vertical.setSectionsClickable(False)
        horizontal = self.horizontalHeader()
        horizontal.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        horizontal.setHighlightSections(True)
        horizontal.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        horizontal.customContextMenuRequested.connect(self._header_menu)
        horizontal.sectionClicked.connect(self._go_to_column)
        self.clicked.connect(self._clicked)
        self.setAccessibleName(_("Attendance grid"))

    def grid_model(self) -> AttendanceGridModel:
        model = self.model()
        assert isinstance(model, AttendanceGridModel)
        return model

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if isinstance(model, AttendanceGridModel):
            model.modelReset.connect(self.apply_layout)
            self.apply_layout()

    def apply_layout(self) -> None:
        """Compact session columns (dd.mm.), totals sized to their text."""
        model = self.grid_model()
        header = self.horizontalHeader()
        width = max(48, self.fontMetrics().horizontalAdvance("00.00.") + 18)
        for column in range(model.columnCount()):
            if model.is_session_column(column):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
                header.resizeSection(column, width)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def place_cursor(self) -> None:
        """Start at the first person in today's (or the latest past) session."""
        model = self.grid_model()
        if model.rowCount() and model.session_count:
            column = model.default_column()
            self.setCurrentIndex(model.index(0, column))
            self.scrollTo(model.index(0, column))

    # --- keyboard and mouse ----------------------------------------------------------------

    def keyboardSearch(self, search: str) -> None:
        """Letters are commands here, not a search."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        model = self.grid_model()
        if modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            shift = modifiers == Qt.KeyboardModifier.ShiftModifier
            if key == Qt.Key.Key_A and shift:
                if index.isValid():
                    model.mark_all_present(index.column())
                event.accept()
                return
            if not shift and key == Qt.Key.Key_Space and index.isValid():
                model.cycle(index)
                event.accept()
                return
            if not shift and key in LETTER_STATES and index.isValid():
                if model.set_state(index, LETTER_STATES[Qt.Key(key)]):
                    self._next_person(index)
                event.accept()
                return
            if not shift and key == Qt.Key.Key_T and index.isValid():
                self.edit_partial(index)
                event.accept()
                return
            if not shift and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and index.isValid():
                model.set_state(index, None)
                event.accept()
                return
        super().keyPressEvent(event)

    def _next_person(self, index: Index) -> None:
        model = self.grid_model()
        if index.row() + 1 < model.rowCount():
            self.setCurrentIndex(model.index(index.row() + 1, index.column()))

    def edit_partial(self, index: Index) -> None:
        """Open the minutes editor (T) of a cell a person can be marked in."""
        model = self.grid_model()
        if not model.is_markable(index):
            model.set_state(index, PARTIAL, 1)  # explains why not
            return
        self.setCurrentIndex(model.index(index.row(), index.column()))
        self.edit(model.index(index.row(), index.column()))

    def _clicked(self, index: QModelIndex) -> None:
        if self.grid_model().is_session_column(index.column()):
            self.grid_model().cycle(index)

    def _go_to_column(self, column: int) -> None:
        model = self.grid_model()
        row = max(0, self.currentIndex().row())
        if model.rowCount():
            self.setCurrentIndex(model.index(row, column))

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        model = self.grid_model()
        if event.reason() == QContextMenuEvent.Reason.Keyboard:  # the menu key: current cell
            index = self.currentIndex()
            position = self.viewport().mapToGlobal(self.visualRect(index).center())
        else:
            index = self.indexAt(event.pos())
            position = event.globalPos()
        if not index.isValid() or not model.is_session_column(index.column()):
            return
        self.setCurrentIndex(index)
        menu = QMenu(self)
        enabled = model.is_markable(index)
        for label, state in (
            (_("✓ Present\tA"), PRESENT),
            (_("E Excused\tE"), EXCUSED),
            (_("✗ Absent without excuse\tU"), ABSENT),
        ):
            action = menu.addAction(label)
            action.setEnabled(enabled)
            action.triggered.connect(lambda _checked=False, s=state, i=index: model.set_state(i, s))
        partial = menu.addAction(_("◐ Partly present…\tT"))
        partial.setEnabled(enabled)
        partial.triggered.connect(lambda _checked=False, i=index: self.edit_partial(i))
        clear = menu.addAction(_("Clear\tDel"))
        clear.setEnabled(enabled)
        clear.triggered.connect(lambda _checked=False, i=index: model.set_state(i, None))
        menu.addSeparator()
        everyone = menu.addAction(_("Everyone present in this session\tShift+A"))
        column = index.column()
        everyone.triggered.connect(lambda _checked=False, c=column: model.mark_all_present(c))
        menu.exec(position)

    def _header_menu(self, position: QPoint) -> None:
        column = self.horizontalHeader().logicalIndexAt(position)
        model = self.grid_model()
        if not model.is_session_column(column):
            return
        menu = QMenu(self)
        everyone = menu.addAction(
            _("Everyone present on {date}").format(
                date=model.session_at(column).session_date.strftime("%d.%m.%Y")
            )
        )
        everyone.triggered.connect(lambda _checked=False, c=column: model.mark_all_present(c))
        menu.exec(self.horizontalHeader().mapToGlobal(position))


def legend_html() -> str:
    """The key to the symbols, with their colours and keys, shown under the grid."""
    parts = []
    for state, label, key in (
        (PRESENT, _("present"), "A"),
        (EXCUSED, _("excused"), "E"),
        (ABSENT, _("absent without excuse"), "U"),
        (PARTIAL, _("partly present (minutes)"), "T"),
        (NOT_ENROLLED, _("not enrolled yet"), ""),
    ):
        symbol, background, foreground = STYLE[state]
        chip = (
            f'<span style="background:{background}; color:{foreground}; font-weight:bold;">'
            f"&nbsp;{symbol}&nbsp;</span>"
        )
        key_text = f" <b>[{key}]</b>" if key else ""
        parts.append(f"{chip} {label}{key_text}")
    keys = _(
        "Arrows move · Space changes · A/E/U record and go to the next person · "
        "Del clears · Shift+A: everyone present"
    )
    return "&nbsp;&nbsp; ".join(parts) + f"<br/><span style='color:#444'>{keys}</span>"


class AttendancePanel(QWidget):
    """Grid, "alle anwesend" button, legend and the inline message of one course."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AttendanceGridModel(store, self)
        self.view = AttendanceGridView(self)
        self.view.setModel(self.model)
        self.message = InlineMessage(self)
        self.model.message.connect(self._show_message)
        self.all_present_button = QPushButton(self)
        self.all_present_button.clicked.connect(self.mark_current_session_present)
        self.partial_button = QPushButton(self)
        self.partial_button.clicked.connect(
            lambda: self.view.edit_partial(self.view.currentIndex())
        )
        self.position_label = QLabel(self)
        self.position_label.setTextFormat(Qt.TextFormat.PlainText)
        self.legend = QLabel(self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.all_present_button)
        buttons.addWidget(self.partial_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.position_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend)
        self.view.selectionModel().currentChanged.connect(self._update_position)
        self.model.modelReset.connect(self._update_position)
        self.model.dataChanged.connect(self._update_position)
        self.retranslate()

    def load(self, course_id: str | None) -> None:
        self.message.clear()
        self.model.load(course_id)
        self.view.place_cursor()
        self._update_empty()

    def reload(self) -> None:
        self.model.reload()
        self._update_empty()

    def _update_empty(self) -> None:
        model = self.model
        text = ""
        if model.course_id and not model.session_count:
            text = _("This course has no sessions yet: add them under “Sessions”.")
        elif model.course_id and not model.rowCount():
            text = _("Nobody is enrolled yet: add participants under “Participants”.")
        self.empty_label.setText(text)
        self.empty_label.setVisible(bool(text))

    def _show_message(self, text: str, kind: str) -> None:
        self.message.show_message(text, kind)

    def mark_current_session_present(self) -> None:
        index = self.view.currentIndex()
        column = index.column() if index.isValid() else self.model.default_column()
        if self.model.is_session_column(column):
            self.model.mark_all_present(column)
        self.view.setFocus()

    def _update_position(self, *args: Any) -> None:
        index = self.view.currentIndex()
        model = self.model
        if not index.isValid() or not model.is_session_column(index.column()):
            self.position_label.setText("")
            self.all_present_button.setEnabled(model.session_count > 0)
            return
        person = model.participant_at(index.row())
        session = model.session_at(index.column())
        state = model.cell(index.row(), index.column()).state
        self.position_label.setText(
            _("{name} · session {number} on {date}: {state}").format(
                name=f"{person.given_name} {person.family_name}",
                number=index.column() + 1,
                date=session.session_date.strftime("%d.%m.%Y"),
                state=state_label(state),
            )
        )
        self.all_present_button.setEnabled(True)

    def retranslate(self) -> None:
        self.all_present_button.setText(_("Everyone present (Shift+A)"))
        self.all_present_button.setToolTip(
            _(
                "Marks everyone without an entry in the selected session as present; "
                "entries already made stay"
            )
        )
        self.partial_button.setText(_("Partly present… (T)"))
        self.partial_button.setToolTip(
            _("Record for how many minutes the selected person was there")
        )
        self.legend.setText(legend_html())
        self.view.setAccessibleName(_("Attendance grid"))
        self.model.retranslate()
        self._update_position()
        self._update_empty()
