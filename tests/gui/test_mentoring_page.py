"""The mentoring page driven through its widgets: requests, offers, assignments, quick log entry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QHeaderView, QMessageBox
from pytestqt.qtbot import QtBot

from lotsen_desktop.domain.vocabulary import Area, ContactKind, RequestStatus
from lotsen_desktop.gui.dialogs import mentoring_dialogs
from lotsen_desktop.gui.dialogs.mentoring_dialogs import (
    AcceptOfferDialog,
    EditLogEntryDialog,
    EndAssignmentDialog,
    NewAssignmentDialog,
    NewMeetingDialog,
    NewRequestDialog,
)
from lotsen_desktop.gui.models.mentoring_models import (
    AssignmentTableModel,
    KmPerPersonModel,
    LogTableModel,
    MeetingTableModel,
    MonthAreaTotalsModel,
    RequestTableModel,
    SuggestionTableModel,
)
from lotsen_desktop.gui.pages.mentoring import quick_entry
from lotsen_desktop.gui.pages.mentoring.page import MentoringPage
from lotsen_desktop.gui.views import feedback
from lotsen_desktop.i18n import set_language
from lotsen_desktop.services import mentoring, volunteers
from lotsen_desktop.store.database import Store
from tests.gui.conftest import wait_loaded

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TODAY = date.today()


@pytest.fixture
def people(store: Store) -> dict[str, str]:
    return {
        "rania": volunteers.add_volunteer(
            store,
            given_name="Rania",
            family_name="Nasser",
            status="aktiv",
            languages=["Arabisch:muttersprache", "Deutsch"],
            interests=["schule"],
            availability="vormittags",
        ),
        "ilkay": volunteers.add_volunteer(
            store,
            given_name="İlkay",
            family_name="Şahin",
            status="aktiv",
            languages=["Türkisch"],
            interests=["gesundheit"],
        ),
    }


@pytest.fixture
def page(qtbot: QtBot, store: Store) -> Iterator[MentoringPage]:
    widget = MentoringPage(store)
    qtbot.addWidget(widget)
    testers = [
        QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
        for model in (
            widget.request_model,
            widget.suggestion_model,
            widget.offer_model,
            widget.assignment_model,
            widget.log_model,
            widget.totals_model,
            widget.volunteer_model,
            widget.meeting_model,
        )
    ]
    widget.resize(1160, 700)
    widget.show()
    qtbot.waitExposed(widget)
    wait_loaded(widget)
    yield widget
    wait_loaded(widget)
    del testers


def test_request_suggestion_offer_and_acceptance_with_pseudonym(
    qtbot: QtBot, page: MentoringPage, store: Store, people: dict[str, str]
) -> None:
    assert page.page_title() == "Begleitung"
    page.new_request_button.click()
    dialog = page.dialog
    assert isinstance(dialog, NewRequestDialog)
    dialog.institution.setText("Grundschule Am Lindenhof")
    dialog.area.setCurrentIndex(dialog.area.findData(Area.SCHOOL.value))
    dialog.languages.setText("Arabisch")
    dialog.received.setText((TODAY + timedelta(days=3)).strftime("%d.%m.%Y"))
    dialog.ok_button().click()
    assert dialog.isVisible() and "Zukunft" in dialog.message.text()
    assert mentoring.list_requests(store) == []
    dialog.received.setText("")
    dialog.ok_button().click()
    assert dialog.isVisible() and "Datum" in dialog.message.text()
    dialog.received.setText(TODAY.strftime("%d.%m."))
    with qtbot.waitSignal(page.changes.committed):
        dialog.ok_button().click()
    wait_loaded(page)
    [request] = mentoring.list_requests(store)
    assert request.received_on == TODAY
    assert page.request_model.rowCount() == 1
    assert page.selected_request() == request

    # suggestions say why
    assert page.suggestion_model.rowCount() == 1
    first = page.suggestion_model.index(0, SuggestionTableModel.LANGUAGES)
    assert first.data() == "Arabisch"
    assert page.suggestion_model.index(0, SuggestionTableModel.AREA).data().startswith("✓")
    assert "vormittags" in first.data(Qt.ItemDataRole.ToolTipRole)

    page.offer_button.click()
    wait_loaded(page)
    assert page.offer_model.rowCount() == 1
    assert mentoring.list_requests(store)[0].status == RequestStatus.OFFERED.value
    assert page.accept_button.isEnabled()

    page.accept_button.click()
    dialog = page.dialog
    assert isinstance(dialog, AcceptOfferDialog)
    dialog.pseudonym.setText("Mariam Yasmin Al-Khalidi")  # a full name: refused inline
    dialog.ok_button().click()
    assert dialog.isVisible() and "Initialen" in dialog.message.text()
    assert mentoring.list_assignments(store) == []
    dialog.pseudonym.setText("M. A.")
    dialog.ok_button().click()
    assert not dialog.isVisible()
    wait_loaded(page)
    [assignment] = mentoring.list_assignments(store)
    assert (assignment.mentee_pseudonym, assignment.volunteer_id) == ("M. A.", people["rania"])
    assert mentoring.list_requests(store)[0].status == RequestStatus.ACCEPTED.value
    assert "Rania Nasser" in page.request_message.text()
    assert page.request_model.index(0, 4).data() == "angenommen"
    # an accepted request leaves the open ones at the next reload, and stays under "all"
    page.refresh()
    wait_loaded(page)
    assert page.request_model.rowCount() == 0
    page.request_filter.setCurrentIndex(1)
    wait_loaded(page)
    assert page.request_model.rowCount() == 1


def test_declined_offer_and_done(
    page: MentoringPage, store: Store, people: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    request_id = mentoring.add_request(store, institution="Gesundheitsamt", area="gesundheit")
    page.refresh()
    wait_loaded(page)
    assert page.suggestion_model.rowCount() == 2  # no language asked: the area ranks İlkay first
    assert page.suggestion_model.index(0, 0).data() == "İlkay Şahin"
    page.offer_selected()
    wait_loaded(page)
    page.decline_button.click()
    wait_loaded(page)
    assert mentoring.list_offers(store, request_id)[0].response == "abgelehnt"
    assert "abgesagt" in page.request_message.text()
    monkeypatch.setattr(feedback, "confirm", lambda *args: True)
    page.close_request_button.click()
    assert mentoring.list_requests(store)[0].status == RequestStatus.CLOSED.value


def _assignment(store: Store, volunteer_id: str, started: date | None = None) -> str:
    return mentoring.add_assignment(
        store,
        volunteer_id=volunteer_id,
        mentee_pseudonym="Familie K.",
        areas=["gesundheit"],
        started_on=started or TODAY - timedelta(days=60),
    )


def _pick(page: MentoringPage, qtbot: QtBot, search: str) -> None:
    page.tabs.setCurrentWidget(page.assignments_tab)
    page.volunteer_search.setText(search)  # QTest types ASCII only
    qtbot.keyClick(page.volunteer_search, Qt.Key.Key_Return)
    wait_loaded(page)


def test_quick_entry_saves_on_enter_keeps_focus_and_updates_totals(
    qtbot: QtBot, page: MentoringPage, store: Store, people: dict[str, str]
) -> None:
    _assignment(store, people["ilkay"])
    page.refresh()
    wait_loaded(page)
    _pick(page, qtbot, "sahin")
    assert page.selected_volunteer() is not None
    assert page.selected_volunteer().id == people["ilkay"]  # type: ignore[union-attr]
    assert page.assignment_model.rowCount() == 1
    assert page.totals_model.rowCount() == 0
    entry = page.quick_entry
    assert entry.isEnabled()
    assert entry.date.text() == TODAY.strftime("%d.%m.%Y")

    entry.duration.setText("1:30")
    entry.kind.setCurrentIndex(entry.kind.findData(ContactKind.PHONE.value))
    entry.area.setCurrentIndex(entry.area.findData(Area.AUTHORITIES.value))
    qtbot.keyClicks(entry.note, "Termin beim Amt vorbereitet")
    with qtbot.waitSignal(page.changes.committed):
        qtbot.keyClick(entry.note, Qt.Key.Key_Return)
    wait_loaded(page)
    [line] = mentoring.list_log_entries(store, page.assignment_model.row_at(0).id)
    assert (line.minutes, line.kind, line.area, line.entry_date) == (
        90,
        "telefon",
        "behoerden",
        TODAY,
    )
    assert page.log_model.rowCount() == 1
    assert page.log_model.index(0, LogTableModel.DURATION).data() == "1:30"
    assert entry.note.text() == "" and entry.duration.text() == "1:30"
    assert entry.date.hasFocus()
    assert page.totals_model.rowCount() == 2  # this month and the total
    assert page.totals_model.total_minutes() == 90
    assert "1,5" in page.totals_label.text()
    assert page.assignment_model.index(0, AssignmentTableModel.HOURS).data() == "1,5"
    assert entry.message.kind == "info"

    # the next line right away: a different day, Enter in the date field
    entry.date.setText((TODAY - timedelta(days=1)).strftime("%d.%m.%Y"))
    entry.duration.setText("45")
    qtbot.keyClick(entry.date, Qt.Key.Key_Enter)
    wait_loaded(page)
    assert page.log_model.rowCount() == 2
    assert page.totals_model.total_minutes() == 135

    # kind, area and duration are remembered for the next start
    assert store.local_setting(quick_entry.LAST_KIND) == "telefon"
    assert store.local_setting(quick_entry.LAST_AREA) == "behoerden"
    again = MentoringPage(store)
    qtbot.addWidget(again)
    assert again.quick_entry.kind.currentData() == "telefon"
    assert again.quick_entry.area.currentData() == "behoerden"
    assert again.quick_entry.duration.text() == "0:45"


def test_quick_entry_refuses_a_future_or_wrong_date_inline(
    qtbot: QtBot, page: MentoringPage, store: Store, people: dict[str, str]
) -> None:
    assignment_id = _assignment(store, people["ilkay"])
    page.refresh()
    wait_loaded(page)
    _pick(page, qtbot, "İLKAY")
    entry = page.quick_entry
    entry.date.setText((TODAY + timedelta(days=2)).strftime("%d.%m.%Y"))
    qtbot.keyClick(entry.date, Qt.Key.Key_Return)
    assert entry.message.kind == "error" and "Zukunft" in entry.message.text()
    entry.date.setText("31.02.2026")
    qtbot.keyClick(entry.date, Qt.Key.Key_Return)
    assert "kein gültiges Datum" in entry.message.text()
    entry.date.setText(TODAY.strftime("%d.%m.%Y"))
    entry.duration.setText("eine Weile")
    qtbot.keyClick(entry.duration, Qt.Key.Key_Return)
    assert "Dauer" in entry.message.text()
    entry.duration.setText("30")
    entry.km.setText("zwölf")
    entry.save_button.click()
    assert "Kilometer" in entry.message.text()
    assert mentoring.list_log_entries(store, assignment_id) == []
    entry.km.setText("12,5")
    entry.save_button.click()
    assert mentoring.list_log_entries(store, assignment_id)[0].km == 12.5


def test_new_assignment_rejects_full_names_inline_and_can_be_ended(
    qtbot: QtBot, page: MentoringPage, store: Store, people: dict[str, str]
) -> None:
    page.refresh()
    wait_loaded(page)
    page.tabs.setCurrentWidget(page.assignments_tab)
    assert not page.new_assignment_button.isEnabled()  # pick a volunteer first
    _pick(page, qtbot, "rania")
    page.new_assignment_button.click()
    dialog = page.dialog
    assert isinstance(dialog, NewAssignmentDialog)
    dialog.pseudonym.setText("Anna Maria Katharina Schulze")
    dialog.ok_button().click()
    assert dialog.isVisible() and "Initialen" in dialog.message.text()
    assert mentoring.list_assignments(store) == []
    dialog.pseudonym.setText("A. S.")
    dialog.household.setValue(4)
    dialog.areas.item(0).setCheckState(Qt.CheckState.Checked)  # type: ignore[union-attr]
    dialog.ok_button().click()
    wait_loaded(page)
    [row] = mentoring.list_assignments(store, volunteer_id=people["rania"])
    assert (row.mentee_pseudonym, row.household_size, row.areas) == ("A. S.", 4, "sprache")
    assert page.assignment_model.rowCount() == 1
    assert page.quick_entry.area.currentData() == "sprache"

    page.end_assignment_button.click()
    dialog = page.dialog
    assert isinstance(dialog, EndAssignmentDialog)
    dialog.ended.setText((TODAY - timedelta(days=400)).strftime("%d.%m.%Y"))
    dialog.ok_button().click()
    assert dialog.isVisible() and dialog.message.kind == "error"
    dialog.ended.setText(TODAY.strftime("%d.%m.%Y"))
    dialog.ok_button().click()
    wait_loaded(page)
    assert mentoring.list_assignments(store)[0].ended_on == TODAY
    assert not page.end_assignment_button.isEnabled()


def test_all_open_assignments_and_delete_a_log_line(
    qtbot: QtBot,
    page: MentoringPage,
    store: Store,
    people: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = _assignment(store, people["ilkay"])
    _assignment(store, people["rania"])
    mentoring.add_log_entry(
        store, assignment_id=first, entry_date=TODAY, minutes=30, kind="treffen", area="wohnen"
    )
    page.refresh()
    wait_loaded(page)
    page.tabs.setCurrentWidget(page.assignments_tab)
    page.show_all_volunteers()
    wait_loaded(page)
    assert page.assignment_model.rowCount() == 2
    assert not page.assignment_table.isColumnHidden(AssignmentTableModel.VOLUNTEER)
    assert page.totals_model.total_minutes() == 30
    for row in range(2):
        if page.assignment_model.row_at(row).id == first:
            page.assignment_table.setCurrentIndex(page.assignment_model.index(row, 0))
    assert page.log_model.rowCount() == 1
    monkeypatch.setattr(feedback, "confirm", lambda *args: True)
    page.log_table.setCurrentIndex(page.log_model.index(0, 0))
    page.delete_log_button.click()
    wait_loaded(page)
    assert mentoring.list_log_entries(store, first) == []
    assert page.totals_model.total_minutes() == 0
    assert page.totals_empty.isVisible()


def test_clicking_a_column_sorts_all_open_assignments_in_sql_and_keeps_the_selection(
    qtbot: QtBot, page: MentoringPage, store: Store, people: dict[str, str]
) -> None:
    older = _assignment(store, people["ilkay"], started=TODAY - timedelta(days=300))
    newer = _assignment(store, people["rania"], started=TODAY - timedelta(days=10))
    ended = _assignment(store, people["rania"], started=TODAY - timedelta(days=200))
    mentoring.end_assignment(store, ended, ended_on=TODAY - timedelta(days=100))
    mentoring.add_log_entry(
        store, assignment_id=older, entry_date=TODAY, minutes=30, kind="treffen", area="wohnen"
    )
    page.refresh()
    wait_loaded(page)
    page.tabs.setCurrentWidget(page.assignments_tab)
    page.show_all_volunteers()
    wait_loaded(page)

    def shown() -> list[str]:
        model = page.assignment_model
        return [model.row_at(row).id for row in range(model.rowCount())]  # type: ignore[union-attr]

    assert shown() == [newer, older]  # the open ones, newest start first; the ended one not
    page.assignment_table.setCurrentIndex(page.assignment_model.index(1, 0))
    assert page.selected_assignment().id == older  # type: ignore[union-attr]
    header = page.assignment_table.horizontalHeader()
    header.setSortIndicator(AssignmentTableModel.HOURS, Qt.SortOrder.DescendingOrder)
    assert page.loader.is_loading("assignments")  # read again in the new order
    wait_loaded(page)
    assert shown() == [older, newer]
    assert page.selected_assignment().id == older  # type: ignore[union-attr]
    assert page.assignment_table.currentIndex().row() == 0
    assert page.log_model.rowCount() == 1
    header.setSortIndicator(AssignmentTableModel.SINCE, Qt.SortOrder.AscendingOrder)
    wait_loaded(page)
    assert shown() == [older, newer]
    header.setSortIndicator(AssignmentTableModel.SINCE, Qt.SortOrder.DescendingOrder)
    wait_loaded(page)
    assert shown() == [newer, older]
    assert page.selected_assignment().id == older  # type: ignore[union-attr]


def test_totals_model_has_a_total_row_and_column(qtbot: QtBot) -> None:
    model = MonthAreaTotalsModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    model.set_totals(
        {("2026-01", "sprache"): 90, ("2026-02", "sprache"): 30, ("2026-02", "wohnen"): 60},
        {"2026-02": 12.5, "2026-03": 4.0},
    )
    assert (model.rowCount(), model.columnCount()) == (4, 4)  # March has km only
    assert model.headerData(3, Qt.Orientation.Horizontal) == "km"
    assert [model.index(r, 3).data() for r in range(4)] == ["", "12,5", "4", "16,5"]
    assert model.headerData(0, Qt.Orientation.Vertical) == "Januar 2026"
    assert model.headerData(0, Qt.Orientation.Horizontal) == Area.LANGUAGE.label
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Gesamt"
    assert model.index(3, 2).data() == "3"
    assert model.index(0, 1).data() == ""
    model.set_totals({})
    assert model.rowCount() == 0
    del tester


def test_reflection_meeting_with_participants_chosen_across_searches(
    qtbot: QtBot, page: MentoringPage, store: Store, people: dict[str, str]
) -> None:
    page.tabs.setCurrentWidget(page.meetings_tab)
    assert page.meeting_model.rowCount() == 0
    page.new_meeting_button.click()
    dialog = page.dialog
    assert isinstance(dialog, NewMeetingDialog)
    dialog.topic.setText("Grenzen der Begleitung")
    dialog.kind.setCurrentIndex(dialog.kind.findData("austausch"))
    dialog.search.setText("rania")
    dialog.run_search()
    assert dialog.people.count() == 1
    dialog.people.item(0).setCheckState(Qt.CheckState.Checked)  # type: ignore[union-attr]
    dialog.search.setText("sahin")
    dialog.run_search()
    dialog.people.item(0).setCheckState(Qt.CheckState.Checked)  # type: ignore[union-attr]
    dialog.search.setText("rania")
    dialog.run_search()
    assert dialog.people.item(0).checkState() == Qt.CheckState.Checked  # type: ignore[union-attr]
    assert "2" in dialog.count.text()
    dialog.held.setText((TODAY + timedelta(days=1)).strftime("%d.%m.%Y"))
    dialog.ok_button().click()
    assert dialog.isVisible() and "Zukunft" in dialog.message.text()
    assert mentoring.list_meetings(store) == []
    dialog.held.setText(TODAY.strftime("%d.%m.%Y"))
    with qtbot.waitSignal(page.changes.committed):
        dialog.ok_button().click()
    wait_loaded(page)
    [meeting] = mentoring.list_meetings(store)
    assert (meeting.kind, meeting.topic, meeting.attendees) == (
        "austausch",
        "Grenzen der Begleitung",
        2,
    )
    assert page.meeting_model.rowCount() == 1
    assert page.meeting_model.index(0, MeetingTableModel.KIND).data() == "Austauschtreffen"
    summary = mentoring.activity_summary(
        store, volunteer_id=people["ilkay"], date_from=TODAY, date_to=TODAY
    )
    assert len(summary.meetings) == 1


def test_sorting_and_switching_to_english(
    page: MentoringPage, store: Store, people: dict[str, str]
) -> None:
    mentoring.add_request(store, institution="Zentrum B", area="wohnen")
    mentoring.add_request(store, institution="Amt A", area="arbeit")
    page.refresh()
    wait_loaded(page)
    page.request_table.sortByColumn(RequestTableModel.INSTITUTION, Qt.SortOrder.AscendingOrder)
    assert page.request_model.index(0, RequestTableModel.INSTITUTION).data() == "Amt A"
    assert page.request_model.index(0, RequestTableModel.STATUS).data() == "offen"
    set_language("en")
    page.retranslate()
    assert page.tabs.tabText(0) == "&Requests"
    assert page.request_model.index(0, RequestTableModel.STATUS).data() == "open"
    assert page.quick_entry.kind.itemText(0) == "Personal meeting"
    assert page.request_model.headerData(1, Qt.Orientation.Horizontal) == "Institution"
    areas = page.assignment_table.horizontalHeader().sectionSize(AssignmentTableModel.AREAS)
    metrics = page.assignment_table.fontMetrics()
    # sized from an English label with the cell's padding, not from "Behörden und Ämter"
    assert areas >= metrics.horizontalAdvance("Authorities and offices") + 16


def test_key_columns_are_readable_on_a_laptop(
    qtbot: QtBot, page: MentoringPage, store: Store
) -> None:
    """The Einrichtung of a request was cut to three letters at 1366 px."""
    mentoring.add_request(store, institution="Gemeinschaftsunterkunft Nord", area="wohnen")
    page.refresh()
    wait_loaded(page)
    page.resize(1366 - 215, 720)
    qtbot.wait(10)
    requests = page.request_table.horizontalHeader()
    assert requests.sectionSize(RequestTableModel.INSTITUTION) >= 150
    suggestions = page.suggestion_table.horizontalHeader()
    assert suggestions.sectionResizeMode(SuggestionTableModel.NAME) == (
        QHeaderView.ResizeMode.Stretch
    )
    assert suggestions.sectionSize(SuggestionTableModel.NAME) >= 150


def test_the_suggested_name_stays_readable_at_1024_pixels(
    qtbot: QtBot, page: MentoringPage, store: Store
) -> None:
    """At 1024 px the fixed reason columns left the name a few letters ("Huda Man…", twice)."""
    born = [
        volunteers.add_volunteer(
            store,
            given_name="Huda",
            family_name="Mansour",
            birth_date=date(year, 5, 1),
            status="aktiv",
            languages=["Arabisch"],
        )
        for year in (1962, 1964)
    ]
    mentoring.add_request(
        store, institution="Jobcenter", area="behoerden", languages_needed="Arabisch"
    )
    page.refresh()
    wait_loaded(page)
    header = page.suggestion_table.horizontalHeader()
    metrics = page.suggestion_table.fontMetrics()
    page.resize(1800, 720)
    qtbot.wait(10)
    assert header.sectionSize(SuggestionTableModel.LANGUAGES) == 120  # room: preferred widths
    page.resize(1024 - 215, 700)
    qtbot.wait(10)
    names = {
        page.suggestion_model.row_at(row).volunteer_id: page.suggestion_model.index(
            row, SuggestionTableModel.NAME
        ).data()
        for row in range(page.suggestion_model.rowCount())
    }
    assert names == {born[0]: "Huda Mansour (1962)", born[1]: "Huda Mansour (1964)"}
    for name in names.values():
        assert header.sectionSize(SuggestionTableModel.NAME) > metrics.horizontalAdvance(name)
    assert header.sectionSize(SuggestionTableModel.LANGUAGES) < 120  # the reasons gave way
    assert header.length() <= page.suggestion_table.viewport().width()  # and nothing scrolls


def test_no_assignment_column_is_squeezed_in_a_narrow_table(
    qtbot: QtBot, page: MentoringPage, store: Store, people: dict[str, str]
) -> None:
    """At 200 % scaling the fixed columns once filled all but a few pixels of the table, and
    the stretched Bereiche column got just those; now every column keeps its text readable and
    the table scrolls sideways instead."""
    _assignment(store, people["ilkay"])
    page.refresh()
    wait_loaded(page)
    page.tabs.setCurrentWidget(page.assignments_tab)
    page.show_all_volunteers()
    wait_loaded(page)
    table = page.assignment_table
    header = table.horizontalHeader()
    others = sum(
        header.sectionSize(c)
        for c in range(page.assignment_model.columnCount())
        if c != AssignmentTableModel.AREAS
    )
    around = page.width() - table.viewport().width()
    page.resize(others + 20 + around, 600)  # room for all columns but the areas
    qtbot.wait(10)
    assert table.viewport().width() < others + 60
    metrics = table.fontMetrics()
    for column in range(page.assignment_model.columnCount()):
        title = str(page.assignment_model.headerData(column, Qt.Orientation.Horizontal))
        assert header.sectionSize(column) >= metrics.horizontalAdvance(title), title
    area = str(Area.AUTHORITIES.label)
    assert header.sectionSize(AssignmentTableModel.AREAS) >= metrics.horizontalAdvance(area)
    assert header.length() > table.viewport().width()  # so it scrolls


def test_designer_forms_are_translated_and_follow_the_language(
    qtbot: QtBot, page: MentoringPage, store: Store
) -> None:
    """The tabs and dialogs are Qt Designer forms: their texts come from the catalogs too."""
    assert page.new_request_button.text() == "&Neue Anfrage…"
    assert page.quick_entry.title() == "Kontakt eintragen"
    dialog = NewRequestDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.ui.institution_label.text() == "&Einrichtung:"
    assert dialog.ui.institution_label.buddy() is dialog.institution
    set_language("en")
    page.retranslate()
    assert page.new_request_button.text() == "&New request…"
    assert page.quick_entry.title() == "Record a contact"
    assert page.meetings_tab.new_meeting_button.text() == "New &meeting…"


# --- editing the log, the start and km (issue 11.7) ------------------------------------------


def _line(store: Store, assignment: str, days_ago: int, km: float = 0.0) -> str:
    return mentoring.add_log_entry(
        store,
        assignment_id=assignment,
        entry_date=TODAY - timedelta(days=days_ago),
        minutes=60,
        kind="treffen",
        area="gesundheit",
        km=km,
    )


def test_a_log_line_is_edited_and_its_earlier_values_are_shown(
    qtbot: QtBot, page: MentoringPage, store: Store, people: dict[str, str]
) -> None:
    assignment = _assignment(store, people["ilkay"])
    entry = _line(store, assignment, 3, km=5.0)
    page.refresh()
    wait_loaded(page)
    _pick(page, qtbot, "sahin")
    tab = page.assignments_tab
    assert tab.edit_log_button.isEnabled()
    page.log_table.setCurrentIndex(page.log_model.index(0, 0))
    tab.edit_log_button.click()
    dialog = page.dialog
    assert isinstance(dialog, EditLogEntryDialog)
    assert dialog.duration.text() == "1:00" and dialog.km.text() == "5"
    assert dialog.history_table.isHidden()
    dialog.duration.setText("zu lang")
    dialog.ok_button().click()
    assert dialog.isVisible() and "Dauer" in dialog.message.text()
    dialog.duration.setText("1:15")
    dialog.note.setPlainText("Termin beim Amt, Unterlagen mitgebracht")
    with qtbot.waitSignal(page.changes.committed):
        dialog.ok_button().click()
    wait_loaded(page)
    [row] = mentoring.list_log_entries(store, assignment)
    assert (row.minutes, row.note, row.km) == (75, "Termin beim Amt, Unterlagen mitgebracht", 5.0)
    assert page.log_model.index(0, LogTableModel.DURATION).data() == "1:15"
    assert "geändert" in page.log_model.index(0, LogTableModel.DATE).data(3)  # tooltip

    # opened again: the earlier values are listed with who changed them
    page.log_table.setCurrentIndex(page.log_model.index(0, 0))
    tab.edit_log_button.click()
    again = page.dialog
    assert isinstance(again, EditLogEntryDialog) and again is not dialog
    assert not again.history_table.isHidden()
    assert again.history_model.rowCount() == 1
    assert again.history_model.row_at(0).minutes == 60
    assert again.history_model.index(0, 1).data() == store.user
    again.reject()
    assert len(mentoring.list_log_entry_changes(store, entry)) == 1


def test_a_contact_before_the_start_offers_to_move_the_start(
    qtbot: QtBot,
    page: MentoringPage,
    store: Store,
    people: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assignment = _assignment(store, people["ilkay"], started=TODAY - timedelta(days=10))
    page.refresh()
    wait_loaded(page)
    _pick(page, qtbot, "sahin")
    entry = page.quick_entry
    asked: list[str] = []

    def answer(value: bool):  # type: ignore[no-untyped-def]
        def ask(_parent: object, early: mentoring.ContactBeforeStart) -> bool:
            asked.append(early.day.strftime("%d.%m.%Y"))
            return value

        return ask

    early = TODAY - timedelta(days=20)
    monkeypatch.setattr(mentoring_dialogs, "ask_move_start", answer(False))
    entry.date.setText(early.strftime("%d.%m.%Y"))
    entry.save_button.click()
    assert asked == [early.strftime("%d.%m.%Y")]
    assert entry.message.kind == "error" and "vor dem Beginn" in entry.message.text()
    assert mentoring.list_log_entries(store, assignment) == []

    monkeypatch.setattr(mentoring_dialogs, "ask_move_start", answer(True))
    entry.save_button.click()
    wait_loaded(page)
    assert len(mentoring.list_log_entries(store, assignment)) == 1
    assert mentoring.list_assignments(store)[0].started_on == early


def test_the_question_names_the_first_contact(
    qtbot: QtBot, page: MentoringPage, store: Store, people: dict[str, str], message_boxes: Any
) -> None:
    early = mentoring.ContactBeforeStart("x", day=TODAY - timedelta(days=5), started_on=TODAY)
    box = mentoring_dialogs.start_question(None, early)
    day = (TODAY - timedelta(days=5)).strftime("%d.%m.%Y")
    assert box.button(QMessageBox.StandardButton.Yes).text() == (
        f"Beginn auf den ersten Kontakt ({day}) setzen"
    )
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.deleteLater()

    # through the quick entry, answered by the test's message boxes
    assignment = _assignment(store, people["ilkay"], started=TODAY - timedelta(days=2))
    page.refresh()
    wait_loaded(page)
    _pick(page, qtbot, "sahin")
    message_boxes.answer = QMessageBox.StandardButton.Yes
    page.quick_entry.date.setText(day)
    page.quick_entry.save_button.click()
    wait_loaded(page)
    assert any(day in text for text in message_boxes.asked)
    assert mentoring.list_assignments(store)[0].started_on == TODAY - timedelta(days=5)
    assert len(mentoring.list_log_entries(store, assignment)) == 1


def test_a_new_assignment_without_start_begins_with_its_first_contact(
    qtbot: QtBot, page: MentoringPage, store: Store, people: dict[str, str]
) -> None:
    page.refresh()
    wait_loaded(page)
    _pick(page, qtbot, "rania")
    page.new_assignment_button.click()
    dialog = page.dialog
    assert isinstance(dialog, NewAssignmentDialog)
    assert dialog.started.text() == "" and dialog.started.placeholderText()
    dialog.pseudonym.setText("A. S.")
    dialog.ok_button().click()
    wait_loaded(page)
    entry = page.quick_entry
    first = TODAY - timedelta(days=30)
    entry.date.setText(first.strftime("%d.%m.%Y"))
    entry.save_button.click()  # no question: the start follows the first contact
    wait_loaded(page)
    assert mentoring.list_assignments(store)[0].started_on == first


def test_km_per_month_and_person(
    qtbot: QtBot, page: MentoringPage, store: Store, people: dict[str, str]
) -> None:
    if TODAY.month == 1 and TODAY.day <= 3:
        pytest.skip("the lines must fall into this year")
    first = _assignment(store, people["ilkay"], started=TODAY.replace(month=1, day=1))
    second = _assignment(store, people["rania"], started=TODAY.replace(month=1, day=1))
    _line(store, first, 0, km=12.5)
    _line(store, second, 1, km=3.0)
    _line(store, second, 2)
    page.refresh()
    wait_loaded(page)
    page.tabs.setCurrentWidget(page.assignments_tab)
    page.show_all_volunteers()
    wait_loaded(page)
    tab = page.assignments_tab
    model = tab.km_model
    names = [model.index(r, KmPerPersonModel.NAME).data() for r in range(model.rowCount())]
    kms = [model.index(r, KmPerPersonModel.KM).data() for r in range(model.rowCount())]
    assert names == ["Rania Nasser", "İlkay Şahin", "Gesamt"]
    assert kms == ["3", "12,5", "15,5"]
    assert "15,5 km" in tab.km_label.text()
    totals = page.totals_model
    assert totals.index(totals.rowCount() - 1, totals.km_column()).data() == "15,5"


def test_the_note_field_is_wide(
    qtbot: QtBot, page: MentoringPage, store: Store, people: dict[str, str]
) -> None:
    wait_loaded(page)
    page.tabs.setCurrentWidget(page.assignments_tab)
    entry = page.quick_entry
    assert entry.note.width() >= 3 * 120  # it was about 120 px
    assert entry.note.width() >= entry.width() // 2
