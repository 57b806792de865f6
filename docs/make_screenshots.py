"""Render the main screens with demo data into ``docs/screenshots/*.png`` (1366×768, German).

    QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py [NAME ...]

Each screen is one entry of ``SCREENS``: a name (the file name) and a function that gets the
main window (demo data loaded, 1366×768) and returns the widget to photograph. To add a screen,
write such a function and append it to ``SCREENS``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QThreadPool  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from lotsen_desktop.bootstrap import open_office_store  # noqa: E402
from lotsen_desktop.gui.app import application  # noqa: E402
from lotsen_desktop.gui.main_window import MainWindow  # noqa: E402
from lotsen_desktop.gui.operations import any_loading  # noqa: E402
from lotsen_desktop.gui.qt_language import apply_language  # noqa: E402
from lotsen_desktop.services import demo, setup, volunteers  # noqa: E402
from lotsen_desktop.store.database import Store  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZE = (1366, 768)
TODAY = date(2026, 11, 24)

Setup = Callable[[MainWindow], QWidget]


def settle() -> None:
    """Let Qt lay out and paint (and debounced searches fire, and pages read their lists)."""
    for _ in range(5):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    while any_loading():
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    for _ in range(3):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def page(window: MainWindow, key: str) -> QWidget:
    window.show_page(key)
    settle()
    return window


# ----------------------------------------------------------------------------- screens
def volunteer_list(window: MainWindow) -> QWidget:
    return page(window, "volunteers")


def volunteer_search(window: MainWindow) -> QWidget:
    volunteers_page = window.page("volunteers")
    window.show_page("volunteers")
    volunteers_page.search_edit.setText("sahin")  # type: ignore[attr-defined]
    volunteers_page.apply_query()  # type: ignore[attr-defined]
    settle()
    return window


def _qualified_volunteer(store: Store) -> str:
    for row in volunteers.list_volunteers(store, limit=300):
        if row.qualified_on is not None:
            return row.id
    return volunteers.list_volunteers(store, limit=1)[0].id


def _mentoring_volunteer(store: Store) -> str:
    from lotsen_desktop.services import mentoring

    assignments = mentoring.list_assignments(store)
    counts: dict[str, int] = {}
    for row in assignments:
        counts[row.volunteer_id] = counts.get(row.volunteer_id, 0) + 1
    return max(counts, key=lambda key: counts[key]) if counts else _qualified_volunteer(store)


def _file(window: MainWindow, tab: int, volunteer_id: str | None = None) -> QWidget:
    volunteers_page = window.page("volunteers")
    chosen = volunteer_id or _qualified_volunteer(window.store)
    dialog = volunteers_page.make_dialog(chosen)  # type: ignore[attr-defined]
    dialog.tabs.setCurrentIndex(tab)
    dialog.show()
    settle()
    return dialog


def volunteer_file(window: MainWindow) -> QWidget:
    return _file(window, 0)


def volunteer_file_languages(window: MainWindow) -> QWidget:
    return _file(window, 1)


def volunteer_file_qualification(window: MainWindow) -> QWidget:
    return _file(window, 2)


def volunteer_file_mentoring(window: MainWindow) -> QWidget:
    return _file(window, 3, _mentoring_volunteer(window.store))


def volunteer_file_consents(window: MainWindow) -> QWidget:
    return _file(window, 4)


def new_volunteer_invalid(window: MainWindow) -> QWidget:
    """A new file with a wrong date and postal code: the messages under the fields."""
    volunteers_page = window.page("volunteers")
    dialog = volunteers_page.make_dialog(None)  # type: ignore[attr-defined]
    dialog.given_name_edit.setText("İlkay")
    dialog.family_name_edit.setText("Şahin")
    dialog.birth_date_edit.setText("31.02.1985")
    dialog.postal_code_edit.setText("3015")
    dialog.check_all()
    dialog.show()
    settle()
    return dialog


def settings(window: MainWindow) -> QWidget:
    return page(window, "settings")


def certificates(window: MainWindow) -> QWidget:
    return page(window, "certificates")


def reports(window: MainWindow) -> QWidget:
    return page(window, "reports")


def exchange(window: MainWindow) -> QWidget:
    return page(window, "exchange")


def welcome(window: MainWindow) -> QWidget:
    """The first start on a new, empty database (on the demo database it would only ask for
    the profile)."""
    from lotsen_desktop.gui.dialogs.welcome import WelcomeDialog

    folder = Path(tempfile.mkdtemp())
    empty = open_office_store(folder / "new.sqlite", user="screenshots")
    dialog = WelcomeDialog(empty, window)
    dialog.destroyed.connect(empty.close)
    dialog.name_edit.setText("")
    dialog.show()
    settle()
    return dialog


SCREENS: list[tuple[str, Setup]] = [
    ("welcome", welcome),
    ("volunteers", volunteer_list),
    ("volunteers_search", volunteer_search),
    ("volunteer_file", volunteer_file),
    ("volunteer_file_languages", volunteer_file_languages),
    ("volunteer_file_qualification", volunteer_file_qualification),
    ("volunteer_file_mentoring", volunteer_file_mentoring),
    ("volunteer_file_consents", volunteer_file_consents),
    ("volunteer_new_invalid", new_volunteer_invalid),
    ("settings", settings),
    # courses, attendance and mentoring in detail: docs/screenshot_pages_b.py (run below)
    ("certificates", certificates),
    ("reports", reports),
    ("exchange", exchange),
]


# ----------------------------------------------------------------------------- driver
def demo_store(folder: Path) -> Store:
    store = open_office_store(folder / "demo.sqlite", user="screenshots")
    demo.fill_demo(store, volunteers=300, seed=1, today=TODAY)
    setup.update_office(
        store,
        name="Volkshochschule Musterstadt",
        address="Am Markt 1\n30159 Musterstadt",
        place="Musterstadt",
        signatory_name="Dr. Maria Beispiel",
        signatory_role="Koordinatorin Integrationslotsen",
    )
    return store


def main(argv: list[str]) -> int:
    wanted = set(argv)
    app = application()
    apply_language("de")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = demo_store(Path(tmp))
        try:
            for name, make in SCREENS:
                if wanted and name not in wanted:
                    continue
                window = MainWindow(store)
                window.setWindowState(Qt.WindowState.WindowNoState)  # not maximised: fixed size
                window.resize(*SIZE)
                window.show()
                settle()
                widget = make(window)
                settle()
                QThreadPool.globalInstance().waitForDone(30_000)  # pages loading in background
                settle()
                target = OUT / f"{name}.png"
                widget.grab().save(str(target))
                print(f"{target.relative_to(ROOT)}  {widget.width()}x{widget.height()}")
                if widget is not window:
                    widget.hide()  # not close(): a form with edits would ask a question
                    widget.deleteLater()
                window.close()
                QThreadPool.globalInstance().waitForDone(30_000)
                window.deleteLater()
                settle()
            if not wanted:
                import screenshot_pages_b  # beside this script

                for path in screenshot_pages_b.render(store, OUT):
                    print(path.relative_to(ROOT))
        finally:
            store.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
