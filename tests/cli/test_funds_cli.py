"""`dangjian dues calc|unpaid`, `voucher`, `import ledger|dues`, `export ledger|balances|dues`,
run in-process on both engines: an office's Excel ledger with hostile rows, exports that import
back, exit codes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from app.cli import main
from app.services.container import Services
from app.services.funds.entry_query import EntryQuery
from app.services.kit.base import Actor
from tests.io.kit.workbooks import write_xlsx
from tests.services.funds.helpers import build_tree, entry
from tests.services.members.helpers import member

HEADER = ["日期", "凭证号", "摘要", "经费来源", "支出类别", "收入", "支出", "经办人"]


@pytest.fixture
def office(db_path: Path) -> dict[str, int]:
    s = Services.open(db_path, Actor("测试员"))
    tree = build_tree(s)
    s.settings.set("office_org_id", tree.community)
    a = s.members.create(member(tree.branch_a, "王大海")).id
    s.members.create(member(tree.branch_a, "李小红"))
    s.dues.assess(a, 2026, "在职", "4000")
    s.dues.pay(a, dt.date(2026, 1, 1), dt.date(2026, 9, 1), paid_on=dt.date(2026, 9, 5))
    s.close()
    return {"community": tree.community, "member": a}


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


@pytest.mark.parametrize(("base", "out", "rc"), [("4000", "每月党费 40.00 元", 0), ("3000.01", "30.00", 0),
                                                 ("10000.01", "200.00", 0), ("12.345", "两位小数", 1),
                                                 ("-1", "负数", 1), ("1e5", "无法识别", 1)])
def test_dues_calc(capsys, base: str, out: str, rc: int) -> None:
    assert main(["dues", "calc", "--kind", "在职", "--base", base]) == rc
    captured = capsys.readouterr()
    assert out in captured.out + captured.err


def test_dues_unpaid_by_month_and_org(db_path: Path, office: dict[str, int], capsys) -> None:
    assert run(db_path, "dues", "unpaid", "--month", "2026-10", "--org", "第一网格党支部") == 0
    out = capsys.readouterr().out
    assert "2026年10月未交党费的党员：2名" in out and "王大海\t40.00元/月\t本年欠交1个月" in out
    assert "李小红\t未核定" in out
    assert run(db_path, "dues", "unpaid", "--month", "十月") == 1


def test_import_an_office_ledger_checks_every_row_first(db_path: Path, office: dict[str, int], tmp_path: Path,
                                                        capsys) -> None:
    bad = write_xlsx(tmp_path / "账.xlsx", [
        HEADER,
        ["2026-01-01", "", "上年结转", "", "", "", "", ""],
        ["2026-01-05", "1", "区财政拨款", "财政投入", "", "1,200.50", "", "李敏"],
        ["2026-01-06", "2", "购买文具", "财政投入", "办公经费", "", "12.345", "李敏"],
        ["2026-01-07", "3", "捐款", "彩票", "", "１００", "", ""],
        ["2026-01-08", "4", "两列都有", "财政投入", "办公经费", "5", "5", ""],
        ["2026-01-09", "5", "=HYPERLINK(\"x\")", "财政投入", "办公经费", "", "1", ""],
        ["2026-01-10", "6", "+买茶叶", "财政投入", "办公经费", "", "1200.5元", ""],
    ])
    assert run(db_path, "import", "ledger", str(bad)) == 1
    out = capsys.readouterr().out
    assert "第4行" in out and "两位小数" in out and "第5行" in out and "彩票" in out and "第6行" in out
    assert "第7行" in out  # a formula is refused, never run or stored
    s = Services.open(db_path, Actor("测试员"))
    assert s.ledger.count(EntryQuery()) == 0  # nothing half-written
    s.close()
    assert run(db_path, "import", "ledger", str(bad), "--skip-invalid", "--post") == 0
    s = Services.open(db_path, Actor("测试员"))
    rows = s.ledger.rows(s.ledger.search_ids(EntryQuery()))
    s.close()
    assert [(r.voucher_no, r.amount, r.status) for r in rows] == [(1, 120050, "已记账"), (2, 120050, "已记账")]
    assert rows[1].summary == "+买茶叶" and "原凭证号6" in rows[1].remarks


def test_exports_and_vouchers(db_path: Path, office: dict[str, int], tmp_path: Path, capsys) -> None:
    s = Services.open(db_path, Actor("测试员"))
    s.ledger.add_posted([entry(office["community"], "5000", direction="收入", on=dt.date(2026, 1, 2)),
                         entry(office["community"], "1409.50", on=dt.date(2026, 3, 2))])
    s.close()
    ledger = tmp_path / "明细.xlsx"
    assert run(db_path, "export", "ledger", str(ledger), "--year", "2026") == 0
    sheet = openpyxl.load_workbook(ledger).active
    assert [c.value for c in sheet[1]][:8] == ["序号", "凭证号", "日期", "摘要", "经费来源", "支出类别", "收入", "支出"]
    assert run(db_path, "import", "ledger", str(ledger), "--dry-run") == 0  # what it exports reads back
    assert "可导入收支2笔" in capsys.readouterr().out
    balances = tmp_path / "余额.csv"
    assert run(db_path, "export", "balances", str(balances), "--date", "2026-02-01") == 0
    assert "财政投入,5000.00,0.00,5000.00" in balances.read_text("utf-8-sig")
    assert run(db_path, "export", "balances", str(balances), "--date", "明天") == 1
    pdf = tmp_path / "凭证.pdf"
    assert run(db_path, "voucher", "--year", "2026", "--month", "3", "--out", str(pdf)) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert run(db_path, "voucher", "--year", "2026", "--out", str(tmp_path / "x.docx")) == 1
    dues = tmp_path / "党费.xlsx"
    assert run(db_path, "export", "dues", str(dues), "--year", "2026") == 0
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(dues).active.iter_rows()]
    wang = next(r for r in rows if r[1] == "王大海")
    assert wang[3:7] == ["在职", 4000, "1%", 40] and wang[7:10] == ["已交"] * 3 and wang[-1] == 9


def test_import_dues_by_id_number(db_path: Path, office: dict[str, int], tmp_path: Path, capsys) -> None:
    s = Services.open(db_path, Actor("测试员"))
    numbers = {m.name: m.id_number for m in s.members.rows(s.members.search_ids(__import__(
        "app.services.members.query", fromlist=["MemberQuery"]).MemberQuery()))}
    s.close()
    path = write_xlsx(tmp_path / "核定.xlsx", [
        ["姓名", "身份证号", "党费类别", "基数"],
        ["王大海", numbers["王大海"], "离退休", "5000.01"],
        ["李小红", numbers["李小红"], "学生", ""],
        ["外人", "11010519491231002X", "在职", "3000"],
        ["李小红", numbers["李小红"], "在职", "12.345"],
    ])
    assert run(db_path, "import", "dues", str(path), "--year", "2027") == 1
    out = capsys.readouterr().out
    assert "第4行" in out and "名册中没有" in out and "第5行" in out
    assert run(db_path, "import", "dues", str(path), "--year", "2027", "--skip-invalid") == 0
    s = Services.open(db_path, Actor("测试员"))
    got = s.dues.assessment(office["member"], 2027)
    s.close()
    assert got is not None and (got.kind, got.monthly) == ("离退休", 5000)


def test_posting_an_import_that_spends_more_than_the_source_holds_is_warned(db_path: Path, office: dict[str, int],
                                                                           tmp_path: Path, capsys) -> None:
    spend = write_xlsx(tmp_path / "支出.xlsx", [HEADER, ["2026-02-01", "1", "购买茶叶", "财政投入", "办公经费", "",
                                                      "88.8", "王芳"]])
    assert run(db_path, "import", "ledger", str(spend), "--post", "--dry-run") == 0
    assert "注意：“财政投入”现有余额0.00元，记账后将为-88.80元" in capsys.readouterr().out
    assert run(db_path, "import", "ledger", str(spend), "--dry-run") == 0  # as drafts nothing is spent yet
    assert "注意" not in capsys.readouterr().out
