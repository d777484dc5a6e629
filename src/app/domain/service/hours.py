"""Volunteer service hours, kept to 0.1 hour as an integer number of tenths.

Typed hours are taken exactly or refused: 2, 2.5, "2小时", "1.5h", "2:30", "2时30分", "90分钟"
are fine; "2.25" or "20分钟" (0.33 hours) are refused with the two nearest tenths to choose
from, as amounts of money with a fraction of a 分 are. Hours computed from a start and an end
time are rounded half up to the nearest 0.1 hour (6 minutes; 3 minutes round up), because
nobody can type those more exactly. One record is more than 0 and at most 24 hours.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from app.domain.kit.errors import ValidationError

TENTHS_PER_HOUR = 10
MAX_TENTHS = 24 * TENTHS_PER_HOUR
SECONDS_PER_TENTH = 360

_HOURS = re.compile(r"^(\d+(?:\.\d*)?|\.\d+)\s*(?:个?小时|时|h|hr|hrs|hours?)?$",
                    re.ASCII)
_CLOCK = re.compile(r"^(\d{1,2})\s*:\s*(\d{2})$", re.ASCII)
_HM = re.compile(r"^(\d{1,2})\s*(?:个?小时|时|h)\s*(\d{1,3})\s*(?:分钟|分|min|m)?$",
                 re.ASCII)
_MINUTES = re.compile(r"^(\d{1,4})\s*(?:分钟|分|min|mins|minutes)$", re.ASCII)
_HALF = re.compile(r"^(?:(\d{1,2})\s*个?)?半(?:个)?小时$", re.ASCII)  # 半小时, 1个半小时

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


def parse_hours(raw: object, label: str = "服务时长", *, required: bool = True) -> int | None:
    """The hours in tenths; None for an empty optional value. Raises ValidationError."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            raise ValidationError(f"{label}不能为空，请填写小时数（如 2 或 1.5）", field=label)
        return None
    tenths = _tenths(raw, label)
    if tenths <= 0:
        raise ValidationError(f"{label}“{raw}”应大于0小时", field=label)
    if tenths > MAX_TENTHS:
        raise ValidationError(f"{label}“{raw}”超过了24小时，请核对", field=label)
    return tenths


def _tenths(raw: object, label: str) -> int:
    if isinstance(raw, bool):
        raise _unreadable(raw, label)
    if isinstance(raw, dt.timedelta):
        return _from_minutes(Decimal(raw.total_seconds()) / 60, raw, label)
    if isinstance(raw, dt.time):  # a duration typed as 2:30 into a time-formatted cell
        return _from_minutes(Decimal(raw.hour * 60 + raw.minute) + Decimal(raw.second) / 60,
                             raw, label)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise _unreadable(raw, label)
        return _from_hours(Decimal(repr(raw)), raw, label)
    if isinstance(raw, int | Decimal):
        if isinstance(raw, Decimal) and not raw.is_finite():
            raise _unreadable(raw, label)
        return _from_hours(Decimal(raw), raw, label)
    if not isinstance(raw, str):
        raise _unreadable(raw, label)
    text = unicodedata.normalize("NFKC", raw).strip().lower()
    if m := _HOURS.match(text):
        return _from_hours(_decimal(m.group(1), raw, label), raw, label)
    if m := _CLOCK.match(text) or _HM.match(text):
        hours, minutes = int(m.group(1)), int(m.group(2))
        if minutes >= 60:
            raise ValidationError(f"{label}“{raw}”的分钟数应小于60，请核对", field=label)
        return _from_minutes(Decimal(hours * 60 + minutes), raw, label)
    if m := _MINUTES.match(text):
        return _from_minutes(Decimal(m.group(1)), raw, label)
    if m := _HALF.match(text):
        return int(m.group(1) or 0) * TENTHS_PER_HOUR + 5
    raise _unreadable(raw, label)


def _decimal(text: str, raw: object, label: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise _unreadable(raw, label) from exc


def _from_hours(hours: Decimal, raw: object, label: str) -> int:
    if abs(hours) > 1000:
        raise ValidationError(f"{label}“{raw}”超过了24小时，请核对", field=label)
    tenths = hours * TENTHS_PER_HOUR
    if tenths != tenths.to_integral_value():
        low = math.floor(tenths)
        raise ValidationError(
            f"{label}“{raw}”最多只能有一位小数（按0.1小时记），请写成"
            f"{format_hours(low)}或{format_hours(low + 1)}小时",
            field=label,
        )
    return int(tenths)


def _from_minutes(minutes: Decimal, raw: object, label: str) -> int:
    tenths = minutes / 6
    if tenths != tenths.to_integral_value():
        low = math.floor(tenths)
        raise ValidationError(
            f"{label}“{raw}”折合{minutes / 60:.2f}小时；时长按0.1小时（6分钟）记，请写成"
            f"{format_hours(low)}或{format_hours(low + 1)}小时",
            field=label,
        )
    return int(tenths)


def _unreadable(raw: object, label: str) -> ValidationError:
    return ValidationError(
        f"{label}“{raw}”无法识别，请写成 2、1.5、2小时、2:30 或 90分钟 这样的时长", field=label
    )


# Start and end times ---------------------------------------------------------------------

_TIME = re.compile(r"^(\d{1,2})\s*(?:[:点时])\s*(?:(\d{1,2})\s*分?)?(?::(\d{2}))?$",
                   re.ASCII)
_HOUR_ONLY = re.compile(r"^(\d{1,2})\s*[点时]$", re.ASCII)
_PM = ("下午", "晚上", "傍晚", "中午")
_AM = ("上午", "早上", "早晨", "凌晨")


def parse_clock(raw: object, label: str = "开始时间") -> dt.time | None:
    """A time of day: 9:00, 09:30, 9点, 9点30, 9时30分, 下午3点; None when empty."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, dt.datetime):
        return raw.time().replace(second=0, microsecond=0)
    if isinstance(raw, dt.time):
        return raw.replace(second=0, microsecond=0)
    if isinstance(raw, float) and math.isfinite(raw) and 0 <= raw < 1:  # Excel time of day
        minutes = round(raw * 24 * 60)
        if minutes < 24 * 60:
            return dt.time(minutes // 60, minutes % 60)
    if not isinstance(raw, str):
        raise _bad_clock(raw, label)
    text = unicodedata.normalize("NFKC", raw).strip().replace(" ", "").replace("半", "30")
    afternoon = text.startswith(_PM)
    for word in _PM + _AM:
        text = text.removeprefix(word)
    m = _HOUR_ONLY.match(text) or _TIME.match(text)
    if not m:
        raise _bad_clock(raw, label)
    hour = int(m.group(1))
    minute = int(m.group(2) or 0) if m.re is _TIME else 0
    if afternoon and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        raise _bad_clock(raw, label)
    return dt.time(hour, minute)


def _bad_clock(raw: object, label: str) -> ValidationError:
    return ValidationError(
        f"{label}“{raw}”无法识别为时间，请写成 9:00、14:30 或 下午3点 这样的格式", field=label
    )


Moment = dt.time | dt.datetime


def _seconds(value: Moment) -> float:
    if isinstance(value, dt.datetime):
        return value.timestamp() if value.tzinfo else (value - dt.datetime(1970, 1, 1)).total_seconds()
    return float(value.hour * 3600 + value.minute * 60 + value.second)


def _clock(value: Moment) -> str:
    return f"{value.hour}:{value.minute:02d}"


def hours_between(start: Moment, end: Moment, breaks: Sequence[tuple[Moment, Moment]] = (),
                  *, break_minutes: int = 0, label: str = "服务时间") -> int:
    """Tenths of an hour from ``start`` to ``end`` without the breaks, rounded half up.

    Two times of day must be on one day: an end at or before the start is refused. A service
    running past midnight gives ``end`` as a datetime on the next day.
    """
    if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
        raise TypeError("start and end must both be times or both be datetimes")
    if break_minutes < 0:
        raise ValueError("break_minutes must not be negative")
    span = _seconds(end) - _seconds(start)
    if span <= 0:
        hint = "" if isinstance(start, dt.datetime) else "；跨过午夜的服务请写明结束日期"
        raise ValidationError(
            f"{label}的结束时间{_clock(end)}不晚于开始时间{_clock(start)}，请核对{hint}", field=label
        )
    if span > 24 * 3600:
        raise ValidationError(f"{label}从开始到结束超过了24小时，请核对", field=label)
    taken = float(break_minutes * 60)
    last_end: float | None = None
    for b_start, b_end in sorted(breaks, key=lambda b: _seconds(b[0])):
        s, e = _seconds(b_start), _seconds(b_end)
        if not _seconds(start) <= s < e <= _seconds(end):
            raise ValidationError(
                f"{label}中的休息时间{_clock(b_start)}—{_clock(b_end)}应在开始和结束时间之内",
                field=label,
            )
        if last_end is not None and s < last_end:
            raise ValidationError(f"{label}中的休息时间有重叠，请核对", field=label)
        taken += e - s
        last_end = e
    served = span - taken
    tenths = int((served + SECONDS_PER_TENTH / 2) // SECONDS_PER_TENTH) if served > 0 else 0
    if tenths <= 0:
        raise ValidationError(f"{label}去掉休息后不足0.1小时（6分钟），请核对", field=label)
    return tenths


# Showing and adding up -------------------------------------------------------------------

def format_hours(tenths: int) -> str:
    """25 → "2.5"; always one decimal, as the figures print."""
    sign = "-" if tenths < 0 else ""
    whole, tenth = divmod(abs(tenths), TENTHS_PER_HOUR)
    return f"{sign}{whole}.{tenth}"


def average_tenths(total_tenths: int, count: int) -> int:
    """The average in tenths, half up (人均服务时长); 0 when there is nobody."""
    if count <= 0:
        return 0
    return (2 * total_tenths + count) // (2 * count)


def total_by(items: Iterable[T], key: Callable[[T], K], tenths: Callable[[T], int]) -> dict[K, int]:
    """Tenths added up per key (person, team, unit, category …)."""
    totals: dict[K, int] = {}
    for item in items:
        k = key(item)
        totals[k] = totals.get(k, 0) + tenths(item)
    return totals


@dataclass(frozen=True)
class Tally:
    """One confirmed record as the totals see it: who, how long, and where it counts."""

    person: Hashable
    tenths: int
    team: Hashable = None
    unit: Hashable = None
    category: Hashable = None


@dataclass(frozen=True)
class HoursSummary:
    total_tenths: int
    records: int
    by_person: dict[Hashable, int]
    by_team: dict[Hashable, int]  # records without a team under None
    by_unit: dict[Hashable, int]  # people without a unit (residents) under None
    by_category: dict[Hashable, int]

    @property
    def people(self) -> int:
        return len(self.by_person)

    @property
    def average_tenths(self) -> int:
        return average_tenths(self.total_tenths, self.people)


def summarize(tallies: Iterable[Tally]) -> HoursSummary:
    """Totals by person, team, unit and category; each adds up to the total."""
    items = list(tallies)
    hours = _tally_tenths
    return HoursSummary(
        total_tenths=sum(t.tenths for t in items),
        records=len(items),
        by_person=total_by(items, lambda t: t.person, hours),
        by_team=total_by(items, lambda t: t.team, hours),
        by_unit=total_by(items, lambda t: t.unit, hours),
        by_category=total_by(items, lambda t: t.category, hours),
    )


def _tally_tenths(tally: Tally) -> int:
    return tally.tenths
