"""Rules on one person's volunteer service records (志愿服务记录).

A record must be true, accurate and complete (志愿服务记录与证明出具办法): more than 0 and at
most 24 hours; a record says what was done; no date after today; for one person at most 24
hours on one day (a record counts on the day it starts) and no two records at the same time
(records that merely touch, 9:00—11:00 and 11:00—12:00, are fine). Hours count the service
itself, so they cannot exceed the time from start to end. Each message names the record by its
date and time, and by its row or number when it has one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from app.domain.kit.errors import ValidationError
from app.domain.service.hours import MAX_TENTHS, SECONDS_PER_TENTH, format_hours


@dataclass(frozen=True)
class ServiceEntry:
    day: dt.date
    tenths: int
    content: str
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    ref: str = ""  # how the user finds it: "第12行" on import, or the record number
    key: Hashable = None  # the record's identity when it is already stored


def describe_entry(entry: ServiceEntry) -> str:
    """第12行（2026年3月5日 9:00—11:30）, or 2026年3月5日 9:00—11:30的记录 without a row."""
    when = f"{entry.day.year}年{entry.day.month}月{entry.day.day}日"
    if entry.start is not None:
        when += f" {entry.start.hour}:{entry.start.minute:02d}"
        if entry.end is not None:
            when += f"—{_end_text(entry)}"
    else:
        when += f"（{format_hours(entry.tenths)}小时）"
    return f"{entry.ref}（{when}）" if entry.ref else f"{when}的记录"


def _end_text(entry: ServiceEntry) -> str:
    assert entry.start is not None and entry.end is not None
    text = f"{entry.end.hour}:{entry.end.minute:02d}"
    return f"次日{text}" if entry.end.date() > entry.start.date() else text


@dataclass(frozen=True)
class Problem:
    entries: tuple[ServiceEntry, ...]  # the records concerned (one, or two that clash)
    message: str


def check_entry(entry: ServiceEntry, today: dt.date) -> list[Problem]:
    """The rules one record must keep by itself."""
    name = describe_entry(entry)
    found: list[str] = []
    if entry.tenths <= 0:
        found.append(f"{name}的服务时长应大于0小时")
    elif entry.tenths > MAX_TENTHS:
        found.append(f"{name}的服务时长{format_hours(entry.tenths)}小时超过了24小时")
    if not (entry.content or "").strip():
        found.append(f"{name}没有写服务内容，请写明做了什么")
    if entry.day > today:
        found.append(f"{name}的日期在今天之后，服务记录只能记已经完成的服务")
    if entry.start is not None and entry.start.date() != entry.day:
        found.append(f"{name}的开始时间不在服务日期当天，请核对")
    if entry.start is not None and entry.end is not None:
        span = (entry.end - entry.start).total_seconds()
        if span <= 0:
            found.append(f"{name}的结束时间不晚于开始时间，请核对")
        elif entry.tenths > int((span + SECONDS_PER_TENTH / 2) // SECONDS_PER_TENTH):
            found.append(f"{name}记了{format_hours(entry.tenths)}小时，超过了从开始到结束的时间")
    return [Problem((entry,), text) for text in found]


def check_person(entries: Sequence[ServiceEntry], today: dt.date) -> list[Problem]:
    """Every rule over one person's records: each record, each day's total, overlaps."""
    problems: list[Problem] = []
    for entry in entries:
        problems.extend(check_entry(entry, today))
    problems.extend(_daily_totals(entries))
    problems.extend(_overlaps(entries))
    return problems


def check_new(entry: ServiceEntry, existing: Iterable[ServiceEntry],
              today: dt.date) -> list[Problem]:
    """The problems a record about to be saved brings, against the person's other records.

    A stored record being edited is replaced by its new version (matched by ``key``).
    """
    others = [e for e in existing if entry.key is None or e.key != entry.key]
    return [p for p in check_person([*others, entry], today)
            if any(e is entry for e in p.entries)]


def raise_problems(problems: Sequence[Problem], field: str = "服务记录") -> None:
    """One ValidationError carrying every message, one a line, when there are any."""
    if problems:
        raise ValidationError("\n".join(p.message for p in problems), field=field)


def _daily_totals(entries: Iterable[ServiceEntry]) -> list[Problem]:
    by_day: dict[dt.date, list[ServiceEntry]] = {}
    for entry in entries:
        by_day.setdefault(entry.day, []).append(entry)
    problems = []
    for day, group in sorted(by_day.items()):
        total = sum(e.tenths for e in group if e.tenths > 0)
        if total > MAX_TENTHS and len(group) > 1:
            problems.append(Problem(
                tuple(group),
                f"{day.year}年{day.month}月{day.day}日共有{len(group)}条记录，合计"
                f"{format_hours(total)}小时，超过了一天24小时，请核对是否重复记录",
            ))
    return problems


def _overlaps(entries: Iterable[ServiceEntry]) -> list[Problem]:
    timed = sorted((e for e in entries if e.start is not None and e.end is not None
                    and e.end > e.start), key=lambda e: (e.start, e.end))
    problems: list[Problem] = []
    latest: ServiceEntry | None = None  # the record so far that ends last
    for entry in timed:
        assert entry.start is not None and entry.end is not None
        if latest is not None and latest.end is not None and entry.start < latest.end:
            problems.append(Problem(
                (latest, entry),
                f"{describe_entry(entry)}与{describe_entry(latest)}时间重叠，"
                "同一个人同一时间只能有一条服务记录",
            ))
        if latest is None or (latest.end is not None and entry.end > latest.end):
            latest = entry
    return problems
