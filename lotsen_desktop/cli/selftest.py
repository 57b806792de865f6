"""``lotsen-desktop --self-test``: check an installed program, also on a machine without a screen.

It opens a new database in a temporary folder (all migrations run), records one qualified person,
issues her certificate and reads the PDF back, then opens the window offscreen, shows every page
and closes it. The office's own database and settings are not touched. One line per step; exit
code 0 when all passed, 1 with ``Self-test failed: <step>: <reason>`` otherwise. The build script
runs it on every bundle it makes.
"""

from __future__ import annotations

import io
import sys
import tempfile
import traceback
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO, TypeVar

from lotsen_desktop import __version__
from lotsen_desktop.errors import LotsenError
from lotsen_desktop.i18n import _, ngettext
from lotsen_desktop.store.database import Store

FAILED = 1
T = TypeVar("T")
SESSIONS = 12
#: An invented person whose name needs more than Latin-1: the PDF must carry it unchanged.
GIVEN_NAME = "İlkay"
FAMILY_NAME = "Şahin"


class _StepFailed(Exception):
    """A step failed and said so; the self-test stops."""


def _open_database(folder: Path) -> tuple[Store, str]:
    from lotsen_desktop.bootstrap import open_office_store
    from lotsen_desktop.store.database import check_integrity, current_revision, head_revision

    store = open_office_store(folder / "self-test.sqlite", user="self-test")
    revision = current_revision(store.engine)
    if revision != head_revision():
        store.close()
        raise LotsenError(
            _("The database is at revision {found}, expected {expected}.").format(
                found=revision, expected=head_revision()
            )
        )
    if not check_integrity(store):
        store.close()
        raise LotsenError(_("The new database fails its integrity check."))
    return store, _("revision {revision}").format(revision=revision)


def _encryption(store: Store) -> tuple[None, str]:
    """SQLCipher is part of the installation: encrypt the test database and read it back."""
    from lotsen_desktop.services import digest, encryption
    from lotsen_desktop.store import cipher

    before = digest.compute_digest(store)
    encryption.encrypt(store, "self-test passphrase")
    if not cipher.looks_encrypted(store.path) or digest.compute_digest(store) != before:
        raise LotsenError(_("The encrypted database differs from the original."))
    probe = cipher.dbapi().connect(":memory:")
    try:
        version = probe.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        probe.close()
    return None, f"SQLCipher {version}"


def _qualified_person(store: Store) -> str:
    """A person who completed the Basismodul, in an office that asks for nothing more."""
    from lotsen_desktop.domain.vocabulary import AttendanceState, TitleForm
    from lotsen_desktop.services import courses, setup, volunteers

    setup.update_office(
        store,
        name="Selbsttest",
        place="Hannover",
        signatory_name="Selbsttest",
        specialisations_required=0,
    )
    volunteer_id = volunteers.add_volunteer(
        store, given_name=GIVEN_NAME, family_name=FAMILY_NAME, title_form=TitleForm.LOTSIN.value
    )
    first = date.today() - timedelta(days=7 * SESSIONS)
    course_id = courses.add_course(
        store,
        module_code="BASIS",
        title="Basisqualifizierung (Selbsttest)",
        session_dates=[first + timedelta(days=7 * i) for i in range(SESSIONS)],
    )
    courses.enrol_volunteers(
        store, course_id=course_id, volunteer_ids=[volunteer_id], enrolled_on=first
    )
    for session in courses.get_course(store, course_id).sessions:
        courses.set_attendance(
            store,
            course_id=course_id,
            session_id=session.id,
            volunteer_ids=[volunteer_id],
            state=AttendanceState.PRESENT.value,
        )
    return volunteer_id


def _certificate(store: Store) -> tuple[None, str]:
    from pypdf import PdfReader

    from lotsen_desktop.services import certificates

    volunteer_id = _qualified_person(store)
    issued = certificates.issue_certificate(store, volunteer_id=volunteer_id)
    reader = PdfReader(io.BytesIO(issued.pdf))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    for expected in (FAMILY_NAME, issued.serial):
        if expected not in text:
            raise LotsenError(
                _("The certificate PDF does not contain the text '{text}'.").format(text=expected)
            )
    pages = len(reader.pages)
    return None, ngettext(
        "{pages} page, {size} bytes, serial {serial}",
        "{pages} pages, {size} bytes, serial {serial}",
        pages,
    ).format(pages=pages, size=len(issued.pdf), serial=issued.serial)


def _window(store: Store) -> tuple[None, str]:
    from lotsen_desktop.gui.selftest import check_window

    shown = check_window(store)
    return None, _("{count} pages shown").format(count=len(shown))


def run_self_test(out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run every step and report; the exit code for the command line."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err

    def say(stream: TextIO | None, line: str) -> None:
        if stream is not None:  # a windowed bundle on Windows has no console: only the exit code
            print(line, file=stream, flush=True)

    def step(name: str, work: Callable[[], tuple[T, str]]) -> T:
        try:
            result, detail = work()
        except Exception as error:  # every failure is a result here, not a crash
            reason = str(error) or type(error).__name__
            say(err, _("Self-test failed: {step}: {reason}").format(step=name, reason=reason))
            say(err, traceback.format_exc().rstrip())
            raise _StepFailed from error
        say(out, _("ok: {step} ({detail})").format(step=name, detail=detail))
        return result

    say(out, _("Lotsen Desktop {version}: self-test").format(version=__version__))
    try:
        with tempfile.TemporaryDirectory(
            prefix="lotsen-self-test-", ignore_cleanup_errors=True
        ) as folder:
            store = step(_("database and migrations"), lambda: _open_database(Path(folder)))
            try:
                step(_("certificate PDF"), lambda: _certificate(store))
                step(_("encryption"), lambda: _encryption(store))
                step(_("window"), lambda: _window(store))
            finally:
                store.close()
    except _StepFailed:
        return FAILED
    say(out, _("Self-test passed."))
    return 0
