"""Budgets against actual spending, and special-fund projects through their five steps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.domain.kit.errors import ConflictError, ValidationError
from app.services.container import Services
from tests.services.funds.helpers import build_tree, entry


def test_budget_execution_rolls_spending_up_and_marks_overspending(services: Services) -> None:
    tree = build_tree(services)
    services.budgets.set(tree.community, 2026, "服务群众专项经费", "200,000")
    services.budgets.set(tree.community, 2026, "阵地建设", "10000", source="社会支持")
    services.budgets.set(tree.community, 2026, "办公经费", "5000")
    services.ledger.add_posted([
        entry(tree.community, "50000", category="党群建设", on=dt.date(2026, 3, 1)),
        entry(tree.community, "30000.50", category="公益服务", on=dt.date(2026, 6, 1)),
        entry(tree.branch_a, "1000", category="服务群众专项经费", on=dt.date(2026, 7, 1)),
        entry(tree.community, "12000", category="阵地建设", source="社会支持", on=dt.date(2026, 4, 1)),
        entry(tree.community, "999", category="阵地建设", source="财政投入", on=dt.date(2026, 4, 1)),
        entry(tree.community, "70000", category="党群建设", on=dt.date(2025, 3, 1)),
    ])
    rows = {r.category: r for r in services.budgets.execution(tree.community, 2026)}
    special = rows["服务群众专项经费"]
    assert (special.budget, special.actual, special.used, special.over) == (20000000, 8100050, Decimal("40.5"), False)
    site = rows["阵地建设"]
    assert (site.source, site.actual, site.used, site.over, site.left) == ("社会支持", 1200000, Decimal("120.0"),
                                                                         True, -200000)
    assert rows["办公经费"].actual == 0 and rows["办公经费"].used == Decimal("0.0")
    half = {r.category: r.actual for r in services.budgets.execution(tree.community, 2026, dt.date(2026, 4, 30))}
    assert half["服务群众专项经费"] == 5000000
    assert services.budgets.totals(tree.community, 2026) == (21500000, 8100050 + 1200000)
    services.budgets.set(tree.community, 2026, "办公经费", "0")
    assert "办公经费" not in {r.category for r in services.budgets.execution(tree.community, 2026)}


@pytest.mark.parametrize("amount", ["12.345", "-1", "abc", "１２３４５６７８９０１２"])
def test_hostile_budget_amounts_are_refused(services: Services, amount: str) -> None:
    tree = build_tree(services)
    with pytest.raises(ValidationError):
        services.budgets.set(tree.community, 2026, "办公经费", amount)
    assert services.budgets.execution(tree.community, 2026) == []


def test_a_project_goes_through_its_steps_in_order_with_dates_and_people(services: Services) -> None:
    tree = build_tree(services)
    pid = services.fund_projects.create(tree.community, "老旧小区加装扶手", resolved_on=dt.date(2026, 3, 2),
                                        by="社区两委会", budget="30000", proposed_on=dt.date(2026, 2, 20))
    services.ledger.add_posted([entry(tree.community, "12000", category="公益服务", project_id=pid,
                                      on=dt.date(2026, 5, 1)),
                                entry(tree.community, "800", category="公益服务", project_id=pid,
                                      on=dt.date(2026, 5, 9))])
    with pytest.raises(ValidationError, match="早于上一步"):
        services.fund_projects.advance(pid, dt.date(2026, 3, 1), "街道党工委")
    with pytest.raises(ValidationError, match="经办人"):
        services.fund_projects.advance(pid, dt.date(2026, 3, 10), " ")
    for on, by in ((dt.date(2026, 3, 10), "街道党工委"), (dt.date(2026, 4, 1), "李敏"), (dt.date(2026, 6, 1), "验收小组"),
                   (dt.date(2026, 6, 5), "王芳")):
        row = services.fund_projects.advance(pid, on, by)
    assert (row.stage, row.budget, row.spent) == ("公示", 3000000, 1280000)
    assert [(st.stage, st.done_on.month, st.done_by) for st in row.steps] == [
        ("项目议定", 3, "社区两委会"), ("审核备案", 3, "街道党工委"), ("实施", 4, "李敏"), ("验收", 6, "验收小组"),
        ("公示", 6, "王芳")]
    with pytest.raises(ConflictError, match="已公示"):
        services.fund_projects.advance(pid, dt.date(2026, 6, 6), "王芳")
    assert services.fund_projects.counts(tree.county, dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == (1, 1)
    with pytest.raises(ConflictError, match="已有名为"):
        services.fund_projects.create(tree.community, "老旧小区加装扶手", resolved_on=dt.date(2026, 3, 2), by="x")
