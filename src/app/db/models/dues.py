"""Party dues (党费): each member's yearly assessment, monthly payments and remittances upward.
Amounts are integer 分."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import Base, RecordMixin


class DuesAssessment(RecordMixin, Base):
    """A member's dues for a year: kind, monthly base, the bracket's rate and the monthly
    amount; a hardship reduction with the body that approved it and when."""

    __tablename__ = "dues_assessments"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(6))
    base: Mapped[int | None] = mapped_column(BigInteger)
    rate: Mapped[str] = mapped_column(String(8), default="")
    bracket: Mapped[str] = mapped_column(String(40), default="")
    monthly: Mapped[int] = mapped_column(BigInteger)  # what the bracket gives
    reduced: Mapped[int | None] = mapped_column(BigInteger)  # the monthly amount after a reduction
    reduction_body: Mapped[str] = mapped_column(String(60), default="")
    reduction_on: Mapped[dt.date | None] = mapped_column(Date)
    remarks: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("member_id", "year", name="uq_dues_assessments_member_year"),
                      Index("ix_dues_assessments_year", "year", "member_id"))


class DuesPayment(RecordMixin, Base):
    """One month's dues paid (a payment of several months is one row per month, one receipt)."""

    __tablename__ = "dues_payments"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    month: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(BigInteger)
    paid_on: Mapped[dt.date] = mapped_column(Date)
    receipt_no: Mapped[str] = mapped_column(String(30), default="")
    late: Mapped[str] = mapped_column(String(120), default="")  # back payment beyond 6 months
    remarks: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("member_id", "month", name="uq_dues_payments_member_month"),
                      Index("ix_dues_payments_month", "month", "member_id"))


class DuesRemittance(RecordMixin, Base):
    """Dues handed up to the higher Party organisation (上缴)."""

    __tablename__ = "dues_remittances"

    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    remitted_on: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(BigInteger)
    to_org: Mapped[str] = mapped_column(String(60), default="")
    receipt_no: Mapped[str] = mapped_column(String(30), default="")
    remarks: Mapped[str] = mapped_column(Text, default="")
