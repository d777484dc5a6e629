"""The co-building figures as at the period's end, the appraisal table, and the 共驻共建
paragraph of the built-in 工作汇报."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.db.models import Commitment
from app.domain.cobuild.appraisal import DEFAULT_CRITERIA
from app.reports.briefings import figures
from app.reports.briefings.briefing import BriefingRequest, render_briefing
from app.reports.briefings.figures import FigureContext, FigureUnavailable
from app.reports.briefings.period import parse_period
from app.services.cobuild.agreement_rows import AgreementInput
from app.services.cobuild.appraisal import OF_UNIT
from app.services.cobuild.list_rows import ListItemInput
from app.services.cobuild.meetings import MeetingInput
from app.services.cobuild.rows import CouncilInput, SecondmentInput
from app.services.container import Services
from tests.reports.kit.pdfcheck import text
from tests.services.cobuild.helpers import Tree, build_tree, unit

Q1 = parse_period("2026Q1")  # 2026-01-01 … 2026-03-31, long past: as at 31 March
D = dt.date


@pytest.fixture
def tree(services: Services) -> Tree:
    return build_tree(services)


def value(services: Services, name: str, org_id: int, period=Q1) -> str:  # type: ignore[no-untyped-def]
    return figures.evaluate(name, FigureContext(services, org_id, period)).text()


def fill(services: Services, tree: Tree) -> dict[str, int]:
    u = services.units
    a = u.create(unit(tree.community, "甲医院")).id
    b = u.create(unit(tree.community, "乙学校")).id
    c = u.create(unit(tree.community, "丙公司")).id
    u.leave(c, D(2026, 5, 1), "搬迁")  # after the period: still counted
    gone = u.create(unit(tree.community, "丁银行")).id
    u.leave(gone, D(2026, 2, 1), "撤并")  # within the period: not counted
    u.create(unit(tree.other_community, "东湖小学"))
    ag = services.agreements
    first = ag.create(AgreementInput(org_id=tree.community, unit_id=a, starts_on=D(2025, 6, 1),
                                     ends_on=D(2026, 5, 31), signed_on=D(2025, 6, 1))).id
    ag.create(AgreementInput(org_id=tree.community, unit_id=a, starts_on=D(2026, 3, 1), ends_on=D(2027, 2, 28),
                             signed_on=D(2026, 3, 1)))
    ag.create(AgreementInput(org_id=tree.community, unit_id=b, starts_on=D(2026, 4, 1), ends_on=D(2027, 3, 31),
                             signed_on=D(2026, 4, 1)))  # not yet in force on 31 March
    ag.create(AgreementInput(org_id=tree.community, unit_id=b, starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31)))
    # The agreement has ended by now, so its commitments are written straight to the table.
    with services.db.sessions.begin() as s:
        for i, done in enumerate((D(2026, 2, 1), D(2026, 4, 15), None)):
            s.add(Commitment(agreement_id=first, side="甲方" if i else "乙方", content=f"承诺{i}", done_on=done))
    lists = services.lists

    def item(kind: str, title: str, raised: dt.date, **kw: object) -> int:
        return lists.create(ListItemInput(kind=kind, title=title, org_id=tree.community, raised_on=raised,
                                          **kw)).id  # type: ignore[arg-type]

    n1 = item("需求清单", "扶手", D(2026, 1, 5))
    lists.claim(n1, D(2026, 1, 10), unit_id=a)
    lists.start(n1, D(2026, 1, 20))
    lists.complete(n1, D(2026, 3, 1), "完成", 20)
    item("需求清单", "照明", D(2026, 2, 5))
    n3 = item("需求清单", "取消的", D(2026, 1, 5))
    lists.cancel(n3, D(2026, 3, 1), "不需要")
    item("需求清单", "期后提出", D(2026, 4, 5))
    item("资源清单", "义诊", D(2026, 1, 5), unit_id=a)
    p1 = item("项目清单", "口袋公园", D(2026, 1, 5), category="城市建设")
    lists.claim(p1, D(2026, 2, 1), unit_id=b)
    lists.start(p1, D(2026, 3, 1))
    p2 = item("项目清单", "道路", D(2026, 1, 5), category="城市建设")
    lists.claim(p2, D(2026, 4, 1), unit_id=b)  # after the period
    services.meetings.create(MeetingInput(org_id=tree.community, held_on=D(2026, 3, 20)), [a, b])
    services.meetings.create(MeetingInput(org_id=tree.community, held_on=D(2026, 6, 20)))
    services.council.create(CouncilInput(name="刘委员", org_id=tree.community, unit_id=a,
                                         term_start=D(2024, 1, 1), term_end=D(2026, 12, 31)))
    services.council.create(CouncilInput(name="王委员", org_id=tree.community, unit_id=b,
                                         term_start=D(2021, 1, 1), term_end=D(2025, 12, 31)))
    services.secondments.create(SecondmentInput(name="社区甲", direction="到共建单位挂职", org_id=tree.community,
                                                unit_id=a, starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30)))
    services.secondments.create(SecondmentInput(name="医院乙", direction="共建单位来社区挂职", org_id=tree.community,
                                                unit_id=a, starts_on=D(2026, 4, 1)))
    return {"a": a, "b": b}


def test_each_figure_as_at_the_period_end(services: Services, tree: Tree) -> None:
    fill(services, tree)
    expected = {
        "驻区单位数": "3个", "共建协议单位数": "1个", "共建协议数": "2份", "大党委兼职委员数": "1名",
        "承诺事项数": "3项", "承诺兑现数": "1项", "承诺兑现率": "33.3%",
        "需求清单数": "2项", "资源清单数": "1项", "项目清单数": "2项", "认领任务数": "2项", "完成项目数": "1项",
        "党建引领建设项目数": "1项", "联席会次数": "1次", "到共建单位挂职人数": "1名", "共建单位挂职人数": "0名",
    }
    assert {name: value(services, name, tree.community) for name in expected} == expected
    assert value(services, "驻区单位数", tree.street) == "4个"  # with 东湖小学
    assert value(services, "共建协议数", tree.other_community) == "0份"
    with pytest.raises(FigureUnavailable, match="没有登记承诺事项"):
        figures.evaluate("承诺兑现率", FigureContext(services, tree.other_community, Q1))


def test_the_appraisal_table_of_one_and_of_several_organisations(services: Services, tree: Tree) -> None:
    with pytest.raises(FigureUnavailable, match="尚未录入2026年度及以前的双向评议分数"):
        figures.TABLES["共建单位评议结果"](FigureContext(services, tree.community, Q1))
    a = services.units.create(unit(tree.community, "甲医院")).id
    b = services.units.create(unit(tree.community, "乙学校")).id
    lake = services.units.create(unit(tree.other_community, "东湖小学")).id
    r = services.appraisals.open_year(tree.community, 2025)
    for u, s in ((a, 95), (b, 88)):
        services.appraisals.set_scores(r.id, u, OF_UNIT, {c.name: s for c in DEFAULT_CRITERIA})
    t = figures.TABLES["共建单位评议结果"](FigureContext(services, tree.community, Q1))
    assert t.caption == "2025年度共建单位双向评议结果"  # no 2026 appraisal yet: the year before
    assert t.header == ("名次", "单位", "组织共建", "活动共办", "资源共享", "服务共抓", "承诺兑现", "总分", "等次")
    assert t.rows[0] == ("1", "甲医院", "95", "95", "95", "95", "95", "95.00", "好")
    other = services.appraisals.open_year(tree.other_community, 2025)
    services.appraisals.set_scores(other.id, lake, OF_UNIT, {c.name: Decimal("70.5") for c in DEFAULT_CRITERIA})
    both = figures.TABLES["共建单位评议结果"](FigureContext(services, tree.street, Q1))
    assert both.header == ("党组织", "名次", "单位", "总分", "等次")
    assert [row[2:] for row in both.rows] == [("甲医院", "95.00", "好"), ("乙学校", "88.00", "较好"),
                                              ("东湖小学", "70.50", "一般")]


def test_the_built_in_report_has_a_co_building_paragraph(services: Services, tree: Tree) -> None:
    fill(services, tree)
    result = render_briefing(services, BriefingRequest(tree.community, Q1))
    ours = {f.name for f in figures.catalogue() if f.group == "共驻共建"}
    assert not [str(p) for p in result.problems if p.placeholder in ours]  # (no members here: theirs are)
    flat = text(result.pdf).replace("\n", "").replace(" ", "")
    assert "（五）深化共驻共建。辖区有驻区单位3个，其中1个与社区党组织签订共建协议，生效协议2份" in flat
    assert "召开联席会议1次" in flat
