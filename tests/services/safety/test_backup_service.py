"""Automatic backups, "back up now", the list of backups, and restoring one."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from app.db.safety import backup as files
from app.db.safety.checks import newest_good_backup
from app.domain.kit.errors import PermissionDenied, StorageError
from app.domain.orgs.rules import OrgType
from app.domain.safety.retention import backups_to_keep
from app.paths import backups_dir
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.orgs.service import OrgInput
from app.services.safety.backups import BackupService
from tests.db.safety.sqlite_files import flip_bytes


class Clock:
    def __init__(self) -> None:
        self.t = dt.datetime(2026, 7, 1, 9, 0)

    def __call__(self) -> dt.datetime:
        return self.t


@pytest.fixture
def clock() -> Clock:
    return Clock()


def backups_of(services: Services, clock: Clock, actor: Actor | None = None) -> BackupService:
    b = BackupService(services.db, actor or services.actor, services.hub)
    b.now = clock
    return b


@pytest.fixture
def backups(services: Services, clock: Clock) -> BackupService:
    services.orgs.create(OrgInput(name="和平社区党委", org_type=OrgType.COMMUNITY))
    return backups_of(services, clock)


def stem_of(services: Services) -> str:
    """The name backups of this ledger are filed under: the file's, or on a server <database>-<host>."""
    if services.db.is_server:
        from app.db.server import backup_stem

        return backup_stem(services.db.engine.url)
    return "ledger"


def add_org(services: Services, name: str) -> None:
    root = services.orgs.list()[0]
    services.orgs.create(OrgInput(name=name, org_type=OrgType.BRANCH, parent_id=root.id))


def test_back_up_now_goes_to_the_backup_folder_and_is_recorded(backups: BackupService, services: Services) -> None:
    head_before = services.audit.verify().head
    row = backups.backup_now()
    stem = stem_of(services)
    assert row.path.parent == backups_dir() / stem
    assert row.path.name == f"{stem}-20260701-090000.db" and row.ok
    assert row.audit_head == head_before and "组织 1 个" in row.holds
    last = services.audit.recent(1)[0]
    assert last.action == "备份" and str(row.path) in last.summary and head_before in last.new_values
    assert services.audit.verify().ok
    listed = backups.list_backups()
    assert [r.path for r in listed] == [row.path] and listed[0].ok and listed[0].size == row.size


def test_back_up_now_to_a_chosen_folder_or_file(backups: BackupService, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    row = backups.backup_now(usb)
    assert row.path.parent == usb and files.check_file(row.path).ok
    again = backups.backup_now(usb)  # same second: a second name, nothing overwritten
    assert again.path != row.path and row.path.exists()
    named = backups.backup_now(tmp_path / "台账备份.db")
    assert named.path.name == "台账备份.db" and files.read_manifest(named.path) is not None
    if not backups.on_server:
        with pytest.raises(StorageError, match="不能就是数据库文件本身"):
            backups.backup_now(backups.db_path())


def test_automatic_backups_happen_only_when_something_changed(
    backups: BackupService, services: Services, clock: Clock
) -> None:
    assert backups.maybe_backup("start") is not None  # never backed up before
    assert backups.maybe_backup("start") is None  # its own audit record is no change
    assert backups.maybe_backup("exit") is None
    add_org(services, "第一支部")
    clock.t += dt.timedelta(minutes=10)
    assert backups.maybe_backup("timer") is None  # changed, but the last backup is recent
    clock.t += dt.timedelta(minutes=20)
    row = backups.maybe_backup("timer")
    assert row is not None and row.reason == "定时自动备份" and row.counts["organizations"] == 2
    clock.t += dt.timedelta(minutes=45)
    assert backups.maybe_backup("timer") is None  # nothing changed since
    add_org(services, "第二支部")
    clock.t += dt.timedelta(minutes=1)
    last = backups.maybe_backup("exit")
    assert last is not None
    # Pruning keeps one backup a day: the newest of today.
    assert [r.path for r in backups.list_backups()] == [last.path]


def test_old_automatic_backups_are_pruned_to_the_policy(
    backups: BackupService, services: Services, clock: Clock
) -> None:
    services.settings.set("backup_keep_daily", 3)
    services.settings.set("backup_keep_weekly", 2)
    services.settings.set("backup_keep_monthly", 2)
    taken = []
    for day in range(45):
        clock.t = dt.datetime(2026, 7, 1, 9, 0) + dt.timedelta(days=day)
        for hour in (0, 4):
            add_org(services, f"支部{day}-{hour}")
            clock.t += dt.timedelta(hours=hour)
            row = backups.maybe_backup("exit")
            assert row is not None
            taken.append(row.taken_at)
    on_disk = {r.taken_at for r in backups.list_backups()}
    assert on_disk == backups_to_keep(taken, backups.policy())
    assert len(on_disk) <= 3 + 2 + 2
    assert not any(p.name.endswith(".partial") for p in backups.folder().iterdir())


def test_a_damaged_backup_is_shown_as_damaged_and_never_restored(
    backups: BackupService, clock: Clock
) -> None:
    good = backups.backup_now()
    clock.t += dt.timedelta(hours=1)
    bad = backups.backup_now()
    flip_bytes(bad.path, bad.size // 2)
    listed = {r.path: r for r in backups.list_backups()}
    assert listed[good.path].ok and not listed[bad.path].ok and "损坏" in listed[bad.path].problem
    assert not backups.verify(bad.path).ok
    with pytest.raises(StorageError, match="不能用来恢复"):
        backups.restore(bad.path)
    found = newest_good_backup(backups.folder())
    assert found is not None and found.path == good.path


def test_a_backup_whose_audit_trail_was_edited_is_not_restored(backups: BackupService, tmp_path: Path) -> None:
    row = backups.backup_now(tmp_path / "copy.db")
    files.manifest_path(row.path).unlink()  # as if someone edited the file and dropped the manifest
    conn = sqlite3.connect(row.path)
    conn.execute("UPDATE audit_log SET summary = '改过' WHERE id = 1")
    conn.commit()
    conn.close()
    checked = backups.verify(row.path)
    assert not checked.ok and "第1条" in checked.problem


def test_restore_brings_back_the_backup_and_sets_the_current_database_aside(
    backups: BackupService, services: Services, clock: Clock
) -> None:
    saved = backups.backup_now()
    backup_bytes = saved.path.read_bytes()
    add_org(services, "后来新增的支部")
    assert services.orgs.count() == 2
    clock.t += dt.timedelta(hours=2)
    changes: list[frozenset[str]] = []
    services.hub.subscribe(changes.append)

    result = backups.restore(saved.path)

    assert services.orgs.count() == 1  # the same services go on working, on the restored data
    # A file is set aside beside itself; a server's ledger is first exported to the backup folder.
    aside = f"{stem_of(services)}-20260701-110000.db" if services.db.is_server else "ledger.before-restore-20260701-110000.db"
    assert result.set_aside is not None and result.set_aside.name == aside
    kept = sqlite3.connect(result.set_aside)
    assert kept.execute("SELECT count(*) FROM organizations").fetchone()[0] == 2
    kept.close()
    assert saved.path.read_bytes() == backup_bytes
    last = services.audit.recent(1)[0]
    assert last.action == "恢复备份" and str(result.set_aside) in last.summary
    assert services.audit.verify().ok
    assert frozenset({"all"}) in changes

    clock.t += dt.timedelta(seconds=0)
    second = backups.restore(saved.path)  # the same second again: a new name, nothing overwritten
    assert second.set_aside != result.set_aside and result.set_aside.exists()
    # The restored state is backed up at the next chance.
    assert backups.maybe_backup("exit") is not None


def test_roles_decide_who_backs_up_and_who_restores(backups: BackupService, services: Services, clock: Clock) -> None:
    viewer = backups_of(services, clock, Actor("v", "查看"))
    with pytest.raises(PermissionDenied, match="备份数据"):
        viewer.backup_now()
    worker = backups_of(services, clock, Actor("w", "党务工作者"))
    row = worker.backup_now()
    with pytest.raises(PermissionDenied, match="从备份恢复"):
        worker.restore(row.path)
    backups_of(services, clock, Actor("a", "管理员")).restore(row.path)


def test_records_removed_from_the_end_show_against_the_newest_backup(
    backups: BackupService, services: Services
) -> None:
    add_org(services, "第一支部")
    assert backups.maybe_backup("exit") is not None
    assert backups.missing_tail() == ""
    with services.db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_log WHERE id >= (SELECT max(id) - 1 FROM audit_log)")
    assert services.audit.verify().ok  # the chain alone cannot tell
    assert "可能被删除" in backups.missing_tail()


def test_backups_taken_in_the_same_second_keep_the_newest(
    backups: BackupService, services: Services, clock: Clock
) -> None:
    add_org(services, "第一支部")
    first = backups.maybe_backup("exit")
    add_org(services, "第二支部")
    second = backups.maybe_backup("exit")  # the same second: ledger-…-2.db
    assert first is not None and second is not None and second.path.name.endswith("-2.db")
    assert [r.path for r in backups.list_backups()] == [second.path]
    last = backups.last_auto_backup()
    assert last is not None and last.path == second.path and last.counts["organizations"] == 3
    assert not backups.changed_since_last_backup()


def test_same_second_copies_are_ordered_by_their_number(tmp_path: Path) -> None:
    for name in ("x-20260701-090000.db", "x-20260701-090000-2.db", "x-20260701-090000-10.db",
                 "x-20260701-085959-3.db"):
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in files.backup_files(tmp_path)] == [
        "x-20260701-085959-3.db", "x-20260701-090000.db", "x-20260701-090000-2.db", "x-20260701-090000-10.db"]


def test_pruning_keeps_the_newest_good_backup_when_a_newer_one_is_damaged(
    backups: BackupService, clock: Clock
) -> None:
    good = backups.backup_now()
    clock.t += dt.timedelta(hours=1)
    bad = backups.backup_now()  # the same day: the policy keeps only this newer one
    flip_bytes(bad.path, bad.size // 2)
    backups.prune()
    assert good.path.exists()
    found = newest_good_backup(backups.folder())
    assert found is not None and found.path == good.path


def test_the_newest_of_same_second_backups_is_offered_after_damage(
    backups: BackupService, services: Services
) -> None:
    first = backups.backup_now()
    add_org(services, "第一支部")
    second = backups.backup_now()  # the same second: ledger-…-2.db
    assert second.path.name.endswith("-2.db") and first.path.exists()
    found = newest_good_backup(backups.folder())
    assert found is not None and found.path == second.path
