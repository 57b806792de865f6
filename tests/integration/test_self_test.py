"""``lotsen-desktop --self-test`` checks an installation without a screen and says what failed."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lotsen_desktop.cli import selftest
from lotsen_desktop.errors import LotsenError

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_self_test_passes_without_a_screen_and_leaves_the_office_database_alone(
    tmp_path: Path,
) -> None:
    office_db = tmp_path / "office" / "lotsen.sqlite"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"}
    }
    env["LOTSEN_DB"] = str(office_db)
    done = subprocess.run(
        [sys.executable, "-m", "lotsen_desktop", "--lang", "en", "--self-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "Self-test passed."
    assert [line.split(" (")[0] for line in lines[1:-1]] == [
        "ok: database and migrations",
        "ok: certificate PDF",
        "ok: encryption",
        "ok: window",
    ]
    assert not office_db.parent.exists()


def test_a_failing_step_gives_one_clear_line_and_exit_code_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(_store: object) -> tuple[None, str]:
        raise LotsenError("no fonts")

    windows: list[object] = []

    def window(store: object) -> tuple[None, str]:
        windows.append(store)
        return None, ""

    monkeypatch.setattr(selftest, "_certificate", broken)
    monkeypatch.setattr(selftest, "_window", window)
    out, err = io.StringIO(), io.StringIO()
    assert selftest.run_self_test(out, err) == selftest.FAILED
    assert err.getvalue().splitlines()[0] == "Selbsttest fehlgeschlagen: PDF-Zertifikat: no fonts"
    assert windows == []
    assert "Selbsttest bestanden" not in out.getvalue()


def test_the_certificate_step_reads_the_name_back_from_the_pdf(tmp_path: Path) -> None:
    store, _detail = selftest._open_database(tmp_path)
    try:
        _none, detail = selftest._certificate(store)
    finally:
        store.close()
    assert "IL-" in detail
