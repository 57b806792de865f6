"""Lists out and imports on a large office: build and write the volunteer list, import 5,000 rows.

python bench/bench_lists.py --db COPY_OF_l100k.sqlite   (a copy: opening migrates, the import writes)
python bench/bench_lists.py [--volunteers 5000]         (without --db: demo data in a temporary folder)

The first line is the baseline measured in the same run: the first page of the list on screen.
"""

from __future__ import annotations

import argparse
import random
import string
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.documents.tables import ListTable
from lotsen_desktop.services import demo, importing, lists, volunteers
from lotsen_desktop.store.database import Store


def timed(label: str, func: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = func()
    print(f"{label:<55} {(time.perf_counter() - start) * 1000:10.1f} ms")
    return result


def _import_file(folder: Path, rows: int) -> Path:
    letters = random.Random(3)
    lines = ["Nachname;Vorname;Geburtsdatum;Telefon;Sprachen;Status"]
    for number in range(rows):
        born = date(1940, 1, 1) + timedelta(days=3 * number)
        family = "".join(letters.choices(string.ascii_lowercase, k=9)).capitalize()
        given = "".join(letters.choices(string.ascii_lowercase, k=6)).capitalize()
        lines.append(f"{family};{given};{born:%d.%m.%Y};0511 {number:06d};Deutsch, Türkisch;aktiv")
    path = folder / "import.csv"
    path.write_text("\n".join(lines), encoding="utf-8-sig")
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    parser.add_argument("--volunteers", type=int, default=5000)
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    if args.db is None:
        with tempfile.TemporaryDirectory() as folder:
            store = open_office_store(Path(folder) / "bench.sqlite", user="bench")
            demo.fill_demo(store, volunteers=args.volunteers)
            run(store, args.rows)
            store.close()
        return
    run(open_office_store(args.db, user="bench"), args.rows)


def run(store: Store, rows: int) -> None:
    count = volunteers.count_volunteers(store)
    print(f"volunteers: {count}")
    timed(
        "baseline: first page of the list (200 rows)",
        lambda: volunteers.list_volunteers(store, limit=200),
    )
    table: ListTable = timed("volunteer list, everyone, built", lambda: lists.volunteer_list(store))
    aktiv = timed(
        "volunteer list, status aktiv, built",
        lambda: lists.volunteer_list(store, lists.ListSpec.of(status="aktiv")),
    )
    print(f"  rows: {len(table.rows)} / aktiv {len(aktiv.rows)}")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        timed("  CSV, everyone", lambda: lists.save_list(store, table, out / "a.csv"))
        timed("  XLSX, everyone", lambda: lists.save_list(store, table, out / "a.xlsx"))
        part = ListTable(table.title, table.columns, table.rows[:5000], table.subtitle)
        timed("  PDF, 5,000 rows", lambda: lists.save_list(store, part, out / "a.pdf"))
        timed("phone list, everyone, built", lambda: lists.phone_list(store))
        timed("mentoring hours per volunteer, this year", lambda: lists.mentoring_hours_list(store))
        source = timed(
            f"import: read CSV of {rows} rows",
            lambda: importing.read_table(_import_file(out, rows)),
        )
        preview = timed(
            "import: preview (mapping, checks, duplicates)",
            lambda: importing.preview_import(store, source),
        )
        print(
            f"  new {preview.count('new')}, duplicates {preview.count('duplicate')}, invalid {preview.count('invalid')}"
        )
        result = timed(
            "import: write in one transaction", lambda: importing.run_import(store, preview)
        )
        timed("import: undo", lambda: importing.undo_import(store, result.batch_id))


if __name__ == "__main__":
    main()
