"""Error cells, formulas without results and invisible characters in a roster someone hands over."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.io.kit.cells import NO_RESULT
from app.io.members.importer import MemberImporter
from app.services.container import Services
from tests.io.members.roster import HEADER, Office, make_office, member_row


@pytest.fixture
def office(services: Services) -> Office:
    return make_office(services)


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def test_na_in_the_id_column_is_named_as_an_excel_error(services: Services, office: Office, tmp_path: Path) -> None:
    bad = member_row(1)
    bad[HEADER.index("公民身份号码")] = "#N/A"  # openpyxl writes it as an error cell
    formula = member_row(2)
    formula[HEADER.index("加入党组织日期")] = "=DATE(1985,7,1)"  # saved without a result
    path = _xlsx(tmp_path / "a.xlsx", [HEADER, bad, formula, member_row(3)])
    p = MemberImporter(services).preview(path)
    assert [str(x) for x in p.problems(False)] == [
        "第2行 公民身份号码: 单元格是 Excel 错误值 #N/A",
        f"第3行 加入党组织日期: {NO_RESULT}",
    ]
    assert [r.row for r in p.adds] == [4]


def test_names_with_invisible_characters(services: Services, office: Office, tmp_path: Path) -> None:
    hidden = member_row(1, name="张\u200b三")
    only = member_row(2, name="\u200b\u202e")
    org = member_row(3, org="第一\u200d党支部")
    p = MemberImporter(services).preview(_xlsx(tmp_path / "a.xlsx", [HEADER, hidden, only, org]))
    assert [str(x) for x in p.problems(False)] == [
        "第3行 姓名: 姓名只含看不见的字符（零宽字符或文字方向控制符），请重新输入姓名"]
    assert [(r.title, r.data.org_id) for r in p.adds] == [("张三", office.first), ("党员3", office.first)]
