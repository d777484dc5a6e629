"""Dates typed by people and stored by Excel."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.kit.dates import month_text, parse_date, parse_date_precision, parse_month
from app.domain.kit.errors import ValidationError

D = dt.date(1985, 3, 12)
M = dt.date(1985, 3, 1)


@pytest.mark.parametrize(
    "raw",
    [D, dt.datetime(1985, 3, 12, 8, 30), "1985-03-12", "1985/3/12", "1985.03.12", "1985年3月12日",
     "19850312", 19850312, 31118, 31118.0, "31118", "31118.0", Decimal("31118"), "１９８５－０３－１２",
     " 1985-03-12 00:00:00 ", "1985年3月12号"],
)
def test_full_dates(raw: object) -> None:
    parsed = parse_date_precision(raw, "出生日期")
    assert parsed is not None
    assert parsed.value == D
    assert parsed.month_only is False


@pytest.mark.parametrize("raw", ["1985.3", "1985.03", "1985-03", "1985/3", "1985年3月", "198503", 198503, 1985.03])
def test_month_only_dates_are_the_first_of_the_month_and_say_so(raw: object) -> None:
    parsed = parse_date_precision(raw, "加入党组织日期")
    assert parsed is not None
    assert parsed.value == M
    assert parsed.month_only is True


def test_text_1985_10_is_october() -> None:
    assert parse_date("1985.10") == dt.date(1985, 10, 1)


def test_number_1985_1_is_ambiguous_and_refused() -> None:
    with pytest.raises(ValidationError, match="1月还是10月"):
        parse_date(1985.1, "入党时间")


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_empty_is_none(raw: object) -> None:
    assert parse_date(raw) is None


@pytest.mark.parametrize("raw", ["abc", "1985-02-30", "1985-13", "85.3.12", "1985", "1800-01-01", True, -5, "十月一日"])
def test_rubbish_is_refused_naming_the_field(raw: object) -> None:
    with pytest.raises(ValidationError) as e:
        parse_date(raw, "出生日期")
    assert e.value.message.startswith("出生日期")
    assert e.value.field == "出生日期"


def test_month_helpers() -> None:
    assert parse_month("2024-03-17", "失联年月") == dt.date(2024, 3, 1)
    assert month_text(dt.date(2024, 3, 1)) == "2024年3月"


@given(st.text(max_size=30))
def test_arbitrary_text_raises_only_validation_error(text: str) -> None:
    with contextlib.suppress(ValidationError):
        parse_date(text)


@given(st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.decimals()))
def test_arbitrary_numbers_raise_only_validation_error(number: object) -> None:
    with contextlib.suppress(ValidationError):
        parse_date(number)


@given(st.dates(min_value=dt.date(1906, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_every_representation_round_trips(day: dt.date) -> None:
    serial = (day - dt.date(1899, 12, 30)).days
    for raw in (day.isoformat(), f"{day.year}年{day.month}月{day.day}日", day.strftime("%Y%m%d"),
                float(serial), str(serial), f"{day.year}/{day.month}/{day.day}"):
        assert parse_date(raw) == day
