"""The 双向评议 page driven in pytest-qt: the year opened with last year's criteria, criteria and
weights edited until scored (hostile weights refused), scores typed into the grid giving the
totals, tied ranks and grades shown, hostile scores refused naming the cell with nothing written,
the units' scores of the community, the printed table, a viewer who cannot edit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app.domain.cobuild.appraisal import Criterion
from app.services.cobuild.appraisal import OF_COMMUNITY, OF_UNIT
from app.services.container import Services
from app.services.kit.base import Actor
from app.ui.cobuild.appraisal_page import AppraisalPage
from app.ui.cobuild.tab import CobuildTab
from app.ui.kit.changes import ChangeBus
from app.ui.kit.pdf_preview import PdfPreviewDialog
from tests.reports.kit.pdfcheck import text as pdf_text
from tests.services.cobuild.helpers import Tree, unit

YEAR = dt.date.today().year


@pytest.fixture
def page(tab: CobuildTab, services: Services, tree: Tree, data: dict[str, int]) -> AppraisalPage:
    services.units.create(unit(tree.community, "青山县第一中学", unit_type="事业单位"))
    services.units.create(unit(tree.community, "县供电公司", unit_type="国有企业"))
    tab.pages.setCurrentWidget(tab.appraisal)
    tab.scope.select(tree.community)
    return tab.appraisal


def type_row(page: AppraisalPage, name: str, *scores: str) -> None:
    model = page.model
    r = model.row_of(name)
    assert r >= 0, name
    for i, value in enumerate(scores, start=1):
        assert model.setData(model.index(r, i), value)


def cell(page: AppraisalPage, name: str, column: str) -> str:
    return page.model.data(page.model.index(page.model.row_of(name), page.model.column_of(column)))


def test_the_scope_chooses_the_community(page: AppraisalPage, tab: CobuildTab, tree: Tree) -> None:
    assert page.org_label.text() == "评议组织：和平社区党委"
    tab.scope.select(tree.branch_a)  # a branch of the community: its community appraises
    assert page.org_label.text() == "评议组织：和平社区党委"
    tab.scope.select(tree.county)
    assert "请在左边选择一个社区" in page.org_label.text() and not page.open_button.isEnabled()


def test_opening_the_year_copies_last_years_criteria(page: AppraisalPage, services: Services, tree: Tree) -> None:
    assert "还没有开始" in page.summary.text() and not page.save_button.isEnabled()
    mine = (Criterion("组织共建", Decimal(40)), Criterion("服务共抓", Decimal(60)))
    last = services.appraisals.open_year(tree.community, YEAR - 1, mine)
    assert last.criteria == mine
    page.open_button.click()
    assert page.round is not None and page.round.year == YEAR and page.round.criteria == mine
    assert page.model.headerData(1, Qt.Orientation.Horizontal) == "组织共建（权重40）"
    assert page.model.rowCount() == 3 and not page.open_button.isEnabled()


def test_criteria_and_weights_edited_until_scored(page: AppraisalPage, services: Services,
                                                  shown_messages: list[str]) -> None:
    page.open_button.click()
    dialog = page.criteria_dialog()
    assert dialog is not None and dialog.grid.rowCount() == 5
    for bad, words in (("abc", "不是数"), ("-5", "大于0"), ("0.001", "最多两位小数")):
        dialog.grid.item(0, 1).setText(bad)
        dialog.save()
        assert words in dialog.error.text() and "组织共建" in dialog.error.text()
    dialog.grid.item(0, 1).setText("４０")  # full-width digits, as an input method types them
    dialog.grid.item(1, 0).setText("组织共建")
    dialog.save()
    assert "重复" in dialog.error.text()
    dialog.grid.item(1, 0).setText("活动共办")
    dialog.save()
    assert dialog.result()
    page.reload()
    assert page.round is not None and page.round.criteria[0].weight == 40
    assert "权重合计为120" in page.summary.text()
    type_row(page, "青山县人民医院", "90", "90", "90", "90", "90")
    page.save_scores()
    assert not page.criteria_button.isEnabled() and "请先清除全部评分" in page.criteria_button.toolTip()
    page.clear_button.click()
    assert any("确定清除" in m for m in shown_messages)
    assert page.criteria_button.isEnabled() and cell(page, "青山县人民医院", "总分") == ""


def test_scores_typed_give_totals_tied_ranks_and_grades(page: AppraisalPage, services: Services) -> None:
    page.open_button.click()
    type_row(page, "青山县人民医院", "95", "92", "90", "88", "95")  # 92
    type_row(page, "青山县第一中学", "８５", "85", "85", "85", "85")  # full-width digits accepted
    type_row(page, "县供电公司", "92", "92", "92", "92", "92")
    assert page.save_scores() == 3
    assert [cell(page, n, "总分") for n in ("青山县人民医院", "青山县第一中学", "县供电公司")] == ["92.00", "85.00", "92.00"]
    assert [cell(page, n, "名次") for n in ("青山县人民医院", "青山县第一中学", "县供电公司")] == ["1", "3", "1"]
    assert [cell(page, n, "等次") for n in ("青山县人民医院", "青山县第一中学", "县供电公司")] == ["好", "较好", "好"]
    assert "已评3个单位" in page.summary.text()
    assert page.model.rows[-1].name == "青山县第一中学"  # best first, as the printed table
    table = services.appraisals.table(page.round.id, OF_UNIT)  # type: ignore[union-attr]
    assert {r.name: r.rank for r in table} == {"青山县人民医院": 1, "县供电公司": 1, "青山县第一中学": 3}


@pytest.mark.parametrize(("bad", "words"), [("-1", "应在0至100之间"), ("101", "应在0至100之间"),
                                            ("九十", "不是分数"), ("88.888", "最多只能有两位小数"), ("", "不能为空")])
def test_hostile_scores_are_refused_naming_the_cell_and_nothing_is_written(
        page: AppraisalPage, services: Services, bad: str, words: str) -> None:
    page.open_button.click()
    type_row(page, "青山县人民医院", "90", "90", "90", "90", "90")
    type_row(page, "县供电公司", "90", "90", bad, "90", "90")
    assert page.save_scores() == 0
    assert words in page.error.text() and "县供电公司" in page.error.text() and "资源共享" in page.error.text()
    assert page.grid.currentIndex().row() == page.model.row_of("县供电公司")
    assert page.grid.currentIndex().column() == page.model.column_of("资源共享")
    assert services.appraisals.round_of(page.org_id, YEAR).sheets == 0  # type: ignore[arg-type, union-attr]


def test_the_units_score_the_community(page: AppraisalPage, services: Services) -> None:
    page.open_button.click()
    page.direction_box.setCurrentIndex(page.direction_box.findData(OF_COMMUNITY))
    assert "还没有单位对社区评分" in page.summary.text()
    type_row(page, "青山县人民医院", "90", "90", "90", "90", "90")
    type_row(page, "县供电公司", "80", "80", "80", "80", "80")
    page.save_scores()
    assert "共建单位对社区的平均评分：85.00分" in page.summary.text()
    page.direction_box.setCurrentIndex(page.direction_box.findData(OF_UNIT))
    assert cell(page, "青山县人民医院", "总分") == ""  # the other direction is its own sheet


def test_the_table_prints_through_the_preview(page: AppraisalPage, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[PdfPreviewDialog] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda self: shown.append(self) or 0)
    page.open_button.click()
    type_row(page, "县供电公司", "92", "92", "92", "92", "92")
    page.save_scores()
    preview = page.print_table()
    assert shown == [preview] and preview.preview.page_count() >= 1
    words = pdf_text(preview.pdf)
    assert f"{YEAR}年度共驻共建双向评议结果" in words and "县供电公司" in words and "92.00" in words


def test_a_viewer_cannot_edit(qtbot, services: Services, tree: Tree, data: dict[str, int]) -> None:
    r = services.appraisals.open_year(tree.community, YEAR)
    services.appraisals.set_scores(r.id, data["hospital"], OF_UNIT, dict.fromkeys(("组织共建", "活动共办", "资源共享",
                                                                                  "服务共抓", "承诺兑现"), 70))
    services.act_as(Actor("小李", role="查看"))
    widget = CobuildTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.show()
    widget.scope.select(tree.community)
    page = widget.appraisal
    assert cell(page, "青山县人民医院", "等次") == "一般" and page.print_button.isEnabled()
    assert not any(b.isVisibleTo(page) for b in (page.open_button, page.criteria_button, page.save_button,
                                                 page.clear_button))
    index = page.model.index(0, 1)
    assert not page.model.flags(index) & Qt.ItemFlag.ItemIsEditable and not page.model.setData(index, "99")
