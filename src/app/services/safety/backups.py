"""Backups while the program runs, "back up now", the list of backups, and restoring one."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from app import __version__
from app.db.models import AuditEntry
from app.db.safety import backup as files
from app.db.safety import backup_copy
from app.domain.access.permissions import Permission
from app.domain.kit.changes import Change
from app.domain.kit.errors import StorageError
from app.domain.kit.text import clip
from app.domain.safety.retention import RetentionPolicy, backups_to_keep
from app.services.access.auth import require
from app.services.kit.base import Actor, ChangeHub, Database, Service
from app.services.kit.files import noting, refusal
from app.services.safety import audit
from app.services.safety.backup_rows import (
    BackupRow,
    ExistingFile,
    RestoreResult,
    chain_problem,
    row_of,
)
from app.services.safety.identity import database_id

BACKUP_ACTION = "备份"
RESTORE_ACTION = "恢复备份"
# Sent to the change listeners after a restore: every view shows other data now.
RESTORED = Change.ALL

REASONS = {"start": "启动时自动备份", "timer": "定时自动备份", "exit": "退出时自动备份"}
MANUAL_KEEP = 20  # manual backups kept (the automatic ones follow the retention policy)


# Settings (with their defaults when the settings table has none).
SETTING_DEFAULTS: dict[str, int] = {
    "backup_keep_daily": 12,
    "backup_keep_weekly": 10,
    "backup_keep_monthly": 9,
    "backup_interval_minutes": 30,
}

def backup_folder(db: Database) -> Path:
    """Where the automatic backups of a ledger go: one folder per database file, or per server
    database (``<database>-<host>``)."""
    if db.is_server:
        from app.db.server import backup_stem
        from app.paths import backups_dir

        return backups_dir() / backup_stem(db.engine.url)
    path = db.path
    if path is None:
        raise StorageError("这个数据库既不是本机文件，也不在数据库服务器上，无法备份。")
    from app.services.safety.identity import database_id

    return files.folder_for(path, database_id(db))


class BackupService(Service):
    def __init__(self, db: Database, actor: Actor, hub: ChangeHub) -> None:
        super().__init__(db, actor, hub)
        self.now: Callable[[], dt.datetime] = dt.datetime.now  # replaced in tests

    # ---- where and how many --------------------------------------------------------------
    def db_path(self) -> Path:
        path = self.db.path
        if path is None:
            raise StorageError("台账在数据库服务器上，没有本机的数据库文件；备份由程序导出为本机的副本文件。")
        return path

    @property
    def on_server(self) -> bool:
        """The ledger is on a database server: each backup is a verified SQLite copy of it made
        through app.services.safety.copy, kept in the user's backup folder like a file's."""
        return self.db.is_server

    def folder(self) -> Path:
        """The automatic backups' folder (by the database's identity; on a server, by the
        server database)."""
        return backup_folder(self.db)

    def _stem(self) -> str:
        return self.folder().name if self.on_server else self.db_path().stem

    def _export(self, tmp: Path) -> None:
        """Writes the server's ledger into the empty file ``tmp`` (a verified copy)."""
        from app.services.safety.copy import copy_ledger

        copy = Database.open(tmp)
        try:
            copy_ledger(self.db, copy)
        finally:
            copy.close()
            Path(f"{tmp}.lock").unlink(missing_ok=True)

    def manual_folder(self) -> Path:
        """Where 立即备份 puts its copies: apart from the automatic rotation, the last
        MANUAL_KEEP kept."""
        return self.folder() / files.MANUAL_FOLDER

    def _own(self, folder: Path) -> list[files.FileCheck]:
        """This database's backups in ``folder``."""
        checks = [files.check_file(p, thorough=False) for p in files.backup_files(folder)]
        return [c for c in checks if files.belongs_to(c, database_id(self.db), self.own_file())]

    def own_backups(self) -> list[BackupRow]:
        """This database's backups, automatic and manual, oldest first (a server's are in its
        own folder only: older releases never backed a server up)."""
        found = files.own_backups(self.own_file(), database_id(self.db), self.folder())
        return sorted((row_of(c) for c in found), key=lambda r: r.order)

    def own_file(self) -> Path | None:
        """The database file (None on a server, whose backups are known by their folder)."""
        return None if self.on_server else self.db_path()

    def _setting(self, key: str) -> int:
        from app.services.access.settings import SettingsService

        value = SettingsService(self.db, self.actor, self.hub).get(key)
        try:
            return max(0, int(value))
        except (TypeError, ValueError):
            return SETTING_DEFAULTS[key]

    def policy(self) -> RetentionPolicy:
        return RetentionPolicy(self._setting("backup_keep_daily"), self._setting("backup_keep_weekly"),
                               self._setting("backup_keep_monthly"))

    # ---- taking backups ------------------------------------------------------------------
    def backup_now(self, to: Path | str | None = None, *, reason: str = "手动备份",
                   force: bool = False) -> BackupRow:
        """Backs up to ``to`` (a file, or a folder to put a dated file in), by default to the
        folder of manual backups. An existing file at ``to`` that is not a backup of this
        database is replaced only with ``force`` (ExistingFile otherwise). Returns the new row."""
        require(self.actor, Permission.BACKUP)
        if to is None:
            row = self._take(self.manual_folder(), reason)
            self.prune_manual()
            return row
        return self._take(Path(to).expanduser(), reason, force=force)

    def _target(self, to: Path, name: str, force: bool) -> Path:
        target = files.free_name(to, name) if to.is_dir() else to
        reason = refusal(target, kind="备份")
        if reason:
            raise StorageError(reason)
        if target.exists():
            if not target.is_file():
                raise StorageError(f"“{clip(target, 120)}”不是普通文件，不能把备份保存在那里。请另选一个位置。")
            check = files.check_file(target, thorough=False)
            if not force and not files.belongs_to(check, database_id(self.db), self.own_file()):
                raise ExistingFile(target)
        return target

    def _take(self, to: Path, reason: str, *, force: bool = False) -> BackupRow:
        now = self.now().replace(microsecond=0)
        name = files.backup_name(self._stem(), now)
        if to == self.folder() or to == self.manual_folder():
            target = files.free_name(to, name)
        else:
            target = self._target(to, name, force)
        token = f"{os.getpid()}-{secrets.token_hex(4)}"
        with noting(target.parent, f".{target.name}.{token}", ".partial"):
            if self.on_server:
                from app.db.server import describe

                manifest = backup_copy.copy_database(describe(self.db.engine.url), target, reason=reason,
                                               app_version=__version__, now=now, fill=self._export, token=token)
            else:
                manifest = backup_copy.copy_database(self.db_path(), target, reason=reason, app_version=__version__,
                                               now=now, token=token)
        with self.writing() as s:
            audit.append(s, self.actor.name, BACKUP_ACTION, entity="backup", entity_id=target.name[:40],
                         summary=f"{reason}：{target}",
                         new={"文件": str(target), "大小": manifest.size, "文件校验值": manifest.sha256,
                              "操作记录校验值": manifest.audit_head})
        return row_of(files.FileCheck(target, True, "", manifest, manifest.summary()))

    def prune_manual(self) -> list[Path]:
        """Keeps the newest MANUAL_KEEP manual backups; returns the ones removed."""
        found = sorted((row_of(c) for c in self._own(self.manual_folder())), key=lambda r: r.order)
        removed = [r.path for r in found[:-MANUAL_KEEP]] if len(found) > MANUAL_KEEP else []
        for p in removed:
            backup_copy.remove_backup(p)
        return removed

    def last_auto_backup(self) -> BackupRow | None:
        found = files.backup_files(self.folder())
        if not found:
            return None
        return row_of(files.check_file(found[-1], thorough=False))

    def newest_own_backup(self) -> files.Manifest | None:
        """The manifest of this database's newest backup, automatic or manual (for the audit
        anchor: its checksum is not read)."""
        found = [m for _p, m in files.own_backup_files(self.own_file(), database_id(self.db), self.folder()) if m]
        return found[-1] if found else None

    def changed_since_last_backup(self) -> bool:
        """Whether anything but backups was recorded since the newest automatic backup.

        Every change appends to the audit chain, so the chain head stored in the backup's
        manifest tells where the copy ends; file times are not trusted.
        """
        last = self.last_auto_backup()
        with self.reading() as s:
            if last is None or not last.ok:
                return bool(s.scalar(select(AuditEntry.id).limit(1)))
            if not last.audit_head:
                return bool(s.scalar(select(AuditEntry.id).limit(1)))
            at = s.scalar(select(AuditEntry.id).where(AuditEntry.hash == last.audit_head))
            if at is None:  # the chain took another path (a restore since): back up
                return True
            later = s.scalar(
                select(AuditEntry.id).where(AuditEntry.id > at, AuditEntry.action != BACKUP_ACTION).limit(1)
            )
            return later is not None

    def maybe_backup(self, reason: str) -> BackupRow | None:
        """The automatic backup, called at start ("start"), from a timer ("timer") and at
        exit ("exit"). Backs up only when the data changed since the newest automatic backup
        (and, for the timer, when the interval has passed), then prunes old backups."""
        if reason not in REASONS:
            raise ValueError(reason)
        if reason == "timer":
            last = self.last_auto_backup()
            interval = dt.timedelta(minutes=self._setting("backup_interval_minutes"))
            if last and last.taken_at and self.now() - last.taken_at < interval:
                return None
        if not self.changed_since_last_backup():
            return None
        row = self._take(self.folder(), REASONS[reason])
        self.prune()
        return row

    def prune(self) -> list[Path]:
        """Deletes automatic backups the retention policy no longer keeps; returns them.
        The newest backup that passes its check is always kept, whatever the policy says."""
        found = files.backup_files(self.folder())
        stamps = {p: files.stamp_of(p) for p in found}
        keep = backups_to_keep([t for t in stamps.values() if t], self.policy())
        # Same-second duplicates (name-2.db) share a stamp: keep only the newest of them.
        newest_by_stamp = {t: p for p, t in stamps.items()}
        newest_good = next((p for p in reversed(found) if files.check_file(p, thorough=False).ok), None)
        removed = []
        for p, t in stamps.items():
            if p == newest_good or (t in keep and newest_by_stamp[t] == p):
                continue
            backup_copy.remove_backup(p)
            removed.append(p)
        return removed

    # ---- listing and checking ------------------------------------------------------------
    def list_backups(self, folder: Path | str | None = None) -> list[BackupRow]:
        """Backups in the automatic folder (or ``folder``), newest first, each checked against
        its checksum (files without a manifest get SQLite's quick check)."""
        require(self.actor, Permission.BACKUP)
        if folder:
            where = Path(folder).expanduser()
            if where.exists() and not where.is_dir():
                raise StorageError(f"“{clip(where, 120)}”不是文件夹。请给出存放备份的文件夹。")
            checks = [files.check_file(p, thorough=False) for p in files.backup_files(where)]
            return sorted((row_of(c) for c in checks), key=lambda r: r.order, reverse=True)
        return list(reversed(self.own_backups()))

    def verify(self, path: Path | str) -> BackupRow:
        """The full check made before restoring: checksum, SQLite's integrity check and the
        audit chain inside the copy."""
        check = files.check_file(Path(path), thorough=True)
        if check.ok:
            problem = chain_problem(check.path)
            if problem:
                check = files.FileCheck(check.path, False, problem, check.manifest, check.summary)
        return row_of(check)

    # ---- restoring (app.services.safety.restore) ------------------------------------------
    def restore(self, path: Path | str, *, force: bool = False) -> RestoreResult:
        """Replaces the database with the backup, after checking it is this program's and this
        database's (another database's only with ``force``). The current database is kept
        aside under a new name, never overwritten; the restore is recorded in the audit trail
        of the restored database. On a server, what it holds is exported first."""
        if self.on_server:
            from app.services.safety.restore import check_source

            require(self.actor, Permission.RESTORE)
            check_source(Path(path).expanduser(), None)
            row = self.verify(path)
            if not row.ok:
                raise StorageError(f"这个备份不能用来恢复：{row.problem}。请选择另一个备份。")
            from app.services.safety.restore import check_restorable

            check_restorable(self, row, force=force)
            return self._restore_on_server(row)
        from app.services.safety.restore import restore

        return restore(self, path, force=force)

    def _restore_on_server(self, row: BackupRow) -> RestoreResult:
        """Replaces the server's ledger (for every PC) with the backup's, in one transaction.
        What the server held is first exported to the backup folder, never lost."""
        from app.services.safety.copy import copy_ledger

        with self.reading() as s:
            before = s.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)) or ""
        aside = self._take(self.folder(), "恢复前自动备份").path
        staged = aside.with_name(f".{row.path.name}.restoring.db")
        backup_copy.copy_database(row.path, staged, reason="恢复", with_manifest=False)
        try:
            backup = Database.open(staged)  # brought to this program's schema if older
            try:
                copy_ledger(backup, self.db, replace=True)
            finally:
                backup.close()
        finally:
            for p in (staged, *(Path(f"{staged}{side}") for side in ("-wal", "-shm", "-journal", ".lock"))):
                p.unlink(missing_ok=True)
            for p in staged.parent.glob(f"{staged.stem}.before-upgrade-*"):
                p.unlink(missing_ok=True)
        self.record_restore(row, aside, before)
        return RestoreResult(row.path, row.taken_at, aside)

    def record_restore(self, row: BackupRow, aside: Path | None, old_head: str = "",
                       why: str = "") -> None:
        """The audit record of a restore, in the restored database. Start-up calls it after
        putting a backup in place of a damaged database (``why`` = "数据库损坏")."""
        from app.services.safety import anchor

        when = f"{row.taken_at:%Y-%m-%d %H:%M}" if row.taken_at else "时间不详"
        reason = f"（{why}）" if why else ""
        anchor.reset(self.db)  # the restored chain is the one to follow from now on
        with self.writing(RESTORED) as s:
            audit.append(
                s, self.actor.name, RESTORE_ACTION, entity="backup", entity_id=row.path.name[:40],
                summary=f"从{when}的备份 {row.path} 恢复{reason}；原数据库另存为 {aside}",
                new={"备份文件": str(row.path), "备份操作记录校验值": row.audit_head,
                     "原数据库另存为": str(aside) if aside else "", "原数据库操作记录校验值": old_head},
            )
