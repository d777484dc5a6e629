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
from decimal import Decimal
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


@dataclass(frozen=True)
class Value:
    value: int | float | Decimal | str
    unit: str = ""

    def number_text(self) -> str:
        v = self.value
        if isinstance(v, float | Decimal) and not isinstance(v, bool):
            text = f"{v:.1f}"
            return text[:-2] if text.endswith(".0") else text
        return str(v)

    def text(self) -> str:
        return self.number_text() + self.unit


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
    def subtree(self) -> list[OrgRow]:
        """The organisation and everything below it that was open on ``as_of``."""
        return [o for o in self.tree.walk(self.org_id) if _open_on(o, self.as_of)]

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
        return self.members.stats(self.org_id, self.as_of)

    @cached_property
    def member_flow(self):
        return self.members.flow(self.org_id, self.period.start, self.period.end)

    def member_total_or_fail(self) -> int:
        total = self.member_stats.total
        if total == 0:
            raise FigureUnavailable(f"“{self.org.name}”及下级组织尚未登记党员")
        return total


def _open_on(org, day: dt.date) -> bool:
    return org.closed_on is None or org.closed_on > day


Compute = Callable[[FigureContext], int | float | Decimal | str]


@dataclass(frozen=True)
class Figure:
    name: str
    unit: str
    group: str
    help: str
    compute: Compute


FIGURES: dict[str, Figure] = {}


def figure(name: str, unit: str = "", group: str = "", help: str = "") -> Callable[[Compute], Compute]:
    def register(fn: Compute) -> Compute:
        FIGURES[name] = Figure(name, unit, group, help, fn)
        return fn

    return register


def evaluate(name: str, ctx: FigureContext) -> Value:
    """Raises KeyError for an unknown name, FigureUnavailable when the records cannot say."""
    f = FIGURES[name]
    result = f.compute(ctx)
    if result is None:
        raise FigureUnavailable("台账中没有这项数据")
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


def catalogue() -> list[Figure]:
    """Every figure, grouped, for the GUI's "insert figure" list and the template help."""
    return sorted(FIGURES.values(), key=lambda f: (f.group, f.name))


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


# ---- organisations ------------------------------------------------------------------------
ORGS = "党组织"


def _count(ctx: FigureContext, *types: OrgType) -> int:
    return sum(1 for o in ctx.below if o.org_type in types)


@figure("下属党组织数", "个", ORGS, "所选组织以下的各级党组织（不含本级）")
def _below(ctx: FigureContext) -> int:
    return len(ctx.below)


@figure("街道党工委数", "个", ORGS)
def _streets(ctx: FigureContext) -> int:
    return _count(ctx, OrgType.STREET)


@figure("社区党委数", "个", ORGS)
def _communities(ctx: FigureContext) -> int:
    return _count(ctx, OrgType.COMMUNITY)


@figure("党总支数", "个", ORGS)
def _general(ctx: FigureContext) -> int:
    return _count(ctx, OrgType.GENERAL_BRANCH)


@figure("社区党组织数", "个", ORGS, "社区党委，以及直属街道的社区党总支")
def _community_orgs(ctx: FigureContext) -> int:
    types = {o.id: o.org_type for o in ctx.subtree}

    def counts(o: OrgRow) -> bool:
        parent_type = types.get(o.parent_id) if o.parent_id is not None else None
        return o.org_type is OrgType.COMMUNITY or (
            o.org_type is OrgType.GENERAL_BRANCH and parent_type in (OrgType.STREET, OrgType.COUNTY))

    return len([o for o in ctx.below if counts(o)])


@figure("行业党委数", "个", ORGS)
def _industry(ctx: FigureContext) -> int:
    return _count(ctx, OrgType.INDUSTRY)


@figure("商圈党委数", "个", ORGS)
def _business(ctx: FigureContext) -> int:
    return _count(ctx, OrgType.BUSINESS_DISTRICT)


@figure("楼宇党委数", "个", ORGS, "商务楼宇党委")
def _buildings(ctx: FigureContext) -> int:
    return _count(ctx, OrgType.OFFICE_BUILDING)


@figure("党支部数", "个", ORGS, "各类党支部：党支部、网格党支部、临时党支部、联合党支部")
def _branches(ctx: FigureContext) -> int:
    return _count(ctx, *BRANCH_TYPES)


@figure("网格党支部数", "个", ORGS)
def _grid_branches(ctx: FigureContext) -> int:
    return _count(ctx, OrgType.GRID_BRANCH)


@figure("临时党支部数", "个", ORGS)
def _temp_branches(ctx: FigureContext) -> int:
    return _count(ctx, OrgType.TEMP_BRANCH)


@figure("联合党支部数", "个", ORGS)
def _joint_branches(ctx: FigureContext) -> int:
    return _count(ctx, OrgType.JOINT_BRANCH)


@figure("党小组数", "个", ORGS)
def _groups(ctx: FigureContext) -> int:
    return _count(ctx, OrgType.GROUP)


@figure("届满未换届党组织数", "个", ORGS, "截止日期时已过届满日期的党委、党总支和党支部（含本级）")
def _expired(ctx: FigureContext) -> int:
    electing = COMMITTEE_TYPES | BRANCH_TYPES | {OrgType.GENERAL_BRANCH}
    return sum(1 for o in ctx.subtree
               if o.org_type in electing and o.term_end is not None and o.term_end < ctx.as_of)


@figure("新成立党组织数", "个", ORGS, "成立日期在本期内的下属党组织")
def _founded(ctx: FigureContext) -> int:
    p = ctx.period
    return sum(1 for o in ctx.below if o.established and p.start <= o.established <= p.end)


@figure("撤销党组织数", "个", ORGS, "本期内撤销的下属党组织")
def _closed(ctx: FigureContext) -> int:
    ids = set(ctx.services.orgs.subtree_ids(ctx.org_id)) - {ctx.org_id}
    p = ctx.period
    return sum(1 for o in ctx.services.orgs.list()
               if o.id in ids and o.closed_on and p.start <= o.closed_on <= p.end)


# ---- organisation charts and tables -------------------------------------------------------
@chart("党组织类型")
def _org_types(ctx: FigureContext) -> ChartData:
    counts = {t: _count(ctx, t) for t in OrgType}
    shown = [(t.value, n) for t, n in counts.items() if n]
    return ChartData("下属党组织类型分布", tuple(k for k, _ in shown),
                     tuple(float(n) for _, n in shown), "个")


@table("下级党组织情况")
def _children_table(ctx: FigureContext) -> Table:
    """One row per direct subordinate organisation: what lies below it (and its members)."""
    children = [o for o in ctx.below if o.parent_id == ctx.org_id]
    shown = {o.id for o in ctx.subtree}

    def under(root: int) -> list[OrgRow]:
        return [o for o in ctx.tree.below(root) if o.id in shown]

    has_members = getattr(ctx.services, "members", None) is not None
    header: tuple[str, ...] = ("党组织", "类型", "党支部", "网格党支部", "党小组")
    if has_members:
        header += ("党员",)
    rows: list[tuple[str, ...]] = []
    for c in children:
        sub = under(c.id)
        row: tuple[str, ...] = (c.display_name, c.org_type.value,
               str(sum(1 for o in sub if o.org_type in BRANCH_TYPES)),
               str(sum(1 for o in sub if o.org_type is OrgType.GRID_BRANCH)),
               str(sum(1 for o in sub if o.org_type is OrgType.GROUP)))
        if has_members:
            row += (str(ctx.services.members.stats(c.id, ctx.as_of).total),)
        rows.append(row)
    widths = (3, 2, 1.2, 1.8, 1.2) + ((1.2,) if has_members else ())
    return Table(header, tuple(rows), widths, caption="下级党组织情况", align_left=(0,))


# Member figures live in figures_members.py, co-building's in figures_cobuild.py, volunteer
# service's in figures_service.py; importing them registers them.
from app.reports.briefings import figures_cobuild, figures_members, figures_service  # noqa: E402, F401
