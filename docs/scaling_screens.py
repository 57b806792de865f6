"""Every page and dialog on a small screen and at high scaling: screenshots and a fit check.

    python docs/scaling_screens.py                     # all sizes into docs/screenshots/scaling/
    python docs/scaling_screens.py --size 1024x768-100 --out /tmp/shots

Each size runs in a child process of its own (``QT_SCALE_FACTOR`` is read when the
``QApplication`` starts) on an offscreen screen of that size (the offscreen platform's
``configfile``). The child opens every page in the main window (maximised, as on first start)
and every dialog over it, saves a PNG of each and writes ``report.json``: for each one the
problems found, empty when it fits: the window inside the available screen, its save/OK
buttons shown inside it and not clipped, no button narrower than its text, no search field
narrower than 12 characters. ``tests/gui/test_scaling.py`` runs the same child and fails on
any problem.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "screenshots" / "scaling"
#: name -> (screen width, screen height in device pixels, scale factor)
SIZES: dict[str, tuple[int, int, float]] = {
    "1024x768-100": (1024, 768, 1.0),
    "1920x1080-150": (1920, 1080, 1.5),
    "2560x1440-200": (2560, 1440, 2.0),
}
#: Logical pixels a task bar takes at the bottom of a real desktop; the offscreen screen is made
#: that much lower, so what fits here fits there.
TASK_BAR = 40
SEARCH_CHARACTERS = 12
#: Pages whose content may scroll sideways: the report tables are as wide as their columns and
#: the page scrolls, not each table (forms, like the settings, must not).
SIDEWAYS_OK = ("page-reports",)
#: What ``docs/screenshots/scaling/`` keeps (the screens issue 11 changed); the tests check all.
DOC_SHOTS = (
    "page-volunteers",
    "page-mentoring-1",
    "page-settings",
    "dialog-welcome",
    "dialog-volunteer_file_0",
    "dialog-volunteer_file_2",
    "dialog-mentoring_edit_log",
)
TODAY = date(2026, 11, 24)


def child_environment(size: str, folder: Path) -> dict[str, str]:
    """The environment of a child drawing on an offscreen screen of ``size``."""
    width, height, scale = SIZES[size]
    config = folder / f"screen-{size}.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "office",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height - round(TASK_BAR * scale),
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    env = dict(os.environ)
    for key in (
        "QT_SCREEN_SCALE_FACTORS",
        "QT_AUTO_SCREEN_SCALE_FACTOR",
        "QT_ENABLE_HIGHDPI_SCALING",
    ):
        env.pop(key, None)
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    env["QT_SCALE_FACTOR"] = str(scale)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


def run_size(size: str, out: Path, *, volunteers: int = 120, timeout: float = 900) -> dict:
    """Render ``size`` in a child process into ``out``; its report (name -> problems)."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--child",
                "--size",
                size,
                "--out",
                str(out),
                "--volunteers",
                str(volunteers),
            ],
            env=child_environment(size, Path(tmp)),
            check=True,
            timeout=timeout,
        )
    report: dict = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return report


# ----------------------------------------------------------------------------- the child
def _child(size: str, out: Path, volunteers_count: int) -> int:
    from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint, QRect, QThreadPool
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractScrollArea,
        QDialog,
        QDialogButtonBox,
        QLineEdit,
        QScrollArea,
        QTabBar,
        QTabWidget,
        QWidget,
        QWizard,
    )

    from lotsen_desktop.bootstrap import open_office_store
    from lotsen_desktop.gui.app import application
    from lotsen_desktop.gui.main_window import MainWindow
    from lotsen_desktop.gui.operations import any_loading
    from lotsen_desktop.gui.pages import registry
    from lotsen_desktop.gui.qt_language import apply_language
    from lotsen_desktop.gui.widgets import DebouncedLineEdit
    from lotsen_desktop.services import courses, demo, mentoring, setup, volunteers

    app = application()
    apply_language("de")

    def settle() -> None:
        for _round in range(4):
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        while any_loading():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        QThreadPool.globalInstance().waitForDone(30_000)
        for _round in range(3):
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    def inside_scroll_area(widget: QWidget, top: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None and parent is not top:
            if isinstance(parent, QAbstractScrollArea):
                return True
            parent = parent.parentWidget()
        return False

    def rect_in(widget: QWidget, top: QWidget) -> QRect:
        return QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())

    def shown_whole(widget: QWidget, top: QWidget) -> bool:
        return (
            widget.isVisible()
            and top.rect().contains(rect_in(widget, top))
            and widget.visibleRegion().boundingRect().size() == widget.size()
        )

    def main_buttons(top: QWidget) -> list[QAbstractButton]:
        if isinstance(top, QWizard):
            return [
                b
                for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton)
                if (b := top.button(which)) is not None and b.isVisible()
            ]
        result: list[QAbstractButton] = []
        for box in top.findChildren(QDialogButtonBox):
            for button in box.buttons():
                if box.buttonRole(button) in (
                    QDialogButtonBox.ButtonRole.AcceptRole,
                    QDialogButtonBox.ButtonRole.ApplyRole,
                    QDialogButtonBox.ButtonRole.YesRole,
                    QDialogButtonBox.ButtonRole.ActionRole,
                ):
                    result.append(button)
        return result

    def problems_of(top: QWidget, name: str) -> list[str]:
        problems: list[str] = []
        area = top.screen().availableGeometry()
        frame = top.frameGeometry()
        if not area.contains(frame):
            problems.append(
                f"window {frame.width()}x{frame.height()} at {frame.x()},{frame.y()} does not fit "
                f"the screen {area.width()}x{area.height()}"
            )
        if isinstance(top, QDialog):
            buttons = main_buttons(top)
            if not buttons:
                problems.append("no save/OK button found")
            for button in buttons:
                if not shown_whole(button, top):
                    problems.append(f"button {button.text()!r} not shown whole")
        for button in top.findChildren(QAbstractButton):
            if not button.isVisible() or not button.text() or inside_scroll_area(button, top):
                continue
            if isinstance(button.parentWidget(), (QLineEdit, QTabBar)):
                continue
            if button.width() < button.sizeHint().width() - 2:
                problems.append(
                    f"button {button.text()!r} cut: {button.width()} of "
                    f"{button.sizeHint().width()} px"
                )
        for area in top.findChildren(QScrollArea):
            if name.startswith(SIDEWAYS_OK):
                break
            if area.isVisible() and area.horizontalScrollBar().isVisible():
                problems.append(
                    f"form {area.objectName() or type(area).__name__!r} scrolls sideways"
                )
        for edit in top.findChildren(QLineEdit):
            is_search = isinstance(edit, DebouncedLineEdit) or "search" in edit.objectName()
            if not is_search or not edit.isVisible():
                continue
            need = SEARCH_CHARACTERS * edit.fontMetrics().averageCharWidth()
            if edit.width() < need:
                problems.append(f"search field {edit.objectName()!r} {edit.width()} < {need} px")
        return problems

    report: dict[str, list[str]] = {}

    def shoot(name: str, top: QWidget) -> None:
        settle()
        top.grab().save(str(out / f"{name}.png"))
        report[name] = problems_of(top, name)
        print(f"{size} {name}: {'; '.join(report[name]) or 'ok'}", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        store = open_office_store(Path(tmp) / "demo.sqlite", user="screenshots")
        demo.fill_demo(store, volunteers=volunteers_count, seed=1, today=TODAY)
        setup.update_office(
            store,
            name="Volkshochschule Musterstadt",
            address="Am Markt 1\n30159 Musterstadt",
            place="Musterstadt",
            signatory_name="Dr. Maria Beispiel",
            signatory_role="Koordinatorin Integrationslotsen",
        )
        try:
            window = MainWindow(store)
            window.show()
            settle()
            for spec in registry.PAGES:
                window.show_page(spec.key)
                page = window.page(spec.key)
                tabs = page.findChildren(QTabWidget)
                if not tabs:
                    shoot(f"page-{spec.key}", window)
                    continue
                for index in range(tabs[0].count()):
                    tabs[0].setCurrentIndex(index)
                    shoot(f"page-{spec.key}-{index}", window)
                tabs[0].setCurrentIndex(0)
            for name, make in _dialogs(store, window, courses, mentoring, volunteers, Path(tmp)):
                dialog = make()
                dialog.show()
                shoot(f"dialog-{name}", dialog)
                dialog.hide()
                dialog.deleteLater()
                settle()
            window.hide()
            QThreadPool.globalInstance().waitForDone(30_000)
            window.deleteLater()
            settle()
        finally:
            store.close()
    (out / "report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    app.processEvents()
    return 0


def _dialogs(
    store: object, window: object, courses: object, mentoring: object, volunteers: object, tmp: Path
) -> list[tuple[str, Callable[[], object]]]:
    """Every dialog of the program, made over the main window with demo data."""
    from lotsen_desktop.gui.dialogs.course_dialogs import (
        AddParticipantsDialog,
        CourseDetailsDialog,
        NewCourseDialog,
        SessionDialog,
    )
    from lotsen_desktop.gui.dialogs.import_wizard import ImportWizard as ListImportWizard
    from lotsen_desktop.gui.dialogs.mentoring_dialogs import (
        AcceptOfferDialog,
        EditLogEntryDialog,
        EndAssignmentDialog,
        NewAssignmentDialog,
        NewMeetingDialog,
        NewRequestDialog,
    )
    from lotsen_desktop.gui.dialogs.passphrase import PassphraseDialog
    from lotsen_desktop.gui.dialogs.pdf_preview import PdfPreviewDialog
    from lotsen_desktop.gui.dialogs.restore_dialog import RestoreDialog
    from lotsen_desktop.gui.dialogs.welcome import WelcomeDialog
    from lotsen_desktop.gui.pages.certificates_page import ActivityPeriodDialog
    from lotsen_desktop.gui.pages.exchange_page import ExportWizard, ImportWizard
    from lotsen_desktop.gui.views.encryption_settings import EncryptionActionDialog
    from lotsen_desktop.services import certificates

    s: Any = store
    c: Any = courses
    m: Any = mentoring
    v: Any = volunteers
    w: Any = window
    course = c.get_course(s, c.list_courses(s)[0].id)
    assignments = m.list_assignments(s)
    with_log = next((a for a in assignments if a.entries), assignments[0])
    log = m.list_log_entries(s, with_log.id)
    if log:
        m.update_log_entry(  # one earlier value, so the history table shows
            s,
            log[0].id,
            entry_date=log[0].entry_date,
            minutes=log[0].minutes + 15,
            kind=log[0].kind,
            area=log[0].area,
            note=log[0].note,
            km=log[0].km,
        )
        log = m.list_log_entries(s, with_log.id)
    person = v.list_volunteers(s, limit=1)[0]
    request = m.add_request(s, institution="Grundschule Am Lindenhof", area="schule")
    m.offer_request(s, request_id=request, volunteer_id=person.id)
    offer = m.list_offers(s, request)[0]
    request_row = next(r for r in m.list_requests(s) if r.id == request)
    volunteers_page = w.page("volunteers")
    pdf = certificates.attendance_sheet(s, course_id=course.id, blank=True)

    def file(tab: int, volunteer_id: str | None = person.id) -> Callable[[], object]:
        def make() -> object:
            dialog = volunteers_page.make_dialog(volunteer_id)
            dialog.tabs.setCurrentIndex(tab)
            return dialog

        return make

    result: list[tuple[str, Callable[[], object]]] = [
        ("welcome", lambda: _first_start(tmp, w)),  # a new database: every choice shown
        ("welcome_profile_only", lambda: WelcomeDialog(s, w)),  # one that holds people
        ("volunteer_new", file(0, None)),
        *((f"volunteer_file_{n}", file(n)) for n in range(6)),
        ("course_new", lambda: NewCourseDialog(s, w)),
        ("course_details", lambda: CourseDetailsDialog(s, course, w)),
        ("course_session", lambda: SessionDialog(s, course, None, w)),
        ("course_add_participants", lambda: AddParticipantsDialog(s, course, w)),
        ("mentoring_new_request", lambda: NewRequestDialog(s, w)),
        ("mentoring_accept_offer", lambda: AcceptOfferDialog(s, offer, request_row, w)),
        (
            "mentoring_new_assignment",
            lambda: NewAssignmentDialog(
                s, person.id, f"{person.given_name} {person.family_name}", w
            ),
        ),
        ("mentoring_end_assignment", lambda: EndAssignmentDialog(s, with_log.id, w)),
        ("mentoring_new_meeting", lambda: NewMeetingDialog(s, w)),
        ("certificates_activity_period", lambda: ActivityPeriodDialog(w)),
        (
            "pdf_preview",
            lambda: PdfPreviewDialog(pdf, title="Anwesenheitsliste", parent=w),
        ),
        ("exchange_export", lambda: ExportWizard([], [], tmp / "büro.lotsen", w)),
        ("exchange_import", lambda: ImportWizard(s, w)),
        ("volunteers_import", lambda: ListImportWizard(s, w)),
        ("passphrase", lambda: PassphraseDialog(tmp / "lotsen.sqlite", lambda _p: s, w)),
        ("encryption_encrypt", lambda: EncryptionActionDialog(s, "encrypt", w)),
        ("encryption_change", lambda: EncryptionActionDialog(s, "change", w)),
        ("backup_restore", lambda: RestoreDialog(s, w)),
    ]
    if log:
        result.append(("mentoring_edit_log", lambda: EditLogEntryDialog(s, log[0], w)))
    return result


def _first_start(folder: Path, window: Any) -> object:
    """The welcome dialog on a new, empty database, as an office sees it first."""
    from lotsen_desktop.bootstrap import open_office_store
    from lotsen_desktop.gui.dialogs.welcome import WelcomeDialog

    empty = open_office_store(folder / "new.sqlite", user="scaling")
    dialog = WelcomeDialog(empty, window)
    dialog.destroyed.connect(empty.close)
    return dialog


from typing import Any  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), action="append")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--volunteers", type=int, default=120)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args.size[0], args.out, args.volunteers)
    failed = 0
    for size in args.size or list(SIZES):
        out = (args.out or OUT) / size
        report = run_size(size, out, volunteers=args.volunteers)
        if args.out is None:  # the documentation keeps a few; the report names them all
            for picture in out.glob("*.png"):
                if picture.stem not in DOC_SHOTS:
                    picture.unlink()
        for name, problems in report.items():
            if problems:
                failed += 1
                print(f"{size} {name}: {'; '.join(problems)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
