"""``migrate-to``: a single-PC database up to an empty PostgreSQL database and back to a file,
with its whole history (sync log, watermarks, figures) and the same digest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pg_cluster
import pytest
from sqlalchemy import func, select

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.cli import main
from lotsen_desktop.errors import StoreError
from lotsen_desktop.services import demo, digest, volunteers
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.transfer import copy_database, tables

pytestmark = pytest.mark.pg


@pytest.fixture
def cluster(engine: str, request: pytest.FixtureRequest) -> pg_cluster.Cluster:
    if "postgresql" not in request.config.getoption("engines"):
        pytest.skip("PostgreSQL not selected (--engines postgresql runs it)")
    return pg_cluster.cluster()


def _counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {
            t.name: int(connection.execute(select(func.count()).select_from(t)).scalar() or 0)
            for t in tables()
        }


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_up_to_postgresql_and_back_keeps_everything(
    cluster: Any, store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``store`` is the PostgreSQL one here: fill a file, move it up, move it back down."""
    local = open_office_store(tmp_path / "pc" / "lotsen.sqlite", user="test-user")
    try:
        demo.fill_demo(local, volunteers=40, seed=7)
        volunteers.add_volunteer(local, given_name="Zoë", family_name="Ğüçlüöztürkçe")
        expected = digest.compute_digest(local)
        counts = _counts(local)
    finally:
        local.close()
    assert counts["sync_change"] > 0 and counts["figure_enrolment"] > 0
    url = cluster.empty_database()
    code = main(["--db", str(tmp_path / "pc" / "lotsen.sqlite"), "migrate-to", url])
    assert code == 0, capsys.readouterr().err
    assert digest.short_digest(expected) in capsys.readouterr().out
    shared = open_office_store(url, user="test-user")
    try:
        assert digest.compute_digest(shared) == expected
        up = _counts(shared)
        assert {k: v for k, v in up.items() if k != "local_setting"} == {
            k: v for k, v in counts.items() if k != "local_setting"
        }
        found = volunteers.list_volunteers(shared, search="gucluozturk")
        assert [(r.given_name, r.family_name) for r in found] == [("Zoë", "Ğüçlüöztürkçe")]
        volunteers.add_volunteer(shared, given_name="Олена", family_name="Шевченко")
        expected_down = digest.compute_digest(shared)
        olenas = volunteers.count_volunteers(shared, search="шевченко")
    finally:
        shared.close()
    back = tmp_path / "back" / "kopie.sqlite"
    code = main(["--db", url, "migrate-to", str(back)])
    assert code == 0, capsys.readouterr().err
    copy = open_office_store(back, user="test-user")
    try:
        assert digest.compute_digest(copy) == expected_down
        assert volunteers.count_volunteers(copy, search="шевченко") == olenas > 0
    finally:
        copy.close()


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_a_database_that_is_not_empty_is_refused(
    cluster: Any, store: Store, tmp_path: Path
) -> None:
    volunteers.add_volunteer(store, given_name="Anna", family_name="Schmidt")
    local = open_office_store(tmp_path / "pc.sqlite", user="test-user")
    try:
        volunteers.add_volunteer(local, given_name="Berta", family_name="Meier")
        assert store.url is not None
        with pytest.raises(StoreError, match="nicht leer"):
            copy_database(local, store.url)
        with pytest.raises(StoreError, match="existiert bereits"):
            copy_database(store, tmp_path / "pc.sqlite")
    finally:
        local.close()
    assert volunteers.count_volunteers(store) == 1
