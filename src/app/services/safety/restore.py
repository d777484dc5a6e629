"""Restoring a backup: only this program's databases, of this database unless confirmed, never
the database onto itself, and never a moment without a whole database file."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text

from app.db.migrate import head_revision, upgrade
from app.db.safety import backup as files
from app.db.safety.checks import install_backup
from app.db.safety.lock import lock_path
from app.domain.access.permissions import Permission, allowed
from app.domain.kit.errors import PermissionDenied, StorageError
from app.domain.kit.text import clip
from app.services.access.auth import WRONG, AuthService, require
from app.services.access.passwords import burn_time, verify_password
from app.services.kit.base import Actor
from app.services.safety import identity

if TYPE_CHECKING:
    from app.services.safety.backup_rows import BackupRow, RestoreResult
    from app.services.safety.backups import BackupService

# Tables every database of this program has had since its first release (migration 0001).
OWN_TABLES = frozenset({"audit_log", "settings", "organizations"})


class OtherDatabase(StorageError):
    """The backup belongs to another database: restoring it needs the user's confirmation."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"备份“{clip(path.name, 80)}”不是当前这个台账的备份，而是另一个数据库的（或无法确定属于哪个数据库）。"
            "用它恢复，当前台账将被另一份台账替换。确要这样做，请在命令后加 --force（图形界面会再问您一次）。"
        )
        self.path = path


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normcase(str(a.resolve())) == os.path.normcase(str(b.resolve()))


def check_source(path: Path, db_path: Path | None) -> None:
    """A restore from a folder, or from the live database (or a file beside it), is refused."""
    if path.is_dir():
        raise StorageError(f"“{clip(path, 120)}”是文件夹，不是备份文件。请选择文件夹中的备份文件（.db），"
                           f"或用 dangjian backups --folder 文件夹 列出其中的备份。")
    if db_path is None:  # the ledger is on a server: no file of its own to mix up
        return
    beside = [Path(f"{db_path}{c}") for c in ("-wal", "-shm", "-journal")]
    beside += [lock_path(db_path), db_path.with_name(f".{db_path.name}.restoring")]
    if path.exists() and (_same_file(path, db_path) or any(path.exists() and _same_file(path, b)
                                                           for b in beside if b.exists())):
        raise StorageError("不能用正在使用的数据库自己来恢复它。请选择一个备份文件。")


def check_restorable(service: BackupService, row: BackupRow, *, force: bool) -> None:
    """This program's database or backup, of this database (or ``force``), with accounts when
    the current one has them."""
    missing = OWN_TABLES - set(row.counts)
    if not row.schema or not row.schema.isdigit() or missing:
        raise StorageError("这个文件不是本程序的数据库或备份（缺少本程序的数据表），不能用来恢复。请选择本程序生成的备份。")
    if int(row.schema) > int(head_revision()):
        raise StorageError("这个备份由较新版本的程序生成，请先升级本程序再恢复。")
    ours = identity.database_id(service.db)
    check = files.check_file(row.path, thorough=False)
    if not force and not files.belongs_to(check, ours, service.own_file()):
        raise OtherDatabase(row.path)
    auth = AuthService(service.db, service.actor, service.hub)
    if row.counts.get("users", 0) == 0 and auth.login_required():
        raise StorageError("这个备份里没有任何登录账户：用它恢复后，任何人不用登录就能打开台账，所以不能用它恢复。"
                           "请选择一个较新的备份。")


def restore(service: BackupService, path: Path | str, *, force: bool = False) -> RestoreResult:
    from app.services.safety.backup_rows import RestoreResult

    require(service.actor, Permission.RESTORE)
    source, db_path = Path(path).expanduser(), service.db_path()
    check_source(source, db_path)
    row = service.verify(source)
    if not row.ok:
        raise StorageError(f"这个备份不能用来恢复：{row.problem}。请选择另一个备份。")
    check_restorable(service, row, force=force)
    ours = identity.database_id(service.db)
    before = ""
    try:
        with service.db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            before = conn.execute(text("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")).scalar() or ""
    except Exception:  # a damaged database is kept aside as it is
        pass
    service.db.engine.dispose()
    aside = install_backup(row.path, db_path, service.now())
    service.db.engine.dispose()
    upgrade(service.db.engine)
    identity.forget(service.db)
    if not row.database_id and ours:  # a copy made before identities: it is this database's
        identity.set_identity(service.db, ours)
    service.record_restore(row, aside, before)
    return RestoreResult(row.path, row.taken_at, aside)


def login_from_backup(path: Path | str, username: str, password: str) -> Actor:
    """Signs in against the accounts inside a backup: how a database whose users table was
    emptied outside the program is restored (whoever restores knows a password it held). Only
    a role allowed to restore is let in."""
    uri = files.read_only_uri(Path(path))
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            found = conn.execute("SELECT username, role, password_hash, active FROM users "
                                 "WHERE lower(username) = lower(?)", ((username or "").strip(),)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        found = None
    if found is None or not found[3]:
        burn_time(password)
        raise PermissionDenied(f"在这个备份的账户中登录失败：{WRONG}")
    name, role, stored, _active = found
    if not verify_password(stored, password):
        raise PermissionDenied(f"在这个备份的账户中登录失败：{WRONG}")
    if not allowed(role, Permission.RESTORE):
        raise PermissionDenied(f"备份中的账户“{name}”（{role}）没有“从备份恢复”的权限。请用备份中的管理员账户。")
    return Actor(name, role)
