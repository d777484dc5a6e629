"""Yearly service quotas per member category, progress, and points (积分).

Local minimums vary (e.g. 在职党员 50 hours a year, or 12 services), so each quota is a setting:
a member category, a basis (hours or number of services) and the yearly amount. A member who
reports in during the year owes the months left: reporting in July, half the year's amount.
At each quarter's end a member is behind when the work done is below the months elapsed ×
the yearly amount ÷ 12 (pro-rata; at the end of Q1 a quarter of the year's amount).
Targets are exact fractions; a shortfall is shown rounded up to 0.1 hour or a whole service.

Points are optional: so many per hour of service, a rate per kind of activity overriding it,
and so many per service of a kind (a 主题党日 counting 2 points however long it lasted).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from app.domain.kit.errors import ValidationError
from app.domain.kit.ranking import competition_ranks
from app.domain.service.hours import TENTHS_PER_HOUR, format_hours


class Basis(StrEnum):
    HOURS = "小时"
    SERVICES = "次数"


MAX_YEARLY_TENTHS = 366 * 24 * TENTHS_PER_HOUR
MAX_YEARLY_SERVICES = 1000


@dataclass(frozen=True)
class Quota:
    category: str  # the member category it applies to, e.g. 在职党员
    basis: Basis
    amount: int  # tenths of an hour for HOURS, services for SERVICES

    def __post_init__(self) -> None:
        limit = MAX_YEARLY_TENTHS if self.basis is Basis.HOURS else MAX_YEARLY_SERVICES
        if not self.category.strip():
            raise ValidationError("服务指标须写明适用的党员类别", field="党员类别")
        if not 0 < self.amount <= limit:
            raise ValidationError(
                f"{self.category}的年度服务指标{self.unit_text(self.amount)}不对，应大于0且不超过"
                f"{self.unit_text(limit)}",
                field="年度指标",
            )

    def unit_text(self, amount: int) -> str:
        return f"{format_hours(amount)}小时" if self.basis is Basis.HOURS else f"{amount}次"

    @property
    def text(self) -> str:
        return f"{self.category}每年{self.unit_text(self.amount)}"


def parse_quota(category: str, basis: object, raw: object) -> Quota:
    """A quota as typed in the settings: 50 (hours, one decimal at most) or 12 (services)."""
    try:
        kind = Basis(str(basis).strip())
    except ValueError as exc:
        raise ValidationError("服务指标按“小时”或“次数”计算，请选择其一", field="指标类型") from exc
    text = str(raw if raw is not None else "").strip().removesuffix("小时").removesuffix("次")
    try:
        value = Decimal(text)
    except ArithmeticError as exc:
        raise ValidationError(f"{category}的年度服务指标“{raw}”不是数字", field="年度指标") from exc
    scale = TENTHS_PER_HOUR if kind is Basis.HOURS else 1
    if not value.is_finite() or value * scale != (value * scale).to_integral_value():
        precision = "最多一位小数" if kind is Basis.HOURS else "应为整数"
        raise ValidationError(f"{category}的年度服务指标“{raw}”{precision}", field="年度指标")
    return Quota(category.strip(), kind, int(value * scale))


def quota_table(quotas: Iterable[Quota]) -> dict[str, Quota]:
    """The quotas by category; a category given twice is refused."""
    table: dict[str, Quota] = {}
    for quota in quotas:
        if quota.category in table:
            raise ValidationError(f"党员类别“{quota.category}”的服务指标设置了两次，请只保留一个",
                                  field="党员类别")
        table[quota.category] = quota
    return table


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def last_quarter_ended(as_of: dt.date) -> tuple[int, int] | None:
    """(year, quarter) of the latest quarter that has ended by ``as_of`` (the day after its end)."""
    quarter = quarter_of(as_of) - 1
    return (as_of.year, quarter) if quarter else (as_of.year - 1, 4)


def _months_owed(year: int, through_month: int, since: dt.date | None) -> int:
    first = 1
    if since is not None:
        if since.year > year:
            return 0
        if since.year == year:
            first = since.month
    return max(0, through_month - first + 1)


def target(quota: Quota, year: int, quarter: int = 4, since: dt.date | None = None) -> Fraction:
    """What should be done by the end of ``quarter`` of ``year`` (exact, in the quota's unit)."""
    if not 1 <= quarter <= 4:
        raise ValueError("quarter must be 1 to 4")
    return Fraction(quota.amount * _months_owed(year, quarter * 3, since), 12)


@dataclass(frozen=True)
class Progress:
    quota: Quota
    done: int  # tenths or services, as the quota counts
    expected: Fraction  # by the end of the quarter asked about
    yearly: Fraction  # for the whole year (less for a member who reported in mid-year)

    @property
    def behind(self) -> bool:
        return self.done < self.expected

    @property
    def met(self) -> bool:
        return self.done >= self.yearly

    @property
    def shortfall(self) -> int:
        """How much is missing for the quarter's target, rounded up (0 when on schedule)."""
        return max(0, math.ceil(self.expected - self.done))

    @property
    def percent(self) -> Fraction | None:
        """Done as a share of the year's target, in percent; None when nothing is owed."""
        return Fraction(self.done * 100) / self.yearly if self.yearly else None

    @property
    def percent_text(self) -> str:
        value = self.percent
        if value is None:
            return "—"
        tenths = math.floor(value * 10 + Fraction(1, 2))
        return f"{tenths // 10}.{tenths % 10}%"

    @property
    def message(self) -> str:
        owed = self.quota.unit_text(math.ceil(self.expected))
        if not self.behind:
            return f"已完成{self.quota.unit_text(self.done)}，达到进度（应完成{owed}）"
        return (f"已完成{self.quota.unit_text(self.done)}，应完成{owed}，"
                f"还差{self.quota.unit_text(self.shortfall)}")


def progress(quota: Quota, done: int, year: int, quarter: int = 4,
             since: dt.date | None = None) -> Progress:
    """A member's progress against ``quota`` at the end of ``quarter`` of ``year``."""
    return Progress(quota, done, target(quota, year, quarter, since), target(quota, year, 4, since))


# Points ----------------------------------------------------------------------------------

def _points_value(value: Decimal, what: str) -> Decimal:
    if not value.is_finite() or value < 0 or value > 1000 or value != value.quantize(Decimal("0.01")):
        raise ValidationError(f"{what}“{value}”应为0至1000之间、最多两位小数的数", field="积分")
    return value


@dataclass(frozen=True)
class PointsScheme:
    per_hour: Decimal = Decimal(1)
    per_hour_by_kind: Mapping[str, Decimal] = field(default_factory=dict)
    per_service_by_kind: Mapping[str, Decimal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _points_value(self.per_hour, "每小时积分")
        for kind, value in self.per_hour_by_kind.items():
            _points_value(value, f"“{kind}”每小时积分")
        for kind, value in self.per_service_by_kind.items():
            _points_value(value, f"“{kind}”每次积分")

    def points(self, kind: str, tenths: int) -> Decimal:
        """Exact points for one service of ``kind`` lasting ``tenths`` of an hour."""
        rate = self.per_hour_by_kind.get(kind, self.per_hour)
        return Decimal(tenths) * rate / TENTHS_PER_HOUR + self.per_service_by_kind.get(kind, Decimal(0))


def points_ranking(services: Iterable[tuple[Hashable, str, int]],
                   scheme: PointsScheme) -> list[tuple[int, Hashable, Decimal]]:
    """(rank, person, points) from (person, kind, tenths) services, best first, ties shared."""
    totals: dict[Hashable, Decimal] = {}
    for person, kind, tenths in services:
        totals[person] = totals.get(person, Decimal(0)) + scheme.points(kind, tenths)
    ranked = competition_ranks(totals.items(), lambda item: item[1])
    return [(rank, person, points) for rank, (person, points) in ranked]


# Settings as an administrator types them ----------------------------------------------------

def quotas_typed(rows: Iterable[tuple[str, str, str]], categories: Iterable[str]) -> list[Quota]:
    """The quota table typed as rows of (member category, 小时 or 次数, yearly amount): each row
    checked (a category of the roster, a number above 0), a category given once; blank rows skipped."""
    known = tuple(categories)
    quotas = []
    for number, (category, basis, amount) in enumerate(rows, 1):
        category, amount = (category or "").strip(), str(amount or "").strip()
        if not category and not amount:
            continue
        if category not in known:
            raise ValidationError(f"第{number}行：党员类别“{category[:20]}”不在党员名册的类别中，可选："
                                  f"{'、'.join(known)}", field="党员类别")
        if not amount:
            raise ValidationError(f"第{number}行：请填写{category}的年度服务指标", field="年度指标")
        try:
            quotas.append(parse_quota(category, basis, amount[:30]))
        except ValidationError as exc:
            raise ValidationError(f"第{number}行：{exc.message}", field=exc.field) from exc
    return list(quota_table(quotas).values())


def quota_setting(quotas: Iterable[Quota]) -> list[dict[str, str]]:
    """The quotas as the setting keeps them (read back by parse_quota)."""
    return [{"category": q.category, "basis": q.basis.value,
             "amount": format_hours(q.amount).removesuffix(".0") if q.basis is Basis.HOURS else str(q.amount)}
            for q in quotas]


def _typed_points(text: str, what: str) -> Decimal:
    try:
        return _points_value(Decimal(text.strip()[:30]), what)
    except ArithmeticError as exc:
        raise ValidationError(f"{what}“{text.strip()[:30]}”不是数字", field="积分") from exc


def points_typed(per_hour: str, rows: Iterable[tuple[str, str, str]]) -> PointsScheme:
    """The points rules typed as the points per hour, and rows of (kind of activity, points per
    hour for it, points per service of it); either number of a row may be left empty."""
    by_hour: dict[str, Decimal] = {}
    by_service: dict[str, Decimal] = {}
    for number, (kind, hour, service) in enumerate(rows, 1):
        kind, hour, service = (kind or "").strip(), (hour or "").strip(), (service or "").strip()
        if not (kind or hour or service):
            continue
        if not kind or len(kind) > 20:
            raise ValidationError(f"第{number}行：请填写20字以内的活动类别", field="活动类别")
        if kind in by_hour or kind in by_service:
            raise ValidationError(f"第{number}行：活动类别“{kind}”设置了两次，请只保留一行", field="活动类别")
        if not (hour or service):
            raise ValidationError(f"第{number}行：请为“{kind}”填写每小时积分或每次积分", field="积分")
        if hour:
            by_hour[kind] = _typed_points(hour, f"第{number}行“{kind}”每小时积分")
        if service:
            by_service[kind] = _typed_points(service, f"第{number}行“{kind}”每次积分")
    if not (per_hour or "").strip():
        raise ValidationError("请填写每小时积分（不按小时计分的填0）", field="每小时积分")
    return PointsScheme(_typed_points(per_hour, "每小时积分"), by_hour, by_service)


def points_setting(scheme: PointsScheme) -> dict[str, object]:
    """The points rules as the setting keeps them."""
    return {"per_hour": str(scheme.per_hour), "per_hour_by_kind": {k: str(v) for k, v in scheme.per_hour_by_kind.items()},
            "per_service_by_kind": {k: str(v) for k, v in scheme.per_service_by_kind.items()}}
