"""Candidates through the stages: dated steps, the warnings, the introducers, and becoming a
预备党员 making the member record (with its event and audit) in the same transaction."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.kit.changes import Change
from app.domain.kit.errors import ConflictError, ValidationError
from app.services.members.query import MemberQuery
from app.services.orglife.candidates_rows import AdvanceInput, CandidateQuery
from tests.services.orglife.candidate_helpers import TODAY, candidate, setup, years_ago


def _to_target(services, org_id: int, name: str = "李明") -> int:
    c = services.candidates.create(candidate(org_id, name, activist_on=years_ago(3)))
    return services.candidates.advance(c.id, AdvanceInput(years_ago(2))).id


def test_a_candidate_is_registered_at_the_stage_their_dates_show(services) -> None:
    tree, *_ = setup(services)
    heard: list[frozenset] = []
    services.hub.subscribe(heard.append)
    c = services.candidates.create(candidate(tree.branch_a, activist_on=years_ago(2)))
    assert (c.stage, c.org_name, c.sex, c.birth_date) == ("入党积极分子", "第一网格党支部", "男", dt.date(1998, 4, 5))
    assert heard == [frozenset({Change.ORGLIFE})]
    assert services.candidates.search_ids(CandidateQuery(stage="入党积极分子")) == [c.id]
    assert services.candidates.count(CandidateQuery(org_id=tree.branch_b)) == 0


def test_the_whole_way_to_full_membership(services) -> None:
    tree, one, two, _prob = setup(services)
    cid = _to_target(services, tree.branch_a)
    heard: list[frozenset] = []
    services.hub.subscribe(heard.append)
    step = AdvanceInput(years_ago(1, 10), introducer1_id=one, introducer2_id=two, review="政审合格",
                        review_on=years_ago(1, 40), training="党校培训三天", training_on=years_ago(1, 30))
    assert services.candidates.warnings(cid, step) == []
    row = services.candidates.advance(cid, step)
    assert heard == [frozenset({Change.ORGLIFE, Change.MEMBERS})]
    assert row.stage == "预备党员" and row.member_id is not None
    assert (row.introducer1_name, row.introducer2_name) == ("王建国", "李秀英")
    m = services.members.get(row.member_id)
    assert (m.name, m.member_type, m.joined_on, m.org_id, m.introducers, m.native_place) == (
        "李明", "预备党员", years_ago(1, 10), tree.branch_a, "王建国、李秀英", "山东青岛")
    assert [e.kind for e in services.members.events(m.id)] == ["接收为预备党员"]
    # a year of 预备期 done: full membership on the member record too
    full = services.candidates.advance(cid, AdvanceInput(TODAY))
    m = services.members.get(row.member_id)
    assert (full.stage, m.member_type, m.full_on) == ("正式党员", "正式党员", TODAY)
    assert [e.kind for e in services.members.events(m.id)] == ["接收为预备党员", "转为正式党员"]
    trail = {(e.entity, e.action) for e in services.audit.recent()}
    assert {("member", "接收为预备党员"), ("candidate", "推进为预备党员"), ("member", "转为正式党员"),
            ("candidate", "推进为正式党员")} <= trail
    with pytest.raises(ValidationError, match="发展程序已完成"):
        services.candidates.advance(cid, AdvanceInput(TODAY))


def test_waiting_times_are_warnings_not_refusals(services) -> None:
    tree, one, two, _ = setup(services)
    c = services.candidates.create(candidate(tree.branch_a, activist_on=years_ago(0, 100)))
    warned = services.candidates.warnings(c.id, AdvanceInput(TODAY))
    assert len(warned) == 1 and "不满一年" in warned[0]
    assert services.candidates.advance(c.id, AdvanceInput(TODAY)).stage == "发展对象"
    admitted = services.candidates.advance(c.id, AdvanceInput(TODAY, one, two))
    assert admitted.stage == "预备党员"
    early = services.candidates.warnings(c.id, AdvanceInput(TODAY))
    assert any("预备期" in w for w in early)


@pytest.mark.parametrize("which", ["probationary", "missing", "same", "one"])
def test_introducers_are_two_full_members_from_the_roster(services, which: str) -> None:
    tree, one, two, prob = setup(services)
    cid = _to_target(services, tree.branch_a)
    pair = {"probationary": (one, prob), "missing": (one, 99999), "same": (one, one), "one": (one, None)}[which]
    message = {"probationary": "须由正式党员担任", "missing": "找不到", "same": "同一人", "one": "两名入党介绍人"}
    with pytest.raises(ValidationError, match=message[which]):
        services.candidates.advance(cid, AdvanceInput(TODAY, *pair))
    # nothing was made: no member, the candidate still a 发展对象
    assert services.candidates.get(cid).stage == "发展对象"
    assert services.members.count(MemberQuery(text="李明")) == 0


def test_a_future_step_and_an_earlier_step_are_refused(services) -> None:
    tree, *_ = setup(services)
    c = services.candidates.create(candidate(tree.branch_a))
    with pytest.raises(ValidationError, match="晚于今天"):
        services.candidates.advance(c.id, AdvanceInput(TODAY + dt.timedelta(days=1)))
    with pytest.raises(ValidationError, match="早于入党申请日期"):
        services.candidates.advance(c.id, AdvanceInput(years_ago(5)))
    with pytest.raises(ValidationError, match="请填写确定为积极分子日期"):
        services.candidates.advance(c.id, AdvanceInput(None))


def test_an_applicant_under_eighteen_is_refused(services) -> None:
    tree, *_ = setup(services)
    from tests.services.orglife.candidate_helpers import candidate_id_number

    young = candidate_id_number(born=years_ago(17))
    with pytest.raises(ValidationError, match="未满18周岁"):
        services.candidates.create(candidate(tree.branch_a, id_number=young, applied_on=TODAY))
    assert services.candidates.count(CandidateQuery()) == 0


def test_bad_id_number_and_duplicates_are_refused(services) -> None:
    tree, one, *_ = setup(services)
    first = services.candidates.create(candidate(tree.branch_a))
    bad = first.id_number[:-1] + ("0" if first.id_number[-1] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位"):
        services.candidates.create(candidate(tree.branch_a, id_number=bad))
    with pytest.raises(ConflictError, match="已登记为入党申请人“李明”"):
        services.candidates.create(candidate(tree.branch_a, "李明二", id_number=first.id_number))
    roster = services.members.get(one).id_number
    with pytest.raises(ConflictError, match="已在党员名册中"):
        services.candidates.create(candidate(tree.branch_a, "王建国", id_number=roster))


def test_an_edit_does_not_move_the_stage(services) -> None:
    tree, one, two, _ = setup(services)
    c = services.candidates.create(candidate(tree.branch_a))
    from dataclasses import replace

    with pytest.raises(ValidationError, match="推进到下一阶段"):
        services.candidates.update(c.id, replace(c.as_input(), activist_on=years_ago(1)), c.version)
    with pytest.raises(ValidationError, match="推进到下一阶段"):
        services.candidates.create(candidate(tree.branch_a, "周", activist_on=years_ago(3),
                                             target_on=years_ago(2), admitted_on=years_ago(1)))
    edited = services.candidates.update(c.id, replace(c.as_input(), phone="13900001111", native_place="河北"),
                                        c.version)
    assert (edited.phone, edited.native_place, edited.stage) == ("13900001111", "河北", "入党申请人")


def test_stage_counts_as_at_a_day(services) -> None:
    tree, *_ = setup(services)
    services.candidates.create(candidate(tree.branch_a, "甲"))
    services.candidates.create(candidate(tree.branch_a, "乙", activist_on=years_ago(2)))
    _to_target(services, tree.branch_b, "丙")
    now = services.candidates.stage_counts(tree.community)
    assert (now["入党申请人"], now["入党积极分子"], now["发展对象"]) == (1, 1, 1)
    then = services.candidates.stage_counts(tree.community, years_ago(3, -10))
    assert (then["入党申请人"], then["入党积极分子"], then["发展对象"]) == (2, 1, 0)
    assert services.candidates.stage_counts(tree.other_community)["入党申请人"] == 0
