"""Attacks on access through the command line: demo --force on real records, an emptied users
table, a viewer's import preview as an ID-number oracle, and one's own password."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main, registry
from app.services.access.setup import init_office
from app.services.container import Services
from app.services.kit.base import Actor
from tests import ledger_sql
from tests.services.members.helpers import member

ADMIN, ADMIN_PASSWORD = "wangfang", "dangwu2026"
WORKER, WORKER_PASSWORD = "lisi", "Spring-2026a"
VIEWER, VIEWER_PASSWORD = "zhaoliu", "Autumn-2026x"


@pytest.fixture(autouse=True)
def _commands(monkeypatch: pytest.MonkeyPatch) -> None:
    registry.load_commands()
    for var in ("DANGJIAN_USER", "DANGJIAN_PASSWORD", "DANGJIAN_NEW_PASSWORD"):
        monkeypatch.delenv(var, raising=False)


def sign_in(monkeypatch: pytest.MonkeyPatch, user: str, password: str) -> None:
    monkeypatch.setenv("DANGJIAN_USER", user)
    monkeypatch.setenv("DANGJIAN_PASSWORD", password)


@pytest.fixture
def office(db_path: Path) -> Path:
    """A real office: administrator, a worker and a viewer, and 3 members on record."""
    s = Services.open(db_path, Actor("测试员"))
    root = init_office(s, "和平社区党委", "社区党委", admin=(ADMIN, ADMIN_PASSWORD))
    s.act_as(s.auth.login(ADMIN, ADMIN_PASSWORD))
    s.auth.add_user(WORKER, "党务工作者", WORKER_PASSWORD)
    s.auth.add_user(VIEWER, "查看", VIEWER_PASSWORD)
    from app.domain.orgs.rules import OrgType
    from app.services.orgs.service import OrgInput

    branch = s.orgs.create(OrgInput(name="第一网格党支部", org_type=OrgType.GRID_BRANCH, parent_id=root.id))
    for name in ("张三丰", "李秀英", "王建国"):
        s.members.create(member(branch.id, name))
    s.close()
    return db_path


def counts(path: Path) -> tuple[int, int, int]:
    with ledger_sql.connect(path) as conn:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[return-value]
                     for t in ("users", "members", "organizations"))


def test_a_worker_running_demo_force_changes_nothing(office: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    before = counts(office)
    sign_in(monkeypatch, WORKER, WORKER_PASSWORD)
    assert main(["demo", "--force", "--members", "10", "--db", str(office)]) == 1
    assert "只有管理员才能生成演示数据" in capsys.readouterr().err
    assert counts(office) == before == (3, 3, 2)


def test_an_administrator_cannot_turn_real_records_into_the_demo(office: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    sign_in(monkeypatch, ADMIN, ADMIN_PASSWORD)
    assert main(["demo", "--force", "--members", "10", "--db", str(office)]) == 1
    err = capsys.readouterr().err
    assert "不是由“生成演示数据”建立的" in err and "加 --force 也不行" in err
    assert counts(office) == (3, 3, 2)


def test_demo_force_rebuilds_a_demo_database_and_it_never_runs_without_a_login(
        db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--members", "10", "--db", str(db_path)]) == 0
    sign_in(monkeypatch, "admin", "demo")
    assert main(["demo", "--force", "--members", "12", "--db", str(db_path)]) == 0
    capsys.readouterr()
    with ledger_sql.connect(db_path) as conn:
        assert conn.execute("SELECT username FROM users").fetchall() == [("admin",)]
        assert conn.execute("SELECT count(*) FROM members").fetchone()[0] == 12
    monkeypatch.delenv("DANGJIAN_USER")
    assert main(["backups", "--db", str(db_path)]) == 1
    assert "这个数据库需要登录" in capsys.readouterr().err


def empty_users_table(path: Path) -> None:
    with ledger_sql.connect(path) as conn:
        conn.execute("DELETE FROM users")


def test_emptying_the_users_table_outside_the_program_lets_nobody_in(
        office: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    empty_users_table(office)
    for command in (["export", "members", str(tmp_path / "x.csv")], ["backups"], ["user", "list"],
                    ["import", "members", str(tmp_path / "x.csv"), "--dry-run"]):
        assert main([*command, "--db", str(office)]) == 1
        err = capsys.readouterr().err
        assert "曾设有登录账户，但现在一个账户也没有" in err, command
    assert not (tmp_path / "x.csv").exists()
    # Nor is a first administrator made through the ordinary door.
    sign_in(monkeypatch, "mallory", "Quiet-Night-77")
    assert main(["init", "--org", "某社区党委", "--level", "社区党委", "--db", str(office)]) == 1
    assert "曾设有登录账户" in capsys.readouterr().err
    assert counts(office)[0] == 0


def test_check_reports_lost_accounts_and_recover_admin_is_recorded(
        office: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    empty_users_table(office)
    assert main(["check", "--db", str(office)]) == 1
    assert "登录账户已全部丢失" in capsys.readouterr().out
    monkeypatch.setenv("DANGJIAN_NEW_PASSWORD", "Quiet-Night-77")
    assert main(["user", "recover-admin", "wangfang2", "--db", str(office)]) == 0
    assert "已重建管理员账户 wangfang2" in capsys.readouterr().out
    sign_in(monkeypatch, "wangfang2", "Quiet-Night-77")
    assert main(["check", "--db", str(office)]) == 0
    with ledger_sql.connect(office) as conn:
        summary = conn.execute("SELECT summary FROM audit_log WHERE action = '重建管理员'").fetchone()[0]
    assert "账户表已被清空" in summary
    # Once the accounts are whole, recover-admin is refused.
    assert main(["user", "recover-admin", "mallory", "--db", str(office)]) == 1
    assert "无需重建" in capsys.readouterr().err


def test_emptying_users_and_the_mark_still_leaves_the_audit_trail_as_witness(
        office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with ledger_sql.connect(office) as conn:
        conn.execute("DELETE FROM users")
        conn.execute("DELETE FROM settings WHERE key = 'accounts_created'")
    assert main(["backups", "--db", str(office)]) == 1
    assert "曾设有登录账户" in capsys.readouterr().err


def test_a_viewer_may_not_preview_an_import_that_matches_id_numbers(
        office: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with ledger_sql.connect(office) as conn:
        number = conn.execute("SELECT id_number FROM members LIMIT 1").fetchone()[0]
    # The attack: candidate numbers built from the masked one; the preview would name the match.
    sheet = tmp_path / "guess.csv"
    lines = ["姓名,公民身份号码,性别,人员类别,所在党组织,入党日期,转为正式党员日期"]
    lines += [f"候选{i},{number[:-1]}{c},男,正式党员,第一网格党支部,2005-07-01,2006-07-01"
              for i, c in enumerate("0123456789X")]
    sheet.write_text("\n".join(lines), encoding="utf-8")
    sign_in(monkeypatch, VIEWER, VIEWER_PASSWORD)
    assert main(["import", "members", str(sheet), "--dry-run", "--db", str(office)]) == 1
    captured = capsys.readouterr()
    assert "不能查看完整的身份证号，因而也不能导入名册或预览导入" in captured.err
    assert "候选" not in captured.out + captured.err and number not in captured.out + captured.err
    # A worker, who sees the numbers anyway, may.
    sign_in(monkeypatch, WORKER, WORKER_PASSWORD)
    main(["import", "members", str(sheet), "--dry-run", "--db", str(office)])
    assert "更新 1 名" in capsys.readouterr().out


def test_an_administrator_changing_their_own_password_gives_the_old_one(
        office: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    sign_in(monkeypatch, ADMIN, ADMIN_PASSWORD)
    monkeypatch.setenv("DANGJIAN_NEW_PASSWORD", "Bright-Moon-58")
    # Typed in other letters' case, the name is still one's own: the old password is asked
    # (here DANGJIAN_PASSWORD, which is the right one).
    assert main(["user", "passwd", "WANGFANG", "--db", str(office)]) == 0
    sign_in(monkeypatch, ADMIN, "Bright-Moon-58")
    with ledger_sql.connect(office) as conn:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY id")]
    assert actions[-1] == "修改密码" and "重设密码" not in actions


def test_common_passwords_are_refused_at_the_command_line(
        office: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    sign_in(monkeypatch, ADMIN, ADMIN_PASSWORD)
    for weak in ("Passw0rd", "a1a1a1a1", "qwer1234", "woaini1314"):
        monkeypatch.setenv("DANGJIAN_NEW_PASSWORD", weak)
        assert main(["user", "add", "sunqi", "--role", "查看", "--db", str(office)]) == 1
        assert "这个密码太常见" in capsys.readouterr().err
    assert counts(office)[0] == 3
