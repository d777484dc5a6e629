"""Writing the member roster to .xlsx or .csv, and the blank import template.

Columns are the member fields' declarations (label, width, masking). An exported roster imports
back unchanged: organisations are written by an unambiguous name, dates as Excel dates, ID and
phone numbers as text. ID and phone numbers are masked unless the caller asks for them in full,
and every export of personal data leaves an audit record. Text that a spreadsheet would take for
a formula (=… +… -… @…) is written as text in .xlsx and quoted in .csv (app.io.kit.formulas).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.kit.errors import AppError
from app.domain.kit.fields import Field, Kind
from app.domain.members.fields import MEMBER_FIELDS, display_value
from app.io.kit.formulas import protect
from app.io.kit.progress import Progress, Ticker, replacing
from app.io.kit.sheets import EXAMPLE_MARK
from app.io.orgs.names import OrgNames
from app.services.kit.files import scratch

if TYPE_CHECKING:
    from app.io.members.services import MemberIoServices
    from app.services.members.query import MemberQuery
    from app.services.members.service import MemberRow

ORDER_HEADER = "序号"
SHEET_TITLE = "党员花名册"
EXPORT_KIND = "党员花名册"
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"


def export_fields() -> list[Field]:
    return [f for f in MEMBER_FIELDS if f.export]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    count: int
    masked: bool


def export_members(
    services: MemberIoServices,
    members: Sequence[MemberRow] | MemberQuery,
    path: str | Path,
    *,
    show_sensitive: bool = False,
    progress: Progress | None = None,
) -> ExportResult:
    """Writes ``members`` (MemberRow list, or a MemberQuery) to ``path`` (.xlsx or .csv).

    Cancelling through ``progress`` leaves no file behind (and an existing file untouched).
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise AppError(f"“{target.name}”：只能导出为 .xlsx 或 .csv 文件")
    services.exports.check(masked=not show_sensitive)  # before anything is read or written
    rows = _member_rows(services, members)
    names = OrgNames(services.orgs.list(), services.settings.get("office_org_id"))
    fields = export_fields()
    ticker = Ticker(progress, len(rows))
    with replacing(target) as tmp:
        ticker.start()
        if suffix == ".csv":
            _write_csv(tmp, rows, fields, names, show_sensitive, ticker)
        else:
            _write_xlsx(tmp, rows, fields, names, show_sensitive, ticker)
        # Logged before the file takes its name: an export the audit trail could not record
        # (a full disk, say) leaves no file with personal data behind.
        services.exports.record(EXPORT_KIND, target, len(rows), masked=not show_sensitive)
    return ExportResult(target, len(rows), not show_sensitive)


def _member_rows(services: MemberIoServices, members: Sequence[MemberRow] | MemberQuery) -> list[MemberRow]:
    if isinstance(members, Sequence):
        return list(members)
    ids = services.members.search_ids(members)
    return list(services.members.rows(ids))


def _value(row: Any, f: Field, names: OrgNames, reveal: bool) -> Any:
    value = getattr(row, f.key, None)
    if f.kind is Kind.ORG:
        return names.label(value)
    return display_value(f.key, value, reveal=reveal)


def _write_csv(tmp: Path, rows: list[Any], fields: list[Field], names: OrgNames, reveal: bool,
               ticker: Ticker) -> None:
    with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow([ORDER_HEADER, *(f.label for f in fields)])
        for i, row in enumerate(rows, start=1):
            out.writerow([i, *(protect(_value(row, f, names, reveal), csv=True) for f in fields)])
            ticker.tick()


def _write_xlsx(tmp: Path, rows: list[Any], fields: list[Field], names: OrgNames, reveal: bool,
                ticker: Ticker) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET_TITLE)
    _layout(ws, fields)
    _rows_beside(ws, tmp)
    ws.append(_header_cells(ws, [ORDER_HEADER, *(f.label for f in fields)]))
    try:
        _xlsx_rows(ws, rows, fields, names, reveal, ticker)
    except BaseException:
        ws.close()  # a cancelled write-only sheet: finish and close its scratch file now
        raise
    wb.save(tmp)


def _rows_beside(ws: Any, tmp: Path) -> None:
    """openpyxl's write-only sheet keeps its rows in a scratch file, by default in the system's
    shared temporary folder, where a killed export would leave them (full ID and phone numbers).
    Here that file lies beside the export's own temporary file, private, and is removed with it,
    or at the next start after a crash (app.services.kit.files)."""
    import os

    from openpyxl.worksheet import _writer

    path = str(scratch(tmp, "rows"))
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    _writer.ALL_TEMP_FILES.append(path)  # openpyxl's save removes it from this list
    ws._writer = _writer.WorksheetWriter(ws, out=path)
    ws._writer.write_top()


def _xlsx_rows(ws: Any, rows: list[Any], fields: list[Field], names: OrgNames, reveal: bool,
               ticker: Ticker) -> None:
    from openpyxl.cell import WriteOnlyCell

    # Cells with a style cost several times a plain one: only dates and the number columns
    # people re-type (ID, phone) get one; empty cells are not written at all.
    date_cols = {i for i, f in enumerate(fields) if f.kind is Kind.DATE}
    number_cols = {i for i, f in enumerate(fields) if f.mask is not None}
    for n, row in enumerate(rows, start=1):
        values: list[Any] = [n]
        for i, f in enumerate(fields):
            raw = getattr(row, f.key, None)
            if i in date_cols and isinstance(raw, dt.date):
                cell = WriteOnlyCell(ws, value=raw)
                cell.number_format = DATE_FORMAT
                values.append(cell)
                continue
            value = _value(row, f, names, reveal) or None
            if value is not None and (i in number_cols or _needs_text_cell(value)):
                cell = WriteOnlyCell(ws, value=protect(value, csv=False))
                cell.data_type = "s"  # never a formula or an error value, whatever it starts with
                if i in number_cols:
                    cell.number_format = TEXT_FORMAT
                values.append(cell)
            else:
                values.append(value)
        ws.append(values)
        ticker.tick()


def _needs_text_cell(value: str) -> bool:
    """Text openpyxl would write as a formula (=…) or an error (#N/A), or text that starts
    with a quote the importer would otherwise take off."""
    from openpyxl.cell.cell import ERROR_CODES

    return value[0] in "='+-@\t\r" or value in ERROR_CODES


def _is_text(f: Field) -> bool:
    """Columns Excel must not turn into numbers: ID and phone numbers and other free text."""
    return f.kind in (Kind.TEXT, Kind.LONG_TEXT) or f.mask is not None


def _layout(ws: Any, fields: list[Field]) -> None:
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = "B2"
    ws.column_dimensions["A"].width = 6
    for i, f in enumerate(fields, start=2):
        dim = ws.column_dimensions[get_column_letter(i)]
        dim.width = max(f.width, len(f.label) * 2) + 2
        if _is_text(f):
            dim.number_format = TEXT_FORMAT


def _header_cells(ws: Any, labels: list[str]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    cells = []
    for label in labels:
        cell = WriteOnlyCell(ws, value=label)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FDE9D9")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cells.append(cell)
    return cells


# ---- the import template ----------------------------------------------------------------------

TEMPLATE_NOTES = (
    "填写说明：",
    "1. 请在“党员花名册”工作表中，从表头下一行起每行填写一名党员；第一列为“示例”的行不会导入，可以删除。",
    "2. 列名前带*号的为必填项。身份证号、联系电话两列已设为文本格式，请勿改为数字格式，否则身份证号末几位会丢失。",
    "3. 日期可写成 1985-03-12、1985/3/12、1985年3月12日 或 1985.03 等形式；性别、出生日期不填时由身份证号推出。",
    "4. “所在党组织”请填写系统中已有的党支部全称；同名支部较多时，写明上级，如“和平社区第一网格党支部”。",
    "5. 已在系统中的党员（按身份证号识别）会按表中内容更新，空白单元格不会清除原有内容。",
)

EXAMPLE: dict[str, Any] = {
    "name": "李秀英", "sex": "女", "ethnicity": "汉族", "id_number": "11010519491231002X",
    "birth_date": dt.date(1949, 12, 31), "education": "高中", "member_type": "正式党员",
    "org_id": "第一网格党支部", "joined_on": dt.date(1972, 7, 1), "full_on": dt.date(1973, 7, 1),
    "post": "退休人员", "phone": "13800000000", "address": "和平路12号院3号楼2单元301室",
    "party_status": "正常", "lost_contact": "否", "mobile": "否", "category": "离退休党员",
    "management": "托管", "grid": "第一网格", "center_household": "是",
}


def write_template(path: str | Path, services: MemberIoServices | None = None) -> Path:
    """A blank roster to fill in: the header row, one example row, the notes on a second sheet.

    With ``services``, the acting user's right to export personal data is checked first.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise AppError(f"“{target.name}”：模板只能保存为 .xlsx 文件")
    if services is not None:
        services.exports.check(masked=True)
    fields = export_fields()
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append([ORDER_HEADER, *(("*" if f.required else "") + f.label for f in fields)])
    example: list[Any] = [EXAMPLE_MARK]
    for f in fields:
        value = EXAMPLE.get(f.key, "")
        example.append(value)
    ws.append(example)
    ws.freeze_panes = "B2"
    ws.column_dimensions["A"].width = 6
    for i, f in enumerate(fields, start=2):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(f.width, len(f.label) * 2) + 2
        head = ws.cell(row=1, column=i)
        head.font = Font(bold=True, color="C00000" if f.required else "000000")
        fmt = TEXT_FORMAT if _is_text(f) else DATE_FORMAT if f.kind is Kind.DATE else None
        if fmt:
            for r in range(2, 1002):  # the rows people will type into
                ws.cell(row=r, column=i).number_format = fmt
        choices = list(f.choices) if f.kind is Kind.CHOICE else ["是", "否"] if f.kind is Kind.BOOL else []
        formula = '"' + ",".join(choices) + '"'
        if choices and len(formula) <= 255:
            dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
            dv.add(f"{letter}2:{letter}1001")
            ws.add_data_validation(dv)
    ws.cell(row=1, column=1).font = Font(bold=True)
    ws.cell(row=2, column=1).font = Font(color="808080")
    notes = wb.create_sheet("填写说明")
    notes.column_dimensions["A"].width = 110
    for line in TEMPLATE_NOTES:
        notes.append([line])
    with replacing(target) as tmp:
        wb.save(tmp)
    return target
