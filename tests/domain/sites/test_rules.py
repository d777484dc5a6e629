"""The rules of the sites area: areas kept exactly, brand steps in order, overdue follow-ups,
and what each record's fields refuse."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.domain.kit.errors import ValidationError
from app.domain.sites.fields import SITE_SPEC, STAFF_SPEC, VISIT_SPEC, staff_form, staff_only_own
from app.domain.sites.rules import area_text, check_step, is_overdue, next_step, parse_area

D = dt.date
TODAY = dt.date.today()


@pytest.mark.parametrize(("raw", "hundredths"), [
    ("120", 12000), ("120.5", 12050), ("120.50平方米", 12050), ("１２０．２５㎡", 12025), (Decimal("0.01"), 1),
    (120.1, 12010), (0.1 + 0.2, None), ("1,234.56", 123456), ("", None), (None, None),
])
def test_an_area_is_exact_hundredths_of_a_square_metre(raw: object, hundredths: int | None) -> None:
    if raw == 0.1 + 0.2:  # 0.30000000000000004: more than two decimals, refused rather than rounded
        with pytest.raises(ValidationError, match="两位小数"):
            parse_area(raw)
        return
    assert parse_area(raw) == hundredths


@pytest.mark.parametrize(("raw", "words"), [
    ("-5", "负数"), ("12.345", "两位小数"), ("很大", "应为数字"), ("2000000", "过大"), ("NaN", "应为数字"),
    (True, "应为数字"), ("=1+2", "应为数字"),
])
def test_a_wrong_area_is_refused_naming_the_field(raw: object, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        parse_area(raw, "面积（平方米）")


def test_an_area_shows_with_two_decimals() -> None:
    assert area_text(12050) == "120.50"
    assert area_text(1) == "0.01"
    assert area_text(None) == ""


def test_brand_steps_run_in_order_without_skipping() -> None:
    assert next_step([]) == "品牌申报"
    assert next_step(["品牌申报", "组织实施", "成果展示", "评比验收"]) is None
    done = [("品牌申报", D(2026, 1, 5))]
    check_step(done, "组织实施", D(2026, 2, 1), "", today=D(2026, 6, 1))
    with pytest.raises(ValidationError, match="不能跳到“成果展示”"):
        check_step(done, "成果展示", D(2026, 2, 1), "", today=D(2026, 6, 1))
    with pytest.raises(ValidationError, match="已经登记过了"):
        check_step(done, "品牌申报", D(2026, 2, 1), "", today=D(2026, 6, 1))
    with pytest.raises(ValidationError, match="早于上一步“品牌申报”"):
        check_step(done, "组织实施", D(2026, 1, 1), "", today=D(2026, 6, 1))
    with pytest.raises(ValidationError, match="晚于今天"):
        check_step(done, "组织实施", D(2026, 7, 1), "", today=D(2026, 6, 1))
    with pytest.raises(ValidationError, match="无法识别"):
        check_step(done, "验收", D(2026, 2, 1), "", today=D(2026, 6, 1))
    all_done = [(s, D(2026, 1, i + 1)) for i, s in enumerate(("品牌申报", "组织实施", "成果展示", "评比验收"))]
    with pytest.raises(ValidationError, match="都已完成"):
        check_step(all_done, "评比验收", D(2026, 2, 1), "", today=D(2026, 6, 1))


def test_a_follow_up_is_overdue_after_its_due_day_until_done() -> None:
    day = D(2026, 5, 10)
    assert not is_overdue(D(2026, 5, 10), None, day)  # due today: not yet
    assert is_overdue(D(2026, 5, 9), None, day)
    assert not is_overdue(D(2026, 5, 9), D(2026, 5, 12), day)
    assert not is_overdue(None, None, day)


def test_a_site_refuses_a_unit_unless_shared_and_dates_out_of_order() -> None:
    base = {"name": "老年活动室", "kind": "活动场所", "org_id": 1}
    with pytest.raises(ValidationError, match="只有共享型组织生活基地才填共建单位"):
        SITE_SPEC.checked({**base, "unit_id": 3})
    with pytest.raises(ValidationError, match="须选择提供场地的共建单位"):
        SITE_SPEC.checked({**base, "kind": "共享型组织生活基地", "unit_id": None})
    with pytest.raises(ValidationError, match="停用日期.*早于启用日期"):
        SITE_SPEC.checked({**base, "opened_on": "2025-05-01", "closed_on": "2024-01-01"})
    with pytest.raises(ValidationError, match="启用日期.*晚于今天"):
        SITE_SPEC.checked({**base, "opened_on": TODAY + dt.timedelta(days=3)})
    with pytest.raises(ValidationError, match="标准化建设年份“1900”不对"):
        SITE_SPEC.checked({**base, "standardised_year": "1900"})
    with pytest.raises(ValidationError, match="阵地名称过长"):
        SITE_SPEC.checked({**base, "name": "长" * 61})
    assert SITE_SPEC.checked({**base, "area": "86.5"})["area"] == 8650


def test_each_kind_of_staff_shows_and_keeps_only_its_own_fields() -> None:
    assert [f.key for f in staff_form("专职党务工作者")] == [
        "name", "id_number", "org_id", "hired_year", "hire_way", "certified", "certificate", "certified_on", "remarks"]
    posted = staff_form("第一书记")
    assert posted[0].key == "kind" and tuple(posted[0].choices) == ("第一书记", "副书记")
    assert "hire_way" not in [f.key for f in posted]
    cleared = staff_only_own({"kind": "两委成员", "name": "甲", "org_id": 1, "post": "主任", "hire_way": "选调",
                              "certified": True, "hired_year": 2020})
    assert cleared["post"] == "主任" and cleared["hire_way"] == "" and cleared["certified"] is False
    assert cleared["hired_year"] is None
    with pytest.raises(ValidationError, match="请填写派出单位"):
        STAFF_SPEC.checked({"kind": "第一书记", "name": "王", "org_id": 1, "home_unit": ""})
    with pytest.raises(ValidationError, match="请填写两委职务"):
        STAFF_SPEC.checked({"kind": "两委成员", "name": "王", "org_id": 1, "post": ""})
    with pytest.raises(ValidationError, match="招聘方式“外包”无法识别"):
        STAFF_SPEC.checked({"kind": "专职党务工作者", "name": "王", "org_id": 1, "hire_way": "外包"})
    with pytest.raises(ValidationError, match="未勾选“持证上岗”"):
        STAFF_SPEC.checked({"kind": "专职党务工作者", "name": "王", "org_id": 1, "certified": False,
                            "certificate": "社工证"})
    with pytest.raises(ValidationError, match="任期结束日期.*早于任职开始日期"):
        STAFF_SPEC.checked({"kind": "两委成员", "name": "王", "org_id": 1, "post": "委员",
                            "term_start": "2025-01-01", "term_end": "2024-01-01"})


def test_a_visit_needs_its_follow_up_before_a_due_or_done_date() -> None:
    base = {"visitor": "李秀兰", "org_id": 1, "household": "3号楼", "visited_on": D(2026, 3, 1)}
    with pytest.raises(ValidationError, match="没有填跟进事项"):
        VISIT_SPEC.checked({**base, "follow_up": "", "due_on": D(2026, 3, 9)})
    with pytest.raises(ValidationError, match="办理期限.*早于走访日期"):
        VISIT_SPEC.checked({**base, "follow_up": "报修", "due_on": D(2026, 2, 9)})
    with pytest.raises(ValidationError, match="请填写走访日期"):
        VISIT_SPEC.checked({**base, "visited_on": None})
    with pytest.raises(ValidationError, match="走访日期“2026-13-01”"):
        VISIT_SPEC.checked({**base, "visited_on": "2026-13-01"})
