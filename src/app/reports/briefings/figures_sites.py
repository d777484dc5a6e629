"""Figures of sites (阵地), the people who run the work, brands and grid visits, from SitesStats
as at the period's end (sites and people standing that day) or over the period (new sites, new
workers, visits)."""

from __future__ import annotations

from collections.abc import Callable

from app.reports.briefings.figures import FigureContext, FigureUnavailable, figure
from app.services.sites.stats import SitesFigures

SITES = "阵地队伍"


def _stats(ctx: FigureContext) -> SitesFigures:
    """Computed once per briefing and kept on the context."""
    cached = ctx.__dict__.get("_sites_figures")
    if cached is None:
        cached = ctx.services.sites_stats.figures(ctx.org_id, ctx.period.start, ctx.as_of)
        ctx.__dict__["_sites_figures"] = cached
    return cached


def _count(name: str, unit: str, help: str, read: Callable[[SitesFigures], int]) -> None:
    figure(name, unit, SITES, help)(lambda ctx: read(_stats(ctx)))


_count("共享型组织生活基地数", "个", "截止日期时在用的共享型组织生活基地", lambda f: f.shared_bases)
_count("新建活动场所数", "处", "本期内启用的阵地（党群服务中心、活动场所、共享型组织生活基地）", lambda f: f.new_sites)
_count("标准化党群服务中心数", "个", "截止日期时在用、已达标准化建设的党群服务中心", lambda f: f.standard_centres)
_count("党群服务中心数", "个", "截止日期时在用的党群服务中心", lambda f: f.centres)
_count("兼任第一书记副书记人数", "名", "截止日期时在任的县直机关派驻社区第一书记、副书记", lambda f: f.posted_secretaries)
_count("专职党务工作者数", "名", "截止日期时登记的社区专职党务工作者", lambda f: f.workers)
_count("新招聘专职党务工作者数", "名", "招聘年份在本期年度内的社区专职党务工作者", lambda f: f.new_workers)
_count("特色品牌数", "个", "截止日期前已申报的一社区一特色一品牌项目", lambda f: len(f.brands))
_count("进格入户人数", "名", "本期内有走访记录的社区干部和党员中心户（按人计）", lambda f: f.visitors)
_count("入户走访次数", "次", "本期内登记的进格入户走访", lambda f: f.visits)


@figure("特色品牌", "", SITES, "截止日期前已申报的特色品牌名称，以顿号分隔")
def _brand_names(ctx: FigureContext) -> str:
    names = _stats(ctx).brands
    if not names:
        raise FigureUnavailable(f"“{ctx.org.name}”及下级组织截止{ctx.as_of.year}年{ctx.as_of.month}月"
                                f"{ctx.as_of.day}日还没有申报特色品牌")
    return "、".join(dict.fromkeys(names))
