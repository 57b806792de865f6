"""CLI commands of the sync layer (filled in by its issue)."""

from __future__ import annotations

from typing import Any


def register(subparsers: Any) -> None:
    """Add this layer's commands to the parser."""
