"""What the program shows of a backup (a row of the list: when, why, what it holds, whether it
is whole) and the checks made on a backup file before it is trusted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from app.db.safety import backup as files
from app.domain.kit.errors import StorageError
from app.domain.kit.text import clip
from app.services.safety import audit


class ExistingFile(StorageError):
    """``backup --to`` names a file that exists and is not a backup of this database."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"“{clip(path, 120)}”已经存在，而且不是这个台账的备份。为免误删其他文件，备份没有覆盖它。"
            "请另选一个文件名或文件夹；确要覆盖，请在命令后加 --force。"
        )
        self.path = path

# How a table's records are named when a backup says what it holds; others are not listed.
TABLE_LABELS: dict[str, tuple[str, str]] = {
    "members": ("党员", "人"),
    "organizations": ("组织", "个"),
    "users": ("用户", "个"),
    "audit_log": ("操作记录", "条"),
}


@dataclass(frozen=True)
class BackupRow:
    path: Path
    taken_at: dt.datetime | None
    size: int
    ok: bool
    problem: str = ""
    reason: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    audit_head: str = ""
    schema: str | None = None
    audit_last_id: int = 0
    database_id: str = ""
    sequence: int = 0  # orders copies taken within one second
    manual: bool = False  # 立即备份 / dangjian backup: kept apart from the automatic rotation

    @property
    def order(self) -> tuple:
        """Oldest first: time taken, then the exact moment, then the copy number (x-2.db)."""
        return (self.taken_at or dt.datetime.min, self.sequence, files.copy_number(self.path))

    @property
    def holds(self) -> str:
        """e.g. "党员 300 人，组织 40 个，操作记录 512 条"."""
        parts = [f"{label} {self.counts[t]} {unit}" for t, (label, unit) in TABLE_LABELS.items()
                 if t in self.counts]
        return "，".join(parts)


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    taken_at: dt.datetime | None
    set_aside: Path | None


def row_of(check: files.FileCheck) -> BackupRow:
    m, path = check.manifest, check.path
    summary = check.summary or (m.summary() if m else None)
    size = path.stat().st_size if path.exists() else 0
    taken = m.taken_at if m else files.stamp_of(path)
    return BackupRow(
        path=path, taken_at=taken, size=size, ok=check.ok, problem=check.problem,
        reason=m.reason if m else "",
        counts=dict(summary.counts) if summary else {},
        audit_head=summary.audit_head if summary else "",
        schema=summary.schema if summary else None,
        audit_last_id=summary.audit_last_id if summary else 0,
        database_id=summary.database_id if summary else "",
        sequence=m.sequence if m else 0,
        manual=path.parent.name == files.MANUAL_FOLDER,
    )


def chain_problem(path: Path) -> str:
    """Checks the audit chain inside a backup file; "" when it holds."""
    import sqlite3

    conn = sqlite3.connect(files.read_only_uri(path), uri=True)
    try:
        has = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='audit_log'"
        ).fetchone()
        if not has:
            return ""
        prev = ""
        cols = "id, at, actor, action, entity, entity_id, summary, old_values, new_values, prev_hash, hash"
        for row in conn.execute(f"SELECT {cols} FROM audit_log ORDER BY id"):
            e = SimpleNamespace(**dict(zip(cols.split(", "), row, strict=True)))
            e.at = dt.datetime.fromisoformat(str(e.at))
            if e.prev_hash != prev or audit.entry_hash(prev, e) != e.hash:
                return f"备份中的操作记录从第{e.id}条起被改动过"
            prev = e.hash
        return ""
    finally:
        conn.close()
