"""The Austausch page driven with qtbot on real office databases; its models under the tester."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot

from tests.gui.conftest import wait_loaded

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sync_helpers import PASS, full_export, import_, replica

from lotsen_desktop import fileformat
from lotsen_desktop.gui.models.exchange_models import (
    ConflictTableModel,
    DuplicateTableModel,
    HistoryTableModel,
    PeerTableModel,
)
from lotsen_desktop.gui.models.rows_model import RowRole
from lotsen_desktop.gui.operations import Operation
from lotsen_desktop.gui.pages.exchange_page import ExchangePage, ExportOptions, ExportWizard
from lotsen_desktop.services import courses, demo, volunteers
from lotsen_desktop.services.digest import compute_digest, short_digest
from lotsen_desktop.store.database import Store, page_bytes
from lotsen_desktop.sync import compact, conflicts, exchange


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fileformat, "SCRYPT_N", 2**10)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    office = replica(tmp_path, "Büro")
    laptop = replica(tmp_path, "Laptop")
    vid = volunteers.add_volunteer(office, given_name="İlkay", family_name="Şahin")
    import_(laptop, full_export(office, tmp_path / "join"))
    volunteers.update_volunteer(laptop, vid, phone="0511 1")
    volunteers.update_volunteer(office, vid, phone="0511 2")
    volunteers.add_volunteer(office, given_name="Łukasz", family_name="Nowak")
    volunteers.add_volunteer(laptop, given_name="lukasz", family_name="NOWAK")
    import_(office, full_export(laptop, tmp_path / "back"))
    yield office, laptop
    office.close()
    laptop.close()


def wait_idle(qtbot: QtBot) -> None:
    """Until every live operation ended (one whose page an earlier test closed never does)."""
    qtbot.waitUntil(
        lambda: not any(shiboken6.isValid(op) for op in Operation._running), timeout=20000
    )


@pytest.fixture
def page(qtbot: QtBot, pair: tuple[Store, Store]) -> Iterator[ExchangePage]:
    widget = ExchangePage(pair[0])
    qtbot.addWidget(widget)
    widget.show()  # a hidden page only refreshes when shown
    wait_idle(qtbot)
    wait_loaded(widget)
    yield widget
    wait_loaded(widget)


def test_models_pass_the_model_tester(page: ExchangePage, qtbot: QtBot) -> None:
    models = [page.conflict_model, page.duplicate_model, page.peer_model, page.history_model]
    assert [type(m) for m in models] == [
        ConflictTableModel,
        DuplicateTableModel,
        PeerTableModel,
        HistoryTableModel,
    ]
    for model in models:
        QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
        assert model.rowCount() >= 1
        model.set_rows([])
        assert model.rowCount() == 0
    page.refresh()
    wait_loaded(page)
    wait_idle(qtbot)
    assert page.conflict_model.headerData(2, Qt.Orientation.Horizontal) == "Art"
    conflict = page.conflict_model.index(0, 0).data(RowRole)
    assert conflict.field == "Telefon"
    assert page.conflict_model.index(0, ConflictTableModel.LOST).data() == "0511 1"
    assert page.duplicate_model.index(0, DuplicateTableModel.FIRST).data() in (
        "Nowak, Łukasz",
        "NOWAK, lukasz",
    )
    assert page.peer_model.index(0, PeerTableModel.NAME).data() == "Laptop"
    assert page.history_model.index(0, HistoryTableModel.DIRECTION).data() == "empfangen"


def test_digest_shown_for_phone_comparison(page: ExchangePage, pair: tuple[Store, Store]) -> None:
    assert page.digest_label.text() == short_digest(compute_digest(pair[0]))
    assert page.page_title() == "Austausch"
    assert "Büro" in page.site_label.text()


def _opened_export(page: ExchangePage, qtbot: QtBot) -> ExportWizard:
    page.open_export()
    qtbot.waitUntil(lambda: page.export_wizard is not None, timeout=10_000)
    wizard = page.export_wizard
    assert wizard is not None
    qtbot.addWidget(wizard)
    return wizard


def test_export_wizard_needs_the_same_password_twice(page: ExchangePage, qtbot: QtBot) -> None:
    wizard = _opened_export(page, qtbot)
    words = wizard.passphrase_page
    words.first.setText("kurz")
    assert not words.isComplete()
    words.first.setText("ein langes passwort")
    words.second.setText("ein anderes passwort")
    assert not words.isComplete() and "unterscheiden" in words.message.text()
    words.second.setText("ein langes passwort")
    assert words.isComplete()
    assert wizard.export_options().kind == "peer" and wizard.export_options().peer == "Laptop"
    wizard.scope_page.course.setEnabled(True)
    wizard.scope_page.full.setChecked(True)
    assert wizard.export_options().kind == "full"
    wizard.reject()
    assert words.first.text() == "" and words.second.text() == ""


def test_export_then_import_with_preview_and_confirm(
    tmp_path: Path, page: ExchangePage, pair: tuple[Store, Store], qtbot: QtBot
) -> None:
    office, laptop = pair
    target = tmp_path / "usb" / "fuer-laptop.lotsen"
    target.parent.mkdir()
    page.start_export(ExportOptions("peer", "Laptop", None, target, PASS))
    wait_idle(qtbot)
    wait_loaded(page)  # the history is read again in the background after the export
    assert target.exists() and page.last_export is not None
    assert page.history_model.index(0, HistoryTableModel.DIRECTION).data() == "gesendet"

    other = ExchangePage(laptop)
    qtbot.addWidget(other)
    other.show()
    wait_idle(qtbot)
    wizard = other.open_import()
    qtbot.addWidget(wizard)
    wizard.open_page.path.setText(str(target))
    wizard.open_page.passphrase.setText(PASS)
    assert wizard.open_page.isComplete()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.isComplete(), timeout=20000)
    assert "Konflikt" in wizard.preview_page.summary.text()
    assert wizard.preview is not None and wizard.preview.dry_run
    before = compute_digest(laptop)
    assert before != compute_digest(office)  # the preview changed nothing
    with qtbot.waitSignal(other.changes.committed, timeout=20000):
        wizard.accept()
    wait_idle(qtbot)
    assert compute_digest(laptop) == compute_digest(office)
    assert other.last_import is not None and not other.last_import.dry_run
    assert other.digest_label.text() == short_digest(compute_digest(office))
    assert wizard.open_page.passphrase.text() == ""


def test_a_new_machine_receives_its_first_file_and_the_file_is_rebuilt_with_the_window_open(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rebuild after a large first import (``compact.rebuild_after_import``) runs while the
    page's own lists hold the database open, and the page then shows what arrived."""
    office = replica(tmp_path, "Büro")
    demo.fill_demo(office, volunteers=100, seed=3)
    path = full_export(office, tmp_path / "join")
    monkeypatch.setattr(compact, "REBUILD_AFTER_GROWTH", 0)  # the real limit is 100 MB
    rebuilt: list[int] = []
    rebuild = compact._rebuild

    def counted(store: Store, progress: Any) -> None:
        rebuild(store, progress)
        rebuilt.append(page_bytes(store.engine))

    monkeypatch.setattr(compact, "_rebuild", counted)
    laptop = replica(tmp_path, "Laptop")
    other = ExchangePage(laptop)
    qtbot.addWidget(other)
    other.show()
    wait_idle(qtbot)
    wait_loaded(other)
    wizard = other.open_import()
    qtbot.addWidget(wizard)
    wizard.open_page.path.setText(str(path))
    wizard.open_page.passphrase.setText(PASS)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.isComplete(), timeout=20000)
    with qtbot.waitSignal(other.changes.committed, timeout=20000):
        wizard.accept()
    wait_idle(qtbot)
    wait_loaded(other)
    assert len(rebuilt) == 1
    assert compute_digest(laptop) == compute_digest(office)
    assert other.history_model.rowCount() == 1
    assert other.digest_label.text() == short_digest(compute_digest(office))
    office.close()
    laptop.close()


def test_wrong_password_shows_message_and_blocks_import(
    tmp_path: Path, page: ExchangePage, pair: tuple[Store, Store], qtbot: QtBot
) -> None:
    path = full_export(pair[0], tmp_path / "f")
    wizard = page.open_import()
    qtbot.addWidget(wizard)
    wizard.open_page.path.setText(str(path))
    wizard.open_page.passphrase.setText("falsch-falsch")
    wizard.next()
    qtbot.waitUntil(lambda: bool(wizard.error), timeout=20000)
    assert "Falsches Passwort" in wizard.preview_page.summary.text()
    assert wizard.preview_page.title() == "Die Datei kann nicht eingelesen werden"
    assert "Das würde" not in wizard.preview_page.subTitle()
    assert not wizard.preview_page.isComplete()
    assert page.confirm_import(wizard) is None
    wizard.back()  # the right password: the heading is the preview's again
    wizard.open_page.passphrase.setText(PASS)
    wizard.next()
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=20000)
    assert wizard.preview_page.title() == "Vorschau"


def test_conflict_record_column_gets_the_room(page: ExchangePage) -> None:
    page.resize(1366 - 215, 700)
    page.show()
    header = page.conflict_view.horizontalHeader()
    record = ConflictTableModel.RECORD
    assert header.sectionResizeMode(record) == header.ResizeMode.Stretch
    assert header.sectionSize(record) >= max(
        header.sectionSize(c) for c in range(header.count()) if c != record
    )


def test_revert_and_dismiss_from_the_page(
    page: ExchangePage, pair: tuple[Store, Store], qtbot: QtBot
) -> None:
    office = pair[0]
    page.conflict_view.selectionModel().select(
        page.conflict_model.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    with qtbot.waitSignal(page.changes.committed):
        page.revert_selected()
    wait_idle(qtbot)
    person = next(r for r in volunteers.list_volunteers(office) if r.family_name == "Şahin")
    assert volunteers.get_volunteer(office, person.id).phone == "0511 1"
    assert page.conflict_model.rowCount() == 0
    page.duplicate_view.selectionModel().select(
        page.duplicate_model.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    page.dismiss_duplicate()
    wait_idle(qtbot)
    assert conflicts.list_duplicates(office) == []


def test_wizard_lists_peers_and_courses(pair: tuple[Store, Store], qtbot: QtBot) -> None:
    wizard = ExportWizard(exchange.list_peers(pair[0]), [], Path("x.lotsen"))
    qtbot.addWidget(wizard)
    assert wizard.scope_page.peer_combo.count() == 1
    assert not wizard.scope_page.course.isEnabled()


def test_forget_a_machine_from_the_partners_tab(
    page: ExchangePage, pair: tuple[Store, Store]
) -> None:
    office = pair[0]
    assert not page.forget_selected(ask=False)  # nothing selected: nothing happens
    assert page.peer_model.rowCount() == 1
    page.peer_view.selectionModel().select(
        page.peer_model.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert page.forget_selected(ask=False)
    assert exchange.list_peers(office) == []
    wait_loaded(page)
    assert page.peer_model.rowCount() == 0
    assert "Laptop" in page.status.text()


def test_the_export_wizard_reads_the_courses_off_the_gui_thread(
    page: ExchangePage, pair: tuple[Store, Store], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a large office the course list and its labels took a second on the GUI thread."""
    course_id = courses.add_course(
        pair[0], module_code="BASIS", title="Basis 2026/13", session_dates=[date(2026, 3, 7)]
    )
    threads: list[bool] = []
    list_courses = courses.list_courses

    def recording(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread() is threading.main_thread())
        return list_courses(*args, **kwargs)

    monkeypatch.setattr(courses, "list_courses", recording)
    page.open_export()
    assert page.export_wizard is None and not page.export_button.isEnabled()
    wizard = _opened_export(page, qtbot)
    assert threads and not any(threads)  # read, and never on the GUI thread
    assert page.export_button.isEnabled()
    combo = wizard.scope_page.course_combo
    assert combo.count() == 1 and combo.itemData(0) == course_id
    assert "Basis 2026/13" in combo.itemText(0) and "07.03.2026" in combo.itemText(0)
    wizard.reject()
