"""Files the program writes for the user: PDFs, exports, templates, copies on a USB stick.

Every one of them is written to a temporary file in the target's own folder and renamed into
place only when complete, so a failure, a full disk or a killed process leaves the old file
(or nothing), never a half one. A target that is the open database, one of the files SQLite
keeps beside it, its lock, or lies in the backup folder is refused before anything is written.

While a temporary file exists, a small note in the user's data folder ("unfinished") says
where it is, held under an operating-system lock. A note whose lock is free belongs to a
process that died (SIGKILL, power cut): ``sweep_unfinished``, run at every start, removes its
temporary files, which may hold personal data, and the note.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from glob import escape as glob_escape
from pathlib import Path

from app.db.safety.lock import open_databases, try_lock, unlock
from app.domain.kit.errors import AppError, FileWriteError, os_error_text
from app.domain.kit.text import clip
from app.paths import backups_dir, data_dir

TEMP_PREFIX = ".dangjian-tmp-"
SQLITE_HEADER = b"SQLite format 3\x00"
# What SQLite and this program keep beside an open database.
BESIDE_DATABASE = ("-wal", "-shm", "-journal", ".lock")


def notes_dir() -> Path:
    return data_dir() / "unfinished"


def _key(path: Path) -> str:
    return os.path.normcase(str(path))


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except OSError:
        return path.expanduser().absolute()


def is_database_file(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def refusal(target: str | Path, *, kind: str = "文件") -> str | None:
    """Why ``target`` must not be written over, or None. Refused: the open database, the files
    beside it, a restore's staging copy, anything in the backup folder, and (for anything but
    a backup) an existing database file."""
    t = _resolved(Path(target))
    for db in open_databases():
        protected = {_key(db), *(_key(Path(f"{db}{s}")) for s in BESIDE_DATABASE),
                     _key(db.with_name(f".{db.name}.restoring"))}
        if _key(t) in protected:
            return (f"“{clip(t, 120)}”是正在使用的数据库{'' if _key(t) == _key(db) else '的附属文件'}，"
                    f"不能把{kind}保存在那里，否则台账会被毁掉。请另选一个文件名。")
    backups = _resolved(backups_dir())
    if _key(t) == _key(backups) or _key(backups) in {_key(p) for p in t.parents}:
        return f"“{clip(t, 120)}”在程序的自动备份文件夹中，不能把{kind}保存在那里。请另选一个位置。"
    if kind != "备份" and t.is_file() and is_database_file(t):
        return f"“{clip(t, 120)}”是一个数据库文件，不能用{kind}覆盖它。请另选一个文件名。"
    return None


def check_target(target: str | Path, *, kind: str = "文件") -> Path:
    """The target as given, after refusing what must not be written (see ``refusal``), a
    folder, and a folder that does not exist."""
    path = Path(target).expanduser()
    reason = refusal(path, kind=kind)
    if reason:
        raise FileWriteError(reason)
    if path.is_dir():
        raise FileWriteError(f"“{clip(path, 120)}”是文件夹，请给出文件名。")
    if not path.parent.is_dir():
        raise FileWriteError(f"文件夹“{clip(path.parent, 120)}”不存在，请换一个保存位置。")
    return path


# ---- notes of unfinished writes ---------------------------------------------------------------
class _Note:
    """The note for one write: the folder, and the name prefix (and suffix) of its temporary
    files."""

    def __init__(self, folder: Path, prefix: str, suffix: str = "") -> None:
        self.path = notes_dir() / f"{secrets.token_hex(8)}.json"
        self.fd: int | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        except OSError:
            return  # no note: the write goes on, only the clean-up after a crash is lost
        try_lock(fd)
        note = {"folder": str(folder), "prefix": prefix, "suffix": suffix}
        os.write(fd, json.dumps(note, ensure_ascii=False).encode("utf-8"))
        os.fsync(fd)
        self.fd = fd

    def close(self) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        unlock(self.fd)
        os.close(self.fd)
        self.fd = None


@contextmanager
def noting(folder: Path, prefix: str, suffix: str) -> Iterator[None]:
    """Notes the temporary files ``<folder>/<prefix>*<suffix>`` of a write made by other code
    (a backup copy), so that a killed write's leftovers are removed at the next start."""
    note = _Note(folder, prefix, suffix)
    try:
        yield
    finally:
        note.close()


def _ours(prefix: str, suffix: str) -> bool:
    """Only the program's own temporary names are ever swept."""
    return prefix.startswith(TEMP_PREFIX) or (prefix.startswith(".") and suffix == ".partial")


def sweep_unfinished() -> list[Path]:
    """Removes the temporary files of writes whose process died; returns what was removed."""
    removed: list[Path] = []
    folder = notes_dir()
    if not folder.is_dir():
        return removed
    for note in folder.glob("*.json"):
        try:
            fd = os.open(note, os.O_RDWR | getattr(os, "O_BINARY", 0))
        except OSError:
            continue
        try:
            if not try_lock(fd):
                continue  # a write still under way in another program
            data = json.loads(os.read(fd, 1 << 16).decode("utf-8") or "{}")
            prefix, suffix = str(data.get("prefix", "")), str(data.get("suffix", ""))
            if _ours(prefix, suffix) and "/" not in prefix and "\\" not in prefix:
                folder_of = Path(data.get("folder", ""))
                for leftover in folder_of.glob(f"{glob_escape(prefix)}*{suffix}"):
                    with contextlib.suppress(OSError):
                        leftover.unlink()
                        removed.append(leftover)
            with contextlib.suppress(OSError):
                note.unlink()
            unlock(fd)
        except (OSError, ValueError):
            pass
        finally:
            os.close(fd)
    return removed


# ---- writing --------------------------------------------------------------------------------
def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextmanager
def replacing(target: str | Path, *, kind: str = "文件") -> Iterator[Path]:
    """Yields a temporary file beside ``target``; when the block ends without error it is
    flushed to disk and replaces ``target`` in one step. On any failure (or Cancelled) the
    temporary file is removed and ``target`` is untouched. Further scratch files the writer
    needs go beside it under its name plus a suffix (see ``scratch``)."""
    path = check_target(target, kind=kind)
    prefix = f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}-"
    note = _Note(path.parent, prefix)
    tmp = path.with_name(f"{prefix}{path.name[-60:]}")
    try:
        try:
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o600)
            os.close(fd)
        except OSError as exc:
            raise FileWriteError(os_error_text(exc, path.parent)) from exc
        yield tmp
        try:
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except PermissionError as exc:
            raise FileWriteError(f"无法保存“{clip(path.name, 80)}”：文件正被其他程序（如Excel、WPS、PDF阅读器）打开，"
                               "请关闭后重试。") from exc
        _fsync_dir(path.parent)
    except AppError:
        raise
    except OSError as exc:
        raise FileWriteError(os_error_text(exc, path)) from exc
    finally:
        for leftover in path.parent.glob(f"{prefix}*"):
            with contextlib.suppress(OSError):
                leftover.unlink()
        note.close()


def scratch(tmp: Path, suffix: str) -> Path:
    """Another temporary file belonging to the write of ``tmp`` (removed with it)."""
    return tmp.with_name(f"{tmp.name}.{suffix}")


def write_bytes(target: str | Path, data: bytes, *, kind: str = "文件") -> Path:
    """Writes ``data`` to ``target`` whole or not at all; returns the target."""
    with replacing(target, kind=kind) as tmp:
        try:
            tmp.write_bytes(data)
        except OSError as exc:
            raise FileWriteError(os_error_text(exc, target)) from exc
    return Path(target).expanduser()


def write_text(target: str | Path, text: str, *, kind: str = "文件", encoding: str = "utf-8") -> Path:
    return write_bytes(target, text.encode(encoding), kind=kind)
