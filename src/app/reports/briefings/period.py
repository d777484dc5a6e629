"""The period a briefing covers: a month (2026-07), a quarter (2026Q3), a half year (2026H1),
a year (2026), or two dates (2026-01-01..2026-06-30)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from app.domain.kit.dates import parse_date_precision
from app.domain.kit.errors import ValidationError
from app.domain.kit.text import cn_date, normalize_digits

CN_NUMBERS = "一二三四"

_YEAR = re.compile(r"^(\d{4})年?$")
_QUARTER = re.compile(r"^(\d{4})\s*(?:[Qq]|年第)([1-4一二三四])(?:季度)?$")
_HALF = re.compile(r"^(\d{4})\s*(?:[Hh]([12])|年?([上下])半年)$")
_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.]|年)(\d{1,2})月?$")
_RANGE = re.compile(r"^(.+?)\s*(?:\.\.|~|～|至|到|—|－－)\s*(.+)$")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str  # 2026年第三季度, 2026年7月, 2026年, 2026年1月1日至6月30日

    @property
    def year(self) -> int:
        return self.end.year


def year(y: int) -> Period:
    return Period(dt.date(y, 1, 1), dt.date(y, 12, 31), f"{y}年")


def quarter(y: int, q: int) -> Period:
    start = dt.date(y, 3 * q - 2, 1)
    end_month = 3 * q
    end = dt.date(y, end_month, calendar.monthrange(y, end_month)[1])
    return Period(start, end, f"{y}年第{CN_NUMBERS[q - 1]}季度")


def month(y: int, m: int) -> Period:
    return Period(dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1]), f"{y}年{m}月")


def half(y: int, h: int) -> Period:
    if h == 1:
        return Period(dt.date(y, 1, 1), dt.date(y, 6, 30), f"{y}年上半年")
    return Period(dt.date(y, 7, 1), dt.date(y, 12, 31), f"{y}年下半年")


def between(start: dt.date, end: dt.date) -> Period:
    if end < start:
        raise ValidationError("时间段的结束日期不能早于开始日期", field="时间段")
    tail = cn_date(end)
    if end.year == start.year:
        tail = tail[5:]  # 2026年1月1日至6月30日
    return Period(start, end, f"{cn_date(start)}至{tail}")


def _date(text: str) -> dt.date:
    """A whole date as people type it (the rules of app.domain.kit.dates); a month alone is refused."""
    try:
        parsed = parse_date_precision(text.strip(), "日期")
    except ValidationError as exc:
        raise ValueError(text) from exc
    if parsed is None or parsed.month_only:
        raise ValueError(text)
    return parsed.value


def parse_period(text: str) -> Period:
    """Reads what a user types; raises ValidationError with the accepted forms."""
    value = normalize_digits(str(text or "")).strip()
    try:
        if m := _YEAR.match(value):
            return year(int(m[1]))
        if m := _QUARTER.match(value):
            q = m[2]
            return quarter(int(m[1]), int(q) if q.isdigit() else CN_NUMBERS.index(q) + 1)
        if m := _HALF.match(value):
            h = int(m[2]) if m[2] else (1 if m[3] == "上" else 2)
            return half(int(m[1]), h)
        if m := _MONTH.match(value):
            return month(int(m[1]), int(m[2]))
        if m := _RANGE.match(value):
            return between(_date(m[1]), _date(m[2]))
    except ValueError:
        pass
    raise ValidationError(
        f"时间段“{text}”无法识别。可写：2026（全年）、2026Q3（季度）、2026H1（上半年）、"
        "2026-07（月份）或 2026-01-01..2026-06-30（起止日期）",
        field="时间段",
    )


def _month_shift(day: dt.date, months: int) -> dt.date:
    """The first of the month ``months`` after (negative: before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _whole_months(p: Period) -> int:
    """How many whole calendar months ``p`` covers (0 when it is not made of whole months)."""
    if p.start.day != 1 or p.end != _month_shift(p.end, 1) - dt.timedelta(days=1):
        return 0
    return (p.end.year - p.start.year) * 12 + p.end.month - p.start.month + 1


def _like(p: Period, start: dt.date) -> Period:
    """A period of the same kind as ``p`` starting on ``start``, labelled the same way."""
    months = _whole_months(p)
    end = _month_shift(start, months) - dt.timedelta(days=1) if months else start + (p.end - p.start)
    if months == 12 and start.month == 1:
        return year(start.year)
    if months == 6 and start.month in (1, 7):
        return half(start.year, 1 if start.month == 1 else 2)
    if months == 3 and start.month % 3 == 1:
        return quarter(start.year, (start.month + 2) // 3)
    if months == 1:
        return month(start.year, start.month)
    return between(start, end)


def previous(p: Period) -> Period:
    """The period just before: the previous quarter, month, half year or year, or the same
    number of days (whole months) ending the day before ``p`` starts."""
    months = _whole_months(p)
    if months:
        return _like(p, _month_shift(p.start, -months))
    return between(p.start - (p.end - p.start) - dt.timedelta(days=1), p.start - dt.timedelta(days=1))


def year_before(p: Period) -> Period:
    """The same period one year earlier."""
    def back(day: dt.date) -> dt.date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:  # 29 February
            return day.replace(year=day.year - 1, day=28)

    if _whole_months(p):
        return _like(p, back(p.start))
    return between(back(p.start), back(p.end))
