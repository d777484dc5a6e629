"""Reading a spreadsheet the way offices really fill them in, for any record type.

A roster arrives as .xlsx / .xls (read with python-calamine) or as .csv saved by Chinese
Excel (UTF-8 with or without BOM, or GBK). Above the header there may be a merged title and
filler lines; the header names may be our aliases; there may be extra columns, blank rows,
merged cells in the data, a total row and notes (填表人、注) at the bottom. The reader finds
the header row by the field declarations' header names and hands back each data row with the
row number Excel shows, as raw cell values keyed by field. Cleaning is the caller's job,
except what only the reader can know: a whole number that Excel stored as 1.0, and an ID
number Excel turned into a number (its last digits are gone).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.kit.errors import AppError, ValidationError
from app.domain.kit.fields import Field, Kind, header_index, normalize_header

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
CSV_SUFFIXES = (".csv", ".txt")
HEADER_SEARCH_ROWS = 30

LOST_DIGITS = "此身份证号被Excel存为数字，末几位已丢失，请将该列设为文本后重新填写"

# Columns found in many rosters that mean nothing to the record; never reported as extra.
IGNORED_HEADERS = frozenset(normalize_header(h) for h in ("序号", "编号", "No.", "NO", "#"))
# A row whose 序号 cell says this is the template's example, not a member.
EXAMPLE_MARK = "示例"

_TOTAL_WORDS = ("合计", "总计", "小计", "共计", "总数", "累计")
_NOTE_WORDS = ("注：", "注:", "备注：", "说明：", "说明:", "填表说明", "填表人", "制表人", "制表：",
               "审核人", "负责人：", "填报单位", "填表日期", "制表日期", "联系人：")
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
_BRACKET_TAIL = re.compile(r"\(.*\)$")


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number Excel shows (CSV: the line's record number)
    values: dict[str, Any]  # field key -> cell value; None for an empty cell
    problems: dict[str, str] = field(default_factory=dict)  # field key -> reason found reading it


@dataclass(frozen=True)
class SkippedRow:
    number: int
    reason: str


@dataclass(frozen=True)
class Sheet:
    source: str  # the file's name, for messages
    sheet_name: str
    header_row: int  # Excel row number of the header
    columns: dict[str, str]  # field key -> the header as written in the file
    ignored: tuple[str, ...]  # headers of the columns that were not imported
    rows: list[SheetRow]
    skipped: list[SkippedRow]

    def missing(self, fields: Iterable[Field]) -> list[Field]:
        """Required fields that have no column in the file."""
        return [f for f in fields if f.required and f.key not in self.columns]


# ---- reading files ----------------------------------------------------------------------------

def read_sheet(
    path: str | Path,
    fields: Sequence[Field],
    *,
    id_keys: Collection[str] = (),
    sheet_name: str | None = None,
) -> Sheet:
    """Reads the sheet in ``path`` against ``fields``.

    ``id_keys`` name the identity-number columns, checked for numbers Excel has mangled.
    Raises AppError when the file cannot be read or no header row is found.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if not p.exists():
        raise AppError(f"找不到文件“{p}”，请检查文件名和位置")
    if p.is_dir():
        raise AppError(f"“{p}”是文件夹，请选择一个Excel或CSV文件")
    if suffix in CSV_SUFFIXES:
        grids = [(p.stem, _read_csv(p), [])]
    elif suffix in EXCEL_SUFFIXES:
        grids = _read_excel(p, sheet_name)
    else:
        raise AppError(f"“{p.name}”不是Excel或CSV文件（支持 .xlsx、.xls、.csv）")
    return parse_grids(p.name, grids, fields, id_keys=id_keys)


def parse_grids(
    source: str,
    grids: Sequence[tuple[str, list[list[Any]], list[tuple[tuple[int, int], tuple[int, int]]]]],
    fields: Sequence[Field],
    *,
    id_keys: Collection[str] = (),
) -> Sheet:
    """Picks the sheet whose header matches best and turns it into rows (see ``read_sheet``).

    Each grid is (sheet name, rows of cells from A1, merged ranges as ((r0, c0), (r1, c1))).
    """
    index = header_index(fields)
    best: tuple[int, int, int] | None = None  # (matches, grid index, header row index)
    for gi, (_name, grid, _merged) in enumerate(grids):
        found = _find_header(grid, index)
        if found is not None and (best is None or found[1] > best[0]):
            best = (found[1], gi, found[0])
    if best is None:
        names = "、".join(f"“{f.label}”" for f in fields if f.required) or "、".join(
            f"“{f.label}”" for f in list(fields)[:3]
        )
        raise AppError(
            f"在“{source}”的前{HEADER_SEARCH_ROWS}行中找不到表头。"
            f"请确认表格有一行列名，如{names}"
        )
    _, gi, header_at = best
    name, grid, merged = grids[gi]
    grid = _fill_merged(grid, merged, header_at)
    sections = _section_rows(merged, header_at, len(grid[header_at]) if grid else 0)
    return _rows(source, name, grid, header_at, index, sections, set(id_keys))


def _read_excel(p: Path, sheet_name: str | None) -> list:
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(str(p))
    except pc.PasswordError as exc:
        raise AppError(f"“{p.name}”设有打开密码，请先在Excel中取消密码后再导入") from exc
    except PermissionError as exc:
        raise AppError(f"无法打开“{p.name}”：没有读取权限，或文件正被其他程序占用") from exc
    except Exception as exc:  # calamine raises its own errors for damaged or mislabelled files
        raise AppError(f"无法读取“{p.name}”：文件已损坏或不是Excel文件（{type(exc).__name__}）") from exc
    try:
        visible = [m.name for m in wb.sheets_metadata
                   if str(m.visible).endswith("Visible") and str(m.typ).endswith("WorkSheet")]
        names = [sheet_name] if sheet_name else (visible or list(wb.sheet_names))
        grids = []
        for name in names:
            try:
                sheet = wb.get_sheet_by_name(name)
            except Exception as exc:
                raise AppError(f"“{p.name}”中没有名为“{name}”的工作表") from exc
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(sheet.merged_cell_ranges or [])
            grids.append((name, rows, merged))
        return grids
    finally:
        wb.close()


def _read_csv(p: Path) -> list[list[Any]]:
    data = p.read_bytes()
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:  # gb18030 decodes nearly anything; this is for safety only
        raise AppError(f"无法识别“{p.name}”的文字编码，请在Excel中另存为“CSV UTF-8”后再导入")
    sample = text[:4096]
    delimiter = ","
    if sample.count("\t") > sample.count(","):
        delimiter = "\t"
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:  # the csv module's own words are English: said in Chinese here
        if "field larger than field limit" in str(exc):
            raise AppError(f"无法读取“{p.name}”：其中有一个单元格超出了允许的长度（{csv.field_size_limit()}个字符），"
                           "文件可能不是名册，或已损坏。请用 Excel 或 WPS 打开检查，另存为 .xlsx 后再导入") from exc
        raise AppError(f"无法读取“{p.name}”：CSV 格式有误（例如引号不成对）。请用 Excel 或 WPS 打开检查，"
                       "另存为 .xlsx 后再导入") from exc


# ---- finding the header -----------------------------------------------------------------------

def match_header(text: Any, index: dict[str, Field]) -> Field | None:
    """The field a header cell names, allowing a note in brackets: 身份证号（必填）."""
    if text is None or not isinstance(text, str):
        return None
    key = normalize_header(text)
    if not key:
        return None
    if key in index:
        return index[key]
    stripped = _BRACKET_TAIL.sub("", key)
    return index.get(stripped) if stripped and stripped != key else None


def _find_header(grid: list[list[Any]], index: dict[str, Field]) -> tuple[int, int] | None:
    """(row index, number of distinct fields matched) of the best header row, or None."""
    best: tuple[int, int] | None = None
    for r, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        keys = {f.key for f in (match_header(c, index) for c in row) if f is not None}
        if len(keys) >= 2 and (best is None or len(keys) > best[1]):
            best = (r, len(keys))
    return best


# ---- merged cells -----------------------------------------------------------------------------

def _fill_merged(grid: list[list[Any]], merged: list, header_at: int) -> list[list[Any]]:
    """Merged ranges in the header and data take their top-left value in every cell."""
    if not merged:
        return grid
    grid = [list(r) for r in grid]
    for (r0, c0), (r1, c1) in merged:
        if r1 < header_at or r0 >= len(grid):
            continue  # the title above the header
        if r0 > header_at and r0 == r1 and c1 - c0 >= 2:
            continue  # a section line across the table; skipped as a whole row
        value = grid[r0][c0] if c0 < len(grid[r0]) else None
        for r in range(max(r0, header_at), min(r1, len(grid) - 1) + 1):
            row = grid[r]
            if len(row) <= c1:
                row.extend([""] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                if r != r0 or c != c0:
                    row[c] = value
    return grid


def _section_rows(merged: list, header_at: int, width: int) -> set[int]:
    """Rows below the header that are one merged cell across three or more columns."""
    return {r0 for (r0, c0), (r1, c1) in merged if r0 > header_at and r0 == r1 and c1 - c0 >= 2}


# ---- rows -------------------------------------------------------------------------------------

def _rows(
    source: str, name: str, grid: list[list[Any]], header_at: int, index: dict[str, Field],
    sections: set[int], id_keys: set[str],
) -> Sheet:
    header = grid[header_at]
    columns: dict[str, str] = {}
    positions: list[tuple[int, Field]] = []
    ignored: list[str] = []
    order_col: int | None = None
    for c, cell in enumerate(header):
        f = match_header(cell, index)
        text = _text(cell)
        if f is None or f.key in columns:
            if normalize_header(text) in IGNORED_HEADERS:
                order_col = c if order_col is None else order_col
            elif text:
                ignored.append(text if f is None else f"{text}（与前面的列重复）")
            continue
        columns[f.key] = text
        positions.append((c, f))

    rows: list[SheetRow] = []
    skipped: list[SkippedRow] = []
    for r in range(header_at + 1, len(grid)):
        cells = grid[r]
        number = r + 1
        texts = [_text(c) for c in cells]
        if not any(texts):
            continue
        if r in sections:
            skipped.append(SkippedRow(number, "整行合并的分组标题，已跳过"))
            continue
        first = next(t for t in texts if t)
        compact = "".join(first.split())
        if compact.startswith(_TOTAL_WORDS):
            skipped.append(SkippedRow(number, f"合计行（“{first[:20]}”），已跳过"))
            continue
        if compact.startswith(_NOTE_WORDS):
            skipped.append(SkippedRow(number, f"表尾说明（“{first[:20]}”），已跳过"))
            continue
        if order_col is not None and order_col < len(texts) and texts[order_col].startswith(EXAMPLE_MARK):
            skipped.append(SkippedRow(number, "模板中的示例行，已跳过"))
            continue
        if normalize_header(first) and match_header(first, index) is not None and _is_header_again(
            cells, positions
        ):
            skipped.append(SkippedRow(number, "重复的表头行，已跳过"))
            continue
        values: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for c, f in positions:
            raw = cells[c] if c < len(cells) else None
            try:
                values[f.key] = cell_value(raw, f, is_id=f.key in id_keys)
            except ValidationError as exc:
                values[f.key] = None
                problems[f.key] = exc.message
        if not any(v is not None for v in values.values()) and not problems:
            skipped.append(SkippedRow(number, "没有要导入的内容（只填了未导入的列），已跳过"))
            continue
        rows.append(SheetRow(number, values, problems))
    return Sheet(source, name, header_at + 1, columns, tuple(ignored), rows, skipped)


def _is_header_again(cells: list[Any], positions: list[tuple[int, Field]]) -> bool:
    """A header row repeated further down (printed rosters repeat it on every page)."""
    hits = 0
    for c, f in positions:
        if c < len(cells) and _text(cells[c]) and normalize_header(_text(cells[c])) in {
            normalize_header(h) for h in f.headers
        }:
            hits += 1
    return hits >= 2


# ---- cells ------------------------------------------------------------------------------------

def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\u3000", " ").strip()
    return str(value)


def cell_value(raw: Any, f: Field, *, is_id: bool = False) -> Any:
    """The raw cell as the field's cleaner expects it; None for an empty cell.

    Whole numbers come back as int (calamine gives 1.0 for 1); in text columns they become
    digit strings. Dates stay dates for date columns and become 1985-03-12 text elsewhere.
    Raises ValidationError for an ID number that Excel stored as a number.
    """
    if raw is None:
        return None
    if isinstance(raw, str):
        text = raw.replace("\u3000", " ").strip()
        if not text:
            return None
        if is_id:
            _check_id_text(text, f)
        return text
    if isinstance(raw, bool):
        return raw if f.kind in (Kind.BOOL, Kind.TEXT, Kind.CHOICE) else str(raw)
    if isinstance(raw, int | float):
        if isinstance(raw, float) and raw != raw:  # NaN from a broken formula
            return None
        if is_id:
            return _id_from_number(raw, f)
        whole = isinstance(raw, int) or (abs(raw) < 1e15 and raw == int(raw))
        number: int | float = int(raw) if whole else raw
        if f.kind in (Kind.DATE, Kind.MONTH, Kind.INT, Kind.BOOL):
            return number
        return str(number) if whole else repr(raw)
    if isinstance(raw, dt.datetime | dt.date):
        if f.kind in (Kind.DATE, Kind.MONTH):
            return raw
        day = raw.date() if isinstance(raw, dt.datetime) else raw
        return day.isoformat()
    if isinstance(raw, dt.time | dt.timedelta):
        return str(raw)
    return str(raw).strip() or None


def _id_from_number(number: int | float, f: Field) -> str:
    """An ID number in a number cell: Excel keeps 15 significant digits, so 18 digits are lost."""
    if isinstance(number, float) and not math.isfinite(number):
        raise ValidationError(f"{f.label}：“{number}”不是证件号码", field=f.label)
    if isinstance(number, float) and (number != int(number) or abs(number) >= 1e15):
        raise ValidationError(LOST_DIGITS, field=f.label)
    value = int(number)
    if len(str(abs(value))) > 15:
        raise ValidationError(LOST_DIGITS, field=f.label)
    return str(value)


def _check_id_text(text: str, f: Field) -> None:
    """Text showing the number as Excel displayed it: 1.10105E+17, or 18 digits ending 000."""
    compact = "".join(text.split())
    if _SCIENTIFIC.match(compact):
        raise ValidationError(LOST_DIGITS, field=f.label)
    if len(compact) == 18 and compact.isdigit() and compact.endswith("000"):
        from app.domain.kit.idcard import check_char

        if check_char(compact[:17]) != compact[17]:
            raise ValidationError(LOST_DIGITS, field=f.label)
