"""Community funds (经费台账): sources, the category tree, entries, closed years, budgets and
special-fund projects. Amounts are integer 分 in 64-bit columns.

A posted entry (status 已记账) is never changed or deleted: triggers made by the migration
(app.db.funds_triggers) refuse an UPDATE or DELETE of it on SQLite and PostgreSQL alike, and
refuse any entry dated in a closed year. A correction is a reversing entry naming the original.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import AttachmentMixin, Base, RecordMixin, VersionedMixin, utcnow


class FundSource(RecordMixin, Base):
    """A source of funds: the four of 一主三辅 and those an office adds."""

    __tablename__ = "fund_sources"

    name: Mapped[str] = mapped_column(String(30), unique=True)
    standard: Mapped[bool] = mapped_column(Boolean, default=False)
    sort: Mapped[int] = mapped_column(Integer, default=0)


class FundCategory(RecordMixin, Base):
    """A category of spending; categories form a tree (服务群众专项经费 → 党群建设 …)."""

    __tablename__ = "fund_categories"

    name: Mapped[str] = mapped_column(String(30))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("fund_categories.id"), index=True)
    sort: Mapped[int] = mapped_column(Integer, default=0)


DRAFTS_LAST = 1 << 30  # a draft's voucher number in the ledger's order: after the day's posted ones


class FundEntry(VersionedMixin, RecordMixin, Base):
    """One income or expense. ``amount`` is positive, except in a reversing entry, whose amount
    is the original's negated (红字冲销) and whose ``reverses_id`` names the original."""

    __tablename__ = "fund_entries"

    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    entry_date: Mapped[dt.date | None] = mapped_column(Date)  # never NULL: the guard refuses it
    year: Mapped[int] = mapped_column(Integer)
    voucher_no: Mapped[int | None] = mapped_column(Integer)  # given when posted, 1, 2, 3 … each year
    status: Mapped[str] = mapped_column(String(4), default="草稿")
    summary: Mapped[str] = mapped_column(String(100))
    direction: Mapped[str] = mapped_column(String(2))
    source_id: Mapped[int] = mapped_column(ForeignKey("fund_sources.id"))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("fund_categories.id"))
    amount: Mapped[int] = mapped_column(BigInteger, nullable=True)  # never NULL: the guard refuses it
    counterparty: Mapped[str] = mapped_column(String(60), default="")
    payment_method: Mapped[str] = mapped_column(String(6), default="")
    handler: Mapped[str] = mapped_column(String(30), default="")
    reviewer: Mapped[str] = mapped_column(String(30), default="")
    approver: Mapped[str] = mapped_column(String(30), default="")
    attachments: Mapped[int | None] = mapped_column(Integer, default=0)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("fund_projects.id"))
    remarks: Mapped[str] = mapped_column(Text, default="")
    posted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    posted_by: Mapped[str] = mapped_column(String(60), default="")
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("fund_entries.id"))

    __table_args__ = (
        Index("uq_fund_entries_voucher", "org_id", "year", "voucher_no", unique=True,
              sqlite_where=text("voucher_no IS NOT NULL"), postgresql_where=text("voucher_no IS NOT NULL")),
        # One reversal per original.
        Index("uq_fund_entries_reverses", "reverses_id", unique=True,
              sqlite_where=text("reverses_id IS NOT NULL"), postgresql_where=text("reverses_id IS NOT NULL")),
        # Balances at a date: by organisation and date, with what the sums read.
        Index("ix_fund_entries_by_date", "org_id", "status", "entry_date", "source_id", "direction", "amount"),
        Index("ix_fund_entries_by_source", "source_id", "status", "entry_date"),
        Index("ix_fund_entries_by_category", "category_id", "status", "entry_date"),
        Index("ix_fund_entries_by_project", "project_id"),
        Index("ix_fund_entries_list", "year", "voucher_no", "id"),
        # The ledger tab: one organisation's year, in date order.
        Index("ix_fund_entries_org_year", "org_id", "year", "entry_date", "id"),
        # The ledger's own order (date, voucher number with drafts last, id) for a whole ledger:
        # a county's ten years are read in this order instead of sorted (entry_query.order_by).
        Index("ix_fund_entries_ledger_order", "entry_date", text(f"coalesce(voucher_no, {DRAFTS_LAST})"), "id"),
        # The county's year read in order, not sorted: as the list opens, and by amount (金额).
        Index("ix_fund_entries_year_order", "year", "entry_date", text(f"coalesce(voucher_no, {DRAFTS_LAST})"), "id"),
        Index("ix_fund_entries_year_amount", "year", "amount", "id"),
        # A search for words over the whole ledger reads this, not the table (ledger order's
        # columns included, so the few found are sorted without a lookup).
        Index("ix_fund_entries_words", "year", "summary", "counterparty", "handler", "voucher_no", "entry_date"),
    )


class FundClosing(Base):
    """A closed year of one organisation's ledger: nothing dated in it can be added."""

    __tablename__ = "fund_closings"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    year: Mapped[int] = mapped_column(Integer)
    closed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    closed_by: Mapped[str] = mapped_column(String(60), default="")

    __table_args__ = (UniqueConstraint("org_id", "year", name="uq_fund_closings_org_year"),)


class FundYearTotal(Base):
    """A closed year's totals by source and category, kept when the year closes, so balances
    at later dates add only the open years' entries (balances carry forward)."""

    __tablename__ = "fund_year_totals"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    year: Mapped[int] = mapped_column(Integer)
    source_id: Mapped[int] = mapped_column(ForeignKey("fund_sources.id"))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("fund_categories.id"))
    income: Mapped[int] = mapped_column(BigInteger, default=0)
    expense: Mapped[int] = mapped_column(BigInteger, default=0)

    __table_args__ = (Index("ix_fund_year_totals_org_year", "org_id", "year"),)


class FundMonthTotal(Base):
    """Posted income and expense per organisation, month, source and category, kept by the
    database itself (triggers add each entry as it is posted, app.db.funds_triggers), so a
    balance at any date reads a few thousand rows instead of every entry. ``category_key`` is
    the category's id, or 0 for income (no category)."""

    __tablename__ = "fund_month_totals"

    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("fund_sources.id"), primary_key=True)
    category_key: Mapped[int] = mapped_column(Integer, primary_key=True)
    income: Mapped[int] = mapped_column(BigInteger, default=0)
    expense: Mapped[int] = mapped_column(BigInteger, default=0)


class FundBudget(RecordMixin, Base):
    """A yearly budget for a category, from one source or (source_id NULL) from any."""

    __tablename__ = "fund_budgets"

    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    year: Mapped[int] = mapped_column(Integer)
    category_id: Mapped[int] = mapped_column(ForeignKey("fund_categories.id"))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("fund_sources.id"))
    amount: Mapped[int] = mapped_column(BigInteger)
    remarks: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_fund_budgets_org_year", "org_id", "year", "category_id", "source_id",
                            unique=True),)


class FundProject(VersionedMixin, RecordMixin, Base):
    """A special-fund project (服务群众专项经费): 项目议定 → 审核备案 → 实施 → 验收 → 公示."""

    __tablename__ = "fund_projects"

    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("fund_categories.id"))
    budget: Mapped[int | None] = mapped_column(BigInteger)
    stage: Mapped[str] = mapped_column(String(4), default="项目议定")
    proposed_on: Mapped[dt.date | None] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")


class FundProjectStep(Base):
    """One dated step of a project's lifecycle, with who did it."""

    __tablename__ = "fund_project_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("fund_projects.id"), index=True)
    stage: Mapped[str] = mapped_column(String(4))
    done_on: Mapped[dt.date] = mapped_column(Date)
    done_by: Mapped[str] = mapped_column(String(30), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class FundEntryFile(AttachmentMixin, Base):
    """A receipt scan (PDF or image) of an entry, kept in the database so backups carry it. A
    posted entry may still gain scans (its amounts stay as posted); one is never taken away from
    a posted entry (app.services.funds.entry_files)."""

    __tablename__ = "fund_entry_files"

    entry_id: Mapped[int] = mapped_column(ForeignKey("fund_entries.id"), index=True)
