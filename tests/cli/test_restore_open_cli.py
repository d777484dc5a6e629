"""`dangjian` facing a missing database, a folder or a device as --db, a foreign backup, and a
database whose accounts were emptied outside the program."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.cli import main, registry
from app.services.access.setup import init_office
from app.services.container import Services
from app.services.kit.base import Actor

ADMIN, PASSWORD = "wangfang", "dangwu2026"


@pytest.fixture(autouse=True)
def _signed_in(monkeypatch: pytest.MonkeyPatch) -> None:
    registry.load_commands()
    monkeypatch.setenv("DANGJIAN_USER", ADMIN)
    monkeypatch.setenv("DANGJIAN_PASSWORD", PASSWORD)


def make_office(path: Path, name: str = "和平社区党委") -> Path:
    s = Services.open(path, Actor("测试员"))
    init_office(s, name, "社区党委", admin=(ADMIN, PASSWORD))
    s.close()
    return path


@pytest.mark.parametrize("command", [["check"], ["backups"], ["export", "members", "x.csv"], ["audit", "verify"]])
def test_no_command_but_init_and_demo_makes_a_missing_database(
        tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "台账.db"
    assert main([*command, "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "找不到数据库文件" in err and "dangjian init" in err
    assert not db.exists() and not Path(f"{db}.lock").exists()


def test_the_missing_databases_copies_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = make_office(tmp_path / "台账.db")
    aside = tmp_path / "台账.before-restore-20260701-090000.db"
    db.rename(aside)
    assert main(["check", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert aside.name in err and "复制为“台账.db”" in err


@pytest.mark.parametrize("where", ["folder", "/dev/null"])
def test_db_at_a_folder_or_dev_null_names_the_real_problem(tmp_path: Path, where: str,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    target = str(tmp_path) if where == "folder" else "/dev/null"
    assert main(["check", "--db", target]) == 1
    err = capsys.readouterr().err
    assert ("是一个文件夹，不是数据库文件" if where == "folder" else "不是普通文件") in err
    assert "Traceback" not in err and "Errno" not in err


def test_restore_from_a_folder_or_another_database_is_refused_unless_forced(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    ours = make_office(tmp_path / "a" / "台账.db")
    theirs = make_office(tmp_path / "b" / "台账.db", "东湖社区党委")
    usb = tmp_path / "U盘"
    usb.mkdir()
    assert main(["backup", "--to", str(usb / "东湖.db"), "--db", str(theirs)]) == 0
    capsys.readouterr()
    assert main(["restore", str(usb), "--db", str(ours)]) == 1
    assert "是文件夹，不是备份文件" in capsys.readouterr().err
    assert main(["restore", str(usb / "东湖.db"), "--db", str(ours)]) == 1
    assert "不是当前这个台账的备份" in capsys.readouterr().err
    assert main(["restore", str(ours), "--db", str(ours)]) == 1
    assert "自己来恢复" in capsys.readouterr().err
    assert main(["restore", str(usb / "东湖.db"), "--force", "--db", str(ours)]) == 0
    with sqlite3.connect(ours) as conn:
        assert conn.execute("SELECT name FROM organizations").fetchone()[0] == "东湖社区党委"


def test_after_the_users_table_is_emptied_a_backup_is_restored_by_its_own_administrator(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    db = make_office(tmp_path / "台账.db")
    assert main(["backup", "--to", str(tmp_path / "备份.db"), "--db", str(db)]) == 0
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM users")
    capsys.readouterr()
    monkeypatch.setenv("DANGJIAN_PASSWORD", "not-the-password-1")
    assert main(["restore", str(tmp_path / "备份.db"), "--db", str(db)]) == 1
    assert "在这个备份的账户中登录失败" in capsys.readouterr().err
    monkeypatch.setenv("DANGJIAN_PASSWORD", PASSWORD)
    assert main(["restore", str(tmp_path / "备份.db"), "--db", str(db)]) == 0
    assert main(["user", "list", "--db", str(db)]) == 0
    assert ADMIN in capsys.readouterr().out
