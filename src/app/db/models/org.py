"""The organisation tree."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import Base, RecordMixin, VersionedMixin


class Organization(VersionedMixin, RecordMixin, Base):
    __tablename__ = "organizations"

    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    short_name: Mapped[str] = mapped_column(String(30), default="")
    org_type: Mapped[str] = mapped_column(String(20))
    secretary: Mapped[str] = mapped_column(String(30), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    established: Mapped[dt.date | None] = mapped_column(Date)
    term_start: Mapped[dt.date | None] = mapped_column(Date)
    term_end: Mapped[dt.date | None] = mapped_column(Date)
    coverage: Mapped[str] = mapped_column(Text, default="")
    remarks: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_reason: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_organizations_parent_name", "parent_id", "name"),)
