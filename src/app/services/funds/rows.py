"""What the funds services return and take: small frozen rows, amounts in integer 分."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from app.domain.funds.fields import INCOME, POSTED, signed
from app.domain.kit.money import format_yuan


@dataclass(frozen=True)
class EntryInput:
    """What a clerk types for one entry (a draft until posted)."""

    org_id: int | str | None
    entry_date: dt.date | str | None
    summary: str
    direction: str
    source_id: int | str | None
    amount: object  # typed text, a Decimal or a spreadsheet cell; cleaned to 分
    category_id: int | str | None = None
    counterparty: str = ""
    payment_method: str = ""
    handler: str = ""
    reviewer: str = ""
    approver: str = ""
    attachments: object = 0
    project_id: int | str | None = None
    remarks: str = ""


@dataclass(frozen=True)
class EntryRow:
    id: int
    uuid: str
    org_id: int
    entry_date: dt.date | None  # always set (the database refuses an entry without one)
    summary: str
    direction: str
    source_id: int
    category_id: int | None
    amount: int
    counterparty: str
    payment_method: str
    handler: str
    reviewer: str
    approver: str
    attachments: int | None
    project_id: int | None
    remarks: str
    year: int
    voucher_no: int | None
    status: str
    posted_at: dt.datetime | None
    posted_by: str
    reverses_id: int | None
    version: int
    updated_by: str
    updated_at: dt.datetime | None
    org_name: str
    source_name: str
    category_name: str | None
    project_name: str | None
    reversed_by: int | None  # the reversing entry's id, when this one has been reversed

    @property
    def posted(self) -> bool:
        return self.status == POSTED

    @property
    def signed(self) -> int:
        """What the entry adds to its source's balance (income +, expense −)."""
        return signed(self.direction, self.amount)

    @property
    def income(self) -> int:
        return self.amount if self.direction == INCOME else 0

    @property
    def expense(self) -> int:
        return 0 if self.direction == INCOME else self.amount

    @property
    def voucher(self) -> str:
        """记-2026-0007, or 草稿 before posting."""
        return f"记-{self.year}-{self.voucher_no:04d}" if self.voucher_no else "草稿"

    @property
    def amount_text(self) -> str:
        return format_yuan(self.amount)

    def as_input(self) -> EntryInput:
        return EntryInput(**{f.name: getattr(self, f.name) for f in fields(EntryInput)})


@dataclass(frozen=True)
class SourceRow:
    id: int
    name: str
    standard: bool
    sort: int


@dataclass(frozen=True)
class CategoryRow:
    id: int
    name: str
    parent_id: int | None
    sort: int
    path: str  # 服务群众专项经费 / 党群建设


@dataclass(frozen=True)
class Balance:
    """Income, expense and what is left for one source (or spending for one category)."""

    key_id: int | None
    name: str
    income: int
    expense: int

    @property
    def balance(self) -> int:
        return self.income - self.expense


@dataclass(frozen=True)
class PostResult:
    entry: EntryRow
    warnings: tuple[str, ...]  # e.g. the source going below zero (the clerk confirmed it)
