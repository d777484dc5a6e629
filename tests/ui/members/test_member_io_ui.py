import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtWidgets import QDialog

from app.domain.kit.idcard import make_id
from app.domain.kit.masking import mask_id
from app.services.container import Services
from app.services.members.service import MemberQuery
from app.ui.kit.changes import ChangeBus
from app.ui.members import io as member_io
from app.ui.members.io import ImportPreviewDialog, IoServices, build_preview
from app.ui.members.io_views import ListModel
from app.ui.members.tab import MemberTab
from tests.services.members.helpers import build_tree, member

HEADERS = ["序号", "姓名", "身份证号", "所在党支部", "人员类别", "入党时间", "转正时间", "联系电话"]


@pytest.fixture
def setup(services: Services):
    tree = build_tree(services)
    services.settings.set("office_org_id", tree.county)
    existing = services.members.create(member(tree.branch_a, "李四", phone="13712345678"))
    return tree, existing


@pytest.fixture
def io(services: Services) -> IoServices:
    return IoServices.of(services.members, services.orgs, services.settings, services.exports)


def roster(tmp_path: Path, existing_id: str) -> Path:
    """New 王芳, 李四 with a new phone number, a row with a mistyped ID, and one in a branch
    the organisation tree does not have yet."""
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    ws.append([1, "王芳", make_id("370102", dt.date(1985, 3, 12), "女", sequence=8), "第一网格党支部", "正式党员",
               "2010-07-01", "2011-07-01", "13911112222"])
    ws.append([2, "李四", existing_id, "第一网格党支部", "", "", "", "13800001111"])
    ws.append([3, "赵六", "110105194912310021", "第二网格党支部", "正式党员", "1975-07-01", "1976-07-01", ""])
    ws.append([4, "孙七", make_id("370102", dt.date(1990, 1, 2), "男", sequence=3), "第九网格党支部", "预备党员",
               "2025-01-01", "", ""])
    path = tmp_path / "花名册.xlsx"
    wb.save(path)
    return path


def on_record(services: Services) -> dict[str, str]:
    rows = services.members.rows(services.members.search_ids(MemberQuery(include_left=True)))
    return {r.name: r.phone for r in rows}


def tab_texts(dialog: ImportPreviewDialog) -> list[str]:
    return [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]


def test_list_model_passes_qt_model_tester(qtmodeltester) -> None:
    qtmodeltester.check(ListModel(["行号", "原因"], [(2, "姓名不能为空"), (5, "日期有误")]), force_py=True)


def test_preview_then_confirm_imports_in_one_go(qtbot, tmp_path, services: Services, setup, io) -> None:
    tree, existing = setup
    preview = build_preview(None, io, roster(tmp_path, existing.id_number))
    dialog = ImportPreviewDialog(io, preview)
    qtbot.addWidget(dialog)
    assert tab_texts(dialog) == ["新增 1", "更新 1", "不能导入 2", "列的识别", "新组织 1"]
    assert dialog.update_model.rows[0][3] == "联系电话：137****5678 → 138****1111"  # old → new, masked
    problems = dialog.problem_model.rows
    assert problems[0][:2] == ("4", "公民身份号码") and "校验位" in problems[0][2]  # Excel row 4
    assert problems[1][:2] == ("5", "所在党组织")
    assert dialog.add_model.rows[0][2] == mask_id(preview.adds[0].data.id_number)
    assert on_record(services) == {"李四": "13712345678"}  # nothing written by the preview

    dialog.create_orgs.setChecked(True)
    assert tab_texts(dialog) == ["新增 2", "更新 1", "不能导入 1", "列的识别", "新组织 1"]
    assert dialog.add_model.rows[1][3] == "第九网格党支部（新建）"
    dialog.confirm()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert on_record(services) == {"李四": "13800001111", "王芳": "13911112222", "孙七": ""}
    assert services.orgs.find_by_name("第九网格党支部").parent_id == tree.county
    assert "新增党员2名，更新1名" in member_io.import_outcome_text(dialog.outcome)


def test_cancel_writes_nothing(qtbot, tmp_path, services: Services, setup, io) -> None:
    _tree, existing = setup
    dialog = ImportPreviewDialog(io, build_preview(None, io, roster(tmp_path, existing.id_number)))
    qtbot.addWidget(dialog)
    dialog.reject()
    assert on_record(services) == {"李四": "13712345678"}


def test_cancelling_while_importing_writes_nothing(qtbot, tmp_path, services: Services, setup, io,
                                                  monkeypatch) -> None:
    _tree, existing = setup
    dialog = ImportPreviewDialog(io, build_preview(None, io, roster(tmp_path, existing.id_number)))
    qtbot.addWidget(dialog)
    dialog.create_orgs.setChecked(True)
    calls = []

    def press_cancel(self, done: int, total: int) -> bool:  # the user presses 取消 once it runs
        calls.append(done)
        return len(calls) < 2

    monkeypatch.setattr(member_io.Progress, "__call__", press_cancel)
    dialog.confirm()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "没有写入任何内容" in dialog.error.text()
    assert on_record(services) == {"李四": "13712345678"}


def test_an_unreadable_file_is_explained(qtbot, tmp_path, services: Services, setup, io, shown_messages) -> None:
    bad = tmp_path / "名单.xlsx"
    wb = Workbook()
    wb.active.append(["姓名", "电话"])
    wb.active.append(["王芳", "13911112222"])
    wb.save(bad)
    assert build_preview(None, io, bad) is None
    assert "缺少必填列" in shown_messages[0]


@pytest.fixture
def tab(qtbot, services: Services, setup) -> MemberTab:
    tree, _existing = setup
    m = services.members
    m.create(member(tree.branch_a, "王芳", sex="女", category="离退休党员", born=dt.date(1950, 1, 1)))
    m.create(member(tree.other_branch, "赵六", category="离退休党员", born=dt.date(1952, 1, 1)))
    m.create(member(tree.branch_b, "孙七", category="在职党员"))
    widget = MemberTab(m, services.orgs, services.settings, ChangeBus(services.hub), exports=services.exports)
    qtbot.addWidget(widget)
    return widget


def test_export_writes_the_filtered_rows(tab: MemberTab, tmp_path, services: Services, shown_messages) -> None:
    tab.category.setCurrentIndex(tab.category.findData("离退休党员"))
    shown = [tab.model.row_at(r) for r in range(tab.model.rowCount())]
    assert [r.name for r in shown] == ["王芳", "赵六"]
    path = member_io.export_roster(tab, tab.io, tab.query(), reveal=tab.may_show_sensitive(),
                                   path=str(tmp_path / "离退休.xlsx"))
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    names = [r[header.index("姓名")] for r in rows[1:]]
    assert names == ["王芳", "赵六"]
    assert rows[1][header.index("公民身份号码")] == mask_id(shown[0].id_number)
    assert "已导出2名党员" in shown_messages[-1]


def test_export_to_csv_with_full_numbers_when_allowed(tab: MemberTab, tmp_path, services: Services, setup,
                                                     shown_messages) -> None:
    tree, existing = setup
    tab.sensitive_action.trigger()
    tab.select_org(tree.branch_a)
    path = member_io.export_roster(tab, tab.io, tab.query(), reveal=tab.may_show_sensitive(),
                                   path=str(tmp_path / "第一网格.csv"))
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["姓名"] for r in rows] == ["李四", "王芳"]
    assert rows[0]["公民身份号码"] == existing.id_number


def test_save_template(tab: MemberTab, tmp_path, shown_messages) -> None:
    path = member_io.save_template(tab, str(tmp_path / "模板.xlsx"))
    assert path is not None and path.exists()
    assert "导入模板已保存" in shown_messages[-1]
