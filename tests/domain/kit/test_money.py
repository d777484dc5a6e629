"""Money: parsing what people type, exact conversion between 分 and 元, formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.kit.errors import ValidationError
from app.domain.kit.money import (
    MAX_FEN,
    decimal_to_fen,
    fen_to_decimal,
    format_wanyuan,
    format_yuan,
    parse_amount,
    parse_fen,
)


@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("1,200.50", 120050),
        ("１２００．５", 120050),
        ("１，２００．５０", 120050),
        ("1200.5元", 120050),
        ("1200.5 元", 120050),
        ("1200元整", 120000),
        ("￥1,200", 120000),
        ("¥1,200.00", 120000),
        ("人民币1200", 120000),
        ("RMB 1200", 120000),
        ("1200", 120000),
        ("  1200  ", 120000),
        ("0.01", 1),
        (".5", 50),
        ("12.", 1200),
        ("12.340", 1234),
        ("1,234,567.89", 123456789),
        ("0", 0),
        (1200, 120000),
        (Decimal("1200.5"), 120050),
        (Decimal("1200.50"), 120050),
        (1200.5, 120050),
        (0.1, 10),
        (19.99, 1999),
        (1e9, 100000000000),
    ],
)
def test_accepted_forms(typed: object, fen: int) -> None:
    assert parse_fen(typed, "金额") == fen
    assert parse_amount(typed) == fen_to_decimal(fen)


def test_the_decimal_keeps_two_places() -> None:
    amount = parse_amount("1200.5")
    assert amount is not None
    assert str(amount) == "1200.50"


def test_more_than_two_decimals_is_refused_not_rounded() -> None:
    with pytest.raises(ValidationError) as e:
        parse_amount("12.345", "支出金额")
    assert "支出金额" in e.value.message
    assert "两位小数" in e.value.message
    assert e.value.field == "支出金额"
    with pytest.raises(ValidationError, match="两位小数"):
        parse_amount(Decimal("0.001"))


def test_a_float_that_is_not_a_whole_number_of_fen_is_refused_with_advice() -> None:
    with pytest.raises(ValidationError, match="ROUND"):
        parse_amount(0.1 + 0.2, "收入金额")
    with pytest.raises(ValidationError, match="收入金额"):
        parse_amount(12.345, "收入金额")


@pytest.mark.parametrize("typed", ["-5", "-1,200.50", "－５", "−5", "￥-5", "-￥5"])
def test_negatives_are_refused_unless_allowed(typed: str) -> None:
    with pytest.raises(ValidationError, match="负数"):
        parse_amount(typed, "金额")
    assert parse_fen(typed, allow_negative=True) in (-500, -120050)


def test_minus_zero_is_zero() -> None:
    assert str(parse_amount("-0")) == "0.00"
    assert str(parse_amount(Decimal("-0.00"))) == "0.00"


def test_zero_refused_when_asked() -> None:
    with pytest.raises(ValidationError, match="不能为0"):
        parse_amount("0.00", "金额", allow_zero=False)


@pytest.mark.parametrize("empty", [None, "", "   ", "\u3000"])
def test_empty_when_required_or_not(empty: object) -> None:
    with pytest.raises(ValidationError, match="金额不能为空"):
        parse_amount(empty, "金额")
    assert parse_amount(empty, required=False) is None
    assert parse_fen(empty, required=False) is None


@pytest.mark.parametrize("typed", ["1,2,00", "12,00", "1,200,50", "1,20.5"])
def test_misplaced_thousands_separators_are_refused(typed: str) -> None:
    with pytest.raises(ValidationError, match="千位分隔符"):
        parse_amount(typed)


@pytest.mark.parametrize(
    "typed",
    ["NaN", "nan", "inf", "-inf", "Infinity", float("nan"), float("inf"), float("-inf"),
     Decimal("NaN"), Decimal("Infinity"), "1e5", "12元5角", "abc", "1 200", "1.2.3", ".", "-",
     "¥", "元", True, False, [1], "1200.5$", "(1200)", "١٢٠٠", "12\x0034", "1" * 5000],
)
def test_garbage_is_refused(typed: object) -> None:
    with pytest.raises(ValidationError) as e:
        parse_amount(typed, "金额")
    assert e.value.message.startswith("金额")


@pytest.mark.parametrize(
    "typed", ["10000000000", "10,000,000,000.00", 10**10, 1e10, 1e300, Decimal("1e30"),
              "-10000000000", "99999999999999999999999999999999999"]
)
def test_absurdly_large_values_are_refused(typed: object) -> None:
    with pytest.raises(ValidationError, match="太大"):
        parse_amount(typed, allow_negative=True)


def test_just_below_the_bound_is_accepted() -> None:
    assert parse_fen("9999999999.99") == MAX_FEN - 1


def test_conversions_are_exact_and_typed() -> None:
    assert fen_to_decimal(1234567) == Decimal("12345.67")
    assert str(fen_to_decimal(100)) == "1.00"
    assert str(fen_to_decimal(-5)) == "-0.05"
    assert decimal_to_fen(Decimal("12345.67")) == 1234567
    assert decimal_to_fen(12) == 1200
    with pytest.raises(ValueError):
        decimal_to_fen(Decimal("0.001"))
    with pytest.raises(TypeError):
        decimal_to_fen(0.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        fen_to_decimal(1.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        fen_to_decimal(True)


@pytest.mark.parametrize(
    ("fen", "text"),
    [(1234567, "12,345.67"), (0, "0.00"), (5, "0.05"), (100, "1.00"), (-1234567, "-12,345.67"),
     (-5, "-0.05"), (99999999999, "999,999,999.99"), (100000000, "1,000,000.00")],
)
def test_format_yuan(fen: int, text: str) -> None:
    assert format_yuan(fen) == text


@pytest.mark.parametrize(
    ("fen", "text"),
    [(1234567, "1.2"), (0, "0.0"), (20000000, "20.0"), (500000, "0.5"), (499999, "0.5"),
     (450000, "0.5"), (449999, "0.4"), (4999, "0.0"), (-500000, "-0.5"), (-4999, "0.0"),
     (123456789012, "123456.8")],
)
def test_format_wanyuan_rounds_half_up(fen: int, text: str) -> None:
    assert format_wanyuan(fen) == text


fens = st.integers(min_value=-(MAX_FEN - 1), max_value=MAX_FEN - 1)


@given(fens)
def test_parse_of_format_is_identity(fen: int) -> None:
    assert parse_fen(format_yuan(fen), allow_negative=True) == fen
    assert parse_fen(format_yuan(fen) + "元", allow_negative=True) == fen
    assert decimal_to_fen(fen_to_decimal(fen)) == fen


@given(fens)
def test_a_float_of_a_two_decimal_amount_reads_back_exactly(fen: int) -> None:
    """What Excel stores for a typed amount (the nearest double) reads back to the same 分."""
    cell = float(format_yuan(fen).replace(",", ""))
    assert parse_fen(cell, allow_negative=True) == fen


@given(st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=3))
def test_three_decimal_amounts_are_refused_unless_the_third_is_zero(value: Decimal) -> None:
    if value == value.quantize(Decimal("0.01")):
        assert parse_amount(str(value), allow_negative=True) == value
    else:
        with pytest.raises(ValidationError, match="两位小数"):
            parse_amount(str(value), allow_negative=True)


def test_a_million_cents_sum_exactly() -> None:
    cent_fen = parse_fen("0.01")
    cent = parse_amount("0.01")
    assert cent_fen == 1 and cent is not None
    assert format_yuan(sum(cent_fen for _ in range(1_000_000))) == "10,000.00"
    total = sum((cent for _ in range(1_000_000)), Decimal(0))
    assert total == Decimal("10000.00")
    assert decimal_to_fen(total) == 1_000_000
    assert sum(0.01 for _ in range(1_000_000)) != 10000.0  # why floats are never used


@given(st.lists(st.integers(min_value=-10**10, max_value=10**10), max_size=50))
def test_sums_in_fen_and_in_decimal_agree(amounts: list[int]) -> None:
    in_decimal = sum((fen_to_decimal(f) for f in amounts), Decimal(0))
    assert decimal_to_fen(in_decimal) == sum(amounts)
    assert parse_fen(format_yuan(sum(amounts)), allow_negative=True) == sum(amounts)
