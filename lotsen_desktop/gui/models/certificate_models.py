"""Table models of the certificates page (Zertifikate): who is eligible, the register."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from lotsen_desktop.domain.vocabulary import CertificateKind
from lotsen_desktop.gui.models.paged_model import IdPagedTableModel
from lotsen_desktop.i18n import N_, _, format_date_short
from lotsen_desktop.services.certificates import EligibleRow, RegisterEntry

GREYED = "#8a8a8a"


def kind_label(kind: str) -> str:
    """The translated name of a certificate kind (the stored code if it is unknown)."""
    try:
        return CertificateKind(kind).label
    except ValueError:
        return kind


class EligibleTableModel(IdPagedTableModel[EligibleRow]):
    """Qualified people and the serial of their valid Zertifikat, fetched page by page.

    There may be 77,000 qualified people: the model holds only their ids in list order
    (``certificates.list_eligible_ids``) and fetches the rows a view paints through ``fetch``
    (``certificates.eligible_rows``); see ``IdPagedTableModel``.
    """

    NAME, QUALIFIED_ON, SERIAL = range(3)
    HEADERS = (N_("Name"), N_("Qualified on"), N_("Certificate"))

    @staticmethod
    def row_id(row: Any) -> str:
        return str(row.volunteer_id)

    def cell(self, row: EligibleRow, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == self.NAME:
            return row.distinct_name
        if column == self.QUALIFIED_ON:
            return format_date_short(row.qualified_on)
        return row.serial or "—"


class RegisterTableModel(IdPagedTableModel[RegisterEntry]):
    """The certificate register; revoked entries in grey.

    A register of years holds tens of thousands of entries, each a JSON document: the model
    holds their serials (``certificates.list_register_serials``) and reads the entries it shows
    (``certificates.register_rows``) page by page; see ``IdPagedTableModel``.
    """

    SERIAL, KIND, ISSUED_ON, NAME, STATUS, SUBJECT = range(6)
    HEADERS = (N_("Serial"), N_("Kind"), N_("Issued on"), N_("Name"), N_("Status"), N_("Subject"))

    @staticmethod
    def row_id(row: Any) -> str:
        return str(row.serial)

    def cell(self, row: RegisterEntry, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and row.revoked:
            return QBrush(QColor(GREYED))
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.code
        return None

    def _text(self, row: RegisterEntry, column: int) -> str:
        if column == self.SERIAL:
            return row.serial
        if column == self.KIND:
            return kind_label(row.kind)
        if column == self.ISSUED_ON:
            return format_date_short(row.issued_on)
        if column == self.NAME:
            return row.holder or _("(name erased)")
        if column == self.SUBJECT:
            return row.subject
        if row.revoked_on is not None:
            return _("revoked on {date}: {reason}").format(
                date=format_date_short(row.revoked_on), reason=row.revoke_reason
            )
        return _("valid")
