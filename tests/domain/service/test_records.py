"""Rules on one person's service records: each record, daily totals, overlaps, saving one."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.kit.errors import ValidationError
from app.domain.service.records import (
    ServiceEntry,
    check_entry,
    check_new,
    check_person,
    describe_entry,
    raise_problems,
)

TODAY = dt.date(2026, 3, 10)
DAY = dt.date(2026, 3, 5)


def timed(start: tuple[int, int], end: tuple[int, int], *, day: dt.date = DAY,
          tenths: int | None = None, ref: str = "", key: object = None,
          content: str = "社区巡逻") -> ServiceEntry:
    s = dt.datetime.combine(day, dt.time(*start))
    e = dt.datetime.combine(day, dt.time(*end))
    if tenths is None:
        tenths = round((e - s).total_seconds() / 360)
    return ServiceEntry(day, tenths, content, s, e, ref=ref, key=key)


def test_records_are_named_by_date_time_and_row() -> None:
    assert describe_entry(timed((9, 0), (11, 30))) == "2026年3月5日 9:00—11:30的记录"
    assert describe_entry(timed((9, 0), (11, 30), ref="第12行")) == "第12行（2026年3月5日 9:00—11:30）"
    assert describe_entry(ServiceEntry(DAY, 25, "入户走访")) == "2026年3月5日（2.5小时）的记录"
    night = ServiceEntry(DAY, 30, "夜间巡逻", dt.datetime(2026, 3, 5, 22, 0),
                         dt.datetime(2026, 3, 6, 1, 0))
    assert describe_entry(night) == "2026年3月5日 22:00—次日1:00的记录"
    assert check_entry(night, TODAY) == []


def test_a_good_record_passes() -> None:
    assert check_person([timed((9, 0), (11, 30)), timed((14, 0), (16, 0))], TODAY) == []


def test_each_record_rule_has_its_message() -> None:
    cases = [
        (ServiceEntry(DAY, 0, "巡逻"), "应大于0小时"),
        (ServiceEntry(DAY, 241, "巡逻"), "超过了24小时"),
        (ServiceEntry(DAY, 20, "   "), "没有写服务内容"),
        (ServiceEntry(dt.date(2026, 3, 11), 20, "巡逻"), "今天之后"),
        (timed((9, 0), (10, 0), tenths=25), "超过了从开始到结束的时间"),
        (ServiceEntry(DAY, 10, "巡逻", dt.datetime(2026, 3, 4, 9), dt.datetime(2026, 3, 4, 10)),
         "不在服务日期当天"),
        (ServiceEntry(DAY, 10, "巡逻", dt.datetime(2026, 3, 5, 10), dt.datetime(2026, 3, 5, 9)),
         "不晚于开始时间"),
    ]
    for entry, text in cases:
        problems = check_entry(entry, TODAY)
        assert len(problems) == 1, (entry, problems)
        assert text in problems[0].message
        assert problems[0].message.startswith("2026年3月")
        assert problems[0].entries == (entry,)


def test_today_is_not_the_future() -> None:
    assert check_entry(ServiceEntry(TODAY, 20, "巡逻"), TODAY) == []


def test_more_than_24_hours_on_one_day() -> None:
    entries = [ServiceEntry(DAY, 120, "值守", ref="第2行"), ServiceEntry(DAY, 125, "值守", ref="第3行"),
               ServiceEntry(dt.date(2026, 3, 6), 240, "值守")]
    problems = check_person(entries, TODAY)
    assert len(problems) == 1
    assert "2026年3月5日共有2条记录，合计24.5小时，超过了一天24小时" in problems[0].message
    assert set(problems[0].entries) == set(entries[:2])
    assert check_person(entries[:1] + [ServiceEntry(DAY, 120, "值守")], TODAY) == []


def test_overlapping_records_name_both() -> None:
    a = timed((9, 0), (11, 0), ref="第2行")
    b = timed((10, 30), (12, 0), ref="第5行")
    problems = check_person([b, a], TODAY)
    assert len(problems) == 1
    assert problems[0].message == ("第5行（2026年3月5日 10:30—12:00）与第2行（2026年3月5日 9:00—11:00）"
                                   "时间重叠，同一个人同一时间只能有一条服务记录")


def test_touching_records_do_not_overlap() -> None:
    assert check_person([timed((9, 0), (11, 0)), timed((11, 0), (12, 0))], TODAY) == []


def test_a_record_inside_a_long_one_overlaps() -> None:
    long = timed((8, 0), (17, 0))
    inner = timed((9, 0), (10, 0))
    later = timed((15, 0), (16, 0))
    problems = check_person([long, inner, later], TODAY)
    assert len(problems) == 2
    assert all(long in p.entries for p in problems)


def test_saving_one_record_reports_only_its_own_problems() -> None:
    existing = [timed((9, 0), (11, 0), key=1), timed((9, 30), (10, 0), key=2)]  # an old clash
    new = timed((10, 30), (12, 0), content="")
    messages = [p.message for p in check_new(new, existing, TODAY)]
    assert len(messages) == 2
    assert any("没有写服务内容" in m for m in messages)
    assert any("时间重叠" in m for m in messages)
    assert check_new(timed((13, 0), (14, 0)), existing, TODAY) == []


def test_editing_a_stored_record_replaces_it() -> None:
    stored = timed((9, 0), (11, 0), key=7)
    edited = timed((9, 0), (11, 30), key=7)
    assert check_new(edited, [stored], TODAY) == []
    other = timed((9, 0), (11, 30), key=8)
    assert check_new(other, [stored], TODAY) != []


def test_raise_problems_joins_the_messages() -> None:
    raise_problems([])
    with pytest.raises(ValidationError) as e:
        raise_problems(check_entry(ServiceEntry(dt.date(2027, 1, 1), 0, ""), TODAY))
    assert e.value.message.count("\n") == 2


slots = st.lists(
    st.tuples(st.integers(min_value=0, max_value=22 * 60), st.integers(min_value=6, max_value=180)),
    max_size=12,
)


def _entries(spans: list[tuple[int, int]]) -> list[ServiceEntry]:
    out = []
    for start, length in spans:
        s = dt.datetime.combine(DAY, dt.time()) + dt.timedelta(minutes=start)
        out.append(ServiceEntry(DAY, length // 6, "巡逻", s, s + dt.timedelta(minutes=length)))
    return out


@given(slots)
def test_overlaps_are_found_exactly_when_two_records_share_time(spans: list[tuple[int, int]]) -> None:
    entries = _entries(spans)
    clashing = {
        id(a) for i, a in enumerate(entries) for b in entries[i + 1:]
        if a.start and a.end and b.start and b.end and a.start < b.end and b.start < a.end
    } | {
        id(b) for i, a in enumerate(entries) for b in entries[i + 1:]
        if a.start and a.end and b.start and b.end and a.start < b.end and b.start < a.end
    }
    problems = [p for p in check_person(entries, TODAY) if "重叠" in p.message]
    named = {id(e) for p in problems for e in p.entries}
    assert named == clashing
    for entry in entries:  # saving any one of them reports a clash exactly when it has one
        others = [e for e in entries if e is not entry]
        reported = any("重叠" in p.message for p in check_new(entry, others, TODAY))
        assert reported == (id(entry) in clashing)
