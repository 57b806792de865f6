"""Counts of everything, for ``status`` and the window's overview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from lotsen_desktop import __version__
from lotsen_desktop.services.progress import qualified_count
from lotsen_desktop.store.backup import latest_backup
from lotsen_desktop.store.database import Store, current_revision
from lotsen_desktop.store.models import TRACKED_MODELS, Volunteer


@dataclass(frozen=True)
class StoreStatus:
    database: str
    schema_revision: str | None
    program_version: str
    last_backup: datetime | None
    counts: dict[str, int]
    volunteers_by_status: dict[str, int]
    qualified: int

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def store_status(store: Store) -> StoreStatus:
    with store.new_session() as session:
        counts = {
            model.__tablename__: int(session.scalar(select(func.count()).select_from(model)) or 0)  # type: ignore[attr-defined]
            for model in TRACKED_MODELS
        }
        by_status = {
            status: int(count)
            for status, count in session.execute(
                select(Volunteer.status, func.count()).group_by(Volunteer.status)
            )
        }
        qualified = qualified_count(session)
    return StoreStatus(
        database=store.display_name,
        schema_revision=current_revision(store.engine),
        program_version=__version__,
        last_backup=latest_backup(store),
        counts=counts,
        volunteers_by_status=by_status,
        qualified=qualified,
    )
