"""Member figures and charts, from MemberService.stats (members on record in the subtree on
the period's last day) and MemberService.flow (what happened within the period)."""

from __future__ import annotations

from typing import Any

from app.domain.members.catalog import CATEGORIES, EDUCATION
from app.domain.members.rules import AGE_BANDS, STAT_AGE_BANDS
from app.reports.briefings.figures import ChartData, FigureContext, FigureUnavailable, chart, figure

MEMBERS = "党员"
FLOW = "党员变动"
COLLEGE = ("研究生（博士）", "研究生（硕士）", "大学本科", "大学专科")


# ---- what the member figures read, once per briefing ----------------------------------------
def members(ctx: FigureContext) -> Any:
    """The member service; a copy of the program without members has no member figures."""
    service = getattr(ctx.services, "members", None)
    if service is None:
        raise FigureUnavailable("本程序尚未启用党员信息")
    return service


def member_stats(ctx: FigureContext) -> Any:
    """Members on record in the subtree on ``as_of`` (MemberService.stats, by organisation)."""
    return ctx.once("members.stats", lambda c: members(c).stats(c.org_id, c.as_of, by_org=True))


def member_flow(ctx: FigureContext) -> Any:
    """What happened to members within the period (MemberService.flow)."""
    return ctx.once("members.flow", lambda c: members(c).flow(c.org_id, c.period.start, c.period.end))


def member_total_or_fail(ctx: FigureContext) -> int:
    total: int = member_stats(ctx).total
    if total == 0:
        raise FigureUnavailable(f"“{ctx.org.name}”及下级组织尚未登记党员")
    return total


def _share(part: int, ctx: FigureContext) -> float:
    total = member_total_or_fail(ctx)
    return round(part * 100.0 / total, 1)


@figure("党员总数", "名", MEMBERS, "在册党员（正式党员和预备党员）")
def _total(ctx: FigureContext) -> int:
    return member_total_or_fail(ctx)


@figure("正式党员数", "名", MEMBERS)
def _full(ctx: FigureContext) -> int:
    member_total_or_fail(ctx)
    return member_stats(ctx).full


@figure("预备党员数", "名", MEMBERS)
def _probationary(ctx: FigureContext) -> int:
    member_total_or_fail(ctx)
    return member_stats(ctx).probationary


def _category_figure(category: str) -> None:
    def compute(ctx: FigureContext) -> int:
        member_total_or_fail(ctx)
        return member_stats(ctx).by_category.get(category, 0)

    figure(f"{category}数", "名", MEMBERS, f"党员类别为“{category}”的在册党员")(compute)


for _category in CATEGORIES:
    _category_figure(_category)


@figure("男党员数", "名", MEMBERS)
def _men(ctx: FigureContext) -> int:
    member_total_or_fail(ctx)
    return member_stats(ctx).by_sex.get("男", 0)


@figure("女党员数", "名", MEMBERS)
def _women(ctx: FigureContext) -> int:
    member_total_or_fail(ctx)
    return member_stats(ctx).by_sex.get("女", 0)


@figure("女党员占比", "%", MEMBERS)
def _women_share(ctx: FigureContext) -> float:
    return _share(member_stats(ctx).by_sex.get("女", 0), ctx)


@figure("少数民族党员数", "名", MEMBERS, "汉族以外的在册党员（民族未填写的不计）")
def _minorities(ctx: FigureContext) -> int:
    member_total_or_fail(ctx)
    return sum(n for k, n in member_stats(ctx).by_ethnicity.items() if k not in ("汉族", "未填写"))


def _band_figure(band: str, stat: bool = False) -> None:
    def compute(ctx: FigureContext) -> int:
        member_total_or_fail(ctx)
        stats = member_stats(ctx)
        return (stats.by_stat_age_band if stat else stats.by_age_band).get(band, 0)

    figure(f"{band}党员数", "名", MEMBERS, "党内统计年报的年龄段" if stat else "")(compute)


for _band in AGE_BANDS:
    _band_figure(_band)
for _band in STAT_AGE_BANDS:
    _band_figure(_band, stat=True)


@figure("大专及以上学历党员数", "名", MEMBERS)
def _college(ctx: FigureContext) -> int:
    member_total_or_fail(ctx)
    return sum(member_stats(ctx).by_education.get(e, 0) for e in COLLEGE)


@figure("大专及以上学历占比", "%", MEMBERS)
def _college_share(ctx: FigureContext) -> float:
    return _share(sum(member_stats(ctx).by_education.get(e, 0) for e in COLLEGE), ctx)


@figure("外出流动党员数", "名", MEMBERS, "标记为流动党员（外出）的在册党员")
def _mobile(ctx: FigureContext) -> int:
    member_total_or_fail(ctx)
    return member_stats(ctx).mobile


@figure("失联党员数", "名", MEMBERS)
def _lost(ctx: FigureContext) -> int:
    member_total_or_fail(ctx)
    return member_stats(ctx).lost_contact


@figure("党员中心户数", "户", MEMBERS)
def _centres(ctx: FigureContext) -> int:
    member_total_or_fail(ctx)
    return member_stats(ctx).center_households


def _flow_figure(name: str, attr: str, help: str) -> None:
    def compute(ctx: FigureContext) -> int:
        return getattr(member_flow(ctx), attr)

    figure(name, "名", FLOW, help)(compute)


for _name, _attr, _help in (
    ("新发展党员数", "joined_party", "加入党组织日期在本期内的党员"),
    ("转正党员数", "became_full", "转为正式党员日期在本期内的党员"),
    ("转入党员数", "transferred_in", "本期内组织关系转入"),
    ("转出党员数", "transferred_out", "本期内组织关系转出"),
    ("去世党员数", "died", "本期内去世"),
    ("出党人数", "expelled", "本期内出党"),
    ("新增党员数", "came", "本期新发展与转入合计"),
    ("减少党员数", "left", "本期转出、去世、出党合计"),
):
    _flow_figure(_name, _attr, _help)


def _nonzero(counts: dict[str, int], order: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    keys = [k for k in order if counts.get(k)] + [k for k in counts if k not in order and counts[k]]
    return tuple(keys), tuple(float(counts[k]) for k in keys)


def _member_chart(title: str, attr: str, order: tuple[str, ...]):
    def source(ctx: FigureContext) -> ChartData:
        member_total_or_fail(ctx)
        labels, values = _nonzero(getattr(member_stats(ctx), attr), order)
        if not labels:
            raise FigureUnavailable(f"党员的{title}尚未填写")
        return ChartData(title, labels, values, "名")

    return source


chart("党员类别")(_member_chart("党员类别分布", "by_category", CATEGORIES))
chart("党员年龄")(_member_chart("党员年龄结构", "by_age_band", AGE_BANDS))
chart("党内统计年龄")(_member_chart("党员年龄结构（党内统计）", "by_stat_age_band", STAT_AGE_BANDS))
chart("党员学历")(_member_chart("党员学历结构", "by_education", EDUCATION))
chart("党员性别")(_member_chart("党员性别构成", "by_sex", ("男", "女")))


def _band_share_figure(band: str) -> None:
    def compute(ctx: FigureContext) -> float:
        return _share(member_stats(ctx).by_age_band.get(band, 0), ctx)

    figure(f"{band}党员占比", "%", MEMBERS, f"{band}党员占在册党员的比例")(compute)


for _band in AGE_BANDS:
    _band_share_figure(_band)
