"""The three lists: items raised, claimed, under way, finished or cancelled; illegal steps
refused in Chinese; every step dated and audited; views by kind, status, category, unit; overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from app.domain.cobuild.lists import ItemStatus
from app.domain.kit.errors import ValidationError
from app.services.cobuild.list_rows import ListItemInput, ListQuery
from app.services.container import Services
from tests.services.cobuild.helpers import Tree, build_tree, in_service, unit

TODAY = dt.date.today()
AGO = TODAY - dt.timedelta(days=30)


@pytest.fixture
def tree(services: Services) -> Tree:
    return build_tree(services)


def need(tree: Tree, title: str = "老旧小区加装扶手", **changes: object) -> ListItemInput:
    data = ListItemInput(kind="需求清单", title=title, org_id=tree.community, category="社区治理",
                         raised_by="第一网格居民", raised_on=AGO, beneficiaries=40,
                         deadline=TODAY + dt.timedelta(days=60))
    return replace(data, **changes)  # type: ignore[arg-type]


def test_an_item_goes_the_whole_way_each_step_dated_and_audited(services: Services, tree: Tree) -> None:
    hospital = services.units.create(unit(tree.community, "青山县人民医院"))
    item = services.lists.create(need(tree))
    assert item.status == "待认领" and item.claimant == ""
    claimed = services.lists.claim(item.id, AGO + dt.timedelta(days=2), unit_id=hospital.id)
    assert (claimed.status, claimed.claimant, claimed.claimant_kind) == ("已认领", "青山县人民医院", "单位")
    started = services.lists.start(item.id, AGO + dt.timedelta(days=5))
    assert started.status == "实施中" and started.started_on == AGO + dt.timedelta(days=5)
    done = services.lists.complete(item.id, TODAY, "加装扶手36处", "38人")
    assert (done.status, done.done_on, done.outcome, done.served) == ("已完成", TODAY, "加装扶手36处", 38)
    actions = [e.action for e in services.audit.recent(4)][::-1]
    assert actions == ["新增清单事项", "清单事项认领", "清单事项开始实施", "清单事项完成"]
    assert "由单位“青山县人民医院”认领" in services.audit.recent(3)[-1].summary
    assert services.audit.verify().ok


@pytest.mark.parametrize(("steps", "step", "words"), [
    ([], "start", "“待认领”的事项不能开始实施，请先认领"),
    ([], "complete", "“待认领”的事项不能完成"),
    (["claim"], "complete", "“已认领”的事项不能完成，请先开始实施"),
    (["claim"], "claim", "“已认领”的事项不能认领"),
    (["claim", "start", "complete"], "cancel", "“已完成”的事项不能取消，已完成的事项只能查看"),
    (["cancel"], "claim", "“已取消”的事项不能认领"),
    (["claim", "start"], "release", "“实施中”的事项不能退回认领"),
])
def test_steps_that_cannot_happen_are_refused(services: Services, tree: Tree, steps: list[str], step: str,
                                              words: str) -> None:
    branch = tree.branch_a
    item = services.lists.create(need(tree))
    do = {
        "claim": lambda: services.lists.claim(item.id, AGO, org_id=branch),
        "start": lambda: services.lists.start(item.id, AGO),
        "complete": lambda: services.lists.complete(item.id, AGO, "完成", 1),
        "cancel": lambda: services.lists.cancel(item.id, AGO, "居民不再需要"),
        "release": lambda: services.lists.release(item.id),
    }
    for s in steps:
        do[s]()
    before = services.lists.get(item.id)
    with pytest.raises(ValidationError, match=words):
        do[step]()
    assert services.lists.get(item.id) == before


@pytest.mark.parametrize(("call", "words"), [
    (lambda sv, i, t: sv.lists.claim(i, TODAY + dt.timedelta(days=1), org_id=t.branch_a), "认领日期.*晚于今天"),
    (lambda sv, i, t: sv.lists.claim(i, AGO - dt.timedelta(days=1), org_id=t.branch_a), "早于提出日期"),
    (lambda sv, i, t: sv.lists.claim(i, AGO), "须选择一个认领方"),
    (lambda sv, i, t: sv.lists.claim(i, AGO, org_id=t.branch_a, unit_id=1), "须选择一个认领方"),
    (lambda sv, i, t: sv.lists.claim(i, AGO, org_id=9999), "不存在或已撤销"),
    (lambda sv, i, t: sv.lists.claim(i, AGO, unit_id=9999), "不在辖区"),
    (lambda sv, i, t: sv.lists.cancel(i, AGO, "  "), "取消须写明原因"),
])
def test_claims_and_days_are_checked(services: Services, tree: Tree, call, words: str) -> None:
    item = services.lists.create(need(tree))
    with pytest.raises(ValidationError, match=words):
        call(services, item.id, tree)
    assert services.lists.get(item.id).status == "待认领"


def test_completion_needs_an_outcome_and_a_head_count(services: Services, tree: Tree) -> None:
    item = services.lists.create(need(tree))
    services.lists.claim(item.id, AGO, org_id=tree.branch_a)
    services.lists.start(item.id, AGO)
    for outcome, served, words in (("", 3, "须写明完成情况"), ("完成", "", "请填写服务人数"),
                                   ("完成", "很多", "应为整数"), ("完成", -2, "应为0或正整数"),
                                   ("完成", True, "请填写服务人数")):
        with pytest.raises(ValidationError, match=words):
            services.lists.complete(item.id, TODAY, outcome, served)
    assert services.lists.get(item.id).status == "实施中"


def test_only_in_service_members_on_record_claim(services: Services, tree: Tree) -> None:
    item = services.lists.create(need(tree))
    worker = in_service(services, tree.branch_a, "张医生")
    claimed = services.lists.claim(item.id, AGO, member_id=worker)
    assert (claimed.claimant, claimed.claimant_kind) == ("张医生", "党员")
    released = services.lists.release(item.id)
    assert released.status == "待认领" and released.claim_member_id is None and released.claimed_on is None


def test_cancelled_with_a_reason_and_finished_items_are_frozen(services: Services, tree: Tree) -> None:
    item = services.lists.create(need(tree))
    cancelled = services.lists.cancel(item.id, TODAY, "已由街道统一实施")
    assert cancelled.status == "已取消" and cancelled.cancel_reason == "已由街道统一实施"
    with pytest.raises(ValidationError, match="已取消的事项“老旧小区加装扶手”只能查看"):
        services.lists.update(item.id, cancelled.as_input())


@pytest.mark.parametrize(("changes", "words"), [
    ({"kind": "愿望清单"}, "清单“愿望清单”无法识别"),
    ({"kind": ""}, "请填写清单"),
    ({"title": "\u200b"}, "事项名称不能为空"),
    ({"title": "长" * 61}, "过长"),
    ({"deadline": AGO - dt.timedelta(days=1)}, "完成时限.*早于提出日期"),
    ({"raised_on": TODAY + dt.timedelta(days=1)}, "提出日期.*晚于今天"),
    ({"beneficiaries": -1}, "预计受益人数"),
    ({"org_id": None}, "请填写所属社区"),
    ({"unit_id": 9999}, "找不到所选单位"),
])
def test_item_refusals(services: Services, tree: Tree, changes: dict, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        services.lists.create(need(tree, **changes))
    assert services.lists.count_all() == 0


def test_list_views_by_kind_status_category_unit_and_overdue(services: Services, tree: Tree) -> None:
    hospital = services.units.create(unit(tree.community, "青山县人民医院")).id
    late = services.lists.create(need(tree, "楼道照明", deadline=AGO + dt.timedelta(days=1)))
    open_need = services.lists.create(need(tree, "助老餐桌", category="助困扶残就业", raised_on=AGO + dt.timedelta(days=3)))
    resource = services.lists.create(need(tree, "义诊服务", kind="资源", unit_id=hospital, category="健康医疗"))
    project = services.lists.create(need(tree, "口袋公园", kind="项目清单", category="城市建设",
                                         org_id=tree.other_community))
    services.lists.claim(open_need.id, TODAY, unit_id=hospital)
    ids = services.lists.search_ids
    assert ids(ListQuery(kind="需求清单")) == [open_need.id, late.id]
    assert ids(ListQuery(kind="需求清单", descending=False)) == [late.id, open_need.id]
    assert ids(ListQuery(status="已认领")) == [open_need.id]
    assert ids(ListQuery(category="城市建设")) == [project.id]
    assert sorted(ids(ListQuery(unit_id=hospital))) == sorted([open_need.id, resource.id])
    assert ids(ListQuery(overdue=True)) == [late.id]
    assert services.lists.get(late.id).overdue(TODAY)
    assert ids(ListQuery(org_id=tree.community, text="义诊")) == [resource.id]
    counts = services.lists.counts_by_status(ListQuery(org_id=tree.street))
    assert counts == {"待认领": 3, "已认领": 1, "实施中": 0, "已完成": 0, "已取消": 0}
    assert services.lists.get(resource.id).unit_name == "青山县人民医院"
    with pytest.raises(ValidationError, match="无法识别"):
        ids(ListQuery(status="进行中"))
    with pytest.raises(ValidationError, match="无法按"):
        ids(ListQuery(sort="title desc; --"))


def test_a_cancelled_overdue_item_is_not_overdue(services: Services, tree: Tree) -> None:
    item = services.lists.create(need(tree, deadline=AGO + dt.timedelta(days=1)))
    services.lists.cancel(item.id, TODAY, "不再需要")
    assert services.lists.search_ids(ListQuery(overdue=True)) == []
    assert not services.lists.get(item.id).overdue(TODAY)
    assert ItemStatus("已取消") is ItemStatus.CANCELLED


def test_raised_on_defaults_to_today(services: Services, tree: Tree) -> None:
    item = services.lists.create(need(tree, raised_on=None, deadline=None))
    assert item.raised_on == TODAY
