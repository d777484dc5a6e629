"""Closing a year of an organisation's ledger (年度结账), by the administrator.

A year closes when it is over, has no drafts left, and every earlier year with entries is
closed. Its totals by source and category are kept, and from then on nothing dated in it can
be added — the database refuses it as well. Balances carry forward: a balance on any later
date starts from the closed years' totals.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.db.models import FundClosing, FundEntry, FundYearTotal, Organization
from app.domain.access.permissions import Permission
from app.domain.funds.fields import DRAFT, INCOME, POSTED
from app.domain.kit.changes import Change
from app.domain.kit.errors import ConflictError, NotFoundError
from app.domain.kit.money import format_yuan
from app.services.funds.catalog import Catalog
from app.services.kit.base import Service
from app.services.safety import audit


class ClosingService(Service):
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.CLOSE_BOOKS

    def closed_years(self, org_id: int) -> list[int]:
        with self.reading() as s:
            return list(s.scalars(select(FundClosing.year).where(FundClosing.org_id == org_id)
                                  .order_by(FundClosing.year)))

    def close(self, org_id: int, year: int, *, today: dt.date | None = None) -> dict[str, int]:
        """Closes ``year``; returns each source's balance at its end (分), by name."""
        today = today or dt.date.today()
        with self.writing(Change.FUNDS) as s:
            org = s.get(Organization, org_id)
            if org is None:
                raise NotFoundError("找不到该党组织，请刷新")
            if s.scalar(select(FundClosing.id).where(FundClosing.org_id == org_id, FundClosing.year == year)):
                raise ConflictError(f"“{org.name}”{year}年度已经结账")
            if year >= today.year:
                raise ConflictError(f"{year}年度还没有结束，年度结束后才能结账")
            e = FundEntry
            closed = select(FundClosing.year).where(FundClosing.org_id == org_id)
            open_before = list(s.scalars(select(e.year).distinct().where(
                e.org_id == org_id, e.year < year, e.year.not_in(closed)).order_by(e.year)))
            if open_before:
                raise ConflictError(f"请先结账{open_before[0]}年度（年度须按先后顺序结账）")
            drafts = s.scalar(select(func.count()).select_from(e).where(
                e.org_id == org_id, e.year == year, e.status == DRAFT)) or 0
            if drafts:
                raise ConflictError(f"{year}年度还有{drafts}笔草稿未记账，请记账或删除后再结账")
            income = func.sum(case((e.direction == INCOME, e.amount), else_=0))
            expense = func.sum(case((e.direction == INCOME, 0), else_=e.amount))
            groups = s.execute(select(e.source_id, e.category_id, income, expense)
                               .where(e.org_id == org_id, e.year == year, e.status == POSTED)
                               .group_by(e.source_id, e.category_id)).all()
            for source_id, category_id, inc, exp in groups:
                s.add(FundYearTotal(org_id=org_id, year=year, source_id=source_id, category_id=category_id,
                                    income=int(inc or 0), expense=int(exp or 0)))
            s.add(FundClosing(org_id=org_id, year=year, closed_by=self.actor.name))
            s.flush()
            from app.services.funds.balances import totals_select

            ends: dict[str, int] = {}
            catalog = Catalog(s)
            for src, _cat, inc, exp in s.execute(totals_select(org_id, dt.date(year, 12, 31), subtree=False)):
                name = catalog.source_name(src)
                ends[name] = ends.get(name, 0) + int(inc or 0) - int(exp or 0)
            audit.append(s, self.actor.name, "经费年度结账", entity="fund_closing", entity_id=f"{org_id}-{year}",
                         summary=f"“{org.name}”{year}年度经费结账",
                         new={f"{k}年末余额": format_yuan(v) for k, v in ends.items()})
        return ends



def refuse_closing_with_funds(s: Session, o: Organization) -> None:
    """An organisation whose ledger holds drafts or money cannot be closed (the area's close check)."""
    from app.services.funds.balances import totals_select

    e = FundEntry
    drafts = s.scalar(select(func.count()).select_from(e).where(e.org_id == o.id, e.status == DRAFT)) or 0
    if drafts:
        raise ConflictError(f"“{o.name}”的经费台账还有{drafts}笔草稿，请记账或删除后再撤销")
    left = sum(int(i or 0) - int(x or 0) for _s, _c, i, x in s.execute(totals_select(o.id, dt.date.max, subtree=False)))
    if left:
        raise ConflictError(f"“{o.name}”的经费台账还有余额{format_yuan(left)}元，请把余额转出后再撤销")
