"""The machines this one has exchanged files with, and what each has seen."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from lotsen_desktop.errors import NotFoundError, ValidationError
from lotsen_desktop.i18n import _
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.server import german_order
from lotsen_desktop.store.sync_tables import (
    SyncPeer,
)
from lotsen_desktop.sync.exchange.results import PeerRow
from lotsen_desktop.sync.state import (
    version_vector,
)


def known_of(peer: Any) -> dict[str, int]:
    try:
        data = json.loads(peer.known or "{}")
    except ValueError:
        return {}
    return {str(k): int(v) for k, v in data.items()}


def list_peers(store: Store) -> list[PeerRow]:
    with store.new_session() as session:
        vv = version_vector(session)
        rows = []
        for peer in session.scalars(
            select(SyncPeer).order_by(german_order(SyncPeer.name), SyncPeer.site_id)
        ):
            known = known_of(peer)
            unseen = sum(max(0, top - known.get(origin, 0)) for origin, top in vv.items())
            rows.append(
                PeerRow(peer.site_id, peer.name, peer.last_import_at, peer.last_export_at, unseen)
            )
        return rows


def find_peer(store: Store, text: str) -> PeerRow:
    """A peer by name (case-insensitive) or by the start of its site id."""
    wanted = text.strip().casefold()
    peers = list_peers(store)
    matches = [p for p in peers if p.name.casefold() == wanted]
    if not matches and len(wanted) >= 4:
        matches = [p for p in peers if p.site_id.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFoundError(
            _(
                "No exchange partner named {name}. Partners appear after their first file was "
                "imported; use a full export for a new machine."
            ).format(name=text)
        )
    raise ValidationError(
        _("Several partners are named {name}; please give the start of the site id.").format(
            name=text
        )
    )
