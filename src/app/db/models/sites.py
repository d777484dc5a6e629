"""Sites (阵地), the people who run the work (第一书记, 专职党务工作者, 两委), brands with their steps,
and grid visits (进格入户). An area is integer hundredths of a m², never a float."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import AttachmentMixin, Base, RecordMixin, VersionedMixin


class Site(VersionedMixin, RecordMixin, Base):
    __tablename__ = "sites"

    name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(12))
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    menu: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(100), default="")
    area: Mapped[int | None] = mapped_column(Integer)  # hundredths of a m²
    owner: Mapped[str] = mapped_column(String(60), default="")
    opened_on: Mapped[dt.date | None] = mapped_column(Date)
    standardised_year: Mapped[int | None] = mapped_column(Integer)
    remarks: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (Index("ix_sites_by_kind", "kind", "name", "id"),)


class Staff(VersionedMixin, RecordMixin, Base):
    """One of the people who run the work; ``kind`` says which, and which fields it holds."""

    __tablename__ = "staff"

    kind: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(30))
    id_number: Mapped[str] = mapped_column(String(18), default="")
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    home_unit: Mapped[str] = mapped_column(String(60), default="")
    post: Mapped[str] = mapped_column(String(30), default="")
    cross_post: Mapped[bool] = mapped_column(Boolean, default=False)
    term_start: Mapped[dt.date | None] = mapped_column(Date)
    term_end: Mapped[dt.date | None] = mapped_column(Date)
    hired_year: Mapped[int | None] = mapped_column(Integer)
    hire_way: Mapped[str] = mapped_column(String(8), default="")
    certified: Mapped[bool] = mapped_column(Boolean, default=False)
    certificate: Mapped[str] = mapped_column(String(60), default="")
    certified_on: Mapped[dt.date | None] = mapped_column(Date)
    remarks: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_staff_by_kind", "kind", "name", "id"),)


class Brand(VersionedMixin, RecordMixin, Base):
    """A brand project (一社区一特色一品牌); its steps are BrandStep rows, in order."""

    __tablename__ = "brands"

    name: Mapped[str] = mapped_column(String(40))
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    remarks: Mapped[str] = mapped_column(Text, default="")


class BrandStep(Base):
    __tablename__ = "brand_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id"), index=True)
    step_no: Mapped[int] = mapped_column(Integer)  # 1 品牌申报 … 4 评比验收
    step: Mapped[str] = mapped_column(String(8))
    done_on: Mapped[dt.date] = mapped_column(Date)
    result: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("brand_id", "step_no"),)


class BrandFile(AttachmentMixin, Base):
    """Material of a brand project (the application, photos of its results), kept in the database."""

    __tablename__ = "brand_files"

    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id"), index=True)

class GridVisit(VersionedMixin, RecordMixin, Base):
    __tablename__ = "grid_visits"

    visitor: Mapped[str] = mapped_column(String(30))
    visitor_role: Mapped[str] = mapped_column(String(8), default="")
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    grid: Mapped[str] = mapped_column(String(30), default="")
    household: Mapped[str] = mapped_column(String(60))
    visited_on: Mapped[dt.date | None] = mapped_column(Date)  # required by the spec's rules
    matters: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    result: Mapped[str] = mapped_column(Text, default="")
    done_on: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (
        Index("ix_grid_visits_by_day", "visited_on", "id", "org_id"),
        Index("ix_grid_visits_open", "done_on", "due_on", "org_id"),
    )
