"""The audit trail: appended inside each write's own transaction, hash-chained."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import AuditEntry
from app.domain.permissions import Permission
from app.services.base import Service


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "value") and not isinstance(value, str | int | float):  # enums
        return value.value
    return value


def dump_values(values: Mapping[str, Any] | None) -> str:
    if not values:
        return ""
    return json.dumps({k: _jsonable(v) for k, v in values.items()}, ensure_ascii=False, sort_keys=True)


def entry_hash(prev_hash: str, e: AuditEntry) -> str:
    payload = json.dumps(
        [prev_hash, e.at.isoformat(), e.actor, e.action, e.entity, e.entity_id, e.summary,
         e.old_values, e.new_values],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(
    s: Session,
    actor: str,
    action: str,
    *,
    entity: str = "",
    entity_id: str | int = "",
    summary: str = "",
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Adds one audit record to the caller's transaction."""
    prev = s.execute(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).scalar()
    entry = AuditEntry(
        at=dt.datetime.now().replace(microsecond=0),
        actor=actor,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        summary=summary,
        old_values=dump_values(old),
        new_values=dump_values(new),
        prev_hash=prev or "",
    )
    entry.hash = entry_hash(entry.prev_hash, entry)
    s.add(entry)
    s.flush()
    return entry


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, old and new."""
    keys = [k for k in new if old.get(k) != new.get(k)]
    return {k: old.get(k) for k in keys}, {k: new[k] for k in keys}


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    summary: str
    old_values: str
    new_values: str


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_bad_id: int | None
    problem: str
    head: str


class AuditService(Service):
    def recent(self, limit: int = 200) -> list[AuditRow]:
        self.require(Permission.READ_AUDIT)
        with self.reading() as s:
            rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
            return [
                AuditRow(r.id, r.at, r.actor, r.action, r.entity, r.entity_id, r.summary,
                         r.old_values, r.new_values)
                for r in rows
            ]

    def count(self) -> int:
        with self.reading() as s:
            return s.scalar(select(func.count()).select_from(AuditEntry)) or 0

    def verify(self) -> ChainReport:
        """Walks the chain; names the first record whose hash or link does not hold."""
        prev = ""
        checked = 0
        with self.reading() as s:
            for e in s.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars():
                if e.prev_hash != prev:
                    return ChainReport(False, checked, e.id, f"第{e.id}条记录的前序校验值不符（记录被删除或调换）", prev)
                if entry_hash(prev, e) != e.hash:
                    return ChainReport(False, checked, e.id, f"第{e.id}条记录的内容与校验值不符（记录被改动）", prev)
                prev = e.hash
                checked += 1
        return ChainReport(True, checked, None, "", prev)
