"""导入、导出、导出余额表、保存导入模板 on the 收支明细 page, driven in pytest-qt over real services:
an office's ledger checked off the GUI thread and shown (第N行 …) before anything is written,
imported as drafts or posted; hostile files (not a spreadsheet, empty, missing columns, formulas,
amounts with three decimals or full-width digits) refused in Chinese with nothing written;
exports read back with openpyxl; a folder that does not exist; read-only roles; screenshots."""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QPushButton

import app.io.funds.ledger_io as ledger_io
from app.io.kit.progress import Cancelled
from app.services.container import Services
from app.services.funds.entry_query import EntryQuery
from app.services.kit.base import Actor
from app.ui.funds.tab import FundsTab
from app.ui.kit.changes import ChangeBus
from app.ui.kit.record_dialogs import StepDialog
from app.ui.kit.sheet_import import ImportCheckDialog
from tests.io.kit.workbooks import write_csv, write_xlsx
from tests.services.funds.helpers import Tree, entry

YEAR = dt.date.today().year
HEADER = ["日期", "凭证号", "摘要", "经费来源", "支出类别", "收入", "支出", "经办人"]
FORMULA = "=cmd|' /C calc'!A0"
pytestmark = pytest.mark.usefixtures("_pool_drained")


@pytest.fixture
def tab(qtbot, services: Services, tree: Tree) -> FundsTab:  # type: ignore[no-untyped-def]
    widget = FundsTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.resize(1366, 720)
    widget.show()
    return widget


def never(_dialog: ImportCheckDialog) -> None:
    raise AssertionError("the check dialog must not open for a file that was refused")


def office_ledger(tmp_path: Path) -> Path:
    """A CSV as an office saves its 现金日记账: a carried-forward line, good rows, a formula in a
    summary, an amount with three decimals, one in full-width digits."""
    return write_csv(tmp_path / "现金日记账.csv", [
        HEADER,
        [f"{YEAR}-01-01", "", "上年结转", "", "", "", "", ""],
        [f"{YEAR}-01-05", "1", "区财政拨付党建经费", "财政投入", "", "5,000.00", "", "李敏"],
        [f"{YEAR}-01-06", "2", "购买文具", "财政投入", "办公经费", "", "12.345", "李敏"],
        [f"{YEAR}-01-07", "3", "党群服务中心桌椅", "财政投入", "阵地建设", "", "１２００．５", "李敏"],
        [f"{YEAR}-01-08", "4", FORMULA, "财政投入", "办公经费", "", "10", "李敏"],
    ])


def test_an_office_ledger_is_checked_shown_and_posted(tab: FundsTab, services: Services, tree: Tree,
                                                      tmp_path: Path, shown_messages: list[str], answer,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[threading.Thread] = []
    real = ledger_io.preview_ledger

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(ledger_io, "preview_ledger", watched)
    looked: dict[str, object] = {}

    def steps(d: ImportCheckDialog) -> None:
        looked["summary"] = d.summary.text()
        looked["problems"] = d.problems.toPlainText()
        looked["enabled before"] = d.confirm_button.isEnabled()
        d.skip.setChecked(True)
        d.choose("post")
        d.grab().save("/tmp/ledger_import_check.png")
        d.confirm_button.click()

    shown = answer(steps)
    assert tab.ledger.import_file(office_ledger(tmp_path)) == 3
    assert threads and threads[0] is not threading.main_thread()  # the file is read in the background
    assert len(shown) == 1
    assert "可导入收支3笔，有问题1行，跳过结转/合计行1行" in str(looked["summary"])
    assert "导入到“和平社区党委”的账上" in str(looked["summary"])
    assert "注意" not in str(looked["summary"])  # the income comes first: no source goes below zero
    assert looked["problems"] == "第4行 支出“12.345”最多只能有两位小数（精确到分），请核对"
    assert looked["enabled before"] is False  # skipping the bad row is the user's decision
    rows = services.ledger.rows(services.ledger.search_ids(EntryQuery(sort="entry_date")))
    assert [(r.summary, r.amount, r.status, r.voucher_no, r.org_id) for r in rows] == [
        ("区财政拨付党建经费", 500000, "已记账", 1, tree.community),
        ("党群服务中心桌椅", 120050, "已记账", 2, tree.community),
        (FORMULA, 1000, "已记账", 3, tree.community),  # kept as text, never run
    ]
    assert "原凭证号3" in rows[1].remarks
    assert any("导入完成：3笔收支已导入到“和平社区党委”的账上" in m and "已记账" in m for m in shown_messages)
    assert tab.ledger.model.rowCount() == 3 and tab.ledger.count_label.text() == "共 3 笔"
    assert "财政投入 3,789.50元" in tab.balances.text()  # the tab heard of the change


def test_last_years_ledger_is_imported_as_drafts_by_default(tab: FundsTab, services: Services, tmp_path: Path,
                                                             shown_messages: list[str], answer) -> None:
    good = write_xlsx(tmp_path / "账.xlsx", [HEADER, [dt.date(YEAR - 1, 2, 1), "记-9", "购买茶叶", "财政投入",
                                                    "办公经费", None, "88.8", "王芳"]])
    looked: list[str] = []

    def steps(d: ImportCheckDialog) -> None:
        looked.append(d.summary.text())
        d.confirm_button.click()

    shown = answer(steps)
    assert tab.ledger.year_box.currentData() == YEAR
    assert tab.ledger.import_file(good) == 1
    # Nothing was ever put into 财政投入: posting the expense at once would take it below zero.
    assert "注意：如选择“导入并记账”" in looked[0] and "“财政投入”现有余额0.00元，记账后将为-88.80元" in looked[0]
    assert shown[0].choice() == "draft" and not shown[0].skip.isVisibleTo(shown[0])
    rows = services.ledger.rows(services.ledger.search_ids(EntryQuery()))
    assert [(r.summary, r.amount, r.status) for r in rows] == [("购买茶叶", 8880, "草稿")]
    assert any(f"（{YEAR - 1}年），现为草稿" in m and "记账" in m for m in shown_messages)
    assert tab.ledger.year_box.currentData() == YEAR - 1 and tab.ledger.model.rowCount() == 1  # shown at once


def test_cancelling_the_check_of_a_big_file(tab: FundsTab, services: Services, tmp_path: Path,
                                            shown_messages: list[str], answer,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    stopped = threading.Event()

    def slow(_services, _path, _org, *, progress):  # type: ignore[no-untyped-def]
        while progress(0, 100000):  # until the clerk presses 取消
            threading.Event().wait(0.005)
        stopped.set()
        raise Cancelled()

    def press_cancel() -> None:
        boxes = [b for b in tab.ledger.findChildren(QProgressDialog) if b.isVisible()]
        if not boxes or boxes[-1].maximum() != 100000:
            QTimer.singleShot(10, press_cancel)
            return
        assert boxes[-1].windowTitle() == "请稍候" and "正在读取并检查" in boxes[-1].labelText()
        next(b for b in boxes[-1].findChildren(QPushButton) if b.text() == "取消").click()

    monkeypatch.setattr(ledger_io, "preview_ledger", slow)
    answer(never)
    QTimer.singleShot(0, press_cancel)
    assert tab.ledger.import_file(office_ledger(tmp_path)) is None
    assert stopped.wait(5) and shown_messages == [] and services.ledger.count(EntryQuery()) == 0


def test_cancelling_the_check_writes_nothing(tab: FundsTab, services: Services, tmp_path: Path,
                                             shown_messages: list[str], answer) -> None:
    def steps(d: ImportCheckDialog) -> None:
        d.skip.setChecked(True)
        d.buttons.rejected.emit()

    answer(steps)
    assert tab.ledger.import_file(office_ledger(tmp_path)) is None
    assert services.ledger.count(EntryQuery()) == 0 and shown_messages == []


def test_a_write_refused_at_the_last_moment_leaves_nothing_half_written(tab: FundsTab, services: Services,
                                                                         tree: Tree, tmp_path: Path,
                                                                         shown_messages: list[str], answer) -> None:
    path = write_xlsx(tmp_path / "两年.xlsx", [
        HEADER,
        [dt.date(YEAR, 1, 5), "1", "今年的拨款", "财政投入", None, "100", None, ""],
        [dt.date(YEAR - 1, 12, 5), "2", "上年的拨款", "财政投入", None, "100", None, ""],
    ])
    looked: dict[str, object] = {}

    def steps(d: ImportCheckDialog) -> None:
        services.closings.close(tree.community, YEAR - 1)  # another clerk closes last year meanwhile
        d.choose("post")
        d.confirm_button.click()
        looked.update(open=d.isVisible(), result=d.result())
        d.reject()

    answer(steps)
    assert tab.ledger.import_file(path) is None
    assert looked == {"open": True, "result": 0}  # the refusal is shown and the dialog stays
    assert any("已结账" in m for m in shown_messages)
    assert services.ledger.count(EntryQuery()) == 0  # not even this year's row: one transaction


def _not_a_spreadsheet(tmp_path: Path) -> Path:
    path = tmp_path / "账.xlsx"
    path.write_bytes(os.urandom(4096))
    return path


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "空.csv"
    path.write_bytes(b"")
    return path


def _no_amount_columns(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "缺列.xlsx", [["日期", "摘要", "经费来源", "经办人"],
                                                [dt.date(YEAR, 1, 5), "购买文具", "财政投入", "李敏"]])


def _formula_cells(tmp_path: Path) -> Path:
    # openpyxl writes "=…" as a formula with no saved result: refused, never run
    return write_xlsx(tmp_path / "公式.xlsx", [HEADER, [dt.date(YEAR, 1, 5), "1", "=HYPERLINK(\"x\")", "财政投入",
                                                       "办公经费", None, "=1+1", ""]])


@pytest.mark.parametrize(("make", "words"), [
    (_not_a_spreadsheet, "文件已损坏或不是Excel文件"),
    (_empty, "找不到表头"),
    (_no_amount_columns, "缺少“收入或支出”列"),
])
def test_a_file_that_cannot_be_read_is_refused_in_chinese(tab: FundsTab, services: Services, tmp_path: Path,
                                                          shown_messages: list[str], answer, make, words: str) -> None:
    answer(never)
    assert tab.ledger.import_file(make(tmp_path)) is None
    assert len(shown_messages) == 1 and words in shown_messages[0]
    assert services.ledger.count(EntryQuery()) == 0


def test_rows_that_all_have_problems_cannot_be_imported(tab: FundsTab, services: Services, tmp_path: Path,
                                                        shown_messages: list[str], answer) -> None:
    bad = [[dt.date(YEAR, 1, 5), str(n), f"第{n}笔", "彩票公益金", "办公经费", None, "10", ""] for n in range(25)]
    path = write_xlsx(tmp_path / "全错.xlsx", [HEADER, *bad, [dt.date(YEAR, 1, 5), "x", "=HYPERLINK(\"x\")",
                                                             "财政投入", "办公经费", None, "1", ""]])
    looked: dict[str, object] = {}

    def steps(d: ImportCheckDialog) -> None:
        looked.update(lines=d.problems.toPlainText().splitlines(), enabled=d.confirm_button.isEnabled(),
                      nothing=d.nothing.isVisibleTo(d), skip=d.skip.isVisibleTo(d), choices=d.choice_buttons)
        d.confirm()  # pressing Enter does nothing either
        d.buttons.rejected.emit()

    answer(steps)
    assert tab.ledger.import_file(path) is None
    lines = looked["lines"]
    assert isinstance(lines, list) and len(lines) == 21
    assert lines[0].startswith("第2行 ") and "彩票公益金" in lines[0] and lines[19].startswith("第21行 ")
    assert lines[20] == "……另有6行有问题，未列出。请改正后重新检查。"
    assert looked["enabled"] is False and looked["nothing"] is True and looked["skip"] is False
    assert looked["choices"] == {}  # no way of importing to choose when nothing can be
    assert services.ledger.count(EntryQuery()) == 0


def test_a_formula_cell_is_refused_with_its_row(tab: FundsTab, services: Services, tmp_path: Path,
                                                shown_messages: list[str], answer) -> None:
    looked: list[str] = []
    answer(lambda d: (looked.append(d.problems.toPlainText()), d.reject()))
    assert tab.ledger.import_file(_formula_cells(tmp_path)) is None
    assert looked and looked[0].startswith("第2行 ") and "公式" in looked[0]
    assert services.ledger.count(EntryQuery()) == 0


def test_the_scope_must_be_one_open_organisation(tab: FundsTab, services: Services, tree: Tree, tmp_path: Path,
                                                 shown_messages: list[str], answer) -> None:
    answer(never)
    tab.ledger.set_scope(None)
    assert tab.ledger.import_file(office_ledger(tmp_path)) is None
    assert shown_messages[-1] == "请先在左侧选择这本账所属的党组织，再导入。"
    services.orgs.close(tree.other_branch, dt.date.today(), "网格调整")
    tab.ledger.set_scope(tree.other_branch)
    assert tab.ledger.import_file(office_ledger(tmp_path)) is None
    assert "已撤销" in shown_messages[-1]
    assert services.ledger.count(EntryQuery()) == 0


def test_the_file_dialog_is_used_when_no_path_is_given(tab: FundsTab, services: Services, tmp_path: Path,
                                                       shown_messages: list[str], answer,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = office_ledger(tmp_path)
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (asked.append(a[3]), ("", ""))[1])
    assert tab.ledger.import_file() is None and "*.xlsx" in asked[0] and "*.csv" in asked[0]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    answer(lambda d: (d.skip.setChecked(True), d.confirm_button.click()))
    assert tab.ledger.import_file() == 3
    out = tmp_path / "导出"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "Excel 工作簿 (*.xlsx)"))
    assert tab.ledger.export_file() == out.with_suffix(".xlsx")  # the type's suffix is added


def test_the_export_reads_back(tab: FundsTab, services: Services, tree: Tree, tmp_path: Path,
                               shown_messages: list[str]) -> None:
    services.ledger.add_posted([
        entry(tree.community, "5000", direction="收入", on=dt.date(YEAR, 1, 2), summary="区财政拨款"),
        entry(tree.branch_a, "1409.50", on=dt.date(YEAR, 3, 2), summary=FORMULA),
        entry(tree.community, "300", on=dt.date(YEAR - 1, 6, 1), summary="上年购买文具"),
    ])
    services.ledger.create(entry(tree.other_community, "1", on=dt.date(YEAR, 3, 3), summary="别的社区"))
    tab.ledger.apply()
    written = tab.ledger.export_file(tmp_path / "明细.xlsx")
    assert written == tmp_path / "明细.xlsx"
    sheet = openpyxl.load_workbook(written).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert sheet.title == f"{YEAR}年收支明细"
    assert rows[0][:8] == ["序号", "凭证号", "日期", "摘要", "经费来源", "支出类别", "收入", "支出"]
    assert [(r[3], r[6], r[7]) for r in rows[1:]] == [("区财政拨款", 5000, None), (FORMULA, None, 1409.5)]
    assert sheet.cell(row=3, column=4).data_type == "s"  # the summary stays text, never a formula
    assert shown_messages[-1].startswith(f"已导出{YEAR}年收支2笔到：")
    csv_text = tab.ledger.export_file(tmp_path / "明细.csv").read_text("utf-8-sig")
    assert ",'=cmd|' /C calc'!A0," in csv_text  # quoted so that a spreadsheet shows it as text
    tab.ledger.year_box.setCurrentIndex(0)  # 全部年度
    again = openpyxl.load_workbook(tab.ledger.export_file(tmp_path / "全部.xlsx")).active
    assert again.max_row == 4 and shown_messages[-1].startswith("已导出全部年度收支3笔")
    tab.ledger.direction_box.setCurrentIndex(tab.ledger.direction_box.findData("支出"))
    tab.ledger.search.setText("上年")
    tab.ledger.apply()
    narrowed = openpyxl.load_workbook(tab.ledger.export_file(tmp_path / "筛选.xlsx")).active
    assert [r[3].value for r in narrowed.iter_rows(min_row=2)] == ["上年购买文具"]  # what the list shows
    assert shown_messages[-1].startswith("已导出全部年度（按当前筛选）收支1笔")


def test_the_balances_at_a_date(tab: FundsTab, services: Services, tree: Tree, tmp_path: Path,
                                shown_messages: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    services.ledger.add_posted([entry(tree.community, "5000", direction="收入", on=dt.date(YEAR, 1, 2)),
                                entry(tree.community, "1200.50", on=dt.date(YEAR, 2, 2))])
    path = tab.ledger.export_balances(tmp_path / "余额.xlsx", on=dt.date(YEAR, 1, 31))
    assert path is not None
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(path).active.iter_rows()]
    assert rows[0] == ["序号", "经费来源", "累计收入", "累计支出", f"{YEAR}-01-31余额"]
    assert rows[1][1:] == ["财政投入", 5000, 0, 5000]
    asked: list[dt.date | None] = []

    def today(self: StepDialog) -> int:  # the clerk keeps the date offered: today
        asked.append(self.date.value())
        self.confirm()
        return int(self.result())

    monkeypatch.setattr(StepDialog, "exec", today)
    path = tab.ledger.export_balances(tmp_path / "今日余额.csv")
    assert asked == [dt.date.today()] and path is not None
    assert "财政投入,5000.00,1200.50,3799.50" in path.read_text("utf-8-sig")
    assert dt.date.today().isoformat() in shown_messages[-1]


@pytest.mark.parametrize("command", ["export_file", "export_balances", "save_template"])
def test_writing_to_a_folder_that_does_not_exist(tab: FundsTab, tmp_path: Path, shown_messages: list[str],
                                                 command: str) -> None:
    target = tmp_path / "没有这个文件夹" / "明细.xlsx"
    run = getattr(tab.ledger, command)
    assert (run(target, on=dt.date.today()) if command == "export_balances" else run(target)) is None
    assert len(shown_messages) == 1 and "不存在" in shown_messages[0] and "请换一个保存位置" in shown_messages[0]
    assert not target.parent.exists()


def test_the_template_imports_nothing_until_filled_in(tab: FundsTab, services: Services, tmp_path: Path,
                                                      shown_messages: list[str], answer) -> None:
    path = tab.ledger.save_template(tmp_path / "模板.xlsx")
    assert path is not None and "导入模板已保存到" in shown_messages[-1]
    wb = openpyxl.load_workbook(path)
    assert "经费台账" in wb.sheetnames and "*摘要" in [c.value for c in wb["经费台账"][1]]
    looked: list[bool] = []
    answer(lambda d: (looked.append(d.confirm_button.isEnabled()), d.reject()))
    assert tab.ledger.import_file(path) is None
    assert looked == [False] and services.ledger.count(EntryQuery()) == 0  # the example row is skipped


def test_a_viewer_may_export_but_not_import(qtbot, services: Services, tree: Tree) -> None:  # type: ignore[no-untyped-def]
    services.act_as(Actor("小李", role="查看"))
    widget = FundsTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.show()
    actions = widget.ledger.actions_
    assert not actions["importEntries"].isEnabled()
    assert all(actions[k].isEnabled() for k in ("exportEntries", "exportBalances", "ledgerTemplate"))


def test_the_toolbar_fits_a_small_screen(tab: FundsTab) -> None:
    toolbar = tab.ledger.toolbar
    assert [a.text() for a in toolbar.actions()][-4:] == ["导入", "导出", "导出余额表", "保存导入模板"]
    assert toolbar.sizeHint().width() <= toolbar.width()  # nothing hidden behind » at 1366 px
    tab.grab().save("/tmp/ledger_io_toolbar.png")
