"""Co-building figures (共驻共建) and the appraisal table, from CobuildStats as at the period's
end (see app.services.cobuild.stats for what "as at" counts) and AppraisalService."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from app.reports.briefings.figures import FigureContext, FigureUnavailable, figure, table
from app.reports.kit.blocks import Table
from app.services.cobuild.stats import CobuildFigures

COBUILD = "共驻共建"
APPRAISAL_TABLE = "共建单位评议结果"


def _stats(ctx: FigureContext) -> CobuildFigures:
    """Computed once per briefing and kept on the context."""
    return ctx.once("cobuild.figures", lambda c: c.services.cobuild_stats.figures(c.org_id, c.period.start, c.as_of))


def _count(name: str, unit: str, help: str, read: Callable[[CobuildFigures], int]) -> None:
    figure(name, unit, COBUILD, help)(lambda ctx: read(_stats(ctx)))


_count("驻区单位数", "个", "截止日期时登记在区的驻区单位（此后迁出的也计入）", lambda f: f.units)
_count("大党委兼职委员数", "名", "截止日期时在任的大党委（大工委）兼职委员", lambda f: f.council_members)
_count("共建协议单位数", "个", "截止日期时有生效共建协议的单位", lambda f: f.agreement_units)
_count("共建协议数", "份", "截止日期时生效的共建协议（已签订、在协议期限内、未终止）", lambda f: f.agreements)
_count("承诺事项数", "项", "本期内有效的共建协议中的双向承诺事项", lambda f: f.commitments)
_count("承诺兑现数", "项", "其中截止日期前已兑现的承诺事项", lambda f: f.fulfilled)
_count("需求清单数", "项", "截止日期时需求清单上的事项（已取消的不计）", lambda f: f.items["需求清单"])
_count("资源清单数", "项", "截止日期时资源清单上的事项（已取消的不计）", lambda f: f.items["资源清单"])
_count("项目清单数", "项", "截止日期时项目清单上的事项（已取消的不计）", lambda f: f.items["项目清单"])
_count("认领任务数", "项", "本期内认领的清单事项", lambda f: f.claimed)
_count("完成项目数", "项", "本期内完成的清单事项", lambda f: f.completed)
_count("党建引领建设项目数", "项", "类别为“城市建设”、已实施或已完成的项目清单事项", lambda f: f.city_projects)
_count("联席会次数", "次", "本期内召开的共驻共建联席会议", lambda f: f.meetings)
_count("到共建单位挂职人数", "名", "截止日期时在共建单位挂职的社区干部", lambda f: f.posted_to_units)
_count("共建单位挂职人数", "名", "截止日期时从共建单位到社区挂职的干部", lambda f: f.posted_from_units)


@figure("承诺兑现率", "%", COBUILD, "承诺兑现数占承诺事项数的比例")
def _fulfilment_rate(ctx: FigureContext) -> Decimal:
    f = _stats(ctx)
    if f.commitments == 0:
        raise FigureUnavailable("本期内有效的共建协议中没有登记承诺事项，无法计算兑现率")
    return (Decimal(f.fulfilled * 100) / f.commitments).quantize(Decimal("0.1"))


@table(APPRAISAL_TABLE)
def _appraisal(ctx: FigureContext) -> Table:
    """The 社区评单位 results of the subtree's appraisals of the period's year (or, before any
    that year, of the latest earlier year): one organisation's with each criterion's score, or
    several organisations' with their totals, each ranked within its own appraisal."""
    appraisals = ctx.services.appraisals
    subtree = [o.id for o in ctx.subtree]
    order = {org_id: i for i, org_id in enumerate(subtree)}
    rounds = [r for r in appraisals.rounds() if r.org_id in order and r.year <= ctx.period.year and r.sheets]
    if not rounds:
        raise FigureUnavailable(f"“{ctx.org.name}”及下级组织尚未录入{ctx.period.year}年度及以前的双向评议分数")
    year = max(r.year for r in rounds)
    chosen = sorted((r for r in rounds if r.year == year), key=lambda r: order[r.org_id])
    tables = [(r, appraisals.table(r.id)) for r in chosen]
    tables = [(r, rows) for r, rows in tables if rows]
    if not tables:
        raise FigureUnavailable(f"{year}年度双向评议中还没有社区对单位的评分")
    caption = f"{year}年度共建单位双向评议结果"
    if len(tables) == 1:
        r, rows = tables[0]
        names = tuple(c.name for c in r.criteria)
        header = ("名次", "单位", *names, "总分", "等次")
        body = tuple((str(x.rank), x.name, *(f"{x.scores[n]:.2f}".rstrip("0").rstrip(".") for n in names),
                      f"{x.total:.2f}", x.grade) for x in rows)
        widths = (1, 3.2, *(1.3,) * len(names), 1.3, 1)
        return Table(header, body, widths, caption=caption, align_left=(1,), font_size=10.5)
    body = tuple((r.org_name, str(x.rank), x.name, f"{x.total:.2f}", x.grade) for r, rows in tables for x in rows)
    return Table(("党组织", "名次", "单位", "总分", "等次"), body, (2.6, 1, 3.2, 1.3, 1), caption=caption,
                 align_left=(0, 2))
