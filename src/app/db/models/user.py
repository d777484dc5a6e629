"""People who may sign in, each with one role; failed sign-ins are counted here."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import Base, RecordMixin


class User(RecordMixin, Base):
    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(40), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login: Mapped[dt.datetime | None] = mapped_column(DateTime)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
