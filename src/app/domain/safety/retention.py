"""Which automatic backups to keep: the newest of each of the last N days, weeks and months.

Each rule looks only at periods that have a backup, so a fortnight with the computer switched
off does not use up the daily allowance. A backup kept by any rule stays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RetentionPolicy:
    daily: int = 12
    weekly: int = 10
    monthly: int = 9


def _day(t: dt.datetime) -> Hashable:
    return t.date()


def _week(t: dt.datetime) -> Hashable:
    year, week, _ = t.isocalendar()
    return (year, week)


def _month(t: dt.datetime) -> Hashable:
    return (t.year, t.month)


def _newest_per_period(
    stamps: list[dt.datetime], period: Callable[[dt.datetime], Hashable], count: int
) -> set[dt.datetime]:
    kept: set[dt.datetime] = set()
    seen: set[Hashable] = set()
    for t in sorted(stamps, reverse=True):
        key = period(t)
        if key in seen:
            continue
        if len(seen) >= count:
            break
        seen.add(key)
        kept.add(t)
    return kept


def backups_to_keep(
    stamps: Iterable[dt.datetime], policy: RetentionPolicy = RetentionPolicy()
) -> set[dt.datetime]:
    """The timestamps to keep; every other backup may be deleted. The newest is always kept."""
    items = list(stamps)
    return (
        set(sorted(items)[-1:])
        | _newest_per_period(items, _day, policy.daily)
        | _newest_per_period(items, _week, policy.weekly)
        | _newest_per_period(items, _month, policy.monthly)
    )
