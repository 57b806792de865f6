"""Someone else saved the file meanwhile: per field the user picks their input or the stored value.

Shown by the volunteer file when its save raises ``ConcurrentEdit``; the choices are saved again
on top of the new stored version, so nobody's change is overwritten without being seen.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from lotsen_desktop.domain.vocabulary import Area, TitleForm, VolunteerStatus
from lotsen_desktop.errors import ConcurrentEdit
from lotsen_desktop.i18n import _
from lotsen_desktop.sync.conflicts import column_label

_EXTRA_LABELS = {
    "languages": lambda: _("Languages"),
    "interests": lambda: _("Areas of interest"),
    "migration_experience": lambda: _("Own migration history"),
    "origin_country": lambda: _("Country of origin"),
    "agreement_signed_on": lambda: _("Volunteer agreement signed on"),
    "police_certificate_seen_on": lambda: _("Police certificate seen on"),
    "police_certificate_seen_by": lambda: _("Police certificate seen by"),
}


def field_label(key: str) -> str:
    label = _EXTRA_LABELS.get(key)
    return label() if label is not None else column_label(key)


def show_value(key: str, value: Any) -> str:
    """A field's value as the user reads it (empty shown as a dash)."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if key == "languages":
        return ", ".join(f"{s.language} ({s.level})" if s.level else s.language for s in value)
    if key == "interests":
        return ", ".join(_label(Area, v) for v in value)
    if key == "status":
        return _label(VolunteerStatus, value)
    if key == "title_form":
        return _label(TitleForm, value)
    return str(value)


def _label(enum: Any, value: str) -> str:
    try:
        return str(enum(value).label)
    except ValueError:
        return value


class ConcurrentEditDialog(QDialog):
    """Both values of every differing field side by side, one choice per field."""

    def __init__(
        self, error: ConcurrentEdit, changed_by_me: set[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.error = error
        self.setWindowTitle(_("Volunteer file"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            str(error) + "\n" + _("Choose for each field which value to keep, then save again.")
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.addWidget(QLabel(_("Field")), 0, 0)
        grid.addWidget(QLabel(_("My input")), 0, 1)
        grid.addWidget(QLabel(_("Stored value")), 0, 2)
        self.mine_buttons: dict[str, QRadioButton] = {}
        self.stored_buttons: dict[str, QRadioButton] = {}
        self._groups: list[QButtonGroup] = []
        for row, (key, (mine, stored)) in enumerate(error.fields.items(), start=1):
            grid.addWidget(QLabel(field_label(key)), row, 0)
            mine_button = QRadioButton(show_value(key, mine))
            stored_button = QRadioButton(show_value(key, stored))
            for button in (mine_button, stored_button):
                button.setToolTip(button.text())
            group = QButtonGroup(self)
            group.addButton(mine_button)
            group.addButton(stored_button)
            self._groups.append(group)
            (mine_button if key in changed_by_me else stored_button).setChecked(True)
            grid.addWidget(mine_button, row, 1)
            grid.addWidget(stored_button, row, 2)
            self.mine_buttons[key] = mine_button
            self.stored_buttons[key] = stored_button
        layout.addLayout(grid)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            _("Save again"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choose(self, key: str, *, mine: bool) -> None:
        (self.mine_buttons if mine else self.stored_buttons)[key].setChecked(True)

    def chosen(self) -> dict[str, Any]:
        """The value picked for every differing field."""
        return {
            key: mine if self.mine_buttons[key].isChecked() else stored
            for key, (mine, stored) in self.error.fields.items()
        }
