"""Long id lists cut into parts, so that an ``IN (...)`` stays under the engine's limit of bound
parameters (SQLite: 32,766; older builds 999) and a statement stays small."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

CHUNK = 400


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
