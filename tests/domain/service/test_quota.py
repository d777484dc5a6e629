"""Quotas: yearly targets, pro-rata quarters, members who report mid-year, points and ranking."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.kit.errors import ValidationError
from app.domain.service.quota import (
    Basis,
    PointsScheme,
    Quota,
    last_quarter_ended,
    parse_quota,
    points_ranking,
    progress,
    quarter_of,
    quota_table,
    target,
)

HOURS_50 = Quota("在职党员", Basis.HOURS, 500)
SERVICES_12 = Quota("在职党员", Basis.SERVICES, 12)


def test_quotas_from_settings() -> None:
    assert parse_quota("在职党员", "小时", "50") == HOURS_50
    assert parse_quota("在职党员", "小时", "50小时") == HOURS_50
    assert parse_quota("离退休党员", "小时", "12.5").amount == 125
    assert parse_quota("在职党员", "次数", "12次") == SERVICES_12
    assert HOURS_50.text == "在职党员每年50.0小时"
    assert SERVICES_12.text == "在职党员每年12次"


@pytest.mark.parametrize(
    ("basis", "raw", "text"),
    [("小时", "12.25", "最多一位小数"), ("次数", "2.5", "应为整数"), ("小时", "abc", "不是数字"),
     ("小时", "", "不是数字"), ("小时", "0", "应大于0"), ("次数", "-3", "应大于0"),
     ("小时", "99999", "不超过"), ("小时", "NaN", "最多一位小数"), ("天", "5", "小时”或“次数")],
)
def test_bad_quotas_are_refused(basis: str, raw: str, text: str) -> None:
    with pytest.raises(ValidationError, match=text):
        parse_quota("在职党员", basis, raw)


def test_one_quota_per_category() -> None:
    table = quota_table([HOURS_50, Quota("离退休党员", Basis.SERVICES, 6)])
    assert set(table) == {"在职党员", "离退休党员"}
    with pytest.raises(ValidationError, match="设置了两次"):
        quota_table([HOURS_50, SERVICES_12])
    with pytest.raises(ValidationError, match="党员类别"):
        Quota("  ", Basis.HOURS, 10)


def test_pro_rata_targets_at_each_quarter_end() -> None:
    assert [target(HOURS_50, 2026, q) for q in (1, 2, 3, 4)] == [125, 250, 375, 500]
    assert [target(SERVICES_12, 2026, q) for q in (1, 2, 3, 4)] == [3, 6, 9, 12]
    odd = Quota("在职党员", Basis.SERVICES, 10)
    assert target(odd, 2026, 1) == Fraction(5, 2)
    with pytest.raises(ValueError):
        target(odd, 2026, 5)


def test_behind_schedule_at_a_quarter_end() -> None:
    p = progress(HOURS_50, 100, 2026, 1)
    assert p.behind and not p.met
    assert p.shortfall == 25
    assert p.message == "已完成10.0小时，应完成12.5小时，还差2.5小时"
    on_time = progress(HOURS_50, 125, 2026, 1)
    assert not on_time.behind and on_time.shortfall == 0
    assert "达到进度" in on_time.message
    assert progress(HOURS_50, 500, 2026, 4).met


def test_a_fractional_target_needs_the_next_whole_service() -> None:
    odd = Quota("在职党员", Basis.SERVICES, 10)
    p = progress(odd, 2, 2026, 1)
    assert p.behind and p.shortfall == 1
    assert "应完成3次" in p.message
    assert not progress(odd, 3, 2026, 1).behind


def test_members_reporting_mid_year_owe_the_months_left() -> None:
    july = dt.date(2026, 7, 15)
    assert target(SERVICES_12, 2026, 2, since=july) == 0
    assert target(SERVICES_12, 2026, 3, since=july) == 3
    assert target(SERVICES_12, 2026, 4, since=july) == 6
    assert target(SERVICES_12, 2026, 4, since=dt.date(2020, 1, 1)) == 12
    assert target(SERVICES_12, 2026, 4, since=dt.date(2027, 1, 1)) == 0
    p = progress(SERVICES_12, 0, 2026, 2, since=july)
    assert not p.behind and p.percent == 0 and p.percent_text == "0.0%"
    not_yet = progress(SERVICES_12, 0, 2026, 4, since=dt.date(2027, 1, 1))
    assert not_yet.percent is None and not_yet.percent_text == "—" and not_yet.met
    assert progress(SERVICES_12, 6, 2026, 4, since=july).met


def test_percent_of_the_year() -> None:
    assert progress(HOURS_50, 333, 2026, 3).percent_text == "66.6%"
    assert progress(HOURS_50, 750, 2026, 4).percent_text == "150.0%"
    assert progress(SERVICES_12, 1, 2026, 4).percent_text == "8.3%"


def test_quarters() -> None:
    assert [quarter_of(dt.date(2026, m, 1)) for m in (1, 3, 4, 6, 7, 9, 10, 12)] == \
        [1, 1, 2, 2, 3, 3, 4, 4]
    assert last_quarter_ended(dt.date(2026, 4, 1)) == (2026, 1)
    assert last_quarter_ended(dt.date(2026, 3, 31)) == (2025, 4)
    assert last_quarter_ended(dt.date(2026, 12, 31)) == (2026, 3)


@given(st.integers(min_value=1, max_value=8000), st.integers(min_value=0, max_value=9000),
       st.integers(min_value=1, max_value=4), st.integers(min_value=1, max_value=12))
def test_behind_exactly_when_below_the_months_share(amount: int, done: int, quarter: int,
                                                    since_month: int) -> None:
    quota = Quota("在职党员", Basis.HOURS, amount)
    since = dt.date(2026, since_month, 1)
    p = progress(quota, done, 2026, quarter, since)
    months = max(0, quarter * 3 - since_month + 1)
    assert p.behind == (done * 12 < amount * months)
    assert p.met == (done * 12 >= amount * (13 - since_month))
    if p.behind:
        assert done + p.shortfall >= p.expected > done + p.shortfall - 1
        assert not progress(quota, done + p.shortfall, 2026, quarter, since).behind


def test_points_per_hour_and_per_kind() -> None:
    scheme = PointsScheme(per_hour=Decimal(1), per_hour_by_kind={"法律援助": Decimal(2)},
                          per_service_by_kind={"主题党日": Decimal(2)})
    assert scheme.points("社区治理", 25) == Decimal("2.5")
    assert scheme.points("法律援助", 25) == Decimal("5")
    assert scheme.points("主题党日", 10) == Decimal("3")
    assert PointsScheme(per_hour=Decimal("0.5")).points("文体", 15) == Decimal("0.75")


@pytest.mark.parametrize("value", ["-1", "0.001", "5000", "NaN"])
def test_bad_point_settings_are_refused(value: str) -> None:
    with pytest.raises(ValidationError, match="积分"):
        PointsScheme(per_hour=Decimal(value))
    with pytest.raises(ValidationError, match="法律援助"):
        PointsScheme(per_service_by_kind={"法律援助": Decimal(value)})


def test_points_ranking_shares_ranks() -> None:
    services = [("张三", "社区治理", 30), ("李四", "社区治理", 20), ("李四", "文体", 10),
                ("王五", "文体", 10)]
    ranked = points_ranking(services, PointsScheme())
    assert ranked == [(1, "张三", Decimal(3)), (1, "李四", Decimal(3)), (3, "王五", Decimal(1))]
