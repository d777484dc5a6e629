"""The 经费 and 党费 tabs driven in pytest-qt over real services: entries added through the form
(hostile amounts refused), posted with the below-zero warning asked, reversed; balances shown;
the unpaid list by month and branch, a payment through its dialog, the 党费计算 dialog; read-only
roles; models that pass qtmodeltester; screenshots rendered offscreen."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QMessageBox

from app.services.container import Services
from app.services.funds.entry_query import EntryQuery
from app.services.kit.base import Actor
from app.ui.funds.dues_tab import DuesCalculator, DuesTab
from app.ui.funds.models import EntryTableModel, UnpaidQuery, UnpaidTableModel
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


@pytest.fixture
def tab(qtbot, services: Services, tree: Tree) -> FundsTab:
    services.ledger.add_posted([entry(tree.community, "5000", direction="收入", on=TODAY.replace(day=1))])
    widget = FundsTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    widget.show()
    return widget


def test_the_ledger_lists_entries_and_balances(tab: FundsTab, tree: Tree) -> None:
    assert tab.ledger.model.rowCount() == 1
    assert "财政投入 5,000.00元" in tab.balances.text() and "合计 <b>5,000.00元</b>" in tab.balances.text()
    tab.scope.select(tree.other_community)
    assert tab.ledger.model.rowCount() == 0


@pytest.mark.parametrize(("amount", "words"), [("12.345", "两位小数"), ("-5", "负数"), ("1e9", "无法识别"),
                                               ("99999999999", "太大"), ("", "不能为空")])
def test_the_entry_form_refuses_hostile_amounts(tab: FundsTab, services: Services, tree: Tree, amount: str,
                                                words: str) -> None:
    dialog = tab.ledger.dialog()
    form = dialog.form
    form.set_value("summary", "购买桌椅")
    form.set_value("source_id", services.fund_catalog.sources()[0].id)
    form.set_value("category_id", services.fund_catalog.categories()[0].id)
    form.set_value("amount", amount)
    dialog.save()
    assert words in dialog.error.text() and "color: #b00020" in form.labels["amount"].styleSheet()
    assert services.ledger.count(EntryQuery(status="草稿")) == 0


def test_add_post_with_the_warning_and_reverse(tab: FundsTab, services: Services, tree: Tree,
                                               shown_messages: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = tab.ledger.dialog()
    form = dialog.form
    form.set_value("summary", "党群服务中心桌椅")
    form.set_value("source_id", services.fund_catalog.sources()[0].id)
    form.set_value("category_id", services.fund_catalog.categories()[-1].id)
    form.set_value("amount", "１２００．５元")
    dialog.save()
    assert dialog.result_row.amount == 120050 and dialog.result_row.status == "草稿"
    big = services.ledger.create(entry(tree.community, "9000", on=TODAY))
    tab.ledger.apply()
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: (asked.append(a[2]), QMessageBox.StandardButton.No)[1])
    tab.ledger.table.select_ids([dialog.result_row.id, big.id], big.id)
    tab.ledger.post()
    assert asked and "记账后将为" in asked[0]
    assert services.ledger.count(EntryQuery(status="草稿")) == 2  # the clerk said no
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.ledger.post()
    assert services.ledger.count(EntryQuery(status="草稿")) == 0
    assert "-5,200.50元" in tab.balances.text() and "#b00020" in tab.balances.text()
    tab.ledger.table.select_ids([big.id], big.id)
    tab.ledger.edit()
    assert any("不能修改" in m for m in shown_messages)
    step = None

    def capture(self):  # type: ignore[no-untyped-def]
        nonlocal step
        step = self
        self.text.setText("金额录错")
        self.confirm()
        return True

    from app.ui.kit.record_dialogs import StepDialog

    monkeypatch.setattr(StepDialog, "exec", capture)
    tab.ledger.reverse()
    rows = services.ledger.rows(services.ledger.search_ids(EntryQuery()))
    assert any(r.reverses_id == big.id and r.amount == -900000 for r in rows)
    assert "-5,200.50元" not in tab.balances.text()
    tab.grab().save("/tmp/funds_tab.png")


def test_a_viewer_reads_but_cannot_write(qtbot, services: Services, tree: Tree) -> None:
    services.ledger.add_posted([entry(tree.community, "1", direction="收入")])
    services.act_as(Actor("小李", role="查看"))
    widget = FundsTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.show()
    widget.ledger.table.select_row(0)
    actions = widget.ledger.actions_
    assert not actions["addEntry"].isEnabled() and not actions["postEntries"].isEnabled()
    assert actions["printVoucher"].isEnabled()
    assert not widget.close_button.isVisibleTo(widget)


def test_the_dues_tab_lists_who_has_not_paid_and_records_a_payment(qtbot, services: Services, tree: Tree,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    a = services.members.create(member(tree.branch_a, "王大海")).id
    b = services.members.create(member(tree.branch_b, "李小红")).id
    for who in (a, b):
        services.dues.assess(who, TODAY.year, "在职", "4000")
    widget = DuesTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    page = widget.unpaid
    assert page.model.rowCount() == 2 and "本月应交 80.00 元" in page.totals.text()
    page.table.select_ids([a], a)
    from app.ui.kit.record_dialogs import StepDialog

    def pay(self):  # type: ignore[no-untyped-def]
        self.number.setText("x")
        self.confirm()
        assert "月数" in self.error.text()
        self.number.setText("25")
        self.confirm()
        assert "1至24" in self.error.text()
        self.number.setText("1")
        self.text.setText("DF-9")
        self.confirm()
        assert self.result_row is not None
        return True

    monkeypatch.setattr(StepDialog, "exec", pay)
    page.pay()
    assert [r.name for r in page.model.source.rows(page.model.ids())] == ["李小红"]
    assert services.dues.paid_months(a, TODAY.year) == [TODAY.replace(day=1)]
    widget.scope.select(tree.branch_b)
    assert page.model.rowCount() == 1
    widget.grab().save("/tmp/dues_tab.png")


@pytest.mark.parametrize(("kind", "base", "shown"), [("在职", "3000.01", "每月应交党费 30.00 元"),
                                                     ("离退休", "5000", "0.5%"), ("学生", "", "0.20"),
                                                     ("在职", "12.345", "两位小数"), ("在职", "-1", "负数")])
def test_the_dues_calculator(qtbot, services: Services, kind: str, base: str, shown: str) -> None:
    dialog = DuesCalculator(services)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    dialog.base.setText(base)
    assert shown in dialog.answer.text()


def test_models_pass_qt_model_tester(qtmodeltester, demo_services: Services) -> None:
    model = EntryTableModel(demo_services.ledger)
    model.set_query(EntryQuery())
    assert model.rowCount() > 100
    qtmodeltester.check(model, force_py=True)
    model.sort(1)
    qtmodeltester.check(model, force_py=True)
    unpaid = UnpaidTableModel(demo_services.dues)
    unpaid.set_query(UnpaidQuery(TODAY.replace(day=1)))
    assert unpaid.rowCount() > 0
    qtmodeltester.check(unpaid, force_py=True)


def test_the_tabs_are_in_the_main_window(services: Services, qtbot) -> None:
    from app.ui.tabs import build_tabs

    titles = [getattr(t, "title", "") for t in build_tabs(services, ChangeBus(services.hub))]
    assert titles[:7] == ["组织", "党员", "组织生活", "共建", "服务", "经费", "党费"]


@pytest.mark.parametrize(("amount", "words"), [("12.345", "两位小数"), ("-1", "负数"), ("壹万", "无法识别")])
def test_the_budget_dialog_refuses_hostile_amounts_and_shows_execution(qtbot, services: Services, tree: Tree,
                                                                       amount: str, words: str) -> None:
    from app.ui.funds.budget_dialog import BudgetDialog

    services.ledger.add_posted([entry(tree.community, "5000", category="阵地建设", on=TODAY)])
    dialog = BudgetDialog(services, tree.community)
    qtbot.addWidget(dialog)
    dialog.category.setCurrentIndex(dialog.category.findText("阵地建设"))
    dialog.amount.setText(amount)
    dialog.save()
    assert words in dialog.error.text() and dialog.table.rowCount() == 0
    dialog.amount.setText("20,000")
    dialog.save()
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, j).text() for j in range(5)] == ["阵地建设", "各来源", "20,000.00", "5,000.00",
                                                                  "25.0%"]
