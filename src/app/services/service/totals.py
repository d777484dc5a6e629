"""Hours by person, team, unit, category or activity over a date range, yearly quota progress,
and who is behind: SQL aggregates over the confirmed records only (the index on status and
date carries what they add up)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, func, select

from app.db.models import (
    Member,
    ServiceActivity,
    ServiceRecord,
    ServiceReport,
    ServiceTeam,
    Unit,
    Volunteer,
)
from app.domain.access.permissions import Permission
from app.domain.kit.errors import ValidationError
from app.domain.kit.ranking import competition_ranks
from app.domain.members.catalog import CATEGORIES
from app.domain.service.fields import REPORTED
from app.domain.service.quota import (
    Basis,
    PointsScheme,
    Progress,
    Quota,
    parse_quota,
    points_setting,
    points_typed,
    progress,
    quota_setting,
    quota_table,
    quotas_typed,
)
from app.domain.service.record_fields import RecordStatus
from app.services.kit.base import Service
from app.services.orgs.service import subtree_select

CONFIRMED = RecordStatus.CONFIRMED.value
QUOTA_SETTING = "service_quotas"
POINTS_SETTING = "service_points"
BY = {"person": "志愿者", "team": "服务队伍", "unit": "报到单位", "category": "服务类别", "activity": "服务活动"}


@dataclass(frozen=True)
class HoursLine:
    key: Any  # the person's, team's, unit's or activity's id; the category's name; None: none
    name: str
    records: int
    tenths: int
    people: int


@dataclass(frozen=True)
class QuotaLine:
    volunteer_id: int
    name: str
    unit_id: int | None
    unit_name: str
    category: str
    progress: Progress


def _period(date_from: dt.date | None, date_to: dt.date | None, org_id: int | None) -> list[ColumnElement[bool]]:
    if date_from is not None and date_to is not None and date_to < date_from:
        raise ValidationError("结束日期早于开始日期，请核对", field="日期")
    where: list[ColumnElement[bool]] = [ServiceRecord.status == CONFIRMED]
    if date_from is not None:
        where.append(ServiceRecord.served_on >= date_from)
    if date_to is not None:
        where.append(ServiceRecord.served_on <= date_to)
    if org_id is not None:
        where.append((ServiceRecord.org_id + 0).in_(subtree_select(org_id)))  # checked along the date index
    return where


def points_from(setting: Any) -> PointsScheme:
    """The points scheme from the setting's value: {"per_hour", "per_hour_by_kind", "per_service_by_kind"}."""
    data = setting if isinstance(setting, dict) else {}

    def number(value: Any) -> Decimal:
        try:
            return Decimal(str(value))
        except ArithmeticError as exc:
            raise ValidationError(f"积分设置中的“{value}”不是数字", field="积分") from exc

    def rates(value: Any) -> dict[str, Decimal]:
        return {str(k): number(v) for k, v in (value or {}).items()} if isinstance(value, dict) else {}
    return PointsScheme(number(data.get("per_hour", 1)), rates(data.get("per_hour_by_kind")),
                        rates(data.get("per_service_by_kind")))


def quotas_from(setting: Any) -> dict[str, Quota]:
    """The quota table from the setting's value: [{"category", "basis", "amount"}, …]."""
    items = setting if isinstance(setting, list) else []
    return quota_table(parse_quota(str(i.get("category", "")), i.get("basis", "小时"), i.get("amount"))
                       for i in items if isinstance(i, dict))


class ServiceTotals(Service):
    read_permission = Permission.VIEW_RECORDS

    def hours_by(self, by: str, date_from: dt.date | None = None, date_to: dt.date | None = None,
                 org_id: int | None = None) -> list[HoursLine]:
        """Confirmed hours grouped ``by`` person, team, unit, category or activity, most first."""
        if by not in BY:
            raise ValidationError(f"无法按“{by}”汇总，可选：{'、'.join(BY.values())}", field="汇总方式")
        where = _period(date_from, date_to, org_id)
        key_col, name_col, join = {
            "person": (ServiceRecord.volunteer_id, Volunteer.name, (Volunteer,)),
            "team": (ServiceRecord.team_id, ServiceTeam.name, (ServiceTeam,)),
            "unit": (ServiceRecord.unit_id, Unit.name, (Unit,)),
            "category": (ServiceRecord.category, ServiceRecord.category, None),
            "activity": (ServiceRecord.activity_id, ServiceActivity.title, (ServiceActivity,)),
        }[by]
        inner = (select(key_col.label("k"), func.count().label("n"), func.coalesce(func.sum(ServiceRecord.hours), 0)
                        .label("t"), func.count(func.distinct(ServiceRecord.volunteer_id)).label("p"))
                 .where(*where).group_by(key_col).subquery())
        stmt = select(inner.c.k, inner.c.n, inner.c.t, inner.c.p)
        if join is not None:
            model = join[0]
            stmt = (select(inner.c.k, inner.c.n, inner.c.t, inner.c.p, name_col).select_from(inner)
                    .outerjoin(model, model.id == inner.c.k))  # type: ignore[attr-defined]
        with self.reading() as s:
            rows: list[Any] = list(s.execute(stmt).all())
        none = {"team": "（未编入队伍）", "unit": "（不属报到单位）", "category": "（未分类）", "activity": "（单独记录）"}
        lines = [HoursLine(r[0], (r[4] if join is not None else r[0]) or none.get(by, ""), r[1], int(r[2]), r[3])
                 for r in rows]
        return sorted(lines, key=lambda line: (-line.tenths, line.name))

    def total(self, date_from: dt.date | None = None, date_to: dt.date | None = None,
              org_id: int | None = None) -> tuple[int, int, int]:
        """(records, tenths, people) of the confirmed records in the period."""
        stmt = select(func.count(), func.coalesce(func.sum(ServiceRecord.hours), 0),
                      func.count(func.distinct(ServiceRecord.volunteer_id))).where(*_period(date_from, date_to, org_id))
        with self.reading() as s:
            n, t, p = s.execute(stmt).one()
        return int(n), int(t or 0), int(p)

    def person_history(self, volunteer_id: int, date_from: dt.date | None = None,
                       date_to: dt.date | None = None) -> list[tuple[dt.date | None, str, int]]:
        """(date, content, tenths) of the person's confirmed records, oldest first (certificates)."""
        stmt = (select(ServiceRecord.served_on, ServiceRecord.content, ServiceRecord.hours)
                .where(ServiceRecord.volunteer_id == volunteer_id, *_period(date_from, date_to, None))
                .order_by(ServiceRecord.served_on, ServiceRecord.start_time, ServiceRecord.id))
        with self.reading() as s:
            return [(d, c, h or 0) for d, c, h in s.execute(stmt)]

    # ---- quotas --------------------------------------------------------------------------
    def quotas(self) -> dict[str, Quota]:
        from app.services.access.settings import SettingsService

        return quotas_from(self.alongside(SettingsService).get(QUOTA_SETTING))

    def set_quotas(self, rows: Sequence[tuple[str, str, str]]) -> list[Quota]:
        """设定年度指标: rows of (member category, 小时 or 次数, amount) as typed; all or nothing."""
        from app.services.access.settings import SettingsService

        quotas = quotas_typed(rows, CATEGORIES)
        self.alongside(SettingsService).set(QUOTA_SETTING, quota_setting(quotas))
        return quotas

    def points_scheme(self) -> PointsScheme:
        from app.services.access.settings import SettingsService

        return points_from(self.alongside(SettingsService).get(POINTS_SETTING))

    def set_points(self, per_hour: str, rows: Sequence[tuple[str, str, str]]) -> PointsScheme:
        """积分规则: points per hour, and rows of (kind, per hour, per service) as typed."""
        from app.services.access.settings import SettingsService

        scheme = points_typed(per_hour, rows)
        self.alongside(SettingsService).set(POINTS_SETTING, points_setting(scheme))
        return scheme

    def quota_progress(self, year: int, quarter: int = 4, org_id: int | None = None,
                       unit_id: int | None = None) -> list[QuotaLine]:
        """Each roster member whose category has a quota and who has a volunteer record (an
        in-service member from reporting in): done in the year against the target."""
        table = self.quotas()
        if not table:
            return []
        first, last = dt.date(year, 1, 1), dt.date(year, quarter * 3, 1)
        last = (last.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        done = (select(ServiceRecord.volunteer_id.label("v"), func.count().label("n"),
                       func.coalesce(func.sum(ServiceRecord.hours), 0).label("t"))
                .where(ServiceRecord.status == CONFIRMED, ServiceRecord.served_on.between(first, last))
                .group_by(ServiceRecord.volunteer_id).subquery())
        stmt = (select(Volunteer.id, Volunteer.name, Member.category, ServiceReport.unit_id, Unit.name,
                       ServiceReport.reported_on, func.coalesce(done.c.n, 0), func.coalesce(done.c.t, 0))
                .join(Member, Member.id == Volunteer.member_id)
                .outerjoin(ServiceReport, (ServiceReport.member_id == Member.id) & (ServiceReport.status == REPORTED))
                .outerjoin(Unit, Unit.id == ServiceReport.unit_id)
                .outerjoin(done, done.c.v == Volunteer.id)
                .where(Member.category.in_(list(table))).order_by(Unit.name, Volunteer.name_pinyin, Volunteer.id))
        if org_id is not None:
            stmt = stmt.where(Volunteer.org_id.in_(subtree_select(org_id)))
        if unit_id is not None:
            stmt = stmt.where(ServiceReport.unit_id == unit_id)
        out = []
        with self.reading() as s:
            for vid, name, category, uid, uname, since, n, t in s.execute(stmt):
                quota = table[category]
                amount = int(t) if quota.basis is Basis.HOURS else n
                out.append(QuotaLine(vid, name, uid, uname or "", category,
                                     progress(quota, amount, year, quarter, since)))
        return out

    def points_ranking(self, year: int, org_id: int | None = None) -> list[tuple[int, str, Decimal]]:
        """(rank, name, points) of the year's confirmed services by the points setting, best
        first, ties sharing a rank (积分排名)."""
        scheme = self.points_scheme()
        stmt = (select(ServiceRecord.volunteer_id, ServiceRecord.category, func.count(),
                       func.coalesce(func.sum(ServiceRecord.hours), 0))
                .where(*_period(dt.date(year, 1, 1), dt.date(year, 12, 31), org_id))
                .group_by(ServiceRecord.volunteer_id, ServiceRecord.category))
        totals: dict[int, Decimal] = {}
        with self.reading() as s:
            for vid, kind, n, tenths in s.execute(stmt):
                per_service = scheme.per_service_by_kind.get(kind, Decimal(0))
                totals[vid] = totals.get(vid, Decimal(0)) + scheme.points(kind, int(tenths or 0)) + per_service * (n - 1)
            ids = list(totals)
            names: dict[int, str] = {}
            for start in range(0, len(ids), 500):
                names.update({i: n for i, n in s.execute(select(Volunteer.id, Volunteer.name)
                                                         .where(Volunteer.id.in_(ids[start:start + 500])))})
        ranked = competition_ranks(totals.items(), lambda item: item[1])
        return [(rank, names.get(vid, str(vid)), points) for rank, (vid, points) in ranked]

    def behind(self, year: int, quarter: int, org_id: int | None = None) -> list[QuotaLine]:
        """Who is behind at the end of the quarter (the shortfall list, by unit)."""
        return [line for line in self.quota_progress(year, quarter, org_id) if line.progress.behind]
