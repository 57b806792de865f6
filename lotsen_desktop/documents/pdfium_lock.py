"""The one lock around PDFium, which is not thread-safe: every call into it, from any thread
(combining in a batch, rendering a preview), holds ``PDFIUM_LOCK``. Its own module so that a
preview can take it without loading pypdf."""

from __future__ import annotations

import threading

PDFIUM_LOCK = threading.RLock()
