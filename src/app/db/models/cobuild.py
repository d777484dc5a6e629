"""Co-building (共驻共建): units in the area, the members reporting from them, the 大党委 /
大工委 part-time members and two-way postings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import AttachmentMixin, Base, RecordMixin, VersionedMixin, utcnow


class Unit(VersionedMixin, RecordMixin, Base):
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


class Agreement(VersionedMixin, RecordMixin, Base):
    """A 共建协议 between an organisation (甲方) and a unit's Party organisation (乙方). Its
    status follows from the dates (signed, term, terminated); a renewal points back to the
    agreement it renews."""

    __tablename__ = "agreements"

    number: Mapped[str] = mapped_column(String(40), unique=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    unit_party_org: Mapped[str] = mapped_column(String(60), default="")
    signed_on: Mapped[dt.date | None] = mapped_column(Date)
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    liaison_a: Mapped[str] = mapped_column(String(30), default="")
    liaison_a_phone: Mapped[str] = mapped_column(String(30), default="")
    liaison_b: Mapped[str] = mapped_column(String(30), default="")
    liaison_b_phone: Mapped[str] = mapped_column(String(30), default="")
    mechanisms: Mapped[str] = mapped_column(String(60), default="")
    content: Mapped[str] = mapped_column(Text, default="")
    remarks: Mapped[str] = mapped_column(Text, default="")
    terminated_on: Mapped[dt.date | None] = mapped_column(Date)
    terminated_reason: Mapped[str] = mapped_column(Text, default="")
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"), unique=True)


class Commitment(RecordMixin, Base):
    """One side's commitment (双向承诺事项) in an agreement; a renewal carries the open ones."""

    __tablename__ = "agreement_items"

    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"), index=True)
    side: Mapped[str] = mapped_column(String(2))
    content: Mapped[str] = mapped_column(String(200))
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(String(200), default="")
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("agreement_items.id"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class AgreementFile(AttachmentMixin, Base):
    """A scanned copy (PDF or image) of an agreement, kept in the database so backups carry it."""

    __tablename__ = "agreement_files"

    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"), index=True)


class ListItem(VersionedMixin, RecordMixin, Base):
    """An item on one of the three lists (需求 / 资源 / 项目清单), with its claim and progress."""

    __tablename__ = "list_items"

    kind: Mapped[str] = mapped_column(String(4))
    title: Mapped[str] = mapped_column(String(60))
    category: Mapped[str] = mapped_column(String(20), default="")
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    raised_by: Mapped[str] = mapped_column(String(60), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    raised_on: Mapped[dt.date | None] = mapped_column(Date)
    beneficiaries: Mapped[int | None] = mapped_column(Integer)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    remarks: Mapped[str] = mapped_column(Text, default="")
    # Progress (app.domain.cobuild.lists): who claimed it and the day of each step.
    status: Mapped[str] = mapped_column(String(4), default="待认领")
    claim_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    claim_org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    claim_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    claimed_on: Mapped[dt.date | None] = mapped_column(Date)
    started_on: Mapped[dt.date | None] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    cancelled_on: Mapped[dt.date | None] = mapped_column(Date)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    served: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        # The list views: one list, by status, newest first; and by category.
        Index("ix_list_items_by_kind", "kind", "status", "raised_on", "id"),
        Index("ix_list_items_by_category", "category", "kind", "status"),
    )
