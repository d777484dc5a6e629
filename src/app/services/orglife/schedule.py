"""落实情况: the branches behind schedule in a window (this quarter, a briefing's period), and each
member's attendance rate for a year. The rules are app.domain.orglife.schedule's; this reads the
meetings of the window in one query and the rates with SQL grouped by member, a page at a time."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, or_, select

from app.db.models import Member, Organization, OrgAttendance, OrgMeeting
from app.domain.access.permissions import Permission
from app.domain.orglife.kinds import (
    Attendance,
    Frequency,
    MeetingKind,
    checked_frequencies,
    frequencies,
)
from app.domain.orglife.schedule import KindCheck, Period, check_branch
from app.domain.orgs.rules import BRANCH_TYPES, OrgType
from app.services.kit.base import Service
from app.services.kit.records import fetch_rows
from app.services.orglife.rows import MemberRate, RateQuery
from app.services.orgs.service import subtree_select

SETTING = "orglife_frequencies"
ON_RECORD = "在册"


@dataclass(frozen=True)
class BranchCheck:
    org_id: int
    name: str
    checks: tuple[KindCheck, ...]

    @property
    def behind(self) -> tuple[KindCheck, ...]:
        return tuple(c for c in self.checks if c.behind)

    @property
    def overdue(self) -> bool:
        return any(c.overdue for c in self.checks)


class ScheduleService(Service):
    read_permission = Permission.VIEW_RECORDS

    def rules(self) -> dict[MeetingKind, Frequency]:
        from app.services.access.settings import SettingsService

        return frequencies(self.alongside(SettingsService).get(SETTING))

    def set_rules(self, setting: dict[str, str]) -> None:
        from app.services.access.settings import SettingsService

        self.alongside(SettingsService).set(SETTING, checked_frequencies(setting))

    def branches(self, org_id: int | None, window: Period, as_of: dt.date | None = None) -> list[BranchCheck]:
        """Every branch of the subtree open in the window, with each kind it owes there."""
        day = as_of or dt.date.today()
        rules = self.rules()
        with self.reading() as s:
            orgs = s.execute(select(Organization.id, Organization.parent_id, Organization.name, Organization.org_type,
                                    Organization.established, Organization.closed_on,
                                    Organization.sort_order)).all()
            wanted = set(s.scalars(subtree_select(org_id))) if org_id is not None else {o.id for o in orgs}
            q = (select(OrgMeeting.org_id, OrgMeeting.kind, OrgMeeting.held_on)
                 .where(OrgMeeting.held_on.between(*window)))
            if org_id is not None:
                q = q.where(OrgMeeting.org_id.in_(subtree_select(org_id)))
            meetings = fetch_rows(s, q)
        types = {o.id: _type(o.org_type) for o in orgs}
        parent = {o.id: o.parent_id for o in orgs}
        has_groups = {o.parent_id for o in orgs if types[o.id] is OrgType.GROUP and o.closed_on is None}
        held: dict[int, dict[MeetingKind, list[dt.date]]] = defaultdict(lambda: defaultdict(list))
        for meeting_org, kind, held_on in meetings:
            branch = meeting_org if types.get(meeting_org) in BRANCH_TYPES else parent.get(meeting_org)
            if branch is not None and kind in MeetingKind.__members__.values():
                held[branch][MeetingKind(kind)].append(_date(held_on))
        out = []
        for o in sorted(orgs, key=lambda o: (o.sort_order, o.name)):
            if o.id not in wanted or types[o.id] not in BRANCH_TYPES:
                continue
            if o.closed_on is not None and o.closed_on < window[0]:
                continue
            checks = check_branch(rules, window, day, held.get(o.id, {}), has_groups=o.id in has_groups,
                                  founded=o.established, closed=o.closed_on)
            out.append(BranchCheck(o.id, o.name, tuple(checks)))
        return out

    def behind(self, org_id: int | None, window: Period, as_of: dt.date | None = None) -> list[BranchCheck]:
        """The branches behind schedule: a required period of the window ended without a meeting."""
        return [b for b in self.branches(org_id, window, as_of) if b.overdue]

    # ---- attendance rates (a row source for the kit's paged table) ------------------------
    def search_ids(self, query: RateQuery) -> list[int]:
        q = select(Member.id).where(Member.status == ON_RECORD)
        if query.org_id is not None:
            q = q.where(Member.org_id.in_(subtree_select(query.org_id)))
        words = query.text.strip().replace("%", "").replace("_", "")[:30]
        if words:
            q = q.where(or_(Member.name.like(f"%{words}%"), Member.name_initials.like(f"{words.lower()}%")))
        order = Member.name_pinyin.desc() if query.descending else Member.name_pinyin
        with self.reading() as s:
            return [r[0] for r in fetch_rows(s, q.order_by(order, Member.id))]

    def rows(self, ids: Sequence[int], year: int | None = None) -> list[MemberRate]:
        """The members' attendance in ``year`` (default this year), in the order of ``ids``."""
        y = year or dt.date.today().year
        out: dict[int, MemberRate] = {}
        with self.reading() as s:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start:start + 500])
                tally = (select(OrgAttendance.member_id,
                                *(func.sum(case((OrgAttendance.status == st, 1), else_=0)).label(k)
                                  for k, st in (("p", Attendance.PRESENT), ("l", Attendance.LEAVE),
                                                ("a", Attendance.ABSENT))))
                         .join(OrgMeeting, OrgMeeting.id == OrgAttendance.meeting_id)
                         .where(OrgAttendance.member_id.in_(chunk),
                                OrgMeeting.held_on.between(dt.date(y, 1, 1), dt.date(y, 12, 31)))
                         .group_by(OrgAttendance.member_id).subquery())
                q = (select(Member.id, Member.name, Organization.name, func.coalesce(tally.c.p, 0),
                            func.coalesce(tally.c.l, 0), func.coalesce(tally.c.a, 0))
                     .join(Organization, Organization.id == Member.org_id)
                     .outerjoin(tally, tally.c.member_id == Member.id).where(Member.id.in_(chunk)))
                for mid, name, org, p, lv, a in s.execute(q):
                    out[mid] = MemberRate(mid, name, org, int(p), int(lv), int(a))
        return [out[i] for i in ids if i in out]


def _type(value: object) -> OrgType | None:
    try:
        return value if isinstance(value, OrgType) else OrgType(str(value))
    except ValueError:
        return None


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))

