"""Volunteer service figures (在职党员报到 and 志愿服务) and the per-unit table, from
ServiceStats as at the period's end and for the period (see app.services.service.stats)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from app.domain.service.hours import average_tenths, format_hours
from app.reports.briefings.figures import FigureContext, FigureUnavailable, figure, table
from app.reports.kit.blocks import Table
from app.services.service.stats import ServiceFigures

SERVICE = "志愿服务"
UNIT_TABLE = "各单位在职党员服务情况"


def _stats(ctx: FigureContext) -> ServiceFigures:
    """Computed once per briefing and kept on the context."""
    return ctx.once("service.figures", lambda c: c.services.service_stats.figures(c.org_id, c.period.start, c.as_of))


def _count(name: str, unit: str, help: str, read: Callable[[ServiceFigures], int]) -> None:
    figure(name, unit, SERVICE, help)(lambda ctx: read(_stats(ctx)))


def _hours(tenths: int) -> Decimal:
    return Decimal(format_hours(tenths))


_count("在职党员报到人数", "名", "截止日期时已到社区报到、尚未离开的在职党员", lambda f: f.reported)
_count("报到单位数", "个", "这些在职党员所在的驻区单位", lambda f: f.units)
_count("服务队伍数", "支", "截止日期时已成立、未撤销的志愿服务队伍", lambda f: f.teams)
_count("党员先锋队数", "支", "其中党员先锋队、党员攻坚队类型的队伍", lambda f: f.vanguard_teams)
_count("志愿者人数", "名", "本期内有已确认服务记录的人（党员和群众）", lambda f: f.volunteers)
_count("两代表一委员人数", "名", "其中的两代表一委员", lambda f: f.reps)
_count("服务活动次数", "次", "本期内举办的志愿服务活动", lambda f: f.activities)
_count("服务记录数", "条", "本期内已确认的志愿服务记录", lambda f: f.records)
_count("服务群众人次", "人次", "本期内已确认的服务记录中登记的服务群众人次", lambda f: f.served)


@figure("志愿服务时长", "小时", SERVICE, "本期内已确认的志愿服务时长合计（保留一位小数）")
def _total_hours(ctx: FigureContext) -> Decimal:
    return _hours(_stats(ctx).tenths)


@figure("人均服务时长", "小时", SERVICE, "志愿服务时长除以志愿者人数")
def _average(ctx: FigureContext) -> Decimal:
    f = _stats(ctx)
    if f.volunteers == 0:
        raise FigureUnavailable("本期内没有已确认的志愿服务记录，无法计算人均服务时长")
    return _hours(average_tenths(f.tenths, f.volunteers))


@figure("报到党员年度达标率", "%", SERVICE, "已报到在职党员中，截止日期时已完成本年度服务指标的比例")
def _quota_rate(ctx: FigureContext) -> Decimal:
    f = _stats(ctx)
    if f.quota_people == 0:
        raise FigureUnavailable("没有已报到且设有年度服务指标的在职党员，无法计算达标率")
    return (Decimal(f.quota_met * 100) / f.quota_people).quantize(Decimal("0.1"))


@table(UNIT_TABLE)
def _by_unit(ctx: FigureContext) -> Table:
    f = _stats(ctx)
    if not f.by_unit:
        raise FigureUnavailable(f"“{ctx.org.name}”截止{ctx.as_of.year}年{ctx.as_of.month}月{ctx.as_of.day}日"
                                "还没有在职党员报到")
    body = tuple((u.name, str(u.reported), str(u.records), format_hours(u.tenths),
                  format_hours(average_tenths(u.tenths, u.reported)), str(u.met)) for u in f.by_unit)
    total = ("合计", str(f.reported), str(sum(u.records for u in f.by_unit)),
             format_hours(sum(u.tenths for u in f.by_unit)),
             format_hours(average_tenths(sum(u.tenths for u in f.by_unit), f.reported)),
             str(sum(u.met for u in f.by_unit)))
    return Table(("单位", "报到人数", "服务次数", "服务时长（小时）", "人均（小时）", "年度达标人数"),
                 (*body, total), (3.2, 1.2, 1.2, 1.6, 1.3, 1.4), caption="各单位在职党员服务情况", align_left=(0,))
