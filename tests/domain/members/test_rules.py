"""Whole-record rules of a member."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.kit.errors import ValidationError
from app.domain.kit.idcard import make_id
from app.domain.members.rules import (
    AGE_BANDS,
    age,
    age_band,
    band_birth_range,
    check,
    fill_defaults,
    problems,
)

TODAY = dt.date(2026, 7, 1)
BORN = dt.date(1980, 5, 6)
ID = make_id("370102", BORN, "男", sequence=123)


def good(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "name": "张三", "sex": "男", "id_number": ID, "birth_date": BORN, "org_id": 1,
        "member_type": "正式党员", "joined_on": dt.date(2005, 7, 1), "full_on": dt.date(2006, 7, 1),
        "party_status": "正常", "phone": "13812345678", "lost_contact": False, "mobile": False,
        "category": "在职党员", "management": "双管",
    }
    values.update(changes)
    return values


def fields_of(values: dict[str, object]) -> list[str | None]:
    return [e.field for e in problems(values, TODAY)]


def test_a_good_record_passes() -> None:
    assert problems(good(), TODAY) == []
    check(good(), TODAY)


@pytest.mark.parametrize("changes,field,words", [
    ({"id_number": ID[:-1] + ("0" if ID[-1] != "0" else "1")}, "公民身份号码", "校验位"),
    ({"birth_date": dt.date(1980, 5, 7)}, "出生日期", "不一致"),
    ({"sex": "女"}, "性别", "不一致"),
    ({"joined_on": dt.date(2027, 1, 1), "full_on": None, "member_type": "预备党员"}, "加入党组织日期", "晚于今天"),
    ({"full_on": dt.date(2004, 1, 1)}, "转为正式党员日期", "不能早于加入党组织日期"),
    ({"joined_on": dt.date(1997, 1, 1)}, "加入党组织日期", "未满18周岁"),
    ({"joined_on": dt.date(1970, 1, 1)}, "加入党组织日期", "必须晚于出生日期"),
    ({"full_on": None}, "转为正式党员日期", "正式党员须填写"),
    ({"member_type": "预备党员"}, "转为正式党员日期", "预备党员尚未转正"),
    ({"member_type": ""}, "人员类别", "不能为空"),
    ({"mobile": True, "mobile_to": ""}, "外出流向", "流动党员须填写外出流向"),
    ({"lost_contact": True, "lost_since": None}, "失联年月", "失联党员须填写"),
    ({"lost_contact": True, "lost_since": dt.date(2001, 1, 1)}, "失联年月", "不能早于加入党组织日期"),
    ({"phone": "12345"}, "联系电话", "格式不对"),
    ({"org_id": None}, "所在党组织", "不能为空"),
    ({"name": ""}, "姓名", "不能为空"),
    ({"id_number": ""}, "公民身份号码", "不能为空"),
])
def test_each_broken_rule_names_its_field(changes: dict[str, object], field: str, words: str) -> None:
    found = problems(good(**changes), TODAY)
    assert any(e.field == field and words in e.message for e in found), [e.message for e in found]
    with pytest.raises(ValidationError):
        check(good(**changes), TODAY)


def test_joining_exactly_at_eighteen_is_fine() -> None:
    assert fields_of(good(joined_on=dt.date(1998, 5, 6), full_on=dt.date(1999, 5, 6))) == []


def test_mobile_with_destination_and_lost_with_month_pass() -> None:
    assert fields_of(good(mobile=True, mobile_to="广东省深圳市南山区", lost_contact=True,
                          lost_since=dt.date(2024, 3, 1))) == []


def test_fill_defaults_from_id_and_category() -> None:
    out = fill_defaults({"id_number": ID, "category": "离退休党员"})
    assert out["birth_date"] == BORN and out["sex"] == "男"
    assert out["party_status"] == "正常" and out["management"] == "托管"
    assert fill_defaults({"category": "常住党员"})["management"] == "—"


@pytest.mark.parametrize("born,years,band", [
    (dt.date(1991, 7, 1), 35, "35岁及以下"), (dt.date(1991, 6, 30), 35, "35岁及以下"),
    (dt.date(1990, 7, 1), 36, "36–45岁"), (dt.date(1980, 7, 2), 45, "36–45岁"),
    (dt.date(1980, 7, 1), 46, "46–59岁"), (dt.date(1966, 7, 2), 59, "46–59岁"),
    (dt.date(1966, 7, 1), 60, "60岁及以上"),
])
def test_age_and_band(born: dt.date, years: int, band: str) -> None:
    assert age(born, TODAY) == years
    assert age_band(age(born, TODAY)) == band


@pytest.mark.parametrize("band", AGE_BANDS)
def test_band_birth_range_agrees_with_age_band(band: str) -> None:
    earliest, latest = band_birth_range(band, TODAY)
    for bound in (earliest, latest):
        if bound is not None:
            assert age_band(age(bound, TODAY)) == band
    if earliest is not None:
        assert age_band(age(earliest - dt.timedelta(days=1), TODAY)) != band
    if latest is not None:
        assert age_band(age(latest + dt.timedelta(days=1), TODAY)) != band
