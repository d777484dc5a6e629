"""One writer per database: a second opener is refused; a crashed holder does not block."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.db.safety.lock import DatabaseLock, lock_path
from app.domain.kit.errors import StorageError

HOLDER = """
import sys, time
from app.db.safety.lock import DatabaseLock
lock = DatabaseLock.acquire(sys.argv[1])
print("holding", flush=True)
time.sleep(120)
"""


def _spawn_holder(db: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[3] / "src"))
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdout=subprocess.PIPE,
                            text=True, env=env)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
    return proc


def test_a_second_program_is_told_who_has_the_database_open(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    proc = _spawn_holder(db)
    try:
        with pytest.raises(StorageError) as info:
            DatabaseLock.acquire(db)
        message = info.value.message
        assert "数据库已在另一个窗口" in message and f"进程 {proc.pid}" in message and "用户" in message
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_holder_leaves_no_lock_behind(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    proc = _spawn_holder(db)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert lock_path(db).exists()  # the stale file is still there, and does not matter
    with DatabaseLock.acquire(db) as lock:
        assert lock.held
        assert f'"pid": {os.getpid()}' in lock_path(db).read_text(encoding="utf-8")


def test_the_lock_is_shared_within_one_program_and_released_at_the_end(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    first = DatabaseLock.acquire(db)
    second = DatabaseLock.acquire(db)
    assert second is first
    second.release()
    assert first.held
    first.release()
    assert not first.held
    proc = _spawn_holder(db)  # another program may now take it
    proc.kill()
    proc.wait()
