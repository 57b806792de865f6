"""Site identity and the hybrid logical clock.

A stamp is ``(hlc, site)``. The HLC is one integer ``milliseconds << 16 | counter``: never smaller
than the wall clock, always larger than every stamp this machine has made or seen. So a change made
after seeing another one always orders after it, whatever the machines' wall clocks say.
"""

from __future__ import annotations

import hashlib
import platform
import sqlite3
import time
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from lotsen_desktop.store.models import LocalSetting

SITE_KEY = "sync.site_id"
SITE_FINGERPRINT_KEY = "sync.site_fingerprint"
SITE_NAME_KEY = "sync.site_name"
HLC_KEY = "sync.hlc"
OFFICE_KEY = "sync.office_id"

COUNTER_BITS = 16
DAY_MS = 24 * 3600 * 1000

Stamp = tuple[int, str]


def wall_ms() -> int:
    return int(time.time() * 1000)


def physical_ms(hlc: int) -> int:
    return hlc >> COUNTER_BITS


def tick(last: int, now_ms: int | None = None) -> int:
    """The next local stamp after ``last``."""
    now = wall_ms() if now_ms is None else now_ms
    return max(last + 1, now << COUNTER_BITS)


def get_setting(session: Session, key: str, default: str = "") -> str:
    row = session.get(LocalSetting, key)
    return row.value if row is not None else default


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(LocalSetting, key)
    if row is None:
        session.add(LocalSetting(key=key, value=value))
    else:
        row.value = value


def fingerprint(db_path: str) -> str:
    """Host and database path: a copied or moved database gets a new site id. A server database
    is the same one from every PC, so its mark leaves the host out."""
    if db_path.startswith("postgresql:"):
        return hashlib.sha256(db_path.encode()).hexdigest()[:32]
    return hashlib.sha256(f"{platform.node()}\n{db_path}".encode()).hexdigest()[:32]


def default_site_name() -> str:
    return platform.node() or "Rechner"


class Clock:
    """The clock of one database, read from and written to ``local_setting`` in the caller's
    transaction, so two processes on the same file never hand out the same stamp."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.site = get_setting(session, SITE_KEY)
        if not self.site:
            raise RuntimeError("sync site id missing: install_capture was not called")
        if session.get_bind().dialect.name == "sqlite":  # the write lock already serialises
            stored = get_setting(session, HLC_KEY, "0")
        else:  # PostgreSQL: PCs writing at once wait here in turn, so no stamp or seq repeats
            stored = (
                session.execute(
                    select(LocalSetting.value).where(LocalSetting.key == HLC_KEY).with_for_update()
                ).scalar()
                or "0"
            )
        self.last = int(stored) if stored.isdigit() else 0
        self._dirty = False

    def tick(self) -> int:
        self.last = tick(self.last)
        self._dirty = True
        return self.last

    def receive(self, remote: int) -> None:
        if remote > self.last:
            self.last = remote
            self._dirty = True

    def save(self) -> None:
        if self._dirty:
            set_setting(self.session, HLC_KEY, str(self.last))
            self._dirty = False


def ensure_site(session: Session, db_path: str) -> str:
    """The site id of this database, created on first start (or after a copy to a new place)."""
    site = get_setting(session, SITE_KEY)
    mark = fingerprint(db_path)
    if not site or get_setting(session, SITE_FINGERPRINT_KEY) != mark:
        site = str(uuid.uuid4())
        set_setting(session, SITE_KEY, site)
        set_setting(session, SITE_FINGERPRINT_KEY, mark)
    if not get_setting(session, SITE_NAME_KEY):
        set_setting(session, SITE_NAME_KEY, default_site_name())
    if db_path.startswith("postgresql:") and not get_setting(session, HLC_KEY):
        set_setting(session, HLC_KEY, "0")  # the row ``Clock`` locks must exist before writers
    return site


def start_new_site(connection: sqlite3.Connection, db_path: str, hlc_floor: int = 0) -> str:
    """Give a restored copy (a DB-API connection to it) a new site id before it replaces the
    database: the machine must never hand out again the sequence numbers its peers have already
    received under the old id. The clock is raised to ``hlc_floor`` (the replaced file's), so new
    stamps stay after everything this machine stamped before. The caller commits."""
    site = str(uuid.uuid4())
    rows = {SITE_KEY: site, SITE_FINGERPRINT_KEY: fingerprint(db_path)}
    found = connection.execute("SELECT value FROM local_setting WHERE key = ?", (HLC_KEY,))
    stored = found.fetchone()
    last = int(stored[0]) if stored and str(stored[0]).isdigit() else 0
    if hlc_floor > last:
        rows[HLC_KEY] = str(hlc_floor)
    for key, value in rows.items():
        connection.execute(
            "INSERT INTO local_setting (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
    return site


def read_hlc(connection: sqlite3.Connection) -> int:
    """The clock stored in a database file (0 if unknown)."""
    row = connection.execute("SELECT value FROM local_setting WHERE key = ?", (HLC_KEY,)).fetchone()
    return int(row[0]) if row and str(row[0]).isdigit() else 0
