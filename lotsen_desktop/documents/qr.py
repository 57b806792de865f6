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
    runs = _LONG_RUN.findall(" ".join(lines))  # the space ends a run at each line's end
    return sum(map(len, runs)) - 2 * len(runs)


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
    return _lost_point_of_rows([_row_bits(row) for row in modules], len(modules))


def _row_bits(row: Sequence[bool]) -> int:
    """A row as an integer: bit ``c`` is module ``c`` (1 dark)."""
    return int(bytes(row)[::-1].translate(_AS_DIGITS), 2)


def _lost_point_of_rows(bits: Sequence[int], size: int) -> int:
    rows = [format(row, f"0{size}b")[::-1] for row in bits]
    columns = ["".join(column) for column in zip(*rows, strict=True)]
    dark = sum(row.bit_count() for row in bits)
    balance = 10 * (abs(100 * dark // (size * size) - 50) // 5)
    return (
        _runs_score(rows)
        + _runs_score(columns)
        + _blocks_score(bits, size)
        + _finder_score(rows)
        + balance
    )


_mask_rows: dict[int, tuple[list[int], list[list[int]]]] = {}
"""Per QR version: the data positions of each row, and per mask pattern those it darkens."""


def _data_layout(code: qrencoder.QRCode) -> tuple[list[int], list[list[int]]]:
    found = _mask_rows.get(code.version)
    if found is None:
        area = [0] * code.moduleCount
        masked = [[0] * code.moduleCount for _pattern in range(8)]
        for column, row in code.dataPosIterator():
            area[row] |= 1 << column
            for pattern in range(8):
                if qrencoder.QRUtil.getMask(pattern)(row, column):
                    masked[pattern][row] |= 1 << column
        found = _mask_rows[code.version] = (area, masked)
    return found


class _QRCode(qrencoder.QRCode):  # type: ignore[misc]
    def getBestMaskPattern(self) -> int:
        """ReportLab's choice, from one layout: the masks only flip data modules.

        With ``test`` set, ReportLab draws no format bits, so the eight trial matrices differ
        in the data modules alone: function patterns | (data bits XOR mask) per row.
        """
        self.makeImpl(True, 0)
        size = self.moduleCount
        area, masked = _data_layout(self)
        data = [0] * size
        bits = list(self.dataBitIterator(self.dataCache))
        for (column, row), dark in zip(self.dataPosIterator(), bits, strict=False):
            if dark:
                data[row] |= 1 << column
        fixed = [_row_bits(row) & ~area[index] for index, row in enumerate(self.modules)]
        best, pattern = 0, 0
        for candidate in range(8):
            flips = masked[candidate]
            rows = [fixed[r] | (data[r] ^ flips[r]) for r in range(size)]
            lost = _lost_point_of_rows(rows, size)
            if candidate == 0 or best > lost:
                best, pattern = lost, candidate
        return pattern


_generators: dict[int, list[int]] = {}
"""Reed-Solomon generator polynomials (as logarithms of their coefficients) per EC length."""


def _generator_logs(length: int) -> list[int]:
    found = _generators.get(length)
    if found is None:
        poly = qrencoder.QRUtil.getErrorCorrectPolynomial(length)
        found = _generators[length] = [qrencoder.QRMath.glog(c) for c in poly.num]
    return found


def _error_correction(data: Sequence[int], length: int) -> list[int]:
    """The remainder of data(x)·x^length by the generator: ReportLab's ``modPoly``, padded."""
    generator = _generator_logs(length)
    exp, log = qrencoder.EXP_TABLE, qrencoder.LOG_TABLE
    remainder = [0] * length
    for byte in data:
        factor = byte ^ remainder[0]
        remainder = [*remainder[1:], 0]
        if factor:
            shift = log[factor]
            for index in range(length):
                remainder[index] ^= exp[(generator[index + 1] + shift) % 255]
    return remainder


def _create_data(version: int, level: int, data_list: Sequence[Any]) -> list[int]:
    """ReportLab's ``QRCode.createData`` with the error correction computed by table."""
    blocks = qrencoder.QRRSBlock.getRSBlocks(version, level)
    buffer = qrencoder.QRBitBuffer()
    for data in data_list:
        data.write(buffer, version)
    capacity = sum(block.dataCount for block in blocks) * 8
    if buffer.getLengthInBits() > capacity:
        raise ValueError(f"code length overflow ({buffer.getLengthInBits()} > {capacity})")
    if buffer.getLengthInBits() + 4 <= capacity:
        buffer.put(0, 4)
    while buffer.getLengthInBits() % 8 != 0:
        buffer.putBit(False)
    pads = itertools.cycle((qrencoder.QRCode.PAD0, qrencoder.QRCode.PAD1))
    while buffer.getLengthInBits() < capacity:
        buffer.put(next(pads), 8)
    data_blocks, correction_blocks, offset = [], [], 0
    for block in blocks:
        chunk = buffer.buffer[offset : offset + block.dataCount]
        offset += block.dataCount
        data_blocks.append(chunk)
        correction_blocks.append(_error_correction(chunk, block.totalCount - block.dataCount))
    return [
        value
        for group in itertools.chain(
            itertools.zip_longest(*data_blocks), itertools.zip_longest(*correction_blocks)
        )
        for value in group
        if value is not None
    ]


class FastQrCode(QrCode):  # type: ignore[misc]
    """``reportlab.graphics.barcode.qr.QrCode`` with the faster mask choice."""

    def __init__(self, value: str, **kwargs: Any) -> None:
        super().__init__(value, **kwargs)
        stock = getattr(self, "qr")  # noqa: B009 - untyped attribute of ReportLab's class
        fast = _QRCode(stock.version, stock.errorCorrectLevel)
        for data in stock.dataList:
            fast.addData(data)
        fast.version = fast.calculate_version()
        fast.dataCache = _create_data(fast.version, fast.errorCorrectLevel, fast.dataList)
        self.qr = fast
