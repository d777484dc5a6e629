"""Value lists: everyday spellings map to the standard values."""

from __future__ import annotations

import pytest

from app.domain.kit.errors import ValidationError
from app.domain.members import catalog


def test_ethnic_list_follows_gb_t_3304() -> None:
    assert len(catalog.ETHNIC_GROUPS) == 58
    assert catalog.ETHNIC_GROUPS[0] == ("01", "汉族")
    assert catalog.ETHNIC_GROUPS[55] == ("56", "基诺族")
    assert catalog.ETHNIC_CODE["外国血统中国籍人士"] == "98"
    assert catalog.ETHNIC_CODE["其他"] == "97"
    assert len(set(catalog.ETHNIC_NAMES)) == 58


@pytest.mark.parametrize("raw,expected", [("汉", "汉族"), ("汉族", "汉族"), ("01", "汉族"), ("3", "回族"),
                                          ("维吾尔", "维吾尔族"), ("维族", "维吾尔族"), (" 满 族", "满族"),
                                          ("", "")])
def test_ethnic_spellings(raw: str, expected: str) -> None:
    assert catalog.parse_ethnic(raw) == expected


def test_unknown_ethnic_group_is_refused() -> None:
    with pytest.raises(ValidationError, match="民族“火星”无法识别"):
        catalog.parse_ethnic("火星")


@pytest.mark.parametrize("raw,expected", [
    ("本科", "大学本科"), ("大专", "大学专科"), ("中专", "中等职业"), ("硕士", "研究生（硕士）"),
    ("博士", "研究生（博士）"), ("研究生(硕士)", "研究生（硕士）"), ("研究生博士", "研究生（博士）"),
    ("高中", "高中"), ("技校", "中等职业"), ("文盲", "其他"),
])
def test_education_spellings(raw: str, expected: str) -> None:
    assert catalog.parse_education(raw) == expected


def test_plain_research_degree_must_say_which() -> None:
    with pytest.raises(ValidationError, match="博士.*硕士"):
        catalog.parse_education("研究生")


def test_choices_in_messages() -> None:
    with pytest.raises(ValidationError) as e:
        catalog.parse_category("领导党员")
    assert "在职党员" in e.value.message and e.value.field == "党员类别"


@pytest.mark.parametrize("parse,raw,expected", [
    (catalog.parse_member_type, "预备", "预备党员"),
    (catalog.parse_member_type, "正式党员", "正式党员"),
    (catalog.parse_party_status, "停止", "停止党籍"),
    (catalog.parse_category, "在职", "在职党员"),
    (catalog.parse_category, "退休", "离退休党员"),
    (catalog.parse_category, "流动党员", "流动党员"),
    (catalog.parse_management, "-", "—"),
    (catalog.parse_management, "双管", "双管"),
    (catalog.parse_sex, "女性", "女"),
])
def test_other_lists(parse, raw: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert parse(raw) == expected


def test_default_management_follows_category() -> None:
    assert catalog.DEFAULT_MANAGEMENT == {"在职党员": "双管", "离退休党员": "托管", "流动党员": "协管"}
