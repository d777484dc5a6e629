"""`dangjian import sites|visits FILE`, `dangjian export sites|visits FILE`, run in-process, with
the hostile files offices send: formulas, overlong text, negative areas, impossible dates,
communities that do not exist, the same row twice."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from app.cli import main
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.sites.rows import SitesQuery
from tests.io.cobuild.sheets import make_office
from tests.io.kit.workbooks import write_csv, write_xlsx

SITE_HEADER = ["序号", "阵地名称", "阵地类型", "所在社区", "地址", "面积（平方米）", "启用日期", "标准化建设年份"]
VISIT_HEADER = ["走访人", "身份", "社区", "网格", "走访户", "走访日期", "反映事项", "跟进事项", "办理期限"]
TODAY = dt.date.today()


@pytest.fixture
def office_db(db_path: Path) -> Path:
    s = Services.open(db_path, Actor("测试员"))
    make_office(s)
    s.close()
    return db_path


def opened(db: Path) -> Services:
    return Services.open(db, Actor("测试员"))


def counts(db: Path) -> tuple[int, int]:
    s = opened(db)
    try:
        return s.sites.count(SitesQuery()), s.grid_visits.count(SitesQuery())
    finally:
        s.close()


def problem_lines(out: str) -> list[str]:
    return [line.split(":")[0] for line in out.splitlines() if line.startswith("第") and ": " in line]


def test_hostile_sites_are_refused_row_by_row_and_nothing_written(office_db: Path, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "阵地.xlsx", [
        SITE_HEADER,
        [1, "和平社区党群服务中心", "党群服务中心", "和平社区党委", "和平路1号", "320.5", "2020-07-01", 2023],
        [2, "活动室", "活动场所", "和平社区党委", "", "-20", "2021-01-01", None],
        [3, "长" * 61, "活动场所", "和平社区党委", "", "10", None, None],
        [4, "书屋", "书屋", "火星社区", "", "10", "2021-02-30", None],
        [5, "和平社区党群服务中心", "党群服务中心", "和平社区党委", "", "10", None, None],
        [6, "明日之家", "活动场所", "和平社区党委", "", "10.123", (TODAY + dt.timedelta(days=9)).isoformat(), 1800],
    ])
    assert main(["import", "sites", str(path), "--db", str(office_db)]) == 1
    out = capsys.readouterr().out
    assert problem_lines(out) == [
        "第3行 面积（平方米）", "第4行 阵地名称", "第5行 阵地类型", "第5行 启用日期", "第5行 所在社区",
        "第6行 阵地名称", "第7行 面积（平方米）", "第7行 标准化建设年份", "第7行 启用日期"]
    assert "不能为负数" in out and "过长" in out and "火星社区" in out and "与第2行是同一条阵地" in out
    assert "没有导入任何内容" in out and counts(office_db) == (0, 0)
    assert main(["import", "sites", str(path), "--skip-invalid", "--db", str(office_db)]) == 0
    assert "新增阵地1条" in capsys.readouterr().out and counts(office_db) == (1, 0)


def test_a_formula_stays_text_through_import_and_export(office_db: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    evil = "=cmd|' /C calc'!A0"
    path = write_csv(tmp_path / "阵地.csv", [SITE_HEADER, [1, evil, "活动场所", "东湖社区党委", "+1+1", "88", "", ""]])
    assert main(["import", "sites", str(path), "--db", str(office_db)]) == 0
    s = opened(office_db)
    row = s.sites.rows(s.sites.search_ids(SitesQuery()))[0]
    s.close()
    assert row.name == evil and row.address == "+1+1" and row.area == 8800
    out_csv, out_xlsx = tmp_path / "出.csv", tmp_path / "出.xlsx"
    assert main(["export", "sites", str(out_csv), "--db", str(office_db)]) == 0
    assert main(["export", "sites", str(out_xlsx), "--db", str(office_db)]) == 0
    with open(out_csv, encoding="utf-8-sig") as f:
        lines = list(csv.reader(f))
    assert lines[1][1] == "'" + evil and "88.00" in lines[1]
    cell = openpyxl.load_workbook(out_xlsx).active.cell(row=2, column=2)
    assert cell.value == evil and cell.data_type == "s"
    # the program's own export imports back unchanged: the same site, neither doubled nor rewritten
    assert main(["import", "sites", str(out_xlsx), "--db", str(office_db)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "新增阵地 0 条，更新 0 条，无变化 1 条" in "\n".join(out)
    assert "新增阵地0条，更新0条" in out[-1] and counts(office_db) == (1, 0)


def test_visits_import_export_and_template(office_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "走访.xlsx", [
        VISIT_HEADER,
        ["李秀兰", "社区干部", "和平社区党委", "第一网格", "3号楼2单元501", "2026-03-01", "灯坏", "报修", "2026-03-08"],
        ["张伟", "党员中心户", "", "", "5号楼", "2026年3月5日", "", "", ""],
        ["王五", "路人", "和平社区党委", "", "6号楼", "2026-03-05", "", "", ""],
        ["赵六", "", "和平社区党委", "", "7号楼", "2026-03-05", "", "", "2026-03-09"],
        ["", "", "和平社区党委", "", "8号楼", "2026-03-32", "", "", ""],
    ])
    assert main(["import", "visits", str(path), "--db", str(office_db)]) == 1
    out = capsys.readouterr().out
    assert problem_lines(out) == ["第4行 走访人身份", "第5行 跟进事项", "第6行 走访日期", "第6行 走访人"]
    assert main(["import", "visits", str(path), "--skip-invalid", "--db", str(office_db)]) == 0
    assert "新增走访记录2条" in capsys.readouterr().out and counts(office_db) == (0, 2)
    out_xlsx = tmp_path / "走访出.xlsx"
    assert main(["export", "visits", str(out_xlsx), "--org", "和平社区党委", "--db", str(office_db)]) == 0
    ws = openpyxl.load_workbook(out_xlsx).active
    header = [c.value for c in ws[1]]
    assert "跟进状态" in header and ws.max_row == 3
    states = {ws.cell(row=r, column=header.index("走访人") + 1).value:
              ws.cell(row=r, column=header.index("跟进状态") + 1).value for r in (2, 3)}
    assert states == {"李秀兰": "已逾期", "张伟": None}  # no follow-up: an empty cell
    template = tmp_path / "模板.xlsx"
    assert main(["export", "visits", str(template), "--template"]) == 0
    assert "*走访人" in [c.value for c in openpyxl.load_workbook(template).active[1]]


def test_a_file_without_the_required_columns_is_refused(office_db: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "坏.xlsx", [["阵地名称", "地址"], ["中心", "和平路"]])
    assert main(["import", "sites", str(path), "--db", str(office_db)]) == 1
    assert "阵地类型" in capsys.readouterr().err
    assert main(["import", "visits", str(tmp_path / "无此文件.xlsx"), "--db", str(office_db)]) == 1
