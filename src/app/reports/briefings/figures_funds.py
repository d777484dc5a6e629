"""Funds (经费保障) and dues (党费) figures, and the two funds tables, for the period of the
briefing (app.services.funds.stats says what each counts). Amounts are in 元 with separators;
{财政投入金额:万元} prints 万元 to one decimal and {…:数值} the plain number."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from app.domain.kit.money import fen_to_decimal, format_yuan
from app.reports.briefings.figures import YUAN, FigureContext, FigureUnavailable, figure, table
from app.reports.kit.blocks import Table
from app.services.funds.budgets import ExecutionRow
from app.services.funds.stats import FundFigures

FUNDS = "经费保障"
DUES = "党费"
INCOME_TABLE = "经费收支情况"
BUDGET_TABLE = "预算执行情况"


def _stats(ctx: FigureContext) -> FundFigures:
    return ctx.once("funds.figures", lambda c: c.services.fund_stats.figures(c.org_id, c.period.start, c.as_of))


def _amount(name: str, help: str, read: Callable[[FundFigures], int], group: str = FUNDS) -> None:
    figure(name, YUAN, group, help)(lambda ctx: fen_to_decimal(read(_stats(ctx))))


_amount("经费收入总额", "本期内记账的各项经费收入（一主三辅合计）", lambda f: f.income)
_amount("财政投入金额", "本期内记账的财政投入收入", lambda f: f.income_by_source.get("财政投入", 0))
_amount("党费补助金额", "本期内记账的党费补助（返还党费）收入", lambda f: f.income_by_source.get("党费补助", 0))
_amount("社会支持金额", "本期内记账的社会支持收入", lambda f: f.income_by_source.get("社会支持", 0))
_amount("社区自我补充金额", "本期内记账的社区自我补充收入", lambda f: f.income_by_source.get("社区自我补充", 0))
_amount("经费支出总额", "本期内记账的各项经费支出", lambda f: f.expense)
_amount("阵地建设金额", "本期内记入“阵地建设”类别的支出", lambda f: f.site)
_amount("服务群众专项经费金额", "本期内记入“服务群众专项经费”及其下级类别的支出", lambda f: f.special)
_amount("党费应交金额", "本期各月在册党员按核定标准应交的党费", lambda f: f.dues.due, DUES)
_amount("党费实交金额", "本期各月已交纳的党费", lambda f: f.dues.paid, DUES)


@figure("预算执行率", "%", FUNDS, "本年度截至期末的支出占年度预算的比例")
def _budget_rate(ctx: FigureContext) -> Decimal:
    rate = _stats(ctx).budget_rate
    if rate is None:
        raise FigureUnavailable(f"“{ctx.org.name}”尚未录入{ctx.as_of.year}年度预算，无法计算预算执行率")
    return rate


@figure("专项经费项目数", "个", FUNDS, "本期内议定的服务群众专项经费项目")
def _projects(ctx: FigureContext) -> int:
    return _stats(ctx).projects


@figure("已公示项目数", "个", FUNDS, "本期内公示的专项经费项目")
def _published(ctx: FigureContext) -> int:
    return _stats(ctx).published


@figure("党费交纳率", "%", DUES, "党费实交金额占应交金额的比例")
def _dues_rate(ctx: FigureContext) -> Decimal:
    rate = _stats(ctx).dues.rate
    if rate is None:
        raise FigureUnavailable("本期没有核定党费的在册党员，无法计算交纳率")
    return (rate * 100).quantize(Decimal("0.1"))


@figure("未交党费人数", "名", DUES, "期末所在月份尚未交纳党费的在册党员")
def _unpaid(ctx: FigureContext) -> int:
    return _stats(ctx).dues.unpaid_people


@table(INCOME_TABLE)
def _income_table(ctx: FigureContext) -> Table:
    """Income, expense and balance by source: the period's flows and the balance at its end."""
    balances = ctx.services.balances
    flows = balances.by_source(ctx.org_id, ctx.as_of, since=ctx.period.start)
    ends = {b.key_id: b.balance for b in balances.by_source(ctx.org_id, ctx.as_of)}
    rows = [(b.name, format_yuan(b.income), format_yuan(b.expense), format_yuan(ends.get(b.key_id, 0)))
            for b in flows]
    rows.append(("合计", format_yuan(sum(b.income for b in flows)), format_yuan(sum(b.expense for b in flows)),
                 format_yuan(sum(ends.values()))))
    return Table(("经费来源", "本期收入（元）", "本期支出（元）", "期末余额（元）"), tuple(rows), (2.2, 2, 2, 2),
                 caption=f"{ctx.period.label}经费收支情况", align_left=(0,), font_size=10.5)


@table(BUDGET_TABLE)
def _budget_table(ctx: FigureContext) -> Table:
    rows = ctx.services.budgets.execution(ctx.org_id, ctx.as_of.year, ctx.as_of)
    if not rows:
        raise FigureUnavailable(f"“{ctx.org.name}”尚未录入{ctx.as_of.year}年度预算")
    return budget_table(rows, f"{ctx.as_of.year}年度预算执行情况（截至{ctx.as_of.month}月{ctx.as_of.day}日）")


def budget_table(rows: list[ExecutionRow], caption: str) -> Table:
    body = tuple((r.category.replace("/", "—"), r.source or "各来源", format_yuan(r.budget), format_yuan(r.actual),
                  "" if r.used is None else f"{r.used}%", ("超支" + format_yuan(-r.left)) if r.over else "")
                 for r in rows)
    return Table(("支出类别", "经费来源", "预算（元）", "实际支出（元）", "执行率", "备注"), body,
                 (3, 1.6, 1.8, 1.8, 1.1, 1.9), caption=caption, align_left=(0,), font_size=10.5)
