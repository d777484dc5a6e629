"""A damaged database is recognised on opening, set aside, and the newest good backup found."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.db.safety import backup as files
from app.db.safety import backup_copy
from app.db.safety.checks import install_backup, newest_good_backup, quick_check, set_aside
from tests.db.safety.sqlite_files import flip_bytes, make_db


def test_a_good_database_passes_and_a_missing_one_is_new(tmp_path: Path) -> None:
    db = make_db(tmp_path / "ledger.db")
    assert quick_check(db).ok
    verdict = quick_check(tmp_path / "none.db")
    assert verdict.ok and verdict.missing


def test_a_damaged_copy_is_recognised(tmp_path: Path) -> None:
    db = make_db(tmp_path / "ledger.db", rows=400)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    damaged = tmp_path / "damaged.db"
    shutil.copy(db, damaged)
    flip_bytes(damaged, 3 * 4096, 4096)
    verdict = quick_check(damaged)
    assert not verdict.ok and verdict.problem
    text = tmp_path / "text.db"
    text.write_text("不是数据库", encoding="utf-8")
    assert not quick_check(text).ok


def test_setting_aside_never_overwrites(tmp_path: Path) -> None:
    when = dt.datetime(2026, 7, 1, 9, 30)
    first = make_db(tmp_path / "ledger.db")
    Path(f"{first}-wal").write_bytes(b"wal")
    a = set_aside(first, "damaged", when)
    make_db(tmp_path / "ledger.db")
    b = set_aside(tmp_path / "ledger.db", "damaged", when)
    assert a.name == "ledger.damaged-20260701-093000.db"
    assert b.name == "ledger.damaged-20260701-093000-2.db"
    assert Path(f"{a}-wal").read_bytes() == b"wal"
    assert not (tmp_path / "ledger.db").exists()
    assert quick_check(a).ok and quick_check(b).ok


def test_the_newest_good_backup_is_found_past_a_damaged_one(tmp_path: Path) -> None:
    db = make_db(tmp_path / "ledger.db")
    folder = tmp_path / "backups"
    older = backup_copy.copy_database(db, folder / "ledger-20260630-170000.db")
    newest = folder / "ledger-20260701-170000.db"
    backup_copy.copy_database(db, newest)
    flip_bytes(newest, 5000)
    found = newest_good_backup(folder)
    assert found is not None and found.path.name == "ledger-20260630-170000.db"
    assert found.manifest == older
    assert newest_good_backup(tmp_path / "empty") is None


def test_installing_a_backup_sets_the_current_database_aside(tmp_path: Path) -> None:
    db = make_db(tmp_path / "ledger.db", rows=10)
    backup = tmp_path / "b" / "ledger-20260630-170000.db"
    backup_copy.copy_database(db, backup)
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO organizations (name) VALUES ('新支部')")
    conn.commit()
    conn.close()
    aside = install_backup(backup, db, dt.datetime(2026, 7, 1, 9, 0))
    assert aside is not None and aside.name == "ledger.before-restore-20260701-090000.db"
    count = sqlite3.connect(aside).execute("SELECT count(*) FROM organizations").fetchone()[0]
    assert count == 11
    assert sqlite3.connect(db).execute("SELECT count(*) FROM organizations").fetchone()[0] == 10
    assert files.check_file(backup).ok  # the backup itself is untouched


def test_a_damaged_database_is_refused_on_opening_then_moved_aside_and_the_newest_good_backup_offered(
    tmp_path: Path,
) -> None:
    from app.db.safety.checks import set_aside_damaged
    from app.services.kit.base import DamagedDatabase, Database

    db = make_db(tmp_path / "ledger.db", rows=400)
    folder = tmp_path / "backups"
    backup_copy.copy_database(db, folder / "ledger-20260630-170000.db")
    Database.open(db, migrate=False).close()  # whole: opens without a question

    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    flip_bytes(db, 3 * 4096, 4096)
    with pytest.raises(DamagedDatabase) as refused:
        Database.open(db, migrate=False)
    assert refused.value.problem and "已损坏" in refused.value.message
    rescue = set_aside_damaged(db, folder, now=dt.datetime(2026, 7, 1, 8, 0))
    assert rescue.aside.name == "ledger.damaged-20260701-080000.db" and not db.exists()
    assert rescue.offer is not None and rescue.offer.path.name == "ledger-20260630-170000.db"
    assert rescue.offer.manifest is not None and rescue.offer.manifest.taken_at.date() == dt.date.today()
    assert install_backup(rescue.offer.path, db) is None  # nothing left to set aside
    assert quick_check(db).ok
    Database.open(db, migrate=False).close()  # the lock was released by the refused open
