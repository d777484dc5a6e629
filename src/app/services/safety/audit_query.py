"""Looking through the audit trail: filtered and paged in SQL, newest first.

The trail grows by one record per change (an import of 10,000 members adds 10,000), so the 审计
tab never loads it whole: it asks for a page of the records that match, and for their number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

from sqlalchemy import ColumnElement, and_, func, or_, select

from app.db.models import AuditEntry, Organization, Setting
from app.domain.access.permissions import Permission
from app.services.kit.base import Service
from app.services.safety.audit import AuditRow

PAGE = 500


class AuditFilters(TypedDict, total=False):
    """The filters ``search`` and ``count`` take, as one value (the 审计 tab keeps them)."""

    text: str
    action: str | None
    actor: str | None
    since: dt.date | dt.datetime | None
    until: dt.date | dt.datetime | None


@dataclass(frozen=True)
class BackupHead:
    """A backup as the audit sheet lists it: when, why, whether whole, and the chain head its
    manifest recorded (where the copied audit trail ends)."""

    path: Path
    taken_at: dt.datetime | None
    reason: str
    ok: bool
    problem: str
    audit_head: str


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, its own % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _start(day: dt.date | dt.datetime) -> dt.datetime:
    return day if isinstance(day, dt.datetime) else dt.datetime.combine(day, dt.time())


def _row(e: AuditEntry) -> AuditRow:
    return AuditRow(e.id, e.at, e.actor, e.action, e.entity, e.entity_id, e.summary, e.old_values,
                    e.new_values)


class AuditQueryService(Service):
    read_permission = Permission.READ_AUDIT

    @staticmethod
    def _where(text: str = "", action: str | None = None, actor: str | None = None,
               since: dt.date | dt.datetime | None = None,
               until: dt.date | dt.datetime | None = None) -> ColumnElement[bool] | None:
        """``since`` and ``until`` are inclusive; a date as ``until`` means the whole of that day."""
        terms: list[ColumnElement[Any]] = []
        for word in (text or "").split():  # every word must appear (in any of the three)
            pattern = _like(word)
            terms.append(or_(AuditEntry.actor.like(pattern, escape="\\"),
                             AuditEntry.action.like(pattern, escape="\\"),
                             AuditEntry.summary.like(pattern, escape="\\")))
        if action:
            terms.append(AuditEntry.action == action)
        if actor:
            terms.append(AuditEntry.actor == actor)
        if since is not None:
            terms.append(AuditEntry.at >= _start(since))
        if until is not None:
            if isinstance(until, dt.datetime):
                terms.append(AuditEntry.at <= until)
            else:
                terms.append(AuditEntry.at < _start(until + dt.timedelta(days=1)))
        return and_(*terms) if terms else None

    def search(self, text: str = "", action: str | None = None, actor: str | None = None,
               since: dt.date | dt.datetime | None = None, until: dt.date | dt.datetime | None = None,
               limit: int = PAGE, offset: int = 0) -> list[AuditRow]:
        """The matching records, newest first, ``limit`` of them from ``offset`` on."""
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(max(0, limit)).offset(max(0, offset))
        where = self._where(text, action, actor, since, until)
        if where is not None:
            query = query.where(where)
        with self.reading() as s:
            return [_row(e) for e in s.scalars(query)]

    def count(self, text: str = "", action: str | None = None, actor: str | None = None,
              since: dt.date | dt.datetime | None = None,
              until: dt.date | dt.datetime | None = None) -> int:
        query = select(func.count()).select_from(AuditEntry)
        where = self._where(text, action, actor, since, until)
        if where is not None:
            query = query.where(where)
        with self.reading() as s:
            return s.scalar(query) or 0

    def actions(self) -> list[str]:
        """The kinds of operation on record (登录, 备份, 导入新增党员, …), in name order."""
        with self.reading() as s:
            return list(s.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))

    def actors(self) -> list[str]:
        """Everyone who appears in the trail, in name order."""
        with self.reading() as s:
            return list(s.scalars(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor)))

    def span(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The time of the first and of the newest record (None, None for an empty trail)."""
        with self.reading() as s:
            first = s.scalar(select(AuditEntry.at).order_by(AuditEntry.id).limit(1))
            last = s.scalar(select(AuditEntry.at).order_by(AuditEntry.id.desc()).limit(1))
            return first, last

    def office_name(self) -> str:
        """The office's own organisation, named on the audit sheet (the auditor may not read
        the organisation records themselves)."""
        import json

        with self.reading() as s:
            row = s.get(Setting, "office_org_id")
            try:
                org_id = int(json.loads(row.value)) if row and row.value else None
            except (TypeError, ValueError):
                org_id = None
            if org_id is None:
                return ""
            return s.scalar(select(Organization.name).where(Organization.id == org_id)) or ""

    def position_of(self, chain_hash: str) -> int | None:
        """The number of the record whose hash is ``chain_hash``, if it is in the trail."""
        if not chain_hash:
            return None
        with self.reading() as s:
            return s.scalar(select(AuditEntry.id).where(AuditEntry.hash == chain_hash).limit(1))

    def recent_backups(self, limit: int = 3) -> list[BackupHead]:
        """The newest automatic backups with the chain heads their manifests recorded. For the
        auditor, who may not make backups but checks that they match the trail; each file is
        checked against its recorded checksum."""
        from app.db.safety import backup as files
        from app.services.safety.backups import backup_folder

        self.require(self.read_permission)
        # Newest first; backups made within the same second are told apart by how far their
        # copy of the trail reaches.
        found = files.backup_files(backup_folder(self.db))[-(max(0, limit) + 3):]
        checks = [files.check_file(p, thorough=False) for p in found]
        checks.sort(key=lambda c: (files.stamp_of(c.path) or dt.datetime.min,
                                   c.manifest.audit_last_id if c.manifest else 0), reverse=True)
        out = []
        for check in checks[:max(0, limit)]:
            m = check.manifest
            out.append(BackupHead(check.path, m.taken_at if m else files.stamp_of(check.path),
                                  m.reason if m else "", check.ok, check.problem, m.audit_head if m else ""))
        return out
