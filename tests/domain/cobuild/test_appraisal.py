"""双向评议: criteria and weights, totals, grades, ranking with ties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.cobuild.appraisal import (
    DEFAULT_CRITERIA,
    Criterion,
    Thresholds,
    appraise,
    check_criteria,
    grade,
    parse_score,
    total_score,
    weights_note,
)
from app.domain.kit.errors import ValidationError

NAMES = [c.name for c in DEFAULT_CRITERIA]


def sheet(*scores: object) -> dict[str, object]:
    return dict(zip(NAMES, scores, strict=True))


def test_default_criteria() -> None:
    assert NAMES == ["组织共建", "活动共办", "资源共享", "服务共抓", "承诺兑现"]
    assert sum(c.weight for c in DEFAULT_CRITERIA) == 100
    assert weights_note(DEFAULT_CRITERIA) is None


def test_total_is_the_weighted_average() -> None:
    assert total_score(sheet(90, 80, 70, 60, 100), DEFAULT_CRITERIA, "区财政局") == Decimal("80.00")
    criteria = [Criterion("组织共建", Decimal(30)), Criterion("承诺兑现", Decimal(70))]
    assert total_score({"组织共建": 90, "承诺兑现": 80}, criteria, "甲") == Decimal("83.00")


def test_weights_not_adding_to_100_are_normalised() -> None:
    criteria = [Criterion("组织共建", Decimal(1)), Criterion("承诺兑现", Decimal(2))]
    assert total_score({"组织共建": 100, "承诺兑现": 85}, criteria, "甲") == Decimal("90.00")
    assert total_score({"组织共建": 100, "承诺兑现": 86}, criteria, "甲") == Decimal("90.67")
    note = weights_note(criteria)
    assert note is not None and "合计为3" in note and "百分制" in note


def test_missing_or_unknown_scores_are_named() -> None:
    scores = sheet(90, 80, 70, 60, 100)
    del scores["资源共享"]
    with pytest.raises(ValidationError, match="市第一医院的“资源共享”还没有评分"):
        total_score(scores, DEFAULT_CRITERIA, "市第一医院")
    with pytest.raises(ValidationError, match="“环境卫生”不是本年度的评分内容"):
        total_score({**sheet(90, 80, 70, 60, 100), "环境卫生": 90}, DEFAULT_CRITERIA, "甲")


@pytest.mark.parametrize(("raw", "value"), [("85", "85.00"), ("８５．５", "85.50"), (85.5, "85.50"),
                                            ("90分", "90.00"), (0, "0.00"), (100, "100.00")])
def test_scores_as_typed(raw: object, value: str) -> None:
    assert parse_score(raw) == Decimal(value)


@pytest.mark.parametrize(("raw", "text"), [("101", "0至100"), (-1, "0至100"), ("85.555", "两位小数"),
                                           ("优", "不是分数"), ("", "不能为空"), (None, "不能为空"),
                                           ("NaN", "0至100"), (float("inf"), "0至100"), (True, "不能为空")])
def test_bad_scores_are_refused(raw: object, text: str) -> None:
    with pytest.raises(ValidationError, match=text):
        parse_score(raw, "组织共建")


@pytest.mark.parametrize(("total", "expected"),
                         [("100", "好"), ("90", "好"), ("89.99", "较好"), ("80", "较好"),
                          ("79.99", "一般"), ("60", "一般"), ("59.99", "差"), ("0", "差")])
def test_grades_at_the_thresholds(total: str, expected: str) -> None:
    assert grade(Decimal(total)) == expected


def test_thresholds_are_a_setting() -> None:
    strict = Thresholds(Decimal(95), Decimal(85), Decimal(70))
    assert grade(Decimal(92), strict) == "较好"
    for bad in ((90, 90, 60), (90, 80, 0), (101, 80, 60), (60, 80, 90)):
        with pytest.raises(ValidationError, match="分数线"):
            Thresholds(*(Decimal(v) for v in bad))


def test_criteria_are_checked() -> None:
    with pytest.raises(ValidationError, match="至少"):
        check_criteria([])
    with pytest.raises(ValidationError, match="重复"):
        check_criteria([Criterion("组织共建", Decimal(50)), Criterion(" 组织共建", Decimal(50))])
    with pytest.raises(ValidationError, match="权重"):
        check_criteria([Criterion("组织共建", Decimal(0))])
    with pytest.raises(ValidationError, match="名称不能为空"):
        check_criteria([Criterion("  ", Decimal(10))])


def test_the_table_ranks_with_ties() -> None:
    rows = appraise([
        ("区财政局", sheet(90, 90, 90, 90, 90)),
        ("市第一医院", sheet(95, 95, 95, 95, 95)),
        ("城关中学", sheet(100, 80, 90, 90, 90)),  # also 90.00
        ("供电所", sheet(50, 60, 55, 70, 60)),
    ])
    assert [(r.rank, r.name, str(r.total), r.grade) for r in rows] == [
        (1, "市第一医院", "95.00", "好"),
        (2, "区财政局", "90.00", "好"),
        (2, "城关中学", "90.00", "好"),
        (4, "供电所", "59.00", "差"),
    ]


def test_ties_are_judged_on_the_total_shown() -> None:
    criteria = [Criterion("甲", Decimal(1)), Criterion("乙", Decimal(2))]
    # 85.333… and 85.326… both show 85.33 and share the rank
    rows = appraise([("A", {"甲": 86, "乙": 85}), ("B", {"甲": "85.00", "乙": "85.49"})], criteria)
    assert [str(r.total) for r in rows] == ["85.33", "85.33"]
    assert [r.rank for r in rows] == [1, 1]


scores = st.decimals(min_value=0, max_value=100, places=2)


@given(st.lists(st.tuples(scores, scores, scores, scores, scores), min_size=1, max_size=15))
def test_rank_is_one_plus_the_number_of_better_totals(sheets: list[tuple[Decimal, ...]]) -> None:
    rows = appraise([(f"单位{i}", sheet(*s)) for i, s in enumerate(sheets)])
    totals = [r.total for r in rows]
    assert totals == sorted(totals, reverse=True)
    for r in rows:
        assert r.rank == 1 + sum(1 for t in totals if t > r.total)
        assert min(r.scores.values()) <= r.total <= max(r.scores.values())
        assert list(r.scores) == NAMES
        assert r.grade == grade(r.total)
