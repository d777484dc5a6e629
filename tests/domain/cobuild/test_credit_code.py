"""统一社会信用代码: the standard's examples, typing variants, refusals, properties."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.cobuild.credit_code import (
    CHARSET,
    check_char,
    clean_credit_code,
    describe,
    is_valid_credit_code,
    make_credit_code,
    org_check_char,
)
from app.domain.kit.errors import ValidationError

EXAMPLES = ("91350100M000100Y43", "9144030071526726XG")


@pytest.mark.parametrize("code", EXAMPLES)
def test_the_examples_are_valid(code: str) -> None:
    assert clean_credit_code(code) == code
    assert check_char(code[:17]) == code[17]
    assert is_valid_credit_code(code)


@pytest.mark.parametrize(
    "typed",
    ["91350100m000100y43", " 9135 0100 M000 100Y 43 ", "９１３５０１００Ｍ０００１００Ｙ４３",
     "91350100-M000100Y-43", "91350100M000100Y43\u3000", "\t91350100M000100Y43\n"],
)
def test_typing_variants_are_normalised(typed: str) -> None:
    assert clean_credit_code(typed) == "91350100M000100Y43"


def test_empty_is_empty() -> None:
    assert clean_credit_code(None) == ""
    assert clean_credit_code("   ") == ""
    assert not is_valid_credit_code("")


@pytest.mark.parametrize(
    ("typed", "position", "letter"),
    [("9135O100M000100Y43", 5, "O"), ("I1350100M000100Y43", 1, "I"),
     ("91350100M000100Y4s", 18, "S"), ("9135010OM000100Y43", 8, "O"),
     ("91350100MV00100Y43", 10, "V"), ("91350100M00010ZY43", 15, "Z")],
)
def test_letters_never_used_are_refused_with_their_position(typed: str, position: int,
                                                            letter: str) -> None:
    with pytest.raises(ValidationError) as e:
        clean_credit_code(typed)
    assert f"第{position}位不能是字母{letter}" in e.value.message
    assert e.value.field == "统一社会信用代码"


def test_the_likely_digit_is_suggested() -> None:
    with pytest.raises(ValidationError, match="可能是数字0"):
        clean_credit_code("9135O100M000100Y43")
    with pytest.raises(ValidationError, match="可能是数字1"):
        clean_credit_code("9I350100M000100Y43")


@pytest.mark.parametrize("typed", ["91350100M000100Y4*", "91350100M000100Y4号", "9135010０M.00100Y43"])
def test_other_characters_are_refused_with_their_position(typed: str) -> None:
    with pytest.raises(ValidationError, match=r"第\d+位“.”不对"):
        clean_credit_code(typed)


@pytest.mark.parametrize("typed", ["91350100M000100Y4", "91350100M000100Y433", "9", "913501"])
def test_wrong_length_is_refused(typed: str) -> None:
    with pytest.raises(ValidationError, match=f"应为18位，现在是{len(typed)}位"):
        clean_credit_code(typed)


def test_a_wrong_check_character_says_which_one_the_code_gives() -> None:
    with pytest.raises(ValidationError) as e:
        clean_credit_code("91350100M000100Y44", "社会信用代码")
    assert "校验位（第18位）不对" in e.value.message
    assert "应为3" in e.value.message
    assert e.value.message.startswith("社会信用代码")


def test_a_yes_no_cell_is_not_a_code() -> None:
    with pytest.raises(ValidationError, match="应为18位"):
        clean_credit_code(True)


def test_a_number_from_excel_is_refused_with_advice() -> None:
    with pytest.raises(ValidationError, match="文本"):
        clean_credit_code(9.1350100e17)


def test_an_all_digit_code_given_as_int_is_read() -> None:
    assert clean_credit_code(121101050000000014) == "121101050000000014"


def test_describe_names_the_body_and_the_kind() -> None:
    info = describe("91350100M000100Y43")
    assert (info.body, info.kind, info.area) == ("工商", "企业", "350100")
    assert info.org_code == "M000100Y-4" and info.org_code_ok
    assert info.text == "工商登记的企业"
    info = describe("9144030071526726XG")
    assert info.org_code == "71526726-X" and info.org_code_ok
    assert describe(make_credit_code(random.Random(1), body="5", kind="1")).kind == "社会团体"
    assert describe(make_credit_code(random.Random(1), body="1", kind="2")).text == "机构编制登记的事业单位"
    assert describe(make_credit_code(random.Random(1), body="Y", kind="1")).text == "其他登记"


def test_unknown_bodies_and_bad_org_codes_are_described_not_refused() -> None:
    first17 = "B2110105M000100Y5"  # body B is not in the table; org check should be 4
    code = first17 + check_char(first17)
    assert clean_credit_code(code) == code
    info = describe(code)
    assert info.body == "未知登记管理部门（B）" and info.kind == ""
    assert not info.org_code_ok


def test_org_check_char() -> None:
    assert org_check_char("M000100Y") == "4"
    assert org_check_char("71526726") == "X"
    assert org_check_char("00000000") == "0"


def test_make_credit_code_checks_its_arguments() -> None:
    with pytest.raises(ValueError):
        make_credit_code(body="O")
    with pytest.raises(ValueError):
        make_credit_code(area="11010")


seeds = st.integers(min_value=0, max_value=2**32)
bodies = st.sampled_from(["1", "5", "9", "Y", "N", "3"])


@given(seeds, bodies)
def test_every_generated_code_validates(seed: int, body: str) -> None:
    code = make_credit_code(random.Random(seed), body=body)
    assert clean_credit_code(code) == code
    assert clean_credit_code(code.lower()) == code
    assert describe(code).org_code_ok


@given(seeds, st.integers(min_value=0, max_value=17), st.sampled_from(CHARSET + "IOSVZ*"))
def test_any_single_character_change_is_caught(seed: int, position: int, char: str) -> None:
    code = make_credit_code(random.Random(seed))
    if code[position] == char:
        return
    changed = code[:position] + char + code[position + 1:]
    with pytest.raises(ValidationError):
        clean_credit_code(changed)


@given(seeds, st.integers(min_value=0, max_value=15))
def test_swapping_two_neighbours_in_the_first_17_is_caught(seed: int, position: int) -> None:
    code = make_credit_code(random.Random(seed))
    a, b = code[position], code[position + 1]
    if a == b:
        return
    swapped = code[:position] + b + a + code[position + 2:]
    assert not is_valid_credit_code(swapped)
