"""党费: brackets at every edge, rounding settings, months covered, back payment, arrears."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, ROUND_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.funds.dues import (
    DuesKind,
    DuesSettings,
    add_months,
    arrears,
    assess_dues,
    back_paid_beyond,
    back_payment_warning,
    check_reduction,
    covered_months,
    dues_start,
    months_between,
    months_for_amount,
    parse_kind,
    unpaid_months,
)
from app.domain.kit.errors import ValidationError


@pytest.mark.parametrize(
    ("base", "rate", "bracket", "monthly_fen"),
    [
        ("0.01", "0.5%", "3000元（含）以下：0.5%", None),  # rounds to 0: refused below
        ("2000", "0.5%", "3000元（含）以下：0.5%", 1000),
        ("3000", "0.5%", "3000元（含）以下：0.5%", 1500),
        ("3000.01", "1%", "3000元以上至5000元（含）：1%", 3000),
        ("4000", "1%", "3000元以上至5000元（含）：1%", 4000),
        ("5000", "1%", "3000元以上至5000元（含）：1%", 5000),
        ("5000.01", "1.5%", "5000元以上至10000元（含）：1.5%", 7500),
        ("6543.21", "1.5%", "5000元以上至10000元（含）：1.5%", 9815),  # 98.14815 → 98.15
        ("10000", "1.5%", "5000元以上至10000元（含）：1.5%", 15000),
        ("10000.01", "2%", "10000元以上：2%", 20000),
        ("25000", "2%", "10000元以上：2%", 50000),
    ],
)
def test_in_service_brackets_on_the_whole_base(base: str, rate: str, bracket: str,
                                                monthly_fen: int | None) -> None:
    if monthly_fen is None:
        with pytest.raises(ValidationError, match="取整后为0元"):
            assess_dues("在职", base)
        return
    result = assess_dues("在职", base)
    assert result.kind is DuesKind.IN_SERVICE
    assert result.rate_text == rate
    assert result.bracket == bracket
    assert result.monthly_fen == monthly_fen
    assert result.base_fen == round(Decimal(base) * 100)


@pytest.mark.parametrize(
    ("base", "rate", "monthly_fen"),
    [("3000", "0.5%", 1500), ("5000", "0.5%", 2500), ("5000.01", "1%", 5000), ("8000", "1%", 8000)],
)
def test_retiree_brackets(base: str, rate: str, monthly_fen: int) -> None:
    result = assess_dues("离退休", base)
    assert (result.rate_text, result.monthly_fen) == (rate, monthly_fen)
    assert result.bracket.endswith(rate)


def test_the_exact_amount_before_rounding_is_kept() -> None:
    result = assess_dues("在职", "3000.01")
    assert result.exact == Decimal("30.0001")
    assert result.monthly_text == "30.00"


def test_rounding_is_half_up_by_default() -> None:
    assert assess_dues("在职", "4321").monthly_fen == 4321
    assert assess_dues("在职", "2001").monthly_fen == 1001  # 10.005 → 10.01
    assert assess_dues("在职", "2000.99").monthly_fen == 1000  # 10.00495 → 10.00


@pytest.mark.parametrize(
    ("step", "rounding", "base", "fen"),
    [
        ("0.1", "ROUND_HALF_UP", "4321", 4320),  # 43.21 → 43.2
        ("0.1", "ROUND_HALF_UP", "4350", 4350),
        ("1", "ROUND_HALF_UP", "4350", 4400),  # 43.5 → 44
        ("1", "ROUND_HALF_UP", "4349", 4300),
        ("1", ROUND_DOWN, "4399", 4300),
        ("1", ROUND_UP, "4301", 4400),
        ("0.01", ROUND_UP, "2000.99", 1001),
    ],
)
def test_rounding_is_a_setting(step: str, rounding: str, base: str, fen: int) -> None:
    settings = DuesSettings(step=Decimal(step), rounding=rounding)
    assert assess_dues("在职", base, settings).monthly_fen == fen


def test_fixed_amounts_are_not_rounded_away() -> None:
    settings = DuesSettings(step=Decimal(1))
    for kind in ("学生", "下岗失业", "低保"):
        result = assess_dues(kind, None, settings)
        assert result.monthly_fen == 20
        assert result.rate is None and result.rate_text == ""
        assert "0.2元" in result.bracket


def test_farmers_pay_the_provincial_amount() -> None:
    assert assess_dues("农民").monthly_fen == 20
    result = assess_dues("农民党员", None, DuesSettings(farmer_amount=Decimal("0.5")))
    assert result.monthly_fen == 50
    assert "本地标准" in result.bracket


@pytest.mark.parametrize("amount", ["0.1", "1.5", "0.255"])
def test_farmer_amount_outside_its_range_is_refused(amount: str) -> None:
    with pytest.raises(ValidationError, match="农民党员"):
        DuesSettings(farmer_amount=Decimal(amount))


@pytest.mark.parametrize("step", ["0", "-1", "0.001", "100"])
def test_bad_steps_are_refused(step: str) -> None:
    with pytest.raises(ValidationError, match="取整单位"):
        DuesSettings(step=Decimal(step))


def test_bad_rounding_is_refused() -> None:
    with pytest.raises(ValidationError, match="取整方式"):
        DuesSettings(rounding="ROUND_05UP")


@pytest.mark.parametrize("base", ["0", "-100", "", None, "abc", "12.345"])
def test_bad_bases_are_refused_with_the_base_named(base: object) -> None:
    with pytest.raises(ValidationError) as e:
        assess_dues("在职", base)
    assert "党费基数（每月税后固定工资）" in e.value.message
    with pytest.raises(ValidationError, match="每月基本退休费"):
        assess_dues("离退休", base)


def test_kinds_and_their_aliases() -> None:
    assert parse_kind("退休") is DuesKind.RETIRED
    assert parse_kind(" 在职党员 ") is DuesKind.IN_SERVICE
    assert parse_kind(DuesKind.RELIEF) is DuesKind.RELIEF
    with pytest.raises(ValidationError, match="在职、离退休、学生、下岗失业、低保、农民"):
        parse_kind("个体户")
    with pytest.raises(ValidationError, match="不能为空"):
        parse_kind("")


@given(st.decimals(min_value=Decimal("200"), max_value=Decimal("99999999"), places=2))
def test_one_rate_on_the_whole_base_and_never_less_for_a_higher_bracket(base: Decimal) -> None:
    result = assess_dues("在职", base)
    assert result.rate is not None
    assert result.exact == base * result.rate
    assert abs(Decimal(result.monthly_fen) / 100 - result.exact) <= Decimal("0.005")
    # a bigger base never pays less
    assert assess_dues("在职", base + Decimal("0.01")).monthly_fen >= result.monthly_fen


def test_hardship_reduction() -> None:
    assert check_reduction(5000, "10", "和平社区党委", dt.date(2026, 3, 1)) == 1000
    with pytest.raises(ValidationError, match="应低于"):
        check_reduction(5000, "50", "和平社区党委", dt.date(2026, 3, 1))
    with pytest.raises(ValidationError, match="批准的党组织"):
        check_reduction(5000, "10", "  ", dt.date(2026, 3, 1))
    with pytest.raises(ValidationError, match="批准日期"):
        check_reduction(5000, "10", "和平社区党委", None)


# Months ----------------------------------------------------------------------------------

M = dt.date


def test_month_arithmetic() -> None:
    assert add_months(M(2026, 11, 1), 3) == M(2027, 2, 1)
    assert add_months(M(2026, 1, 1), -1) == M(2025, 12, 1)
    assert months_between(M(2026, 4, 30), M(2026, 10, 1)) == 6


def test_a_payment_covers_one_or_several_months() -> None:
    assert covered_months(M(2026, 3, 15)) == (M(2026, 3, 1),)
    assert covered_months(M(2026, 11, 1), M(2027, 1, 1)) == (M(2026, 11, 1), M(2026, 12, 1),
                                                             M(2027, 1, 1))
    with pytest.raises(ValidationError, match="早于起始月"):
        covered_months(M(2026, 5, 1), M(2026, 4, 1))
    with pytest.raises(ValidationError, match="太多"):
        covered_months(M(2026, 1, 1), M(2062, 1, 1))


def test_an_amount_pays_for_whole_months() -> None:
    assert months_for_amount(M(2026, 7, 1), 9000, 3000) == (M(2026, 7, 1), M(2026, 8, 1),
                                                          M(2026, 9, 1))
    with pytest.raises(ValidationError, match="不是每月党费30.00元的整数倍"):
        months_for_amount(M(2026, 7, 1), 8000, 3000)
    with pytest.raises(ValidationError, match="整数倍"):
        months_for_amount(M(2026, 7, 1), 0, 3000)


def test_probationary_members_pay_from_admission() -> None:
    assert dues_start(2026) == M(2026, 1, 1)
    assert dues_start(2026, M(2026, 5, 20)) == M(2026, 5, 1)
    assert dues_start(2026, M(2019, 5, 20)) == M(2026, 1, 1)


def test_back_payment_beyond_six_months_is_flagged() -> None:
    paid_on = M(2026, 10, 15)
    months = covered_months(M(2026, 3, 1), M(2026, 9, 1))
    assert back_paid_beyond(months, paid_on) == (M(2026, 3, 1),)
    warning = back_payment_warning(months, paid_on)
    assert warning is not None and "2026年3月" in warning and "超过6个月" in warning
    assert back_payment_warning(covered_months(M(2026, 4, 1), M(2026, 10, 1)), paid_on) is None
    late = back_payment_warning(covered_months(M(2025, 12, 1), M(2026, 2, 1)), paid_on)
    assert late is not None and "2025年12月至2026年2月" in late


def test_the_unpaid_list_by_month() -> None:
    paid = [M(2026, 1, 1), M(2026, 2, 1), M(2026, 4, 1)]
    assert unpaid_months(paid, M(2026, 1, 1), M(2026, 5, 1)) == (M(2026, 3, 1), M(2026, 5, 1))
    assert unpaid_months([], M(2026, 5, 1), M(2026, 4, 1)) == ()


def test_arrears_count_closed_months_only() -> None:
    paid = [M(2026, 1, 1), M(2026, 2, 1)]
    state = arrears(paid, M(2026, 1, 1), M(2026, 9, 10))
    assert state.overdue == tuple(M(2026, m, 1) for m in range(3, 9))  # March to August
    assert state.consecutive == 6
    assert state.flagged
    message = state.message()
    assert message is not None and "连续6个月" in message and "2026年3月" in message
    fresh = arrears(paid, M(2026, 1, 1), M(2026, 3, 31))
    assert fresh.overdue == () and fresh.message() is None and not fresh.flagged
    some = arrears([M(2026, 1, 1), M(2026, 3, 1)], M(2026, 1, 1), M(2026, 5, 2))
    assert some.overdue == (M(2026, 2, 1), M(2026, 4, 1))
    assert some.consecutive == 1 and not some.flagged


@given(st.sets(st.integers(min_value=0, max_value=35)), st.integers(min_value=0, max_value=40))
def test_arrears_and_payments_partition_the_months(paid_index: set[int], asked: int) -> None:
    start = M(2024, 1, 1)
    paid = [add_months(start, i) for i in paid_index]
    as_of = add_months(start, asked)
    state = arrears(paid, start, as_of)
    closed = [add_months(start, i) for i in range(asked)]
    assert set(state.overdue) == set(closed) - set(paid)
    assert all(m < month for m, month in zip(state.overdue, state.overdue[1:], strict=False))
    assert 0 <= state.consecutive <= len(state.overdue)
    assert set(state.beyond_limit) == {m for m in state.overdue if months_between(m, as_of) > 6}
