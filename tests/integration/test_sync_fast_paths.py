"""The shortcuts that make a large import fast give the same answers as the plain code."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from lotsen_desktop.services import demo
from lotsen_desktop.services.digest import EXCLUDED_COLUMNS, _canonical, compute_digest
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import TRACKED_MODELS, Office
from lotsen_desktop.sync import schema

KINDS = ("str", "int", "bool", "float", "date", "datetime", "bytes")
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["2026-02-30", "2026-05-01", "2026-05-01T10:00:00", "aGFsbG8=", "!!"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
)


@given(
    kind=st.sampled_from(KINDS),
    nullable=st.booleans(),
    length=st.one_of(st.none(), st.integers(0, 8)),
    value=VALUES,
)
def test_check_value_rejects_exactly_what_decode_rejects(
    kind: str, nullable: bool, length: int | None, value: Any
) -> None:
    try:
        schema.decode(kind, value, nullable=nullable, length=length)
        expected = None
    except schema.BadValue as error:
        expected = error
    try:
        schema.check_value((kind, nullable, length), value)
        got = None
    except schema.BadValue as error:
        got = error
    assert (got is None) == (expected is None)


def _reference_digest(store: Store) -> str:
    """The digest as first written: every value through ``_canonical``."""
    digest = hashlib.sha256()
    with store.new_session() as session:
        for model in TRACKED_MODELS:
            table = model.__table__  # type: ignore[attr-defined]
            columns = sorted(c.name for c in table.columns if c.name not in EXCLUDED_COLUMNS)
            digest.update(f"#{table.name}\n".encode())
            query = select(*(table.c[name] for name in columns)).order_by(table.c.id)
            for row in session.execute(query):
                record = {n: _canonical(v) for n, v in zip(columns, row, strict=True)}
                digest.update(json.dumps(record, sort_keys=True, ensure_ascii=False).encode())
                digest.update(b"\n")
    return digest.hexdigest()


def test_digest_is_unchanged_by_the_fast_path(store: Store) -> None:
    demo.fill_demo(store, volunteers=40, seed=5)
    with store.uow() as uow:
        office = uow.session.scalars(select(Office)).one()
        office.logo = b"\x89PNG\r\n\x1a\n logo"
        office.name = 'Träger <&"> İlkay'
        uow.commit()
    assert compute_digest(store) == _reference_digest(store)
