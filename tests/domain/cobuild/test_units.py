"""Unit types and Party organisation types as offices spell them; the unit's field cleaners."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.cobuild.fields import COUNCIL_SPEC, SECONDMENT_SPEC, UNIT_SPEC
from app.domain.cobuild.units import (
    PARTY_ORG_TYPES,
    UNIT_TYPES,
    active_on,
    parse_direction,
    parse_party_org_type,
    parse_unit_type,
    type_from_credit_code,
)
from app.domain.kit.errors import ValidationError


@pytest.mark.parametrize(("typed", "expected"), [
    ("机关", "机关"), ("行政机关", "机关"), ("国企", "国有企业"), ("公有经济控制企业", "国有企业"),
    ("非公有经济控制企业", "非公企业"), ("民营企业", "非公企业"), ("社会团体", "社会组织"),
    ("民办非企业单位", "社会组织"), ("其它", "其他"), ("社区（居委会）", "其他"),
    ("有限责任公司（国有独资）", "国有企业"), ("股份有限公司", "非公企业"), ("个体工商户", "非公企业"),
    ("全民所有制", "国有企业"), ("农民专业合作社", "非公企业"), (" 事 业 单 位 ", "事业单位"), ("", ""),
])
def test_unit_types_as_offices_write_them(typed: str, expected: str) -> None:
    assert parse_unit_type(typed) == expected


@pytest.mark.parametrize(("typed", "expected"), [
    ("党委", "党委"), ("基层党委", "党委"), ("总支", "党总支"), ("支部", "党支部"), ("独立党支部", "党支部"),
    ("联合支部", "联合党支部"), ("无", "未建"), ("未成立", "未建"), ("", ""),
])
def test_party_organisation_types(typed: str, expected: str) -> None:
    assert parse_party_org_type(typed) == expected


@pytest.mark.parametrize("bad", ["外星机构", "=1+1", "党小组", "\x00", "机关" * 40])
def test_unknown_types_are_refused_naming_the_choices(bad: str) -> None:
    with pytest.raises(ValidationError, match="无法识别，可选"):
        parse_unit_type(bad) if bad != "党小组" else parse_party_org_type(bad)


@given(st.text(max_size=80))
def test_any_text_is_a_type_or_a_refusal(text: str) -> None:
    for parse, choices in ((parse_unit_type, UNIT_TYPES), (parse_party_org_type, PARTY_ORG_TYPES)):
        try:
            assert parse(text) in (*choices, "")
        except ValidationError as exc:
            assert "无法识别" in exc.message and len(exc.message) < 200


def test_directions() -> None:
    assert parse_direction("下派") == "到共建单位挂职"
    assert parse_direction("到社区挂职") == "共建单位来社区挂职"
    with pytest.raises(ValidationError, match="请填写挂职方向"):
        parse_direction(" ")


def test_type_from_the_credit_code_only_when_certain() -> None:
    assert type_from_credit_code("11371122MB0000000X") == "机关"
    assert type_from_credit_code("12371122MB0000000X") == "事业单位"
    assert type_from_credit_code("51371122MB0000000X") == "社会组织"
    assert type_from_credit_code("91371122MB0000000X") == ""  # a company: 国有 or 非公 unknown


@given(st.text(max_size=200))
def test_the_unit_name_cleaner_never_keeps_control_characters_or_exceeds_its_length(text: str) -> None:
    f = UNIT_SPEC.field("name")
    try:
        name = f.cleaned(text)
    except ValidationError as exc:
        assert exc.field == "name"
        return
    assert name and len(name) <= 60
    assert not any(ord(c) < 32 or c in "\u200b\ufeff\u202e" for c in name)


def test_specs_require_their_dates_and_references() -> None:
    _values, found = SECONDMENT_SPEC.problems({"name": "甲", "direction": "下派", "org_id": 1,
                                               "unit_id": None, "starts_on": None})
    assert {p.field for p in found} == {"unit_id", "starts_on"}
    _values, found = COUNCIL_SPEC.problems({"name": "甲", "org_id": None})
    assert [p.message for p in found] == ["请填写大党委（大工委）"]


def test_active_on_includes_both_ends() -> None:
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    assert active_on(start, end, start) and active_on(start, end, end)
    assert not active_on(start, end, dt.date(2027, 1, 1))
    assert active_on(None, None, dt.date(1990, 1, 1))
