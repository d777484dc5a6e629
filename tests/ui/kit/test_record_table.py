"""The record table as a clerk uses it, on the 党员 tab over a real database: choosing several
rows, Ctrl+C into a spreadsheet, the right-click menu, kept column widths, fixed rows, and an
organisation column that tells two 第四网格党支部 apart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QHeaderView

from app.domain.kit.masking import mask_id
from app.domain.orgs.rules import OrgType
from app.services.container import Services
from app.services.orgs.service import OrgInput
from app.ui.kit.changes import ChangeBus
from app.ui.kit.pdf_preview import PdfPreviewDialog
from app.ui.kit.record_table import WIDTHS_KEY
from app.ui.members.model import COLUMNS
from app.ui.members.tab import MemberTab
from tests.reports.kit.pdfcheck import text as pdf_text
from tests.services.members.helpers import member

COL = {c.key: i for i, c in enumerate(COLUMNS)}
NAMES = ["安娜", "白雪", "陈晨", "邓丽", "范冰", "高山"]  # in pinyin order


@pytest.fixture
def office(services: Services) -> dict[str, int]:
    o = services.orgs

    def add(name: str, kind: OrgType, parent: int | None) -> int:
        return o.create(OrgInput(name=name, org_type=kind, parent_id=parent)).id

    county = add("青山县委组织部", OrgType.COUNTY, None)
    street = add("城关街道党工委", OrgType.STREET, county)
    heping = add("和平社区党委", OrgType.COMMUNITY, street)
    donghu = add("东湖社区党委", OrgType.COMMUNITY, street)
    ids = {"county": county, "heping4": add("第四网格党支部", OrgType.GRID_BRANCH, heping),
           "donghu4": add("第四网格党支部", OrgType.GRID_BRANCH, donghu),
           "donghu1": add("第一网格党支部", OrgType.GRID_BRANCH, donghu)}
    services.settings.set("office_org_id", county)
    for i, name in enumerate(NAMES):
        org = (ids["heping4"], ids["donghu4"], ids["donghu1"])[i % 3]
        services.members.create(member(org, name, born=dt.date(1960 + i, 1, 1), phone=f"1390000{i:04d}"))
    return ids


def make_tab(qtbot, services: Services, config: dict | None = None) -> MemberTab:
    widget = MemberTab(services.members, services.orgs, services.settings, ChangeBus(services.hub),
                       exports=services.exports, config=config)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


@pytest.fixture
def tab(qtbot, services: Services, office) -> MemberTab:
    return make_tab(qtbot, services, {})


def click_row(qtbot, tab: MemberTab, row: int, modifier=Qt.KeyboardModifier.NoModifier,
              button=Qt.MouseButton.LeftButton) -> QPoint:
    rect = tab.table.visualRect(tab.model.index(row, COL["name"]))
    qtbot.mouseClick(tab.table.viewport(), button, modifier, rect.center())
    return rect.center()


def chosen_names(tab: MemberTab) -> list[str]:
    return [r.name for r in tab.members.rows(tab.selected_ids())]


def test_shift_ctrl_and_ctrl_a_choose_several_rows(qtbot, tab: MemberTab) -> None:
    click_row(qtbot, tab, 0)
    click_row(qtbot, tab, 2, Qt.KeyboardModifier.ShiftModifier)
    assert chosen_names(tab) == NAMES[:3]
    click_row(qtbot, tab, 4, Qt.KeyboardModifier.ControlModifier)
    assert chosen_names(tab) == [*NAMES[:3], NAMES[4]]
    click_row(qtbot, tab, 1, Qt.KeyboardModifier.ControlModifier)  # Ctrl+click again: unchosen
    assert chosen_names(tab) == [NAMES[0], NAMES[2], NAMES[4]]
    qtbot.keyClick(tab.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert chosen_names(tab) == NAMES


def test_ctrl_c_copies_the_chosen_rows_with_headers_for_a_spreadsheet(qtbot, tab: MemberTab, services) -> None:
    click_row(qtbot, tab, 1)
    click_row(qtbot, tab, 3, Qt.KeyboardModifier.ControlModifier)
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(tab.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    data = QGuiApplication.clipboard().mimeData()
    lines = data.text().split("\r\n")
    assert lines[-1] == "" and len(lines) == 4  # header, two rows, the closing line break
    header = lines[0].split("\t")
    assert header == [c.label for c in COLUMNS]
    rows = [line.split("\t") for line in lines[1:3]]
    assert [r[COL["name"]] for r in rows] == [NAMES[1], NAMES[3]]
    bai = services.members.rows(tab.selected_ids())[0]
    assert rows[0][COL["id_number"]] == mask_id(bai.id_number)  # copied as shown: masked
    assert rows[0][COL["org_id"]] == "第四网格党支部（东湖社区党委）"
    # WPS and Excel read the HTML copy, where every cell is text: an ID number keeps its digits.
    assert "mso-number-format:'\\@'" in data.html() and f">{NAMES[1]}</td>" in data.html()


def test_copied_full_numbers_and_hostile_text_stay_text(qtbot, tab: MemberTab, services, office) -> None:
    row = services.members.create(member(office["donghu1"], "艾米", work_unit="<b>=HYPERLINK(\"x\")</b>\t急诊"))
    tab.sensitive_action.trigger()
    tab.select_member(row.id)
    assert tab.table.copy_selection() == 1
    data = QGuiApplication.clipboard().mimeData()
    cells = data.text().split("\r\n")[1].split("\t")
    assert len(cells) == len(COLUMNS)  # the tab inside the text did not make a new column
    assert cells[COL["id_number"]] == row.id_number
    assert cells[COL["work_unit"]] == "<b>=HYPERLINK(\"x\")</b> 急诊"
    assert "&lt;b&gt;=HYPERLINK(&quot;x&quot;)&lt;/b&gt;" in data.html() and "<b>" not in data.html()
    assert f"\">{row.id_number}</td>" in data.html()


def test_nothing_chosen_copies_nothing(qtbot, tab: MemberTab) -> None:
    tab.table.clearSelection()
    QGuiApplication.clipboard().setText("之前的内容")
    assert tab.table.copy_selection() == 0
    assert QGuiApplication.clipboard().text() == "之前的内容"


def test_right_click_menu_acts_on_the_chosen_rows(qtbot, tab: MemberTab) -> None:
    click_row(qtbot, tab, 0)
    click_row(qtbot, tab, 2, Qt.KeyboardModifier.ShiftModifier)
    pos = tab.table.visualRect(tab.model.index(1, 0)).center()
    menu = tab.table.context_menu(pos)  # on a chosen row: the choice stays
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == ["修改", "详情", "复制", "导出所选…",
                                                                         "打印所选…"]
    assert all(a.isEnabled() for a in menu.actions())
    assert chosen_names(tab) == NAMES[:3]
    pos = tab.table.visualRect(tab.model.index(5, 0)).center()
    tab.table.context_menu(pos)  # on another row: that row alone, as in a spreadsheet
    assert chosen_names(tab) == [NAMES[5]]
    assert tab.current_row().name == NAMES[5]


def test_a_read_only_role_gets_no_edit_or_export_in_the_menu(qtbot, tab: MemberTab, services) -> None:
    from app.services.kit.base import Actor

    services.act_as(Actor("查看员", role="查看"))
    tab.apply_permissions()
    click_row(qtbot, tab, 0)
    enabled = {a.text(): a.isEnabled() for a in tab.table.context_menu(QPoint(1, 1)).actions() if a.text()}
    assert enabled == {"修改": False, "详情": True, "复制": True, "导出所选…": False, "打印所选…": True}


def test_export_selected_writes_only_the_chosen_members(qtbot, tab: MemberTab, tmp_path: Path, monkeypatch,
                                                        shown_messages) -> None:
    target = tmp_path / "所选.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    click_row(qtbot, tab, 4)
    click_row(qtbot, tab, 1, Qt.KeyboardModifier.ControlModifier)
    tab.actions_["export_selected"].trigger()
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    header = list(rows[0])
    assert [r[header.index("姓名")] for r in rows[1:]] == [NAMES[1], NAMES[4]]
    assert "已导出2名党员" in shown_messages[-1]


def test_print_selected_prints_only_the_chosen_members(qtbot, tab: MemberTab, monkeypatch) -> None:
    seen: list[PdfPreviewDialog] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda self: seen.append(self) or 0)
    click_row(qtbot, tab, 0)
    click_row(qtbot, tab, 3, Qt.KeyboardModifier.ControlModifier)
    tab.actions_["print_selected"].trigger()
    printed = pdf_text(seen[0].pdf).replace(" ", "").replace("\n", "")
    assert NAMES[0] in printed and NAMES[3] in printed
    assert not any(n in printed for n in (NAMES[1], NAMES[2], NAMES[4], NAMES[5]))
    assert "所选" in seen[0].windowTitle() and "2人" in seen[0].windowTitle()


def test_two_fourth_grid_branches_are_told_apart(tab: MemberTab, office) -> None:
    cells = {tab.model.data(tab.model.index(r, COL["org_id"])) for r in range(tab.model.rowCount())}
    assert cells == {"第四网格党支部（和平社区党委）", "第四网格党支部（东湖社区党委）", "第一网格党支部"}
    row = tab.model.row_number(tab.members.search_ids(tab.query())[0])  # 安娜, in 和平社区's
    tip = tab.model.data(tab.model.index(row, COL["org_id"]), Qt.ItemDataRole.ToolTipRole)
    assert tip == "青山县委组织部 / 城关街道党工委 / 和平社区党委 / 第四网格党支部"


def test_renaming_an_organisation_updates_the_column(qtbot, tab: MemberTab, services, office) -> None:
    services.orgs.rename(office["donghu4"], "第五网格党支部")  # the change notice reaches the tab
    cells = {tab.model.data(tab.model.index(r, COL["org_id"])) for r in range(tab.model.rowCount())}
    assert cells == {"第四网格党支部", "第五网格党支部", "第一网格党支部"}


def test_the_choice_survives_a_refresh_and_a_sort(qtbot, tab: MemberTab, services, office) -> None:
    click_row(qtbot, tab, 1)
    click_row(qtbot, tab, 4, Qt.KeyboardModifier.ControlModifier)
    services.members.create(member(office["donghu1"], "阿福"))  # sorts first: the rows move down
    assert tab.model.rowCount() == 7
    assert chosen_names(tab) == [NAMES[1], NAMES[4]]
    assert tab.current_row().name == NAMES[4]
    tab.table.sortByColumn(COL["name"], Qt.SortOrder.DescendingOrder)
    assert chosen_names(tab) == [NAMES[4], NAMES[1]]
    tab.search.setText("白")
    tab.apply_filters()
    assert chosen_names(tab) == [NAMES[1]]  # only what the search still shows


def test_rows_have_one_fixed_height(tab: MemberTab) -> None:
    vh = tab.table.verticalHeader()
    assert vh.sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed
    heights = {tab.table.rowHeight(r) for r in range(tab.model.rowCount())}
    assert heights == {tab.table.fontMetrics().height() + 10}
    header = tab.table.horizontalHeader()
    assert all(header.sectionResizeMode(c) == QHeaderView.ResizeMode.Interactive for c in range(header.count()))


def test_column_widths_are_kept_in_the_config_and_come_back(qtbot, services: Services, office) -> None:
    config: dict = {}
    first = make_tab(qtbot, services, config)
    header = first.table.horizontalHeader()
    default = header.sectionSize(COL["work_unit"])
    header.resizeSection(COL["work_unit"], default + 120)
    header.resizeSection(COL["name"], 60)
    saved = config[WIDTHS_KEY]["memberTable"]
    assert set(saved) == {"work_unit", "name"}
    again = make_tab(qtbot, services, config)
    header = again.table.horizontalHeader()
    assert abs(header.sectionSize(COL["work_unit"]) - (default + 120)) <= 2
    assert abs(header.sectionSize(COL["name"]) - 60) <= 2
    fresh = make_tab(qtbot, services, {})
    assert fresh.table.horizontalHeader().sectionSize(COL["work_unit"]) == default


def test_nonsense_in_the_config_falls_back_to_default_widths(qtbot, services: Services, office) -> None:
    default = make_tab(qtbot, services, {}).table.horizontalHeader().sectionSize(COL["name"])
    for config in ({WIDTHS_KEY: {"memberTable": {"name": "宽"}}}, {WIDTHS_KEY: {"memberTable": {"name": -5}}},
                   {WIDTHS_KEY: {"memberTable": {"name": 10 ** 9}}}, {WIDTHS_KEY: {"memberTable": "不是表"}},
                   {WIDTHS_KEY: ["不是表"]}, {WIDTHS_KEY: None}):
        tab = make_tab(qtbot, services, config)
        assert tab.table.horizontalHeader().sectionSize(COL["name"]) == default
        tab.table.horizontalHeader().resizeSection(COL["name"], 70)  # and a new width is kept again
        assert config[WIDTHS_KEY]["memberTable"]["name"] > 0
