"""Whether a branch keeps to the frequency of each kind of organisation life, and attendance rates.

Periods are calendar months, quarters, half years and years. A period is counted for a window
(this quarter, a briefing's period) when it ends inside the window, so a yearly 组织生活会 is due in
the fourth quarter, not in every quarter. A period is required of a branch only if the branch
existed on its first day and had not closed before its last (a branch founded on 15 February owes
no February 主题党日 and no first-quarter 党员大会). A period is satisfied by at least one meeting of
the kind inside it: two in January do not make up for none in February. A required period is
*overdue* once it has ended before ``as_of``; one still running is only *due*.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from app.domain.orglife.kinds import MONTHS_OF, Frequency, MeetingKind

Period = tuple[dt.date, dt.date]


def periods_ending_in(freq: Frequency, start: dt.date, end: dt.date) -> list[Period]:
    """The calendar periods of ``freq`` whose last day lies in [start, end]."""
    months = MONTHS_OF.get(freq)
    if months is None or end < start:
        return []
    out: list[Period] = []
    year, month = start.year, ((start.month - 1) // months) * months + 1
    while True:
        first = dt.date(year, month, 1)
        last_month = month + months - 1
        last = dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
        if first > end:
            return out
        if start <= last <= end:
            out.append((first, last))
        month += months
        if month > 12:
            year, month = year + 1, month - 12


@dataclass(frozen=True)
class KindCheck:
    kind: MeetingKind
    frequency: Frequency
    required: int  # periods of the window the branch owes a meeting
    held: int  # of those, the periods with at least one meeting
    overdue: int  # required periods already ended with no meeting
    meetings: int  # meetings of the kind in the window, however many per period

    @property
    def behind(self) -> bool:
        return self.held < self.required

    def text(self) -> str:
        """党员大会：已开1次/应开1次（每季度）"""
        return f"{self.kind.value}：已开{self.held}次/应开{self.required}次（{self.frequency.value}）"


def check_kind(kind: MeetingKind, freq: Frequency, window: Period, as_of: dt.date, held_on: Iterable[dt.date], *,
               founded: dt.date | None = None, closed: dt.date | None = None) -> KindCheck:
    dates = sorted(set(held_on))
    periods = [p for p in periods_ending_in(freq, *window)
               if (founded is None or founded <= p[0]) and (closed is None or closed >= p[1])]
    met = [p for p in periods if any(p[0] <= d <= p[1] for d in dates)]
    overdue = sum(1 for p in periods if p[1] < as_of and p not in met)
    in_window = sum(1 for d in held_on if window[0] <= d <= window[1])
    return KindCheck(kind, freq, len(periods), len(met), overdue, in_window)


def check_branch(rules: Mapping[MeetingKind, Frequency], window: Period, as_of: dt.date,
                 held: Mapping[MeetingKind, Iterable[dt.date]], *, has_groups: bool,
                 founded: dt.date | None = None, closed: dt.date | None = None) -> list[KindCheck]:
    """Each kind the branch owes in the window; 党小组会 only of a branch that has 党小组."""
    out = []
    for kind, freq in rules.items():
        if freq is Frequency.NONE or (kind is MeetingKind.GROUP and not has_groups):
            continue
        found = check_kind(kind, freq, window, as_of, held.get(kind, ()), founded=founded, closed=closed)
        if found.required:
            out.append(found)
    return out


def quarter_of(day: dt.date) -> Period:
    q = (day.month - 1) // 3
    last = 3 * q + 3
    return dt.date(day.year, 3 * q + 1, 1), dt.date(day.year, last, calendar.monthrange(day.year, last)[1])


def rate(present: int, expected: int) -> Decimal | None:
    """Attendance as a percentage to one decimal (half up); None when nobody was expected."""
    if expected <= 0:
        return None
    return (Decimal(present * 100) / Decimal(expected)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def rate_text(present: int, expected: int) -> str:
    r = rate(present, expected)
    return "" if r is None else f"{r}%"
