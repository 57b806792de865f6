"""The exchange history: every file written or read, newest first."""

from __future__ import annotations

import json

from sqlalchemy import select

from lotsen_desktop.store.database import Store
from lotsen_desktop.store.sync_tables import (
    exchange_table,
)
from lotsen_desktop.sync.exchange.results import ExchangeRow
from lotsen_desktop.sync.summary import describe


def history(store: Store, *, peer_site: str | None = None, limit: int = 500) -> list[ExchangeRow]:
    t = exchange_table
    query = select(t).order_by(t.c.at.desc(), t.c.id.desc()).limit(limit)
    if peer_site:
        query = query.where(t.c.peer_site == peer_site)
    rows = []
    with store.new_session() as session:
        for r in session.execute(query):
            try:
                info = json.loads(r.summary or "{}")
            except ValueError:
                info = {}
            if "new" in info:
                text = describe(
                    info.get("new", {}),
                    info.get("changed", {}),
                    info.get("deleted", {}),
                    int(info.get("conflicts", 0)),
                    int(info.get("duplicates", 0)),
                    int(info.get("pending", 0)),
                )
            else:
                text = str(info.get("course") or "")
            rows.append(
                ExchangeRow(
                    r.id,
                    r.at,
                    r.direction,
                    r.kind,
                    r.peer_site,
                    r.peer_name,
                    r.file_name,
                    r.changes,
                    r.conflicts,
                    text,
                )
            )
    return rows
