"""导入核定 and 导出 on the 党费 tab, driven in pytest-qt over real services: a year's assessments
checked (第N行 …) and written on 确认导入 for the year shown, hostile files refused in Chinese with
nothing written, the year's dues exported for the organisation chosen and read back."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import openpyxl
import pytest

from app.services.container import Services
from app.services.kit.base import Actor
from app.ui.funds.dues_tab import DuesTab
from app.ui.kit.changes import ChangeBus
from app.ui.kit.sheet_import import ImportCheckDialog
from tests.io.kit.workbooks import write_csv
from tests.services.funds.helpers import Tree
from tests.services.members.helpers import member

TODAY = dt.date.today()
pytestmark = pytest.mark.usefixtures("_pool_drained")


@pytest.fixture
def people(services: Services, tree: Tree) -> dict[str, tuple[int, str]]:
    out = {}
    for org, name in ((tree.branch_a, "王大海"), (tree.branch_b, "李小红"), (tree.other_branch, "赵东湖")):
        row = services.members.create(member(org, name))
        out[name] = (row.id, row.id_number)
    return out


@pytest.fixture
def tab(qtbot, services: Services, tree: Tree, people) -> DuesTab:  # type: ignore[no-untyped-def]
    widget = DuesTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.resize(1366, 720)
    widget.show()
    return widget


def test_a_years_assessments_are_checked_then_written(tab: DuesTab, services: Services, people, tmp_path: Path,
                                                      shown_messages: list[str], answer) -> None:
    wang, li = people["王大海"], people["李小红"]
    path = write_csv(tmp_path / "核定.csv", [
        ["姓名", "身份证号", "党费类别", "基数"],
        ["王大海", wang[1], "在职", "１２００．５"],
        ["李小红", li[1], "离退休", "12.345"],
        ["外人", "11010519491231002X", "在职", "3000"],
        ["王大海", wang[1], "在职", "=cmd|' /C calc'!A0"],
    ])
    looked: dict[str, object] = {}

    def steps(d: ImportCheckDialog) -> None:
        looked.update(summary=d.summary.text(), lines=d.problems.toPlainText().splitlines())
        d.skip.setChecked(True)
        d.grab().save("/tmp/dues_import_check.png")
        d.confirm_button.click()

    answer(steps)
    assert tab.unpaid.import_file(path) == 1
    assert f"可核定党员1名，有问题3行\n核定{TODAY.year}年度党费" in str(looked["summary"])
    lines = looked["lines"]
    assert isinstance(lines, list) and [s.split(" ")[0] for s in lines] == ["第3行", "第4行", "第5行"]
    assert "两位小数" in lines[0] and "名册中没有" in lines[1]
    got = services.dues.assessment(wang[0], TODAY.year)
    assert got is not None and (got.kind, got.base, got.monthly) == ("在职", 120050, 600)
    assert services.dues.assessment(li[0], TODAY.year) is None
    assert any(f"核定{TODAY.year}年度党费1名" in m for m in shown_messages)
    assert "本月应交 6.00 元" in tab.unpaid.totals.text()  # the page shows the new amounts


@pytest.mark.parametrize(("content", "name", "words"), [
    (os.urandom(2048), "核定.xlsx", "不是Excel文件"),
    (b"", "核定.csv", "找不到表头"),
    ("姓名,党费类别\n王大海,在职\n".encode("utf-8-sig"), "核定.csv", "缺少“公民身份号码”列"),
])
def test_a_file_that_cannot_be_read_is_refused(tab: DuesTab, services: Services, people, tmp_path: Path,
                                               shown_messages: list[str], answer, content: bytes, name: str,
                                               words: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    shown = answer(lambda d: d.confirm_button.click())
    assert tab.unpaid.import_file(path) is None
    assert shown == [] and len(shown_messages) == 1 and words in shown_messages[0]
    assert services.dues.assessment(people["王大海"][0], TODAY.year) is None


def test_the_years_dues_are_exported_for_the_organisation_chosen(tab: DuesTab, services: Services, tree: Tree,
                                                                people, tmp_path: Path,
                                                                shown_messages: list[str]) -> None:
    wang = people["王大海"][0]
    services.dues.assess(wang, TODAY.year, "在职", "4000")
    services.dues.pay(wang, dt.date(TODAY.year, 1, 1), dt.date(TODAY.year, 3, 1), paid_on=dt.date(TODAY.year, 3, 5))
    written = tab.unpaid.export_file(tmp_path / "党费.xlsx")
    assert written is not None
    sheet = openpyxl.load_workbook(written).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert sheet.title == f"{TODAY.year}年党费" and rows[0][:7] == ["序号", "姓名", "所在支部", "党费类别", "党费基数",
                                                                     "费率", "每月党费"]
    assert sorted(r[1] for r in rows[1:]) == ["李小红", "王大海"]  # 东湖's member is not in this community
    row = next(r for r in rows if r[1] == "王大海")
    assert row[3:7] == ["在职", 4000, "1%", 40] and row[7:10] == ["已交"] * 3 and row[-1] == 3
    assert shown_messages[-1].startswith(f"已导出{TODAY.year}年度党员党费2名到：")
    assert tab.unpaid.export_file(tmp_path / "没有" / "党费.xlsx") is None
    assert "不存在" in shown_messages[-1]


def test_a_viewer_may_export_but_not_import(qtbot, services: Services, tree: Tree) -> None:  # type: ignore[no-untyped-def]
    services.act_as(Actor("小李", role="查看"))
    widget = DuesTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.show()
    actions = widget.unpaid.actions_
    assert not actions["importDues"].isEnabled() and actions["exportDues"].isEnabled()


def test_the_dues_tab_with_its_new_commands(tab: DuesTab) -> None:
    toolbar = tab.unpaid.toolbar
    assert [a.text() for a in toolbar.actions()][-2:] == ["导入核定", "导出"]
    assert toolbar.sizeHint().width() <= toolbar.width()
    tab.grab().save("/tmp/dues_io_tab.png")
