"""One writer per database: a lock file ``<db>.lock`` held for as long as the program runs.

The lock is an operating-system lock (flock on Linux, a byte-range lock on Windows), so it
dies with the process: a crashed program never leaves a lock that blocks the next start. The
file's text (process, computer, user) only serves to tell the second opener who has it.
Within one process the lock is shared: opening the same database twice there is allowed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
import sys
import threading
from pathlib import Path

from app.domain.kit.errors import StorageError

# Windows locks a byte far beyond the text, so the holder's details stay readable.
_WIN_LOCK_OFFSET = 1 << 20
_TEXT_LENGTH = 512

_held: dict[str, DatabaseLock] = {}
_guard = threading.Lock()


def lock_path(db_path: Path) -> Path:
    return Path(f"{db_path}.lock")


def open_databases() -> list[Path]:
    """The database files this process holds open (their locks), resolved."""
    with _guard:
        return [lock.db_path for lock in _held.values() if lock._fd is not None]


def try_lock(fd: int) -> bool:
    """Takes an exclusive OS lock on an open file without waiting; False if someone holds it."""
    return _try_lock(fd)


def unlock(fd: int) -> None:
    _unlock(fd)


def _who() -> dict[str, object]:
    try:
        user = getpass.getuser()
    except Exception:
        user = "未知用户"
    return {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "user": user,
        "since": dt.datetime.now().replace(microsecond=0).isoformat(),
    }


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def holder(db_path: Path) -> dict[str, object]:
    """Who wrote the lock file last (may be a process that has ended)."""
    try:
        return json.loads(lock_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _refusal(db_path: Path) -> StorageError:
    info = holder(db_path)
    parts = []
    if info.get("host") and info.get("host") != socket.gethostname():
        parts.append(f"电脑 {info['host']}")
    parts.append(f"用户 {info.get('user', '未知')}")
    parts.append(f"进程 {info.get('pid', '未知')}")
    return StorageError(
        f"数据库已在另一个窗口（{'，'.join(parts)}）中打开。为防止两处同时修改造成数据混乱，"
        "这里不能再打开它。请切换到已打开的那个窗口继续工作；如果那个窗口刚刚关闭，请稍等片刻再试。"
    )


class DatabaseLock:
    def __init__(self, db_path: Path, fd: int) -> None:
        self.db_path = db_path
        self.path = lock_path(db_path)
        self._fd: int | None = fd
        self._count = 1

    @classmethod
    def acquire(cls, db_path: Path) -> DatabaseLock:
        """Takes the lock or raises StorageError naming who holds it."""
        db_path = Path(db_path).resolve()
        key = os.path.normcase(str(db_path))
        with _guard:
            held = _held.get(key)
            if held is not None and held._fd is not None:
                held._count += 1
                return held
            path = lock_path(db_path)
            path.parent.mkdir(parents=True, exist_ok=True)
            flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)
            try:
                fd = os.open(path, flags, 0o600)
            except OSError as exc:
                raise StorageError(
                    f"无法在 {path.parent} 中建立锁文件（{exc.strerror}）。请检查这个文件夹是否可写。"
                ) from exc
            if not _try_lock(fd):
                os.close(fd)
                raise _refusal(db_path)
            text = json.dumps(_who(), ensure_ascii=False).encode("utf-8")
            # Padded to a fixed length, so no truncation is needed over an older, longer text.
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, text.ljust(_TEXT_LENGTH))
            os.fsync(fd)
            lock = cls(db_path, fd)
            _held[key] = lock
            return lock

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Gives the lock up (after the last holder in this process lets go)."""
        with _guard:
            if self._fd is None:
                return
            self._count -= 1
            if self._count > 0:
                return
            fd, self._fd = self._fd, None
            _held.pop(os.path.normcase(str(self.db_path)), None)
            _unlock(fd)
            os.close(fd)

    def __enter__(self) -> DatabaseLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
