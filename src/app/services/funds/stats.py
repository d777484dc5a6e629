"""The funds and dues figures for briefings, for an organisation and those below it, over a
period: flows of the period's posted entries, the budget of the period's year as executed by
the period's end, projects agreed and published, and the dues of the period's months."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from app.domain.funds.fields import SITE_CATEGORY, SPECIAL_CATEGORY
from app.services.funds.balances import BalanceService
from app.services.funds.budgets import BudgetService
from app.services.funds.dues import DuesService
from app.services.funds.dues_rows import DuesTotals
from app.services.funds.projects import ProjectService
from app.services.kit.base import Service


@dataclass(frozen=True)
class FundFigures:
    income: int
    income_by_source: dict[str, int]
    expense: int
    spending_by_category: dict[str, int]  # rolled up: a category's includes those below it
    budget: int
    budget_spent: int
    projects: int
    published: int
    dues: DuesTotals

    @property
    def budget_rate(self) -> Decimal | None:
        """Percent of the year's budget spent, one decimal."""
        if self.budget <= 0:
            return None
        return (Decimal(self.budget_spent * 100) / self.budget).quantize(Decimal("0.1"))

    @property
    def site(self) -> int:
        return self.spending_by_category.get(SITE_CATEGORY, 0)

    @property
    def special(self) -> int:
        return self.spending_by_category.get(SPECIAL_CATEGORY, 0)


class FundStats(Service):
    def figures(self, org_id: int, start: dt.date, end: dt.date) -> FundFigures:
        balances = self.alongside(BalanceService)
        sources = balances.by_source(org_id, end, since=start)
        cats = balances.by_category(org_id, end, since=start)
        budget, spent = self.alongside(BudgetService).totals(org_id, end.year, end)
        agreed, published = self.alongside(ProjectService).counts(org_id, start, end)
        dues = self.alongside(DuesService).totals(org_id, start, end)
        return FundFigures(sum(b.income for b in sources), {b.name: b.income for b in sources},
                           sum(b.expense for b in sources), {c.name: c.expense for c in cats}, budget, spent,
                           agreed, published, dues)
