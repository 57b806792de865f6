"""The Zertifikate page and the PDF preview, driven with qtbot on a real office database."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from certificate_fixtures import add_course, add_people, configure_office
from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel, QRect, Qt
from PySide6.QtGui import QScreen
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QDialog, QScrollArea
from pytestqt.qtbot import QtBot

from lotsen_desktop.documents import attendance_sheet_pdf
from lotsen_desktop.documents import samples as s
from lotsen_desktop.gui.dialogs.pdf_preview import PdfPreviewDialog, print_pdf
from lotsen_desktop.gui.models.certificate_models import EligibleTableModel, RegisterTableModel
from lotsen_desktop.gui.models.rows_model import RowRole
from lotsen_desktop.gui.pages.certificates_page import ActivityPeriodDialog, CertificatesPage
from lotsen_desktop.i18n import set_language
from lotsen_desktop.services import certificates
from lotsen_desktop.store.database import Store
from tests.gui.conftest import wait_loaded


@pytest.fixture
def office(store: Store) -> tuple[Store, list[str], str]:
    configure_office(store)
    ids = add_people(store)
    course_id = add_course(store, ids, missed={ids[1]: 5})
    return store, ids, course_id


@pytest.fixture
def page(qtbot: QtBot, office: tuple[Store, list[str], str]) -> Iterator[CertificatesPage]:
    widget = CertificatesPage(office[0])
    qtbot.addWidget(widget)
    widget.show()  # a hidden page only refreshes when shown
    wait_loaded(widget)
    yield widget
    wait_loaded(widget)


def names_in(model: EligibleTableModel | RegisterTableModel, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def select_row(page: CertificatesPage, view_name: str, row: int) -> None:
    view = getattr(page, view_name)
    view.selectionModel().select(
        view.model().index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def wait_for_operation(qtbot: QtBot, page: CertificatesPage) -> None:
    from lotsen_desktop.gui.operations import Operation

    qtbot.waitUntil(lambda: page.operation not in Operation._running, timeout=20000)
    wait_loaded(page)  # the lists it reads again afterwards


def test_models_pass_the_model_tester(office: tuple[Store, list[str], str]) -> None:
    store, ids, _course = office
    certificates.issue_certificate(store, volunteer_id=ids[0])
    eligible = EligibleTableModel()
    register = RegisterTableModel()
    testers = [
        QAbstractItemModelTester(eligible, QAbstractItemModelTester.FailureReportingMode.Fatal),
        QAbstractItemModelTester(register, QAbstractItemModelTester.FailureReportingMode.Fatal),
    ]
    eligible.set_rows(certificates.list_eligible(store))
    register.set_rows(certificates.list_register(store))
    assert eligible.rowCount() == 4 and eligible.columnCount() == 3
    assert register.rowCount() == 1 and register.columnCount() == 6
    assert eligible.index(0, 0).data(RowRole).volunteer_id in ids
    assert register.headerData(0, Qt.Orientation.Horizontal) == "Registernummer"
    eligible.set_rows([])
    register.retranslate()
    assert eligible.rowCount() == 0
    del testers


def test_page_lists_eligible_people_and_searches(qtbot: QtBot, page: CertificatesPage) -> None:
    shown = names_in(page.eligible_model, EligibleTableModel.NAME)
    assert "Şahin, İlkay" in shown and 'O\'Neil, Ana <b> & "Quote"' in shown
    assert "Nguyễn, Thị Ánh" not in shown  # not qualified
    assert page.page_title() == "Zertifikate"
    page.search.setText("sahin")
    qtbot.waitUntil(lambda: page.eligible_model.rowCount() == 1)
    assert names_in(page.eligible_model, EligibleTableModel.NAME) == ["Şahin, İlkay"]


def test_issue_preview_save_verify_revoke(
    qtbot: QtBot, page: CertificatesPage, tmp_path: Path
) -> None:
    select_row(page, "eligible_view", 0)
    person = page.selected_eligible()
    assert person is not None
    with qtbot.waitSignal(page.changes.committed, timeout=20000) as changed:
        page.issue_selected()
    assert "certificate" in changed.args[0].tables
    wait_for_operation(qtbot, page)
    assert page.register_model.rowCount() == 1
    entry = page.register_model.index(0, 0).data(RowRole)
    assert page.preview is not None and len(page.preview.page_labels) == 1
    target = tmp_path / "zertifikat"
    assert page.preview.save_to(target)
    saved = (tmp_path / "zertifikat.pdf").read_bytes()
    assert person.family_name in PdfReader(io.BytesIO(saved)).pages[0].extract_text()
    page.preview.close()

    page.code_edit.setText(entry.code.lower())
    assert page.verify_code().valid  # type: ignore[union-attr]
    assert "Gültig" in page.verify_result.text()
    page.code_edit.setText(entry.code[:-2] + "ZZ")
    page.verify_code()
    assert "Nicht gültig" in page.verify_result.text()

    select_row(page, "register_view", 0)
    revoked = page.revoke_selected("Falsches Geburtsdatum")
    assert revoked is not None and revoked.revoked
    wait_loaded(page)
    status = page.register_model.index(0, RegisterTableModel.STATUS).data()
    assert "widerrufen" in status and "Falsches Geburtsdatum" in status
    page.code_edit.setText(entry.code)
    page.verify_code()
    assert "Widerrufen" in page.verify_result.text()


def test_batch_for_a_course_writes_files(
    qtbot: QtBot, page: CertificatesPage, tmp_path: Path
) -> None:
    assert page.course_combo.count() == 1
    page.start_batch("zertifikat", tmp_path / "batch")
    wait_for_operation(qtbot, page)
    qtbot.waitUntil(lambda: page.last_batch is not None, timeout=20000)
    assert page.last_batch is not None and len(page.last_batch.documents) == 4
    assert len(list((tmp_path / "batch").glob("*.pdf"))) == 5
    assert "Nguyễn" in page.status.text()  # skipped, with the reason
    assert page.register_model.rowCount() == 4


def test_attendance_sheet_preview(qtbot: QtBot, page: CertificatesPage) -> None:
    page.show_attendance_sheet(blank=True)
    qtbot.waitUntil(lambda: page.preview is not None, timeout=20000)
    assert page.preview is not None and len(page.preview.page_labels) >= 1
    first = page.preview.page_labels[0].pixmap()
    assert first.width() > first.height()  # landscape
    page.preview.close()


def test_retranslate_to_english(page: CertificatesPage) -> None:
    set_language("en")
    page.retranslate()
    assert page.verify_button.text() == "Check"
    assert page.tabs.tabText(1) == "Register"
    assert page.register_model.headerData(0, Qt.Orientation.Horizontal) == "Serial"


def test_preview_dialog_prints_every_page(qtbot: QtBot, tmp_path: Path) -> None:
    pdf = attendance_sheet_pdf(s.sample_attendance_sheet(participants=30, sessions=10))
    dialog = PdfPreviewDialog(pdf, title="Liste", suggested_name="liste.pdf")
    qtbot.addWidget(dialog)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert len(dialog.page_labels) == pages
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    print_pdf(pdf, printer)
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == pages


def test_preview_fits_a_laptop_screen(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """On 1366x768 (task bar 40 px) the whole dialog, its buttons included, is on screen."""
    laptop = QRect(0, 0, 1366, 728)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: laptop)
    pdf = attendance_sheet_pdf(s.sample_attendance_sheet(participants=30, sessions=10))
    dialog = PdfPreviewDialog(pdf, title="Liste", suggested_name="liste.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.height() + 30 <= laptop.height()
    assert dialog.width() <= laptop.width()
    for button in (dialog.print_button, dialog.save_button):
        assert button.isVisible()
        bottom = button.mapTo(dialog, button.rect().bottomLeft()).y()
        assert bottom < dialog.height()
        parent = button.parentWidget()
        while parent is not None:
            assert not isinstance(parent, QScrollArea)
            parent = parent.parentWidget()


def test_course_combo_shows_the_whole_title_on_a_laptop(
    qtbot: QtBot, office: tuple[Store, list[str], str]
) -> None:
    """Beside four buttons only „Basisqualifizierung Integrationslotsin/Inte“ was left."""
    store, ids, _course = office
    add_course(store, ids, title="Basisqualifizierung Integrationslotsin/Integrationslotse 2026/13")
    page = CertificatesPage(store)
    qtbot.addWidget(page)
    page.resize(1366 - 215, 720)
    page.show()
    qtbot.waitExposed(page)
    wait_loaded(page)
    combo = page.course_combo
    combo.setCurrentIndex(combo.findText("2026/13", Qt.MatchFlag.MatchContains))
    assert "2026/13" in combo.currentText()
    assert combo.width() > combo.fontMetrics().horizontalAdvance(combo.currentText()) + 40
    assert combo.view().textElideMode() == Qt.TextElideMode.ElideMiddle


def test_activity_period_is_typed_like_every_date(qtbot: QtBot) -> None:
    dialog = ActivityPeriodDialog()
    qtbot.addWidget(dialog)
    assert dialog.end.date_value() == date.today()
    dialog.start.setText("1.1.26")
    dialog.end.setText("31.13.2026")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.message.kind == "error"
    assert (
        dialog.message.text()
        == "„31.13.2026“ ist kein gültiges Datum. Bitte als TT.MM.JJJJ eingeben, z. B. 14.11.2026."
    )
    dialog.end.setText("2026-12-31")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.period() == (date(2026, 1, 1), date(2026, 12, 31))
