"""Balances at any date, by source and by category, from posted entries only.

The database keeps each month's posted totals by organisation, source and category
(fund_month_totals, added to by triggers as each entry is posted), so a balance on a date adds
the whole months before it from those totals and only that month's own entries up to the date —
the same figure as summing every entry (the tests check it), read from a few thousand rows
however long the ledger. Everything is integer 分 summed in SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import case, func, literal, select, union_all
from sqlalchemy.orm import Session

from app.db.models import FundCategory, FundEntry, FundMonthTotal, FundSource
from app.domain.access.permissions import Permission
from app.domain.funds.dues import add_months, month_of
from app.domain.funds.fields import INCOME, POSTED
from app.services.funds.rows import Balance, EntryRow
from app.services.kit.base import Service
from app.services.orgs.service import subtree_select


def _scope(column: Any, org_id: int | None, ids: Any) -> list[Any]:
    if org_id is None:
        return []
    return [column.in_(ids) if ids is not None else column == org_id]


def _entries(org_id: int | None, ids: Any, first: dt.date, last: dt.date) -> Any:
    e = FundEntry
    return (select(e.source_id.label("source_id"), e.category_id.label("category_id"),
                   func.sum(case((e.direction == INCOME, e.amount), else_=0)).label("income"),
                   func.sum(case((e.direction == INCOME, 0), else_=e.amount)).label("expense"))
            .where(e.status == POSTED, e.entry_date >= first, e.entry_date <= last, *_scope(e.org_id, org_id, ids))
            .group_by(e.source_id, e.category_id))


def totals_select(org_id: int | None, on: dt.date, *, subtree: bool = True, since: dt.date | None = None) -> Any:
    """(source_id, category_id, income, expense) of posted entries up to ``on`` (and from
    ``since``), grouped: whole months from the kept totals, the part months from the entries."""
    ids = subtree_select(org_id) if subtree and org_id is not None else None  # one CTE, used by every part
    on_month = month_of(on)
    parts: list[Any] = []
    full_from: dt.date | None = None
    if since is not None:
        since_month = month_of(since)
        if since_month == on_month:
            parts.append(_entries(org_id, ids, since, on))
        else:
            full_from = since if since.day == 1 else add_months(since_month, 1)
            if since.day != 1:
                parts.append(_entries(org_id, ids, since, full_from - dt.timedelta(days=1)))
    if not parts:
        t = FundMonthTotal
        where = [t.month < on_month, *_scope(t.org_id, org_id, ids)]
        if full_from is not None:
            where.append(t.month >= full_from)
        category = case((t.category_key == 0, literal(None)), else_=t.category_key)
        parts.append(select(t.source_id.label("source_id"), category.label("category_id"),
                            func.sum(t.income).label("income"), func.sum(t.expense).label("expense"))
                     .where(*where).group_by(t.source_id, t.category_key))
        parts.append(_entries(org_id, ids, max(on_month, since or on_month), on))
    both = union_all(*parts).subquery()
    return (select(both.c.source_id, both.c.category_id, func.sum(both.c.income), func.sum(both.c.expense))
            .group_by(both.c.source_id, both.c.category_id))


def source_balance(s: Session, org_id: int, source_id: int, on: dt.date | None = None) -> int:
    """What is left of one source for one organisation (all posted entries up to ``on``)."""
    stmt = totals_select(org_id, on or dt.date.max, subtree=False)
    return sum(int(i or 0) - int(x or 0) for src, _c, i, x in s.execute(stmt) if src == source_id)


class BalanceService(Service):
    read_permission = Permission.VIEW_RECORDS

    def _totals(self, org_id: int | None, on: dt.date, since: dt.date | None = None,
                subtree: bool = True) -> list[tuple[int, int | None, int, int]]:
        with self.reading() as s:
            return [(src, cat, int(i or 0), int(x or 0))
                    for src, cat, i, x in s.execute(totals_select(org_id, on, subtree=subtree, since=since))]

    def by_source(self, org_id: int | None, on: dt.date, *, since: dt.date | None = None,
                  subtree: bool = True) -> list[Balance]:
        """Every source (in the list's order, those never used too) with income, expense and
        what is left on ``on``; with ``since``, the flows of that period only."""
        sums: dict[int, list[int]] = {}
        for src, _cat, income, expense in self._totals(org_id, on, since, subtree):
            acc = sums.setdefault(src, [0, 0])
            acc[0] += income
            acc[1] += expense
        with self.reading() as s:
            sources = list(s.execute(select(FundSource.id, FundSource.name).order_by(FundSource.sort, FundSource.id)))
        return [Balance(i, n, *sums.get(i, [0, 0])) for i, n in sources]

    def by_category(self, org_id: int | None, on: dt.date, *, since: dt.date | None = None,
                    subtree: bool = True, roll_up: bool = True) -> list[Balance]:
        """Spending per category (``expense``; a category's includes those below it when
        ``roll_up``), in tree order."""
        spent: dict[int | None, int] = {}
        for _src, cat, _income, expense in self._totals(org_id, on, since, subtree):
            spent[cat] = spent.get(cat, 0) + expense
        with self.reading() as s:
            cats = list(s.execute(select(FundCategory.id, FundCategory.name, FundCategory.parent_id)
                                  .order_by(FundCategory.sort, FundCategory.id)))
        parent = {i: p for i, _n, p in cats}
        total = dict.fromkeys(parent, 0)
        for cat, amount in spent.items():
            node = cat
            while node is not None:
                total[node] = total.get(node, 0) + amount
                node = parent.get(node) if roll_up else None
        return [Balance(i, n, 0, total.get(i, 0)) for i, n, _p in _tree_order(cats)]

    def total(self, org_id: int | None, on: dt.date, *, since: dt.date | None = None) -> Balance:
        rows = self.by_source(org_id, on, since=since)
        return Balance(None, "合计", sum(b.income for b in rows), sum(b.expense for b in rows))

    def running(self, rows: Iterable[EntryRow], opening: int = 0) -> list[tuple[EntryRow, int]]:
        """Each posted entry with the balance after it, from ``opening`` (a journal's page)."""
        out, balance = [], opening
        for row in rows:
            if row.posted:
                balance += row.signed
            out.append((row, balance))
        return out


def _tree_order(cats: list[Any]) -> list[Any]:
    children: dict[int | None, list[Any]] = {}
    for c in cats:
        children.setdefault(c[2], []).append(c)
    out: list[Any] = []

    def walk(parent: int | None) -> None:
        for c in children.get(parent, []):
            out.append(c)
            walk(c[0])

    walk(None)
    return out

