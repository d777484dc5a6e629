"""`dangjian import units`, `dangjian export units|unit-template|agreements`, run in-process."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.cli import main
from app.services.cobuild.unit_query import UnitQuery
from app.services.container import Services
from app.services.kit.base import Actor
from tests.io.cobuild.sheets import STREET_HEADER, make_office, street_row
from tests.io.kit.workbooks import write_xlsx


@pytest.fixture
def office_db(db_path: Path) -> Path:
    s = Services.open(db_path, Actor("测试员"))
    make_office(s)
    s.close()
    return db_path


def unit_count(db: Path) -> int:
    s = Services.open(db, Actor("测试员"))
    try:
        return s.units.count(UnitQuery(status="全部"))
    finally:
        s.close()


def messy(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "名单.xlsx", [
        STREET_HEADER, street_row(1), street_row(2, 统一社会信用代码="91350100M000100Y44", 联系电话="12345"),
        street_row(3, 所在社区="火星社区"),
    ])


def test_problems_write_nothing_and_are_listed_row_by_row(office_db: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "units", str(messy(tmp_path)), "--db", str(office_db)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in out if line.startswith("第") and ": " in line] == [
        "第3行 统一社会信用代码", "第3行 联系电话", "第4行 所在社区"]
    assert "没有导入任何内容" in out[-1] and unit_count(office_db) == 0


def test_dry_run_and_skip_invalid(office_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = messy(tmp_path)
    assert main(["import", "units", str(path), "--dry-run", "--skip-invalid", "--db", str(office_db)]) == 0
    assert "试运行" in capsys.readouterr().out and unit_count(office_db) == 0
    assert main(["import", "units", str(path), "--skip-invalid", "--db", str(office_db)]) == 0
    assert "新增驻区单位1个" in capsys.readouterr().out and unit_count(office_db) == 1


def test_a_file_without_communities_goes_to_the_org_named(office_db: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "工商.xlsx", [["企业名称", "企业类型"], ["老王面馆", "个体工商户"]])
    assert main(["import", "units", str(path), "--org", "东湖社区党委", "--db", str(office_db)]) == 0
    assert main(["import", "units", str(path), "--org", "无此社区", "--db", str(office_db)]) == 1
    assert "找不到名为“无此社区”的党组织" in capsys.readouterr().err
    assert main(["import", "units", str(tmp_path / "无.xlsx"), "--db", str(office_db)]) == 1


def test_export_units_agreements_and_template(office_db: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "名单.xlsx", [STREET_HEADER, street_row(1), street_row(2)])
    assert main(["import", "units", str(path), "--db", str(office_db)]) == 0
    out = tmp_path / "导出.xlsx"
    assert main(["export", "units", str(out), "--db", str(office_db)]) == 0
    assert "已导出驻区单位2个" in capsys.readouterr().out
    assert openpyxl.load_workbook(out).active.max_row == 3
    assert main(["export", "agreements", str(tmp_path / "协议.csv"), "--status", "生效", "--db", str(office_db)]) == 0
    assert "已导出共建协议0份" in capsys.readouterr().out
    assert main(["export", "unit-template", str(tmp_path / "模板.xlsx")]) == 0
    assert main(["export", "units", str(tmp_path / "x.txt"), "--db", str(office_db)]) == 1
    assert "只能导出为 .xlsx 或 .csv" in capsys.readouterr().err


def test_the_member_commands_still_answer_under_the_shared_verbs(tmp_path: Path) -> None:
    assert main(["export", "template", str(tmp_path / "党员模板.xlsx")]) == 0
    assert main(["import", "cats", "x.xlsx"]) == 2  # an unknown subject: the usage, in Chinese
