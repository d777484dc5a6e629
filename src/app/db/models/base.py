"""Declarative base and the columns every record carries."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import DateTime, Integer, LargeBinary, MetaData, String, Table, func
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, declared_attr, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_uuid() -> str:
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def table_of(model: type[Base]) -> Table:
    """The table a model is stored in, for bulk inserts that bypass the ORM."""
    return model.metadata.tables[model.__tablename__]


class RecordMixin:
    """Integer key for joins, stable UUID for moving data between offices, timestamps."""

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, server_default=func.current_timestamp())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow, server_default=func.current_timestamp()
    )


class AttachmentMixin:
    """A file attached to a record (app.services.kit.attachments): the table adds the column
    naming its record."""

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(100))
    mime: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    added_by: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class VersionedMixin:
    """A record several clerks may edit at once. ``version`` goes up with every change (the
    ORM adds ``WHERE version = <as read>`` to each UPDATE), and ``updated_by`` names who made
    the last one, so that a save made from an out-of-date copy is refused naming them (see
    app.services.kit.versions)."""

    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_by: Mapped[str] = mapped_column(String(60), default="", server_default="")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def stamp_editor(session: Session, _context: object, _instances: object) -> None:
    """``before_flush``: versioned records added or changed in this session are marked with the
    acting user, whom the service put in ``session.info["actor"]``."""
    actor = session.info.get("actor")
    if not actor:
        return
    for obj in session.new:
        if isinstance(obj, VersionedMixin):
            obj.updated_by = actor
    for obj in session.dirty:
        if isinstance(obj, VersionedMixin) and session.is_modified(obj, include_collections=False):
            obj.updated_by = actor
