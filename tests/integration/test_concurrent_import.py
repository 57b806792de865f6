"""Two importers of the same exchange file at the same time (issue 12): one imports, the other
waits for it and then finds nothing new; nobody ends with a traceback or a duplicate change."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sync_helpers import PASS, digest, full_export, import_, log_keys, missing_from, replica

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.services import volunteers
from lotsen_desktop.store.database import Store
from lotsen_desktop.sync import exchange

ROOT = Path(__file__).resolve().parents[2]


class Rendezvous:
    """Holds each importer, once its file is staged (watermarks read, nothing written yet), until
    the other one is there too or a second has passed: the moment the traceback came from."""

    def __init__(self) -> None:
        self.arrived = threading.Semaphore(0)
        self.lock = threading.Lock()

    def progress_for(self) -> object:
        met = False

        def progress(done: int, total: int) -> bool:
            nonlocal met
            if not met and done >= total // 2 > 0:
                met = True
                self.arrived.release()
                self.arrived.acquire(timeout=1.0)
                self.arrived.release()
            return True

        return progress


def _import_in_thread(
    path: Path, file: Path, rendezvous: Rendezvous, results: list[object]
) -> None:
    store = open_office_store(path)  # its own engine, as another process would have
    try:
        results.append(
            exchange.import_file(store, file, passphrase=PASS, progress=rendezvous.progress_for())  # type: ignore[arg-type]
        )
    except BaseException as error:
        results.append(error)
    finally:
        store.close()


def _add_people(office: Store, count: int, round_: int) -> None:
    for number in range(count):
        volunteers.add_volunteer(office, given_name=f"Person{round_}x{number}", family_name="Şahin")


def test_two_importers_of_one_file_never_collide(tmp_path: Path, office: Store) -> None:
    laptop = replica(tmp_path, "Laptop")
    laptop_path = laptop.path
    laptop.close()
    for round_ in range(3):
        _add_people(office, 5, round_)
        file = full_export(office, tmp_path / f"round{round_}")
        rendezvous = Rendezvous()
        results: list[object] = []
        threads = [
            threading.Thread(
                target=_import_in_thread, args=(laptop_path, file, rendezvous, results)
            )
            for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        errors = [r for r in results if isinstance(r, BaseException)]
        assert errors == [], f"round {round_}: {errors!r}"
        new_people = sorted(r.new.get("volunteer", 0) for r in results)  # type: ignore[attr-defined]
        assert new_people[0] == 0, "the second importer found nothing new"
        assert new_people[1] == 5 if round_ else new_people[1] >= 5
    laptop = open_office_store(laptop_path)
    try:
        assert missing_from(laptop, log_keys(office)) == set()
        assert digest(laptop) == digest(office)
    finally:
        laptop.close()


@pytest.mark.slow
def test_two_cli_imports_started_together_both_end_cleanly(tmp_path: Path, office: Store) -> None:
    laptop = replica(tmp_path, "Laptop")
    import_(laptop, full_export(office, tmp_path / "join"))
    laptop_path = laptop.path
    laptop.close()
    password = tmp_path / "pw.txt"
    password.write_text(PASS + "\n", encoding="utf-8")
    env = {**os.environ, "LOTSEN_LANG": "de", "PYTHONPATH": str(ROOT)}
    for round_ in range(2):
        _add_people(office, 20, round_)
        file = full_export(office, tmp_path / f"cli{round_}")
        command = [
            sys.executable,
            "-m",
            "lotsen_desktop",
            "--db",
            str(laptop_path),
            "import",
            str(file),
            "--passphrase-file",
            str(password),
        ]
        children = [
            subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outcomes = [child.communicate(timeout=300) for child in children]
        for child, (out, err) in zip(children, outcomes, strict=True):
            assert child.returncode == 0, err
            assert "Traceback" not in err and "IntegrityError" not in err
            assert out.startswith("Eingelesen:")
        assert sum("20 neue Personen" in out for out, _err in outcomes) == 1
        assert sum("Keine neuen Änderungen" in out for out, _err in outcomes) == 1
    laptop = open_office_store(laptop_path)
    try:
        assert digest(laptop) == digest(office)
    finally:
        laptop.close()
