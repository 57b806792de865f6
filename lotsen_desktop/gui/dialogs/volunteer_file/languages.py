"""Tab Sprachen & Interessen: languages with their level, areas of interest, availability."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from lotsen_desktop.domain.vocabulary import Area, LanguageLevel
from lotsen_desktop.gui.dialogs.volunteer_file.tab import CheckedField, Contribution, FileTab
from lotsen_desktop.gui.forms.volunteer_languages_ui import Ui_VolunteerLanguages
from lotsen_desktop.gui.icons import icon
from lotsen_desktop.i18n import _
from lotsen_desktop.services import volunteers
from lotsen_desktop.services.volunteers import VolunteerDetail
from lotsen_desktop.store.database import Store


class LanguageRow(QWidget):
    """One language with its level and a button to remove it."""

    removed = Signal(object)
    changed = Signal()

    def __init__(self, known: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.language_edit = QLineEdit()
        self.language_edit.setPlaceholderText(_("Language, e.g. Arabisch"))
        self.language_edit.setToolTip(_("A language the person speaks"))
        completer = QCompleter(known, self.language_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.language_edit.setCompleter(completer)
        self.level_combo = QComboBox()
        self.level_combo.addItem(_("level not given"), "")
        for level in LanguageLevel:
            self.level_combo.addItem(level.label, level.value)
        self.level_combo.setToolTip(_("How well the person speaks it"))
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setToolTip(_("Remove this language"))
        self.remove_button.clicked.connect(lambda: self.removed.emit(self))
        layout.addWidget(self.language_edit, 3)
        layout.addWidget(self.level_combo, 2)
        layout.addWidget(self.remove_button)
        self.language_edit.textChanged.connect(self.changed)
        self.level_combo.currentIndexChanged.connect(self.changed)

    def set_value(self, language: str, level: str) -> None:
        self.language_edit.setText(language)
        self.level_combo.setCurrentIndex(max(0, self.level_combo.findData(level)))

    def value(self) -> tuple[str, str]:
        return self.language_edit.text().strip(), str(self.level_combo.currentData() or "")


class LanguagesTab(FileTab):
    """Languages (one row each, added and removed by the user), interests, availability."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.ui = Ui_VolunteerLanguages()
        self.ui.setupUi(self)
        self.known_languages = volunteers.known_languages(store)
        self.language_rows: list[LanguageRow] = []
        self.ui.add_language_button.setIcon(icon("add"))
        self.ui.add_language_button.clicked.connect(self._add_language_clicked)
        self.fields["languages"] = CheckedField(
            self.ui.add_language_button, self.ui.languages_message
        )
        self.interest_boxes: dict[str, QCheckBox] = {}
        for number, area in enumerate(Area):
            box = QCheckBox(area.label)
            box.setToolTip(_("The person would like to help in this area"))
            box.toggled.connect(self.changed)
            self.interest_boxes[area.value] = box
            self.ui.interests_grid.addWidget(box, number // 2, number % 2)
        self.ui.availability_edit.textChanged.connect(self.changed)

    def fill(self, detail: VolunteerDetail | None) -> None:
        for row in list(self.language_rows):
            self.remove_language(row)
        skills = detail.languages if detail else ()
        for skill in skills:
            self.add_language(skill.language, skill.level)
        if not skills:
            self.add_language()
        interests = set(detail.interests) if detail else set()
        for code, box in self.interest_boxes.items():
            box.setChecked(code in interests)
        self.ui.availability_edit.setPlainText(detail.availability if detail else "")

    def values(self) -> dict[str, Any]:
        return {
            "languages": tuple(row.value() for row in self.language_rows if row.value()[0]),
            "interests": tuple(
                sorted(code for code, box in self.interest_boxes.items() if box.isChecked())
            ),
            "availability": self.ui.availability_edit.toPlainText().strip(),
        }

    def contribution(self) -> Contribution:
        values = self.values()
        return Contribution(
            {
                "languages": list(values["languages"]),
                "interests": list(values["interests"]),
                "availability": values["availability"],
            }
        )

    def add_language(self, language: str = "", level: str = "") -> LanguageRow:
        row = LanguageRow(self.known_languages)
        row.set_value(language, level)
        row.removed.connect(self._remove_clicked)
        row.changed.connect(self.changed)
        self.language_rows.append(row)
        self.ui.language_rows_box.addWidget(row)
        self.changed.emit()
        return row

    def remove_language(self, row: LanguageRow) -> None:
        if row in self.language_rows:
            self.language_rows.remove(row)
            self.ui.language_rows_box.removeWidget(row)
            row.hide()
            row.deleteLater()

    def _remove_clicked(self, row: object) -> None:
        if isinstance(row, LanguageRow):
            self.remove_language(row)
            self.changed.emit()

    def _add_language_clicked(self) -> None:
        self.add_language().language_edit.setFocus()
