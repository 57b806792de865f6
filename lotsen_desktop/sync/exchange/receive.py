"""Receiving a file: import it, then fold what every partner has now seen.

The sender's file says which changes it has seen, so an import may let the change log shrink.
The window and the command line both receive through here, so both compact the same way.
"""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path

from lotsen_desktop.fileformat import DEFAULT_LIMITS, Limits
from lotsen_desktop.store.database import Store, page_bytes
from lotsen_desktop.sync import compact
from lotsen_desktop.sync.exchange.importing import Parsed, apply_parsed
from lotsen_desktop.sync.exchange.results import ImportSummary
from lotsen_desktop.tasks import Cancelled, ProgressCallback


def receive_parsed(
    store: Store,
    parsed: Parsed,
    *,
    file_name: str = "",
    dry_run: bool = False,
    accept_other_office: bool = False,
    progress: ProgressCallback | None = None,
) -> ImportSummary:
    """Apply a checked file, then compact the log if that became useful, and rebuild the file
    if the import wrote most of it (``compact.rebuild_after_import``).

    A cancel during the compaction keeps the import (it is committed already) and skips the
    compaction, which the next import or the next day's start does.
    """
    before = 0 if dry_run or store.is_server else page_bytes(store.engine)
    summary = apply_parsed(
        store,
        parsed,
        file_name=file_name,
        dry_run=dry_run,
        accept_other_office=accept_other_office,
        progress=progress,
    )
    if dry_run:
        return summary
    compacted = None
    with contextlib.suppress(Cancelled):
        compacted = compact.compact_if_useful(store, progress=progress)
    if before:
        compact.rebuild_after_import(store, before, progress=progress)
    return dataclasses.replace(summary, compacted=compacted)


def receive_file(
    store: Store,
    path: str | Path,
    *,
    passphrase: str,
    dry_run: bool = False,
    accept_other_office: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    progress: ProgressCallback | None = None,
) -> ImportSummary:
    """:func:`receive_parsed` for a file on disk (the command line's ``import``)."""
    return receive_parsed(
        store,
        Parsed({}, Path(path), passphrase, limits),
        file_name=Path(path).name,
        dry_run=dry_run,
        accept_other_office=accept_other_office,
        progress=progress,
    )
