"""What `dangjian` says when it will not open a database: on a network share, or already open in
another program. The message must say why and what to do, and nothing may be written."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.cli import main, registry
from app.db.safety import location
from app.services.access.setup import init_office
from app.services.container import Services
from app.services.kit.base import Actor


@pytest.fixture(autouse=True)
def _commands(monkeypatch: pytest.MonkeyPatch) -> None:
    registry.load_commands()
    for var in ("DANGJIAN_USER", "DANGJIAN_PASSWORD"):
        monkeypatch.delenv(var, raising=False)


def mounted(monkeypatch: pytest.MonkeyPatch, point: Path, fstype: str) -> None:
    """/proc/mounts as it reads when ``point`` is a network mount."""
    text = (f"/dev/sda1 / ext4 rw,relatime 0 0\n"
            f"//fileserver/dangjian {str(point).replace(' ', chr(92) + '040')} {fstype} rw,relatime 0 0\n")
    monkeypatch.setattr(location, "_read_mounts", lambda: text)


@pytest.mark.parametrize("fstype", ["nfs4", "cifs"])
def test_a_database_on_a_network_mount_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], fstype: str,
) -> None:
    share = tmp_path / "共享 文件夹"
    share.mkdir()
    mounted(monkeypatch, share, fstype)
    db = share / "台账.db"
    assert main(["init", "--org", "和平社区党委", "--level", "社区党委", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：")
    assert f"网络文件系统（{fstype}，挂载于 {share}）" in err
    assert "文件锁不可靠" in err and "请把数据库放在本机硬盘上" in err and "备份" in err
    assert "Traceback" not in err
    assert list(share.iterdir()) == []  # no database, no lock file


def test_a_windows_network_path_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)  # where a misread name would be created
    unc = r"\\fileserver\dangjian\台账.db"
    assert main(["check", "--db", unc]) == 1
    err = capsys.readouterr().err
    assert f"数据库文件 {unc} 位于网络共享文件夹上" in err and "请把数据库放在本机硬盘上" in err
    assert list(tmp_path.iterdir()) == []


def test_a_database_with_a_chinese_file_name_opens_and_is_backed_up_before_migrating(tmp_path: Path) -> None:
    from app.db import migrate
    from app.db.engine import database_url, make_engine
    from app.services.container import Services

    path = tmp_path / "和平社区台账.db"
    engine = make_engine(database_url(path))
    cfg = migrate.alembic_config(engine)
    from alembic import command

    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    Services.open(path).close()
    assert list(tmp_path.glob("和平社区台账.before-upgrade-from-0001-*.db"))


HOLDER = textwrap.dedent("""
    import sys, time
    from app.services.container import Services
    services = Services.open(sys.argv[1])
    print("ready", flush=True)
    time.sleep(120)
""")


@pytest.mark.sqlite_only
def test_a_second_program_is_told_plainly(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    services = Services.open(db_path, Actor("测试员"))
    init_office(services, "和平社区党委", "社区党委")
    services.close()
    env = {**os.environ, "LANG": "C.UTF-8"}
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        assert main(["check", "--db", str(db_path)]) == 1
        err = capsys.readouterr().err
        assert err.startswith("错误：数据库已在另一个窗口")
        assert f"进程 {holder.pid}" in err and "请切换到已打开的那个窗口继续工作" in err
        assert "Traceback" not in err
    finally:
        holder.kill()
        holder.communicate()
    # the lock ends with the program that held it, even when it did not close properly
    assert main(["check", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.strip() == "ok"
