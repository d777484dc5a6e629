"""Vouchers, the budget-execution table and the 公示 notice, read back from the PDF."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.kit.errors import NotFoundError
from app.reports.funds.sheets import print_budget, print_notice
from app.reports.funds.vouchers import print_vouchers
from app.services.container import Services
from tests.reports.kit.pdfcheck import fonts, reader, text
from tests.services.funds.helpers import build_tree, entry

D = dt.date


def flat(pdf: bytes) -> str:
    return text(pdf).replace("\n", "").replace(" ", "")


def test_a_voucher_a_page_with_the_amount_in_capitals(services: Services) -> None:
    tree = build_tree(services)
    ids = services.ledger.add_posted([
        entry(tree.community, "10020", direction="收入", on=D(2026, 3, 2), summary="拨付专项经费"),
        entry(tree.community, "1409.50", on=D(2026, 3, 9), handler="李敏", reviewer="王芳", approver="张国强"),
        entry(tree.community, "6007.14", on=D(2026, 4, 1)),
    ])
    pdf, pages = print_vouchers(services, org_id=tree.community, year=2026, month=3)
    assert pages == 2 and len(reader(pdf).pages) == 2
    t = flat(pdf)
    assert "人民币壹万零贰拾元整" in t and "人民币壹仟肆佰零玖元伍角" in t and "陆仟零柒元" not in t
    assert "记-2026-0001" in t and "记-2026-0002" in t and "经办人：李敏" in t and "附件2张" in t
    assert all(embedded for embedded in fonts(pdf).values())
    rev = services.ledger.reverse(ids[2], D(2026, 4, 2))
    one, n = print_vouchers(services, entry_id=rev.id)
    assert n == 1 and "人民币负陆仟零柒元壹角肆分" in flat(one) and "红字冲销" in flat(one)
    draft = services.ledger.create(entry(tree.community))
    with pytest.raises(NotFoundError, match="请先记账"):
        print_vouchers(services, entry_id=draft.id)


def test_the_budget_execution_table_prints_with_totals_in_capitals(services: Services) -> None:
    tree = build_tree(services)
    services.budgets.set(tree.community, 2026, "阵地建设", "10000")
    services.budgets.set(tree.community, 2026, "办公经费", "325.04")
    services.ledger.add_posted([entry(tree.community, "12000", category="阵地建设", on=D(2026, 5, 1))])
    pdf, pages = print_budget(services, tree.community, 2026, printed_on=D(2026, 7, 1))
    t = flat(pdf)
    assert pages == 1 and "2026年度经费预算执行情况表" in t
    assert "120.0%" in t and "超支2,000.00" in t
    assert "预算合计：人民币壹万零叁佰贰拾伍元零肆分" in t and "实际支出合计：人民币壹万贰仟元整" in t
    width, height = reader(pdf).pages[0].mediabox.width, reader(pdf).pages[0].mediabox.height
    assert width > height  # landscape


def test_the_notice_lists_the_spending_and_the_dates_of_each_step(services: Services) -> None:
    tree = build_tree(services)
    pid = services.fund_projects.create(tree.community, "楼道照明改造", resolved_on=D(2026, 2, 1), by="两委会",
                                        budget="5000")
    services.ledger.add_posted([entry(tree.community, "1680.32", category="公益服务", project_id=pid,
                                      on=D(2026, 3, 1), summary="购买灯具", counterparty="惠民五金店")])
    for on in (D(2026, 2, 5), D(2026, 2, 10), D(2026, 3, 10), D(2026, 3, 20)):
        services.fund_projects.advance(pid, on, "李敏")
    pdf, pages = print_notice(services, pid, D(2026, 3, 21))
    t = flat(pdf)
    assert "关于“楼道照明改造”服务群众专项经费使用情况的公示" in t
    assert "实际支出1,680.32元（人民币壹仟陆佰捌拾元叁角贰分）" in t
    assert "购买灯具" in t and "惠民五金店" in t and "公示：2026年3月20日" in t and "项目议定：2026年2月1日" in t
