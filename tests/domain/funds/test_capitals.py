"""Amounts in capitals for vouchers: the banks' examples, a hand-checked table, properties."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.funds.capitals import DIGITS, LIMIT_FEN, amount_in_capitals, fen_in_capitals
from app.domain.kit.money import MAX_FEN, parse_amount

# Each line checked by hand against the filling-in rules (see the module's docstring).
TABLE = [
    # DOMAIN.md and the banks' own examples
    ("1409.50", "壹仟肆佰零玖元伍角"),
    ("6007.14", "陆仟零柒元壹角肆分"),
    ("325.04", "叁佰贰拾伍元零肆分"),
    ("10000", "壹万元整"),
    ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
    ("107000.53", "壹拾万柒仟元伍角叁分"),
    ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
    ("10020", "壹万零贰拾元整"),
    # across 万 and 亿
    ("100000000", "壹亿元整"),
    ("100010000", "壹亿零壹万元整"),
    ("100000001", "壹亿零壹元整"),
    ("100005000", "壹亿零伍仟元整"),
    ("120000000", "壹亿贰仟万元整"),
    ("1000000000", "壹拾亿元整"),
    ("1010101010.10", "壹拾亿壹仟零壹拾万壹仟零壹拾元壹角"),
    ("10005000", "壹仟万伍仟元整"),
    ("10000500", "壹仟万零伍佰元整"),
    ("40050607.08", "肆仟零伍万零陆佰零柒元零捌分"),
    ("1000000", "壹佰万元整"),
    ("200000", "贰拾万元整"),
    ("105000", "壹拾万伍仟元整"),
    ("100010", "壹拾万零壹拾元整"),
    ("9999999999.99", "玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    # small amounts, 拾 with its 壹, zeros inside a group
    ("0", "零元整"),
    ("0.5", "伍角"),
    ("0.05", "伍分"),
    ("0.55", "伍角伍分"),
    ("1", "壹元整"),
    ("10", "壹拾元整"),
    ("11", "壹拾壹元整"),
    ("110", "壹佰壹拾元整"),
    ("101", "壹佰零壹元整"),
    ("1001", "壹仟零壹元整"),
    ("1010", "壹仟零壹拾元整"),
    ("1100", "壹仟壹佰元整"),
    ("1.05", "壹元零伍分"),
    ("1.50", "壹元伍角"),
    ("30.01", "叁拾元零壹分"),
    ("50.60", "伍拾元陆角"),
    ("2008.08", "贰仟零捌元零捌分"),
    ("3000.2", "叁仟元贰角"),
    ("100000.1", "壹拾万元壹角"),
    ("1000000.01", "壹佰万元零壹分"),
]


@pytest.mark.parametrize(("amount", "capitals"), TABLE)
def test_hand_checked_table(amount: str, capitals: str) -> None:
    assert amount_in_capitals(Decimal(amount)) == capitals
    assert amount_in_capitals(Decimal(amount), prefix=True) == "人民币" + capitals


def test_the_table_is_big_enough() -> None:
    assert len(TABLE) >= 30


def test_prefix_and_whole_yuan_ints() -> None:
    assert amount_in_capitals(10020, prefix=True) == "人民币壹万零贰拾元整"
    assert fen_in_capitals(1002000, prefix=True) == "人民币壹万零贰拾元整"
    assert fen_in_capitals(140950) == "壹仟肆佰零玖元伍角"


def test_a_parsed_amount_goes_straight_in() -> None:
    amount = parse_amount("￥1,409.50")
    assert amount is not None
    assert amount_in_capitals(amount, prefix=True) == "人民币壹仟肆佰零玖元伍角"


def test_a_reversing_entry_is_written_with_fu() -> None:
    assert fen_in_capitals(-10000) == "负壹佰元整"
    assert fen_in_capitals(-5, prefix=True) == "人民币负伍分"


def test_wrong_inputs_are_programming_errors() -> None:
    with pytest.raises(TypeError):
        amount_in_capitals(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        fen_in_capitals(Decimal(5))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        fen_in_capitals(True)
    with pytest.raises(ValueError):
        amount_in_capitals(Decimal("0.001"))
    with pytest.raises(ValueError):
        fen_in_capitals(LIMIT_FEN)


def read_capitals(text: str) -> int:
    """An independent reader of capitals, back to 分 (for the round-trip property)."""
    text = text.removeprefix("人民币")
    sign = -1 if text.startswith("负") else 1
    text = text.removeprefix("负")
    places = {"拾": 10, "佰": 100, "仟": 1000}
    total = group = digit = 0
    jiao = fen = 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS.index(ch)
        elif ch in places:
            group += digit * places[ch]
            digit = 0
        elif ch == "亿":
            total = (total + group + digit) * 10**8
            group = digit = 0
        elif ch == "万":
            total += (group + digit) * 10**4
            group = digit = 0
        elif ch == "元":
            total += group + digit
            group = digit = 0
        elif ch == "角":
            jiao, digit = digit, 0
        elif ch == "分":
            fen, digit = digit, 0
        else:
            assert ch == "整"
    return sign * (total * 100 + jiao * 10 + fen)


@pytest.mark.parametrize(("amount", "capitals"), TABLE)
def test_the_reader_agrees_with_the_table(amount: str, capitals: str) -> None:
    assert read_capitals(capitals) == int(Decimal(amount) * 100)


amounts = st.one_of(
    st.integers(min_value=0, max_value=MAX_FEN - 1),
    st.integers(min_value=0, max_value=10**6),
    # many zeros: digits drawn mostly from 0
    st.lists(st.sampled_from("0000000123456789"), min_size=1, max_size=12).map(
        lambda ds: int("".join(ds))
    ),
)


@given(amounts)
def test_capitals_read_back_to_the_same_amount(fen: int) -> None:
    assert read_capitals(fen_in_capitals(fen)) == fen
    assert read_capitals(fen_in_capitals(-fen)) == -fen


@given(amounts)
def test_the_ending_follows_the_last_place(fen: int) -> None:
    text = fen_in_capitals(fen)
    if fen % 100 == 0:
        assert text.endswith("元整")
    elif fen % 10 == 0:
        assert text.endswith("角") and "整" not in text
    else:
        assert text.endswith("分") and "整" not in text


@given(amounts)
def test_zeros_are_written_once_and_only_between_digits(fen: int) -> None:
    text = fen_in_capitals(fen)
    if fen == 0:
        assert text == "零元整"
        return
    assert "零零" not in text
    assert not text.startswith("零")
    assert not text.endswith("零")
    # a 零 is always followed by a digit, never by a unit word (no 零万, 零元, 零角)
    assert re.search(r"零[^壹贰叁肆伍陆柒捌玖]", text) is None


@given(amounts)
def test_every_place_word_has_its_digit(fen: int) -> None:
    text = fen_in_capitals(fen)
    assert re.search(r"(^|[^壹贰叁肆伍陆柒捌玖])[拾佰仟角分]", text) is None
    if fen >= 100:
        assert "元" in text
