"""People on the way into the Party (发展党员): from the application to full membership."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import Base, RecordMixin, VersionedMixin


class Candidate(VersionedMixin, RecordMixin, Base):
    """One person's record through 入党申请人 → 入党积极分子 → 发展对象 → 预备党员 → 正式党员.
    ``member_id`` is the roster record made when they were admitted as a 预备党员."""

    __tablename__ = "candidates"

    name: Mapped[str] = mapped_column(String(30))
    name_pinyin: Mapped[str] = mapped_column(String(120), default="")
    name_initials: Mapped[str] = mapped_column(String(30), default="")
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    sex: Mapped[str] = mapped_column(String(2), default="")
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(30), default="")
    native_place: Mapped[str] = mapped_column(String(30), default="")
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    stage: Mapped[str] = mapped_column(String(8), default="入党申请人")
    applied_on: Mapped[dt.date | None] = mapped_column(Date)
    activist_on: Mapped[dt.date | None] = mapped_column(Date)
    target_on: Mapped[dt.date | None] = mapped_column(Date)
    admitted_on: Mapped[dt.date | None] = mapped_column(Date)
    full_on: Mapped[dt.date | None] = mapped_column(Date)
    introducer1_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    introducer2_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    training: Mapped[str] = mapped_column(Text, default="")
    training_on: Mapped[dt.date | None] = mapped_column(Date)
    review: Mapped[str] = mapped_column(Text, default="")
    review_on: Mapped[dt.date | None] = mapped_column(Date)
    remarks: Mapped[str] = mapped_column(Text, default="")
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), unique=True)

    __table_args__ = (
        # The page lists one stage at a time, by name; the figures count a stage as at a day.
        Index("ix_candidates_by_stage", "stage", "name_pinyin", "id"),
        Index("ix_candidates_by_name", "name_pinyin", "name", "id"),
    )
