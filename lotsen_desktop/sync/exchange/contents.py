"""What a delta for a partner holds, by table: the confirmation after an export says it in
words ("3 Kurse, 47 Personen, 1.204 Änderungen") instead of a bare count of log entries."""

from __future__ import annotations

from sqlalchemy import and_, distinct, func, or_, select

from lotsen_desktop.store.database import Store
from lotsen_desktop.store.sync_tables import SyncPeer, change_table
from lotsen_desktop.sync.exchange.peers import find_peer, known_of
from lotsen_desktop.sync.state import version_vector


def delta_rows_by_table(store: Store, peer: str) -> dict[str, int]:
    """Distinct rows per table among the changes ``peer`` has not received yet."""
    target = find_peer(store, peer)
    t = change_table
    with store.new_session() as session:
        peer_row = session.get(SyncPeer, target.site_id)
        since = known_of(peer_row) if peer_row is not None else {}
        origins = sorted(version_vector(session))
        if not origins:
            return {}
        above = or_(*(and_(t.c.origin == o, t.c.seq > since.get(o, 0)) for o in origins))
        query = select(t.c.tbl, func.count(distinct(t.c.row_id))).where(above).group_by(t.c.tbl)
        return {str(tbl): int(count) for tbl, count in session.execute(query)}
