"""共建协议 at the service: numbers, statuses from dates and actions (SQL and rules agree),
refused actions, renewal carrying open commitments, the list of those ending, leaving units."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace

import pytest

from app.db.models import Agreement
from app.domain.cobuild.agreements import Term, agreement_status, renewal_term
from app.domain.kit.errors import ConflictError, ValidationError
from app.services.cobuild.agreement_query import AgreementQuery
from app.services.cobuild.agreement_rows import AgreementInput, CommitmentInput
from app.services.container import Services
from tests.services.cobuild.helpers import Tree, build_tree, unit

TODAY = dt.date.today()


@pytest.fixture
def tree(services: Services) -> Tree:
    return build_tree(services)


@pytest.fixture
def hospital(services: Services, tree: Tree) -> int:
    return services.units.create(unit(tree.community, "青山县人民医院", party_org_name="青山县人民医院党委")).id


def draft(tree: Tree, unit_id: int, start: dt.date = dt.date(2026, 3, 1), **changes: object) -> AgreementInput:
    data = AgreementInput(org_id=tree.community, unit_id=unit_id, starts_on=start,
                          ends_on=start.replace(year=start.year + 1) - dt.timedelta(days=1),
                          liaison_a="社区甲", liaison_b="医院乙", mechanisms="双向服务，双向承诺 双向评议")
    return replace(data, **changes)  # type: ignore[arg-type]


def test_numbers_run_per_year_and_take_the_prefix_setting(services: Services, tree: Tree, hospital: int) -> None:
    a = services.agreements.create(draft(tree, hospital))
    b = services.agreements.create(draft(tree, hospital))
    c = services.agreements.create(draft(tree, hospital, dt.date(2025, 6, 1)))
    assert (a.number, b.number, c.number) == ("共建〔2026〕1号", "共建〔2026〕2号", "共建〔2025〕1号")
    services.settings.set("cobuild_number_prefix", "和平社区共建")
    d = services.agreements.create(draft(tree, hospital))
    assert d.number == "和平社区共建〔2026〕1号"
    typed = services.agreements.create(draft(tree, hospital, number="共建[2026]第９号"))
    assert typed.number == "共建〔2026〕9号"
    with pytest.raises(ConflictError, match="协议编号“共建〔2026〕9号”已被另一份协议使用"):
        services.agreements.create(draft(tree, hospital, number="共建（2026）9号"))
    assert a.mechanisms == "双向承诺、双向服务、双向评议"
    assert a.unit_party_org == "青山县人民医院党委" and a.unit_name == "青山县人民医院"
    assert a.status == "草拟"


@pytest.mark.parametrize(("changes", "words"), [
    ({"ends_on": dt.date(2026, 2, 1)}, "结束日期2026年2月1日早于开始日期"),
    ({"ends_on": dt.date(2032, 3, 1)}, "超过了5年"),
    ({"starts_on": None}, "请填写协议开始日期"),
    ({"unit_id": None}, "请填写乙方单位"),
    ({"signed_on": TODAY + dt.timedelta(days=2)}, "在今天之后"),
    ({"mechanisms": "双向承诺、双向奔赴"}, "共建机制“双向奔赴”不在可选范围内"),
    ({"liaison_b_phone": "110"}, "乙方联系电话"),
    ({"unit_id": 9999}, "找不到乙方单位"),
    ({"number": "号" * 41}, "过长"),
])
def test_refusals_name_the_field(services: Services, tree: Tree, hospital: int, changes: dict, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        services.agreements.create(replace(draft(tree, hospital), **changes))
    assert services.agreements.count_all() == 0


def test_sign_terminate_and_what_each_status_allows(services: Services, tree: Tree, hospital: int) -> None:
    start = TODAY - dt.timedelta(days=100)
    row = services.agreements.create(draft(tree, hospital, start))
    with pytest.raises(ValidationError, match="签订日期.*在今天之后"):
        services.agreements.sign(row.id, TODAY + dt.timedelta(days=1))
    signed = services.agreements.sign(row.id, start)
    assert signed.status == "生效" and signed.in_force(TODAY)
    with pytest.raises(ValidationError, match="生效的协议不能签订"):
        services.agreements.sign(row.id, start)
    with pytest.raises(ValidationError, match="生效的协议不能删除"):
        services.agreements.delete(row.id)
    with pytest.raises(ValidationError, match="不能清空签订日期"):
        services.agreements.update(row.id, replace(signed.as_input(), signed_on=None))
    with pytest.raises(ValidationError, match="须写明原因"):
        services.agreements.terminate(row.id, TODAY, "  ")
    ended = services.agreements.terminate(row.id, TODAY, "单位整体搬迁")
    assert ended.status == "已终止" and ended.terminated_reason == "单位整体搬迁"
    for action in (lambda: services.agreements.update(row.id, ended.as_input()),
                   lambda: services.agreements.renew(row.id),
                   lambda: services.commitments.add(row.id, CommitmentInput("甲方", "开展义诊"))):
        with pytest.raises(ValidationError, match="已终止的协议不能.*只能查看"):
            action()
    entry = services.audit.recent(1)[0]
    assert entry.action == "终止共建协议" and "单位整体搬迁" in entry.summary


def test_a_draft_can_be_deleted_with_its_commitments(services: Services, tree: Tree, hospital: int) -> None:
    row = services.agreements.create(draft(tree, hospital))
    services.commitments.add(row.id, CommitmentInput("乙方", "每季度义诊一次"))
    services.agreements.delete(row.id)
    assert services.agreements.count_all() == 0 and services.commitments.count_all() == 0
    assert services.audit.recent(1)[0].action == "删除共建协议"


def test_status_in_sql_agrees_with_the_rules_on_every_combination(services: Services, tree: Tree,
                                                                 hospital: int) -> None:
    services.settings.set("cobuild_warn_days", 30)
    ends = [TODAY - dt.timedelta(days=1), TODAY, TODAY + dt.timedelta(days=29), TODAY + dt.timedelta(days=30),
            TODAY + dt.timedelta(days=31), TODAY + dt.timedelta(days=300)]
    signed = [None, "yes"]
    terminated = [None, TODAY - dt.timedelta(days=1), TODAY, TODAY + dt.timedelta(days=5)]
    made = []
    for end, sign, term_on in itertools.product(ends, signed, terminated):
        start = end - dt.timedelta(days=364)
        row = services.agreements.create(draft(tree, hospital, start, ends_on=end,
                                               signed_on=start if sign else None))
        if term_on is not None and sign:
            # Written straight to the table: the expression is under test here, not the action
            # (an expired agreement can no longer be terminated through the service).
            with services.db.sessions.begin() as s:
                s.get(Agreement, row.id).terminated_on = term_on  # type: ignore[union-attr]
        made.append(row.id)
    for row in services.agreements.rows(made):
        expected = agreement_status(Term(row.starts_on, row.ends_on), TODAY, signed_on=row.signed_on,
                                    terminated_on=row.terminated_on, warn_days=30)
        assert row.status == expected.value, row
        assert row.id in services.agreements.search_ids(AgreementQuery(status=expected.value))
    counts = {s: services.agreements.count(AgreementQuery(status=s)) for s in ("草拟", "生效", "即将到期", "已到期", "已终止")}
    assert sum(counts.values()) == len(made) and all(counts.values())


def test_the_warning_period_is_a_setting(services: Services, tree: Tree, hospital: int) -> None:
    start = TODAY - dt.timedelta(days=300)
    row = services.agreements.create(draft(tree, hospital, start, ends_on=TODAY + dt.timedelta(days=45),
                                           signed_on=start))
    assert services.agreements.get(row.id).status == "生效"
    assert services.agreements.ending_within() == []
    services.settings.set("cobuild_warn_days", 60)
    assert services.agreements.get(row.id).status == "即将到期"
    assert [r.id for r in services.agreements.ending_within()] == [row.id]
    assert [r.id for r in services.agreements.ending_within(45)] == [row.id]
    assert services.agreements.ending_within(44) == []
    services.settings.set("cobuild_warn_days", "乱填")
    assert services.agreements.warn_days() == 30


def test_ending_within_lists_signed_open_agreements_soonest_first(services: Services, tree: Tree,
                                                                  hospital: int) -> None:
    def signed(days_left: int) -> int:
        start = TODAY + dt.timedelta(days=days_left) - dt.timedelta(days=364)
        return services.agreements.create(draft(tree, hospital, start, ends_on=start + dt.timedelta(days=364),
                                                signed_on=start)).id

    late, soon, today_ends, gone = signed(20), signed(3), signed(0), signed(-1)
    services.agreements.create(draft(tree, hospital, TODAY - dt.timedelta(days=360),
                                     ends_on=TODAY + dt.timedelta(days=4)))  # a draft: not listed
    terminated = signed(10)
    services.agreements.terminate(terminated, TODAY, "合并")
    assert [r.id for r in services.agreements.ending_within(30)] == [today_ends, soon, late]
    assert [r.days_left(TODAY) for r in services.agreements.ending_within(30)] == [0, 3, 20]
    assert gone not in [r.id for r in services.agreements.ending_within(30)]
    assert services.agreements.ending_within(30, org_id=tree.other_community) == []
    with pytest.raises(ValidationError):
        services.agreements.ending_within(-1)


def test_renewal_follows_on_links_back_and_carries_the_open_commitments(services: Services, tree: Tree,
                                                                       hospital: int) -> None:
    start = TODAY - dt.timedelta(days=300)
    old = services.agreements.create(draft(tree, hospital, start, signed_on=start, content="共建内容"))
    done = services.commitments.add(old.id, CommitmentInput("甲方", "提供活动场地"))
    services.commitments.mark_done(done.id, start + dt.timedelta(days=20), "场地使用记录")
    deadline = start + dt.timedelta(days=200)
    open_a = services.commitments.add(old.id, CommitmentInput("甲方", "组织志愿服务", deadline))
    open_b = services.commitments.add(old.id, CommitmentInput("乙方", "每季度义诊"))
    new = services.agreements.renew(old.id)
    assert new.previous_id == old.id and new.status == "草拟"
    expected = renewal_term(old.term)
    assert (new.starts_on, new.ends_on) == (expected.starts_on, expected.ends_on)
    assert new.starts_on == old.ends_on + dt.timedelta(days=1)
    assert new.number == f"共建〔{new.starts_on.year}〕{2 if new.starts_on.year == start.year else 1}号"
    assert new.content == "共建内容"
    assert services.agreements.get(old.id).next_id == new.id
    carried = services.commitments.of(new.id)
    assert [(c.side, c.content, c.carried_from_id) for c in carried] == [
        ("甲方", "组织志愿服务", open_a.id), ("乙方", "每季度义诊", open_b.id)]
    assert all(not c.done for c in carried) and carried[0].deadline == deadline
    assert len(services.commitments.of(old.id)) == 3  # the old agreement keeps its own
    with pytest.raises(ConflictError, match=f"已续签为“{new.number}”"):
        services.agreements.renew(old.id)
    with pytest.raises(ConflictError, match="已结转到续签的协议"):
        services.commitments.remove(open_a.id)
    assert services.audit.verify().ok


def test_an_expired_agreement_may_be_renewed_and_its_commitments_marked_late(services: Services, tree: Tree,
                                                                            hospital: int) -> None:
    start = TODAY - dt.timedelta(days=100)
    old = services.agreements.create(draft(tree, hospital, start, signed_on=start))
    item = services.commitments.add(old.id, CommitmentInput("乙方", "捐赠图书"))
    with services.db.sessions.begin() as s:  # a year and more passes
        record = s.get(Agreement, old.id)
        assert record is not None
        record.starts_on, record.ends_on = TODAY - dt.timedelta(days=800), TODAY - dt.timedelta(days=436)
        record.signed_on = record.starts_on
    with pytest.raises(ValidationError, match="已到期的协议不能修改"):
        services.commitments.add(old.id, CommitmentInput("乙方", "再捐赠"))
    late = services.commitments.mark_done(item.id, TODAY - dt.timedelta(days=400), "捐赠清单")
    assert late.done and late.evidence == "捐赠清单"
    with pytest.raises(ValidationError, match="晚于今天"):
        services.commitments.mark_done(item.id, TODAY + dt.timedelta(days=1))
    renewed = services.agreements.renew(old.id, starts_on=TODAY, ends_on=TODAY + dt.timedelta(days=364))
    assert renewed.starts_on == TODAY and services.commitments.of(renewed.id) == []


def test_commitments_count_and_overdue(services: Services, tree: Tree, hospital: int) -> None:
    row = services.agreements.create(draft(tree, hospital, TODAY - dt.timedelta(days=10)))
    a = services.commitments.add(row.id, CommitmentInput("甲方", "走访", TODAY - dt.timedelta(days=1)))
    b = services.commitments.add(row.id, CommitmentInput("乙方", "义诊", TODAY + dt.timedelta(days=1)))
    assert a.overdue(TODAY) and not b.overdue(TODAY)
    services.commitments.mark_done(a.id, TODAY)
    got = services.agreements.get(row.id)
    assert (got.item_count, got.items_done) == (2, 1)
    assert services.commitments.fulfilment([row.id], TODAY) == (1, 2)
    assert services.commitments.fulfilment([row.id], TODAY - dt.timedelta(days=1)) == (0, 2)
    with pytest.raises(ValidationError, match="承诺方"):
        services.commitments.add(row.id, CommitmentInput("丙方", "其他"))
    with pytest.raises(ValidationError, match="承诺内容不能为空"):
        services.commitments.add(row.id, CommitmentInput("甲方", " \u200b "))


def test_a_unit_with_an_agreement_in_force_cannot_leave_nor_its_community_close(
        services: Services, tree: Tree) -> None:
    u = services.units.create(unit(tree.other_community, "东湖小学"))
    start = TODAY - dt.timedelta(days=10)
    row = services.agreements.create(draft(tree, u.id, start, org_id=tree.other_community, signed_on=start))
    with pytest.raises(ConflictError, match="仍然有效，请先终止协议"):
        services.units.leave(u.id, TODAY)
    services.orgs.close(tree.other_branch, TODAY, "合并")
    with pytest.raises(ConflictError, match="还有1份生效的共建协议|辖区还有"):
        services.orgs.close(tree.other_community, TODAY, "合并")
    services.agreements.terminate(row.id, TODAY, "搬迁")
    services.units.leave(u.id, TODAY)
    with pytest.raises(ValidationError, match="已于.*迁出辖区，不能签订新协议"):
        services.agreements.create(draft(tree, u.id, org_id=tree.other_community))


def test_search_by_number_unit_and_scope(services: Services, tree: Tree, hospital: int) -> None:
    school = services.units.create(unit(tree.community, "青山县实验小学")).id
    a = services.agreements.create(draft(tree, hospital))
    b = services.agreements.create(draft(tree, school, dt.date(2026, 1, 1)))
    ids = services.agreements.search_ids
    assert ids(AgreementQuery(text="小学")) == [b.id]
    assert ids(AgreementQuery(text="〔2026〕1号")) == [a.id]
    assert ids(AgreementQuery(unit_id=hospital)) == [a.id]
    assert ids(AgreementQuery()) == [b.id, a.id]  # by end date
    assert ids(AgreementQuery(sort="unit_name")) == [a.id, b.id]  # qingshanxianr… < qingshanxians…
    assert ids(AgreementQuery(org_id=tree.other_community)) == []
    with pytest.raises(ValidationError, match="协议状态“有效”无法识别"):
        ids(AgreementQuery(status="有效"))
