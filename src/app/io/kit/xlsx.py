"""Reading .xlsx / .xlsm workbooks row by row, within the limits of app.io.kit.limits.

The sheet's XML is parsed as a stream: each row is turned into a list of cell values and its
elements are dropped at once, so memory follows the cells that hold something, never the
range the file claims (a ``<dimension ref="A1:XFD1048576"/>`` and one far cell cost nothing).
A cell past the limits refuses the sheet before anything is allocated for it.

Values: shared and inline strings (without the phonetic guides Chinese and Japanese files
carry), numbers (whole ones as int), booleans, dates (by the cell's number format, 1900 or
1904 date system), Excel errors as CellError, and formulas saved without a result as NoResult.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError
from xml.parsers import expat

from app.domain.kit.errors import AppError
from app.io.kit import limits
from app.io.kit.xlsx_stream import Merged, SharedStrings, SheetHandler, stream

__all__ = ["Merged", "SheetInfo", "XlsxBook", "is_date_format"]

_DATE_IDS = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59), *range(71, 82)})
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_SHEET_REL = "/worksheet"


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def is_date_format(code: str) -> bool:
    text = _FORMAT_NOISE.sub("", code).lower()
    if "general" in text:
        return False
    return any(ch in text for ch in "ymdhse") or "[$-f800]" in code.lower()


@dataclass(frozen=True)
class SheetInfo:
    name: str
    part: str  # path inside the zip


class XlsxBook:
    """An open .xlsx: its visible worksheets, read on demand with ``rows`` and ``merged``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.source = path.name
        try:
            self.zip = zipfile.ZipFile(path)
            self.shared: list[str] | None = None
            self._read_workbook()
            self._read_styles()
        except AppError:
            self.close()
            raise
        except (zipfile.BadZipFile, KeyError, ParseError, expat.ExpatError, ValueError, OSError, EOFError,
                NotImplementedError, RuntimeError) as exc:
            self.close()
            raise limits.damaged(self.source, type(exc).__name__) from exc

    def close(self) -> None:
        zf = getattr(self, "zip", None)
        if zf is not None:
            zf.close()

    def __enter__(self) -> XlsxBook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- the workbook's parts ----------------------------------------------------------------
    def _open(self, part: str, cap: int | None = None) -> IO[bytes]:
        info = self.zip.getinfo(part)
        cap = limits.MAX_PART_BYTES if cap is None else cap
        if info.file_size > cap:
            raise limits.SheetTooLarge(
                f"“{self.source}”中的“{posixpath.basename(part)}”解压后超过{cap // (1024 * 1024)} MB，"
                "不像一份名册，程序不读取。请只保留名册所在的工作表后重新导入")
        return self.zip.open(info)

    def _small(self, part: str) -> Element:
        from xml.etree.ElementTree import parse

        with self._open(part, 50 * 1024 * 1024) as fh:
            return parse(fh).getroot()

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, target path) for ``part``."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        if rels not in self.zip.NameToInfo:
            return {}
        out = {}
        for rel in self._small(rels):
            target = rel.get("Target", "")
            full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out[rel.get("Id", "")] = (rel.get("Type", ""), full)
        return out

    def _read_workbook(self) -> None:
        root_rels = self._rels("")  # _rels/.rels
        part = next((t for kind, t in root_rels.values() if kind.endswith("/officeDocument")), "xl/workbook.xml")
        if part not in self.zip.NameToInfo:
            raise limits.damaged(self.source, "缺少工作簿")
        root = self._small(part)
        rels = self._rels(part)
        self.date1904 = False
        self.sheets: list[SheetInfo] = []
        self.all_sheets: list[SheetInfo] = []
        self.hidden: list[str] = []
        self.shared_part = next((t for kind, t in rels.values() if kind.endswith("/sharedStrings")), "")
        self.styles_part = next((t for kind, t in rels.values() if kind.endswith("/styles")), "")
        for el in root.iter():
            tag = _local(el.tag)
            if tag == "workbookPr":
                self.date1904 = el.get("date1904", "").lower() in ("1", "true")
            elif tag == "sheet":
                rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), "")
                kind, target = rels.get(rid, ("", ""))
                if not kind.endswith(_SHEET_REL) or target not in self.zip.NameToInfo:
                    continue
                info = SheetInfo(el.get("name", ""), target)
                if el.get("state", "visible") == "visible":
                    self.sheets.append(info)
                else:
                    self.hidden.append(info.name)
                self.all_sheets.append(info)

    def _read_styles(self) -> None:
        """Which cell styles (index in cellXfs) show their number as a date."""
        self.date_styles: frozenset[int] = frozenset()
        if not self.styles_part or self.styles_part not in self.zip.NameToInfo:
            return
        root = self._small(self.styles_part)
        custom: dict[int, str] = {}
        dates: set[int] = set()
        for el in root:
            tag = _local(el.tag)
            if tag == "numFmts":
                for fmt in el:
                    try:
                        custom[int(fmt.get("numFmtId", "-1"))] = fmt.get("formatCode", "")
                    except ValueError:
                        continue
            elif tag == "cellXfs":
                for i, xf in enumerate(el):
                    try:
                        fmt_id = int(xf.get("numFmtId", "0"))
                    except ValueError:
                        continue
                    code = custom.get(fmt_id)
                    if (code is not None and is_date_format(code)) or (code is None and fmt_id in _DATE_IDS):
                        dates.add(i)
        self.date_styles = frozenset(dates)

    def _shared_strings(self) -> list[str]:
        if self.shared is None:
            self.shared = []
            if self.shared_part and self.shared_part in self.zip.NameToInfo:
                with self._open(self.shared_part) as fh:
                    for _ in stream(fh, SharedStrings(self.shared, self.source)):
                        pass
        return self.shared

    # ---- one sheet ---------------------------------------------------------------------------
    def info(self, name: str) -> SheetInfo:
        for s in self.all_sheets:
            if s.name == name:
                return s
        raise AppError(f"“{self.source}”中没有名为“{name}”的工作表")

    def rows(self, sheet: SheetInfo, merged_out: list[Merged] | None = None) -> Iterator[tuple[int, list[Any]]]:
        """(row index from 0, cells from column A) for every row that holds a value, in order.

        ``merged_out`` receives the sheet's merged ranges (they follow the rows in the file).
        Raises SheetTooLarge at the first cell past the limits; AppError for a damaged file.
        """
        try:
            yield from self._rows(sheet, merged_out)
        except (zipfile.BadZipFile, expat.ExpatError, KeyError, OSError, EOFError, ValueError) as exc:
            raise limits.damaged(self.source, type(exc).__name__) from exc

    def _rows(self, sheet: SheetInfo, merged_out: list[Merged] | None) -> Iterator[tuple[int, list[Any]]]:
        handler = SheetHandler(self.source, sheet.name, self._shared_strings(), self.date_styles, self.date1904,
                               merged_out)
        with self._open(sheet.part) as fh:
            yield from stream(fh, handler)
