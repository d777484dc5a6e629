"""Copying a live database into a backup file, and recognising a damaged copy."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.db.safety import backup as files
from app.db.safety import backup_copy
from app.domain.kit.errors import StorageError
from tests.db.safety.sqlite_files import flip_bytes, make_db


def test_copy_holds_the_data_and_its_manifest(tmp_path: Path) -> None:
    src = make_db(tmp_path / "ledger.db")
    target = tmp_path / "backups" / "ledger-20260701-093000.db"
    m = backup_copy.copy_database(src, target, reason="手动备份", app_version="0.1.0")
    assert m.counts == {"audit_log": 50, "members": 50, "organizations": 50}
    assert m.audit_head == f"{49:064x}" and m.audit_last_id == 50
    assert m.sha256 == files.sha256_of(target)
    assert files.read_manifest(target) == m
    check = files.check_file(target)
    assert check.ok and check.summary is not None and check.summary.counts["members"] == 50
    # A single self-contained file: no WAL beside it, and nothing left over from the copy.
    conn = sqlite3.connect(files.read_only_uri(target), uri=True)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name, target.name + ".json"]


@pytest.mark.skipif(os.name == "nt", reason="owner-only permissions are a POSIX mode")
def test_backup_files_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    src = make_db(tmp_path / "ledger.db")
    target = tmp_path / "b" / "ledger-20260701-093000.db"
    backup_copy.copy_database(src, target)
    for p in (target, files.manifest_path(target)):
        assert stat.S_IMODE(p.stat().st_mode) == 0o600


def test_copy_taken_while_another_thread_writes_is_consistent(tmp_path: Path) -> None:
    src = make_db(tmp_path / "ledger.db", rows=0)
    stop = threading.Event()

    def writer() -> None:
        conn = sqlite3.connect(src, timeout=30)
        n = 0
        while not stop.is_set() and n < 5000:
            with conn:  # one transaction: an organisation and its member, never one alone
                cur = conn.execute("INSERT INTO organizations (name) VALUES ('支部')")
                conn.execute("INSERT INTO members (org_id, name) VALUES (?, ?)", (cur.lastrowid, "李四" * 50))
            n += 1
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = []
        for i in range(8):
            target = tmp_path / "b" / f"ledger-20260701-0930{i:02d}.db"
            copies.append(backup_copy.copy_database(src, target))
    finally:
        stop.set()
        thread.join()
    for m in copies:
        assert m.counts["organizations"] == m.counts["members"]
    assert files.check_file(target).ok


WRITER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], timeout=30)
print("ready", flush=True)
for _ in range(3000):
    with conn:
        cur = conn.execute("INSERT INTO organizations (name) VALUES ('支部')")
        conn.execute("INSERT INTO members (org_id, name) VALUES (?, 'x')", (cur.lastrowid,))
"""


def test_copy_taken_while_another_process_writes_is_consistent(tmp_path: Path) -> None:
    src = make_db(tmp_path / "ledger.db", rows=0)
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(src)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    try:
        for i in range(5):
            m = backup_copy.copy_database(src, tmp_path / "b" / f"ledger-20260701-0940{i:02d}.db")
            assert m.counts["organizations"] == m.counts["members"]
    finally:
        proc.wait(timeout=60)


def test_a_file_with_flipped_bytes_is_recognised_as_damaged(tmp_path: Path) -> None:
    src = make_db(tmp_path / "ledger.db", rows=200)
    target = tmp_path / "b" / "ledger-20260701-093000.db"
    backup_copy.copy_database(src, target)
    # Inside a member's name: SQLite's own check would not notice, the checksum does.
    flip_bytes(target, target.stat().st_size - 300, 4)
    for thorough in (True, False):
        check = files.check_file(target, thorough=thorough)
        assert not check.ok and "损坏" in check.problem


def test_damage_is_found_even_without_a_manifest(tmp_path: Path) -> None:
    src = make_db(tmp_path / "ledger.db", rows=400)
    target = tmp_path / "b" / "ledger-20260701-093000.db"
    backup_copy.copy_database(src, target)
    files.manifest_path(target).unlink()
    assert files.check_file(target).ok
    page = 4096
    flip_bytes(target, 2 * page, page)  # a whole b-tree page
    check = files.check_file(target)
    assert not check.ok


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "ledger-20260701-093000.db"
    p.write_bytes(b"PK\x03\x04 a spreadsheet")
    assert not files.check_file(p).ok
    assert not files.check_file(tmp_path / "missing-20260701-093000.db").ok


def test_a_failed_copy_never_replaces_a_good_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = make_db(tmp_path / "ledger.db")
    target = tmp_path / "b" / "ledger.db"
    backup_copy.copy_database(src, target)
    before = target.read_bytes(), files.manifest_path(target).read_bytes()
    monkeypatch.setattr(backup_copy, "integrity_problems", lambda conn, quick=False: ["*** in database main ***"])
    with pytest.raises(StorageError) as info:
        backup_copy.copy_database(src, target)
    assert "已有的备份没有被改动" in info.value.message
    assert (target.read_bytes(), files.manifest_path(target).read_bytes()) == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["ledger.db", "ledger.db.json"]


@pytest.fixture
def tiny_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    mount = tmp_path / "usb"
    mount.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_leaves_the_earlier_backup_and_no_debris(tmp_path: Path, tiny_disk: Path) -> None:
    small = make_db(tmp_path / "small.db", rows=5)
    target = tiny_disk / "ledger.db"
    backup_copy.copy_database(small, target)
    before = target.read_bytes()
    big = make_db(tmp_path / "big.db", rows=3000)  # larger than the disk
    with pytest.raises(StorageError) as info:
        backup_copy.copy_database(big, target)
    assert "磁盘空间不足" in info.value.message
    assert target.read_bytes() == before and files.check_file(target).ok
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["ledger.db", "ledger.db.json"]


def test_backup_names_carry_their_time_and_never_collide(tmp_path: Path) -> None:
    import datetime as dt

    when = dt.datetime(2026, 7, 1, 9, 30)
    name = files.backup_name("dangjian", when)
    assert name == "dangjian-20260701-093000.db" and files.stamp_of(Path(name)) == when
    (tmp_path / name).write_bytes(b"")
    second = files.free_name(tmp_path, name)
    assert second.name == "dangjian-20260701-093000-2.db" and files.stamp_of(second) == when
    assert files.stamp_of(Path("dangjian.db")) is None
