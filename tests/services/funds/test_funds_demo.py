"""The demonstration county's funds and dues: three years, closed years, budgets, projects at
every step, dues for every member with some months unpaid; demo --force empties the ledger
although the database guards posted entries."""

from __future__ import annotations

import datetime as dt

from app.domain.funds.projects import STAGES
from app.services.container import Services
from app.services.demo import build_demo
from app.services.funds.entry_query import EntryQuery
from app.services.members.query import MemberQuery


def test_three_years_of_entries_with_closed_years_and_balances(demo_services: Services) -> None:
    s = demo_services
    today = dt.date.today()
    root = s.orgs.tree().roots()[0].id
    for year in (today.year - 2, today.year - 1, today.year):
        assert s.ledger.count(EntryQuery(year=year, status="已记账")) > 100
    assert s.ledger.count(EntryQuery(status="草稿")) > 0
    community = s.ledger.get(s.ledger.search_ids(EntryQuery())[0]).org_id
    assert s.closings.closed_years(community) == [today.year - 2, today.year - 1]
    total = s.balances.total(root, today)
    assert total.income > total.expense > 0
    assert all(b.balance >= 0 for b in s.balances.by_source(community, today) if b.name == "财政投入")


def test_budgets_projects_and_dues(demo_services: Services) -> None:
    s = demo_services
    today = dt.date.today()
    community = s.ledger.get(s.ledger.search_ids(EntryQuery())[0]).org_id
    rows = s.budgets.execution(community, today.year)
    assert {r.category for r in rows} >= {"服务群众专项经费", "阵地建设", "办公经费"}
    projects = s.fund_projects.projects()
    assert {p.stage for p in projects} == set(STAGES)
    assert any(p.spent > 0 for p in projects)
    members = s.members.search_ids(MemberQuery(status="在册"))
    assert all(s.dues.assessment(m, today.year) is not None for m in members[:50])
    if today.month > 1:
        unpaid = s.dues.unpaid(dt.date(today.year, today.month - 1, 1))
        assert 0 < len(unpaid) < len(members)


def test_demo_force_empties_the_guarded_ledger(services: Services) -> None:
    build_demo(services, options={"members": 20})
    assert services.ledger.count(EntryQuery(status="已记账")) > 0
    build_demo(services, force=True, options={"members": 20})
    today = dt.date.today()
    community = services.ledger.get(services.ledger.search_ids(EntryQuery())[0]).org_id
    assert services.closings.closed_years(community) == [today.year - 2, today.year - 1]
    assert [c.name for c in services.fund_catalog.categories()][0] == "办公经费"
