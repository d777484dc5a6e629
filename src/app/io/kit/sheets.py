"""Finding the roster in a spreadsheet the way offices really fill them in, for any record type.

A roster arrives as .xlsx / .xls or as .csv saved by Chinese Excel (app.io.kit.readers reads
them, within app.io.kit.limits). Above the header there may be a merged title and filler lines;
the header names may be our aliases; there may be extra columns, blank rows, merged cells in the
data, a total row and notes (填表人、注) at the bottom. The reader finds the header row by the
field declarations' header names and hands back each data row with the row number Excel shows,
as raw cell values keyed by field. Cleaning is the caller's job, except what only the reader can
know (app.io.kit.cells): a whole number stored as 1.0, an ID number Excel turned into a number,
an Excel error value, a formula saved without its result.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.kit.errors import AppError, ValidationError
from app.domain.kit.fields import Field, header_index, normalize_header
from app.io.kit import limits
from app.io.kit.cells import LOST_DIGITS, cell_value, text_of
from app.io.kit.columns import DUPLICATE, SAMPLE_ROWS, ColumnPlan, plan_columns
from app.io.kit.readers import CSV_SUFFIXES, EXCEL_SUFFIXES, Grid, open_book

HEADER_SEARCH_ROWS = 30

# Columns found in many rosters that mean nothing to the record; never reported as extra.
IGNORED_HEADERS = frozenset(normalize_header(h) for h in ("序号", "编号", "No.", "NO", "#"))
# A row whose 序号 cell says this is the template's example, not a member.
EXAMPLE_MARK = "示例"

_TOTAL_WORDS = ("合计", "总计", "小计", "共计", "总数", "累计")
_NOTE_WORDS = ("注：", "注:", "备注：", "说明：", "说明:", "填表说明", "填表人", "制表人", "制表：",
               "审核人", "负责人：", "填报单位", "填表日期", "制表日期", "联系人：")
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
    columns: dict[str, str]  # field key -> the header as written in the file (or 第C列)
    ignored: tuple[str, ...]  # headers of the columns that were not imported
    rows: list[SheetRow]
    skipped: list[SkippedRow]
    plan: tuple[ColumnPlan, ...] = ()  # how each column was understood

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
    ambiguous: Mapping[str, Sequence[str]] = {},
    overrides: Mapping[str, str | None] = {},
) -> Sheet:
    """Reads the sheet in ``path`` against ``fields``.

    ``id_keys`` name the identity-number columns, checked for numbers Excel has mangled.
    Columns are matched to fields by app.io.kit.columns (``ambiguous`` headers, the user's
    ``overrides``: header or column letter -> field key, "" to leave a column out).
    Only the top rows of each sheet are read to find the roster's sheet and header; then that
    sheet alone is read, within app.io.kit.limits.
    Raises AppError when the file cannot be read, is too large, or no header row is found.
    """
    p = Path(path)
    index = header_index(fields)
    book = open_book(p, sheet_name)
    try:
        best: tuple[int, str, int] | None = None  # (matches, sheet name, header row index)
        for name in book.names:
            found = _find_header(book.head(name, HEADER_SEARCH_ROWS), index)
            if found is not None and (best is None or found[1] > best[0]):
                best = (found[1], name, found[0])
        if best is None:
            raise _no_header(p.name, fields)
        grid = book.grid(best[1])
    finally:
        book.close()
    return sheet_of_grid(p.name, grid, best[2], fields, id_keys, ambiguous=ambiguous, overrides=overrides)


def parse_grids(
    source: str,
    grids: Sequence[tuple[str, list[list[Any]], list[tuple[tuple[int, int], tuple[int, int]]]]],
    fields: Sequence[Field],
    *,
    id_keys: Collection[str] = (),
) -> Sheet:
    """Like ``read_sheet`` over grids already in memory: (sheet name, rows from A1, merged ranges
    as ((r0, c0), (r1, c1)))."""
    index = header_index(fields)
    best: tuple[int, int, int] | None = None  # (matches, grid index, header row index)
    for gi, (_name, rows, _merged) in enumerate(grids):
        found = _find_header(rows, index)
        if found is not None and (best is None or found[1] > best[0]):
            best = (found[1], gi, found[0])
    if best is None:
        raise _no_header(source, fields)
    name, rows, merged = grids[best[1]]
    return sheet_of_grid(source, Grid(name, [list(r) for r in rows], list(merged)), best[2], fields, id_keys)


def sheet_of_grid(source: str, grid: Grid, header_at: int, fields: Sequence[Field], id_keys: Collection[str] = (),
                  *, ambiguous: Mapping[str, Sequence[str]] = {},
                  overrides: Mapping[str, str | None] = {}) -> Sheet:
    """The rows of ``grid`` below its header (the grid's rows are used up)."""
    index = header_index(fields)
    rows = _fill_merged(source, grid, header_at)
    sections = _section_rows(grid.merged, header_at, len(rows[header_at]) if rows else 0)
    header = rows[header_at]
    order_col = next((c for c, cell in enumerate(header) if normalize_header(_text(cell)) in IGNORED_HEADERS), None)
    sample = [r for r in rows[header_at + 1:header_at + 1 + SAMPLE_ROWS * 2] if any(_text(v) for v in r)][:SAMPLE_ROWS]
    plan = plan_columns(header, sample, fields, index, ambiguous=ambiguous, overrides=overrides,
                        skip=() if order_col is None else (order_col,))
    return _rows(source, grid.name, rows, header_at, index, sections, set(id_keys), plan, order_col)


def _no_header(source: str, fields: Sequence[Field]) -> AppError:
    names = "、".join(f"“{f.label}”" for f in fields if f.required) or "、".join(
        f"“{f.label}”" for f in list(fields)[:3]
    )
    return AppError(f"在“{source}”的前{HEADER_SEARCH_ROWS}行中找不到表头。请确认表格有一行列名，如{names}")


# ---- finding the header -----------------------------------------------------------------------

def match_header(text: Any, index: Mapping[str, Field]) -> Field | None:
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

def _fill_merged(source: str, grid: Grid, header_at: int) -> list[list[Any]]:
    """Merged ranges in the header and data take their top-left value in every cell (in place;
    a range is cut to the rows that exist, and all of them together to the cell limit)."""
    rows = grid.rows
    budget = limits.MAX_CELLS
    for (r0, c0), (r1, c1) in grid.merged:
        if r1 < header_at or r0 >= len(rows) or c0 >= limits.MAX_COLUMNS:
            continue  # the title above the header, or nothing there
        if r0 > header_at and r0 == r1 and c1 - c0 >= 2:
            continue  # a section line across the table; skipped as a whole row
        c1 = min(c1, limits.MAX_COLUMNS - 1)
        last = min(r1, len(rows) - 1)
        budget -= (last - max(r0, header_at) + 1) * (c1 - c0 + 1)
        if budget < 0:
            raise limits.too_many_cells(source, grid.name)
        value = rows[r0][c0] if c0 < len(rows[r0]) else None
        for r in range(max(r0, header_at), last + 1):
            row = rows[r]
            if len(row) <= c1:
                row.extend([""] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                if r != r0 or c != c0:
                    row[c] = value
    return rows


def _section_rows(merged: list, header_at: int, width: int) -> set[int]:
    """Rows below the header that are one merged cell across three or more columns."""
    return {r0 for (r0, c0), (r1, c1) in merged if r0 > header_at and r0 == r1 and c1 - c0 >= 2}


# ---- rows -------------------------------------------------------------------------------------

def _rows(
    source: str, name: str, grid: list[list[Any]], header_at: int, index: dict[str, Field],
    sections: set[int], id_keys: set[str], plan: list[ColumnPlan], order_col: int | None,
) -> Sheet:
    by_key = {f.key: f for f in index.values()}
    columns: dict[str, str] = {}
    positions: list[tuple[int, Field]] = []
    ignored: list[str] = []
    for p in plan:
        if p.key is None:
            if p.header:
                ignored.append(p.header if p.how != DUPLICATE else f"{p.header}（与前面的列重复）")
            continue
        columns[p.key] = p.name
        positions.append((p.index, by_key[p.key]))

    rows: list[SheetRow] = []
    skipped: list[SkippedRow] = []
    for r in range(header_at + 1, len(grid)):
        cells = grid[r]
        grid[r] = []  # each row is let go once read: a county's roster is not held twice
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
    return Sheet(source, name, header_at + 1, columns, tuple(ignored), rows, skipped, tuple(plan))


def _is_header_again(cells: list[Any], positions: list[tuple[int, Field]]) -> bool:
    """A header row repeated further down (printed rosters repeat it on every page)."""
    hits = 0
    for c, f in positions:
        if c < len(cells) and _text(cells[c]) and normalize_header(_text(cells[c])) in {
            normalize_header(h) for h in f.headers
        }:
            hits += 1
    return hits >= 2


def _text(value: Any) -> str:
    return text_of(value)


__all__ = ["CSV_SUFFIXES", "EXCEL_SUFFIXES", "LOST_DIGITS", "Sheet", "SheetRow", "SkippedRow", "cell_value",
           "match_header", "parse_grids", "read_sheet"]
