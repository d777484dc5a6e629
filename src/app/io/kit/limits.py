"""How big a sheet the importer agrees to read, and the sentence that refuses a bigger one.

A roster has a few thousand rows and a few dozen columns; a county's has 100,000 rows. A file
is refused as soon as the reader meets a cell past these limits, before anything is allocated
for it, so a 5 KB workbook that claims a million rows costs nothing.
"""

from __future__ import annotations

from app.domain.kit.errors import AppError

MAX_ROWS = 200_000
MAX_COLUMNS = 300
MAX_CELLS = 8_000_000  # filled cells in one sheet (200,000 rows of 40 columns)
MAX_PART_BYTES = 600 * 1024 * 1024  # one sheet's XML inside an .xlsx, unpacked
MAX_SHARED_CHARS = 60_000_000  # all the texts of an .xlsx's shared string table
MAX_CSV_BYTES = 400 * 1024 * 1024
# Excel's own grid; a cell outside it means the file is damaged or made to harm.
EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384


class SheetTooLarge(AppError):
    title = "表格过大"


def column_letter(n: int) -> str:
    """1 -> A, 27 -> AA, 16384 -> XFD."""
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _wan(n: int) -> str:
    return f"{n // 10_000}万" if n % 10_000 == 0 else f"{n:,}"


def too_many_rows(source: str, sheet: str, row: int, col: int) -> SheetTooLarge:
    return SheetTooLarge(
        f"“{source}”的工作表“{sheet}”在第{row:,}行（{column_letter(col)}{row}单元格）还有内容，"
        f"超过了可导入的{_wan(MAX_ROWS)}行。请删除名册以外的内容，或把名册复制到一个新的工作表后重新导入")


def too_many_columns(source: str, sheet: str, row: int, col: int) -> SheetTooLarge:
    return SheetTooLarge(
        f"“{source}”的工作表“{sheet}”在第{col}列（{column_letter(col)}{row}单元格）还有内容，"
        f"超过了可导入的{MAX_COLUMNS}列。请删除名册右侧的多余内容后重新导入")


def too_many_cells(source: str, sheet: str) -> SheetTooLarge:
    return SheetTooLarge(
        f"“{source}”的工作表“{sheet}”填写的单元格超过{_wan(MAX_CELLS)}个，超出可导入的范围。"
        "请只保留名册需要的列，或分成几个文件导入")


def damaged(source: str, detail: str = "") -> AppError:
    tail = f"（{detail}）" if detail else ""
    return AppError(f"无法读取“{source}”：文件已损坏或不是Excel文件{tail}。请在Excel或WPS中打开后另存为 .xlsx 再导入")
