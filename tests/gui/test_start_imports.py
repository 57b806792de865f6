"""Starting the window on an up-to-date database loads only what the first page needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lotsen_desktop.services import setup
from lotsen_desktop.store.database import Store

#: Loaded only when a page, a command or a migration needs them.
DEFERRED = (
    "alembic",
    "reportlab",
    "pypdf",
    "pypdfium2",
    "cryptography",
    "lotsen_desktop.documents",
    "lotsen_desktop.cli.core",
    "lotsen_desktop.cli.documents",
    "lotsen_desktop.gui.pages.courses_page",
    "lotsen_desktop.gui.pages.certificates_page",
    "lotsen_desktop.gui.pages.exchange_page",
    "lotsen_desktop.gui.pages.settings_page",
)

_CHILD = """
import json, os, sys
from PySide6.QtWidgets import QApplication

def shown(self=None):
    app = QApplication.instance()
    app.processEvents()
    window = next(w for w in app.topLevelWidgets() if w.isVisible())
    print(json.dumps({
        "page": window.current_key(),
        "rows": window.page("volunteers").model.rowCount(),
        "loaded": [name for name in sys.argv[2:] if name in sys.modules],
    }), flush=True)
    os._exit(0)

QApplication.exec = shown
from lotsen_desktop.cli import main
main(["--db", sys.argv[1]])
"""


def test_the_window_starts_without_pdf_crypto_migrations_or_other_pages(
    office: Store, people: dict[str, str]
) -> None:
    setup.update_office(office, name="Büro Test")
    office.close()
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root))
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(office.path), *DEFERRED],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["page"] == "volunteers"
    assert report["rows"] == len(people)
    assert report["loaded"] == []
