"""The budget-execution table (预算执行情况表) and the 公示 notice of a special-fund project,
printed on the document engine."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.domain.funds.capitals import fen_in_capitals
from app.domain.funds.projects import STAGES
from app.domain.kit.money import format_yuan
from app.domain.kit.text import cn_date
from app.reports.briefings.figures_funds import budget_table
from app.reports.kit.blocks import Block, DocSpec, Para, Signature, Table, Title
from app.reports.kit.document import ListSpec, render_counted, render_list_counted
from app.services.funds.entry_query import EntryQuery


def print_budget(services: Any, org_id: int, year: int, as_of: dt.date | None = None,
                 printed_on: dt.date | None = None) -> tuple[bytes, int]:
    """Budget against actual per category and source, % used, overspending marked, with the
    totals in figures and in capitals."""
    end = min(as_of or dt.date(year, 12, 31), dt.date(year, 12, 31))
    org = services.orgs.get(org_id)
    rows = services.budgets.execution(org_id, year, end)
    budget, actual = services.budgets.totals(org_id, year, end)
    table = budget_table(rows, "")
    table = Table(table.header, (*table.rows, ("合计", "", format_yuan(budget), format_yuan(actual),
                                               f"{actual * 100 / budget:.1f}%" if budget else "", "")),
                  table.widths, align_left=(0,), font_size=11)
    after: tuple[Block, ...] = (
        Para((f"预算合计：{fen_in_capitals(budget, prefix=True)}；实际支出合计：{fen_in_capitals(actual, prefix=True)}。"
              + ("" if rows else "本年度尚未录入预算。"),), indent=False),
        Para(("制表人：　　　　　　审核人：　　　　　　负责人：",), indent=False),
    )
    return render_list_counted(ListSpec(
        f"{org.name}{year}年度经费预算执行情况表", table, info_left=f"统计截至：{cn_date(end)}",
        info_right="金额单位：元", printed_on=printed_on or dt.date.today(), blocks_after=after))


def print_notice(services: Any, project_id: int, printed_on: dt.date | None = None) -> tuple[bytes, int]:
    """The 公示 for the notice board: project, amount, itemised spending, the dates of each step."""
    project = services.fund_projects.get(project_id)
    ledger = services.ledger
    spending = ledger.rows(ledger.search_ids(EntryQuery(project_id=project.id, status="已记账", direction="支出")))
    title = f"关于“{project.name}”服务群众专项经费使用情况的公示"
    steps = "；".join(f"{st.stage}：{cn_date(st.done_on)}" for st in project.steps)
    budget = f"预算{format_yuan(project.budget)}元，" if project.budget else ""
    blocks: list[Block] = [
        Title(title),
        Para((f"根据服务群众专项经费管理规定，现将“{project.name}”项目经费使用情况公示如下：",)),
        Para((f"项目{budget}实际支出{format_yuan(project.spent)}元（{fen_in_capitals(project.spent, prefix=True)}）。"
              f"项目办理经过——{steps or STAGES[0]}。",)),
        Table(("日期", "凭证号", "支出内容", "收款单位", "金额（元）"),
              tuple((cn_date(r.entry_date), r.voucher, r.summary, r.counterparty, format_yuan(r.amount))
                    for r in spending) + (("合计", "", "", "", format_yuan(sum(r.amount for r in spending))),),
              (2, 2, 3.4, 2.4, 1.8), caption="支出明细", align_left=(2, 3), font_size=10.5),
        Para(("公示期为7天。如有异议，请在公示期内向社区党组织反映。",)),
        Signature(project.org_name, printed_on or dt.date.today()),
    ]
    return render_counted(DocSpec(tuple(blocks), title=title, author=project.org_name, keywords=("公示",)))
