"""Use cases of the exchange: export a file, import a file (or preview it), peers and history.

Plain Python for the CLI and the window; nothing here imports Qt. Long calls take
``progress(done, total) -> bool`` (return ``False`` to cancel). The parts: ``site`` (this
machine), ``peers``, ``export``, ``importing``, ``receive`` (import, then compact), ``history``; ``layout`` is the file body both
sides share and ``results`` what the calls return. Callers use this package:
``exchange.export_file(...)``.
"""

from __future__ import annotations

from lotsen_desktop.sync.exchange.export import export_file
from lotsen_desktop.sync.exchange.history import history
from lotsen_desktop.sync.exchange.importing import (
    Parsed,
    apply_parsed,
    import_file,
    read_file,
)
from lotsen_desktop.sync.exchange.layout import COURSE_COLUMNS, KINDS
from lotsen_desktop.sync.exchange.peers import find_peer, list_peers
from lotsen_desktop.sync.exchange.receive import receive_file, receive_parsed
from lotsen_desktop.sync.exchange.results import (
    ExchangeRow,
    ExportResult,
    ImportSummary,
    PeerRow,
    SiteInfo,
)
from lotsen_desktop.sync.exchange.site import data_digest, set_site_name, site_info

__all__ = [
    "COURSE_COLUMNS",
    "KINDS",
    "ExchangeRow",
    "ExportResult",
    "ImportSummary",
    "Parsed",
    "PeerRow",
    "SiteInfo",
    "apply_parsed",
    "data_digest",
    "export_file",
    "find_peer",
    "history",
    "import_file",
    "list_peers",
    "read_file",
    "receive_file",
    "receive_parsed",
    "set_site_name",
    "site_info",
]
