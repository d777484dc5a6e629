"""Named figures a briefing quotes, each bound to the records: {党员总数}, {网格党支部数} ...

A figure is a function of a ``FigureContext`` (services, organisation subtree, period) that
returns a number (or a short text). Later capabilities register their own figures with
``@figure(...)`` (co-building agreements, service hours, funds). A figure the records cannot
give raises ``FigureUnavailable`` with the reason, which the briefing lists as a problem —
it is never printed as a blank.

Named charts (``@chart``) and tables (``@table``) work the same way for the template's
[柱状图：…] / [饼图：…] / [表格：…] markers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

from app.domain.kit.text import cn_date
from app.domain.orgs.rules import BRANCH_TYPES, COMMITTEE_TYPES, OrgType
from app.domain.orgs.tree import OrgTree
from app.reports.briefings.period import Period
from app.reports.kit.blocks import Table
from app.services.orgs.service import OrgRow


class FigureUnavailable(Exception):
    """The records cannot give this figure; ``reason`` says why, in Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def decimal_text(number: Decimal | float | int) -> str:
    """One decimal place, rounded half up, without a trailing .0: 28.7, 30, 2.3."""
    q = Decimal(str(number)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    text = f"{q:f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True)
class Value:
    value: int | float | Decimal | str
    unit: str = ""
    shown: str = ""  # how it reads in a sentence when that is not number and unit ("增加12名（2.3%）")

    def number_text(self) -> str:
        v = self.value
        if self.unit == YUAN and isinstance(v, Decimal | int):
            return f"{Decimal(v):.2f}"  # an amount: exact to the 分, no separators
        if isinstance(v, float | Decimal) and not isinstance(v, bool):
            return decimal_text(v)
        return str(v)

    def text(self) -> str:
        if self.shown:
            return self.shown
        if self.unit == YUAN and isinstance(self.value, Decimal | int):
            return f"{Decimal(self.value):,.2f}{YUAN}"  # 1,234,567.89元
        return self.number_text() + self.unit

    def number(self) -> Decimal | None:
        """The value as a number for conditions; None for a text."""
        v = self.value
        if isinstance(v, bool | str):
            return None
        return Decimal(str(v))

    def wan_text(self) -> str | None:
        """An amount in 万元 to one decimal (12.3万元); None for a figure that is not an amount."""
        if self.unit != YUAN or not isinstance(self.value, Decimal | int):
            return None
        from app.domain.kit.money import decimal_to_fen, format_wanyuan

        return format_wanyuan(decimal_to_fen(Decimal(self.value))) + "万元"


YUAN = "元"


@dataclass
class FigureContext:
    """What figures are computed from; expensive reads are done once per briefing."""

    services: Any
    org_id: int
    period: Period
    issued_on: dt.date = field(default_factory=dt.date.today)

    @property
    def as_of(self) -> dt.date:
        """The day the counts describe: the period's end, or today if it has not ended."""
        return min(self.period.end, dt.date.today())

    @cached_property
    def org(self):
        return self.services.orgs.get(self.org_id)

    @cached_property
    def tree(self) -> OrgTree[OrgRow]:
        return self.services.orgs.tree()

    @cached_property
    def expired(self) -> list[OrgRow]:
        """Organisations (this one included) whose term had ended by ``as_of`` with no
        election yet: the term they were serving then, from the audit trail when they have
        held an election since."""
        electing = COMMITTEE_TYPES | BRANCH_TYPES | {OrgType.GENERAL_BRANCH}
        day = self.as_of
        rows = [o for o in self.subtree if o.org_type in electing]
        renewed = [o.id for o in rows if o.term_start is not None and o.term_start > day]
        past = self.services.orgs.term_ends_on(renewed, day) if renewed else {}
        out = []
        for o in rows:
            end = past.get(o.id) if o.id in past else o.term_end
            if end is not None and end < day:
                out.append(o)
        return out

    def shifted(self, period: Period) -> FigureContext:
        """The same organisation over another period (for comparisons)."""
        key = (period.start, period.end)
        cache = self.__dict__.setdefault("_shifted", {})
        if key not in cache:
            cache[key] = FigureContext(self.services, self.org_id, period, self.issued_on)
        return cache[key]

    @cached_property
    def subtree(self) -> list[OrgRow]:
        """The organisation and everything below it that existed on ``as_of`` (founded by then,
        not yet closed)."""
        return [o for o in self.tree.walk(self.org_id) if _existed_on(o, self.as_of)]

    @cached_property
    def below(self) -> list[OrgRow]:
        return [o for o in self.subtree if o.id != self.org_id]

    @property
    def members(self):
        service = getattr(self.services, "members", None)
        if service is None:
            raise FigureUnavailable("本程序尚未启用党员信息")
        return service

    @cached_property
    def member_stats(self):
        return self.members.stats(self.org_id, self.as_of, by_org=True)

    @cached_property
    def member_flow(self):
        return self.members.flow(self.org_id, self.period.start, self.period.end)

    def member_total_or_fail(self) -> int:
        total = self.member_stats.total
        if total == 0:
            raise FigureUnavailable(f"“{self.org.name}”及下级组织尚未登记党员")
        return total


def _existed_on(org: OrgRow, day: dt.date) -> bool:
    founded = org.established is None or org.established <= day
    return founded and (org.closed_on is None or org.closed_on > day)


Compute = Callable[[FigureContext], int | float | Decimal | str | Value]


@dataclass(frozen=True)
class Figure:
    name: str
    unit: str
    group: str
    help: str
    compute: Compute


FIGURES: dict[str, Figure] = {}
# Names made from other figures ({党员总数较上期增减}): a function from the name to a Figure,
# or None when the name is not of its form (figures_derived registers them).
DERIVED: list[Callable[[str], Figure | None]] = []


def figure(name: str, unit: str = "", group: str = "", help: str = "") -> Callable[[Compute], Compute]:
    def register(fn: Compute) -> Compute:
        FIGURES[name] = Figure(name, unit, group, help, fn)
        return fn

    return register


def lookup(name: str) -> Figure | None:
    """The figure of that name, registered or derived; None when there is none."""
    if name in FIGURES:
        return FIGURES[name]
    for derive in DERIVED:
        if (found := derive(name)) is not None:
            return found
    return None


def evaluate(name: str, ctx: FigureContext) -> Value:
    """Raises KeyError for an unknown name, FigureUnavailable when the records cannot say."""
    f = lookup(name)
    if f is None:
        raise KeyError(name)
    result = f.compute(ctx)
    if result is None:
        raise FigureUnavailable("台账中没有这项数据")
    if isinstance(result, Value):
        return result
    return Value(result, f.unit)


@dataclass(frozen=True)
class ChartData:
    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    unit: str = ""


ChartSource = Callable[[FigureContext], ChartData]
TableSource = Callable[[FigureContext], Table]
CHARTS: dict[str, ChartSource] = {}
TABLES: dict[str, TableSource] = {}


def chart(name: str) -> Callable[[ChartSource], ChartSource]:
    def register(fn: ChartSource) -> ChartSource:
        CHARTS[name] = fn
        return fn

    return register


def table(name: str) -> Callable[[TableSource], TableSource]:
    def register(fn: TableSource) -> TableSource:
        TABLES[name] = fn
        return fn

    return register


def catalogue(derived: bool = False) -> list[Figure]:
    """Every figure, grouped, for the GUI's "insert figure" list and the template help; with
    ``derived``, also each count figure's change against the previous period and year."""
    found = list(FIGURES.values())
    if derived:
        from app.reports.briefings.figures_derived import changes_of

        found += [c for f in FIGURES.values() for c in changes_of(f)]
    return sorted(found, key=lambda f: (f.group, f.name))


# ---- the document's own facts -------------------------------------------------------------
GENERAL = "基本信息"


@figure("组织名称", group=GENERAL, help="所选党组织的全称")
def _org_name(ctx: FigureContext) -> str:
    return ctx.org.name


@figure("组织简称", group=GENERAL, help="所选党组织的简称（没有简称时为全称）")
def _org_short(ctx: FigureContext) -> str:
    return ctx.org.display_name


@figure("期间", group=GENERAL, help="如：2026年第三季度")
def _period_label(ctx: FigureContext) -> str:
    return ctx.period.label


@figure("年度", group=GENERAL, help="如：2026年")
def _year(ctx: FigureContext) -> str:
    return f"{ctx.period.year}年"


@figure("截止日期", group=GENERAL, help="统计截止日期，如：2026年9月30日")
def _as_of(ctx: FigureContext) -> str:
    return cn_date(ctx.as_of)


@figure("印发日期", group=GENERAL, help="材料的印发日期")
def _issued(ctx: FigureContext) -> str:
    return cn_date(ctx.issued_on)


# Organisation figures live in figures_orgs.py, member figures in figures_members.py, each
# area's in figures_<area>.py (cobuild, service, funds), changes and thresholds in
# figures_derived.py, the problems the records show in findings.py; importing them registers them.
from app.reports.briefings import (  # noqa: E402, F401, I001
    figures_orgs, figures_members, figures_cobuild, figures_service, figures_funds, figures_candidates,
    figures_derived, findings,
)
