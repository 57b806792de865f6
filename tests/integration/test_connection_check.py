""" "Verbindung testen": a profile that reaches the test cluster reports the server's version; an
unreachable server gives the office's words, never a hang or a traceback."""

from __future__ import annotations

import socket
from typing import Any

import pg_cluster
import pytest
from sqlalchemy.engine import make_url

from lotsen_desktop.errors import StoreError
from lotsen_desktop.store import profiles
from lotsen_desktop.store.profiles import ConnectionProfile


@pytest.mark.pg
def test_a_profile_that_reaches_the_server_reports_its_version(cluster: Any) -> None:
    database = make_url(cluster.empty_database()).database
    profile = ConnectionProfile(
        kind=profiles.SERVER,
        host=str(cluster.folder),
        port=cluster.port,
        database=database,
        user=pg_cluster.ROLE,
        sslmode="disable",
    )
    assert profiles.check_connection(profile, None).split(".")[0].isdigit()


def test_an_unreachable_server_is_said_in_german() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    profile = ConnectionProfile(
        kind=profiles.SERVER, host="127.0.0.1", port=port, user="lotsen", sslmode="disable"
    )
    with pytest.raises(StoreError) as caught:
        profiles.check_connection(profile, "geheim")
    assert str(caught.value).startswith("Die gemeinsame Datenbank ist nicht erreichbar")
    assert "geheim" not in str(caught.value)
