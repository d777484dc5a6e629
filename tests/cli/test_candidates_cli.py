"""`dangjian import candidates` and `dangjian export candidates`, in-process on SQLite and on a
server: a real list in, the stages read from its dates, hostile rows refused with their row
number, and the export safe to open in Excel."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.cli import main
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.orglife.candidates_rows import CandidateQuery
from tests.io.kit.workbooks import write_xlsx
from tests.services.orglife.candidate_helpers import TODAY, candidate_id_number, setup, years_ago

HEADER = ["序号", "姓名", "身份证号", "所在党支部", "申请入党日期", "确定积极分子日期", "确定发展对象日期", "手机",
          "入党介绍人"]


def _bad_check_digit() -> str:
    good = candidate_id_number()
    return good[:-1] + ("1" if good[-1] != "1" else "2")


@pytest.fixture
def ledger(db_path: Path) -> Path:
    s = Services.open(db_path, Actor("测试员"))
    setup(s)
    s.close()
    return db_path


def stored(db: Path) -> list:
    s = Services.open(db, Actor("测试员"))
    try:
        return s.candidates.rows(s.candidates.search_ids(CandidateQuery()))
    finally:
        s.close()


def test_a_list_imports_each_at_its_stage_and_exports_back(ledger: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    attack = "@SUM(1+1)"
    path = write_xlsx(tmp_path / "发展党员.xlsx", [HEADER,
        [1, "李明", candidate_id_number(), "第一网格党支部", years_ago(3), None, None, "13812345678", None],
        [2, "王芳", candidate_id_number(sex="女"), "第二网格党支部", years_ago(3), years_ago(2), None, None, None],
        [3, attack, candidate_id_number(), "第一网格党支部", years_ago(3), years_ago(2), years_ago(1), None, None]])
    assert main(["import", "candidates", str(path), "--dry-run", "--db", str(ledger)]) == 0
    assert "新增 3 名" in capsys.readouterr().out and stored(ledger) == []
    assert main(["import", "candidates", str(path), "--db", str(ledger)]) == 0
    assert "新增3名" in capsys.readouterr().out
    assert sorted((c.name, c.stage) for c in stored(ledger)) == sorted(
        [("李明", "入党申请人"), ("王芳", "入党积极分子"), ("@SUM(1+1)", "发展对象")])
    out = tmp_path / "导出.xlsx"
    assert main(["export", "candidates", str(out), "--db", str(ledger)]) == 0
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert "所处阶段" in header and "公民身份号码" in header
    cells = {ws.cell(row=r, column=header.index("姓名") + 1).value: ws.cell(row=r, column=header.index("姓名") + 1)
             for r in range(2, 5)}
    assert cells["@SUM(1+1)"].data_type == "s"  # text, not a formula
    csv = tmp_path / "导出.csv"
    assert main(["export", "candidates", str(csv), "--db", str(ledger)]) == 0
    assert "'@SUM(1+1)" in csv.read_text(encoding="utf-8-sig")  # quoted for CSV
    numbers = [ws.cell(row=r, column=header.index("公民身份号码") + 1).value for r in range(2, 5)]
    assert all("*" in n for n in numbers)  # masked unless asked for
    # the exported list imports back as updates, changing nothing
    assert main(["import", "candidates", str(out), "--dry-run", "--db", str(ledger)]) == 1
    assert "已遮蔽" in capsys.readouterr().out


@pytest.mark.parametrize(("cells", "reason"), [
    (["少年", candidate_id_number(born=years_ago(17)), "第一网格党支部", TODAY, None, None], "未满18周岁"),
    (["未来", candidate_id_number(), "第一网格党支部", years_ago(1), TODAY.replace(year=TODAY.year + 1), None],
     "晚于今天"),
    (["错号", _bad_check_digit(), "第一网格党支部", years_ago(1), None, None], "校验位"),
    (["无支部", candidate_id_number(), "不存在的支部", years_ago(1), None, None], "不存在"),
    (["跳级", candidate_id_number(), "第一网格党支部", years_ago(2), None, years_ago(1)], "依次办理"),
    (["", candidate_id_number(), "第一网格党支部", years_ago(1), None, None], "姓名"),
    (["=cmd|' /C calc'!A0", candidate_id_number(), "第一网格党支部", years_ago(1), None, None], "公式"),
])
def test_hostile_rows_are_refused_by_row_and_nothing_is_written(ledger: Path, tmp_path: Path, cells: list,
                                                                reason: str,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    good = [1, "李明", candidate_id_number(), "第一网格党支部", years_ago(3), None, None, None, None]
    path = write_xlsx(tmp_path / "名单.xlsx", [HEADER, good, [2, *cells, None, None]])
    assert main(["import", "candidates", str(path), "--db", str(ledger)]) == 1
    out = capsys.readouterr().out
    assert "第3行" in out and reason in out
    assert stored(ledger) == []


def test_an_introducer_column_on_a_new_row_is_refused(ledger: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "名单.xlsx", [HEADER, [1, "李明", candidate_id_number(), "第一网格党支部",
                                                      years_ago(3), years_ago(2), years_ago(1), None, "王建国"]])
    assert main(["import", "candidates", str(path), "--db", str(ledger)]) == 1
    assert "推进到下一阶段" in capsys.readouterr().out
