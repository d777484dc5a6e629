"""`dangjian backup / backups / restore / audit verify / user …` as an office would type them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.cli import main, registry
from app.services.access.auth import AuthService
from app.services.container import Services
from app.services.kit.base import Actor
from tests import ledger_sql as sql


@pytest.fixture(autouse=True)
def _commands(monkeypatch: pytest.MonkeyPatch) -> None:
    registry.load_commands()
    import app.cli.safety_commands  # noqa: F401  (until it is listed in registry.MODULES)

    for var in ("DANGJIAN_USER", "DANGJIAN_PASSWORD", "DANGJIAN_NEW_PASSWORD"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def office(db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new office database whose administrator wangfang is signed in (by the environment)."""
    sign_in(monkeypatch)
    assert main(["init", "--org", "和平社区党委", "--level", "社区党委", "--db", str(db_path)]) == 0
    capsys.readouterr()
    return db_path


def signed_out(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("DANGJIAN_USER", "DANGJIAN_PASSWORD"):
        monkeypatch.delenv(var, raising=False)


def sign_in(monkeypatch: pytest.MonkeyPatch, user: str = "wangfang", password: str = "dangwu2026") -> None:
    monkeypatch.setenv("DANGJIAN_USER", user)
    monkeypatch.setenv("DANGJIAN_PASSWORD", password)


def test_backup_list_and_restore(office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    usb = tmp_path / "U盘"
    usb.mkdir()
    assert main(["backup", "--to", str(usb), "--db", str(office)]) == 0
    out = capsys.readouterr().out
    assert "已备份到" in out and "组织 1 个" in out
    copy = next(usb.glob("*.db"))
    assert main(["backups", "--folder", str(usb), "--db", str(office)]) == 0
    out = capsys.readouterr().out
    assert "完好" in out and copy.name in out

    sql.execute(office, "UPDATE organizations SET name = '改后的名字'")
    assert main(["restore", str(copy), "--db", str(office)]) == 0
    out = capsys.readouterr().out
    assert "已从" in out and ("原数据库已另存为" in out if isinstance(office, Path) else "恢复前服务器上的台账已导出为" in out)
    assert sql.rows(office, "SELECT name FROM organizations") == [("和平社区党委",)]
    if isinstance(office, Path):
        assert len(list(office.parent.glob("ledger.before-restore-*.db"))) == 1
    else:  # on a server, what it held is exported to the backup folder first
        aside = out.split("已导出为 ")[1].strip()
        assert sqlite3.connect(aside).execute("SELECT name FROM organizations").fetchall() == [("改后的名字",)]


def test_the_default_backup_folder_is_listed(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backups", "--db", str(office)]) == 0
    assert "还没有备份" in capsys.readouterr().out
    assert main(["backup", "--db", str(office)]) == 0
    capsys.readouterr()
    assert main(["backups", "--db", str(office)]) == 0
    assert "完好" in capsys.readouterr().out


def test_a_damaged_backup_is_refused(office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "copy.db"
    assert main(["backup", "--to", str(target), "--db", str(office)]) == 0
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    capsys.readouterr()
    assert main(["restore", str(target), "--db", str(office)]) == 1
    assert "不能用来恢复" in capsys.readouterr().err


def test_audit_verify_names_the_first_bad_record(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "verify", "--db", str(office)]) == 0
    assert "操作记录完好：共 4 条" in capsys.readouterr().out  # administrator, organisation, setting, login
    sql.execute(office, "UPDATE audit_log SET summary = '改过' WHERE id = 1")
    assert main(["audit", "verify", "--db", str(office)]) == 1
    assert "第1条" in capsys.readouterr().err


def test_a_database_with_accounts_needs_a_user_and_password(
    office: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    signed_out(monkeypatch)
    assert main(["backup", "--db", str(office)]) == 1
    assert "--user" in capsys.readouterr().err
    sign_in(monkeypatch, password="wrong-pass1")
    assert main(["backup", "--db", str(office)]) == 1
    assert "用户名或密码不正确" in capsys.readouterr().err
    sign_in(monkeypatch)
    assert main(["backup", "--db", str(office)]) == 0
    s = Services.open(office, Actor("测试员"))
    try:
        actions = [(r.actor, r.action) for r in s.audit.recent(3)]
    finally:
        s.close()
    assert actions[0] == ("wangfang", "备份") and ("wangfang", "登录") in actions


def test_user_add_list_and_passwd(office: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DANGJIAN_NEW_PASSWORD", "Spring-2026a")
    assert main(["user", "add", "lisi", "--role", "党务工作者", "--display-name", "李四", "--db", str(office)]) == 0
    assert "已新增用户 李四（lisi），角色：党务工作者" in capsys.readouterr().out
    assert main(["user", "list", "--db", str(office)]) == 0
    out = capsys.readouterr().out
    assert "wangfang" in out and "lisi" in out and "从未登录" in out
    assert main(["user", "add", "zhao", "--role", "组长", "--db", str(office)]) == 1
    assert "没有“组长”这种角色" in capsys.readouterr().err

    # lisi changes her own password; then cannot manage users.
    sign_in(monkeypatch, "lisi", "Spring-2026a")
    monkeypatch.setenv("DANGJIAN_NEW_PASSWORD", "Summer-2026b")
    assert main(["user", "passwd", "lisi", "--db", str(office)]) == 0
    sign_in(monkeypatch, "lisi", "Summer-2026b")
    assert main(["user", "list", "--db", str(office)]) == 1
    assert "管理用户" in capsys.readouterr().err
    # The administrator resets it.
    sign_in(monkeypatch)
    monkeypatch.setenv("DANGJIAN_NEW_PASSWORD", "Winter-2026c")
    assert main(["user", "passwd", "lisi", "--db", str(office)]) == 0
    sign_in(monkeypatch, "lisi", "Winter-2026c")
    assert main(["backups", "--db", str(office)]) == 0


def test_a_viewer_may_not_back_up_and_an_auditor_may_verify(
    office: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    s = Services.open(office, Actor("wangfang", "管理员"))
    try:
        auth = AuthService(s.db, s.actor, s.hub)
        auth.add_user("kan", "查看", "Viewer-2026")
        auth.add_user("shen", "审计员", "Audit-2026x")
    finally:
        s.close()
    sign_in(monkeypatch, "kan", "Viewer-2026")
    assert main(["backup", "--db", str(office)]) == 1
    assert "备份数据" in capsys.readouterr().err
    assert main(["audit", "verify", "--db", str(office)]) == 1
    sign_in(monkeypatch, "shen", "Audit-2026x")
    assert main(["audit", "verify", "--db", str(office)]) == 0
