"""The co-building figures briefings quote, for an organisation's subtree, as at a day.

"As at" means what the records said on that day: a unit that left later still counts, an
agreement counts if it was signed, within its term and not terminated on that day, a list item
if it had been raised and not cancelled by then; what happened "in the period" (claims,
completions, meetings) is counted between the period's first day and that day. Units carry no
arrival date, so a unit on record counts unless it left on or before the day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, distinct, func, or_, select

from app.db.models import Agreement, Commitment, CouncilMember, ListItem, Meeting, Secondment, Unit
from app.domain.access.permissions import Permission
from app.domain.cobuild.lists import CITY_BUILDING, LIST_KINDS, PROJECTS
from app.domain.cobuild.units import FROM_UNIT, TO_UNIT
from app.services.cobuild.agreement_query import in_force_condition
from app.services.kit.base import Service
from app.services.orgs.service import subtree_select


@dataclass(frozen=True)
class CobuildFigures:
    units: int  # {驻区单位数}
    council_members: int  # {大党委兼职委员数}
    agreement_units: int  # {共建协议单位数}
    agreements: int  # {共建协议数}
    commitments: int  # {承诺事项数}
    fulfilled: int  # {承诺兑现数}
    items: dict[str, int]  # {需求清单数} {资源清单数} {项目清单数}
    claimed: int  # {认领任务数}
    completed: int  # {完成项目数}
    city_projects: int  # {党建引领建设项目数}
    meetings: int  # {联席会次数}
    posted_to_units: int  # {到共建单位挂职人数}
    posted_from_units: int  # {共建单位挂职人数}


def _serving(start: Any, end: Any, day: dt.date) -> ColumnElement[bool]:
    return and_(or_(start.is_(None), start <= day), or_(end.is_(None), end >= day))


class CobuildStats(Service):
    read_permission = Permission.VIEW_RECORDS

    def figures(self, org_id: int | None, start: dt.date, as_of: dt.date) -> CobuildFigures:
        def scoped(column: Any) -> list[ColumnElement[bool]]:
            return [column.in_(subtree_select(org_id))] if org_id is not None else []

        with self.reading() as s:
            def count(*where: ColumnElement[bool], of: type = Unit) -> int:
                return s.scalar(select(func.count()).select_from(of).where(*where)) or 0

            units = count(*scoped(Unit.org_id), or_(Unit.left_on.is_(None), Unit.left_on > as_of))
            council = count(*scoped(CouncilMember.org_id),
                            _serving(CouncilMember.term_start, CouncilMember.term_end, as_of), of=CouncilMember)
            in_force = [*scoped(Agreement.org_id), in_force_condition(as_of)]
            agreements = count(*in_force, of=Agreement)
            agreement_units = s.scalar(select(func.count(distinct(Agreement.unit_id))).where(*in_force)) or 0
            during = [*scoped(Agreement.org_id), Agreement.signed_on.is_not(None), Agreement.signed_on <= as_of,
                      Agreement.starts_on <= as_of, Agreement.ends_on >= start,
                      or_(Agreement.terminated_on.is_(None), Agreement.terminated_on > start)]
            items_q = select(Commitment.done_on).join(Agreement, Agreement.id == Commitment.agreement_id).where(*during)
            dones = [d for (d,) in s.execute(items_q)]
            on_list = [*scoped(ListItem.org_id), ListItem.raised_on <= as_of,
                       or_(ListItem.cancelled_on.is_(None), ListItem.cancelled_on > as_of)]
            by_kind = {k: n for k, n in s.execute(
                select(ListItem.kind, func.count()).where(*on_list).group_by(ListItem.kind))}
            claimed = count(*scoped(ListItem.org_id), ListItem.claimed_on >= start, ListItem.claimed_on <= as_of,
                            of=ListItem)
            completed = count(*scoped(ListItem.org_id), ListItem.done_on >= start, ListItem.done_on <= as_of,
                              of=ListItem)
            city = count(*on_list, ListItem.kind == PROJECTS, ListItem.category == CITY_BUILDING,
                         ListItem.started_on.is_not(None), ListItem.started_on <= as_of, of=ListItem)
            meetings = count(*scoped(Meeting.org_id), Meeting.held_on >= start, Meeting.held_on <= as_of, of=Meeting)
            posted = {d: count(*scoped(Secondment.org_id), Secondment.direction == d,
                               _serving(Secondment.starts_on, Secondment.ends_on, as_of), of=Secondment)
                      for d in (TO_UNIT, FROM_UNIT)}
        return CobuildFigures(
            units=units, council_members=council, agreement_units=agreement_units, agreements=agreements,
            commitments=len(dones), fulfilled=sum(1 for d in dones if d is not None and d <= as_of),
            items={k: by_kind.get(k, 0) for k in LIST_KINDS}, claimed=claimed, completed=completed,
            city_projects=city, meetings=meetings, posted_to_units=posted[TO_UNIT],
            posted_from_units=posted[FROM_UNIT])
