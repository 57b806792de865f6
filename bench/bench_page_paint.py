"""Each page's first paint after Strg+1…7, next to an empty page in the same run (offscreen).

    python bench/bench_page_paint.py --db /tmp/copy-of-l100k.sqlite    # opening migrates: a COPY

Per page three figures, in ms:
  first paint   from the shortcut until the page has painted (what the GUI thread does before the
                user sees the page: build it, start its reads, paint the frame and what is there)
  rows shown    until every background read of the page has been shown and painted
  longest block the longest time the GUI thread could not run a 10 ms heartbeat meanwhile
First, as the window does after start, the other pages' code is imported in the background
(``gui/warm_up.py``; its line shows how long that took and the longest block meanwhile;
``--no-warm-up`` leaves it out, as the code before 01.12.2026 did). Then F5 (all pages read
again) the same way. The baseline is a bare ``QWidget`` page switched to
in the same window. Works also on code before the background loader (no ``is_loading``: then
"rows shown" equals "first paint").
"""

# ruff: noqa: E402  (the project's imports come after use_cached_bytecode)
from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bytecode import use_cached_bytecode

use_cached_bytecode()

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QThreadPool, QTimer
from PySide6.QtWidgets import QWidget

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.gui.app import application
from lotsen_desktop.gui.main_window import MainWindow
from lotsen_desktop.gui.pages import registry

try:
    from lotsen_desktop.gui.operations import any_loading
except ImportError:  # code from before the background loader

    def any_loading() -> bool:
        return False


from lotsen_desktop.gui.qt_language import apply_language

try:
    from lotsen_desktop.gui.warm_up import WarmUp, page_loaders
except ImportError:  # code from before the warm-up
    WarmUp = None  # type: ignore[assignment,misc]
from lotsen_desktop.services import setup


class Heartbeat:
    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.tick)
        self.last = 0
        self.longest = 0

    def tick(self) -> None:
        now = self.clock.elapsed()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.clock.start()
        self.last, self.longest = 0, 0
        self.timer.start()

    def stop(self) -> int:
        self.timer.stop()
        self.tick()
        return self.longest


def _loading(widget: QWidget) -> bool:
    check = getattr(widget, "is_loading", None)
    return bool(check()) if check is not None else False


def measure(window: MainWindow, action: Callable[[], QWidget], timeout_s: float = 600) -> tuple:
    heartbeat = Heartbeat()
    heartbeat.start()
    start = time.perf_counter()
    page = action()
    page.repaint()
    QCoreApplication.processEvents()
    first = (time.perf_counter() - start) * 1000
    while _loading(page) and time.perf_counter() - start < timeout_s:
        QCoreApplication.processEvents()
        time.sleep(0.002)
    page.repaint()
    QCoreApplication.processEvents()
    rows = (time.perf_counter() - start) * 1000
    return first, rows, heartbeat.stop()


def run(db: Path, warm_up: bool = True) -> None:
    application()
    apply_language("de")
    store = open_office_store(db, user="bench")
    if not setup.get_office(store).is_configured:
        setup.update_office(store, name="Benchmark")
    store.set_local_setting("last_page", "reports")
    window = MainWindow(store)
    window.resize(1366, 768)
    window.show()
    QCoreApplication.processEvents()

    empty = QWidget()
    window.stack.addWidget(empty)
    print(f"{'page':<28}{'first paint':>12}{'rows shown':>12}{'longest block':>15}")

    def line(name: str, figures: tuple) -> None:
        first, rows, block = figures
        print(f"{name:<28}{first:>12.0f}{rows:>12.0f}{block:>15.0f}", flush=True)

    # the page the window opened with reads in the background: let it finish first, so the
    # warm-up's line below shows only what the warm-up costs the GUI thread
    line("start page reads finished", measure(window, lambda: window.current_page() or empty))
    if warm_up and WarmUp is not None:
        # as the window does after start: the other pages' code imported in the background
        warm = WarmUp(page_loaders(skip=window.current_key()))

        def warm_up_done() -> QWidget:
            warm.start()
            while not warm.done.is_set():
                QCoreApplication.processEvents()
                time.sleep(0.002)
            return window.current_page() or empty

        line("warm-up (background)", measure(window, warm_up_done))

    def show_empty() -> QWidget:
        window.stack.setCurrentWidget(empty)
        return empty

    line("baseline: empty page", measure(window, show_empty))
    for number, entry in enumerate(registry.PAGES, start=1):

        def open_page(number: int = number, key: str = entry.key) -> QWidget:
            window.goto_actions[number - 1].trigger()
            page = window.current_page()
            assert page is not None and window.current_key() == key
            return page

        line(f"Strg+{number} {entry.key}", measure(window, open_page))
        line("baseline: empty page", measure(window, show_empty))

    def refresh_all() -> QWidget:
        window.refresh_action.trigger()
        return window.current_page() or empty

    window.show_page("certificates")
    line("F5 on certificates", measure(window, refresh_all))
    # Python still running in a worker when the interpreter ends can crash it: wait for the
    # digest (Qt's pool) and the pages' reads first.
    QThreadPool.globalInstance().waitForDone()
    while any_loading():
        time.sleep(0.05)
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a COPY of the database")
    parser.add_argument(
        "--no-warm-up",
        action="store_true",
        help="do not import the other pages in the background first (the code before 01.12.2026)",
    )
    args = parser.parse_args()
    run(args.db, warm_up=not args.no_warm_up)


if __name__ == "__main__":
    main()
