"""Named figures a briefing quotes, each bound to the records: {党员总数}, {网格党支部数} ...

A figure is a function of a ``FigureContext`` (services, organisation subtree, period) that
returns a number (or a short text). Each area declares its figures in its own module with
``@figure(...)`` (figures_members.py, figures_cobuild.py …). A figure the records cannot give
raises ``FigureUnavailable`` with the reason, which the briefing lists as a problem — it is
never printed as a blank.

Named charts (``@chart``) and tables (``@table``) work the same way for the template's
[柱状图：…] / [饼图：…] / [表格：…] markers.

Declaring is not registering: ``@figure`` files the figure under the module that declares it,
and the briefing knows the figures of the modules listed in app.reports.briefings.areas
(FIGURE_AREAS) — nothing else. ``FIGURES``, ``CHARTS`` and ``TABLES`` read that list the first
time they are asked. An area's data that several of its figures read (its statistics) is
computed once per briefing with ``ctx.once(key, read)``; the context itself knows only what
every figure shares: the organisation, its subtree and the period.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any, TypeVar

from app.domain.kit.text import cn_date
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


T = TypeVar("T")


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

    def once(self, key: str, read: Callable[[FigureContext], T]) -> T:
        """What an area's figures share (its statistics for this organisation and period), read
        the first time one of them asks and kept for the briefing."""
        cache: dict[str, Any] = self.__dict__.setdefault("_area_data", {})
        if key not in cache:
            cache[key] = read(self)
        return cache[key]


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


Derive = Callable[[str], "Figure | None"]
Finding = Callable[["FigureContext"], "str | None"]  # a problem the records show, as a sentence (None: none)


@dataclass
class Declared:
    """What one module declares: its figures, charts, tables, and the derived names it makes
    (a function from a name to a Figure, or None when the name is not of its form)."""

    figures: dict[str, Figure] = field(default_factory=dict)
    charts: dict[str, ChartSource] = field(default_factory=dict)
    tables: dict[str, TableSource] = field(default_factory=dict)
    derived: list[Derive] = field(default_factory=list)
    findings: list[tuple[str, Finding]] = field(default_factory=list)


_DECLARED: dict[str, Declared] = {}  # module name -> what it declares
_REGISTRY: list[Declared] = []  # what the listed modules declare, merged; built on first use


def declared(module: str) -> Declared:
    """What the module of that name declares (empty when it declares nothing)."""
    return _DECLARED.setdefault(module, Declared())


def _declaring(fn: Callable[..., Any]) -> Declared:
    """The declarations of the module the function was written in (for a callable without a
    module of its own, the module that called the decorator)."""
    module = getattr(fn, "__module__", None) or sys._getframe(2).f_globals["__name__"]
    return declared(module)


def registry() -> Declared:
    """Everything the modules in FIGURE_AREAS declare, in the list's order (a later name would
    replace an earlier one: the test of the list refuses two areas naming one figure)."""
    if not _REGISTRY:
        from app.reports.briefings.areas import area_modules

        merged = Declared()
        for module in area_modules():
            d = declared(module.__name__)
            merged.figures.update(d.figures)
            merged.charts.update(d.charts)
            merged.tables.update(d.tables)
            merged.derived.extend(d.derived)
            merged.findings.extend(d.findings)
        _REGISTRY.append(merged)
    return _REGISTRY[0]


V = TypeVar("V")


class _Registered(Mapping[str, V]):
    """FIGURES, CHARTS, TABLES: a read-only view of the registry, built the first time it is read."""

    def __init__(self, part: Callable[[Declared], dict[str, V]]) -> None:
        self._part = part

    def __getitem__(self, name: str) -> V:
        return self._part(registry())[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._part(registry()))

    def __len__(self) -> int:
        return len(self._part(registry()))


def figure(name: str, unit: str = "", group: str = "", help: str = "") -> Callable[[Compute], Compute]:
    def register(fn: Compute) -> Compute:
        _declaring(fn).figures[name] = Figure(name, unit, group, help, fn)
        return fn

    return register


def finding(name: str) -> Callable[[Finding], Finding]:
    """Declares a problem the records may show (the briefing's [问题清单], in the list's order)."""
    def register(fn: Finding) -> Finding:
        _declaring(fn).findings.append((name, fn))
        return fn

    return register


def derived(fn: Derive) -> Derive:
    """Declares names made from other figures ({党员总数较上期增减})."""
    _declaring(fn).derived.append(fn)
    return fn


def lookup(name: str) -> Figure | None:
    """The figure of that name, registered or derived; None when there is none."""
    known = registry()
    if name in known.figures:
        return known.figures[name]
    for derive in known.derived:
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


def chart(name: str) -> Callable[[ChartSource], ChartSource]:
    def register(fn: ChartSource) -> ChartSource:
        _declaring(fn).charts[name] = fn
        return fn

    return register


def table(name: str) -> Callable[[TableSource], TableSource]:
    def register(fn: TableSource) -> TableSource:
        _declaring(fn).tables[name] = fn
        return fn

    return register


FIGURES: Mapping[str, Figure] = _Registered(lambda d: d.figures)
CHARTS: Mapping[str, ChartSource] = _Registered(lambda d: d.charts)
TABLES: Mapping[str, TableSource] = _Registered(lambda d: d.tables)


def catalogue(derived: bool = False) -> list[Figure]:
    """Every figure, grouped, for the GUI's "insert figure" list and the template help; with
    ``derived``, also each count figure's change against the previous period and year."""
    found = list(registry().figures.values())
    if derived:
        from app.reports.briefings.figures_derived import changes_of

        found += [c for f in registry().figures.values() for c in changes_of(f)]
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
