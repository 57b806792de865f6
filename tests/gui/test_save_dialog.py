"""Saving files from the window: proposed names, Documents as the start, the overwrite question
and the confirmation that says what the file holds (issue 11.1). The file dialog is replaced by a
recorder that answers with paths given by the test."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from tests.gui.conftest import MessageBoxAnswers, wait_loaded

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sync_helpers import PASS, full_export, import_, replica

from lotsen_desktop import fileformat
from lotsen_desktop.gui import save_dialog
from lotsen_desktop.gui.operations import Operation
from lotsen_desktop.gui.pages.exchange_page import ExchangePage, ExportOptions
from lotsen_desktop.gui.pages.volunteers_page import VolunteersPage
from lotsen_desktop.services import courses, volunteers
from lotsen_desktop.store.database import Store

WAIT = 60_000


class SaveDialogs:
    """Stands in for ``QFileDialog.getSaveFileName``: records what was proposed, answers with
    the next of ``answers`` ("" = Abbrechen)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.proposed: list[str] = []
        self.answers: list[str] = []
        dialogs = self

        def get_save_file_name(_parent: Any, _title: str, proposal: str, filters: str, *a: Any):
            dialogs.proposed.append(proposal)
            answer = dialogs.answers.pop(0) if dialogs.answers else ""
            return answer, filters.split(";;")[0]

        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save_file_name))


@pytest.fixture
def save_dialogs(monkeypatch: pytest.MonkeyPatch) -> SaveDialogs:
    return SaveDialogs(monkeypatch)


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "Dokumente"
    folder.mkdir()
    real = QStandardPaths.writableLocation

    def location(kind: QStandardPaths.StandardLocation) -> str:
        if kind == QStandardPaths.StandardLocation.DocumentsLocation:
            return str(folder)
        return real(kind)

    monkeypatch.setattr(QStandardPaths, "writableLocation", staticmethod(location))
    return folder


def test_default_name_carries_kind_detail_and_date() -> None:
    name = save_dialog.default_file_name(
        "Austausch", "Laptop Müller", suffix="lotsen", day=date(2026, 12, 1)
    )
    assert name == "Austausch-Laptop Müller-2026-12-01.lotsen"
    unsafe = save_dialog.default_file_name(
        "Teilnehmende", 'Basis 2026/13 <&"> Şahin', suffix="xlsx", day=date(2026, 3, 7)
    )
    assert unsafe == "Teilnehmende-Basis 2026_13 _&_ Şahin-2026-03-07.xlsx"


def test_opens_in_documents_then_in_the_folder_last_used(
    store: Store, documents: Path, tmp_path: Path, save_dialogs: SaveDialogs
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    save_dialogs.answers = [str(usb / "liste")]
    first = save_dialog.ask_save_path(
        None, store, kind="list", title="t", name="Liste-2026-12-01.xlsx",
        filters=["Excel (*.xlsx)", "CSV (*.csv)"], suffixes=["xlsx", "csv"],
    )  # fmt: skip
    assert save_dialogs.proposed == [str(documents / "Liste-2026-12-01.xlsx")]
    assert first == usb / "liste.xlsx"  # the ending of the chosen filter is added
    save_dialog.ask_save_path(
        None, store, kind="list", title="t", name="B.xlsx", filters=["Excel (*.xlsx)"]
    )
    assert save_dialogs.proposed[1] == str(usb / "B.xlsx")
    save_dialog.ask_save_path(
        None, store, kind="report", title="t", name="C.pdf", filters=["PDF (*.pdf)"]
    )
    assert save_dialogs.proposed[2] == str(documents / "C.pdf")  # remembered per kind


def test_an_existing_file_is_only_replaced_after_a_question(
    store: Store,
    documents: Path,
    save_dialogs: SaveDialogs,
    message_boxes: MessageBoxAnswers,
) -> None:
    existing = documents / "Telefonliste-2026-12-01.xlsx"
    existing.write_bytes(b"first export")
    save_dialogs.answers = [str(existing), ""]
    message_boxes.answer = QMessageBox.StandardButton.No
    chosen = save_dialog.ask_save_path(
        None, store, kind="list", title="t", name=existing.name, filters=["Excel (*.xlsx)"]
    )
    assert chosen is None  # No: the file dialog came back, then Abbrechen
    assert len(save_dialogs.proposed) == 2
    assert message_boxes.asked == [
        f"Die Datei {existing.name} gibt es schon in {documents}. Ersetzen?"
    ]
    save_dialogs.answers = [str(existing)]
    message_boxes.answer = QMessageBox.StandardButton.Yes
    chosen = save_dialog.ask_save_path(
        None, store, kind="list", title="t", name=existing.name, filters=["Excel (*.xlsx)"]
    )
    assert chosen == existing
    assert existing.read_bytes() == b"first export"  # asking writes nothing


def test_list_export_proposes_its_name_and_says_what_it_holds(
    qtbot: QtBot,
    office: Store,
    people: dict[str, str],
    documents: Path,
    save_dialogs: SaveDialogs,
) -> None:
    page = VolunteersPage(office)
    qtbot.addWidget(page)
    page.show()
    wait_loaded(page)
    target = documents / "telefon.csv"
    save_dialogs.answers = [str(target)]
    page.list_buttons.export("phone")
    assert save_dialogs.proposed == [str(documents / f"Telefonliste-{date.today():%Y-%m-%d}.xlsx")]
    qtbot.waitUntil(lambda: "telefon.csv" in page.hint_label.text(), timeout=WAIT)
    assert "Telefonliste: 5 Zeilen" in page.hint_label.text()


# ------------------------------------------------------------------------------- exchange
@pytest.fixture
def pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Store, Store]]:
    monkeypatch.setattr(fileformat, "SCRYPT_N", 2**10)
    office = replica(tmp_path, "Büro")
    laptop = replica(tmp_path, "Laptop Müller")
    volunteers.add_volunteer(office, given_name="İlkay", family_name="Şahin")
    import_(laptop, full_export(office, tmp_path / "join"))
    import_(office, full_export(laptop, tmp_path / "back"))
    volunteers.add_volunteer(office, given_name="Łukasz", family_name="Nowak")
    yield office, laptop
    office.close()
    laptop.close()


@pytest.fixture
def exchange_page(qtbot: QtBot, pair: tuple[Store, Store]) -> Iterator[ExchangePage]:
    page = ExchangePage(pair[0])
    qtbot.addWidget(page)
    page.show()
    wait_loaded(page)
    yield page
    qtbot.waitUntil(
        lambda: not any(shiboken6.isValid(op) for op in Operation._running), timeout=WAIT
    )
    wait_loaded(page)


def test_export_wizard_proposes_partner_or_course_and_date(
    exchange_page: ExchangePage,
    pair: tuple[Store, Store],
    documents: Path,
    qtbot: QtBot,
    message_boxes: MessageBoxAnswers,
) -> None:
    courses.add_course(
        pair[0], module_code="BASIS", title="Basis 2026/13",
        session_dates=[date(2026, 3, 7)], units_per_session=4,
    )  # fmt: skip
    exchange_page.open_export()
    qtbot.waitUntil(lambda: exchange_page.export_wizard is not None, timeout=10_000)
    wizard = exchange_page.export_wizard
    assert wizard is not None
    qtbot.addWidget(wizard)
    save = wizard.save_page
    today = f"{date.today():%Y-%m-%d}"
    save.initializePage()
    assert Path(save.path.text()) == documents / f"Austausch-Laptop Müller-{today}.lotsen"
    wizard.scope_page.course.setChecked(True)
    save.initializePage()
    assert Path(save.path.text()).name == f"Kurspaket-Basis 2026_13 (07.03.2026)-{today}.lotsen"
    Path(save.path.text()).write_bytes(b"earlier package")
    message_boxes.answer = QMessageBox.StandardButton.No
    assert not save.validatePage()
    assert "Ersetzen?" in message_boxes.asked[-1]
    message_boxes.answer = QMessageBox.StandardButton.Yes
    assert save.validatePage()
    wizard.reject()


def test_export_confirmation_summarises_the_file(
    exchange_page: ExchangePage, tmp_path: Path, qtbot: QtBot
) -> None:
    target = tmp_path / "fuer-laptop.lotsen"
    exchange_page.start_export(ExportOptions("peer", "Laptop Müller", None, target, PASS))
    qtbot.waitUntil(lambda: exchange_page.last_export is not None, timeout=WAIT)
    changes = exchange_page.last_export.changes
    assert changes > 0
    text = exchange_page.status.text()
    assert "fuer-laptop.lotsen" in text
    word = "Änderung" if changes == 1 else "Änderungen"
    assert (
        f"Austauschdatei für Laptop Müller: 1 Person, {changes} {word}, verschlüsselt" in text
    )  # Łukasz Nowak is the one person the laptop has not seen


def test_course_package_and_full_export_confirmations(
    exchange_page: ExchangePage, pair: tuple[Store, Store], tmp_path: Path, qtbot: QtBot
) -> None:
    office = pair[0]
    course = courses.add_course(
        office,
        module_code="BASIS",
        title="Basis Frühjahr",
        session_dates=[date(2026, 3, 7), date(2026, 3, 14)],
    )
    courses.enrol_volunteers(
        office, course_id=course, volunteer_ids=[r.id for r in volunteers.list_volunteers(office)]
    )
    exchange_page.start_export(
        ExportOptions("course", None, course, tmp_path / "kurs.lotsen", PASS)
    )
    qtbot.waitUntil(lambda: "kurs.lotsen" in exchange_page.status.text(), timeout=WAIT)
    assert (
        "Kurspaket Basis Frühjahr: 2 Teilnehmende, 2 Termine, verschlüsselt"
        in exchange_page.status.text()
    )
    exchange_page.start_export(ExportOptions("full", None, None, tmp_path / "alles.lotsen", PASS))
    qtbot.waitUntil(lambda: "alles.lotsen" in exchange_page.status.text(), timeout=WAIT)
    assert "Vollständige Austauschdatei: 2 Personen, 1 Kurs, " in exchange_page.status.text()
