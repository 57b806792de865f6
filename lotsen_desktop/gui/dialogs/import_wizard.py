"""Import an existing volunteer list: choose the file, map its columns, check the preview, read
the report. Nothing is written before "Importieren" on the preview page; reading the preview and
the import itself run in the background with progress and cancel.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from lotsen_desktop.errors import LotsenError
from lotsen_desktop.gui import save_dialog
from lotsen_desktop.gui.operations import Operation, ProgressCallback, run_operation
from lotsen_desktop.gui.screen_fit import FitsScreen
from lotsen_desktop.gui.views.feedback import InlineMessage
from lotsen_desktop.gui.widgets import fit_to_screen
from lotsen_desktop.i18n import _, format_date_short, gettext
from lotsen_desktop.services import importing
from lotsen_desktop.store.database import Store

STATE_COLOURS = {
    importing.NEW: "#e3f4e3",
    importing.DUPLICATE: "#fff1c9",
    importing.INVALID: "#f8d7d7",
}
SAMPLE_ROWS = 3


def state_label(state: str) -> str:
    return {
        importing.NEW: _("new"),
        importing.DUPLICATE: _("probably already there"),
        importing.INVALID: _("invalid"),
    }[state]


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Choose the list"))
        self.setSubTitle(
            _(
                "An Excel file (.xlsx) or a CSV file with one person per row and the column "
                "titles in the first row."
            )
        )
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("path")
        self.path_edit.textChanged.connect(self.completeChanged)
        browse = QPushButton(_("Browse…"))
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.error = InlineMessage(compact=True)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def browse(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the list"), "", _("Lists (*.xlsx *.csv *.txt);;All files (*)")
        )
        if name:
            self.path_edit.setText(name)

    def isComplete(self) -> bool:
        return bool(self.path_edit.text().strip())

    def validatePage(self) -> bool:
        try:
            self.owner.source = importing.read_table(self.path_edit.text().strip())
        except LotsenError as error:
            self.error.show_error(str(error))
            return False
        self.error.clear()
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Which column holds what?"))
        self.setSubTitle(
            _("The columns were recognised by their titles. Correct them where needed.")
        )
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("mapping")
        self.table.setHorizontalHeaderLabels([_("Column"), _("Examples"), _("Field")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.combos: list[QComboBox] = []
        self.error = InlineMessage(compact=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)

    def initializePage(self) -> None:
        source = self.owner.source
        assert source is not None
        guessed = importing.guess_mapping(source.headers)
        self.table.setRowCount(len(source.headers))
        self.combos = []
        for index, header in enumerate(source.headers):
            self.table.setItem(index, 0, QTableWidgetItem(header or f"({index + 1})"))
            samples = [
                _sample(cells[index])
                for _line, cells in source.rows[:SAMPLE_ROWS]
                if index < len(cells)
            ]
            self.table.setItem(index, 1, QTableWidgetItem(" | ".join(s for s in samples if s)))
            combo = QComboBox()
            combo.addItem(_("(ignore)"), "")
            for name, label in importing.FIELDS:
                combo.addItem(gettext(label), name)
            combo.setCurrentIndex(max(0, combo.findData(guessed.get(index, ""))))
            self.table.setCellWidget(index, 2, combo)
            self.combos.append(combo)
        self.error.clear()

    def mapping(self) -> dict[int, str]:
        return {i: c.currentData() for i, c in enumerate(self.combos) if c.currentData()}

    def validatePage(self) -> bool:
        try:
            importing.check_mapping(self.mapping())
        except LotsenError as error:
            self.error.show_error(str(error))
            return False
        self.owner.mapping = self.mapping()
        return True


def _sample(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return format_date_short(value)
    return str(value)[:40]


class PreviewPage(QWizardPage):
    COLUMNS = 6

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Check before importing"))
        self.setSubTitle(
            _(
                "Nothing has been written yet. Rows probably already in the program are only "
                "imported when ticked; they are then listed for the duplicate review. Invalid "
                "rows are skipped."
            )
        )
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("preview")
        self.table.setHorizontalHeaderLabels(
            [_("Import"), _("Line"), _("Result"), _("Name"), _("Date of birth"), _("Why")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemChanged.connect(self._ticked)
        self.error = InlineMessage(compact=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        self.ready = False
        self.imported = False
        self.operation: Operation | None = None

    def initializePage(self) -> None:
        self.ready = False
        self.imported = False
        self.table.setRowCount(0)
        self.summary.setText(_("Checking the rows…"))
        self.error.clear()
        store, source, mapping = self.owner.store, self.owner.source, self.owner.mapping
        assert source is not None

        def work(report: ProgressCallback) -> importing.ImportPreview:
            return importing.preview_import(store, source, mapping, progress=report)

        self.operation = run_operation(
            self, _("Checking the rows…"), work, self.show_preview, on_error=self._failed
        )

    def _failed(self, error: object) -> None:
        self.error.show_error(str(error) if isinstance(error, LotsenError) else repr(error))
        self.summary.clear()

    def show_preview(self, preview: importing.ImportPreview) -> None:
        self.owner.preview = preview
        self.table.blockSignals(True)
        self.table.setRowCount(len(preview.rows))
        for number, row in enumerate(preview.rows):
            colour = QBrush(QColor(STATE_COLOURS[row.state]))
            tick = QTableWidgetItem()
            flags = Qt.ItemFlag.ItemIsEnabled
            if row.state == importing.DUPLICATE:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            tick.setFlags(flags)
            checked = row.state != importing.INVALID and row.include
            tick.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            reason = importing.skip_reason(row) if row.state != importing.NEW else ""
            cells = [
                tick,
                QTableWidgetItem(str(row.line)),
                QTableWidgetItem(state_label(row.state)),
                QTableWidgetItem(row.display_name),
                QTableWidgetItem(format_date_short(row.fields.get("birth_date"))),
                QTableWidgetItem(reason),
            ]
            for column, item in enumerate(cells):
                item.setBackground(colour)
                if column:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(number, column, item)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        self._update_summary()
        self.ready = True
        self.completeChanged.emit()

    def _ticked(self, item: QTableWidgetItem) -> None:
        preview = self.owner.preview
        if preview is None or item.column() != 0:
            return
        row = preview.rows[item.row()]
        if row.state == importing.DUPLICATE:
            row.include = item.checkState() == Qt.CheckState.Checked
        self._update_summary()

    def set_ticked(self, line: int, ticked: bool) -> None:
        """Tick or untick the row of file line ``line`` (as a click on its box does)."""
        preview = self.owner.preview
        assert preview is not None
        for number, row in enumerate(preview.rows):
            if row.line == line:
                item = self.table.item(number, 0)
                assert item is not None
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def chosen(self) -> int:
        preview = self.owner.preview
        if preview is None:
            return 0
        return sum(1 for r in preview.rows if r.state != importing.INVALID and r.include)

    def _update_summary(self) -> None:
        preview = self.owner.preview
        if preview is None:
            return
        self.summary.setText(
            _(
                "{new} new, {dup} probably already there, {bad} invalid. {chosen} will be imported."
            ).format(
                new=preview.count(importing.NEW),
                dup=preview.count(importing.DUPLICATE),
                bad=preview.count(importing.INVALID),
                chosen=self.chosen(),
            )
        )
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.ready and self.chosen() > 0

    def validatePage(self) -> bool:
        if self.imported:
            return True
        preview = self.owner.preview
        if preview is None or (self.operation is not None and self.owner.busy):
            return False
        store = self.owner.store
        self.owner.busy = True

        def work(report: ProgressCallback) -> importing.ImportResult:
            return importing.run_import(store, preview, progress=report)

        def done(result: importing.ImportResult) -> None:
            self.owner.busy = False
            self.owner.outcome = result
            self.imported = True
            self.owner.next()

        def failed(error: object) -> None:
            self.owner.busy = False
            self._failed(error)

        self.operation = run_operation(self, _("Importing…"), work, done, on_error=failed)
        return False


class ResultPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Import finished"))
        self.summary = QLabel()
        self.summary.setObjectName("result_summary")
        self.summary.setWordWrap(True)
        self.report = QPlainTextEdit()
        self.report.setObjectName("report")
        self.report.setReadOnly(True)
        self.undo_button = QPushButton(_("Undo this import"))
        self.undo_button.setObjectName("undo")
        self.undo_button.setToolTip(_("Delete the people of this import again"))
        self.undo_button.clicked.connect(self.undo)
        self.save_button = QPushButton(_("Save report…"))
        self.save_button.clicked.connect(self.save_report)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(_("Skipped rows:")))
        layout.addWidget(self.report, 1)
        layout.addLayout(buttons)

    def initializePage(self) -> None:
        result = self.owner.outcome
        assert result is not None
        text = _("{count} people imported; {skipped} rows skipped.").format(
            count=len(result.created), skipped=len(result.skipped)
        )
        if result.duplicates_for_review:
            text += " " + _(
                "{count} possible duplicates are listed for review on the exchange page."
            ).format(count=result.duplicates_for_review)
        self.summary.setText(text)
        self.report.setPlainText(report_text(result))
        self.undo_button.setEnabled(bool(result.created))

    def undo(self) -> None:
        result = self.owner.outcome
        if result is None:
            return
        store = self.owner.store
        self.undo_button.setEnabled(False)

        def done(undone: importing.UndoResult) -> None:
            text = _("{count} people deleted again.").format(count=undone.deleted)
            if undone.kept:
                text += " " + _(
                    "{count} people were kept: they have course, mentoring or certificate records since."
                ).format(count=undone.kept)
            self.summary.setText(text)

        run_operation(
            self,
            _("Undoing the import…"),
            lambda report: importing.undo_import(store, result.batch_id, progress=report),
            done,
        )

    def save_report(self) -> None:
        wizard = self.wizard()
        path = save_dialog.ask_save_path(
            self,
            getattr(wizard, "store", None),
            kind="list",
            title=_("Save report"),
            name=save_dialog.default_file_name(_("Import report"), suffix="txt"),
            filters=[_("Text files (*.txt)")],
            suffixes=["txt"],
        )
        if path is not None:
            from lotsen_desktop.files import write_atomic

            try:
                write_atomic(path, self.report.toPlainText().encode("utf-8"))
            except LotsenError as error:
                self.summary.setText(str(error))
                return
            self.summary.setText(save_dialog.saved_message(path, _("Skipped rows")))


def report_text(result: importing.ImportResult) -> str:
    if not result.skipped:
        return _("No row was skipped.")
    return "\n".join(
        _("Line {line} ({name}): {reason}").format(line=s.line, name=s.name, reason=s.reason)
        for s in result.skipped
    )


class ImportWizard(FitsScreen, QWizard):
    """Choose file → map columns → preview → result (the commits refresh the pages)."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.source: importing.SourceTable | None = None
        self.mapping: dict[int, str] = {}
        self.preview: importing.ImportPreview | None = None
        self.outcome: importing.ImportResult | None = None
        self.busy = False
        self.setWindowTitle(_("Import volunteer list"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.result_page = ResultPage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.result_page):
            self.addPage(page)
        self.preview_page.setButtonText(QWizard.WizardButton.NextButton, _("&Import"))
        fit_to_screen(self, 900, 650)
