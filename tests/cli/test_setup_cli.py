import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from tests import ledger_sql as sql


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=full_env, timeout=120)


ADMIN_PASSWORD = "Heping2026"


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DANGJIAN_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.delenv("DANGJIAN_USER", raising=False)


def test_init_creates_the_office_and_its_administrator(db_path: Path, capsys) -> None:
    assert main(["init", "--org", "和平社区党委", "--level", "社区党委", "--db", str(db_path), "--user", "liming"]) == 0
    assert "和平社区党委（社区党委），管理员：liming" in capsys.readouterr().out
    assert sql.rows(db_path, "SELECT username, role FROM users") == [("liming", "管理员")]
    # from now on the command line must sign in
    assert main(["check", "--db", str(db_path)]) == 1
    assert "需要登录" in capsys.readouterr().err
    assert main(["check", "--db", str(db_path), "--user", "liming"]) == 0
    assert sql.rows(db_path, "SELECT name, org_type FROM organizations") == [("和平社区党委", "社区党委")]
    # a second init on the same database is refused with a plain sentence
    assert main(["--db", str(db_path), "--user", "liming", "init", "--org", "别的党委", "--level", "社区党委"]) == 1
    assert "已经有数据" in capsys.readouterr().err


def test_init_refuses_an_unknown_level_or_a_weak_password(db_path: Path, capsys, monkeypatch) -> None:
    assert main(["init", "--org", "和平社区", "--level", "居委会", "--db", str(db_path)]) == 1
    assert "无法识别" in capsys.readouterr().err
    monkeypatch.setenv("DANGJIAN_PASSWORD", "123")
    assert main(["init", "--org", "和平社区党委", "--level", "社区党委", "--db", str(db_path)]) == 1
    assert "密码" in capsys.readouterr().err
    assert sql.rows(db_path, "SELECT count(*) FROM organizations") == [(0,)]
    assert sql.rows(db_path, "SELECT count(*) FROM users") == [(0,)]


def test_demo_builds_a_county_and_refuses_to_overwrite(db_path: Path, capsys, monkeypatch) -> None:
    assert main(["demo", "--db", str(db_path), "--members", "50"]) == 0
    monkeypatch.setenv("DANGJIAN_PASSWORD", "demo")
    monkeypatch.setenv("DANGJIAN_USER", "admin")
    out = capsys.readouterr().out
    assert "街道 2 个，社区 6 个" in out and "在册党员" in out and "admin" in out
    kinds = dict(sql.rows(db_path, "SELECT org_type, count(*) FROM organizations GROUP BY org_type"))
    assert kinds["街道党工委"] == 2 and kinds["社区党委"] + kinds["党总支"] == 6 and kinds["网格党支部"] >= 12
    assert main(["demo", "--db", str(db_path)]) == 1
    assert "--force" in capsys.readouterr().err
    assert main(["demo", "--db", str(db_path), "--force", "--members", "50"]) == 0
    assert sql.rows(db_path, "SELECT count(*) FROM organizations WHERE org_type='街道党工委'") == [(2,)]


def test_check_reports_ok_and_finds_tampering(db_path: Path, capsys, monkeypatch) -> None:
    assert main(["demo", "--db", str(db_path), "--members", "20"]) == 0
    monkeypatch.setenv("DANGJIAN_PASSWORD", "demo")
    monkeypatch.setenv("DANGJIAN_USER", "admin")
    assert main(["check", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.strip().endswith("ok")
    sql.execute(db_path, "UPDATE audit_log SET summary = '改过的记录' WHERE id = 3")
    assert main(["check", "--db", str(db_path)]) == 1
    assert "第3条记录" in capsys.readouterr().out


def test_default_database_lives_in_the_user_data_dir(capsys) -> None:
    from app.paths import default_db

    assert main(["init", "--org", "和平社区党委", "--level", "社区党委"]) == 0
    assert default_db().exists()
    assert str(default_db()) in capsys.readouterr().out


@pytest.mark.parametrize("demo", [False, True])
def test_self_test_on_empty_and_demo_database(db_path: Path, demo: bool) -> None:
    login = {}
    if demo:
        assert main(["demo", "--db", str(db_path), "--members", "50"]) == 0
        login = {"DANGJIAN_USER": "admin", "DANGJIAN_PASSWORD": "demo"}
    result = run_cli("--self-test", "--db", str(db_path), env=login)
    assert result.returncode == 0, result.stderr
    assert "self-test ok" in result.stdout and "组织" in result.stdout


def test_self_test_fails_with_a_wrong_password(db_path: Path) -> None:
    assert main(["demo", "--db", str(db_path), "--members", "20"]) == 0
    result = run_cli("--self-test", "--db", str(db_path), env={"DANGJIAN_USER": "admin", "DANGJIAN_PASSWORD": "wrong"})
    assert result.returncode != 0
    assert "用户名或密码不正确" in result.stderr


def test_python_dash_m_app_matches_the_command(db_path: Path) -> None:
    result = run_cli("check", "--db", str(db_path))
    assert result.returncode == 0 and result.stdout.strip() == "ok"
