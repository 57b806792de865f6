"""This machine in the exchange: its site id and name, and the digest people compare by phone."""

from __future__ import annotations

from sqlalchemy import func, select

from lotsen_desktop.errors import ValidationError
from lotsen_desktop.i18n import _
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.sync_tables import (
    change_table,
)
from lotsen_desktop.sync.clock import (
    OFFICE_KEY,
    SITE_KEY,
    SITE_NAME_KEY,
    get_setting,
    set_setting,
)
from lotsen_desktop.sync.exchange.results import SiteInfo


def site_info(store: Store) -> SiteInfo:
    with store.new_session() as session:
        total = session.execute(select(func.count()).select_from(change_table)).scalar()
        return SiteInfo(
            get_setting(session, SITE_KEY),
            get_setting(session, SITE_NAME_KEY),
            get_setting(session, OFFICE_KEY),
            int(total or 0),
        )


def set_site_name(store: Store, name: str) -> None:
    """The name other machines see for this one ("Laptop Kursleitung")."""
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise ValidationError(_("Please enter a name of at most 200 characters."), field="name")
    with store.new_session() as session, session.begin():
        set_setting(session, SITE_NAME_KEY, name)


def data_digest(store: Store) -> str:
    from lotsen_desktop.services.digest import compute_digest

    return compute_digest(store)
