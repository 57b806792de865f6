"""Table models of the volunteer file: assignments, consents, status history, intake
conversations. Plain models over service rows; no SQL here."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from lotsen_desktop.domain.vocabulary import Area, ConsentPurpose, VolunteerStatus
from lotsen_desktop.gui.models.rows_model import RowsTableModel
from lotsen_desktop.i18n import N_, _, format_date_short, format_number
from lotsen_desktop.services.mentoring import AssignmentRow
from lotsen_desktop.services.volunteers import ConsentEntry, IntakeRow, StatusEntry

R = TypeVar("R")

_DISPLAY = Qt.ItemDataRole.DisplayRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class FileRowsModel(RowsTableModel[R]):
    """Columns named in ``HEADERS`` (``N_`` strings); a subclass answers ``cell`` per role."""

    HEADERS: ClassVar[tuple[str, ...]] = ()
    RIGHT_ALIGNED: ClassVar[tuple[int, ...]] = ()

    def headers(self) -> list[str]:
        return [_(header) for header in self.HEADERS]

    def cell(self, row: R, column: int, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY:
            return self.text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.RIGHT_ALIGNED:
            return _RIGHT
        return None

    def extra(self, row: R, column: int, role: int) -> Any:
        return self.cell(row, column, role)

    def text(self, row: R, column: int) -> str:
        raise NotImplementedError


class AssignmentsModel(FileRowsModel[AssignmentRow]):
    """The person's mentoring assignments, pseudonymised."""

    HEADERS = (
        N_("Person (pseudonym)"),
        N_("Since"),
        N_("Until"),
        N_("Areas"),
        N_("Languages"),
        N_("Hours (clock)"),
        N_("Log entries"),
    )
    RIGHT_ALIGNED = (5, 6)
    AREAS = 3

    def text(self, row: AssignmentRow, column: int) -> str:
        return [
            row.mentee_pseudonym,
            format_date_short(row.started_on),
            format_date_short(row.ended_on) if row.ended_on else _("running"),
            area_labels(row.areas),
            row.languages,
            format_number(row.total_minutes / 60, 1),
            str(row.entries),
        ][column]


class ConsentsModel(FileRowsModel[ConsentEntry]):
    """Consents given and withdrawn; a withdrawn one is grey."""

    HEADERS = (N_("Purpose"), N_("Text version"), N_("Given on"), N_("Withdrawn on"))
    PURPOSE = 0

    def text(self, row: ConsentEntry, column: int) -> str:
        return [
            label(ConsentPurpose, row.purpose),
            row.text_version,
            format_date_short(row.given_on),
            format_date_short(row.withdrawn_on) if row.withdrawn_on else "",
        ][column]

    def cell(self, row: ConsentEntry, column: int, role: int = _DISPLAY) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and row.withdrawn_on:
            return QBrush(QColor(Qt.GlobalColor.gray))
        return super().cell(row, column, role)


class StatusHistoryModel(FileRowsModel[StatusEntry]):
    """Status changes, newest first (the caller passes them in that order)."""

    HEADERS = (N_("Date"), N_("Status"), N_("Note"))
    NOTE = 2

    def text(self, row: StatusEntry, column: int) -> str:
        return [format_date_short(row.changed_on), label(VolunteerStatus, row.status), row.note][
            column
        ]


class IntakesModel(FileRowsModel[IntakeRow]):
    """Intake conversations (Kennenlerngespräche) with their outcome."""

    HEADERS = (N_("Date"), N_("Outcome"))
    OUTCOME = 1

    def text(self, row: IntakeRow, column: int) -> str:
        return [format_date_short(row.held_on), row.outcome][column]


def label(enum: Any, code: str) -> str:
    """The German label of a stored code; an unknown code shows as it is."""
    try:
        return str(enum(code).label)
    except ValueError:
        return code


def area_labels(text: str) -> str:
    """``"schule, arbeit"`` → ``"Schule und Eltern, Arbeit"``; unknown codes stay as they are."""
    codes = (part.strip() for part in text.replace(";", ",").split(","))
    return ", ".join(label(Area, code) for code in codes if code)
