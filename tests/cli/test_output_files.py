"""Files the program writes: --out never lands on the database, its companions or the backup
folder; outputs are whole or not there; backup --to does not overwrite an unrelated file; a
killed export leaves no personal data in the shared temporary folder nor beside its target."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.cli import main, registry
from app.paths import backups_dir
from app.services.access.setup import init_office
from app.services.container import Services
from app.services.kit.base import Actor

ADMIN, PASSWORD = "wangfang", "dangwu2026"


@pytest.fixture(autouse=True)
def _signed_in(monkeypatch: pytest.MonkeyPatch) -> None:
    registry.load_commands()
    monkeypatch.setenv("DANGJIAN_USER", ADMIN)
    monkeypatch.setenv("DANGJIAN_PASSWORD", PASSWORD)


@pytest.fixture
def office(db_path: Path) -> Path:
    from app.domain.orgs.rules import OrgType
    from app.services.orgs.service import OrgInput
    from tests.services.members.helpers import member

    s = Services.open(db_path, Actor("测试员"))
    root = init_office(s, "和平社区党委", "社区党委", admin=(ADMIN, PASSWORD))
    branch = s.orgs.create(OrgInput(name="第一网格党支部", org_type=OrgType.GRID_BRANCH, parent_id=root.id))
    for name in ("张三丰", "李秀英", "王建国"):
        s.members.create(member(branch.id, name))
    s.close()
    return db_path


def the_database_is_whole(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["check", "--db", str(office)]) == 0
    assert capsys.readouterr().out.strip() == "ok"


def targets(office: Path) -> list[Path]:
    return [office, Path(f"{office}-wal"), Path(f"{office}-shm"), Path(f"{office}.lock"),
            backups_dir() / "x.pdf", backups_dir() / "ledger-123" / "y.xlsx"]


def commands(out: Path, office: Path) -> list[list[str]]:
    found = [["briefing", "--period", "2026", "--out", str(out)],
             ["export", "members", str(out.with_suffix(".xlsx") if out.suffix else out)],
             ["backup", "--to", str(out)]]
    if out.suffix == ".pdf":  # the audit sheet adds .pdf to any other name (see the test below)
        found.append(["audit", "sheet", "--out", str(out)])
    return found


@pytest.mark.sqlite_only  # about the database file and the files beside it
def test_out_at_the_database_its_companions_or_the_backup_folder_is_refused(
        office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (backups_dir() / "ledger-123").mkdir(parents=True)
    for target in targets(office):
        for command in commands(target, office):
            if command[0] == "export" and target.suffix not in (".xlsx", ""):
                command[2] = str(target)  # exactly the companion file, whatever its name
            assert main([*command, "--db", str(office)]) == 1, command
            err = capsys.readouterr().err
            assert err.startswith("错误：") and ("正在使用的数据库" in err or "自动备份文件夹" in err
                                                  or "数据库文件，不能" in err or "只能导出为" in err), (command, err)
            assert "Traceback" not in err
    the_database_is_whole(office, capsys)
    assert not [p for p in backups_dir().rglob("*") if p.suffix in (".pdf", ".xlsx")]


def test_the_audit_sheet_is_never_written_over_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    db = tmp_path / "台账.pdf"  # a database whose name ends like the sheet's
    s = Services.open(db, Actor("测试员"))
    init_office(s, "和平社区党委", "社区党委", admin=(ADMIN, PASSWORD))
    s.close()
    assert main(["audit", "sheet", "--out", str(db), "--db", str(db)]) == 1
    assert "正在使用的数据库" in capsys.readouterr().err
    assert main(["audit", "sheet", "--out", str(tmp_path / "ledger"), "--db", str(db)]) == 0
    assert (tmp_path / "ledger.pdf").read_bytes().startswith(b"%PDF")
    the_database_is_whole(db, capsys)


@pytest.mark.sqlite_only  # about the database file and the files beside it
def test_reprint_out_at_the_database_is_refused(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["briefing", "--period", "2026", "--out", str(office.parent / "a.pdf"), "--db", str(office)]) == 0
    assert main(["briefings", "--reprint", "1", "--out", str(office), "--db", str(office)]) == 1
    assert "正在使用的数据库" in capsys.readouterr().err
    assert office.read_bytes().startswith(b"SQLite format 3")
    the_database_is_whole(office, capsys)


def test_a_pdf_over_an_existing_one_on_a_full_disk_leaves_the_old_one(
        office: Path, tiny_disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tiny_disk / "汇报.pdf"
    target.write_bytes(b"%PDF-old")
    fd = os.open(tiny_disk / "filler", os.O_CREAT | os.O_WRONLY)
    try:  # fill the disk to the last block
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    assert main(["briefing", "--period", "2026", "--draft", "--out", str(target), "--db", str(office)]) == 1
    err = capsys.readouterr().err
    assert "磁盘空间不足" in err and "No space" not in err
    assert target.read_bytes() == b"%PDF-old"
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler", "汇报.pdf"]


def test_backup_to_an_unrelated_existing_file_needs_force(office: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    letter = tmp_path / "工作总结.db"
    letter.write_bytes(b"not a backup, an office's own file")
    assert main(["backup", "--to", str(letter), "--db", str(office)]) == 1
    err = capsys.readouterr().err
    assert "不是这个台账的备份" in err and "--force" in err
    assert letter.read_bytes() == b"not a backup, an office's own file"
    # The database's own earlier backup at that name is simply replaced.
    own = tmp_path / "U盘备份.db"
    assert main(["backup", "--to", str(own), "--db", str(office)]) == 0
    assert main(["backup", "--to", str(own), "--db", str(office)]) == 0
    # With --force the unrelated file goes.
    assert main(["backup", "--to", str(letter), "--force", "--db", str(office)]) == 0
    assert letter.read_bytes().startswith(b"SQLite format 3")


KILLED_EXPORT = textwrap.dedent("""
    import sys, time
    from app.services.container import Services
    from app.services.kit.base import Actor
    from app.services.members.query import MemberQuery
    from app.io.members.exporter import export_members

    services = Services.open(sys.argv[1], Actor("测试员"))
    seen = []

    def slow(done, total):
        seen.append(done)
        if len(seen) == 3:  # rows are being written: wait here to be killed
            print("writing", flush=True)
            time.sleep(120)
        return True

    export_members(services, MemberQuery(), sys.argv[2], show_sensitive=True, progress=slow)
""")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_killed_export_leaves_no_personal_data_behind(demo_services: Services, tmp_path: Path, suffix: str) -> None:
    db = demo_services.db.path or demo_services.db.engine.url.render_as_string(hide_password=False)
    demo_services.close()
    shared_tmp = tmp_path / "系统临时文件夹"
    shared_tmp.mkdir()
    out_dir = tmp_path / "导出"
    out_dir.mkdir()
    env = {**os.environ, "TMPDIR": str(shared_tmp), "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.Popen([sys.executable, "-c", KILLED_EXPORT, str(db), str(out_dir / f"名册{suffix}")],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "writing", child.stderr.read()
        assert list(shared_tmp.iterdir()) == []  # nothing of it in the shared temporary folder
        leftovers = list(out_dir.iterdir())
        assert leftovers and all(p.name.startswith(".dangjian-tmp-") for p in leftovers)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate()
    assert list(shared_tmp.iterdir()) == []
    # The next start removes what the killed export left beside its target.
    registry.load_commands()
    assert main(["check", "--db", str(db)]) in (0, 1)
    assert list(out_dir.iterdir()) == []
    from tests import ledger_sql

    assert ledger_sql.rows(db, "SELECT count(*) FROM audit_log WHERE action = '导出个人信息'") == [(0,)]


def test_a_write_still_under_way_in_another_program_is_left_alone(tmp_path: Path) -> None:
    from app.services.kit.files import replacing, sweep_unfinished

    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with replacing(tmp_path / "名册.csv") as tmp:
        tmp.write_text("姓名\n张三丰\n", encoding="utf-8")
        assert sweep_unfinished() == [] and tmp.exists()
    assert (tmp_path / "名册.csv").read_text(encoding="utf-8") == "姓名\n张三丰\n"
    assert [p.name for p in tmp_path.iterdir()] == ["名册.csv"]


@pytest.fixture
def tiny_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    mount = tmp_path / "usb"
    mount.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)
