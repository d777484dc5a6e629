"""The member roster (党员花名册) and each member's history of events."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import Base, RecordMixin, VersionedMixin, utcnow

FILTERED = ("org_id", "category", "member_type", "sex", "mobile", "lost_contact")
# Sort keys of the roster table (ui/member_model.py) with no index of their own otherwise; "status"
# orders by (status, id).
SORTED_BY_OWN_INDEX = ("sex", "category", "member_type", "work_unit", "phone", "id_number", "status", "full_on")
FIGURES = ("category", "education", "ethnicity", "sex", "birth_date", "member_type", "mobile", "lost_contact",
           "party_status", "center_household", "org_id")


def sort_index_columns(column: str) -> tuple[str, ...]:
    """Status, the sort column and id (in that order), then the filter columns it carries."""
    lead = tuple(dict.fromkeys(("status", column, "id")))
    return lead + tuple(c for c in (*FILTERED, "birth_date") if c not in lead)


class Member(VersionedMixin, RecordMixin, Base):
    __tablename__ = "members"

    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(30), index=True)
    # Written by the service from the name: "zhangsanfeng" and "zsf", for search and sorting.
    name_pinyin: Mapped[str] = mapped_column(String(120), default="", index=True)
    name_initials: Mapped[str] = mapped_column(String(30), default="", index=True)
    sex: Mapped[str] = mapped_column(String(2), default="")
    ethnicity: Mapped[str] = mapped_column(String(20), default="")
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    birth_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    education: Mapped[str] = mapped_column(String(20), default="")
    member_type: Mapped[str] = mapped_column(String(8), default="", index=True)  # 人员类别
    joined_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    full_on: Mapped[dt.date | None] = mapped_column(Date)
    post: Mapped[str] = mapped_column(String(30), default="")
    phone: Mapped[str] = mapped_column(String(30), default="", index=True)
    address: Mapped[str] = mapped_column(String(100), default="")
    party_status: Mapped[str] = mapped_column(String(8), default="正常")
    lost_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    lost_since: Mapped[dt.date | None] = mapped_column(Date)
    mobile: Mapped[bool] = mapped_column(Boolean, default=False)
    mobile_to: Mapped[str] = mapped_column(String(60), default="")
    category: Mapped[str] = mapped_column(String(10), default="", index=True)
    management: Mapped[str] = mapped_column(String(4), default="")
    work_unit: Mapped[str] = mapped_column(String(60), default="")
    grid: Mapped[str] = mapped_column(String(30), default="")
    center_household: Mapped[bool] = mapped_column(Boolean, default=False)
    remarks: Mapped[str] = mapped_column(Text, default="")
    party_post: Mapped[str] = mapped_column(String(20), default="")  # 党内职务
    introducers: Mapped[str] = mapped_column(String(60), default="")  # 入党介绍人
    native_place: Mapped[str] = mapped_column(String(30), default="")  # 籍贯
    # 在册 / 已转出 / 已去世 / 已出党: members who leave stay on record.
    status: Mapped[str] = mapped_column(String(6), default="在册")
    left_on: Mapped[dt.date | None] = mapped_column(Date)

    # The roster table asks for every matching id in a sort order. Each index below starts
    # with status (the list shows members on record), then the sort column and id, and then
    # carries the columns filters and the search box read, so SQLite answers from the narrow
    # index alone, already in order, without touching the wide rows (100,000 rows ≈ 70 MB).
    __table_args__ = (
        Index("ix_members_by_name", "status", "name_pinyin", "name", "id", *FILTERED, "birth_date",
              "name_initials", "id_number", "phone"),
        Index("ix_members_by_birth", "status", "birth_date", "id", *FILTERED),
        Index("ix_members_by_joined", "status", "joined_on", "id", *FILTERED, "birth_date"),
        Index("ix_members_by_org", "status", "org_id", "id", *FILTERED[1:], "birth_date"),
        # One per column of the roster table that has no index above, so that a click on any
        # column header reads the members in order instead of sorting the whole county.
        *(Index(f"ix_members_by_{column}", *sort_index_columns(column))
          for column in SORTED_BY_OWN_INDEX),
        # The county figures (member_stats): grouped by category, education and ethnicity in
        # index order, every other counted column carried along; org_id for a subtree.
        Index("ix_members_figures", "status", *FIGURES),
    )


class MemberEvent(Base):
    """One happening in a member's history: 转入, 转出, 转为正式党员, 外出流动, …"""

    __tablename__ = "member_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10), index=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    other_org: Mapped[str] = mapped_column(String(60), default="")  # where from / where to
    remark: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
