"""Restoring and opening under attack and bad luck: a kill at the final rename, a missing file,
same-named databases, manual backups and the rotation, foreign files offered as backups."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.db.safety.checks import quick_check, set_aside_damaged
from app.domain.kit.errors import StorageError
from app.domain.orgs.rules import OrgType
from app.services.container import Services
from app.services.kit.base import Actor, Database
from app.services.orgs.service import OrgInput
from app.services.safety.backups import MANUAL_KEEP
from app.services.safety.restore import OtherDatabase
from tests import ledger_sql


def office(path: Path, name: str = "和平社区党委") -> Services:
    s = Services.open(path, Actor("测试员"))
    if not s.orgs.count():
        s.orgs.create(OrgInput(name=name, org_type=OrgType.COMMUNITY))
    return s


def org_names(path: Path) -> list[str]:
    with ledger_sql.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM organizations ORDER BY id")]


KILLED_RESTORE = textwrap.dedent("""
    import os, sys, time
    from app.db.safety import checks
    from app.services.container import Services
    from app.services.kit.base import Actor

    real_replace = os.replace

    def slow_replace(src, dst):
        if str(src).endswith(".restoring"):
            print("renaming", flush=True)
            time.sleep(120)
        return real_replace(src, dst)

    checks.os.replace = slow_replace
    services = Services.open(sys.argv[1], Actor("测试员"))
    services.backups.restore(sys.argv[2])
""")


@pytest.mark.sqlite_only  # about the database file
def test_a_kill_at_the_final_rename_of_a_restore_leaves_a_whole_database(db_path: Path) -> None:
    s = office(db_path)
    saved = s.backups.backup_now()
    s.orgs.create(OrgInput(name="后来的支部", org_type=OrgType.BRANCH, parent_id=s.orgs.list()[0].id))
    s.close()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.Popen([sys.executable, "-c", KILLED_RESTORE, str(db_path), str(saved.path)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "renaming", child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate()
    # The database is still there and whole: the one from before the restore.
    assert quick_check(db_path).ok and not quick_check(db_path).missing
    assert org_names(db_path) == ["和平社区党委", "后来的支部"]
    assert (db_path.parent / f".{db_path.name}.restoring").exists()
    assert list(db_path.parent.glob("ledger.before-restore-*.db"))


@pytest.mark.sqlite_only  # about the database file
def test_a_missing_database_is_not_made_again_and_its_copies_are_named(db_path: Path) -> None:
    office(db_path).close()
    staged = db_path.with_name(f".{db_path.name}.restoring")
    os.rename(db_path, staged)  # what a restore killed at the wrong moment used to leave
    with pytest.raises(StorageError) as info:
        Database.open(db_path, create=False)
    assert "找不到数据库文件" in info.value.message and staged.name in info.value.message
    assert not db_path.exists()


@pytest.mark.parametrize("where", ["folder", "device"])
def test_a_folder_or_a_device_is_refused_with_the_real_reason(tmp_path: Path, where: str) -> None:
    target = tmp_path if where == "folder" else Path("/dev/null")
    with pytest.raises(StorageError) as info:
        Database.open(target)
    assert ("是一个文件夹" if where == "folder" else "不是普通文件") in info.value.message


def test_same_named_databases_in_two_folders_keep_their_backups_apart(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, b = office(tmp_path / "a" / "台账.db", "和平社区党委"), office(tmp_path / "b" / "台账.db", "东湖社区党委")
    try:
        row_a = a.backups.maybe_backup("exit")
        row_b = b.backups.maybe_backup("exit")
        assert row_a is not None and row_b is not None and row_a.path.parent != row_b.path.parent
        assert [r.path for r in a.backups.list_backups()] == [row_a.path]
        assert [r.path for r in b.backups.list_backups()] == [row_b.path]
        b.orgs.create(OrgInput(name="东湖第一支部", org_type=OrgType.BRANCH, parent_id=b.orgs.list()[0].id))
        assert a.anchor.problems() == [] and b.anchor.problems() == []
    finally:
        a.close()
        b.close()
    # The damaged-database rescue of one offers only its own backup.
    path_b = tmp_path / "b" / "台账.db"
    with open(path_b, "r+b") as f:
        f.write(b"garbage!" * 16)
    rescue = set_aside_damaged(path_b)
    assert rescue.offer is not None and rescue.offer.path == row_b.path


def test_same_named_databases_sharing_an_older_release_folder_are_told_apart(tmp_path: Path) -> None:
    from app.db.safety import backup as files
    from app.db.safety import backup_copy

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, b = office(tmp_path / "a" / "台账.db"), office(tmp_path / "b" / "台账.db")
    try:
        shared = files.legacy_folder(tmp_path / "a" / "台账.db")
        shared.mkdir(parents=True)
        # Copies as an older release made them: one folder per file name, no identity inside.
        for s, when in ((a, dt.datetime(2026, 6, 1, 9)), (b, dt.datetime(2026, 6, 2, 9))):
            backup_copy.copy_database(s.db.path, shared / files.backup_name("台账", when), now=when)
        mine = a.backups.list_backups()
        assert [r.path.name for r in mine] == ["台账-20260601-090000.db"]
    finally:
        a.close()
        b.close()


def test_a_manual_backup_outlives_the_automatic_rotation(db_path: Path) -> None:
    s = office(db_path)
    clock = [dt.datetime(2026, 7, 1, 9, 0)]
    s.backups.now = lambda: clock[0]
    try:
        manual = s.backups.backup_now()  # 立即备份 before a risky import
        root = s.orgs.list()[0]
        for minute in range(1, 4):  # the automatic ones of the same day, pruned to one
            clock[0] += dt.timedelta(minutes=minute)
            s.orgs.create(OrgInput(name=f"支部{minute}", org_type=OrgType.BRANCH, parent_id=root.id))
            assert s.backups.maybe_backup("exit") is not None
        assert manual.path.exists()
        listed = s.backups.list_backups()
        assert manual.path in [r.path for r in listed] and sum(1 for r in listed if not r.manual) == 1
        # Manual ones keep their own rotation: the last MANUAL_KEEP.
        for _ in range(MANUAL_KEEP + 2):
            s.backups.backup_now()
        manual_rows = [r for r in s.backups.list_backups() if r.manual]
        assert len(manual_rows) == MANUAL_KEEP and not manual.path.exists()
    finally:
        s.close()


def test_the_list_puts_copies_of_the_same_second_newest_first(db_path: Path) -> None:
    s = office(db_path)
    s.backups.now = lambda: dt.datetime(2026, 7, 1, 9, 0)
    try:
        first = s.backups.backup_now()
        second = s.backups.backup_now()
        third = s.backups.backup_now()
        assert [r.path for r in s.backups.list_backups()] == [third.path, second.path, first.path]
    finally:
        s.close()


def test_only_this_programs_backups_of_this_database_are_restored(db_path: Path, tmp_path: Path) -> None:
    s = office(db_path)
    other = office(tmp_path / "other.db", "东湖社区党委")
    stranger = tmp_path / "any.db"
    with sqlite3.connect(stranger) as conn:
        conn.execute("CREATE TABLE notes (x)")
    try:
        with pytest.raises(StorageError, match="不是本程序的数据库或备份"):
            s.backups.restore(stranger)
        if "postgresql" not in str(db_path):  # a file, not a server's address
            with pytest.raises(StorageError, match="不能用正在使用的数据库自己来恢复它"):
                s.backups.restore(db_path)
        with pytest.raises(StorageError, match="是文件夹"):
            s.backups.restore(tmp_path)
        theirs = other.backups.backup_now()
        with pytest.raises(OtherDatabase):
            s.backups.restore(theirs.path)
        assert org_names(db_path) == ["和平社区党委"]
        s.backups.restore(theirs.path, force=True)  # the user confirmed
        assert org_names(db_path) == ["东湖社区党委"]
    finally:
        s.close()
        other.close()


def test_a_backup_without_accounts_is_not_restored_over_one_with_them(db_path: Path) -> None:
    s = office(db_path)
    try:
        bare = s.backups.backup_now()  # taken before the first account
        s.auth.create_admin("wangfang", "dangwu2026")
        s.act_as(s.auth.login("wangfang", "dangwu2026"))
        with pytest.raises(StorageError, match="没有任何登录账户"):
            s.backups.restore(bare.path, force=True)
    finally:
        s.close()
