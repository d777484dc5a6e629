"""The problems the records show, for a briefing's 存在问题: [问题清单] prints one paragraph per
problem found (一是……, 二是……), and {台账问题数} says how many there are, so a template can
keep the clerk's own paragraph for a period with none:

    三、存在问题
    [如果 {台账问题数} > 0]
    [问题清单]
    [否则]
    （本单位自己的一段话）
    [结束]

Each finding looks at the period's figures and returns its sentence, or None. Later record
areas add theirs (quota shortfalls, unpaid dues, overspending) with ``@finding``.
"""

from __future__ import annotations

from decimal import Decimal

from app.domain.members.rules import AGE_BANDS
from app.reports.briefings.figures import (
    FigureContext,
    FigureUnavailable,
    decimal_text,
    evaluate,
    figure,
    finding,
    registry,
)
from app.reports.briefings.figures_members import member_stats
from app.reports.briefings.figures_orgs import expired

ORDINALS = "一二三四五六七八九十"
NAMES_SHOWN = 5


def found(ctx: FigureContext) -> list[str]:
    """The sentences of the problems found, in the order the findings are listed."""
    return list(ctx.once("findings", _find))


def _find(ctx: FigureContext) -> list[str]:
    out = []
    for _name, fn in registry().findings:
        try:
            sentence = fn(ctx)
        except FigureUnavailable:
            sentence = None  # an area without records shows no problem of its own
        if sentence:
            out.append(sentence)
    return out


def numbered(sentences: list[str]) -> list[str]:
    """一是……, 二是……: each sentence with its ordinal."""
    out = []
    for i, s in enumerate(sentences):
        word = ORDINALS[i] if i < len(ORDINALS) else str(i + 1)
        out.append(f"{word}是{s}")
    return out


def _names(rows: list) -> str:
    shown = "、".join(r.display_name for r in rows[:NAMES_SHOWN])
    return shown + (f"等{len(rows)}个" if len(rows) > NAMES_SHOWN else "")


@finding("届满未换届")
def _terms_ended(ctx: FigureContext) -> str | None:
    rows = expired(ctx)
    if not rows:
        return None
    return (f"换届工作不够及时，{len(rows)}个党组织已过届满日期尚未换届（{_names(rows)}），"
            "需督促按期换届。")


@finding("失联党员")
def _lost(ctx: FigureContext) -> str | None:
    if getattr(ctx.services, "members", None) is None:
        return None
    lost = member_stats(ctx).lost_contact
    if not lost:
        return None
    return f"党员日常联系还有薄弱环节，{lost}名党员失去联系，需加强排查、尽快恢复联系。"


@finding("年轻党员比例偏低")
def _young(ctx: FigureContext) -> str | None:
    service = getattr(ctx.services, "briefings", None)
    if getattr(ctx.services, "members", None) is None or service is None:
        return None
    stats = member_stats(ctx)
    if not stats.total:
        return None
    young = stats.by_age_band.get(AGE_BANDS[0], 0)
    # the share as {35岁及以下党员占比} prints it and templates compare it: never "占25%，低于25%"
    share = evaluate(f"{AGE_BANDS[0]}党员占比", ctx).number() or Decimal(0)
    floor = service.thresholds()["年轻党员占比下限"]
    if share >= floor:
        return None
    return (f"党员队伍结构有待优化，{AGE_BANDS[0]}党员{young}名，占{decimal_text(share)}%，"
            f"低于{decimal_text(floor)}%，年轻党员比例偏低。")


@figure("台账问题数", "个", "存在问题", "台账反映出的问题条数（届满未换届、党员失联等），即[问题清单]中的条数")
def _findings_count(ctx: FigureContext) -> int:
    return len(found(ctx))
