"""Ids typed by people: a full UUID or a unique prefix of at least four characters."""

from __future__ import annotations

from sqlalchemy import select

from lotsen_desktop.errors import NotFoundError, ValidationError
from lotsen_desktop.i18n import _
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import Tracked
from lotsen_desktop.store.types import starts_with

MIN_PREFIX = 4


def resolve_id(store: Store, model: type[Tracked], text: str, not_found: str) -> str:
    """The id of the one ``model`` row that ``text`` names; ``not_found`` has an ``{id}`` field."""
    text = text.strip().lower()
    with store.new_session() as session:
        if session.get(model, text) is not None:
            return text
        if len(text) >= MIN_PREFIX:
            matches = session.scalars(
                select(model.id)
                .where(starts_with(model.id, text, session.get_bind().dialect.name))
                .limit(2)
            ).all()
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise ValidationError(
                    _("The id {id} is ambiguous; give more characters.").format(id=text)
                )
    raise NotFoundError(not_found.format(id=text))
