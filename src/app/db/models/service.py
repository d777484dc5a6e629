"""Volunteer service (志愿服务): volunteers, in-service members reporting in, teams, posts,
activities with sign-up and attendance, service records, certificates issued."""

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
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import Base, RecordMixin, VersionedMixin, utcnow


class Volunteer(VersionedMixin, RecordMixin, Base):
    """A person who serves: a member on the roster (``member_id``) or a resident who is not."""

    __tablename__ = "volunteers"

    name: Mapped[str] = mapped_column(String(30))
    name_pinyin: Mapped[str] = mapped_column(String(120), default="")
    name_initials: Mapped[str] = mapped_column(String(30), default="")
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    id_number: Mapped[str] = mapped_column(String(18), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    is_rep: Mapped[bool] = mapped_column(Boolean, default=False)
    rep_body: Mapped[str] = mapped_column(String(40), default="")
    skills: Mapped[str] = mapped_column(String(100), default="")
    remarks: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("uq_volunteers_member_id", "member_id", unique=True,
              sqlite_where=text("member_id IS NOT NULL"), postgresql_where=text("member_id IS NOT NULL")),
        Index("uq_volunteers_id_number", "id_number", unique=True,
              sqlite_where=text("id_number <> ''"), postgresql_where=text("id_number <> ''")),
        Index("ix_volunteers_by_name", "name_pinyin", "name", "id"),
    )


class ServiceReport(VersionedMixin, RecordMixin, Base):
    """An in-service member's reporting in (在职党员报到); one a member, kept when they leave."""

    __tablename__ = "service_reports"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    reported_on: Mapped[dt.date | None] = mapped_column(Date)
    slip_no: Mapped[str] = mapped_column(String(30), default="")
    skills: Mapped[str] = mapped_column(String(100), default="")
    preferences: Mapped[str] = mapped_column(String(100), default="")
    grid: Mapped[str] = mapped_column(String(30), default="")
    team_id: Mapped[int | None] = mapped_column(ForeignKey("service_teams.id"), index=True)
    status: Mapped[str] = mapped_column(String(4), default="已报到")
    left_on: Mapped[dt.date | None] = mapped_column(Date)


class ServiceTeam(VersionedMixin, RecordMixin, Base):
    __tablename__ = "service_teams"

    name: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("volunteers.id"))
    founded_on: Mapped[dt.date | None] = mapped_column(Date)
    remarks: Mapped[str] = mapped_column(Text, default="")
    dissolved_on: Mapped[dt.date | None] = mapped_column(Date)


class TeamMember(Base):
    __tablename__ = "service_team_members"

    team_id: Mapped[int] = mapped_column(ForeignKey("service_teams.id"), primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), primary_key=True, index=True)
    joined_on: Mapped[dt.date | None] = mapped_column(Date)


class ServicePost(VersionedMixin, RecordMixin, Base):
    """A post to claim (岗位认领)."""

    __tablename__ = "service_posts"

    title: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(20))
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    grid: Mapped[str] = mapped_column(String(30), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)


class PostClaim(Base):
    __tablename__ = "service_post_claims"

    post_id: Mapped[int] = mapped_column(ForeignKey("service_posts.id"), primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), primary_key=True, index=True)
    claimed_on: Mapped[dt.date | None] = mapped_column(Date)


class ServiceActivity(VersionedMixin, RecordMixin, Base):
    __tablename__ = "service_activities"

    title: Mapped[str] = mapped_column(String(60))
    category: Mapped[str] = mapped_column(String(20))
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    held_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    start_time: Mapped[str] = mapped_column(String(5), default="")
    end_time: Mapped[str] = mapped_column(String(5), default="")
    place: Mapped[str] = mapped_column(String(60), default="")
    organiser: Mapped[str] = mapped_column(String(40), default="")
    team_id: Mapped[int | None] = mapped_column(ForeignKey("service_teams.id"), index=True)
    capacity: Mapped[int | None] = mapped_column(Integer)
    list_item_id: Mapped[int | None] = mapped_column(ForeignKey("list_items.id"))
    remarks: Mapped[str] = mapped_column(Text, default="")


class SignUp(Base):
    """A volunteer signed up for an activity; ``attended`` once the attendance is taken, with
    their own times when they differ from the activity's."""

    __tablename__ = "service_signups"

    activity_id: Mapped[int] = mapped_column(ForeignKey("service_activities.id"), primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), primary_key=True, index=True)
    attended: Mapped[bool] = mapped_column(Boolean, default=False)
    start_time: Mapped[str] = mapped_column(String(5), default="")
    end_time: Mapped[str] = mapped_column(String(5), default="")
    record_id: Mapped[int | None] = mapped_column(ForeignKey("service_records.id"))


class ServiceRecord(VersionedMixin, RecordMixin, Base):
    """One service (志愿服务记录). ``team_id`` and ``unit_id`` are where it counts, fixed when it
    is recorded (the activity's team; the unit the member reported from)."""

    __tablename__ = "service_records"

    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"))
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    served_on: Mapped[dt.date | None] = mapped_column(Date)
    start_time: Mapped[str] = mapped_column(String(5), default="")
    end_time: Mapped[str] = mapped_column(String(5), default="")
    hours: Mapped[int | None] = mapped_column(Integer)  # tenths of an hour
    content: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(20), default="")
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("service_activities.id"), index=True)
    served_people: Mapped[int | None] = mapped_column(Integer)
    hours_reason: Mapped[str] = mapped_column(String(100), default="")
    team_id: Mapped[int | None] = mapped_column(ForeignKey("service_teams.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    status: Mapped[str] = mapped_column(String(4), default="待确认")
    confirmed_by: Mapped[str] = mapped_column(String(60), default="")
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    return_reason: Mapped[str] = mapped_column(String(200), default="")
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("service_records.id"), index=True)
    correction_reason: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (
        # One person's history (by status for a certificate), and the overlap checks of a new record.
        Index("ix_service_records_by_person", "volunteer_id", "status", "served_on", "id"),
        # Totals over a date range: the confirmed records of the days, carrying all they are
        # added up by, so that no report reads the table itself.
        Index("ix_service_records_totals", "status", "served_on", "org_id", "unit_id", "team_id", "category",
              "volunteer_id", "activity_id", "hours", "served_people"),
        # The tab's list, newest first, and by status; the organisation is checked in the index
        # (app.services.service.records reads the subtree as a filter, not as the index's start).
        Index("ix_service_records_by_day", "served_on", "id", "org_id", "status", "volunteer_id"),
        Index("ix_service_records_by_status", "status", "served_on", "id", "org_id"),
    )


class Certificate(RecordMixin, Base):
    """A 志愿服务记录证明 issued: numbered per year, the text as printed kept for reprints."""

    __tablename__ = "service_certificates"

    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), index=True)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    issued_by: Mapped[str] = mapped_column(String(60), default="")
    content: Mapped[str] = mapped_column(Text, default="")  # JSON: everything the page shows
    created_on: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("year", "seq", name="uq_service_certificates_year_seq"),)
