"""Organisation-life figures (三会一课, 主题党日, attendance, the schedule, 民主评议) for the
briefing's period, from app.services.orglife."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from app.domain.orglife.kinds import SANHUI_YIKE, MeetingKind, Result
from app.domain.orglife.schedule import rate
from app.reports.briefings.figures import FigureContext, FigureUnavailable, figure

ORGLIFE = "组织生活"


def _end(ctx: FigureContext) -> dt.date:
    return ctx.as_of


@figure("三会一课次数", "次", ORGLIFE, "本期内召开的支部党员大会、支部委员会、党小组会和党课")
def _sanhui(ctx: FigureContext) -> int:
    return ctx.services.orglife.count_kinds(ctx.org_id, ctx.period.start, _end(ctx), {k.value for k in SANHUI_YIKE})


@figure("主题党日次数", "次", ORGLIFE, "本期内开展的主题党日活动")
def _theme_days(ctx: FigureContext) -> int:
    return ctx.services.orglife.count_kinds(ctx.org_id, ctx.period.start, _end(ctx), {MeetingKind.THEME_DAY.value})


@figure("组织生活参加率", "%", ORGLIFE, "本期内组织生活出席人次占应到人次的比例")
def _attendance(ctx: FigureContext) -> Decimal:
    present, expected = ctx.services.orglife.attendance_totals(ctx.org_id, ctx.period.start, _end(ctx))
    value = rate(present, expected)
    if value is None:
        raise FigureUnavailable("本期内的组织生活没有登记出席情况，无法计算参加率")
    return value


@figure("未按期开展组织生活支部数", "个", ORGLIFE,
        "本期内有应开展的组织生活（按设置的频次，如主题党日每月）在期满时仍未开展的党支部")
def _behind(ctx: FigureContext) -> int:
    as_of = min(ctx.period.end + dt.timedelta(days=1), dt.date.today())
    return len(ctx.services.orglife_schedule.behind(ctx.org_id, (ctx.period.start, ctx.period.end), as_of))


@figure("民主评议优秀党员数", "名", ORGLIFE, "本期内民主评议党员中评为优秀的党员")
def _excellent(ctx: FigureContext) -> int:
    return ctx.services.orglife_appraisals.count(ctx.org_id, ctx.period.start, _end(ctx), Result.EXCELLENT)
