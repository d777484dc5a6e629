"""Is the database whole? If not, move it aside and find the newest good backup; restore one."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.db.safety.backup import (
    FileCheck,
    backup_files,
    check_file,
    copy_database,
    copy_number,
    folder_for,
    has_sqlite_header,
    integrity_problems,
    stamp_of,
)
from app.domain.kit.errors import StorageError

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


def install_backup(backup: Path, db_path: Path, now: dt.datetime | None = None) -> Path | None:
    """Puts a copy of ``backup`` in the place of ``db_path``; the database that was there is set
    aside first (renamed, never overwritten) and its new path returned.

    Nothing may have the database open. If anything fails, the old database is put back.
    """
    backup, db_path = Path(backup), Path(db_path)
    staged = db_path.with_name(f".{db_path.name}.restoring")
    copy_database(backup, staged, reason="恢复", with_manifest=False, now=now)
    aside = None
    try:
        if db_path.exists():
            aside = set_aside(db_path, "before-restore", now)
        os.replace(staged, db_path)
    except OSError as exc:
        if aside is not None and not db_path.exists():
            os.rename(aside, db_path)
            for c in COMPANIONS:
                if Path(f"{aside}{c}").exists():
                    os.rename(Path(f"{aside}{c}"), Path(f"{db_path}{c}"))
        with contextlib.suppress(OSError):
            staged.unlink()
        raise StorageError(f"恢复没有完成（{exc}）。原数据库没有改动。") from exc
    return aside


def newest_good_backup(*folders: Path) -> FileCheck | None:
    """The newest backup in the folders that passes the full check, or None."""
    files = [p for folder in folders for p in backup_files(Path(folder))]
    files.sort(key=lambda p: (stamp_of(p) or dt.datetime.min, copy_number(p)), reverse=True)
    for p in files:
        result = check_file(p, thorough=True)
        if result.ok:
            return result
    return None


@dataclass(frozen=True)
class Rescue:
    """A damaged database moved aside, and the newest good backup to offer in its place."""

    aside: Path
    offer: FileCheck | None


def set_aside_damaged(db_path: Path, *folders: Path, now: dt.datetime | None = None) -> Rescue:
    """Moves a database that failed the check on opening (app.services.kit.base.DamagedDatabase)
    aside, kept under a new name, and finds the newest good backup in ``folders`` (by default
    the automatic backup folder)."""
    db_path = Path(db_path)
    aside = set_aside(db_path, "damaged", now)
    offer = newest_good_backup(*(folders or (folder_for(db_path),)))
    return Rescue(aside, offer)
