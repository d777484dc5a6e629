"""The volunteer service figures briefings quote, for an organisation's subtree, as at a day
and for the period: reporting in and teams as they stood on the day; volunteers, activities,
records, hours and people served from the period's first day to that day (confirmed records
only); the share of reported members meeting the year's quota by that day; and per unit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, distinct, func, or_, select

from app.db.models import (
    ServiceActivity,
    ServiceRecord,
    ServiceReport,
    ServiceTeam,
    Unit,
    Volunteer,
)
from app.domain.access.permissions import Permission
from app.domain.service.fields import VANGUARD_KINDS
from app.domain.service.quota import quarter_of
from app.domain.service.record_fields import RecordStatus
from app.services.kit.base import Service
from app.services.orgs.service import subtree_select
from app.services.service.totals import ServiceTotals

CONFIRMED = RecordStatus.CONFIRMED.value


@dataclass(frozen=True)
class UnitLine:
    unit_id: int
    name: str
    reported: int
    records: int
    tenths: int
    met: int  # of its reported members, how many have met the year's quota by the day


@dataclass(frozen=True)
class ServiceFigures:
    reported: int  # {在职党员报到人数}
    units: int  # {报到单位数}
    teams: int  # {服务队伍数}
    vanguard_teams: int  # {党员先锋队数}
    volunteers: int  # {志愿者人数}
    reps: int  # {两代表一委员人数}
    activities: int  # {服务活动次数}
    records: int  # {服务记录数}
    tenths: int  # {志愿服务时长}
    served: int  # {服务群众人次}
    quota_people: int  # reported members with a quota
    quota_met: int  # of them, how many met it
    by_unit: tuple[UnitLine, ...]  # [表格：各单位在职党员服务情况]


def reported_on_day(day: dt.date) -> ColumnElement[bool]:
    return and_(ServiceReport.reported_on <= day, or_(ServiceReport.left_on.is_(None), ServiceReport.left_on > day))


class ServiceStats(Service):
    read_permission = Permission.VIEW_RECORDS

    def figures(self, org_id: int | None, start: dt.date, as_of: dt.date) -> ServiceFigures:
        def scoped(column: Any) -> list[ColumnElement[bool]]:
            return [column.in_(subtree_select(org_id))] if org_id is not None else []

        in_period = [ServiceRecord.status == CONFIRMED, ServiceRecord.served_on.between(start, as_of)]
        if org_id is not None:  # checked along the totals index, not as its start
            in_period.append((ServiceRecord.org_id + 0).in_(subtree_select(org_id)))
        with self.reading() as s:
            reports = [reported_on_day(as_of), *scoped(ServiceReport.org_id)]
            reported, units = s.execute(select(func.count(), func.count(distinct(ServiceReport.unit_id)))
                                        .where(*reports)).one()
            standing = [*scoped(ServiceTeam.org_id), or_(ServiceTeam.founded_on.is_(None),
                                                          ServiceTeam.founded_on <= as_of),
                        or_(ServiceTeam.dissolved_on.is_(None), ServiceTeam.dissolved_on > as_of)]
            teams = s.scalar(select(func.count()).select_from(ServiceTeam).where(*standing)) or 0
            vanguard = s.scalar(select(func.count()).select_from(ServiceTeam).where(
                *standing, ServiceTeam.kind.in_(VANGUARD_KINDS))) or 0
            n, tenths, served, people = s.execute(
                select(func.count(), func.coalesce(func.sum(ServiceRecord.hours), 0),
                       func.coalesce(func.sum(ServiceRecord.served_people), 0),
                       func.count(distinct(ServiceRecord.volunteer_id))).where(*in_period)).one()
            serving = select(ServiceRecord.volunteer_id).where(*in_period)
            reps = s.scalar(select(func.count()).select_from(Volunteer).where(
                Volunteer.is_rep.is_(True), Volunteer.id.in_(serving))) or 0
            activities = s.scalar(select(func.count()).select_from(ServiceActivity).where(
                ServiceActivity.held_on.between(start, as_of), *scoped(ServiceActivity.org_id))) or 0
            per_unit = s.execute(
                select(Unit.id, Unit.name, func.count(ServiceReport.id)).join(ServiceReport, ServiceReport.unit_id == Unit.id)
                .where(*reports).group_by(Unit.id, Unit.name).order_by(Unit.name_pinyin, Unit.id)).all()
            unit_hours = {u: (c, int(t or 0)) for u, c, t in s.execute(
                select(ServiceRecord.unit_id, func.count(), func.coalesce(func.sum(ServiceRecord.hours), 0))
                .where(*in_period, ServiceRecord.unit_id.is_not(None)).group_by(ServiceRecord.unit_id))}
        lines = [line for line in self.alongside(ServiceTotals).quota_progress(
            as_of.year, quarter_of(as_of), org_id) if line.unit_id is not None]
        met: dict[int, int] = {}
        for line in lines:
            if line.progress.met and line.unit_id is not None:
                met[line.unit_id] = met.get(line.unit_id, 0) + 1
        by_unit = tuple(UnitLine(uid, name, count, *unit_hours.get(uid, (0, 0)), met.get(uid, 0))
                        for uid, name, count in per_unit)
        return ServiceFigures(int(reported), int(units), teams, vanguard, int(people), reps, activities, int(n),
                              int(tenths or 0), int(served or 0), len(lines), sum(met.values()), by_unit)
