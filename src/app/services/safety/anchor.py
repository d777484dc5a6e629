"""The audit chain's head, kept outside the database, so that a cut-off tail shows.

A hash chain proves that no record inside it was changed, removed or swapped, but not that
records were taken off its end (or the whole trail deleted): what is left is still a valid
chain. So the newest record's number and hash are kept outside the database too:

- in a small head record in the user's data folder, ``audit-anchors/<identity>.a|b.json``
  (two slots, see ``_save``), one entry per place the database has been opened from (a copy
  used elsewhere keeps its own);
- in every backup's manifest (app.db.safety.backup), which ``problems`` also consults.

When the head record is written: after the commit of every transaction that appended to the
trail (the ``writing()`` hook of app.services.kit.base), so that a cut made between two
backups does not go unseen; at backup or exit only would leave hours uncovered. The cost was
measured with benchmarks/audit_anchor.py on this 2-core machine under load (load average 8):
the update alone 0.4–0.6 ms (written in place into one of two slots, no rename, no fsync: a
rename made ext4 flush the file and cost 2.3 ms), against 13–18 ms for a write with its
commit (synchronous=FULL); with and without the hook the writes timed alike within noise.
Without fsync a power cut may lose the newest update: the head record is then a little
behind the chain, which never raises an alarm (only a head record ahead of the chain, or off
it, does).

Before moving the head on, the hook checks that the transaction continued from the head it
knew; if not and that record is gone, records were removed and new ones written after them:
the break is kept in the head record, to be reported. A restore resets the head record to the
restored chain (``reset``), so it raises no alarm; a second database has another identity and
another file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.db.models import AuditEntry
from app.paths import data_dir
from app.services.kit.base import Database, Service
from app.services.safety.identity import database_id

log = logging.getLogger("dangjian")
RESTORE_ACTION = "恢复备份"


def anchors_dir() -> Path:
    return data_dir() / "audit-anchors"


def _place(db: Database) -> str:
    """Where the database was opened from: its file, or its server address without password."""
    if db.path is not None:
        return os.path.normcase(str(db.path))
    return db.engine.url.render_as_string(hide_password=True)


def _slots(identity: str) -> tuple[Path, Path]:
    folder = anchors_dir()
    return folder / f"{identity}.a.json", folder / f"{identity}.b.json"


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("heads"), dict) else None


def _load(identity: str) -> dict[str, Any]:
    """The newer of the two slots that reads whole (see ``_save``)."""
    found = [d for d in (_read(p) for p in _slots(identity)) if d is not None]
    return max(found, key=lambda d: int(d.get("seq", 0))) if found else {"heads": {}, "seq": 0}


def _save(identity: str, data: dict[str, Any]) -> None:
    """Written in place, without a rename, into slot a or b by turns (odd and even ``seq``): a
    rename over an existing file makes ext4 flush it, measured at 1.2 ms of the 2.3 ms one
    update cost with a single file. A write torn by a crash spoils only its slot; the other
    still holds the head before it, and the next update writes over the torn one."""
    data["seq"] = int(data.get("seq", 0)) + 1
    a, b = _slots(identity)
    target = a if data["seq"] % 2 else b
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    fd = os.open(target, os.O_CREAT | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o600)
    try:
        os.write(fd, raw)
        os.ftruncate(fd, len(raw))
    finally:
        os.close(fd)


def _record_at(db: Database, record_id: int) -> str | None:
    with db.sessions() as s:
        return s.scalar(select(AuditEntry.hash).where(AuditEntry.id == record_id))


# What this process last wrote for each open database: the head record is read from disk once
# per opening, not at every write (nothing else writes this database's entry meanwhile: the
# database lock lets one program at a time have it open).
_written: weakref.WeakKeyDictionary[Database, dict[str, Any]] = weakref.WeakKeyDictionary()


def advance(db: Database, head: Any) -> None:
    """The hook after a commit that appended ``head`` (an audit.Head) to the trail."""
    identity = database_id(db)
    if not identity:
        return
    try:
        data = _written.get(db) or _load(identity)
        place = _place(db)
        entry = data["heads"].get(place)
        breaks = list(entry.get("breaks", [])) if entry else []
        if entry and entry.get("head") != head.first_prev and _record_at(db, int(entry["last_id"])) != entry["head"]:
            breaks.append({"first_lost": head.first_id, "last_lost": int(entry["last_id"]),
                           "at": entry.get("at", ""), "seen": dt.datetime.now().replace(microsecond=0).isoformat()})
        data["heads"][place] = {"path": str(db.path or place), "last_id": head.last_id, "head": head.hash,
                                "at": head.at.isoformat(), "breaks": breaks[-20:]}
        _save(identity, data)
        _written[db] = data
    except (OSError, ValueError, TypeError, KeyError):  # never fails the write that has committed
        log.warning("操作记录锚点没有更新", exc_info=True)


def reset(db: Database) -> None:
    """After a restore: the head record follows the restored chain, and entries of database
    files that are gone (renamed, moved) are dropped."""
    identity = database_id(db)
    if not identity:
        return
    with db.sessions() as s:
        last = s.execute(select(AuditEntry.id, AuditEntry.hash, AuditEntry.at)
                         .order_by(AuditEntry.id.desc()).limit(1)).first()
    data = _load(identity)
    place = _place(db)
    data["heads"] = {k: v for k, v in data["heads"].items() if k != place and Path(v.get("path", "")).exists()}
    if last is not None:
        data["heads"][place] = {"path": str(db.path or place), "last_id": last[0], "head": last[1],
                                "at": last[2].isoformat(), "breaks": []}
    with contextlib.suppress(OSError):
        _save(identity, data)
    _written[db] = data


def _when(text: str) -> str:
    try:
        return f"{dt.datetime.fromisoformat(text):%Y-%m-%d %H:%M}"
    except (TypeError, ValueError):
        return "时间不详"


OUTSIDE = "如果您在程序之外用备份替换过数据库文件，这是替换造成的；否则记录是被人删除的。"


class AnchorService(Service):
    def problems(self) -> list[str]:
        """What the head record and the newest backup say is missing from the end of the chain
        (assumes the chain itself verified); an empty list when nothing is."""
        with self.reading() as s:
            last = s.execute(select(AuditEntry.id, AuditEntry.at).order_by(AuditEntry.id.desc()).limit(1)).first()
        live_id, live_at = (last[0], last[1]) if last else (0, None)
        found = self._from_head_record(live_id, live_at)
        return found or self._from_backup(live_id, live_at)

    def _entries(self) -> list[dict[str, Any]]:
        identity = database_id(self.db)
        if not identity:
            return []
        _written.pop(self.db, None)  # read afresh from the disk
        heads = _load(identity)["heads"]
        place = _place(self.db)
        # Besides this place's own entry: those of files that are gone (the database was moved).
        return [e for k, e in heads.items() if k == place or not Path(e.get("path", "")).exists()]

    def _from_head_record(self, live_id: int, live_at: dt.datetime | None) -> list[str]:
        out: list[str] = []
        for entry in self._entries():
            for b in entry.get("breaks", []):
                first, last = int(b.get("first_lost", 0)), int(b.get("last_lost", 0))
                which = (f"第{first}条至第{last}条操作记录（{last - first + 1}条，最后一条记于{_when(b.get('at', ''))}）"
                         if 0 < first <= last else f"第{last}条及之前的若干条操作记录")
                out.append(f"{which}曾被删除，随后又写入了新记录（程序于{_when(b.get('seen', ''))}发现）。{OUTSIDE}")
            problem = self._tail(int(entry.get("last_id", 0)), str(entry.get("head", "")), entry.get("at", ""),
                                 live_id, live_at)
            if problem:
                out.append(problem)
        return out

    def _tail(self, anchor_id: int, anchor_head: str, anchor_at: str, live_id: int,
              live_at: dt.datetime | None) -> str:
        if anchor_id <= 0 or _record_at(self.db, anchor_id) == anchor_head:
            return ""
        if live_id == 0:
            return f"全部{anchor_id}条操作记录已丢失（最后一条记于{_when(anchor_at)}）。{OUTSIDE}"
        if live_id < anchor_id:
            since = f"{live_at:%Y-%m-%d %H:%M}" if live_at else "时间不详"
            return (f"最后{anchor_id - live_id}条操作记录已丢失（自{since}起，丢失的最后一条记于{_when(anchor_at)}）。"
                    f"{OUTSIDE}")
        return (f"第{anchor_id}条操作记录与程序记下的不符（记于{_when(anchor_at)}）：此前的记录被删除后又写入了新记录。"
                f"{OUTSIDE}")

    def _from_backup(self, live_id: int, live_at: dt.datetime | None) -> list[str]:
        """The newest backup of this database says how far the chain reached when it was taken;
        a restore since then explains a chain that does not reach it."""
        from app.services.safety.backups import BackupService

        newest = BackupService(self.db, self.actor, self.hub).newest_own_backup()
        if newest is None or not newest.audit_last_id or not newest.audit_head:
            return []
        with self.reading() as s:
            restored_since = s.scalar(select(func.count()).select_from(AuditEntry).where(
                AuditEntry.action == RESTORE_ACTION, AuditEntry.at >= newest.taken_at))
        if restored_since:
            return []
        problem = self._tail(newest.audit_last_id, newest.audit_head, newest.audit_at or newest.created_at,
                             live_id, live_at)
        return [problem] if problem else []
