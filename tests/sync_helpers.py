"""Helpers shared by the sync tests: replicas, quick exports, log and digest comparisons."""

from __future__ import annotations

from pathlib import Path

from db_template import migrated_copy
from sqlalchemy import select

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.services.digest import compute_digest
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.sync_tables import SyncChange
from lotsen_desktop.sync import exchange

PASS = "korrekt-pferd-batterie"
FAST_KDF = 2**10


def replica(folder: Path, name: str, engine: str = "sqlite") -> Store:
    """Open (or reopen) the replica ``name`` in ``folder``; a new one starts from the template.

    A PostgreSQL replica leaves its URL in ``lotsen.url`` there, so reopening finds it.
    """
    path = folder / name / "lotsen.sqlite"
    marker = folder / name / "lotsen.url"
    target: str | Path = path
    if marker.exists():
        target = marker.read_text(encoding="utf-8")
    elif engine == "postgresql" and not path.exists():
        import pg_cluster

        target = pg_cluster.cluster().migrated_database()
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(target, encoding="utf-8")
    elif not path.exists():
        migrated_copy(path)
    store = open_office_store(target, user=f"user-{name}")
    exchange.set_site_name(store, name)
    return store


def export(store: Store, path: Path, **kind: object) -> Path:
    result = exchange.export_file(store, path, passphrase=PASS, kdf_n=FAST_KDF, **kind)  # type: ignore[arg-type]
    return result.path


def full_export(store: Store, path: Path) -> Path:
    return export(store, path, full=True)


def import_(store: Store, path: Path, **options: object) -> exchange.ImportSummary:
    return exchange.import_file(store, path, passphrase=PASS, **options)  # type: ignore[arg-type]


def log_keys(store: Store) -> set[tuple[str, int]]:
    with store.new_session() as session:
        t = SyncChange.__table__
        return {(o, int(s)) for o, s in session.execute(select(t.c.origin, t.c.seq))}


def missing_from(store: Store, keys: set[tuple[str, int]]) -> set[tuple[str, int]]:
    """The entries among ``keys`` that ``store`` has neither in its log nor folded below its
    base (an import folds what every partner has seen, as compaction does)."""
    from lotsen_desktop.sync.state import load_base

    with store.new_session() as session:
        base = load_base(session)
    held = log_keys(store)
    return {(o, s) for o, s in keys if (o, s) not in held and s > base.get(o, 0)}


def digest(store: Store) -> str:
    return compute_digest(store)


def exchange_all(stores: list[Store], folder: Path, rounds: int = 4) -> None:
    """Everyone imports everyone's full export until nothing new appears."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(rounds):
        before = [len(log_keys(s)) for s in stores]
        files = [full_export(s, folder / f"round{number}-{i}") for i, s in enumerate(stores)]
        for i, store in enumerate(stores):
            for j, path in enumerate(files):
                if i != j:
                    import_(store, path)
        if [len(log_keys(s)) for s in stores] == before and number > 0:
            return


def trainer_with_mark(
    folder: Path, office: Store, course_id: str, session_id: str, person: str
) -> Store:
    """A trainer's laptop that got only the course package and marked one person present: a
    third machine that receives its full export does not know the mark's parents."""
    from lotsen_desktop.services import courses

    trainer = replica(folder, "Kursleitung")
    package = exchange.export_file(
        office, folder / "k", passphrase=PASS, course_id=course_id, kdf_n=2**10
    )
    import_(trainer, package.path)
    courses.set_attendance(
        trainer,
        course_id=course_id,
        session_id=session_id,
        volunteer_ids=[person],
        state="anwesend",
    )
    return trainer
