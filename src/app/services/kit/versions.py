"""Several PCs on one ledger: a save made from a copy of a record that someone else has changed
since it was read is refused, naming who changed it and when, instead of silently overwriting
their work (optimistic concurrency).

Each versioned record (app.db.models.base.VersionedMixin) carries a version that goes up with
every change; the row object a form was filled from carries the version it was read at, and the
save passes it back. The check runs inside the write transaction, which on SQLite holds the
file's write lock and on a server the ledger's write lock, so nobody can change the record
between the check and the save.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from app.domain.kit.errors import ConflictError


class Versioned(Protocol):
    version: int
    updated_by: str
    updated_at: dt.datetime


class StaleRecord(ConflictError):
    """The record changed since the user read it; nothing was saved."""

    title = "记录已被修改"


def check(record: Versioned, read_at: int | None, *, today: dt.date | None = None) -> None:
    """Raises StaleRecord unless ``record`` is still at version ``read_at`` (None: not checked,
    for callers that read the record afresh themselves)."""
    if read_at is None or record.version == read_at:
        return
    raise StaleRecord(stale_message(record.updated_by, record.updated_at, today=today))


def stale_message(who: str, when: dt.datetime | None, *, today: dt.date | None = None) -> str:
    """该记录已被李四于 10:42 修改，请刷新后再改 (the date too when it was not today)."""
    name = who or "其他用户"
    if when is None:
        return f"该记录已被{name}修改，请刷新后再改"
    local = when.replace(tzinfo=dt.UTC).astimezone()  # stored in UTC
    day = today or dt.date.today()
    at = f"{local:%H:%M}" if local.date() == day else f"{local:%Y-%m-%d %H:%M}"
    return f"该记录已被{name}于 {at} 修改，请刷新后再改"
