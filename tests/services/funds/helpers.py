"""Organisations, sources and entries for the funds service tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from app.services.container import Services
from app.services.funds.rows import EntryInput, EntryRow
from tests.services.members.helpers import Tree, build_tree

__all__ = ["Tree", "build_tree", "entry", "posted", "source_ids", "category_ids"]


def source_ids(services: Services) -> dict[str, int]:
    return {r.name: r.id for r in services.fund_catalog.sources()}


def category_ids(services: Services) -> dict[str, int]:
    return {r.path: r.id for r in services.fund_catalog.categories()}


def entry(org_id: int, amount: object = "100.00", *, on: dt.date = dt.date(2026, 3, 5), direction: str = "支出",
          source: int | str = "财政投入", category: int | str | None = "办公经费", **changes: object) -> EntryInput:
    data = EntryInput(org_id=org_id, entry_date=on, summary="购买办公用品", direction=direction, source_id=source,
                      amount=amount, category_id=category if direction == "支出" else None,
                      counterparty="青山文具店", payment_method="银行转账", handler="李敏", reviewer="王芳",
                      approver="张国强", attachments=2)
    return replace(data, **changes)  # type: ignore[arg-type]


def posted(services: Services, data: EntryInput, *, allow_negative: bool = True) -> EntryRow:
    draft = services.ledger.create(data)
    return services.ledger.post([draft.id], allow_negative=allow_negative)[0]
