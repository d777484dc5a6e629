"""`dangjian import members` and `dangjian export members|template`, run in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.members.query import MemberQuery
from tests.io.kit.workbooks import write_xlsx
from tests.io.members.roster import HEADER, id_for, make_office, member_row


@pytest.fixture
def office_db(db_path: Path) -> Path:
    s = Services.open(db_path, Actor("测试员"))
    make_office(s)
    s.close()
    return db_path


def roster_count(db: Path) -> int:
    s = Services.open(db, Actor("测试员"))
    try:
        return s.members.count(MemberQuery(include_left=True))
    finally:
        s.close()


def messy_file(tmp_path: Path) -> Path:
    bad_id = id_for(3)[:17] + ("1" if id_for(3)[17] == "0" else "0")
    return write_xlsx(tmp_path / "名册.xlsx", [
        ["和平社区党员名册"], HEADER,
        member_row(1), member_row(2),
        member_row(3, **{"公民身份号码": bad_id, "联系电话": "12345"}),
        member_row(4, org="第九党支部"),
    ], merges=["A1:H1"])


def test_a_file_with_problems_writes_nothing_and_lists_every_problem(
    office_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    path = messy_file(tmp_path)
    assert main(["import", "members", str(path), "--db", str(office_db)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in out if line.startswith("第") and ": " in line] == [
        "第5行 公民身份号码", "第5行 联系电话", "第6行 所在党组织",
    ]
    assert "没有导入任何内容" in out[-1]
    assert roster_count(office_db) == 0


def test_skip_invalid_writes_the_good_rows(office_db: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = messy_file(tmp_path)
    assert main(["import", "members", str(path), "--skip-invalid", "--db", str(office_db)]) == 0
    out = capsys.readouterr().out
    assert "第5行 公民身份号码: " in out and "新增党员2名" in out and "未导入2行" in out
    assert roster_count(office_db) == 2


def test_create_orgs_with_skip_invalid(office_db: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = messy_file(tmp_path)
    assert main(["import", "members", str(path), "--skip-invalid", "--create-orgs",
                 "--db", str(office_db)]) == 0
    out = capsys.readouterr().out
    assert "已新建党组织：第九党支部" in out and "新增党员3名" in out
    assert roster_count(office_db) == 3


def test_dry_run_writes_nothing(office_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, member_row(1), member_row(2)])
    assert main(["import", "members", str(path), "--dry-run", "--db", str(office_db)]) == 0
    out = capsys.readouterr().out
    assert "新增党员 2 名" in out and "试运行" in out
    assert roster_count(office_db) == 0
    assert main(["import", "members", str(path), "--db", str(office_db)]) == 0
    assert roster_count(office_db) == 2


def test_unreadable_file_is_an_error_message(office_db: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "members", str(tmp_path / "无此文件.xlsx"), "--db", str(office_db)]) == 1
    assert "找不到文件" in capsys.readouterr().err


def test_export_then_import_round_trip(office_db: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    source = write_xlsx(tmp_path / "a.xlsx", [HEADER, member_row(1), member_row(2, org="第二党支部")])
    assert main(["import", "members", str(source), "--db", str(office_db)]) == 0
    out = tmp_path / "导出.xlsx"
    assert main(["export", "members", str(out), "--show-sensitive", "--db", str(office_db)]) == 0
    assert "已导出党员2名" in capsys.readouterr().out
    assert main(["import", "members", str(out), "--db", str(office_db)]) == 0
    assert "新增党员0名，更新0名，无变化2名" in capsys.readouterr().out
    masked = tmp_path / "第二党支部.csv"
    assert main(["export", "members", str(masked), "--org", "第二党支部", "--db", str(office_db)]) == 0
    assert "已导出党员1名" in capsys.readouterr().out and "370***********" in masked.read_text("utf-8-sig")
    assert main(["export", "members", str(masked), "--org", "无此支部", "--db", str(office_db)]) == 1
    assert "找不到名为“无此支部”的党组织" in capsys.readouterr().err


def test_export_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "模板.xlsx"
    assert main(["export", "template", str(path)]) == 0
    assert path.exists() and "已保存导入模板" in capsys.readouterr().out
