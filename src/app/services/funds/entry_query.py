"""The ledger list's search: organisation, year, status, direction, source, category (with
the categories below it), project, dates and text, sorted in SQL by date and voucher number."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, literal_column, or_, select

from app.db.models import FundCategory, FundEntry
from app.db.models.funds import DRAFTS_LAST
from app.services.kit.records import AnySelect
from app.services.orgs.service import subtree_select

SORTS = ("entry_date", "voucher_no", "amount", "summary", "id")


@dataclass(frozen=True)
class EntryQuery:
    org_id: int | None = None  # the organisation and everything below it; None = all
    year: int | None = None
    status: str | None = None  # 草稿 / 已记账; None = both
    direction: str | None = None
    source_id: int | None = None
    category_id: int | None = None  # the category and those below it
    project_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str = ""  # a fragment of the summary, counterparty or handler, or a voucher number
    sort: str = "entry_date"
    descending: bool = False


def category_subtree(category_id: int) -> AnySelect:
    tree = select(FundCategory.id).where(FundCategory.id == category_id).cte("cats", recursive=True)
    tree = tree.union_all(select(FundCategory.id).where(FundCategory.parent_id == tree.c.id))
    return select(tree.c.id)


def conditions(q: EntryQuery) -> list[ColumnElement[bool]]:
    e = FundEntry
    out: list[ColumnElement[bool]] = []
    if q.org_id is not None:
        out.append(e.org_id.in_(subtree_select(q.org_id)))
    if q.year is not None:
        out.append(e.year == q.year)
    for column, value in ((e.status, q.status), (e.direction, q.direction), (e.source_id, q.source_id),
                          (e.project_id, q.project_id)):
        if value is not None:
            out.append(column == value)
    if q.category_id is not None:
        out.append(e.category_id.in_(category_subtree(q.category_id)))
    if q.date_from is not None:
        out.append(e.entry_date >= q.date_from)
    if q.date_to is not None:
        out.append(e.entry_date <= q.date_to)
    for word in q.text.split()[:5]:
        like = f"%{word.replace('%', '').replace('_', '')}%"
        match: list[ColumnElement[bool]] = [e.summary.like(like), e.counterparty.like(like), e.handler.like(like)]
        number = word.rsplit("-", 1)[-1]
        if number.isascii() and number.isdigit() and len(number) < 9:
            match.append(e.voucher_no == int(number))
        out.append(or_(*match))
    return out


def order_by(q: EntryQuery) -> list[Any]:
    """The list's order. A whole ledger (no organisation) is read along an index in this order
    (ix_fund_entries_ledger_order, _year_order, _year_amount). A subtree's entries are found by
    organisation and year (ix_fund_entries_org_year) and sorted: there the order is written so
    that no index matches it, or the database would walk the county's year in order and check
    every entry's organisation (one community's year: 35 ms sorted, 315 ms along the index)."""
    key = q.sort if q.sort in SORTS else "entry_date"
    scoped = q.org_id is not None or _words_in_whole_ledger(q)
    column: Any = getattr(FundEntry, key)
    if scoped and key in ("voucher_no", "amount", "id"):
        column = column + 0
    elif scoped and key == "entry_date":
        column = func.coalesce(column, bindparam("no_date", dt.date.max))  # never NULL: the same dates
    first = column.desc() if q.descending else column.asc()
    tail = FundEntry.id.desc() if q.descending else FundEntry.id.asc()
    if key == "entry_date":
        # Written out, not bound, for the whole ledger: it must read as the indexes' expression;
        # bound for a subtree, so that it matches none.
        drafts: ColumnElement[Any] = (bindparam("drafts_last", DRAFTS_LAST) if scoped
                                      else literal_column(str(DRAFTS_LAST)))
        voucher = func.coalesce(FundEntry.voucher_no, drafts)
        return [first, voucher.desc() if q.descending else voucher.asc(), tail]
    return [first, tail]


def _words_in_whole_ledger(q: EntryQuery) -> bool:
    return q.org_id is None and bool(q.text.split())


def id_select(q: EntryQuery) -> AnySelect:
    return select(FundEntry.id).where(*conditions(q)).order_by(*order_by(q))


def count_select(q: EntryQuery) -> AnySelect:
    return select(func.count()).select_from(FundEntry).where(*conditions(q))
