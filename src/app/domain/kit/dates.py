"""Dates as people type them and as Excel stores them.

Accepted: date/datetime objects; 1985-03-12, 1985/3/12, 1985.03.12, 1985年3月12日, 19850312;
month only — 1985.3, 1985-03, 1985年3月, 198503 (taken as the first day of the month);
Excel serial day numbers (31118, 31118.0, "31118"). Anything else is a ValidationError.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.domain.kit.errors import ValidationError
from app.domain.kit.text import normalize_digits

# Excel's day 0 for the 1900 date system (Excel counts 1900-02-29, so serials from 61 on
# are right with this origin; nobody's record dates fall in early 1900).
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_MAX = 2958465  # 9999-12-31
MIN_YEAR = 1880

_SEP = r"[-/.．。、\s]"
_YMD = re.compile(rf"^(\d{{4}}){_SEP}+(\d{{1,2}}){_SEP}+(\d{{1,2}})$")
_YM = re.compile(rf"^(\d{{4}}){_SEP}+(\d{{1,2}})$")
_CN_YMD = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$")
_CN_YM = re.compile(r"^(\d{4})年(\d{1,2})月?$")
_DIGITS = re.compile(r"^\d+$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_TIME_TAIL = re.compile(r"[T\s]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


@dataclass(frozen=True)
class ParsedDate:
    value: dt.date
    month_only: bool  # the source gave only year and month; value is the first of the month


def parse_date(value: object, label: str = "日期") -> dt.date | None:
    """The date in ``value``; None for an empty cell. Raises ValidationError naming ``label``."""
    parsed = parse_date_precision(value, label)
    return parsed.value if parsed else None


def parse_date_precision(value: object, label: str = "日期") -> ParsedDate | None:
    """Like parse_date, and says whether only the year and month were given."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return ParsedDate(value.date(), False)
    if isinstance(value, dt.date):
        return ParsedDate(value, False)
    if isinstance(value, bool):
        raise _error(value, label)
    if isinstance(value, int | float | Decimal):
        return _from_number(value, str(value), label)
    text = normalize_digits(str(value)).strip()
    if not text:
        return None
    text = _TIME_TAIL.sub("", text).strip()
    for pattern, month_only in ((_YMD, False), (_CN_YMD, False), (_YM, True), (_CN_YM, True)):
        m = pattern.match(text)
        if m:
            parts = [int(g) for g in m.groups()]
            return ParsedDate(_make(value, label, parts[0], parts[1], parts[2] if len(parts) > 2 else 1),
                              month_only)
    if _NUMBER.match(text):
        return _from_number(Decimal(text), text, label)
    raise _error(value, label)


def _from_number(number: int | float | Decimal, raw: str, label: str) -> ParsedDate:
    if isinstance(number, float) and not math.isfinite(number):
        raise _error(raw, label)
    try:
        whole = Decimal(str(number))
    except InvalidOperation as exc:
        raise _error(raw, label) from exc
    if not whole.is_finite():
        raise _error(raw, label)
    if whole != whole.to_integral_value():
        if isinstance(number, float) and raw.endswith(".1") and _looks_like_month(raw):
            # Excel keeps 1985.10 typed into a number cell as 1985.1.
            raise ValidationError(
                f"{label}“{raw}”无法确定是1月还是10月，请写成 {raw[:4]}年1月 或 {raw[:4]}年10月",
                field=label,
            )
        if _looks_like_month(raw):
            year, month = raw.split(".")
            return ParsedDate(_make(raw, label, int(year), int(month), 1), True)
        whole = whole.to_integral_value(rounding="ROUND_FLOOR")  # a serial with a time of day
    n = int(whole)
    digits = str(n)
    if len(digits) == 8:  # 19850312
        return ParsedDate(_make(raw, label, int(digits[:4]), int(digits[4:6]), int(digits[6:])), False)
    if len(digits) == 6:  # 198503
        return ParsedDate(_make(raw, label, int(digits[:4]), int(digits[4:]), 1), True)
    if len(digits) == 4 and MIN_YEAR <= n <= 2100:
        raise ValidationError(f"{label}“{raw}”只有年份，请补上月份（如 {n}年3月）", field=label)
    if 1 <= n <= EXCEL_MAX and len(digits) <= 5:
        return ParsedDate(_checked(EXCEL_EPOCH + dt.timedelta(days=n), raw, label), False)
    raise _error(raw, label)


def _looks_like_month(raw: str) -> bool:
    """1985.3 or 1985.03 typed as a number: a year and a month, not a fraction."""
    parts = raw.split(".")
    return len(parts) == 2 and len(parts[0]) == 4 and 1 <= len(parts[1]) <= 2 and 1 <= int(parts[1]) <= 12


def _make(raw: object, label: str, year: int, month: int, day: int) -> dt.date:
    try:
        value = dt.date(year, month, day)
    except ValueError as exc:
        raise ValidationError(
            f"{label}“{raw}”不是有效日期（{year}年{month}月{day}日不存在），请核对", field=label
        ) from exc
    return _checked(value, raw, label)


def _checked(value: dt.date, raw: object, label: str) -> dt.date:
    if value.year < MIN_YEAR:
        raise ValidationError(f"{label}“{raw}”年份太早（{value.year}年），请核对", field=label)
    return value


def _error(raw: object, label: str) -> ValidationError:
    return ValidationError(
        f"{label}“{raw}”无法识别为日期，请写成 1985-03-12、1985年3月12日 或 1985.03 这样的格式",
        field=label,
    )


def parse_month(value: object, label: str = "年月") -> dt.date | None:
    """A year-month (e.g. 失联年月), stored as the first day of the month."""
    parsed = parse_date_precision(value, label)
    if parsed is None:
        return None
    return parsed.value.replace(day=1)


def month_text(value: dt.date | None) -> str:
    """2024年3月 — how a year-month is shown."""
    return f"{value.year}年{value.month}月" if value else ""
