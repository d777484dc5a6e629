"""Is the database whole? If not, move it aside and find the newest good backup; restore one."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from glob import escape as glob_escape
from pathlib import Path

from app.db.safety.backup import (
    MANUAL_FOLDER,
    FileCheck,
    backup_files,
    belongs_to,
    check_file,
    copy_number,
    folder_for,
    has_sqlite_header,
    integrity_problems,
    legacy_folder,
    read_manifest,
    stamp_of,
)
from app.db.safety.backup_copy import copy_database
from app.domain.kit.errors import StorageError, os_error_text
from app.paths import backups_dir

# Files SQLite keeps beside a database; they travel with it when it is moved.
COMPANIONS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Verdict:
    ok: bool
    problem: str = ""
    missing: bool = False  # no file yet: a new database will be made


def quick_check(path: Path) -> Verdict:
    """A fast look at the file's structure (``PRAGMA quick_check``), made before anything else."""
    path = Path(path)
    if not path.exists():
        return Verdict(True, missing=True)
    if path.stat().st_size == 0:
        return Verdict(True)
    if not has_sqlite_header(path):
        return Verdict(False, "文件不是SQLite数据库（文件头不符）")
    try:
        conn = sqlite3.connect(str(path), timeout=10)
        try:
            problems = integrity_problems(conn, quick=True)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return Verdict(False, str(exc))
    if problems:
        return Verdict(False, "；".join(problems[:5]))
    return Verdict(True)


def set_aside(path: Path, tag: str, now: dt.datetime | None = None) -> Path:
    """Renames the database (and its -wal/-shm files) to ``<stem>.<tag>-<time>.db``.

    The new name is never one that exists, so nothing is overwritten. Returns the new path.
    """
    path = Path(path)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    suffix = path.suffix or ".db"
    target = path.with_name(f"{path.stem}.{tag}-{stamp}{suffix}")
    n = 2
    while target.exists() or any(Path(f"{target}{c}").exists() for c in COMPANIONS):
        target = path.with_name(f"{path.stem}.{tag}-{stamp}-{n}{suffix}")
        n += 1
    os.rename(path, target)
    for c in COMPANIONS:
        side = Path(f"{path}{c}")
        if side.exists():
            os.rename(side, Path(f"{target}{c}"))
    return target


def keep_aside(path: Path, tag: str, now: dt.datetime | None = None) -> Path:
    """Keeps the database as it is under ``<stem>.<tag>-<time>.db`` while it stays in place: a
    second name for the same file (a hard link), or a private copy where the disk has no links.
    A -wal file with changes not yet in the main file goes along. Returns the new path."""
    path = Path(path)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    suffix = path.suffix or ".db"
    target = path.with_name(f"{path.stem}.{tag}-{stamp}{suffix}")
    n = 2
    while target.exists() or any(Path(f"{target}{c}").exists() for c in COMPANIONS):
        target = path.with_name(f"{path.stem}.{tag}-{stamp}-{n}{suffix}")
        n += 1
    try:
        os.link(path, target)
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size:
            copy_database(path, target.with_name(target.name + ".copy"), with_manifest=False)
            os.replace(target.with_name(target.name + ".copy"), target)
    except OSError:
        with contextlib.suppress(OSError):
            target.unlink()
        copy_database(path, target, with_manifest=False)  # private, consistent (SQLite's backup API)
    return target


def install_backup(backup: Path, db_path: Path, now: dt.datetime | None = None) -> Path | None:
    """Puts a copy of ``backup`` in the place of ``db_path``; the database that was there is kept
    aside first (under a new name, never overwritten) and its new path returned.

    There is never a moment without a whole database file at ``db_path``: the copy is made
    beside it (``.<name>.restoring``) and renamed over it in one step. Nothing may have the
    database open. If anything fails, the old database stays where it was.
    """
    backup, db_path = Path(backup), Path(db_path)
    staged = db_path.with_name(f".{db_path.name}.restoring")
    copy_database(backup, staged, reason="恢复", with_manifest=False, now=now)
    aside = None
    try:
        if db_path.exists():
            aside = keep_aside(db_path, "before-restore", now)
        # The old file's -wal and -shm would be read as the new file's: they go first (the
        # copy set aside holds whatever they had).
        for c in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{db_path}{c}").unlink()
        os.replace(staged, db_path)
    except (OSError, StorageError) as exc:
        with contextlib.suppress(OSError):
            staged.unlink()
        if isinstance(exc, StorageError):
            raise
        raise StorageError(f"恢复没有完成：{os_error_text(exc, db_path)}原数据库没有改动。") from exc
    return aside


def newest_good_backup(*folders: Path, identity: str | None = None, db_path: Path | None = None
                       ) -> FileCheck | None:
    """The newest backup in the folders that passes the full check, or None. With ``identity``
    (or ``db_path``) only that database's backups count (see backup.belongs_to)."""
    found = [p for folder in folders for p in backup_files(Path(folder))]

    def order(p: Path) -> tuple:
        m = read_manifest(p)
        return (stamp_of(p) or dt.datetime.min, m.sequence if m else 0, copy_number(p))

    found.sort(key=order, reverse=True)
    for p in found:
        result = check_file(p, thorough=True)
        if result.ok and (identity is None and db_path is None
                          or belongs_to(result, identity or "", db_path)):
            return result
    return None


def identity_of(path: Path) -> str:
    """The identity stored in a database file, read without changing it; "" if unreadable."""
    import json

    try:
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = 'database_id'").fetchone()
        finally:
            conn.close()
        return str(json.loads(row[0])) if row and row[0] else ""
    except (sqlite3.Error, ValueError, TypeError):
        return ""


@dataclass(frozen=True)
class Rescue:
    """A damaged database moved aside, and the newest good backup to offer in its place."""

    aside: Path
    offer: FileCheck | None


def set_aside_damaged(db_path: Path, *folders: Path, now: dt.datetime | None = None) -> Rescue:
    """Moves a database that failed the check on opening (app.services.kit.base.DamagedDatabase)
    aside, kept under a new name, and finds the newest good backup of that database in
    ``folders`` (by default its automatic and manual backup folders, and the folder older
    releases shared between files of the same name). The database is recognised by the
    identity still readable in the damaged file, else by the file its backups were taken from;
    another database's backups are never offered."""
    db_path = Path(db_path)
    identity = identity_of(db_path)
    aside = set_aside(db_path, "damaged", now)
    if not folders:
        # Unreadable identity: every folder of this file name, told apart by the source path.
        owns = [folder_for(db_path, identity)] if identity else sorted(
            p for p in backups_dir().glob(f"{glob_escape(db_path.stem)}-*") if p.is_dir())
        folders = (*owns, *(o / MANUAL_FOLDER for o in owns), legacy_folder(db_path))
    offer = newest_good_backup(*folders, identity=identity, db_path=db_path)
    return Rescue(aside, offer)


# ---- before opening -------------------------------------------------------------------------
def recovery_candidates(path: Path) -> list[Path]:
    """Copies beside a database a user may want back when it is missing: a restore cut short
    (.<name>.restoring) and the copies set aside before a restore, an upgrade or as damaged."""
    path = Path(path)
    found = [path.with_name(f".{path.name}.restoring")]
    for tag in ("before-restore", "before-upgrade", "damaged"):
        found += sorted(path.parent.glob(f"{path.stem}.{tag}-*{path.suffix or '.db'}"))
    return [p for p in found if p.is_file()]


def missing_database(path: Path) -> StorageError:
    """The message for a database file that is not there (nothing is created)."""
    text = f"找不到数据库文件“{path}”。请检查路径是否写对（或用 --db 指定另一个文件）；新建数据库请用 dangjian init。"
    copies = recovery_candidates(path)
    if copies:
        newest = max(copies, key=lambda p: p.stat().st_mtime)
        text += (f"在同一文件夹中找到 {len(copies)} 份可能是它的副本，最近的是“{newest.name}”。"
                 f"如要用它找回台账，请把它复制为“{path.name}”后重新打开，或用 dangjian restore 恢复。")
    return StorageError(text)


def check_database_file(path: Path, *, create: bool) -> None:
    """Refuses, with the real reason, what cannot be a database file: a folder, a device or
    other special file, a file that is not there when ``create`` is False."""
    path = Path(path)
    if path.is_dir():
        raise StorageError(f"“{path}”是一个文件夹，不是数据库文件。请指定文件夹中的数据库文件（如 {path / 'dangjian.db'}）。")
    if path.exists() and not path.is_file():
        raise StorageError(f"“{path}”不是普通文件（是设备或其他特殊文件），不能用作数据库。请指定一个 .db 文件。")
    if not path.exists():
        if not create:
            raise missing_database(path)
        if path.parent.exists() and not path.parent.is_dir():
            raise StorageError(f"“{path.parent}”不是文件夹，无法在其中建立数据库。请换一个位置。")


def make_private(path: Path) -> None:
    """The database and the files SQLite keeps beside it are readable by their owner only
    (on Linux; a Windows profile folder already is private). A new database file is created
    empty with that mode, so SQLite's -wal and -shm files, which copy it, are private too."""
    if os.name == "nt":
        return
    path = Path(path)
    if not path.exists():
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    for p in (path, *(Path(f"{path}{c}") for c in COMPANIONS)):
        with contextlib.suppress(OSError):
            if p.stat().st_mode & 0o077:
                os.chmod(p, 0o600)
