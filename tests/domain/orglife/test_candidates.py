"""The 发展党员 rules: age at application, dates in order and not in the future (refused), the
waiting times (warned), the introducers; at the edges: exactly a year, a day short, 29 February."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.kit.errors import ValidationError
from app.domain.kit.idcard import make_id
from app.domain.orglife import candidates as rules
from app.domain.orglife.candidates_fields import CANDIDATE_SPEC

TODAY = dt.date(2026, 6, 1)


def dated(**days: dt.date | None) -> dict[str, object]:
    return {"birth_date": dt.date(1995, 3, 1), **days}


def messages(values: dict[str, object]) -> list[str]:
    return [p.message for p in rules.problems(values, TODAY)]


def test_eighteen_on_the_day_of_application_is_allowed_and_a_day_before_is_refused() -> None:
    born = dt.date(2004, 5, 20)
    assert messages({"birth_date": born, "applied_on": dt.date(2022, 5, 20)}) == []
    found = messages({"birth_date": born, "applied_on": dt.date(2022, 5, 19)})
    assert found and "未满18周岁" in found[0] and "2004年5月20日" in found[0]


def test_born_on_29_february_turns_eighteen_on_1_march() -> None:
    born = dt.date(2004, 2, 29)
    assert messages({"birth_date": born, "applied_on": dt.date(2022, 2, 28)})
    assert messages({"birth_date": born, "applied_on": dt.date(2022, 3, 1)}) == []


def test_a_future_date_is_refused_naming_the_stage() -> None:
    found = rules.problems(dated(applied_on=dt.date(2026, 1, 1), activist_on=dt.date(2026, 6, 2)), TODAY)
    assert [(p.field, "晚于今天" in p.message) for p in found] == [("activist_on", True)]


def test_stages_must_come_in_order_with_non_decreasing_dates() -> None:
    skipped = rules.problems(dated(applied_on=dt.date(2020, 1, 1), target_on=dt.date(2021, 1, 1)), TODAY)
    assert skipped[0].field == "activist_on" and "依次办理" in skipped[0].message
    backwards = rules.problems(dated(applied_on=dt.date(2020, 5, 1), activist_on=dt.date(2020, 4, 30)), TODAY)
    assert backwards[0].field == "activist_on" and "早于入党申请日期" in backwards[0].message
    same_day = dated(applied_on=dt.date(2020, 5, 1), activist_on=dt.date(2020, 5, 1))
    assert rules.problems(same_day, TODAY) == []


def test_no_application_date_is_refused() -> None:
    assert rules.problems(dated(), TODAY)[0].field == "applied_on"


@pytest.mark.parametrize(("activist", "target", "warned"), [
    (dt.date(2023, 3, 1), dt.date(2024, 3, 1), False),  # exactly one year
    (dt.date(2023, 3, 1), dt.date(2024, 2, 29), True),  # one day short (a leap year)
    (dt.date(2024, 2, 29), dt.date(2025, 2, 28), True),  # a year from 29 February ends on 1 March
    (dt.date(2024, 2, 29), dt.date(2025, 3, 1), False),
])
def test_a_year_as_activist_before_becoming_a_target(activist: dt.date, target: dt.date, warned: bool) -> None:
    values = dated(applied_on=dt.date(2022, 1, 1), activist_on=activist, target_on=target)
    assert rules.problems(values, TODAY) == []
    found = [w for w in rules.warnings(values) if "积极分子" in w]
    assert bool(found) is warned
    if warned:
        assert "不满一年" in found[0]


def test_a_year_of_probation_before_full_membership() -> None:
    base = dated(applied_on=dt.date(2020, 1, 1), activist_on=dt.date(2020, 3, 1), target_on=dt.date(2021, 4, 1),
                 admitted_on=dt.date(2022, 7, 1), review_on=dt.date(2022, 5, 1), training_on=dt.date(2022, 6, 1))
    assert rules.warnings({**base, "full_on": dt.date(2023, 7, 1)}) == []
    short = rules.warnings({**base, "full_on": dt.date(2023, 6, 30)})
    assert len(short) == 1 and "预备期" in short[0] and "2023年7月1日" in short[0]


def test_admission_without_review_or_training_is_warned() -> None:
    values = dated(applied_on=dt.date(2020, 1, 1), activist_on=dt.date(2020, 3, 1),
                   target_on=dt.date(2021, 4, 1), admitted_on=dt.date(2022, 7, 1))
    assert {"尚未记录政治审查（日期）", "尚未记录集中培训（结业日期）"} <= set(rules.warnings(values))


def test_stage_of_and_next_stage() -> None:
    assert rules.stage_of({"applied_on": dt.date(2020, 1, 1)}) == "入党申请人"
    assert rules.stage_of({"applied_on": dt.date(2020, 1, 1), "activist_on": dt.date(2020, 2, 1)}) == "入党积极分子"
    assert rules.next_stage("发展对象") == "预备党员" and rules.next_stage("正式党员") is None


def test_introducers_must_be_two_distinct_full_members_on_the_roll() -> None:
    full = ("王建国", "正式党员", "在册")
    assert rules.introducer_problems([full, ("李秀英", "正式党员", "在册")], "X", ("A", "B")) == []
    assert rules.introducer_problems([full])[0].field == "introducer2_id"
    probationary = rules.introducer_problems([full, ("赵新", "预备党员", "在册")], "", ("A", "B"))
    assert "须由正式党员担任" in probationary[0].message and probationary[0].field == "introducer2_id"
    assert "找不到" in rules.introducer_problems([None, full], "", ("", "B"))[0].message
    assert "已转出" in rules.introducer_problems([full, ("钱", "正式党员", "已转出")], "", ("A", "B"))[0].message
    assert "同一人" in rules.introducer_problems([full, full], "", ("A", "A"))[0].message


def test_the_spec_checks_the_id_number_and_derives_sex_and_birth() -> None:
    number = make_id("370102", dt.date(2000, 1, 1), "女", sequence=4)
    values = CANDIDATE_SPEC.checked({"name": "李 明", "id_number": number, "org_id": 3,
                                     "applied_on": dt.date(2020, 1, 2)})
    assert (values["name"], values["sex"], values["birth_date"]) == ("李明", "女", dt.date(2000, 1, 1))
    bad = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位"):
        CANDIDATE_SPEC.checked({"name": "李明", "id_number": bad, "org_id": 3, "applied_on": dt.date(2020, 1, 2)})
    with pytest.raises(ValidationError, match="未满18周岁"):
        CANDIDATE_SPEC.checked({"name": "李明", "id_number": number, "org_id": 3, "applied_on": dt.date(2017, 12, 31)})


@pytest.mark.parametrize(("key", "value", "message"), [
    ("name", "张" * 31, "过长"),
    ("name", "\u200b\u200b", "不能为空"),
    ("training", "培" * 501, "500"),
    ("phone", "12345", "联系电话"),
    ("applied_on", "2020-02-30", "入党申请日期"),
    ("native_place", "山" * 31, "过长"),
])
def test_hostile_form_values_are_refused_naming_the_field(key: str, value: str, message: str) -> None:
    number = make_id("370102", dt.date(2000, 1, 1), "女", sequence=4)
    raw = {"name": "李明", "id_number": number, "org_id": 3, "applied_on": dt.date(2020, 1, 2), key: value}
    with pytest.raises(ValidationError, match=message) as caught:
        CANDIDATE_SPEC.checked(raw)
    assert caught.value.field == key
