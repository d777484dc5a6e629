"""Organisation life: meetings and lessons of a branch (三会一课, 主题党日 …), who attended each,
and each member's yearly 民主评议 result."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import AttachmentMixin, Base, RecordMixin


class OrgMeeting(RecordMixin, Base):
    __tablename__ = "orglife_meetings"

    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    kind: Mapped[str] = mapped_column(String(10))
    held_on: Mapped[dt.date | None] = mapped_column(Date)
    start_time: Mapped[str] = mapped_column(String(5), default="")
    place: Mapped[str] = mapped_column(String(60), default="")
    host: Mapped[str] = mapped_column(String(30), default="")
    speaker: Mapped[str] = mapped_column(String(30), default="")
    topic: Mapped[str] = mapped_column(String(100), default="")
    minutes: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    # What its attendance rows say, kept with the meeting so that the list and the figures read a
    # county's year of meetings, not millions of attendance rows; the service recounts them in
    # every write of attendance (app.services.orglife.meetings.recount).
    present_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    leave_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    absent_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    # A branch's year in date order; the county's period by date (briefings, the schedule check).
    __table_args__ = (Index("ix_orglife_meetings_org_date", "org_id", "held_on", "kind"),
                      Index("ix_orglife_meetings_date", "held_on", "kind", "org_id"))


class OrgAttendance(Base):
    """One roster member at one meeting: 出席, 请假 (with the reason) or 缺席."""

    __tablename__ = "orglife_attendance"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("orglife_meetings.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(4))
    reason: Mapped[str] = mapped_column(String(60), default="")

    # A member's year: attendance by member, carrying what the rate counts.
    __table_args__ = (Index("ix_orglife_attendance_member", "member_id", "meeting_id", "status"),)


class OrgAppraisal(RecordMixin, Base):
    """A member's 民主评议 result for one year, with the branch that appraised them."""

    __tablename__ = "orglife_appraisals"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    year: Mapped[int] = mapped_column()
    result: Mapped[str] = mapped_column(String(4))
    appraised_on: Mapped[dt.date] = mapped_column(Date)
    remarks: Mapped[str] = mapped_column(String(100), default="")

    __table_args__ = (UniqueConstraint("member_id", "year", name="uq_orglife_appraisals_member_year"),
                      Index("ix_orglife_appraisals_year", "year", "result"))


class OrgMeetingFile(AttachmentMixin, Base):
    """A photo of a meeting (or a scan of its sign-in sheet or minutes), kept in the database."""

    __tablename__ = "orglife_meeting_files"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("orglife_meetings.id"), index=True)
