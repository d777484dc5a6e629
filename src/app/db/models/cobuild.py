"""Co-building (共驻共建): units in the area, the members reporting from them, the 大党委 /
大工委 part-time members and two-way postings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import Base, RecordMixin, utcnow


class Unit(RecordMixin, Base):
    """A unit in the area (驻区单位). Units that leave stay on record with ``left_on``."""

    __tablename__ = "units"

    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    # Written by the service from the name, for search and sorting.
    name_pinyin: Mapped[str] = mapped_column(String(240), default="")
    name_initials: Mapped[str] = mapped_column(String(60), default="")
    credit_code: Mapped[str] = mapped_column(String(18), default="")
    unit_type: Mapped[str] = mapped_column(String(8), default="")
    address: Mapped[str] = mapped_column(String(100), default="")
    grid: Mapped[str] = mapped_column(String(30), default="")
    party_org_name: Mapped[str] = mapped_column(String(60), default="")
    party_org_type: Mapped[str] = mapped_column(String(6), default="")
    secretary: Mapped[str] = mapped_column(String(30), default="")
    party_members: Mapped[int | None] = mapped_column(Integer)
    on_council: Mapped[bool] = mapped_column(Boolean, default=False)
    liaison: Mapped[str] = mapped_column(String(30), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    remarks: Mapped[str] = mapped_column(Text, default="")
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    left_reason: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        # One unit per code; many units have none recorded ("").
        Index("uq_units_credit_code", "credit_code", unique=True,
              sqlite_where=text("credit_code <> ''"), postgresql_where=text("credit_code <> ''")),
        Index("ix_units_by_name", "name_pinyin", "name", "id"),
    )


class UnitMember(Base):
    """An in-service member (在职党员) reporting to the community from a unit: one unit each.
    The member's own 工作单位 text stays as typed."""

    __tablename__ = "unit_members"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    reported_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class CouncilMember(RecordMixin, Base):
    """A part-time member (兼职委员) of a community's 大党委 or a street's 大工委."""

    __tablename__ = "council_members"

    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(30))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    council_post: Mapped[str] = mapped_column(String(30), default="")
    unit_post: Mapped[str] = mapped_column(String(30), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    term_start: Mapped[dt.date | None] = mapped_column(Date)
    term_end: Mapped[dt.date | None] = mapped_column(Date)
    remarks: Mapped[str] = mapped_column(Text, default="")


class Secondment(RecordMixin, Base):
    """A two-way posting (双向挂职): community staff to a unit, or a unit's cadre to the community."""

    __tablename__ = "secondments"

    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(30))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    direction: Mapped[str] = mapped_column(String(10))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    post: Mapped[str] = mapped_column(String(40), default="")
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    remarks: Mapped[str] = mapped_column(Text, default="")
