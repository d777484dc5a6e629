"""Yearly budgets per category (from one source, or from any) and the budget-execution table:
budget against posted spending, % used, overspending marked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select

from app.db.models import FundBudget, FundCategory, FundSource, Organization
from app.domain.access.permissions import Permission
from app.domain.kit.changes import Change
from app.domain.kit.errors import NotFoundError, ValidationError
from app.domain.kit.money import format_yuan, parse_fen
from app.services.funds.balances import totals_select
from app.services.funds.catalog import Catalog
from app.services.kit.base import Service
from app.services.orgs.service import subtree_select
from app.services.safety import audit


@dataclass(frozen=True)
class ExecutionRow:
    category_id: int
    category: str  # the path: 服务群众专项经费/党群建设
    source: str  # "" when the budget is from any source
    budget: int
    actual: int

    @property
    def used(self) -> Decimal | None:
        """Percent of the budget spent, to one decimal (None without a budget)."""
        if self.budget <= 0:
            return None
        return (Decimal(self.actual * 100) / self.budget).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def over(self) -> bool:
        return self.actual > self.budget

    @property
    def left(self) -> int:
        return self.budget - self.actual


class BudgetService(Service):
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    def set(self, org_id: int, year: int, category: int | str, amount: object, source: int | str | None = None,
            remarks: str = "") -> None:
        """The budget of a category (and source) for a year; an amount of 0 removes it."""
        fen = parse_fen(amount, "预算金额")
        if not 2000 <= year <= 2100:
            raise ValidationError(f"预算年度“{year}”不对", field="year")
        with self.writing(Change.FUNDS) as s:
            if s.get(Organization, org_id) is None:
                raise NotFoundError("找不到该党组织，请刷新")
            catalog = Catalog(s)
            category_id = catalog.category_id(category)
            source_id = catalog.source_id(source) if source not in (None, "") else None
            if s.get(FundCategory, category_id) is None:
                raise NotFoundError("找不到该支出类别，请刷新")
            row = s.scalar(select(FundBudget).where(
                FundBudget.org_id == org_id, FundBudget.year == year, FundBudget.category_id == category_id,
                FundBudget.source_id.is_(None) if source_id is None else FundBudget.source_id == source_id))
            old = row.amount if row is not None else None
            if not fen:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(FundBudget(org_id=org_id, year=year, category_id=category_id, source_id=source_id, amount=fen,
                                 remarks=remarks))
            else:
                row.amount, row.remarks = fen, remarks
            path = catalog._path(s.get(FundCategory, category_id))  # type: ignore[arg-type]
            audit.append(s, self.actor.name, "设定预算", entity="fund_budget", entity_id=f"{org_id}-{year}",
                         summary=f"{year}年“{path}”预算{format_yuan(fen or 0)}元",
                         old=None if old is None else {"预算": format_yuan(old)}, new={"预算": format_yuan(fen or 0)})

    def execution(self, org_id: int, year: int, as_of: dt.date | None = None) -> list[ExecutionRow]:
        """Each budget line of the organisation and those below it (summed by category and
        source), with the year's posted spending up to ``as_of`` charged to the category or
        any category below it (and from the line's source, if it names one)."""
        end = min(as_of or dt.date(year, 12, 31), dt.date(year, 12, 31))
        with self.reading() as s:
            orgs = subtree_select(org_id)
            lines = s.execute(select(FundBudget.category_id, FundBudget.source_id, func.sum(FundBudget.amount))
                              .where(FundBudget.org_id.in_(orgs), FundBudget.year == year)
                              .group_by(FundBudget.category_id, FundBudget.source_id)).all()
            catalog = Catalog(s)
            names = dict(s.execute(select(FundSource.id, FundSource.name)).all())
            spent = [(src, cat, int(x or 0)) for src, cat, _i, x in
                     s.execute(totals_select(org_id, end, since=dt.date(year, 1, 1)))]
            parents = dict(s.execute(select(FundCategory.id, FundCategory.parent_id)).all())
            out = []
            for category_id, source_id, budget in lines:
                below = _below(category_id, parents)
                actual = sum(x for src, cat, x in spent if cat in below and (source_id is None or src == source_id))
                category = s.get(FundCategory, category_id)
                out.append(ExecutionRow(category_id, catalog._path(category) if category else "",
                                        names.get(source_id, "") if source_id else "", int(budget or 0), actual))
        order = {c: i for i, c in enumerate(_tree_ids(self))}
        return sorted(out, key=lambda r: (order.get(r.category_id, 1 << 30), r.source))

    def totals(self, org_id: int, year: int, as_of: dt.date | None = None) -> tuple[int, int]:
        """(budget, actual) over the top-level lines, so nothing is counted twice."""
        rows = self.execution(org_id, year, as_of)
        ids = {r.category_id for r in rows}
        with self.reading() as s:
            parents = dict(s.execute(select(FundCategory.id, FundCategory.parent_id)).all())

        def covered(cid: int) -> bool:
            up = parents.get(cid)
            while up is not None:
                if up in ids:
                    return True
                up = parents.get(up)
            return False

        top = [r for r in rows if not covered(r.category_id)]
        return sum(r.budget for r in top), sum(r.actual for r in top)


def _below(category_id: int, parents: dict[int, int | None]) -> set[int]:
    """The category and every category under it."""
    out = {category_id}
    grew = True
    while grew:
        more = {c for c, p in parents.items() if p in out and c not in out}
        grew = bool(more)
        out |= more
    return out


def _tree_ids(service: Service) -> list[int]:
    from app.services.funds.catalog import CatalogService

    return [c.id for c in service.alongside(CatalogService).categories()]
