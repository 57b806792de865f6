"""Benchmark of the exchange: export and import of 100,000 changes (prints figures, asserts nothing).

    python bench/bench_sync.py [--changes 100000] [--folder DIR]

Builds an office database with demo data (plus edits) until its change log holds the wanted
number of changes, then measures a full export (real scrypt cost), a dry run and the import on a
new machine, the same file again (idempotent), and a small delta back. Digests must agree.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.services import demo, volunteers
from lotsen_desktop.services.digest import compute_digest
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import Volunteer
from lotsen_desktop.sync import exchange

PASS = "benchmark-passwort-lang"


def _changes(store: Store) -> int:
    return exchange.site_info(store).changes


def _top_up(store: Store, wanted: int) -> None:
    """Edit phone numbers in batches until the log holds ``wanted`` changes."""
    from sqlalchemy import select

    round_ = 0
    while _changes(store) < wanted:
        missing = wanted - _changes(store)
        with store.uow() as uow:
            people = uow.session.scalars(select(Volunteer).limit(min(missing, 5000))).all()
            for person in people:
                person.phone = f"0511 {round_:02d}{person.id[:4].translate(_DIGITS)}"
            uow.commit()
        round_ += 1


_DIGITS = str.maketrans("abcdef", "123456")


def _timed(label: str, action):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - start
    print(f"{label:<44} {seconds:8.2f} s")
    return result, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="lotsen-bench-sync-"))
    folder.mkdir(parents=True, exist_ok=True)
    office = open_office_store(folder / "office" / "lotsen.sqlite", user="bench")
    exchange.set_site_name(office, "Büro")
    laptop = open_office_store(folder / "laptop" / "lotsen.sqlite", user="bench")
    exchange.set_site_name(laptop, "Laptop")

    people = max(1, args.changes * 1000 // 14_500)
    _timed(
        f"demo data ({people} volunteers, captured)",
        lambda: demo.fill_demo(office, volunteers=people, seed=7),
    )
    _top_up(office, args.changes)
    total = _changes(office)
    print(f"changes in the office log: {total}")

    full, export_s = _timed(
        "export full (scrypt n=2^17, zlib, AES-GCM)",
        lambda: exchange.export_file(office, folder / "full", passphrase=PASS, full=True),
    )
    print(f"file size: {full.size / 1_048_576:.1f} MiB ({full.size / total:.0f} bytes/change)")
    _timed(
        "import dry run on a new machine",
        lambda: exchange.import_file(laptop, full.path, passphrase=PASS, dry_run=True),
    )
    summary, import_s = _timed(
        "import on a new machine", lambda: exchange.import_file(laptop, full.path, passphrase=PASS)
    )
    print(f"  {summary.received} changes applied; {summary.text[:90]}")
    _timed(
        "same file again (idempotent)",
        lambda: exchange.import_file(laptop, full.path, passphrase=PASS),
    )

    ids = [r.id for r in volunteers.list_volunteers(laptop, limit=1000)]
    for number, vid in enumerate(ids):
        volunteers.update_volunteer(laptop, vid, city=f"Celle {number}")
    delta, _s = _timed(
        "delta export of 1,000 edits",
        lambda: exchange.export_file(laptop, folder / "delta", passphrase=PASS, peer="Büro"),
    )
    _timed("delta import", lambda: exchange.import_file(office, delta.path, passphrase=PASS))
    same = compute_digest(office) == compute_digest(laptop)
    print(f"digests equal: {same}")
    print(
        f"throughput: export {total / export_s:,.0f} changes/s, import {total / import_s:,.0f} changes/s"
    )
    office.close()
    laptop.close()
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
