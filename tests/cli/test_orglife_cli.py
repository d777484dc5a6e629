"""`dangjian import meetings` and `dangjian export meetings`, in-process over SQLite and PostgreSQL:
a clerk's sheet with name lists for leave and absence, hostile cells (formula, unknown names,
attendance for a meeting to come, duplicates, an overlong topic) refused row by row with nothing
written, a dry run, an export that imports back as already registered."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from app.cli import main
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.orglife.rows import OrgMeetingQuery
from tests.io.kit.workbooks import write_xlsx
from tests.services.orglife.helpers import TODAY, roster

HEADER = ["序号", "党支部", "会议类型", "日期", "时间", "地点", "主持人", "主讲人", "主题", "会议记录", "会议决定",
          "请假人员", "缺席人员"]
DAY = TODAY - dt.timedelta(days=3)


@pytest.fixture
def ledger(db_path: Path) -> Path:
    s = Services.open(db_path, Actor("测试员"))
    roster(s)
    s.close()
    return db_path


def meetings(db: Path) -> list:
    s = Services.open(db, Actor("测试员"))
    try:
        return s.orglife.rows(s.orglife.search_ids(OrgMeetingQuery(descending=False)))
    finally:
        s.close()


def attendance(db: Path, meeting_id: int) -> dict[str, tuple[str, str]]:
    s = Services.open(db, Actor("测试员"))
    try:
        return {a.name: (a.status, a.reason) for a in s.orglife.attendance(meeting_id)}
    finally:
        s.close()


def test_a_clerks_sheet_with_name_lists(ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "三会一课.xlsx", [HEADER,
        [1, "第一网格党支部", "支部党员大会", DAY, "9:00", "社区会议室", "张建国", "", "学习党章", "记录", "",
         "李秀英（外出务工）", "王红梅"],
        [2, "第一网格党支部", "党课", DAY - dt.timedelta(days=1), "14:30", "", "", "李书记", "学习新党章", "",
         "", "", ""],
        [3, "第一网格党支部", "主题党日", TODAY + dt.timedelta(days=10), "", "", "", "", "植树", "", "", "", ""]])
    assert main(["import", "meetings", str(path), "--dry-run", "--db", str(ledger)]) == 0
    assert "可导入组织生活3次（出席情况4人次）" in capsys.readouterr().out and meetings(ledger) == []
    assert main(["import", "meetings", str(path), "--db", str(ledger)]) == 0
    assert "新增组织生活3次" in capsys.readouterr().out
    got = meetings(ledger)
    assert [m.kind for m in got] == ["党课", "支部党员大会", "主题党日"]
    assert got[0].topic == "学习新党章" and got[0].expected == 0  # no attendance given: none recorded
    marks = attendance(ledger, got[1].id)
    assert marks["李秀英"] == ("请假", "外出务工") and marks["王红梅"] == ("缺席", "") and marks["赵志强"] == ("出席", "")

    s = Services.open(ledger, Actor("测试员"))
    s.orglife.update(got[0].id, replace(got[0].as_input(), topic="=cmd|' /C calc'!A0"))  # typed in the form
    s.close()
    out = tmp_path / "导出.xlsx"
    assert main(["export", "meetings", str(out), "--year", str(DAY.year), "--db", str(ledger)]) == 0
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    cells = [c.value for c in ws[2]] + [c.value for c in ws[3]]
    assert "李秀英（外出务工）" in cells and "=cmd|' /C calc'!A0" in cells
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)  # no cell is a formula
    capsys.readouterr()
    assert main(["import", "meetings", str(out), "--db", str(ledger)]) == 0
    assert "已登记跳过" in capsys.readouterr().out and len(meetings(ledger)) == 3


def test_hostile_rows_refuse_the_whole_file(ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "坏表.xlsx", [HEADER,
        [1, "第一网格党支部", "支部党员大会", DAY, "9:00", "", "", "", "学习", "", "", "", "孙悟空"],
        [2, "第一网格党支部", "主题党日", TODAY + dt.timedelta(days=5), "", "", "", "", "植树", "", "", "", "王红梅"],
        [3, "第一网格党支部", "党课", DAY, "", "", "", "", "=cmd|' /C calc'!A0", "", "", "", ""],
        [4, "不存在的支部", "党课", DAY, "", "", "", "", "学习", "", "", "", ""],
        [5, "第一网格党支部", "党课", DAY, "", "", "", "", "学" * 101, "", "", "", ""],
        [6, "第一网格党支部", "支部委员会", DAY, "9:00", "", "", "", "", "", "", "", ""],
        [7, "第一网格党支部", "支部委员会", DAY, "9:00", "", "", "", "", "", "", "", ""]])
    assert main(["import", "meetings", str(path), "--db", str(ledger)]) == 1
    out = capsys.readouterr().out
    for line in ("第2行 缺席人员: “孙悟空”不在该组织的党员名册上", "第3行 出席人员: 会议还没有召开", "第4行 主题: 单元格是公式",
                 "第5行 党组织: “不存在的支部”在组织架构中不存在", "第6行 主题", "第8行 日期: 与第7行是同一次会议"):
        assert line in out, line
    assert "没有导入任何内容" in out and meetings(ledger) == []
    assert main(["import", "meetings", str(path), "--skip-invalid", "--db", str(ledger)]) == 0
    assert len(meetings(ledger)) == 1


def test_a_bad_year_and_a_missing_column(ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "meetings", str(tmp_path / "x.xlsx"), "--year", "二〇二六", "--db", str(ledger)]) == 2
    assert "年份“二〇二六”不对" in capsys.readouterr().err and not (tmp_path / "x.xlsx").exists()
    path = write_xlsx(tmp_path / "缺列.xlsx", [["序号", "党支部", "日期", "主题"], [1, "第一网格党支部", DAY, "学习"]])
    assert main(["import", "meetings", str(path), "--db", str(ledger)]) != 0
    assert "会议类型" in capsys.readouterr().err + capsys.readouterr().out
