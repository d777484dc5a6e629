"""Service hours: typed durations, times of day, hours between times, totals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.kit.errors import ValidationError
from app.domain.service.hours import (
    Tally,
    average_tenths,
    format_hours,
    hours_between,
    parse_clock,
    parse_hours,
    summarize,
    total_by,
)


@pytest.mark.parametrize(
    ("typed", "tenths"),
    [
        (2, 20), (2.5, 25), (Decimal("1.5"), 15), (0.1, 1), (24, 240),
        ("2", 20), ("2.5", 25), ("2.50", 25), ("2小时", 20), ("2 小时", 20), ("2个小时", 20),
        ("1.5h", 15), ("1.5H", 15), ("1.5 hours", 15), ("２．５小时", 25), (".5", 5),
        ("2:30", 25), ("2：30", 25), ("0:06", 1), ("2时30分", 25), ("2小时30分钟", 25),
        ("2h30m", 25), ("1小时12分", 12), ("90分钟", 15), ("90分", 15), ("30min", 5),
        ("半小时", 5), ("1个半小时", 15), ("2时", 20),
        (dt.time(2, 30), 25), (dt.timedelta(minutes=90), 15),
    ],
)
def test_accepted_durations(typed: object, tenths: int) -> None:
    assert parse_hours(typed) == tenths


@pytest.mark.parametrize(
    ("typed", "choices"),
    [("2.25", "2.2或2.3"), (2.25, "2.2或2.3"), ("0.05", "0.0或0.1"), ("20分钟", "0.3或0.4"),
     ("2:20", "2.3或2.4"), (dt.timedelta(minutes=10), "0.1或0.2")],
)
def test_more_precision_than_a_tenth_is_refused_with_the_nearest_choices(typed: object,
                                                                         choices: str) -> None:
    with pytest.raises(ValidationError) as e:
        parse_hours(typed, "服务时长")
    assert choices in e.value.message
    assert e.value.message.startswith("服务时长")


@pytest.mark.parametrize("typed", [0, "0", "0小时", -1, Decimal("-0.5"), "0:00", "0分钟"])
def test_zero_or_negative_is_refused(typed: object) -> None:
    with pytest.raises(ValidationError, match="应大于0"):
        parse_hours(typed)


@pytest.mark.parametrize("typed", [24.1, "25", "25小时", "24:30", "1500分钟", 10**9])
def test_more_than_a_day_is_refused(typed: object) -> None:
    with pytest.raises(ValidationError, match="超过了24小时"):
        parse_hours(typed)


@pytest.mark.parametrize(
    "typed", ["abc", "2小时半天", "两小时", "2.5.1", "-2", "1e3", "nan", float("nan"), float("inf"),
              Decimal("NaN"), True, [2], "2:3", "2:75", "2时75分", "٢", "2\x00", "9" * 3000],
)
def test_garbage_is_refused(typed: object) -> None:
    with pytest.raises(ValidationError) as e:
        parse_hours(typed, "时长")
    assert e.value.field == "时长"


def test_empty() -> None:
    with pytest.raises(ValidationError, match="不能为空"):
        parse_hours("  ")
    assert parse_hours(None, required=False) is None


@pytest.mark.parametrize(
    ("typed", "time"),
    [("9:00", dt.time(9, 0)), ("09:30", dt.time(9, 30)), ("9点", dt.time(9, 0)),
     ("9点30", dt.time(9, 30)), ("9点半", dt.time(9, 30)), ("9时30分", dt.time(9, 30)),
     ("下午3点", dt.time(15, 0)), ("下午3:30", dt.time(15, 30)), ("上午10点", dt.time(10, 0)),
     ("中午12点", dt.time(12, 0)), ("１４：３０", dt.time(14, 30)), ("9:00:00", dt.time(9, 0)),
     (0.375, dt.time(9, 0)), (dt.time(8, 15, 33), dt.time(8, 15)),
     (dt.datetime(2026, 3, 5, 14, 0), dt.time(14, 0))],
)
def test_times_of_day(typed: object, time: dt.time) -> None:
    assert parse_clock(typed) == time


@pytest.mark.parametrize("typed", ["25:00", "9:61", "九点", "9", 1.5, "abc", -0.1])
def test_bad_times_of_day(typed: object) -> None:
    with pytest.raises(ValidationError, match="结束时间"):
        parse_clock(typed, "结束时间")
    assert parse_clock("") is None


T = dt.time
D = dt.datetime


def test_hours_between_times() -> None:
    assert hours_between(T(9, 0), T(11, 30)) == 25
    assert hours_between(T(9, 0), T(9, 20)) == 3  # 0.33 → 0.3
    assert hours_between(T(9, 0), T(9, 3)) == 1  # 3 minutes round up to 0.1
    assert hours_between(T(9, 0), T(11, 47)) == 28  # 2.78 → 2.8
    assert hours_between(T(8, 0), T(17, 0), [(T(12, 0), T(13, 30))]) == 75
    assert hours_between(T(8, 0), T(12, 0), break_minutes=30) == 35
    assert hours_between(T(8, 0), T(17, 0), [(T(12, 0), T(13, 0)), (T(15, 0), T(15, 30))]) == 75


def test_end_before_start_on_one_day_is_refused() -> None:
    with pytest.raises(ValidationError) as e:
        hours_between(T(22, 0), T(1, 0))
    assert "不晚于开始时间22:00" in e.value.message and "跨过午夜" in e.value.message
    with pytest.raises(ValidationError, match="不晚于"):
        hours_between(T(9, 0), T(9, 0))


def test_across_midnight_only_with_the_next_day_given() -> None:
    assert hours_between(D(2026, 3, 5, 22, 0), D(2026, 3, 6, 1, 0)) == 30
    with pytest.raises(ValidationError, match="超过了24小时"):
        hours_between(D(2026, 3, 5, 8, 0), D(2026, 3, 6, 9, 0))
    with pytest.raises(TypeError):
        hours_between(T(9, 0), D(2026, 3, 6, 1, 0))


def test_bad_breaks_are_refused() -> None:
    with pytest.raises(ValidationError, match="之内"):
        hours_between(T(9, 0), T(11, 0), [(T(8, 0), T(9, 30))])
    with pytest.raises(ValidationError, match="重叠"):
        hours_between(T(9, 0), T(17, 0), [(T(12, 0), T(13, 0)), (T(12, 30), T(13, 30))])
    with pytest.raises(ValidationError, match="不足0.1小时"):
        hours_between(T(9, 0), T(10, 0), break_minutes=58)


@given(st.integers(min_value=0, max_value=24 * 60 - 2), st.integers(min_value=1, max_value=24 * 60))
def test_hours_between_is_the_minutes_rounded_half_up(start: int, length: int) -> None:
    end = min(start + length, 24 * 60 - 1)
    minutes = end - start
    begin, finish = T(start // 60, start % 60), T(end // 60, end % 60)
    if minutes < 3:
        with pytest.raises(ValidationError, match="不足0.1小时"):
            hours_between(begin, finish)
        return
    tenths = hours_between(begin, finish)
    assert tenths == (minutes + 3) // 6
    assert abs(tenths * 6 - minutes) <= 3


def test_format_and_average() -> None:
    assert format_hours(25) == "2.5"
    assert format_hours(0) == "0.0"
    assert format_hours(12345) == "1234.5"
    assert average_tenths(100, 3) == 33
    assert average_tenths(5, 2) == 3  # 0.25 → 0.3, half up
    assert average_tenths(10, 0) == 0


@given(st.integers(min_value=1, max_value=240))
def test_formatted_hours_parse_back(tenths: int) -> None:
    assert parse_hours(format_hours(tenths)) == tenths
    assert parse_hours(format_hours(tenths) + "小时") == tenths


tallies = st.lists(
    st.builds(
        Tally,
        person=st.sampled_from(["张三", "李四", "王五", "赵六", "居民甲"]),
        tenths=st.integers(min_value=1, max_value=240),
        team=st.sampled_from([None, "银发先锋", "党员义工队"]),
        unit=st.sampled_from([None, "区财政局", "市第一医院"]),
        category=st.sampled_from(["社区治理", "文体", "法律援助"]),
    ),
    max_size=60,
)


@given(tallies)
def test_totals_by_person_team_and_unit_equal_the_sum_of_the_records(items: list[Tally]) -> None:
    summary = summarize(items)
    total = sum(t.tenths for t in items)
    assert summary.total_tenths == total
    assert summary.records == len(items)
    for grouping, attribute in ((summary.by_person, "person"), (summary.by_team, "team"),
                                (summary.by_unit, "unit"), (summary.by_category, "category")):
        assert sum(grouping.values()) == total
        for key, value in grouping.items():
            assert value == sum(t.tenths for t in items if getattr(t, attribute) == key)
        assert set(grouping) == {getattr(t, attribute) for t in items}
    assert summary.people == len({t.person for t in items})
    if items:
        assert abs(summary.average_tenths * summary.people - total) <= summary.people / 2


def test_total_by_any_key() -> None:
    records = [("a", 5), ("b", 10), ("a", 15)]
    assert total_by(records, lambda r: r[0], lambda r: r[1]) == {"a": 20, "b": 10}
