"""Writes small Excel 97-2003 (.xls) workbooks for the import tests.

No package writes .xls any more, and offices still hand them over, so the tests build them
byte by byte: a BIFF8 workbook stream (strings in the shared string table, numbers, dates,
booleans, error cells, merged ranges) inside a compound document with one "Workbook" stream.
"""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ERROR_CODES = {"#NULL!": 0x00, "#DIV/0!": 0x07, "#VALUE!": 0x17, "#REF!": 0x24, "#NAME?": 0x1D,
               "#NUM!": 0x24 + 0x12, "#N/A": 0x2A}
XF_GENERAL, XF_DATE = 1, 2


class XlsError:
    """An error cell (#N/A …) to put in a grid."""

    def __init__(self, text: str) -> None:
        self.code = ERROR_CODES[text]


def _rec(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(kind: int) -> bytes:
    return _rec(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))


def _short_text(text: str) -> bytes:
    return struct.pack("<BB", len(text), 1) + text.encode("utf-16-le")


def _globals(names: Sequence[str], hidden: Sequence[bool], strings: list[str], offsets: Sequence[int]) -> bytes:
    out = [_bof(0x0005), _rec(0x0042, struct.pack("<H", 1200)), _rec(0x0022, struct.pack("<H", 0))]
    out.append(_rec(0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0x86, 0) + _short_text("宋体")))
    style = struct.pack("<HHH", 0, 0, 0xFFF5) + bytes(14)
    out += [_rec(0x00E0, style)]
    out += [_rec(0x00E0, struct.pack("<HHH", 0, fmt, 0x0001) + bytes(14)) for fmt in (0, 14)]
    for name, off, hide in zip(names, offsets, hidden, strict=True):
        out.append(_rec(0x0085, struct.pack("<IBB", off, 1 if hide else 0, 0) + _short_text(name)))
    sst = struct.pack("<II", len(strings), len(strings))
    for s in strings:
        sst += struct.pack("<HB", len(s), 1) + s.encode("utf-16-le")
    out += [_rec(0x00FC, sst), _rec(0x000A, b"")]
    return b"".join(out)


def _cell(r: int, c: int, value: Any, sst: dict[str, int]) -> bytes:
    if isinstance(value, XlsError):
        return _rec(0x0205, struct.pack("<HHHBB", r, c, XF_GENERAL, value.code, 1))
    if isinstance(value, bool):
        return _rec(0x0205, struct.pack("<HHHBB", r, c, XF_GENERAL, int(value), 0))
    if isinstance(value, dt.date):
        serial = (value - dt.date(1899, 12, 30)).days
        return _rec(0x0203, struct.pack("<HHHd", r, c, XF_DATE, float(serial)))
    if isinstance(value, int | float):
        return _rec(0x0203, struct.pack("<HHHd", r, c, XF_GENERAL, float(value)))
    index = sst.setdefault(str(value), len(sst))
    return _rec(0x00FD, struct.pack("<HHHI", r, c, XF_GENERAL, index))


def _sheet(rows: Sequence[Sequence[Any]], merges: Sequence[tuple[int, int, int, int]],
           cells: Sequence[tuple[int, int, Any]], sst: dict[str, int]) -> bytes:
    body = []
    all_cells = [(r, c, v) for r, row in enumerate(rows) for c, v in enumerate(row) if v is not None]
    all_cells += list(cells)
    nrows = max((r for r, _, _ in all_cells), default=-1) + 1
    ncols = max((c for _, c, _ in all_cells), default=-1) + 1
    body.append(_rec(0x0200, struct.pack("<IIHHH", 0, nrows, 0, ncols, 0)))
    body += [_cell(r, c, v, sst) for r, c, v in sorted(all_cells)]
    if merges:
        body.append(_rec(0x00E5, struct.pack("<H", len(merges)) + b"".join(
            struct.pack("<HHHH", r0, r1, c0, c1) for r0, r1, c0, c1 in merges)))
    return _bof(0x0010) + b"".join(body) + _rec(0x000A, b"")


def workbook_stream(sheets: Sequence[tuple[str, Sequence[Sequence[Any]]]], *,
                    merges: Sequence[tuple[int, int, int, int]] = (),
                    cells: Sequence[tuple[int, int, Any]] = (), hidden: Sequence[str] = ()) -> bytes:
    sst: dict[str, int] = {}
    bodies = [_sheet(rows, merges if i == 0 else (), cells if i == 0 else (), sst)
              for i, (_name, rows) in enumerate(sheets)]
    names = [n for n, _ in sheets]
    flags = [n in hidden for n in names]
    strings = list(sst)
    head = len(_globals(names, flags, strings, [0] * len(names)))
    offsets, at = [], head
    for b in bodies:
        offsets.append(at)
        at += len(b)
    stream = _globals(names, flags, strings, offsets) + b"".join(bodies)
    return stream + bytes(max(0, 4096 - len(stream)))  # below 4096 bytes it would need a mini stream


def compound_file(stream: bytes, name: str = "Workbook") -> bytes:
    """An OLE2 compound document holding one stream (sector size 512, no mini stream)."""
    n = -(-len(stream) // 512)
    k = 1
    while 128 * k < k + 1 + n:
        k += 1
    end, free, fat_sect = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    fat = [fat_sect] * k + [end] + [k + 2 + i for i in range(n - 1)] + [end]
    fat += [free] * (128 * k - len(fat))
    difat = list(range(k)) + [free] * (109 - k)
    header = (bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16)
              + struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, k, k, 0, 4096, end, 0, end, 0)
              + struct.pack("<109I", *difat))

    def entry(label: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = label.encode("utf-16-le") + b"\0\0" if label else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, free, free, child)
                + bytes(16) + struct.pack("<IQQIII", 0, 0, 0, start, size, 0))

    directory = entry("Root Entry", 5, 1, end, 0) + entry(name, 2, free, k + 1, len(stream))
    directory += (bytes(64) + struct.pack("<HBBIII", 0, 0, 0, free, free, free) + bytes(48)) * 2
    body = struct.pack(f"<{len(fat)}I", *fat) + directory + stream.ljust(n * 512, b"\0")
    return header + body


def write_xls(path: Path, rows: Sequence[Sequence[Any]], *, sheet: str = "花名册",
              merges: Sequence[tuple[int, int, int, int]] = (), cells: Sequence[tuple[int, int, Any]] = (),
              extra_sheets: Sequence[tuple[str, Sequence[Sequence[Any]]]] = (), hidden: Sequence[str] = ()) -> Path:
    """Rows from A1 (None: empty); ``merges`` as (first row, last row, first col, last col) from 0;
    ``cells`` adds single cells (row, col, value) anywhere, e.g. far outside the table."""
    data = workbook_stream([(sheet, rows), *extra_sheets], merges=merges, cells=cells, hidden=hidden)
    path.write_bytes(compound_file(data))
    return path
