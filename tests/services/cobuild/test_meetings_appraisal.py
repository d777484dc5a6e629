"""Joint meetings with attending units and decisions that become projects; the yearly mutual
appraisal: criteria copied forward, weighted totals, tied ranks, grades from the setting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.domain.cobuild.appraisal import DEFAULT_CRITERIA, Criterion
from app.domain.kit.errors import ConflictError, ValidationError
from app.services.cobuild.appraisal import OF_COMMUNITY, OF_UNIT
from app.services.cobuild.list_rows import ListQuery
from app.services.cobuild.meetings import MeetingInput, MeetingQuery
from app.services.container import Services
from tests.services.cobuild.helpers import Tree, build_tree, unit

TODAY = dt.date.today()


@pytest.fixture
def tree(services: Services) -> Tree:
    return build_tree(services)


def test_a_meeting_with_its_units_and_a_decision_that_becomes_a_project(services: Services, tree: Tree) -> None:
    a = services.units.create(unit(tree.community, "青山县人民医院")).id
    b = services.units.create(unit(tree.community, "青山县实验小学")).id
    held = TODAY - dt.timedelta(days=3)
    m = services.meetings.create(MeetingInput(org_id=tree.community, held_on=held, place="社区党群服务中心",
                                              host="王书记", attendees="王书记、李主任、各单位联络员",
                                              agenda="通报上半年共建情况"), [a, b, a])
    assert m.title == "共驻共建联席会议" and m.unit_count == 2 and m.org_name == "和平社区党委"
    assert [n for _i, n in services.meetings.units(m.id)] == ["青山县人民医院", "青山县实验小学"]
    d = services.meetings.add_decision(m.id, "在和平小区建设口袋公园，由县医院牵头")
    item_id = services.meetings.decision_to_project(d.id, category="城市建设", unit_id=a)
    item = services.lists.get(item_id)
    assert (item.kind, item.status, item.category, item.raised_on) == ("项目清单", "待认领", "城市建设", held)
    assert item.raised_by.startswith("联席会")
    assert services.meetings.decisions(m.id)[0].item_id == item_id
    with pytest.raises(ValidationError, match="已经转为项目"):
        services.meetings.decision_to_project(d.id)
    with pytest.raises(ValidationError, match="不能删除"):
        services.meetings.remove(m.id)
    assert services.lists.search_ids(ListQuery(kind="项目清单")) == [item_id]
    assert services.meetings.get(m.id).decision_count == 1


def test_meetings_counted_within_a_period_and_scope(services: Services, tree: Tree) -> None:
    for day in (dt.date(2026, 3, 5), dt.date(2026, 9, 20)):
        services.meetings.create(MeetingInput(org_id=tree.community, held_on=day))
    services.meetings.create(MeetingInput(org_id=tree.other_community, held_on=dt.date(2026, 4, 1)))
    assert services.meetings.held_count(tree.community, dt.date(2026, 1, 1), dt.date(2026, 6, 30)) == 1
    assert services.meetings.held_count(tree.street, dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == 3


def test_meetings_searched_by_year_and_words_newest_first(services: Services, tree: Tree) -> None:
    m = services.meetings
    spring = m.create(MeetingInput(org_id=tree.community, held_on=dt.date(2025, 3, 5), place="县人民医院会议室")).id
    autumn = m.create(MeetingInput(org_id=tree.community, held_on=dt.date(2026, 9, 20), agenda="认领需求清单")).id
    other = m.create(MeetingInput(org_id=tree.other_community, held_on=dt.date(2026, 4, 1), host="王明")).id
    assert m.search_ids(MeetingQuery()) == [autumn, other, spring]
    assert m.search_ids(MeetingQuery(org_id=tree.community, year=2026)) == [autumn]
    assert m.search_ids(MeetingQuery(text="医院")) == [spring]
    assert m.search_ids(MeetingQuery(text="王明")) == [other]
    assert m.search_ids(MeetingQuery(text="%")) == [autumn, other, spring]  # wildcards are dropped, not obeyed
    assert m.search_ids(MeetingQuery(text="清单", year=2025)) == []


@pytest.mark.parametrize(("data", "units", "words"), [
    (MeetingInput(org_id=None, held_on=TODAY), [], "请填写主办党组织"),
    (MeetingInput(org_id=3, held_on=None), [], "请填写会议日期"),
    (MeetingInput(org_id=3, held_on=TODAY, minutes="纪" * 10001), [], "过长"),
    (MeetingInput(org_id=3, held_on=TODAY), [9999], "找不到的单位"),
])
def test_meeting_refusals(services: Services, tree: Tree, data: MeetingInput, units: list[int], words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        services.meetings.create(data, units)
    assert services.meetings.count_all() == 0
    with pytest.raises(ValidationError, match="会议决定不能为空"):
        m = services.meetings.create(MeetingInput(org_id=tree.community, held_on=TODAY))
        services.meetings.add_decision(m.id, "  ")


def scores(*values: object) -> dict[str, object]:
    return {c.name: v for c, v in zip(DEFAULT_CRITERIA, values, strict=True)}


def test_totals_ranks_and_grades(services: Services, tree: Tree) -> None:
    units = {n: services.units.create(unit(tree.community, n)).id for n in ("甲医院", "乙学校", "丙公司", "丁银行")}
    r = services.appraisals.open_year(tree.community, 2026)
    assert r.criteria == DEFAULT_CRITERIA
    sa = services.appraisals.set_scores
    assert sa(r.id, units["甲医院"], OF_UNIT, scores(95, 92, 90, 88, "96分")) == Decimal("92.20")
    sa(r.id, units["乙学校"], OF_UNIT, scores(80, 80, 80, 80, 80))
    sa(r.id, units["丙公司"], OF_UNIT, scores("80", "80.00", 80, 80, 80))
    sa(r.id, units["丁银行"], OF_UNIT, scores(50, 60, 55, 59.5, 60))
    table = services.appraisals.table(r.id)
    assert [(x.rank, x.name, str(x.total), x.grade) for x in table] == [
        (1, "甲医院", "92.20", "好"), (2, "丙公司", "80.00", "较好"), (2, "乙学校", "80.00", "较好"),
        (4, "丁银行", "56.90", "差")]
    services.settings.set("appraisal_thresholds", [95, 90, 50])
    assert [x.grade for x in services.appraisals.table(r.id)] == ["较好", "一般", "一般", "一般"]
    services.settings.set("appraisal_thresholds", [60, 80, 90])  # unusable: the defaults apply
    assert services.appraisals.table(r.id)[0].grade == "好"


def test_the_units_appraisal_of_the_community(services: Services, tree: Tree) -> None:
    a = services.units.create(unit(tree.community, "甲医院")).id
    b = services.units.create(unit(tree.community, "乙学校")).id
    r = services.appraisals.open_year(tree.community, 2026)
    services.appraisals.set_scores(r.id, a, OF_COMMUNITY, scores(90, 90, 90, 90, 90))
    services.appraisals.set_scores(r.id, b, OF_COMMUNITY, scores(85, 85, 85, 85, 85.01))
    assert services.appraisals.community_total(r.id) == Decimal("87.50")
    assert services.appraisals.table(r.id, OF_UNIT) == []
    services.appraisals.set_scores(r.id, b, OF_COMMUNITY, scores(70, 70, 70, 70, 70))  # re-entered
    assert [x.total for x in services.appraisals.table(r.id, OF_COMMUNITY)] == [Decimal("90.00"), Decimal("70.00")]


def test_criteria_are_the_years_own_and_copied_forward(services: Services, tree: Tree) -> None:
    own = [Criterion("组织共建", Decimal(30)), Criterion("服务群众", Decimal(50)), Criterion("承诺兑现", Decimal(20))]
    first = services.appraisals.open_year(tree.community, 2025, own)
    later = services.appraisals.open_year(tree.community, 2026)
    assert later.criteria == tuple(own)
    assert services.appraisals.open_year(tree.other_community, 2026).criteria == DEFAULT_CRITERIA
    with pytest.raises(ConflictError, match="2026年度的双向评议已经建立"):
        services.appraisals.open_year(tree.community, 2026)
    u = services.units.create(unit(tree.community, "甲医院")).id
    services.appraisals.set_scores(first.id, u, OF_UNIT, {"组织共建": 100, "服务群众": 80, "承诺兑现": 50})
    assert services.appraisals.table(first.id)[0].total == Decimal("80.00")  # (3000+4000+1000)/100
    with pytest.raises(ConflictError, match="已有评分"):
        services.appraisals.set_criteria(first.id, list(DEFAULT_CRITERIA))
    assert services.appraisals.clear_scores(first.id) == 1
    assert services.appraisals.set_criteria(first.id, list(DEFAULT_CRITERIA)).criteria == DEFAULT_CRITERIA


@pytest.mark.parametrize(("sheet", "words"), [
    (scores(101, 90, 90, 90, 90), "应在0至100之间"),
    (scores(90.123, 90, 90, 90, 90), "最多只能有两位小数"),
    (scores("优秀", 90, 90, 90, 90), "不是分数"),
    (scores("", 90, 90, 90, 90), "不能为空"),
    ({"组织共建": 90}, "还没有评分"),
    ({**scores(90, 90, 90, 90, 90), "额外加分": 5}, "不是本年度的评分内容"),
    (scores(float("nan"), 90, 90, 90, 90), "应在0至100之间|不是分数"),
])
def test_hostile_scores_are_refused(services: Services, tree: Tree, sheet: dict, words: str) -> None:
    u = services.units.create(unit(tree.community, "甲医院")).id
    r = services.appraisals.open_year(tree.community, 2026)
    with pytest.raises(ValidationError, match=words):
        services.appraisals.set_scores(r.id, u, OF_UNIT, sheet)
    assert services.appraisals.table(r.id) == []


def test_round_and_criteria_refusals(services: Services, tree: Tree) -> None:
    with pytest.raises(ValidationError, match="四位年份"):
        services.appraisals.open_year(tree.community, 26)
    with pytest.raises(ValidationError, match="重复"):
        services.appraisals.open_year(tree.community, 2026, [Criterion("甲", Decimal(1)), Criterion("甲", Decimal(2))])
    with pytest.raises(ValidationError, match="权重"):
        services.appraisals.open_year(tree.community, 2026, [Criterion("甲", Decimal(-1))])
    r = services.appraisals.open_year(tree.community, 2026)
    with pytest.raises(ValidationError, match="评议方向"):
        services.appraisals.set_scores(r.id, 1, "互评", {})


def test_several_sheets_saved_together_or_not_at_all(services: Services, tree: Tree) -> None:
    a = services.units.create(unit(tree.community, "甲医院")).id
    b = services.units.create(unit(tree.community, "乙学校")).id
    r = services.appraisals.open_year(tree.community, 2026)
    with pytest.raises(ValidationError, match="“乙学校”的“资源共享”“101”应在0至100之间"):
        services.appraisals.set_sheets(r.id, OF_UNIT, [(a, scores(90, 90, 90, 90, 90), ""),
                                                        (b, scores(90, 90, 101, 90, 90), "")])
    assert services.appraisals.table(r.id, OF_UNIT) == []
    totals = services.appraisals.set_sheets(r.id, OF_UNIT, [(a, scores(90, 90, 90, 90, 90), "好"),
                                                             (b, scores(80, 80, 80, 80, "８０"), "")])
    assert totals == [Decimal(90), Decimal(80)]
    assert [(row.name, row.rank, row.grade) for row in services.appraisals.table(r.id, OF_UNIT)] == \
        [("甲医院", 1, "好"), ("乙学校", 2, "较好")]
