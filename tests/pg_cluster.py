"""A throwaway PostgreSQL cluster for the tests: one per test process, a fresh database per test.

The cluster lives in a temporary folder, listens on a free local port and a socket in that folder,
runs without fsync (a test never loses power) and is stopped and removed when the process ends.
As root, the server runs as the ``postgres`` user (PostgreSQL refuses to run as root).

Each test gets ``CREATE DATABASE ... TEMPLATE`` of a migrated database made once: copying a few
megabytes of files is far faster than running the migrations again.

``LOTSEN_TEST_PG=1`` (set by ``.ci/run``) makes a missing server an error; without it the
PostgreSQL half of the parametrised tests is skipped with the reason.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import itertools
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Any

ROLE = "lotsen"
TEMPLATE = "lotsen_template"


class ClusterUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def _bin_dir() -> Path | None:
    explicit = os.environ.get("LOTSEN_PG_BIN")
    candidates = [explicit] if explicit else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    candidates += ["/usr/local/bin", "/usr/bin", "/usr/local/pgsql/bin"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    """A running server; ``url(name)`` is the SQLAlchemy URL of one of its databases."""

    def __init__(self) -> None:
        bin_dir = _bin_dir()
        if bin_dir is None:
            raise ClusterUnavailable("PostgreSQL (initdb, pg_ctl) is not installed")
        self.bin = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="lotsen-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self.folder.chmod(0o755)
        self._counter = itertools.count(1)
        self._run(
            "initdb", "-D", str(self.data), "-U", ROLE, "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"),
            "-w", "start",
        )  # fmt: skip
        atexit.register(self.stop)
        self._stop_on_sigterm()
        self._template_ready = False
        self._created: list[str] = []

    def _stop_on_sigterm(self) -> None:
        """A test run ended by SIGTERM (a timeout) leaves no server behind: atexit does not run."""
        if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
            return

        def stop_then_end(signum: int, _frame: Any) -> None:
            self.stop()
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)

        with contextlib.suppress(ValueError):  # not the main thread: atexit must do
            signal.signal(signal.SIGTERM, stop_then_end)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.folder)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{ROLE}@/{database}?host={self.folder}&port={self.port}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(
            host=str(self.folder), port=self.port, user=ROLE, dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(sql)  # type: ignore[arg-type]

    def empty_database(self) -> str:
        """A new, empty database (no tables): for migrations and ``migrate-to``."""
        name = f"t{os.getpid()}_{next(self._counter)}"
        self.admin(f'CREATE DATABASE "{name}"')
        self._created.append(name)
        return self.url(name)

    def migrated_database(self, keep: bool = False) -> str:
        """A new database at the newest schema, copied from the template (``keep``: not dropped
        at the end of the test, for a prepared office many tests copy)."""
        if not self._template_ready:
            from lotsen_desktop.store.database import open_store

            self.admin(f'CREATE DATABASE "{TEMPLATE}"')
            open_store(self.url(TEMPLATE), user="template").close()
            self._template_ready = True
        name = f"t{os.getpid()}_{next(self._counter)}"
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
        if not keep:
            self._created.append(name)
        return self.url(name)

    def copy_of(self, url: str) -> str:
        """A new database copied from ``url``'s database (no one may be connected to it)."""
        from sqlalchemy.engine import make_url

        source = make_url(url).database
        name = f"t{os.getpid()}_{next(self._counter)}"
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        self._created.append(name)
        return self.url(name)

    def drop_created(self) -> None:
        """Drop the databases made since the last call (the end of a test)."""
        while self._created:
            self.admin(f'DROP DATABASE IF EXISTS "{self._created.pop()}" WITH (FORCE)')

    def stop(self) -> None:
        if self.data.exists():
            subprocess.run(
                [
                    *(["runuser", "-u", "postgres", "--"] if self._as_postgres else []),
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-m",
                    "immediate",
                    "stop",
                ],
                capture_output=True,
                check=False,
            )
        shutil.rmtree(self.folder, ignore_errors=True)


_cluster: Cluster | None = None
_failure: str | None = None


def required() -> bool:
    return os.environ.get("LOTSEN_TEST_PG", "") not in ("", "0")


def cluster() -> Cluster:
    """The process's cluster, started on first use; raises ``ClusterUnavailable`` if impossible."""
    global _cluster, _failure
    if _cluster is None:
        if _failure is not None:
            raise ClusterUnavailable(_failure)
        try:
            _cluster = Cluster()
        except ClusterUnavailable as error:
            _failure = str(error)
            raise
        except (OSError, subprocess.CalledProcessError) as error:
            detail = getattr(error, "stderr", b"") or b""
            _failure = f"PostgreSQL could not be started: {error} {detail.decode(errors='replace')}"
            raise ClusterUnavailable(_failure) from error
    return _cluster
