"""One spreadsheet cell as the field's cleaner expects it, for any record type.

The readers hand over Python values (str, int, float, bool, date, datetime) and two markers
for what is not a value at all: an Excel error (#N/A, #DIV/0! …) and a formula saved without
its result. Those are reported as what they are, never as an empty cell. Text that a CSV
export neutralised against formula injection ('=…) gets its one leading quote back off.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from app.domain.kit.errors import ValidationError
from app.domain.kit.fields import Field, Kind
from app.io.kit.formulas import restore_text

LOST_DIGITS = "此身份证号被Excel存为数字，末几位已丢失，请将该列设为文本后重新填写"
NO_RESULT = ("单元格是公式，但文件中没有保存计算结果。请在Excel中打开文件，确认该列显示正确后保存，"
             "或把公式复制后“粘贴为数值”，再重新导入")

_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")


@dataclass(frozen=True)
class CellError:
    """An Excel error value in a cell: #N/A, #DIV/0!, #REF! …"""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class NoResult:
    """A formula cell saved without its computed value (files written by programs, not Excel)."""

    formula: str = ""

    def __str__(self) -> str:
        return f"={self.formula}" if self.formula else "（公式）"


def error_message(text: str) -> str:
    return f"单元格是 Excel 错误值 {text}"


def text_of(value: Any) -> str:
    """What a cell shows, trimmed (for finding headers, totals and blank rows)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\u3000", " ").strip()
    return str(value)


def cell_value(raw: Any, f: Field, *, is_id: bool = False) -> Any:
    """The raw cell as the field's cleaner expects it; None for an empty cell.

    Whole numbers come back as int (readers may give 1.0 for 1); in text columns they become
    digit strings. Dates stay dates for date columns and become 1985-03-12 text elsewhere.
    Raises ValidationError for an error cell, a formula without a result, and an ID number
    that Excel stored as a number.
    """
    if raw is None:
        return None
    if isinstance(raw, CellError):
        raise ValidationError(error_message(raw.text), field=f.label)
    if isinstance(raw, NoResult):
        raise ValidationError(NO_RESULT, field=f.label)
    if isinstance(raw, str):
        text = raw.replace("\u3000", " ").strip()
        if not text:
            return None
        text = restore_text(text)
        if is_id:
            _check_id_text(text, f)
        return text
    if isinstance(raw, bool):
        return raw if f.kind in (Kind.BOOL, Kind.TEXT, Kind.CHOICE) else str(raw)
    if isinstance(raw, int | float):
        return _number(raw, f, is_id)
    if isinstance(raw, dt.datetime | dt.date):
        if f.kind in (Kind.DATE, Kind.MONTH):
            return raw
        day = raw.date() if isinstance(raw, dt.datetime) else raw
        return day.isoformat()
    if isinstance(raw, dt.time | dt.timedelta):
        return str(raw)
    return str(raw).strip() or None


def _number(raw: int | float, f: Field, is_id: bool) -> Any:
    if isinstance(raw, float) and raw != raw:  # NaN from a broken formula
        return None
    if is_id:
        return _id_from_number(raw, f)
    whole = isinstance(raw, int) or (abs(raw) < 1e15 and raw == int(raw))
    number: int | float = int(raw) if whole else raw
    if f.kind in (Kind.DATE, Kind.MONTH, Kind.INT, Kind.BOOL):
        return number
    return str(number) if whole else repr(raw)


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
