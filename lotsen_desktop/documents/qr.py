"""ReportLab's QR code with a faster choice of the mask pattern: the same code, module for module.

ReportLab scores each of the eight mask patterns with pure-Python list work, which took a
third of the time of a certificate. ``lost_point`` computes the same score (quirks included:
ReportLab's finder-pattern rule only ever matches rows, never columns) on rows held as strings
and bit masks, so the chosen mask, the drawn modules and the PDF bytes stay exactly the same
(a test compares both on many codes): a reprint of an earlier certificate is still identical.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.qr import QrCode

_LONG_RUN = re.compile(r"0{5,}|1{5,}")
_FINDER = "10111010000"
_AS_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def _runs_score(lines: Sequence[str]) -> int:
    """Rule 1: every run of five or more equal modules costs its length minus two."""
    return sum(
        match.end() - match.start() - 2 for line in lines for match in _LONG_RUN.finditer(line)
    )


def _blocks_score(masks: Sequence[int], size: int) -> int:
    """Rule 2: every 2x2 block of one colour costs 3."""
    inner = (1 << (size - 1)) - 1
    score = 0
    for upper, lower in itertools.pairwise(masks):
        same_column = ~(upper ^ lower)
        same_row = ~(upper ^ (upper >> 1))
        score += 3 * (same_column & (same_column >> 1) & same_row & inner).bit_count()
    return score


def _finder_score(rows: Sequence[str]) -> int:
    """Rule 3 as ReportLab scores it: greedy, rows only, never starting in the last position."""
    score = 0
    for row in rows:
        limit = len(row) - len(_FINDER)
        start = row.find(_FINDER)
        while 0 <= start < limit:
            score += 40
            start = row.find(_FINDER, start + len(_FINDER))
    return score


def lost_point(modules: Sequence[Sequence[bool]]) -> int:
    """The penalty ReportLab's ``QRUtil.getLostPoint`` gives this module matrix."""
    size = len(modules)
    cells = [bytes(row) for row in modules]  # bools as 0 and 1
    rows = [row.translate(_AS_DIGITS).decode("ascii") for row in cells]
    columns = [
        bytes(column).translate(_AS_DIGITS).decode("ascii") for column in zip(*cells, strict=True)
    ]
    masks = [int(row[::-1], 2) for row in rows]
    dark = sum(row.count("1") for row in rows)
    balance = 10 * (abs(100 * dark // (size * size) - 50) // 5)
    return (
        _runs_score(rows)
        + _runs_score(columns)
        + _blocks_score(masks, size)
        + _finder_score(rows)
        + balance
    )


class _QRCode(qrencoder.QRCode):  # type: ignore[misc]
    def getBestMaskPattern(self) -> int:
        best, pattern = 0, 0
        for candidate in range(8):
            self.makeImpl(True, candidate)
            lost = lost_point(self.modules)
            if candidate == 0 or best > lost:
                best, pattern = lost, candidate
        return pattern


class FastQrCode(QrCode):  # type: ignore[misc]
    """``reportlab.graphics.barcode.qr.QrCode`` with the faster mask choice."""

    def __init__(self, value: str, **kwargs: Any) -> None:
        super().__init__(value, **kwargs)
        stock = getattr(self, "qr")  # noqa: B009 - untyped attribute of ReportLab's class
        fast = _QRCode(stock.version, stock.errorCorrectLevel)
        for data in stock.dataList:
            fast.addData(data)
        self.qr = fast
