"""`dangjian export ledger-template FILE`: the blank ledger carries the headers `import ledger`
reads (required ones marked) and an example row it skips; a row typed under the example
imports; a file name that is not .xlsx is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from app.cli import main
from app.io.funds.ledger_io import IMPORT_FIELDS
from app.services.container import Services
from app.services.funds.entry_query import EntryQuery
from app.services.kit.base import Actor
from tests.services.funds.helpers import build_tree


@pytest.fixture
def office(db_path: Path) -> int:
    s = Services.open(db_path, Actor("测试员"))
    tree = build_tree(s)
    s.settings.set("office_org_id", tree.community)
    s.close()
    return tree.community


def test_the_template_reads_back_through_the_importer(db_path: Path, office: int, tmp_path: Path, capsys) -> None:
    path = tmp_path / "经费台账模板.xlsx"
    assert main(["export", "ledger-template", str(path)]) == 0
    assert "已保存导入模板" in capsys.readouterr().out
    wb = openpyxl.load_workbook(path)
    ws = wb["经费台账"]
    header = [c.value for c in ws[1]]
    assert header[0] == "序号" and header[1:] == [("*" if f.required else "") + f.label for f in IMPORT_FIELDS]
    assert {"*日期", "*摘要", "*经费来源", "支出类别", "收入", "支出", "凭证号"} <= set(header)
    assert ws.cell(row=2, column=1).value == "示例" and "填写说明" in wb.sheetnames
    assert main(["--db", str(db_path), "import", "ledger", str(path), "--dry-run"]) == 0
    assert "可导入收支0笔" in capsys.readouterr().out  # the example row is skipped
    col = {h.lstrip("*"): i for i, h in enumerate(header)}
    row = [None] * len(header)
    row[0] = 1
    row[col["日期"]] = dt.date(2026, 4, 1)
    row[col["摘要"]] = "上级拨付党建经费"
    row[col["经费来源"]] = "财政投入"
    row[col["收入"]] = "5,000.00"
    ws.append(row)
    wb.save(path)
    assert main(["--db", str(db_path), "import", "ledger", str(path)]) == 0
    s = Services.open(db_path, Actor("测试员"))
    try:
        rows = s.ledger.rows(s.ledger.search_ids(EntryQuery()))
        assert [(r.summary, r.direction, r.amount, r.status) for r in rows] == [("上级拨付党建经费", "收入", 500000, "草稿")]
    finally:
        s.close()


@pytest.mark.parametrize("name", ["模板.csv", "模板.txt", "模板"])
def test_a_template_must_be_xlsx(tmp_path: Path, capsys, name: str) -> None:
    assert main(["export", "ledger-template", str(tmp_path / name)]) == 1
    assert ".xlsx" in capsys.readouterr().err
    assert not (tmp_path / name).exists()
