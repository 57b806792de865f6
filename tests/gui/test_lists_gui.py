"""Exportieren, Drucken, Importieren in the window: the import wizard driven step by step, the
export of the list as filtered on screen and of a course's participants."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QInputDialog, QWizard
from pytestqt.qtbot import QtBot

from lotsen_desktop.gui.dialogs.import_wizard import ImportWizard
from lotsen_desktop.gui.pages.courses_page import CoursesPage
from lotsen_desktop.gui.pages.volunteers_page import VolunteersPage
from lotsen_desktop.services import courses, importing, mentoring, volunteers
from lotsen_desktop.store.database import Changes, Store
from lotsen_desktop.sync.conflicts import list_duplicates

WAIT = 60_000


@pytest.fixture
def page(qtbot: QtBot, office: Store) -> VolunteersPage:
    widget = VolunteersPage(office)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def test_import_wizard_maps_previews_imports_and_undoes(
    qtbot: QtBot, page: VolunteersPage, office: Store, people: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "alte-liste.csv"
    path.write_bytes(
        (
            "Name;Geb.;Telefon;Lieblingsfarbe\r\n"
            "Kowalski, Lukasz;;0441 77;blau\r\n"  # already there (diacritics aside)
            "Hanna Schulz;12.12.1966;0441 1;rot\r\n"
            "Jörg Weiß;30.02.1970;;grün\r\n"  # impossible date
            ";;;\r\n"
        ).encode("cp1252")
    )
    before = volunteers.count_volunteers(office)
    changes: list[Changes] = []
    page.changes.committed.connect(changes.append)
    wizard = page.list_buttons.start_import()
    assert isinstance(wizard, ImportWizard)
    qtbot.addWidget(wizard)
    wizard.file_page.path_edit.setText(str(path))
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    combos = wizard.mapping_page.combos
    assert [c.currentData() for c in combos] == ["full_name", "birth_date", "phone", ""]
    combos[2].setCurrentIndex(0)  # do not take the phone numbers
    wizard.next()
    preview_page = wizard.preview_page
    assert wizard.currentPage() is preview_page
    qtbot.waitUntil(lambda: preview_page.ready, timeout=WAIT)
    table = preview_page.table
    assert table.rowCount() == 3
    states = [table.item(r, 2).text() for r in range(3)]
    assert states == ["wahrscheinlich schon vorhanden", "neu", "ungültig"]
    assert "Kowalski, Łukasz" in table.item(0, 5).text()
    assert "30.02.1970" in table.item(2, 5).text()
    assert volunteers.count_volunteers(office) == before  # nothing written yet
    assert "1 werden importiert" in preview_page.summary.text()
    preview_page.set_ticked(2, True)
    assert "2 werden importiert" in preview_page.summary.text()
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "&Importieren"
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.result_page, timeout=WAIT)
    assert volunteers.count_volunteers(office) == before + 2
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 2, timeout=WAIT)
    assert any("volunteer" in c.tables for c in changes)
    result = wizard.outcome
    assert result is not None
    created = volunteers.get_volunteer(office, result.created[1])
    assert (created.given_name, created.family_name, created.phone) == ("Hanna", "Schulz", "")
    assert "2 Personen importiert; 1 Zeilen übersprungen" in wizard.result_page.summary.text()
    assert "Zeile 4 (Weiß, Jörg)" in wizard.result_page.report.toPlainText()
    assert len(list_duplicates(office)) == 1
    wizard.result_page.undo_button.click()
    qtbot.waitUntil(lambda: volunteers.count_volunteers(office) == before, timeout=WAIT)
    qtbot.waitUntil(lambda: "wieder gelöscht" in wizard.result_page.summary.text(), timeout=WAIT)
    assert importing.list_batches(office)[0].undone_at is not None


def test_wizard_refuses_a_missing_file_and_a_mapping_without_names(
    qtbot: QtBot, office: Store, tmp_path: Path
) -> None:
    wizard = ImportWizard(office)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path_edit.setText(str(tmp_path / "fehlt.csv"))
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert "kann nicht gelesen werden" in wizard.file_page.error.text()
    path = tmp_path / "liste.csv"
    path.write_text("Vorname;Nachname\nAnna;Schmidt\n", encoding="utf-8")
    wizard.file_page.path_edit.setText(str(path))
    wizard.next()
    wizard.mapping_page.combos[1].setCurrentIndex(0)
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    assert "Namen" in wizard.mapping_page.error.text()
    wizard.close()


def test_export_the_list_as_filtered_and_the_phone_list(
    qtbot: QtBot,
    page: VolunteersPage,
    office: Store,
    people: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    volunteers.update_volunteer(office, people["Łukasz Kowalski"], status="aktiv", phone="0441 1")
    volunteers.update_volunteer(office, people["Олена Шевченко"], status="aktiv")
    page.refresh()
    page.status_filter.setCurrentIndex(page.status_filter.findData("aktiv"))
    target = tmp_path / "aktiv.xlsx"
    page.list_buttons.export("volunteers", path=target)
    qtbot.waitUntil(target.exists, timeout=WAIT)
    qtbot.waitUntil(lambda: "aktiv.xlsx" in page.hint_label.text(), timeout=WAIT)
    sheet = load_workbook(target).active
    names = [(row[0].value, row[1].value) for row in sheet.iter_rows(min_row=2)]
    assert names == [("Kowalski", "Łukasz"), ("Шевченко", "Олена")]
    phones = tmp_path / "telefon.csv"
    page.list_buttons.export("phone", path=phones)
    qtbot.waitUntil(phones.exists, timeout=WAIT)
    rows = list(csv.reader(io.StringIO(phones.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:3] == ["Kowalski", "Łukasz", "0441 1"]
    assignment = mentoring.add_assignment(
        office,
        volunteer_id=people["Łukasz Kowalski"],
        mentee_pseudonym="A. B.",
        started_on=date(2026, 1, 2),
    )
    mentoring.add_log_entry(
        office,
        assignment_id=assignment,
        entry_date=date(2026, 1, 3),
        minutes=120,
        kind="treffen",
        area="schule",
    )
    monkeypatch.setattr(QInputDialog, "getInt", lambda *args, **kwargs: (2026, True))
    hours = tmp_path / "stunden.csv"
    page.list_buttons.export("mentoring", path=hours)
    qtbot.waitUntil(hours.exists, timeout=WAIT)
    rows = list(csv.reader(io.StringIO(hours.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == ["Kowalski", "Łukasz", "1", "1", "2,00", "0,0"]


def test_course_participants_export_and_print(
    qtbot: QtBot,
    office: Store,
    people: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from lotsen_desktop.gui.dialogs.pdf_preview import PdfPreviewDialog

    course_id = courses.add_course(
        office, module_code="BASIS", title="Basis Herbst", session_dates=[date(2026, 2, 7)]
    )
    courses.enrol_volunteers(
        office,
        course_id=course_id,
        volunteer_ids=[people["İlkay Şahin"]],
        enrolled_on=date(2026, 2, 1),
    )
    page = CoursesPage(office)
    qtbot.addWidget(page)
    page.show()
    page.open_course(course_id)
    target = tmp_path / "kurs.csv"
    page.participant_list_buttons.export(path=target)
    qtbot.waitUntil(target.exists, timeout=WAIT)
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:2] == ["Şahin", "İlkay"] and rows[1][3] == "01.02.2026"
    previews: list[PdfPreviewDialog] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: previews.append(dialog) or 0)
    page.participant_list_buttons.print()
    qtbot.waitUntil(lambda: len(previews) == 1, timeout=WAIT)
    assert previews[0].windowTitle() == "Teilnehmende: Basis Herbst"
