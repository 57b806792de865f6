"""The volunteer list with many files: time to open, search, sort, filter and scroll (offscreen).

    python bench/bench_gui_list.py --db /tmp/big.sqlite      # a database made with
        lotsen-desktop --db /tmp/big.sqlite demo --volunteers 100000
    python bench/bench_gui_list.py --volunteers 20000        # builds a temporary one first

Every figure is the wall time until the table has painted its visible rows (the rows are
fetched while painting), so it is what the user waits for. "Instant" means well under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, Qt

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.gui.app import application
from lotsen_desktop.gui.main_window import MainWindow
from lotsen_desktop.gui.models.volunteer_table_model import VolunteerTableModel
from lotsen_desktop.gui.pages.volunteers_page import VolunteersPage
from lotsen_desktop.gui.qt_language import apply_language
from lotsen_desktop.services import demo, setup, volunteers
from lotsen_desktop.store.database import Store


def timed(label: str, action: Callable[[], object], paint: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    paint()
    elapsed = (time.perf_counter() - start) * 1000
    print(f"{label:<52} {elapsed:9.1f} ms")
    return elapsed


def run(store: Store) -> None:
    application()
    apply_language("de")
    if not setup.get_office(store).is_configured:
        setup.update_office(store, name="Benchmark")
    total = volunteers.count_volunteers(store)
    print(f"volunteers in the database: {total:,}")
    store.set_local_setting("last_page", "volunteers")

    holder: dict[str, MainWindow] = {}

    def open_window() -> None:
        window = MainWindow(store)
        window.resize(1366, 768)
        window.show()
        holder["window"] = window

    def paint() -> None:
        window = holder["window"]
        page = window.page("volunteers")
        assert isinstance(page, VolunteersPage)
        page.view.viewport().repaint()
        QCoreApplication.processEvents()

    timed("open the window on the list (count + first page)", open_window, paint)
    window = holder["window"]
    page = window.page("volunteers")
    assert isinstance(page, VolunteersPage)
    view, model = page.view, page.model
    bar = view.verticalScrollBar()

    def search(text: str) -> Callable[[], None]:
        def action() -> None:
            page.search_edit.setText(text)
            page.apply_query()

        return action

    timed('search "sahin"', search("sahin"), paint)
    print(f"{'  rows found':<52} {model.rowCount():9,}")
    timed('search "ilkay sahin"', search("ilkay sahin"), paint)
    timed('search "a" (matches most)', search("a"), paint)
    timed('search a phone number "0171 23"', search("0171 23"), paint)
    timed("clear the search", search(""), paint)

    timed("scroll to the end", lambda: bar.setValue(bar.maximum()), paint)
    timed("scroll to the start", lambda: bar.setValue(0), paint)
    rng = random.Random(1)
    jumps = []
    for _ in range(50):
        target = rng.randint(0, bar.maximum())
        start = time.perf_counter()
        bar.setValue(target)
        paint()
        jumps.append((time.perf_counter() - start) * 1000)
    print(
        f"{'50 jumps to random places (median / max)':<52} "
        f"{statistics.median(jumps):9.1f} ms / {max(jumps):.1f} ms"
    )
    view.setFocus()
    view.selectRow(0)
    steps = []
    for _ in range(30):
        start = time.perf_counter()
        view.keyboardSearch("")  # no-op; keeps the view as the key target
        page_down = view.moveCursor(view.CursorAction.MovePageDown, Qt.KeyboardModifier.NoModifier)
        view.setCurrentIndex(page_down)
        paint()
        steps.append((time.perf_counter() - start) * 1000)
    print(
        f"{'30 × Page Down (median / max)':<52} "
        f"{statistics.median(steps):9.1f} ms / {max(steps):.1f} ms"
    )

    timed(
        "sort by phone, descending",
        lambda: model.sort(VolunteerTableModel.PHONE, Qt.SortOrder.DescendingOrder),
        paint,
    )
    timed(
        "sort by status",
        lambda: model.sort(VolunteerTableModel.STATUS, Qt.SortOrder.AscendingOrder),
        paint,
    )
    timed(
        "sort by name again",
        lambda: model.sort(VolunteerTableModel.NAME, Qt.SortOrder.AscendingOrder),
        paint,
    )

    def choose(combo_name: str, value: str | None) -> Callable[[], None]:
        def action() -> None:
            combo = getattr(page, combo_name)
            combo.setCurrentIndex(max(0, combo.findData(value)))

        return action

    timed('filter status "aktiv"', choose("status_filter", "aktiv"), paint)
    timed('filter + language "Arabisch"', choose("language_filter", "Arabisch"), paint)
    timed("reset the filters", page.reset_filters, paint)
    timed("refresh after a change elsewhere (F5)", window.refresh_all, paint)
    print(f"{'pages of 200 rows fetched in all':<52} {model.fetches:9}")
    print(f"{'pages held in the cache (at most)':<52} {model.cached_pages():9}")
    window.hide()
    window.deleteLater()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing database (e.g. /tmp/big.sqlite)")
    parser.add_argument("--volunteers", type=int, default=100_000)
    args = parser.parse_args()
    if args.db:
        store = open_office_store(args.db, user="bench")
        try:
            run(store)
        finally:
            store.close()
        return 0
    with tempfile.TemporaryDirectory() as folder:
        store = open_office_store(Path(folder) / "bench.sqlite", user="bench")
        try:
            start = time.perf_counter()
            demo.fill_demo(store, volunteers=args.volunteers)
            print(f"demo data for {args.volunteers:,}: {time.perf_counter() - start:.1f} s")
            run(store)
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
