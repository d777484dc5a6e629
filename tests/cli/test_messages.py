"""No English reaches the user: argparse's words, operating-system errors, the csv module, a
table dropped outside the program, a full disk under the output; overlong input is cut."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main, registry
from app.domain.kit.errors import AppError, os_error_text
from app.services.access.setup import init_office
from app.services.container import Services
from app.services.kit.base import Actor
from tests import ledger_sql

ADMIN, PASSWORD = "wangfang", "dangwu2026"
# English a user could meet: argparse's words and Python's error texts.
# (Option names such as --skip-invalid are the command's own words, not English prose.)
ENGLISH = re.compile(r"(?<![-\w])(usage|options|arguments|invalid|expected)\b|error:|Errno|No space|Read-only|"
                     r"Is a directory|Traceback|Exception ignored|field larger|no such table|Permission denied")


@pytest.fixture(autouse=True)
def _signed_in(monkeypatch: pytest.MonkeyPatch) -> None:
    registry.load_commands()
    monkeypatch.setenv("DANGJIAN_USER", ADMIN)
    monkeypatch.setenv("DANGJIAN_PASSWORD", PASSWORD)


@pytest.fixture
def office(db_path: Path) -> Path:
    s = Services.open(db_path, Actor("测试员"))
    init_office(s, "和平社区党委", "社区党委", admin=(ADMIN, PASSWORD))
    s.close()
    return db_path


def no_english(text: str) -> None:
    found = ENGLISH.search(text)
    assert found is None, f"English reached the user: {found[0]!r} in {text!r}"


@pytest.mark.parametrize("argv", [
    ["frobnicate"],
    ["import"],
    ["demo", "--members", "abc"],
    ["check", "--bogus"],
    ["export", "things", "x.csv"],
    ["user", "add"],
    ["audit"],
    ["briefing", "--period"],
])
def test_a_wrong_command_line_is_answered_in_chinese(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "错误：" in err and "用法：" in err and "--help 查看用法" in err
    no_english(err)


@pytest.mark.parametrize("argv", [["--help"], ["import", "--help"], ["audit", "verify", "--help"], ["user", "-h"]])
def test_help_is_chinese(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：") and "显示帮助并退出" in out
    no_english(out)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EISDIR, errno.ENOENT, errno.EACCES, errno.EPERM,
                                  errno.EIO, errno.ENAMETOOLONG, errno.EBUSY, errno.ENOTDIR, errno.EINVAL, 12345])
def test_every_os_error_has_a_chinese_sentence(code: int) -> None:
    exc = OSError(code, os.strerror(code) if code != 12345 else "Something odd", "/home/u/名册.xlsx")
    text = os_error_text(exc)
    assert re.search(r"[\u4e00-\u9fff]", text) and text.endswith("。")
    assert os.strerror(code) not in text
    no_english(text)


def test_a_read_only_disk_is_said_in_chinese(office: Path, read_only_disk: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "members", str(read_only_disk / "名册.csv"), "--db", str(office)]) == 1
    err = capsys.readouterr().err
    assert "只读" in err
    no_english(err)


def test_a_full_disk_under_the_output_is_said_in_chinese_and_nothing_else(office: Path, tiny_disk: Path) -> None:
    fd = os.open(tiny_disk / "filler", os.O_CREAT | os.O_WRONLY)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "DANGJIAN_USER": ADMIN,
           "DANGJIAN_PASSWORD": PASSWORD, "LANG": "C.UTF-8"}
    for command in (["user", "list"], ["backups"], ["audit", "verify"]):
        with open(tiny_disk / "out.txt", "w") as out:
            done = subprocess.run([sys.executable, "-m", "app", *command, "--db", str(office)], stdout=out,
                                  stderr=subprocess.PIPE, text=True, env=env, timeout=120)
        assert done.returncode == 1, command
        assert "磁盘空间不足" in done.stderr, done.stderr
        no_english(done.stderr)


def test_an_overlong_csv_cell_is_said_in_chinese(office: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "名册.csv"
    sheet.write_text("姓名,公民身份号码\n\"" + "长" * 200_000 + "\",11010519491231002X\n", encoding="utf-8")
    assert main(["import", "members", str(sheet), "--dry-run", "--db", str(office)]) == 1
    err = capsys.readouterr().err
    assert "第2行有一个单元格超过131,072个字" in err and len(err) < 400
    no_english(err)


def test_a_table_dropped_outside_the_program_is_said_in_chinese(office: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    with ledger_sql.connect(office) as conn:
        conn.execute("DROP TABLE member_events")
        conn.execute("DROP TABLE members" + (" CASCADE" if "postgresql" in str(office) else ""))
    assert main(["export", "members", str(tmp_path / "名册.csv"), "--db", str(office)]) == 1
    err = capsys.readouterr().err
    assert "缺少本程序的数据表" in err
    no_english(err)


def test_overlong_input_is_cut_in_messages(office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    huge = "和" * 10_000_000
    assert main(["export", "members", str(tmp_path / "名册.csv"), "--org", huge, "--db", str(office)]) == 1
    err = capsys.readouterr().err
    assert "（共10000000字）" in err and len(err) < 300
    assert len(AppError(f"“{huge}”不存在").message) < 200


@pytest.fixture
def tiny_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    yield from _mounted(tmp_path / "usb", "size=256k")


@pytest.fixture
def read_only_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    yield from _mounted(tmp_path / "cdrom", "size=256k,ro")


def _mounted(mount: Path, options: str):  # type: ignore[no-untyped-def]
    mount.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)
