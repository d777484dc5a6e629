"""Writing any record type to .xlsx or .csv, and its blank import template, from its fields.

The columns are the fields' declarations (label, width, kind, masking) plus any extra columns
the area adds (a status, a count). What a file says imports back unchanged: dates are Excel
dates, numbers people re-type (phones, codes) and free text are text cells, and text that a
spreadsheet would run as a formula (=, +, -, @ first) is kept as text. The file appears only
when complete (``replacing``): a failed or cancelled write leaves nothing behind.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain.kit.errors import AppError
from app.domain.kit.fields import Field, Kind
from app.domain.kit.spec import RecordSpec
from app.io.kit.progress import Progress, Ticker, replacing
from app.io.kit.sheets import EXAMPLE_MARK

ORDER_HEADER = "序号"
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TEXT_KINDS = (Kind.TEXT, Kind.LONG_TEXT, Kind.PHONE, Kind.ID_NUMBER, Kind.CREDIT_CODE, Kind.REF, Kind.ORG)


@dataclass(frozen=True)
class Column:
    """One column of the file: its header, width, whether a date or text, and its cell value."""

    header: str
    width: int
    value: Callable[[Any], Any]  # row -> cell value (a date, a number or text)
    kind: Kind = Kind.TEXT

    @property
    def is_date(self) -> bool:
        return self.kind in (Kind.DATE, Kind.MONTH)

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS


def field_column(f: Field, value: Callable[[Any], Any], header: str = "") -> Column:
    return Column(header or f.label, max(f.width, len(f.label) * 2) + 2, value, f.kind)


def spec_field_columns(spec: RecordSpec, *, reveal: bool, org_label: Callable[[Any], str] = lambda _v: "",
                       refs: Mapping[int, str] | None = None, skip: Collection[str] = ()) -> list[Column]:
    """A column for each exported field of ``spec`` (in the spec's order), so a field added to the
    spec is exported without another edit: organisations by ``org_label``, other references by
    ``refs`` (id -> name), dates and whole numbers as such, the rest as the spec displays it
    (masked unless ``reveal``)."""
    names = refs or {}

    def shown(f: Field) -> Callable[[Any], Any]:
        def value(row: Any) -> Any:
            raw = getattr(row, f.key, None)
            if f.kind is Kind.ORG:
                return org_label(raw)
            if f.kind is Kind.REF:
                return names.get(raw, "") if raw is not None else ""
            if f.kind in (Kind.DATE, Kind.INT) or raw is None:
                return raw
            return spec.display(f.key, raw, reveal=reveal)

        return value

    return [field_column(f, shown(f)) for f in spec.fields if f.export and f.key not in skip]


def safe_text(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, quoted for CSV (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_rows(path: str | Path, columns: Sequence[Column], rows: Sequence[Any], *, sheet_title: str,
               progress: Progress | None = None, before_rename: Callable[[], None] | None = None) -> Path:
    """Writes ``rows`` to ``path`` (.xlsx or .csv) with a 序号 column first. ``before_rename``
    runs once the file is complete, before it takes its name (the audit record of an export
    of personal data is written there, so an unrecorded export leaves no file)."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise AppError(f"“{target.name}”：只能导出为 .xlsx 或 .csv 文件")
    ticker = Ticker(progress, len(rows))
    with replacing(target) as tmp:
        ticker.start()
        if suffix == ".csv":
            _write_csv(tmp, columns, rows, ticker)
        else:
            _write_xlsx(tmp, columns, rows, sheet_title, ticker)
        if before_rename is not None:
            before_rename()
    return target


def _write_csv(tmp: Path, columns: Sequence[Column], rows: Sequence[Any], ticker: Ticker) -> None:
    with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow([ORDER_HEADER, *(c.header for c in columns)])
        for n, row in enumerate(rows, start=1):
            cells = []
            for c in columns:
                value = c.value(row)
                cells.append(value.isoformat() if isinstance(value, dt.date) else safe_text(value))
            out.writerow([n, *cells])
            ticker.tick()


def _write_xlsx(tmp: Path, columns: Sequence[Column], rows: Sequence[Any], title: str, ticker: Ticker) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    _layout(ws, columns)
    ws.append(_header_cells(ws, [ORDER_HEADER, *(c.header for c in columns)], ()))
    try:
        for n, row in enumerate(rows, start=1):
            ws.append([n, *(_cell(ws, c, c.value(row)) for c in columns)])
            ticker.tick()
    except BaseException:
        ws.close()  # a cancelled write-only sheet: finish and close its scratch file now
        raise
    wb.save(tmp)


def _cell(ws: Any, c: Column, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if value is None or value == "":
        return None
    if isinstance(value, dt.date) and c.is_date:
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str) and (c.is_text or value.startswith(FORMULA_START)):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"  # never a formula, whatever the text starts with
        cell.number_format = TEXT_FORMAT
        return cell
    return value


def _layout(ws: Any, columns: Sequence[Column]) -> None:
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = "B2"
    ws.column_dimensions["A"].width = 6
    for i, c in enumerate(columns, start=2):
        dim = ws.column_dimensions[get_column_letter(i)]
        dim.width = c.width
        if c.is_text:
            dim.number_format = TEXT_FORMAT


def _header_cells(ws: Any, labels: Sequence[str], required: Sequence[bool]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    cells = []
    for i, label in enumerate(labels):
        cell = WriteOnlyCell(ws, value=label)
        red = i > 0 and i - 1 < len(required) and required[i - 1]
        cell.font = Font(bold=True, color="C00000" if red else "000000")
        cell.fill = PatternFill("solid", fgColor="FDE9D9")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cells.append(cell)
    return cells


def write_spec_template(path: str | Path, spec: RecordSpec, *, sheet_title: str, notes: Sequence[str],
                        skip: Collection[str] = ()) -> Path:
    """The blank import sheet of ``spec``: every exported field but ``skip``, with its sample as
    the example row."""
    fields = [f for f in spec.fields if f.export and f.key not in skip]
    return write_template(path, fields, sheet_title=sheet_title, example={f.key: f.sample for f in fields},
                          notes=notes)


def write_template(path: str | Path, fields: Sequence[Field], *, sheet_title: str,
                   example: Mapping[str, Any], notes: Sequence[str], rows: int = 1000) -> Path:
    """A blank sheet to fill in: the header (required columns marked * in red), one example row
    the importer skips (序号 “示例”), text and date formats and drop-downs for the rows people
    type into, and the notes on a second sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise AppError(f"“{target.name}”：模板只能保存为 .xlsx 文件")
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title[:31]
    ws.append([ORDER_HEADER, *(("*" if f.required else "") + f.label for f in fields)])
    ws.append([EXAMPLE_MARK, *(example.get(f.key, f.sample) or None for f in fields)])
    ws.freeze_panes = "B2"
    ws.column_dimensions["A"].width = 6
    ws.cell(row=1, column=1).font = Font(bold=True)
    for i, f in enumerate(fields, start=2):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(f.width, len(f.label) * 2) + 2
        ws.cell(row=1, column=i).font = Font(bold=True, color="C00000" if f.required else "000000")
        ws.cell(row=2, column=i).font = Font(color="808080")
        fmt = TEXT_FORMAT if f.kind in TEXT_KINDS else DATE_FORMAT if f.kind is Kind.DATE else None
        if fmt:
            for r in range(2, rows + 2):
                ws.cell(row=r, column=i).number_format = fmt
        choices = list(f.choices) if f.kind is Kind.CHOICE else ["是", "否"] if f.kind is Kind.BOOL else []
        formula = '"' + ",".join(choices) + '"'
        if choices and len(formula) <= 255:
            dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
            dv.add(f"{letter}2:{letter}{rows + 1}")
            ws.add_data_validation(dv)
    sheet = wb.create_sheet("填写说明")
    sheet.column_dimensions["A"].width = 110
    for line in notes:
        sheet.append([line])
    with replacing(target) as tmp:
        wb.save(tmp)
    return target
