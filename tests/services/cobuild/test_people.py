"""大党委 part-time members and two-way postings: who, which unit, terms flagged, serving on a day."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from app.domain.kit.errors import ValidationError
from app.services.cobuild.rows import CouncilInput, SecondmentInput
from app.services.container import Services
from tests.services.cobuild.helpers import Tree, build_tree, in_service, unit


@pytest.fixture
def tree(services: Services) -> Tree:
    return build_tree(services)


def test_a_council_member_from_a_unit_with_a_term_flagged_when_ended(services: Services, tree: Tree) -> None:
    hospital = services.units.create(unit(tree.community, "青山县人民医院"))
    today = dt.date.today()
    row = services.council.create(CouncilInput(
        name="刘 志强", org_id=tree.community, unit_id=hospital.id, council_post="兼职委员",
        unit_post="党委副书记", phone="13812340000", term_start=today - dt.timedelta(days=800),
        term_end=today - dt.timedelta(days=5)))
    assert row.name == "刘志强" and row.unit_name == "青山县人民医院" and row.org_name == "和平社区党委"
    state = row.term(today)
    assert state.expired and "已届满5天" in state.label
    assert not row.serving_on(today)
    renewed = services.council.update(row.id, replace(row.as_input(), term_end=today + dt.timedelta(days=60)))
    assert renewed.term(today).label == "60天后届满"
    assert [r.id for r in services.council.serving(tree.street, today)] == [row.id]
    assert services.council.serving(tree.other_community, today) == []


def test_a_council_member_who_is_on_the_roster_must_be_named_as_the_roster_does(services: Services,
                                                                              tree: Tree) -> None:
    m = in_service(services, tree.branch_a, "张医生")
    with pytest.raises(ValidationError, match="所选党员是“张医生”，与填写的姓名“张一生”不一致"):
        services.council.create(CouncilInput(name="张一生", org_id=tree.community, member_id=m))
    row = services.council.create(CouncilInput(name="张医生", org_id=tree.community, member_id=m))
    assert row.member_id == m and row.unit_id is None and row.unit_name == ""


@pytest.mark.parametrize(("changes", "words"), [
    ({"name": ""}, "姓名不能为空"),
    ({"term_start": dt.date(2026, 5, 1), "term_end": dt.date(2026, 4, 1)}, "任期届满日期2026年4月1日早于"),
    ({"phone": "abc"}, "联系电话"),
    ({"org_id": 9999}, "找不到所选党组织"),
    ({"unit_id": 9999}, "找不到所选单位"),
    ({"member_id": 9999}, "找不到所选党员"),
    ({"unit_id": "某医院"}, "须先在台账中找到"),
    ({"council_post": "职" * 31}, "过长"),
])
def test_council_refusals(services: Services, tree: Tree, changes: dict, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        services.council.create(replace(CouncilInput(name="刘志强", org_id=tree.community), **changes))
    assert services.council.count_all() == 0


def test_a_left_unit_is_kept_on_an_existing_record_but_not_given_to_a_new_one(services: Services,
                                                                            tree: Tree) -> None:
    u = services.units.create(unit(tree.community, "青山县粮食局"))
    row = services.council.create(CouncilInput(name="刘志强", org_id=tree.community, unit_id=u.id))
    services.units.leave(u.id, dt.date.today())
    assert services.council.update(row.id, replace(row.as_input(), unit_post="局长")).unit_post == "局长"
    with pytest.raises(ValidationError, match="已迁出辖区"):
        services.council.create(CouncilInput(name="王五", org_id=tree.community, unit_id=u.id))


def test_postings_both_ways_serving_on_a_day(services: Services, tree: Tree) -> None:
    u = services.units.create(unit(tree.community, "青山县人民医院"))
    today = dt.date.today()
    out = services.secondments.create(SecondmentInput(
        name="社区干部甲", direction="到共建单位挂职", org_id=tree.community, unit_id=u.id,
        starts_on=today - dt.timedelta(days=30), post="办公室副主任"))
    came = services.secondments.create(SecondmentInput(
        name="医院干部乙", direction="来社区挂职", org_id=tree.community, unit_id=u.id,
        starts_on=today - dt.timedelta(days=300), ends_on=today - dt.timedelta(days=1)))
    assert came.direction == "共建单位来社区挂职"
    assert [r.id for r in services.secondments.serving(tree.community, today)] == [out.id]
    assert services.secondments.serving(tree.community, today - dt.timedelta(days=10),
                                        "共建单位来社区挂职")[0].id == came.id
    assert services.secondments.list_rows(unit_id=u.id)[0].unit_name == "青山县人民医院"
    services.secondments.remove(came.id)
    assert services.secondments.count_all() == 1
    assert services.audit.recent(1)[0].action == "删除挂职人员"


@pytest.mark.parametrize(("changes", "words"), [
    ({"direction": ""}, "请填写挂职方向"),
    ({"direction": "出国"}, "挂职方向“出国”无法识别"),
    ({"unit_id": None}, "共建单位"),
    ({"starts_on": None}, "挂职开始日期"),
    ({"ends_on": dt.date(2020, 1, 1)}, "挂职结束日期2020年1月1日早于"),
])
def test_posting_refusals(services: Services, tree: Tree, changes: dict, words: str) -> None:
    u = services.units.create(unit(tree.community, "青山县人民医院"))
    data = SecondmentInput(name="甲", direction="到共建单位挂职", org_id=tree.community, unit_id=u.id,
                           starts_on=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError, match=words):
        services.secondments.create(replace(data, **changes))
