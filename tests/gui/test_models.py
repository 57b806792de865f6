"""Table models without a window (Vorta's idea): Qt's model tester, paging, sorting in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from lotsen_desktop.domain.vocabulary import ModuleKind, VolunteerStatus
from lotsen_desktop.gui.models.certificate_models import EligibleTableModel
from lotsen_desktop.gui.models.course_models import CourseListModel, VolunteerPickModel
from lotsen_desktop.gui.models.mentoring_models import AssignmentTableModel
from lotsen_desktop.gui.models.module_table_model import ModuleTableModel
from lotsen_desktop.gui.models.volunteer_table_model import VolunteerQuery, VolunteerTableModel
from lotsen_desktop.services import modules
from lotsen_desktop.services.certificates import EligibleRow
from lotsen_desktop.services.courses import CourseRow
from lotsen_desktop.services.mentoring import AssignmentRow
from lotsen_desktop.services.volunteers import VolunteerRow
from lotsen_desktop.store.database import Store

FATAL = QAbstractItemModelTester.FailureReportingMode.Fatal


@dataclass(frozen=True)
class Row:
    id: str
    given_name: str
    family_name: str
    status: str
    phone: str
    languages: str
    qualified_on: date | None = None


class ListSource:
    """A fake data source: a list filtered and sorted in Python, counting its queries."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = list(rows)
        self.fetch_calls: list[tuple[int, int]] = []

    def _matching(self, query: VolunteerQuery) -> list[Row]:
        found = [r for r in self.rows if query.search.lower() in r.family_name.lower()]
        if query.status:
            found = [r for r in found if r.status == query.status]
        key = {"name": "family_name", "status": "status", "phone": "phone"}[query.sort]
        return sorted(found, key=lambda r: getattr(r, key), reverse=query.descending)

    def count(self, query: VolunteerQuery) -> int:
        return len(self._matching(query))

    def fetch(self, query: VolunteerQuery, offset: int, limit: int) -> Sequence[Any]:
        self.fetch_calls.append((offset, limit))
        return self._matching(query)[offset : offset + limit]


def _rows(count: int) -> list[Row]:
    return [
        Row(
            id=f"id-{n:05d}",
            given_name=f"Given{n}",
            family_name=f"Family{n:05d}",
            status="aktiv" if n % 3 else "ausgeschieden",
            phone=f"0511 {n:06d}",
            languages="Deutsch, Türkisch",
            qualified_on=date(2026, 1, 1) if n % 2 else None,
        )
        for n in range(count)
    ]


def test_volunteer_model_passes_qt_model_tester(qapp: Any) -> None:
    model = VolunteerTableModel(ListSource(_rows(450)), page_size=100)
    QAbstractItemModelTester(model, FATAL)
    model.set_query(VolunteerQuery())
    model.update_query(search="family0001")
    model.update_query(search="", status="aktiv")
    model.sort(VolunteerTableModel.PHONE, Qt.SortOrder.DescendingOrder)
    model.reload()
    assert model.rowCount() == 300


def test_volunteer_model_fetches_only_the_pages_it_shows(qapp: Any) -> None:
    source = ListSource(_rows(10_000))
    model = VolunteerTableModel(source, page_size=200)
    model.set_query(VolunteerQuery())
    assert model.rowCount() == 10_000
    assert source.fetch_calls == []  # counting only
    assert model.data(model.index(0, VolunteerTableModel.NAME)) == "Family00000, Given0"
    assert model.data(model.index(9_999, VolunteerTableModel.PHONE)) == "0511 009999"
    assert source.fetch_calls == [(0, 200), (9_800, 200)]
    model.data(model.index(150, VolunteerTableModel.STATUS))
    assert len(source.fetch_calls) == 2  # cached page
    assert model.data(model.index(1, VolunteerTableModel.QUALIFIED)) == "01.01.2026"
    assert model.data(model.index(0, VolunteerTableModel.STATUS)) == VolunteerStatus.LEFT.label
    assert model.data(model.index(5, 0), VolunteerTableModel.IdRole) == "id-00005"


def test_volunteer_model_cache_is_bounded(qapp: Any) -> None:
    source = ListSource(_rows(20_000))
    model = VolunteerTableModel(source, page_size=100)
    model.set_query(VolunteerQuery())
    for row in range(0, 20_000, 100):
        model.row_at(row)
    assert model.cached_pages() == VolunteerTableModel.MAX_CACHED_PAGES


def test_volunteer_model_sorts_in_the_source_and_ignores_unsortable_columns(qapp: Any) -> None:
    source = ListSource(_rows(50))
    model = VolunteerTableModel(source)
    model.set_query(VolunteerQuery())
    model.sort(VolunteerTableModel.NAME, Qt.SortOrder.DescendingOrder)
    assert model.query.descending is True
    assert model.data(model.index(0, 0)) == "Family00049, Given49"
    model.sort(VolunteerTableModel.LANGUAGES, Qt.SortOrder.AscendingOrder)
    assert model.query.sort == "name" and model.query.descending is True
    assert model.sort_column() == VolunteerTableModel.NAME


def test_volunteer_model_reload_keeps_rows_when_count_is_unchanged(qapp: Any) -> None:
    source = ListSource(_rows(30))
    model = VolunteerTableModel(source)
    model.set_query(VolunteerQuery())
    resets: list[bool] = []
    changes: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(lambda a, b: changes.append((a.row(), b.row())))
    model.row_at(0)
    source.rows[0] = replace(source.rows[0], phone="0000")
    model.reload()
    assert resets == [] and changes == [(0, 29)]
    assert model.data(model.index(0, VolunteerTableModel.PHONE)) == "0000"
    source.rows.pop()
    model.reload()
    assert resets == [True] and model.rowCount() == 29


def test_volunteer_model_over_the_real_services(office: Store, people: dict[str, str]) -> None:
    model = VolunteerTableModel.for_store(office)
    QAbstractItemModelTester(model, FATAL)
    model.set_query(VolunteerQuery())
    names = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    # German collation: accented letters sort as their base letter; Cyrillic after Latin
    assert names == [
        "Ánh, Nguyễn Thị",
        "Kowalski, Łukasz",
        'Müller, A<b> & "c"',
        "Şahin, İlkay",
        "Шевченко, Олена",
    ]
    model.update_query(search="sahin")
    assert model.rowCount() == 1
    assert model.data(model.index(0, VolunteerTableModel.LANGUAGES)) == "Deutsch, Türkisch"
    assert model.data(model.index(0, 0), VolunteerTableModel.IdRole) == people["İlkay Şahin"]
    model.update_query(search="", language="Polnisch")
    assert [model.data(model.index(0, 0))] == ["Kowalski, Łukasz"]
    model.update_query(language=None)
    model.sort(VolunteerTableModel.NAME, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, 0)) == "Шевченко, Олена"


def test_module_model_passes_qt_model_tester_and_keeps_edits_pending(office: Store) -> None:
    model = ModuleTableModel()
    QAbstractItemModelTester(model, FATAL)
    model.set_entries(modules.list_modules(office))
    assert model.rowCount() == 8
    assert model.data(model.index(0, ModuleTableModel.CODE)) == "BASIS"
    assert model.data(model.index(0, ModuleTableModel.KIND)) == ModuleKind.BASIS.label
    assert model.data(model.index(0, ModuleTableModel.HOURS)) == "48"
    hours = model.index(0, ModuleTableModel.HOURS)
    threshold = model.index(0, ModuleTableModel.THRESHOLD)
    assert model.flags(hours) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, ModuleTableModel.TITLE)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(hours, 30.0)
    assert model.setData(threshold, 75)
    assert not model.setData(threshold, 150)
    assert not model.setData(hours, -1)
    assert not model.setData(model.index(0, ModuleTableModel.TITLE), "x")
    assert model.pending == {"BASIS": {"hours": 30.0, "threshold_percent": 75}}
    assert model.data(hours, Qt.ItemDataRole.FontRole).bold()
    assert model.setData(hours, 48.0)  # back to the stored value: no longer pending
    assert model.pending == {"BASIS": {"threshold_percent": 75}}
    assert model.data(QModelIndex()) is None


def _eligible(number: int) -> EligibleRow:
    return EligibleRow(
        volunteer_id=f"v{number:02d}",
        given_name="Ana",
        family_name=f"Person {number:02d}",
        qualified_on=date(2026, 3, 1),
        serial="IL-2026-0001" if number == 4 else None,
    )


def test_eligible_model_holds_ids_and_reads_only_the_pages_it_shows(qapp: Any) -> None:
    people = {f"v{n:02d}": _eligible(n) for n in range(10)}
    asked: list[list[str]] = []

    def fetch(ids: Sequence[str]) -> list[EligibleRow]:
        asked.append(list(ids))
        return [people[i] for i in ids if i in people]

    model = EligibleTableModel(fetch, page_size=3)
    QAbstractItemModelTester(model, FATAL)
    ids = sorted(people)
    model.set_ids(ids, [people[i] for i in ids[:3]])  # the first page came with the ids
    assert model.rowCount() == 10 and model.columnCount() == 3
    assert model.index(0, EligibleTableModel.NAME).data() == "Person 00, Ana"
    asked.clear()  # the tester looked at every row; count only what follows
    model.set_ids(ids, [people[i] for i in ids[:3]])
    assert model.index(2, EligibleTableModel.NAME).data() == "Person 02, Ana"
    assert asked == []  # nothing read for the first page
    assert model.index(4, EligibleTableModel.SERIAL).data() == "IL-2026-0001"
    assert model.index(5, EligibleTableModel.SERIAL).data() == "—"
    assert asked == [["v03", "v04", "v05"]]  # one page, read once
    assert model.index(3, 0).data(EligibleTableModel.RowRole) == people["v03"]
    assert model.row_at(9) == people["v09"] and model.row_at(10) is None
    assert asked[-1] == ["v09"]

    del people["v07"]  # no longer qualified since the ids were read: a gap, no error
    model.set_ids(ids)
    assert model.row_at(7) is None and model.index(7, 0).data() == "—"
    assert model.row_at(6) == people["v06"]

    model.set_rows([people["v01"]])
    assert model.rowCount() == 1 and model.row_at(0) == people["v01"]
    model.retranslate()
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"


def _assignment(number: int, ended: bool = False) -> AssignmentRow:
    return AssignmentRow(
        id=f"a{number:02d}",
        volunteer_id="v1",
        volunteer_name="Ana Person",
        mentee_pseudonym=f"M. {number:02d}",
        household_size=None,
        languages="",
        areas="arbeit,schule",  # as stored: codes in alphabetical order
        started_on=date(2025, 1, 1 + number),
        ended_on=date(2025, 6, 1) if ended else None,
        total_minutes=90 * number,
        entries=number,
    )


def test_assignment_model_holds_ids_and_reads_only_the_pages_it_shows(qapp: Any) -> None:
    """The open assignments of a large register: ids in SQL order, rows read a page at a time
    when shown, the page of the row to select read with the ids; sorting asks the page."""
    rows = {f"a{n:02d}": _assignment(n, ended=n == 5) for n in range(10)}
    asked: list[list[str]] = []

    def fetch(ids: Sequence[str]) -> list[AssignmentRow]:
        asked.append(list(ids))
        return [rows[i] for i in ids if i in rows]

    model = AssignmentTableModel(fetch, page_size=3)
    QAbstractItemModelTester(model, FATAL)
    ids = sorted(rows, reverse=True)  # a09 … a00
    model.set_ids(ids, [rows[i] for i in ids[:3]], {2: [rows[i] for i in ids[6:9]]})
    assert model.rowCount() == 10 and model.columnCount() == 7
    asked.clear()  # the tester looked at every row; count only what follows
    model.set_ids(ids, [rows[i] for i in ids[:3]], {2: [rows[i] for i in ids[6:9]]})
    assert model.index(0, AssignmentTableModel.PSEUDONYM).data() == "M. 09"
    assert model.index(7, AssignmentTableModel.HOURS).data() == "3"  # a02: 180 minutes
    assert (
        model.index(1, AssignmentTableModel.AREAS).data() == "Schule und Eltern, Arbeit"
    )  # as forms list them
    assert model.index(0, AssignmentTableModel.UNTIL).data() == "läuft"
    volunteer = model.index(0, AssignmentTableModel.VOLUNTEER)
    assert volunteer.data(Qt.ItemDataRole.ToolTipRole) == "Ana Person"  # whole, if cut
    assert asked == []  # the first page and the page of the selection came with the ids
    assert model.row_of("a05") == 4 and model.row_of("nope") == -1
    assert asked == []  # finding a line reads no row
    assert model.index(4, AssignmentTableModel.UNTIL).data() == "01.06.2025"
    assert model.index(4, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # ended: grey
    assert model.index(3, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert asked == [["a06", "a05", "a04"]]  # one page, read once
    assert model.index(5, AssignmentTableModel.ENTRIES).data() == 4
    assert model.index(5, AssignmentTableModel.HOURS).data(Qt.ItemDataRole.TextAlignmentRole)
    assert len(asked) == 1
    assert model.row_at(9) == rows["a00"] and model.row_at(10) is None
    assert asked[-1] == ["a00"]

    requested: list[tuple[str, bool]] = []
    model.sort_requested.connect(lambda key, descending: requested.append((key, descending)))
    model.sort(AssignmentTableModel.HOURS, Qt.SortOrder.DescendingOrder)
    model.sort(AssignmentTableModel.PSEUDONYM, Qt.SortOrder.AscendingOrder)
    model.sort(99)
    assert requested == [("hours", True), ("pseudonym", False)]
    assert model.row_at(0) == rows["a09"]  # the model itself keeps its order: SQL sorts

    del rows["a01"]  # deleted since the ids were read: a gap, no error
    model.set_ids(ids)
    assert model.row_at(8) is None and model.index(8, 0).data() == "—"
    model.set_rows([rows["a03"]])
    assert model.rowCount() == 1 and model.row_at(0) == rows["a03"] and model.row_of("a03") == 0
    model.retranslate()
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Begleitete Person (Pseudonym)"


def _course(number: int, today: date) -> CourseRow:
    first = date(today.year - 1, 1, 1 + number) if number != 4 else date(today.year + 1, 1, 5)
    return CourseRow(
        id=f"c{number:02d}",
        title=f"Basis {number:02d}",
        module_code="BASIS",
        module_title="Basisqualifizierung Integrationslotsin/Integrationslotse",
        kind=ModuleKind.BASIS.value,
        place="Rathaus",
        trainers="",
        first_date=first if number != 7 else None,
        last_date=first if number != 7 else None,
        sessions=number,
        participants=2 * number,
        locked=number == 3,
    )


def test_course_list_model_holds_ids_and_reads_only_the_pages_it_shows(qapp: Any) -> None:
    """The courses of a large office: ids in SQL order, rows read a page at a time when shown,
    the page of the selected course read with the ids; a header click asks the page."""
    today = date.today()
    rows = {f"c{n:02d}": _course(n, today) for n in range(10)}
    asked: list[list[str]] = []

    def fetch(ids: Sequence[str]) -> list[CourseRow]:
        asked.append(list(ids))
        return [rows[i] for i in ids if i in rows]

    model = CourseListModel(fetch, page_size=3)
    QAbstractItemModelTester(model, FATAL)
    ids = sorted(rows, reverse=True)  # c09 … c00
    model.set_ids(ids, [rows[i] for i in ids[:3]], {2: [rows[i] for i in ids[6:9]]})
    assert model.rowCount() == 10 and model.columnCount() == 8
    asked.clear()  # the tester looked at every row; count only what follows
    model.set_ids(ids, [rows[i] for i in ids[:3]], {2: [rows[i] for i in ids[6:9]]})
    assert model.index(0, CourseListModel.TITLE).data() == "Basis 09"
    assert model.index(0, CourseListModel.STATE).data() == "beendet"
    assert model.index(2, CourseListModel.STATE).data() == "ohne Termine"  # c07
    assert model.index(6, CourseListModel.STATE).data() == "🔒 abgeschlossen, gesperrt"  # c03
    assert model.index(8, CourseListModel.PARTICIPANTS).data() == 2  # c01
    assert asked == []  # the first page and the page of the selection came with the ids
    assert model.row_of("c04") == 5 and model.row_of("nope") == -1
    assert asked == []  # finding a line reads no row
    assert model.index(5, CourseListModel.STATE).data() == "geplant"
    assert (
        model.index(5, CourseListModel.MODULE)
        .data(Qt.ItemDataRole.ToolTipRole)
        .startswith("Basisqualifizierung")
    )
    assert asked == [["c06", "c05", "c04"]]  # one page, read once
    assert model.index(4, CourseListModel.SESSIONS).data(Qt.ItemDataRole.TextAlignmentRole)
    assert model.index(4, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # finished: grey
    assert len(asked) == 1

    requested: list[tuple[str, bool]] = []
    model.sort_requested.connect(lambda key, descending: requested.append((key, descending)))
    model.sort(CourseListModel.TITLE, Qt.SortOrder.AscendingOrder)
    model.sort(CourseListModel.PERIOD, Qt.SortOrder.DescendingOrder)
    model.sort(CourseListModel.MODULE, Qt.SortOrder.AscendingOrder)
    model.sort(-1)
    assert requested == [("title", False), ("period", True), ("kind", False)]
    assert model.row_at(0) == rows["c09"]  # the model itself keeps its order: SQL sorts

    del rows["c08"]  # deleted since the ids were read: a gap, no error
    model.set_ids(ids)
    assert model.row_at(1) is None and model.index(1, 0).data() == "—"
    model.retranslate()
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Kurs"


def test_a_picked_name_shows_whole_in_its_tooltip(qapp: Any) -> None:
    """The Begleitung picker is narrow: "Ahmadi, Arash (2002, #00…" lost the short id that
    tells two namesakes of one year apart."""
    row = VolunteerRow("009388ab", "Arash", "Ahmadi", "aktiv", "", "", detail="2002, #009388")
    model = VolunteerPickModel()
    QAbstractItemModelTester(model, FATAL)
    model.set_volunteers([row], set())
    name = model.index(0, VolunteerPickModel.NAME)
    assert name.data(Qt.ItemDataRole.ToolTipRole) == "Ahmadi, Arash (2002, #009388)"
    assert model.index(0, VolunteerPickModel.STATUS).data(Qt.ItemDataRole.ToolTipRole) is None
    model.set_volunteers([row], {row.id})
    name = model.index(0, VolunteerPickModel.NAME)
    assert name.data(Qt.ItemDataRole.ToolTipRole).splitlines() == [
        "Ahmadi, Arash (2002, #009388)",
        "Bereits in diesem Kurs angemeldet",
    ]


def test_exchange_and_edit_times_show_in_local_time(qapp: Any, hanover_time: None) -> None:
    """The exchange history, the partners' last exchange and a log line's edits are stored in
    UTC: in Hanover in July an exchange at 10:00 was listed at 08:00."""
    from datetime import datetime

    from lotsen_desktop.gui.models.exchange_models import when
    from lotsen_desktop.gui.models.mentoring_models import LogChangeTableModel
    from lotsen_desktop.services.mentoring import LogChangeRow

    assert when(datetime(2026, 7, 1, 8, 0)) == "01.07.2026 10:00"
    model = LogChangeTableModel()
    edit = LogChangeRow(
        "c1",
        "e1",
        datetime(2026, 7, 1, 8, 0),
        "büro",
        date(2026, 6, 30),
        60,
        "treffen",
        "sprache",
        "",
        0.0,
        0,
    )
    model.set_rows([edit])
    assert model.index(0, LogChangeTableModel.CHANGED_AT).data() == "01.07.2026 10:00"


def test_a_suggested_name_shows_whole_in_its_tooltip(qapp: Any) -> None:
    """At 1024 px on a large register the suggestions cut "Abdi Diallo (1988, #562e1…"."""
    from lotsen_desktop.gui.models.mentoring_models import SuggestionTableModel
    from lotsen_desktop.services.mentoring import Suggestion

    model = SuggestionTableModel()
    QAbstractItemModelTester(model, FATAL)
    model.set_rows(
        [Suggestion("v1", "Abdi Diallo", 3, ("Arabisch",), False, "", 0, "1988, #562e15")]
    )
    name = model.index(0, SuggestionTableModel.NAME).data(Qt.ItemDataRole.ToolTipRole)
    assert name.splitlines()[0] == "Abdi Diallo (1988, #562e15)"
    assert name.splitlines()[1].startswith("Warum vorgeschlagen:")
    languages = model.index(0, SuggestionTableModel.LANGUAGES).data(Qt.ItemDataRole.ToolTipRole)
    assert languages == name.splitlines()[1]
