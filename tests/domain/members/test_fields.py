"""The member field declaration: labels, import headers, cleaners, masking."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.kit.errors import ValidationError
from app.domain.kit.fields import normalize_header
from app.domain.members.fields import (
    FIELDS_BY_KEY,
    HEADER_INDEX,
    MEMBER_FIELDS,
    NATIONAL_KEYS,
    clean_values,
)


def test_all_sixteen_national_items_are_declared() -> None:
    labels = [FIELDS_BY_KEY[k].label for k in NATIONAL_KEYS]
    assert labels == ["姓名", "性别", "民族", "公民身份号码", "出生日期", "学历", "人员类别", "所在党组织",
                      "加入党组织日期", "转为正式党员日期", "工作岗位", "联系电话", "家庭住址", "党籍状态",
                      "失联", "流动"]
    assert {"失联年月", "外出流向", "党员类别", "管理方式", "工作单位", "所在网格", "党员中心户", "备注"} <= {
        f.label for f in MEMBER_FIELDS}


@pytest.mark.parametrize("header,label", [
    ("身份证号", "公民身份号码"), ("身份证号码", "公民身份号码"), ("证件号码", "公民身份号码"),
    ("出生年月", "出生日期"), ("入党时间", "加入党组织日期"), ("转正日期", "转为正式党员日期"),
    ("手机号", "联系电话"), ("联系方式", "联系电话"), ("所在党支部", "所在党组织"), ("支部", "所在党组织"),
    ("文化程度", "学历"), ("* 姓 名", "姓名"), ("是否流动党员", "流动"), ("是否失联", "失联"),
])
def test_import_headers_find_their_field(header: str, label: str) -> None:
    assert HEADER_INDEX[normalize_header(header)].label == label


def test_no_header_means_two_fields() -> None:
    seen: dict[str, str] = {}
    for f in MEMBER_FIELDS:
        for h in f.headers:
            key = normalize_header(h)
            assert key not in seen, f"{h} 同时属于 {seen[key]} 和 {f.label}"
            seen[key] = f.label


def test_cleaners_turn_cells_into_values() -> None:
    out = clean_values({
        "name": " 张 三 ", "sex": "男性", "ethnicity": "汉", "id_number": "11010519491231002x",
        "birth_date": "1949.12.31", "education": "本科", "member_type": "正式", "joined_on": 25000.0,
        "phone": 13812345678.0, "lost_contact": "否", "mobile": "是", "center_household": "√",
        "category": "退休", "management": "",
    })
    assert out["name"] == "张三"
    assert out["sex"] == "男"
    assert out["ethnicity"] == "汉族"
    assert out["id_number"] == "11010519491231002X"
    assert out["birth_date"] == dt.date(1949, 12, 31)
    assert out["education"] == "大学本科"
    assert out["member_type"] == "正式党员"
    assert out["joined_on"] == dt.date(1968, 6, 11)
    assert out["phone"] == "13812345678"
    assert (out["lost_contact"], out["mobile"], out["center_household"]) == (False, True, True)
    assert out["category"] == "离退休党员"
    assert out["management"] == ""


def test_bad_bool_names_the_field() -> None:
    with pytest.raises(ValidationError, match="党员中心户“也许”请填“是”或“否”"):
        FIELDS_BY_KEY["center_household"].cleaned("也许")


def test_masking_of_id_and_phone() -> None:
    assert FIELDS_BY_KEY["id_number"].mask("11010519491231002X") == "110***********002X"
    assert FIELDS_BY_KEY["phone"].mask("13812345678") == "138****5678"
    assert FIELDS_BY_KEY["name"].mask is None
