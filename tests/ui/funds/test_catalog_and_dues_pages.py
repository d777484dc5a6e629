"""The 经费 tab's 收支科目 dialog and the 党费 tab's 上缴记录 page and 核定党费 form, driven in
pytest-qt over real services: categories added under a parent, renamed, removed only while
unused (the Chinese refusal shown), a source added and offered by the ledger's filter; a
remittance recorded through its form (hostile amounts refused) with the year's totals; a
member assessed, then re-assessed with a reason, with a hardship reduction."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.services.container import Services
from app.ui.funds.catalog_dialog import CatalogDialog
from app.ui.funds.dues_tab import DuesTab
from app.ui.funds.models import RemittanceQuery, RemittanceTableModel
from app.ui.funds.tab import FundsTab
from app.ui.kit.changes import ChangeBus
from tests.services.funds.helpers import Tree, build_tree, entry
from tests.services.members.helpers import member

TODAY = dt.date.today()


@pytest.fixture
def tree(services: Services) -> Tree:
    t = build_tree(services)
    services.settings.set("office_org_id", t.county)
    return t


def pick(dialog: CatalogDialog, name: str) -> None:
    found = dialog.tree.findItems(name, Qt.MatchFlag.MatchRecursive)
    assert found, name
    dialog.tree.setCurrentItem(found[0])


def test_the_catalog_dialog_edits_categories_and_adds_a_source(qtbot, services: Services, tree: Tree,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    services.ledger.add_posted([entry(tree.community, "100", category="阵地建设", on=TODAY)])
    tab = FundsTab(services, ChangeBus(services.hub))
    qtbot.addWidget(tab)
    tab.show()
    dialog = CatalogDialog(services, tab)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    pick(dialog, "服务群众专项经费")
    dialog.category_name.setText("为民办实事")
    dialog.add_category(under=True)
    paths = {c.path for c in services.fund_catalog.categories()}
    assert "服务群众专项经费/为民办实事" in paths and dialog.tree.currentItem().text(0) == "为民办实事"
    dialog.category_name.setText("为民办实事项目")
    dialog.rename()
    assert "服务群众专项经费/为民办实事项目" in {c.path for c in services.fund_catalog.categories()}
    dialog.category_name.setText("长" * 31)
    dialog.add_category(under=False)
    assert "最多30个字" in dialog.error.text()
    dialog.category_name.setText("=cmd|' /C calc'!A0")
    dialog.add_category(under=False)
    assert "不能含有“/”" in dialog.error.text()
    dialog.category_name.setText("=1+1")
    dialog.add_category(under=False)
    assert "=1+1" in {c.path for c in services.fund_catalog.categories()}
    pick(dialog, "阵地建设")
    dialog.remove()
    assert "阵地建设" in dialog.error.text() and "1条收支记录" in dialog.error.text() and "不能删除" in dialog.error.text()
    pick(dialog, "服务群众专项经费")
    dialog.remove()
    assert "下级类别" in dialog.error.text()
    pick(dialog, "为民办实事项目")
    dialog.remove()
    assert "为民办实事项目" not in {c.name for c in services.fund_catalog.categories()}
    dialog.source_name.setText("财政投入")
    dialog.add_source()
    assert "已经有了" in dialog.error.text()
    dialog.source_name.setText("街道专项补助")
    dialog.add_source()
    assert dialog.sources.item(dialog.sources.count() - 1).text() == "街道专项补助（本社区添加）"
    assert dialog.changed
    dialog.resize(900, 520)
    dialog.show()
    dialog.grab().save("/tmp/hfund_catalog.png")
    tab.ledger.refresh_sources()
    assert tab.ledger.source_box.findText("街道专项补助") > 0


@pytest.fixture
def dues_tab(qtbot, services: Services, tree: Tree) -> DuesTab:
    widget = DuesTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    widget.scope.select(tree.community)
    return widget


@pytest.mark.parametrize(("amount", "words"), [("12.345", "两位小数"), ("-3", "负数"), ("", "上缴金额")])
def test_the_remittance_form_refuses_hostile_amounts(dues_tab: DuesTab, services: Services, amount: str,
                                                     words: str) -> None:
    dialog = dues_tab.remittances.dialog()
    dialog.form.set_value("to_org", "城关街道党工委")
    dialog.form.set_value("amount", amount)
    dialog.save()
    assert words in dialog.error.text() and dialog.result_row is None


def test_a_remittance_is_recorded_and_the_year_totals_follow(dues_tab: DuesTab, services: Services, tree: Tree,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    who = services.members.create(member(tree.branch_a, "王大海")).id
    services.dues.assess(who, TODAY.year, "在职", "4000")
    services.dues.pay(who, dt.date(TODAY.year, 1, 1), paid_on=TODAY)
    page = dues_tab.remittances
    assert dues_tab.pages.tabText(1) == "上缴记录"
    dues_tab.pages.setCurrentWidget(page)
    page.apply()
    assert "收缴 40.00 元" in page.totals.text() and "上缴 0.00 元" in page.totals.text()
    dialog = page.dialog()
    dialog.form.set_value("to_org", "城关街道党工委")
    dialog.form.set_value("amount", "３０元")
    dialog.form.set_value("receipt_no", "DF-2026-01")
    monkeypatch.setattr(type(dialog), "exec", lambda self: (self.save(), self.result_row is not None)[1])
    monkeypatch.setattr(page, "dialog", lambda: dialog)
    page.add()
    assert page.model.rowCount() == 1 and page.model.index(0, 1).data() == "30.00"
    assert "上缴 30.00 元" in page.totals.text() and "留存 10.00 元" in page.totals.text()
    page.year_box.setCurrentIndex(1)
    assert page.model.rowCount() == 0
    page.year_box.setCurrentIndex(0)
    dues_tab.grab().save("/tmp/hfund_remittances.png")


def test_a_member_is_assessed_then_re_assessed_with_a_reason(dues_tab: DuesTab, services: Services, tree: Tree) -> None:
    who = services.members.create(member(tree.branch_a, "王大海")).id
    page = dues_tab.unpaid
    page.apply()
    assert page.model.index(0, 2).data() == "未核定"
    page.table.select_ids([who], who)
    dialog = page.assess_dialog()
    assert dialog is not None and dialog.windowTitle().startswith("核定党费：王大海")
    dialog.form.set_value("kind", "在职")
    dialog.form.set_value("base", "12.345")
    dialog.save()
    assert "两位小数" in dialog.error.text()
    dialog.form.set_value("base", "4000")
    dialog.save()
    assert dialog.result_row is not None and dialog.result_row.monthly == 4000
    page.apply()
    page.table.select_ids([who], who)
    again = page.assess_dialog()
    assert again is not None and again.windowTitle().startswith("重新核定党费")
    assert again.form.values()[0]["base"] == "4000.00"
    again.form.set_value("reduced", "10")
    again.save()
    assert "写明原因" in again.error.text()
    again.form.set_value("remarks", "家庭困难，申请减免")
    again.save()
    assert "批准的党组织" in again.error.text()
    again.form.set_value("reduction_body", "和平社区党委")
    again.form.set_value("reduction_on", TODAY)
    again.save()
    assert again.result_row is not None and again.result_row.due == 1000
    page.apply()
    assert page.model.index(0, 2).data() == "10.00"
    again.resize(640, 460)
    again.show()
    again.grab().save("/tmp/hfund_assess.png")


def test_the_remittance_model_passes_qt_model_tester(qtmodeltester, services: Services, tree: Tree) -> None:
    for day, amount in ((TODAY, "10"), (TODAY - dt.timedelta(days=1), "20.5")):
        services.dues.remit(tree.community, day, amount, "城关街道党工委", "R1")
    model = RemittanceTableModel(services.remittances)
    model.set_query(RemittanceQuery(tree.county, TODAY.year if TODAY.month > 1 or TODAY.day > 1 else None))
    assert model.rowCount() >= 1
    qtmodeltester.check(model, force_py=True)
    model.sort(1)
    qtmodeltester.check(model, force_py=True)
