"""The streaming half of the .xlsx reader: expat handlers that turn a worksheet's XML into rows.

No element tree is built: each cell's value is worked out when its element ends and each row is
handed over when it ends, so memory follows the cells that hold something. The handlers raise
app.io.kit.limits' errors at the first cell past the limits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import IO, Any
from xml.parsers import expat

from app.io.kit import limits
from app.io.kit.cells import CellError, NoResult

Merged = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first col), (last row, last col)), from 0

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def _ref(text: str) -> tuple[int, int] | None:
    """"B12" -> (12, 2); None when it is not a cell reference."""
    m = _REF.match(text)
    if m is None:
        return None
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def stream(fh: IO[bytes], handler: Any) -> Iterator[Any]:
    """Feeds the part to expat in chunks; yields what the handler has finished after each."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.StartDoctypeDeclHandler = _no_doctype
    handler.parser = parser
    while True:
        chunk = fh.read(1 << 20)
        parser.Parse(chunk, not chunk)
        if handler.done:
            yield from handler.done
            handler.done.clear()
        if not chunk:
            return


def _no_doctype(*_args: Any) -> None:
    raise ValueError("DOCTYPE")


class _Names(dict[str, str]):
    """Tag -> local name (prefixes such as x:row are dropped), learnt as tags appear."""

    def __missing__(self, tag: str) -> str:
        local = tag.rpartition(":")[2]
        self[tag] = local
        return local


class _Handler:
    """Collects an element's text only while ``collect`` has turned it on."""

    parser: Any
    done: list[Any]

    def __init__(self) -> None:
        self.names = _Names()
        self.parts: list[str] = []

    def collect(self) -> None:
        self.parts = []
        self.parser.CharacterDataHandler = self.parts.append

    def collected(self) -> str:
        self.parser.CharacterDataHandler = None
        return "".join(self.parts)


class SharedStrings(_Handler):
    """Collects <si> texts (without <rPh> phonetic guides) into ``out``."""

    def __init__(self, out: list[str], source: str) -> None:
        super().__init__()
        self.out = out
        self.source = source
        self.done: list[Any] = []
        self.item: list[str] = []
        self.phonetic = 0
        self.total = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = self.names[tag]
        if name == "t":
            if not self.phonetic:
                self.collect()
        elif name == "si":
            self.item = []
        elif name == "rPh":
            self.phonetic += 1

    def end(self, tag: str) -> None:
        name = self.names[tag]
        if name == "t":
            if not self.phonetic:
                self.item.append(self.collected())
        elif name == "si":
            text = "".join(self.item)
            self.total += len(text)
            if self.total > limits.MAX_SHARED_CHARS:
                raise limits.too_many_cells(self.source, "共享文字表")
            self.out.append(text)
        elif name == "rPh":
            self.phonetic -= 1


class _Columns(dict[str, int]):
    """Column letters -> number (A -> 1), learnt as they appear; 0 for what is not a column."""

    def __missing__(self, letters: str) -> int:
        col = 0
        if 0 < len(letters) <= 3 and letters.isascii() and letters.isalpha():
            for ch in letters.upper():
                col = col * 26 + ord(ch) - 64
        self[letters] = col
        return col


class SheetHandler(_Handler):
    """Turns a worksheet's XML events into (row index, cells) and merged ranges."""

    def __init__(self, source: str, sheet: str, shared: list[str], dates: frozenset[int], date1904: bool,
                 merged_out: list[Merged] | None) -> None:
        super().__init__()
        self.source = source
        self.sheet = sheet
        self.shared = shared
        self.merged_out = merged_out
        self.dates = dates
        self.base = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
        self.columns = _Columns()
        self.done: list[tuple[int, list[Any]]] = []
        self.row_no = 0
        self.col = 0
        self.found: list[tuple[int, Any]] = []
        self.cells_seen = 0
        self.cell: dict[str, str] | None = None  # attributes of the open <c>
        self.value: str | None = None
        self.formula: str | None = None
        self.inline: list[str] | None = None
        self.phonetic = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = self.names[tag]
        if name == "c":
            self.cell = attrs
            self.value = self.formula = self.inline = None
        elif name == "v" or name == "f":
            self.collect()
        elif name == "row":
            given = attrs.get("r")
            self.row_no = int(given) if given and given.isdigit() else self.row_no + 1
            if not 0 < self.row_no <= limits.EXCEL_ROWS:
                raise limits.damaged(self.source, f"第{self.row_no}行超出Excel的范围")
            self.col = 0
        elif name == "t":
            if self.inline is not None and not self.phonetic:
                self.collect()
        elif name == "is":
            self.inline = []
        elif name == "rPh":
            self.phonetic += 1
        elif name == "mergeCell" and self.merged_out is not None:
            span = _range(attrs.get("ref", ""))
            if span is not None:
                self.merged_out.append(span)

    def end(self, tag: str) -> None:
        name = self.names[tag]
        if name == "v":
            self.value = self.collected()
        elif name == "c":
            if self.cell is not None:
                self._end_cell(self.cell)
            self.cell = None
        elif name == "row":
            if self.found:
                self._end_row()
        elif name == "f":
            self.formula = self.collected()
        elif name == "t":
            if self.inline is not None and not self.phonetic:
                self.inline.append(self.collected())
        elif name == "rPh":
            self.phonetic -= 1

    def _end_cell(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        col = self.columns[ref.rstrip("0123456789")] if ref else 0
        self.col = col or self.col + 1
        value = _value(attrs.get("t", "n"), self.value, self.formula, self.inline, attrs.get("s"),
                       self.shared, self.dates, self.base)
        if value is None:
            return
        if self.col > limits.MAX_COLUMNS:
            if self.col > limits.EXCEL_COLUMNS:
                raise limits.damaged(self.source, f"第{self.col}列超出Excel的范围")
            raise limits.too_many_columns(self.source, self.sheet, self.row_no, self.col)
        if self.row_no > limits.MAX_ROWS:
            raise limits.too_many_rows(self.source, self.sheet, self.row_no, self.col)
        self.found.append((self.col, value))

    def _end_row(self) -> None:
        found, self.found = self.found, []
        self.cells_seen += len(found)
        if self.cells_seen > limits.MAX_CELLS:
            raise limits.too_many_cells(self.source, self.sheet)
        out: list[Any] = [None] * max(c for c, _ in found)
        for c, v in found:
            out[c - 1] = v
        self.done.append((self.row_no - 1, out))


def _range(ref: str) -> Merged | None:
    first, _, last = ref.partition(":")
    a, b = _ref(first), _ref(last or first)
    if a is None or b is None:
        return None
    return (a[0] - 1, a[1] - 1), (b[0] - 1, b[1] - 1)


def _value(kind: str, raw: str | None, formula: str | None, inline: list[str] | None, style: str | None,
           shared: list[str], dates: frozenset[int], base: dt.datetime) -> Any:
    if kind == "inlineStr":
        return "".join(inline) if inline is not None else raw
    if raw is None or raw == "":
        return NoResult(formula) if formula is not None else None
    if kind == "s":
        try:
            return shared[int(raw)]
        except (ValueError, IndexError):
            return None
    if kind == "str":
        return raw
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind == "e":
        return CellError(raw.strip())
    if kind == "d":
        try:
            return dt.datetime.fromisoformat(raw.strip().rstrip("Z"))
        except ValueError:
            return raw
    return _number(raw, style, dates, base)


def _number(raw: str, style: str | None, dates: frozenset[int], base: dt.datetime) -> Any:
    text = raw.strip()
    try:
        number: int | float = int(text) if text.lstrip("-").isdigit() else float(text)
    except ValueError:
        return text
    if style is not None and dates and style.isdigit() and int(style) in dates:
        return _date(number, base)
    return number


def _date(serial: int | float, base: dt.datetime) -> Any:
    """An Excel serial as a date (whole days), datetime, or time (under one day)."""
    if not 0 <= serial < 2_958_466:  # up to 9999-12-31
        return serial
    if base.year == 1899 and serial < 61:  # Excel counts a 29 February 1900 that never was
        if int(serial) == 60:
            return dt.date(1900, 2, 28)
        if serial >= 1:
            base = dt.datetime(1899, 12, 31)
    when = base + dt.timedelta(days=float(serial))
    when = (when + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
    if serial < 1:
        return when.time()
    return when.date() if when.time() == dt.time(0) else when
