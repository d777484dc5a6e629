"""The audit trail: appended inside each write's own transaction, hash-chained."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from app.db.models import AuditEntry
from app.db.models.base import table_of
from app.db.server import WRITE_LOCK_KEY
from app.domain.access.permissions import Permission
from app.services.kit.base import AUDIT_HEAD, Service


@dataclass(frozen=True)
class Head:
    """The chain's head after a transaction: its newest record, and the hash the transaction's
    first record followed (the head before it)."""

    last_id: int
    hash: str
    at: dt.datetime
    first_prev: str
    first_id: int


def _note_head(s: Session, first_prev: str, first_id: int, last_id: int, hash_: str, at: dt.datetime) -> None:
    before = s.info.get(AUDIT_HEAD)
    s.info[AUDIT_HEAD] = Head(last_id, hash_, at, before.first_prev if before else first_prev,
                              before.first_id if before else first_id)


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


def entry_hash(prev_hash: str, e: AuditEntry | SimpleNamespace) -> str:
    """The chain hash of a record: a stored entry, or its fields read back or about to be written."""
    payload = json.dumps(
        [prev_hash, e.at.isoformat(), e.actor, e.action, e.entity, e.entity_id, e.summary,
         e.old_values, e.new_values],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# A long name (a backup file's) is cut to the column's size: a server refuses longer text, where
# SQLite would keep it; the summary carries the whole of it.
ENTITY_ID_MAX = 40


def serialise(s: Session) -> None:
    """On a server, holds the ledger's write lock until the transaction ends, so that two PCs
    appending at once never read the same previous hash (which would fork the chain). Write
    transactions hold it already (see app.db.server); this also covers any other caller. In
    SQLite the write transaction holds the file's write lock."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})"))


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
    head = s.info.get(AUDIT_HEAD)
    if head is not None:  # this transaction appended already: it holds the lock and knows the head
        prev: str | None = head.hash
    else:
        serialise(s)
        prev = s.execute(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).scalar()
    entry = AuditEntry(
        at=dt.datetime.now().replace(microsecond=0),
        actor=actor,
        action=action,
        entity=entity,
        entity_id=str(entity_id)[:ENTITY_ID_MAX],
        summary=summary,
        old_values=dump_values(old),
        new_values=dump_values(new),
        prev_hash=prev or "",
    )
    entry.hash = entry_hash(entry.prev_hash, entry)
    s.add(entry)
    s.flush()
    _note_head(s, entry.prev_hash, entry.id, entry.id, entry.hash, entry.at)
    return entry


class Appender:
    """Many audit records in one transaction, chained in memory and inserted in bulk.

    The previous hash is read once (on the first ``add``) and each record's hash is computed
    as ``append`` does, so ``AuditService.verify`` walks the result like any other records.
    Records reach the database at ``flush()``; nothing else may append to the trail in the
    same transaction between the first ``add`` and ``flush`` (the chain would fork).
    """

    CHUNK = 2000

    def __init__(self, s: Session, actor: str) -> None:
        self.s = s
        self.actor = actor
        self.at = dt.datetime.now().replace(microsecond=0)
        self._prev: str | None = None
        self._rows: list[dict[str, Any]] = []

    def add(
        self,
        action: str,
        *,
        entity: str = "",
        entity_id: str | int = "",
        summary: str = "",
        old: Mapping[str, Any] | None = None,
        new: Mapping[str, Any] | None = None,
    ) -> None:
        if self._prev is None:
            serialise(self.s)
            self._prev = self.s.execute(
                select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).scalar() or ""
        row: dict[str, Any] = {
            "at": self.at, "actor": self.actor, "action": action, "entity": entity,
            "entity_id": str(entity_id)[:ENTITY_ID_MAX], "summary": summary, "old_values": dump_values(old),
            "new_values": dump_values(new), "prev_hash": self._prev,
        }
        # The same payload and hash as ``append`` (entry_hash reads the fields by attribute).
        row["hash"] = entry_hash(self._prev, SimpleNamespace(**row))
        self._prev = row["hash"]
        self._rows.append(row)

    def __len__(self) -> int:
        return len(self._rows)

    def flush(self) -> None:
        """Inserts the records added so far, in order (ids ascend along the chain)."""
        self.s.flush()
        for start in range(0, len(self._rows), self.CHUNK):
            self.s.execute(insert(table_of(AuditEntry)), self._rows[start:start + self.CHUNK])
        if self._rows:
            last = self._rows[-1]
            last_id = self.s.scalar(select(func.max(AuditEntry.id))) or 0
            _note_head(self.s, self._rows[0]["prev_hash"], last_id - len(self._rows) + 1, last_id, last["hash"],
                       last["at"])
        self._rows = []
        self._prev = None  # read afresh next time: someone may append in between


def append_many(s: Session, actor: str, records: Iterable[Mapping[str, Any]]) -> int:
    """Appends records given as ``append``'s keyword arguments (action, entity, …); returns how many."""
    appender = Appender(s, actor)
    for r in records:
        appender.add(**r)
    n = len(appender)
    appender.flush()
    return n


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
