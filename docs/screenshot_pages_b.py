"""Screenshots of the courses, attendance and mentoring pages with demo data, at 1366×768.

``render(store, out_dir)`` is called by ``docs/make_screenshots.py``; run this file alone to
render into ``docs/screenshots`` from a fresh demo database:

    QT_QPA_PLATFORM=offscreen python docs/screenshot_pages_b.py
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lotsen_desktop.gui.operations import any_loading  # noqa: E402
from lotsen_desktop.services import courses, demo, mentoring, volunteers  # noqa: E402
from lotsen_desktop.store.database import Store  # noqa: E402

SIZE = (1366, 768)


def _app() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    return QApplication(sys.argv[:1])


def _save(widget: QWidget, path: Path) -> Path:
    app = _app()
    widget.resize(*SIZE)
    widget.show()
    for _round in range(3):
        app.processEvents()
    while any_loading():  # the pages read their lists in the background
        app.processEvents()
    for _round in range(3):
        app.processEvents()
    widget.grab().save(str(path))
    return path


def _current_course(store: Store) -> str | None:
    """A course running today (the trainer's view), else the newest one."""
    today = date.today()
    rows = courses.list_courses(store)
    for row in rows:
        if row.first_date and row.last_date and row.first_date <= today <= row.last_date:
            return row.id
    return rows[0].id if rows else None


def _finished_course(store: Store) -> str | None:
    """The most recently finished course: the grid with its threshold markers."""
    today = date.today()
    finished = [r for r in courses.list_courses(store) if r.last_date and r.last_date < today]
    return max(finished, key=lambda r: r.last_date or today).id if finished else None


def render(store: Store, out_dir: Path) -> list[Path]:
    """Render the part-B pages into ``out_dir``; fills demo data into an empty database."""
    from lotsen_desktop.gui.pages.courses_page import CoursesPage
    from lotsen_desktop.gui.pages.mentoring.page import MentoringPage

    _app()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if volunteers.count_volunteers(store) == 0:
        demo.fill_demo(store, volunteers=300)
    written: list[Path] = []

    page = CoursesPage(store)
    written.append(_save(page, out_dir / "courses.png"))
    course_id = _current_course(store)
    if course_id is not None:
        page.open_course(course_id)
        grid = page.attendance
        view = grid.view
        column = grid.model.default_column()
        view.setCurrentIndex(grid.model.index(min(2, grid.model.rowCount() - 1), column))
        written.append(_save(page, out_dir / "attendance.png"))
        page.tabs.setCurrentWidget(page.participants_tab)
        written.append(_save(page, out_dir / "courses_participants.png"))
        page.tabs.setCurrentWidget(page.sessions_tab)
        page.session_table.selectRow(grid.model.default_column())
        written.append(_save(page, out_dir / "courses_sessions.png"))
    finished_id = _finished_course(store)
    if finished_id is not None:
        page.open_course(finished_id)
        written.append(_save(page, out_dir / "attendance_finished.png"))
    page.close()
    page.deleteLater()

    mentoring_page = MentoringPage(store)
    written.append(_save(mentoring_page, out_dir / "mentoring.png"))
    busiest = max(
        mentoring.list_assignments(store, open_only=True),
        key=lambda a: a.entries,
        default=None,
    )
    mentoring_page.tabs.setCurrentWidget(mentoring_page.assignments_tab)
    if busiest is not None:
        assignments = mentoring_page.assignments_tab
        assignments.volunteer_search.setText(busiest.volunteer_name)
        assignments.reload_volunteers()
        assignments.select_volunteer(busiest.volunteer_id)
        assignments.reload_assignments(select_id=busiest.id)
    written.append(_save(mentoring_page, out_dir / "mentoring_log.png"))
    mentoring_page.close()
    mentoring_page.deleteLater()
    return written


def main() -> None:
    from lotsen_desktop.bootstrap import open_office_store

    _app()
    with tempfile.TemporaryDirectory() as folder:
        store = open_office_store(Path(folder) / "demo.sqlite", user="screenshots")
        try:
            for path in render(store, ROOT / "docs" / "screenshots"):
                print(path.relative_to(ROOT))
        finally:
            store.close()


if __name__ == "__main__":
    main()
