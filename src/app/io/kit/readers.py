"""Opening the files offices hand over — .xlsx/.xlsm, .xls, .csv/.txt — as sheets of rows.

Every reader is bounded by app.io.kit.limits: .xlsx is streamed (app.io.kit.xlsx), .xls is
read sparsely (xlrd, rows only as long as their last cell), CSV is decoded as UTF-8 (with or
without BOM), UTF-16 (Excel's "Unicode text") or GB18030 (which covers GBK and GB2312) and read
line by line. A reader first hands over the top rows of each sheet, so that the roster's sheet
can be found without reading the others.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.kit.errors import AppError
from app.io.kit import limits
from app.io.kit.cells import CellError
from app.io.kit.formulas import is_error_text
from app.io.kit.xlsx import Merged, XlsxBook

XLSX_SUFFIXES = (".xlsx", ".xlsm")
XLS_SUFFIXES = (".xls",)
EXCEL_SUFFIXES = (*XLSX_SUFFIXES, *XLS_SUFFIXES)
CSV_SUFFIXES = (".csv", ".txt")
OTHER_SHEETS = (".xlsb", ".ods", ".et", ".numbers")
_CFB = bytes.fromhex("D0CF11E0A1B11AE1")  # the start of an .xls (and of an encrypted .xlsx)


@dataclass
class Grid:
    name: str
    rows: list[list[Any]]  # from row 1; [] for an empty row
    merged: list[Merged] = field(default_factory=list)


class Book:
    """The sheets of one file; ``head`` reads a sheet's top rows, ``grid`` the whole sheet."""

    names: list[str]

    def head(self, name: str, count: int) -> list[list[Any]]:
        raise NotImplementedError

    def grid(self, name: str) -> Grid:
        raise NotImplementedError

    def close(self) -> None:
        pass


def open_book(path: Path, sheet_name: str | None = None) -> Book:
    """Raises AppError for a missing, unreadable, encrypted or unsupported file."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise AppError(f"找不到文件“{path}”，请检查文件名和位置")
    if path.is_dir():
        raise AppError(f"“{path}”是文件夹，请选择一个Excel或CSV文件")
    if suffix in OTHER_SHEETS:
        raise AppError(f"“{path.name}”的格式（{suffix}）不能直接导入。请在WPS或Excel中“另存为”Excel工作簿（.xlsx）后再导入")
    if suffix in CSV_SUFFIXES:
        return _CsvBook(path)
    if suffix not in EXCEL_SUFFIXES:
        raise AppError(f"“{path.name}”不是Excel或CSV文件（支持 .xlsx、.xls、.csv）")
    try:
        with open(path, "rb") as fh:
            start = fh.read(8)
    except OSError as exc:
        raise AppError(f"无法打开“{path.name}”：没有读取权限，或文件正被其他程序占用") from exc
    if start == _CFB:
        if suffix in XLSX_SUFFIXES and _encrypted(path):
            raise AppError(f"“{path.name}”设有打开密码，请先在Excel中取消密码后再导入")
        book: Book = _XlsBook(path)
    else:
        book = _XlsxBook(path)
    if sheet_name is not None and sheet_name not in book.names:
        book.close()
        raise AppError(f"“{path.name}”中没有名为“{sheet_name}”的工作表")
    if sheet_name is not None:
        book.names = [sheet_name]
    return book


def _encrypted(path: Path) -> bool:
    """An encrypted .xlsx is a compound document holding an "EncryptionInfo" stream."""
    with open(path, "rb") as fh:
        head = fh.read(64 * 1024)
    return "EncryptionInfo".encode("utf-16-le") in head


# ---- .xlsx ------------------------------------------------------------------------------------

class _XlsxBook(Book):
    def __init__(self, path: Path) -> None:
        self.book = XlsxBook(path)
        self.names = [s.name for s in self.book.sheets] or [s.name for s in self.book.all_sheets]

    def head(self, name: str, count: int) -> list[list[Any]]:
        rows: list[list[Any]] = []
        for r, cells in self.book.rows(self.book.info(name)):
            if r >= count:
                break
            rows.extend([] for _ in range(r - len(rows)))
            rows.append(cells)
        return rows

    def grid(self, name: str) -> Grid:
        merged: list[Merged] = []
        rows: list[list[Any]] = []
        for r, cells in self.book.rows(self.book.info(name), merged):
            rows.extend([] for _ in range(r - len(rows)))
            rows.append(cells)
        return Grid(name, rows, merged)

    def close(self) -> None:
        self.book.close()


# ---- .xls -------------------------------------------------------------------------------------

class _XlsBook(Book):
    """Excel 97-2003. The format itself stops at 65,536 rows × 256 columns; rows are kept only as
    long as their last cell."""

    def __init__(self, path: Path) -> None:
        import xlrd

        self.source = path.name
        try:
            self.book = xlrd.open_workbook(str(path), on_demand=True, ragged_rows=True, formatting_info=True)
        except xlrd.XLRDError as exc:
            if "encrypted" in str(exc).lower():
                raise AppError(f"“{path.name}”设有打开密码，请先在Excel中取消密码后再导入") from exc
            raise limits.damaged(path.name, "xls") from exc
        except Exception as exc:  # xlrd raises plain errors for damaged files
            raise limits.damaged(path.name, type(exc).__name__) from exc
        names = self.book.sheet_names()
        shown = getattr(self.book, "_sheet_visibility", [0] * len(names))  # from the sheet list
        self.names = [n for n, v in zip(names, shown, strict=False) if v == 0] or names
        self._loaded: dict[str, Any] = {}

    def _sheet(self, name: str) -> Any:
        if name not in self._loaded:
            try:
                self._loaded[name] = self.book.sheet_by_name(name)
            except Exception as exc:
                raise limits.damaged(self.source, type(exc).__name__) from exc
        return self._loaded[name]

    def _rows(self, name: str, count: int | None = None) -> Iterator[list[Any]]:
        import xlrd

        sheet = self._sheet(name)
        total = sheet.nrows if count is None else min(count, sheet.nrows)
        cells_seen = 0
        for r in range(total):
            out = []
            for c, cell in enumerate(sheet.row(r)):
                value = _xls_value(cell, self.book.datemode, xlrd)
                if value is not None and (r >= limits.MAX_ROWS or c >= limits.MAX_COLUMNS):
                    maker = limits.too_many_rows if r >= limits.MAX_ROWS else limits.too_many_columns
                    raise maker(self.source, name, r + 1, c + 1)
                out.append(value)
            while out and out[-1] is None:
                out.pop()
            cells_seen += len(out)
            if cells_seen > limits.MAX_CELLS:
                raise limits.too_many_cells(self.source, name)
            yield out

    def head(self, name: str, count: int) -> list[list[Any]]:
        return list(self._rows(name, count))

    def grid(self, name: str) -> Grid:
        rows = list(self._rows(name))
        merged = [((r0, c0), (r1 - 1, c1 - 1)) for r0, r1, c0, c1 in self._sheet(name).merged_cells]
        return Grid(name, rows, merged)

    def close(self) -> None:
        self.book.release_resources()


def _xls_value(cell: Any, datemode: int, xlrd: Any) -> Any:
    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_TEXT:
        return cell.value
    if kind == xlrd.XL_CELL_NUMBER:
        value = cell.value
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    if kind == xlrd.XL_CELL_DATE:
        try:
            when = xlrd.xldate_as_datetime(cell.value, datemode)
        except Exception:
            return cell.value
        return when.date() if when.time() == dt.time(0) else when
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if kind == xlrd.XL_CELL_ERROR:
        return CellError(xlrd.error_text_from_code.get(cell.value, "#N/A"))
    return cell.value


# ---- .csv -------------------------------------------------------------------------------------

class _CsvBook(Book):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.names = [path.stem]
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise AppError(f"无法打开“{path.name}”：没有读取权限，或文件正被其他程序占用") from exc
        if size > limits.MAX_CSV_BYTES:
            raise limits.SheetTooLarge(f"“{path.name}”超过{limits.MAX_CSV_BYTES // (1024 * 1024)} MB，"
                                       "不像一份名册，程序不读取。请只保留名册的内容后重新导入")
        self.encoding = csv_encoding(path)

    def _rows(self, count: int | None = None) -> Iterator[list[Any]]:
        source = self.path.name
        with open(self.path, encoding=self.encoding, newline="", errors="strict") as fh:
            sample = fh.read(4096)
            fh.seek(0)
            delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
            reader = csv.reader(fh, delimiter=delimiter)
            cells_seen = 0
            try:
                for r, row in enumerate(reader):
                    if count is not None and r >= count:
                        return
                    while row and not row[-1].strip():
                        row.pop()
                    if row and (r >= limits.MAX_ROWS or len(row) > limits.MAX_COLUMNS):
                        maker = limits.too_many_rows if r >= limits.MAX_ROWS else limits.too_many_columns
                        raise maker(source, self.names[0], r + 1, min(len(row), limits.EXCEL_COLUMNS))
                    cells_seen += len(row)
                    if cells_seen > limits.MAX_CELLS:
                        raise limits.too_many_cells(source, self.names[0])
                    # Excel saves an error cell as its text: #N/A
                    yield [CellError(v.strip().upper()) if v.startswith("#") and is_error_text(v) else v for v in row]
            except csv.Error as exc:
                raise AppError(_csv_problem(source, reader.line_num, exc)) from exc
            except UnicodeDecodeError as exc:
                raise AppError(f"无法识别“{source}”的文字编码，请在Excel中另存为“CSV UTF-8”后再导入") from exc

    def head(self, name: str, count: int) -> list[list[Any]]:
        return list(self._rows(count))

    def grid(self, name: str) -> Grid:
        return Grid(name, list(self._rows()))


def _csv_problem(source: str, line: int, exc: csv.Error) -> str:
    text = str(exc)
    if "field larger" in text:
        return (f"“{source}”第{line}行有一个单元格超过{csv.field_size_limit():,}个字，不像名册内容。"
                "请检查文件是否选错，或在Excel中打开后另存为 .xlsx 再导入")
    return f"“{source}”第{line}行的引号或分隔符不完整，无法读取。请在Excel中打开后另存为 .xlsx 再导入"


def csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, or else GB18030 — decided by reading the
    whole file as UTF-8 in pieces (a GBK file rarely survives that), without holding it."""
    with open(path, "rb") as fh:
        start = fh.read(4)
        if start.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "gb18030"
    return "utf-8"
