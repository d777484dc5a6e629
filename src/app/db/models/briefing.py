"""Issued briefings and work reports: kept with their PDF so that an old issue prints again
exactly as it went out. Each issuing organisation numbers its own issues: 第X期 per kind within
the year, 总第X期 per kind since the first."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column

from app.db.models.base import Base, RecordMixin


class Briefing(RecordMixin, Base):
    __tablename__ = "briefings"

    kind: Mapped[str] = mapped_column(String(10))  # 工作汇报 / 简报
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)  # 第X期 within issuer, kind and year
    total_number: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # 总第X期 within issuer and kind
    title: Mapped[str] = mapped_column(String(200))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)  # the issuer
    period_label: Mapped[str] = mapped_column(String(60), default="")
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    issued_on: Mapped[dt.date] = mapped_column(Date, index=True)
    issuer: Mapped[str] = mapped_column(String(100), default="")
    issued_by: Mapped[str] = mapped_column(String(60), default="")
    pages: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    template: Mapped[str] = mapped_column(Text, default="")  # the text it was made from
    pdf: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))

    __table_args__ = (
        UniqueConstraint("org_id", "kind", "year", "number", name="uq_briefings_org_kind_year_number"),
        UniqueConstraint("org_id", "kind", "total_number", name="uq_briefings_org_kind_total"),
    )
