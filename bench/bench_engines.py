"""SQLite next to PostgreSQL on the same data in the same run (issue 13.7).

python -m bench.bench_engines                          # demo --volunteers 5000 (cached in bench/.data)
python -m bench.bench_engines --volunteers 100000      # the full size (made once, a few minutes)
python -m bench.bench_engines --source l100k.sqlite    # a ready file (copied, never written)
make bench-pg                                          # the same, also writes bench/results/engines.md

The SQLite file is copied, then moved into a throwaway PostgreSQL cluster on 127.0.0.1 (TCP) with
the program's own ``migrate-to`` (timed). The cluster is started and removed by this script and
runs with ``fsync=off``: figures for reads and PDF batches, not for durable writes. Every figure
stands next to a plain-driver baseline (sqlite3 / psycopg running a comparable SELECT) measured
in the same run on the same engine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench import core, datasets
from bench.core import Recorder, Result, time_ms

RESULTS = Path(__file__).resolve().parent / "results" / "engines.json"
ENGINES = ("sqlite", "postgresql")
LABELS = {"sqlite": "lite", "postgresql": "pg"}
SEARCHES = ("s", "sa", "sah", "sahi", "sahin", "a", "m", "mü", "mül", "müller", "ng", "ngu")
ROLE = "lotsen"
DATABASE = "bench"

FIRST_PAGE_SQL = (
    "SELECT id, given_name, family_name, status FROM volunteer ORDER BY sort_key, id LIMIT 200"
)
SEARCH_SQL = (
    "SELECT id, given_name, family_name FROM volunteer WHERE search_key LIKE {p}"
    " ORDER BY sort_key, id LIMIT 200"
)
ELIGIBLE_SQL = (
    "SELECT v.id, v.given_name, v.family_name, v.sort_key, v.birth_date, v.city, f.qualified_on"
    " FROM volunteer v JOIN figure_person f ON f.volunteer_id = v.id"
    " WHERE f.qualified_on IS NOT NULL ORDER BY v.sort_key, v.id"
)
BIGGEST_COURSES_SQL = (
    "SELECT course_id FROM enrolment GROUP BY course_id ORDER BY count(*) DESC, course_id LIMIT ?"
)


# --- a throwaway cluster on localhost ---------------------------------------------------------


def _bin_dir() -> Path:
    explicit = os.environ.get("LOTSEN_PG_BIN")
    for candidate in [explicit, "/usr/local/bin", "/usr/bin", "/usr/local/pgsql/bin"]:
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    if found is None:
        raise RuntimeError("PostgreSQL (initdb, pg_ctl) is not installed")
    return Path(found).parent


@contextmanager
def cluster() -> Iterator[str]:
    """A PostgreSQL server on 127.0.0.1 with an empty database; yields its URL, removed after.

    ``fsync=off``, ``synchronous_commit=off``: a bench never loses power. Run as ``postgres``
    when this process is root (the server refuses to run as root)."""
    bin_dir = _bin_dir()
    home = Path(tempfile.mkdtemp(prefix="lotsen-bench-pg-"))  # postgres must reach it
    as_postgres = os.geteuid() == 0
    if as_postgres:
        shutil.chown(home, "postgres", "postgres")
    home.chmod(0o755)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    prefix = ["runuser", "-u", "postgres", "--"] if as_postgres else []
    data = home / "data"

    def run(*command: str) -> None:
        done = subprocess.run([*prefix, *command], capture_output=True, text=True, cwd=home)
        if done.returncode != 0:
            shutil.rmtree(home, ignore_errors=True)
            raise RuntimeError(f"{Path(command[0]).name}: {done.stderr.strip()[-300:]}")

    run(
        str(bin_dir / "initdb"), "-D", str(data), "-U", ROLE, "--auth=trust", "-E", "UTF8",
        "--locale=C.UTF-8", "--no-sync",
    )  # fmt: skip
    options = (
        f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off"
    )
    run(
        str(bin_dir / "pg_ctl"),
        "-D",
        str(data),
        "-o",
        options,
        "-l",
        str(home / "log"),
        "-w",
        "start",
    )
    try:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=port, user=ROLE, dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')  # type: ignore[arg-type]
        yield f"postgresql://{ROLE}@127.0.0.1:{port}/{DATABASE}"
    finally:
        subprocess.run(
            [*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(home, ignore_errors=True)


# --- the measurements ------------------------------------------------------------------------


def _plain_query(engine: str, target: str) -> tuple[Callable[[str, tuple[Any, ...]], Any], Any]:
    """(run SQL with parameters → all rows, connection) in the bare driver of ``engine``."""
    if engine == "sqlite":
        lite = sqlite3.connect(target)
        return lambda sql, params: lite.execute(sql.format(p="?"), params).fetchall(), lite
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(target)
    pg = psycopg.connect(
        host=url.host, port=url.port, user=url.username, dbname=url.database, autocommit=True
    )
    return lambda sql, params: pg.execute(sql.format(p="%s"), params).fetchall(), pg


def measure_engine(
    recorder: Recorder,
    engine: str,
    target: str,
    folder: Path,
    *,
    repeat: int,
    courses: list[str],
) -> None:
    """The four figures of issue 13.7 on one engine, each next to its plain-driver baseline."""
    from lotsen_desktop.bootstrap import open_office_store
    from lotsen_desktop.services import certificates, volunteers

    label = LABELS[engine]
    plain, connection = _plain_query(engine, target)
    store = open_office_store(target, user="bench")
    try:

        def first_page(r: Result) -> None:
            r.samples = time_ms(lambda: volunteers.list_volunteers(store, limit=200), repeat)
            r.baseline_samples = time_ms(lambda: plain(FIRST_PAGE_SQL, ()), repeat)

        recorder.measure(
            "list-first-page",
            label,
            "volunteers.list_volunteers first 200",
            "ms",
            first_page,
            baseline="driver: SELECT … ORDER BY sort_key LIMIT 200",
        )

        def search(r: Result) -> None:
            for _round in range(max(1, repeat // 3)):
                for text in SEARCHES:
                    r.samples += time_ms(
                        lambda text=text: volunteers.list_volunteers(store, search=text, limit=200),
                        1,
                    )
                    r.baseline_samples += time_ms(
                        lambda text=text: plain(SEARCH_SQL, (f"%{text}%",)), 1
                    )
            r.note = f"terms: {', '.join(SEARCHES)}"

        recorder.measure(
            "search",
            label,
            "search keystroke: list_volunteers(search=…) 200",
            "ms",
            search,
            baseline="driver: LIKE %term% + ORDER BY, first 200",
            target="p95 < 50 ms at 100,000",
        )

        def eligible(r: Result) -> None:
            found: list[int] = []

            def page() -> None:
                """What the Zertifikate page reads: the ids in list order, the first 100 rows."""
                ids = certificates.list_eligible_ids(store)
                certificates.eligible_rows(store, ids[:100])
                found.append(len(ids))

            r.samples = time_ms(page, repeat)
            r.baseline_samples = time_ms(lambda: plain(ELIGIBLE_SQL, ()), repeat)
            r.note = f"{found[-1] if found else 0:,} qualified people"

        recorder.measure(
            "eligible",
            label,
            "Zertifikate page: eligible ids + first 100 rows",
            "ms",
            eligible,
            baseline="driver: SELECT volunteer JOIN figure_person",
        )

        def batch(r: Result) -> None:
            sizes = []
            for number, course_id in enumerate(courses):
                start = time.perf_counter()
                result = certificates.issue_course_batch(
                    store,
                    course_id=course_id,
                    out_dir=folder / f"batch-{label}-{number}",
                    kind="teilnahmebescheinigung",
                )
                seconds = time.perf_counter() - start
                sizes.append(len(result.documents))
                r.samples.append(len(result.documents) / seconds if seconds else 0.0)
            from bench.runner import _bare_reportlab

            count = max(sizes) if sizes else 10
            r.baseline_samples = [
                _bare_reportlab(folder / f"bare-{label}-{n}", count) for n in range(len(courses))
            ]
            r.note = f"documents per course: {sizes}"

        recorder.measure(
            "batch",
            label,
            "course batch of Teilnahmebescheinigungen",
            "docs/s",
            batch,
            baseline="bare ReportLab loop, DejaVu + QR",
            higher_is_better=True,
            target=">= 50 docs/s",
        )
    finally:
        store.close()
        connection.close()


def side_by_side(results: list[Result], engines: list[str]) -> str:
    """One Markdown row per measurement: each engine's median, p95 and baseline median."""
    rows: dict[str, dict[str, Result]] = {}
    for r in results:
        rows.setdefault(r.name, {})[r.dataset] = r
    head = ["measurement"]
    for engine in engines:
        name = "SQLite" if engine == "sqlite" else "PostgreSQL"
        head += [f"{name} median", "p95", "baseline", "ratio"]
    if len(engines) == 2:
        head.append("PostgreSQL / SQLite")
    lines = ["| " + " | ".join(head) + " |", "| --- |" + " ---: |" * (len(head) - 1)]
    for name, by_engine in rows.items():
        cells = [name]
        unit = ""
        for engine in engines:
            r = by_engine.get(LABELS[engine])
            if r is None or r.error:
                cells += [f"error: {r.error}" if r else "-", "", "", ""]
                continue
            unit = r.unit
            cells += [
                f"{core._number(r.median, r.unit)} {r.unit}",
                core._number(r.p95, r.unit),
                core._number(r.baseline_median, r.unit),
                f"{r.ratio:.2f}x" if r.ratio is not None else "",
            ]
        if len(engines) == 2:
            lite, pg = (by_engine.get(LABELS[e]) for e in engines)
            factor = ""
            if lite and pg and lite.median and pg.median:
                slower = lite.median / pg.median if unit == "docs/s" else pg.median / lite.median
                factor = f"{slower:.2f}x"
            cells.append(factor)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def run(
    db: Path,
    folder: Path,
    engines: list[str],
    *,
    repeat: int,
    recorder: Recorder,
    meta: dict[str, Any],
) -> None:
    """Configure the copy ``db``, move it to PostgreSQL (timed) and measure every engine."""
    from bench.runner import _configure_office
    from lotsen_desktop.store.types import key_text

    _configure_office(db)
    with sqlite3.connect(db) as connection:
        courses = [
            key_text(row[0])  # stored as 16 bytes since schema 0020
            for row in connection.execute(BIGGEST_COURSES_SQL, (min(repeat, 3),))
        ]
    if "sqlite" in engines:
        measure_engine(recorder, "sqlite", str(db), folder, repeat=repeat, courses=courses)
    if "postgresql" not in engines:
        return
    started = time.perf_counter()
    with cluster() as url:
        meta["cluster_start_seconds"] = round(time.perf_counter() - started, 2)
        meta["postgresql"] = _server_version(url)

        def transfer(r: Result) -> None:
            command = [sys.executable, "-m", "lotsen_desktop", "--db", str(db), "migrate-to", url]
            start = time.perf_counter()
            subprocess.run(
                command,
                cwd=datasets.ROOT,
                check=True,
                capture_output=True,
                env={**os.environ, "LOTSEN_LANG": "en"},
            )
            r.samples = [time.perf_counter() - start]
            start = time.perf_counter()
            shutil.copyfile(db, folder / "plain-copy.sqlite")
            r.baseline_samples = [time.perf_counter() - start]
            r.note = f"{db.stat().st_size / 1e6:,.0f} MB SQLite file"

        result = recorder.measure(
            "migrate-to",
            "pg",
            "migrate-to postgresql:// (copy + digest check)",
            "s",
            transfer,
            baseline="copy of the SQLite file",
        )
        if result is not None and result.error:
            return
        measure_engine(recorder, "postgresql", url, folder, repeat=repeat, courses=courses)


def _server_version(url: str) -> str:
    kind, target = "postgresql", url
    plain, connection = _plain_query(kind, target)
    try:
        return str(plain("SHOW server_version", ())[0][0])
    finally:
        connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_engines", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--volunteers", type=int, default=5000, help="demo size (default 5000)")
    parser.add_argument("--source", type=Path, help="a ready SQLite file instead (copied)")
    parser.add_argument("--engines", default="sqlite,postgresql", help="sqlite,postgresql")
    parser.add_argument("--repeat", type=int, default=7, help="samples per measurement")
    parser.add_argument(
        "--data", type=Path, default=datasets.DEFAULT_DATA, help="dataset cache folder"
    )
    parser.add_argument("--scratch", type=Path, help="folder for the copies (default: /tmp)")
    parser.add_argument("--json", type=Path, default=RESULTS, help="where to write the results")
    parser.add_argument("--markdown", type=Path, help="also write the side-by-side table")
    args = parser.parse_args(argv)
    engines = [e.strip() for e in args.engines.lower().split(",") if e.strip()]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engine(s): {', '.join(sorted(unknown))}")
    recorder = Recorder()
    started = time.time()
    meta: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "repeat": args.repeat,
        "engines": engines,
        "machine": core.machine(),
        "fsync": "off (bench cluster)",
    }
    print(json.dumps(meta["machine"]))
    print(core.HEADER)
    with tempfile.TemporaryDirectory(prefix="lotsen-bench-", dir=args.scratch) as scratch:
        folder = Path(scratch)
        folder.chmod(0o755)
        db = folder / "work.sqlite"
        if args.source:
            shutil.copyfile(args.source, db)
            meta["dataset"] = {"source": str(args.source)}
        else:
            dataset = datasets.ensure("E", args.volunteers, args.data)
            shutil.copyfile(dataset.path, db)
            meta["dataset"] = dataset.meta
        run(db, folder, engines, repeat=args.repeat, recorder=recorder, meta=meta)
    meta["seconds"] = round(time.time() - started, 1)
    meta["load_average_end"] = core.machine().get("load_average")
    core.write_json(args.json, recorder.results, meta)
    table = side_by_side(recorder.results, engines)
    print()
    print(core.format_table(recorder.results))
    print()
    print(table)
    print(f"\n{len(recorder.results)} measurements in {meta['seconds']} s; JSON: {args.json}")
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(table + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
