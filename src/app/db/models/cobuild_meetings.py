"""Co-building's joint meetings (联席会) with their decisions, and the yearly mutual appraisal
(双向评议) with its criteria and scores."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import Base, RecordMixin


class Meeting(RecordMixin, Base):
    __tablename__ = "meetings"

    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    title: Mapped[str] = mapped_column(String(60), default="")
    held_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    place: Mapped[str] = mapped_column(String(60), default="")
    host: Mapped[str] = mapped_column(String(30), default="")
    attendees: Mapped[str] = mapped_column(Text, default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[str] = mapped_column(Text, default="")
    remarks: Mapped[str] = mapped_column(Text, default="")


class MeetingUnit(Base):
    """A unit that attended a joint meeting."""

    __tablename__ = "meeting_units"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True, index=True)


class Decision(Base):
    """A decision of a joint meeting; one that became a project points to its list item."""

    __tablename__ = "meeting_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    content: Mapped[str] = mapped_column(Text)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("list_items.id"), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class AppraisalRound(RecordMixin, Base):
    """One year's 双向评议 of an organisation, with its criteria and weights (JSON:
    [{"name": "组织共建", "weight": "20"}, …])."""

    __tablename__ = "appraisal_rounds"

    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    criteria: Mapped[str] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("org_id", "year", name="uq_appraisal_rounds_org_year"),)


class AppraisalScore(Base):
    """One sheet: the community's scores of a unit, or a unit's scores of the community
    (JSON: {"组织共建": "95.00", …})."""

    __tablename__ = "appraisal_scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("appraisal_rounds.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    direction: Mapped[str] = mapped_column(String(8))
    scores: Mapped[str] = mapped_column(Text)
    remarks: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("round_id", "unit_id", "direction", name="uq_appraisal_scores_sheet"),)
