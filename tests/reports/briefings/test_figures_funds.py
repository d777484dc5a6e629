"""The funds and dues figures for the period (in 元 with separators, :万元, :数值), the two funds
tables, and the 经费保障 paragraph of the built-in 工作汇报."""

from __future__ import annotations

import datetime as dt

import pytest

from app.reports.briefings import figures
from app.reports.briefings.briefing import BriefingRequest, render_briefing
from app.reports.briefings.figures import FigureContext, FigureUnavailable
from app.reports.briefings.period import parse_period
from app.services.container import Services
from tests.reports.kit.pdfcheck import text
from tests.services.funds.helpers import build_tree, entry
from tests.services.members.helpers import member

Q1 = parse_period("2026Q1")
D = dt.date
NAMES = ("经费收入总额", "财政投入金额", "党费补助金额", "社会支持金额", "社区自我补充金额", "经费支出总额", "阵地建设金额",
         "服务群众专项经费金额", "预算执行率", "专项经费项目数", "已公示项目数", "党费应交金额", "党费实交金额", "党费交纳率",
         "未交党费人数")


def fill(services: Services) -> int:
    tree = build_tree(services)
    services.ledger.add_posted([
        entry(tree.community, "123,456.70", direction="收入", on=D(2026, 1, 5)),
        entry(tree.community, "3000", direction="收入", source="党费补助", on=D(2026, 2, 5)),
        entry(tree.community, "500", direction="收入", source="社会支持", on=D(2026, 4, 5)),  # after the period
        entry(tree.branch_a, "12000", category="阵地建设", on=D(2026, 3, 1)),
        entry(tree.community, "8000.5", category="党群建设", on=D(2026, 3, 2)),
        entry(tree.community, "99", category="办公经费", on=D(2025, 12, 30)),  # before it
    ])
    services.budgets.set(tree.community, 2026, "服务群众专项经费", "200000")
    services.budgets.set(tree.community, 2026, "阵地建设", "20000")
    pid = services.fund_projects.create(tree.community, "楼道照明", resolved_on=D(2026, 2, 1), by="两委会")
    for on in (D(2026, 2, 5), D(2026, 2, 10), D(2026, 3, 1), D(2026, 3, 20)):
        services.fund_projects.advance(pid, on, "李敏")
    a = services.members.create(member(tree.branch_a, "王大海")).id
    b = services.members.create(member(tree.branch_a, "李小红")).id
    services.dues.assess(a, 2026, "在职", "4000")
    services.dues.assess(b, 2026, "在职", "6000")
    services.dues.pay(a, D(2026, 1, 1), D(2026, 3, 1), paid_on=D(2026, 3, 5))
    return tree.community


def value(services: Services, name: str, org_id: int, form: str = "") -> str:
    v = figures.evaluate(name, FigureContext(services, org_id, Q1))
    return {"": v.text, "数值": v.number_text, "万元": v.wan_text}[form]() or ""


def test_funds_and_dues_figures_for_the_period(services: Services) -> None:
    org = fill(services)
    assert set(NAMES) <= set(figures.FIGURES)
    got = {n: value(services, n, org) for n in NAMES}
    assert got == {
        "经费收入总额": "126,456.70元", "财政投入金额": "123,456.70元", "党费补助金额": "3,000.00元",
        "社会支持金额": "0.00元", "社区自我补充金额": "0.00元", "经费支出总额": "20,000.50元",
        "阵地建设金额": "12,000.00元", "服务群众专项经费金额": "8,000.50元", "预算执行率": "9.1%",
        "专项经费项目数": "1个", "已公示项目数": "1个", "党费应交金额": "390.00元", "党费实交金额": "120.00元",
        "党费交纳率": "30.8%", "未交党费人数": "1名"}
    assert value(services, "财政投入金额", org, "万元") == "12.3万元"
    assert value(services, "财政投入金额", org, "数值") == "123456.70"
    assert value(services, "专项经费项目数", org, "万元") == ""  # not an amount


def test_the_funds_tables_and_the_paragraph_of_the_work_report(services: Services) -> None:
    org = fill(services)
    ctx = FigureContext(services, org, Q1)
    income = figures.TABLES["经费收支情况"](ctx)
    assert income.rows[0] == ("财政投入", "123,456.70", "20,000.50", "103,357.20")  # the balance counts 2025 too
    assert income.rows[-1][0] == "合计"
    budget = figures.TABLES["预算执行情况"](ctx)
    assert [r[:5] for r in budget.rows] == [("服务群众专项经费", "各来源", "200,000.00", "8,000.50", "4.0%"),
                                            ("阵地建设", "各来源", "20,000.00", "12,000.00", "60.0%")]
    result = render_briefing(services, BriefingRequest(org, Q1))
    body = text(result.pdf).replace("\n", "").replace(" ", "")
    assert "经费收入12.6万元，其中财政投入12.3万元、党费补助0.3万元" in body
    assert "党费应交390.00元、实交120.00元，尚有1名党员未交纳当月党费" in body
    ours = {f.name for f in figures.catalogue() if f.group in ("经费保障", "党费")}
    assert not [str(p) for p in result.problems if p.placeholder in ours]


def test_without_a_budget_or_dues_the_rates_say_why(services: Services) -> None:
    tree = build_tree(services)
    with pytest.raises(FigureUnavailable, match="尚未录入2026年度预算"):
        figures.evaluate("预算执行率", FigureContext(services, tree.community, Q1))
    with pytest.raises(FigureUnavailable, match="交纳率"):
        figures.evaluate("党费交纳率", FigureContext(services, tree.community, Q1))
