"""Figures made from other figures: changes against an earlier period, and the thresholds
templates compare figures with.

{名称较上期增减} and {名称较上年增减} work for every count figure (unit 名, 个 or 户): the figure
now against the previous period (previous quarter, month, half year or year) or the same period
a year earlier, printed as "增加12名（2.3%）", "减少3名（0.6%）" or "持平". Written
{名称较上期增减:数值} it prints the signed number (12, -3, 0), which is also what conditions compare.

Thresholds (年轻党员占比下限, …) are office settings kept by BriefingService; as figures they let a
template choose its words by a value the office can change without editing the template.
"""

from __future__ import annotations

import re
from decimal import Decimal

from app.reports.briefings import period as periods
from app.reports.briefings.figures import (
    Figure,
    FigureContext,
    FigureUnavailable,
    Value,
    decimal_text,
    derived,
    evaluate,
    figure,
    registry,
)

COUNT_UNITS = ("名", "个", "户")
CHANGES = {"较上期增减": ("上期", periods.previous), "较上年增减": ("上年同期", periods.year_before)}
CHANGE_GROUP = "增减（较上期、较上年）"
THRESHOLD_GROUP = "阈值（本单位设置）"
_CHANGE = re.compile(r"^(.+?)(" + "|".join(CHANGES) + r")$")


def change_text(now: int, before: int, unit: str) -> str:
    """增加12名（2.3%）, 减少3名（0.6%）, 持平; no percentage when there was nothing before."""
    delta = now - before
    if delta == 0:
        return "持平"
    word = "增加" if delta > 0 else "减少"
    text = f"{word}{abs(delta)}{unit}"
    if before > 0:
        text += f"（{decimal_text(Decimal(abs(delta)) * 100 / Decimal(before))}%）"
    return text


def _change_figure(base: Figure, suffix: str) -> Figure:
    label, shift = CHANGES[suffix]

    def compute(ctx: FigureContext) -> Value:
        now = evaluate(base.name, ctx).value
        earlier = ctx.shifted(shift(ctx.period))
        try:
            before = evaluate(base.name, earlier).value
        except FigureUnavailable as exc:
            raise FigureUnavailable(f"{label}（{earlier.period.label}）的{base.name}无法取得：{exc.reason}") from None
        if not isinstance(now, int) or not isinstance(before, int):
            raise FigureUnavailable(f"“{base.name}”不是计数，不能比较增减")
        return Value(now - before, "", change_text(now, before, base.unit))

    return Figure(base.name + suffix, "", CHANGE_GROUP,
                  f"{base.name}与{label}相比的增减，如“增加12{base.unit}（2.3%）”“持平”", compute)


def _is_count(f: Figure) -> bool:
    return f.unit in COUNT_UNITS and f.group not in (CHANGE_GROUP, THRESHOLD_GROUP)


def changes_of(f: Figure) -> list[Figure]:
    return [_change_figure(f, suffix) for suffix in CHANGES] if _is_count(f) else []


@derived
def _derive_change(name: str) -> Figure | None:
    known = registry().figures
    m = _CHANGE.match(name)
    if not m or m[1] not in known or not _is_count(known[m[1]]):
        return None
    return _change_figure(known[m[1]], m[2])


def _threshold_figure(name: str, unit: str, help: str) -> None:
    def compute(ctx: FigureContext) -> Decimal:
        service = getattr(ctx.services, "briefings", None)
        if service is None:
            raise FigureUnavailable("本程序尚未启用材料设置")
        return service.thresholds()[name]

    figure(name, unit, THRESHOLD_GROUP, help)(compute)


def _register_thresholds() -> None:
    from app.services.briefings.service import THRESHOLDS

    for name, (_default, unit, help) in THRESHOLDS.items():
        _threshold_figure(name, unit, help)


_register_thresholds()
