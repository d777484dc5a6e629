"""公民身份号码: cleaning, check character, birth date and sex."""

from __future__ import annotations

import contextlib
import datetime as dt
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.kit.errors import ValidationError
from app.domain.kit.idcard import birth_date_of, check_char, clean_id, is_valid_id, make_id, sex_of


def test_the_standard_example_is_valid() -> None:
    assert clean_id("11010519491231002X") == "11010519491231002X"
    assert birth_date_of("11010519491231002X") == dt.date(1949, 12, 31)
    assert sex_of("11010519491231002X") == "女"


@pytest.mark.parametrize("typed", ["11010519491231002x", " 110105 19491231 002X ", "１１０１０５１９４９１２３１００２Ｘ"])
def test_typing_variants_are_normalised(typed: str) -> None:
    assert clean_id(typed) == "11010519491231002X"


def test_empty_is_empty() -> None:
    assert clean_id(None) == ""
    assert clean_id("  ") == ""


def test_wrong_check_character_names_the_expected_one() -> None:
    with pytest.raises(ValidationError) as e:
        clean_id("110105194912310021")
    assert "公民身份号码" in e.value.message
    assert "最后一位应为X" in e.value.message
    assert e.value.field == "公民身份号码"


def test_wrong_length_and_letters_and_bad_date() -> None:
    with pytest.raises(ValidationError, match="应为18位"):
        clean_id("1101051949123100")
    with pytest.raises(ValidationError, match="只能由数字组成"):
        clean_id("11010519491231A02X")
    with pytest.raises(ValidationError, match="不是有效日期"):
        clean_id("110105194902300021")


def test_old_15_digit_number_is_upgraded() -> None:
    number = clean_id("110105491231002")
    assert number == "11010519491231002X"


def test_number_stored_by_excel_as_float_is_refused_with_advice() -> None:
    with pytest.raises(ValidationError, match="存成了数字"):
        clean_id(1.1010519491231002e17)


def test_sex_from_17th_digit() -> None:
    born = dt.date(1980, 5, 6)
    assert sex_of(make_id("370102", born, "男", sequence=123)) == "男"
    assert sex_of(make_id("370102", born, "女", sequence=124)) == "女"


birthdays = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2024, 12, 31))
areas = st.sampled_from(["110105", "370102", "440305", "510104"])


@given(areas, birthdays, st.sampled_from(["男", "女"]), st.integers(0, 2**32))
def test_generated_numbers_always_pass(area: str, born: dt.date, sex: str, seed: int) -> None:
    number = make_id(area, born, sex, random.Random(seed))
    assert clean_id(number) == number
    assert birth_date_of(number) == born
    assert sex_of(number) == sex


@given(areas, birthdays, st.sampled_from(["男", "女"]), st.integers(0, 16), st.integers(1, 9))
def test_any_single_digit_change_is_caught(area: str, born: dt.date, sex: str, pos: int, delta: int) -> None:
    number = make_id(area, born, sex, random.Random(pos))
    digit = (int(number[pos]) + delta) % 10
    changed = number[:pos] + str(digit) + number[pos + 1:]
    assert not is_valid_id(changed)


@given(st.text(max_size=25))
def test_clean_id_never_raises_anything_but_validation_error(text: str) -> None:
    with contextlib.suppress(ValidationError):
        clean_id(text)


def test_check_char_matches_the_standard_table() -> None:
    assert check_char("11010519491231002") == "X"
