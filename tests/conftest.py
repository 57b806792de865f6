"""Shared fixtures: a fresh office database in a temporary folder, German by default."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.i18n import set_language
from lotsen_desktop.store.database import Store


@pytest.fixture(autouse=True)
def _german_and_isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in German with no access to a real user's database."""
    monkeypatch.setenv("LOTSEN_DB", str(tmp_path / "default" / "lotsen.sqlite"))
    monkeypatch.delenv("LOTSEN_LANG", raising=False)
    set_language("de")
    yield
    set_language("de")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "office" / "lotsen.sqlite"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = open_office_store(db_path, user="test-user")
    yield opened
    opened.close()
