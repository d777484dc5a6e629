"""A year of organisation life in the demonstration county: each branch's 支部委员会 and 主题党日
every month, 党员大会 and 党课 every quarter, 党小组会 where there are groups, last year's
组织生活会 and 民主评议党员 with results; attendance for each meeting held. Two branches fall
behind (no 主题党日 in the last two months) so the 落实情况 page has something to show.
Written with Core bulk inserts and one audit record per table: a county of 100,000 members
gets its year in seconds."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import insert, select

from app.db.models import Member, OrgAppraisal, OrgAttendance, OrgMeeting, new_uuid, utcnow
from app.domain.kit.changes import Change
from app.domain.orglife.kinds import Attendance, MeetingKind
from app.services.container import Services
from app.services.demo import DemoCounty, person_name
from app.services.kit.ids import reserve_ids
from app.services.safety import audit

TOPICS = ("学习贯彻党的二十届三中全会精神", "学习《中国共产党章程》", "学习《中国共产党支部工作条例（试行）》",
          "弘扬伟大建党精神", "深入学习习近平新时代中国特色社会主义思想", "党纪学习教育", "社区治理与为民服务",
          "垃圾分类我先行", "文明城市创建志愿服务", "走访慰问困难党员群众")
PLACES = ("社区党群服务中心会议室", "社区党员活动室", "网格党群服务站", "社区新时代文明实践站")
LEAVE_REASONS = ("外出务工", "身体原因", "出差", "照顾家人", "住院治疗")


def add_demo_orglife(services: Services, county: DemoCounty, rng: random.Random, options: dict[str, Any]) -> None:
    today = dt.date.today()
    start = dt.date(today.year - 1, today.month, 1)
    with services.db.engine.begin() as conn:
        members: dict[int, list[int]] = {}
        for mid, org in conn.execute(select(Member.id, Member.org_id).where(Member.status == "在册")):
            members.setdefault(org, []).append(mid)
    groups = {o.parent_id for o in services.orgs.list() if o.org_type.value == "党小组"}
    meetings: list[dict[str, Any]] = []
    laggards = {b.id for b in county.branches[1:3]}
    for branch in county.branches:
        meetings += _branch_year(branch.id, start, today, rng, has_groups=branch.id in groups,
                                 lagging=branch.id in laggards)
    _write(services, meetings, members, rng, today)


def _branch_year(org_id: int, start: dt.date, today: dt.date, rng: random.Random, *, has_groups: bool,
                 lagging: bool) -> list[dict[str, Any]]:
    out = []
    month = start
    while month <= today:
        def day(lo: int, hi: int, first: dt.date = month) -> dt.date:
            return first.replace(day=rng.randint(lo, hi))

        plan = [(MeetingKind.COMMITTEE, day(1, 8)), (MeetingKind.THEME_DAY, day(10, 12))]
        if has_groups:
            plan.append((MeetingKind.GROUP, day(14, 18)))
        if month.month % 3 == 0:
            plan += [(MeetingKind.GENERAL, day(20, 24)), (MeetingKind.LESSON, day(25, 27))]
        if month.month == 1:
            plan += [(MeetingKind.LIFE, day(15, 19)), (MeetingKind.APPRAISAL, day(20, 22))]
        for kind, held in plan:
            recent = (today - held).days < 62
            if held > today or (lagging and kind is MeetingKind.THEME_DAY and recent):
                continue
            topic = rng.choice(TOPICS)
            out.append({"org_id": org_id, "kind": kind.value, "held_on": held, "start_time": rng.choice(("9:00", "14:30")),
                        "place": rng.choice(PLACES), "host": person_name(rng),
                        "speaker": person_name(rng) if kind is MeetingKind.LESSON else "",
                        "topic": topic, "minutes": f"会议围绕“{topic}”进行了学习讨论，与会党员结合实际交流了体会。",
                        "decisions": "" if kind is not MeetingKind.COMMITTEE else "研究确定下月主题党日活动安排。"})
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def _write(services: Services, meetings: list[dict[str, Any]], members: dict[int, list[int]],
           rng: random.Random, today: dt.date) -> None:
    now = utcnow()
    with services.orglife.writing(Change.ORGLIFE) as s:
        ids = reserve_ids(s, OrgMeeting.__table__, len(meetings))
        rows = [{"id": i, "uuid": new_uuid(), "created_at": now, "updated_at": now, **m}
                for i, m in zip(ids, meetings, strict=True)]
        attendance: list[dict[str, Any]] = []
        for m in rows:
            roster = members.get(m["org_id"], [])
            if m["kind"] == MeetingKind.COMMITTEE:
                roster = roster[:5]
            counts = {Attendance.PRESENT: 0, Attendance.LEAVE: 0, Attendance.ABSENT: 0}
            for mid in roster:
                roll = rng.random()
                status = Attendance.PRESENT if roll < 0.88 else Attendance.LEAVE if roll < 0.96 else Attendance.ABSENT
                counts[status] += 1
                attendance.append({"meeting_id": m["id"], "member_id": mid, "status": status.value,
                                   "reason": rng.choice(LEAVE_REASONS) if status is Attendance.LEAVE else ""})
            m.update(present_count=counts[Attendance.PRESENT], leave_count=counts[Attendance.LEAVE],
                     absent_count=counts[Attendance.ABSENT])
        for at in range(0, len(rows), 2000):
            s.execute(insert(OrgMeeting), rows[at:at + 2000])
        for at in range(0, len(attendance), 5000):
            s.execute(insert(OrgAttendance), attendance[at:at + 5000])
        appraisals = _appraisals(s, members, rng, today, now)
        audit.append(s, services.actor.name, "批量新增组织生活", entity="orglife_meeting",
                     summary=f"演示数据：组织生活{len(rows)}次，出席记录{len(attendance)}条，民主评议结果{appraisals}条",
                     new={"组织生活": len(rows), "出席记录": len(attendance), "民主评议": appraisals})


def _appraisals(s: Any, members: dict[int, list[int]], rng: random.Random, today: dt.date, now: dt.datetime) -> int:
    year = today.year - 1
    day = dt.date(today.year, 1, 21) if today >= dt.date(today.year, 1, 21) else dt.date(year, 12, 20)
    lines = [(org, mid) for org, mids in members.items() for mid in mids]
    ids = reserve_ids(s, OrgAppraisal.__table__, len(lines))
    rows = []
    for rid, (org, mid) in zip(ids, lines, strict=True):
        roll = rng.random()
        result = "优秀" if roll < 0.15 else "合格" if roll < 0.97 else "基本合格"
        rows.append({"id": rid, "uuid": new_uuid(), "created_at": now, "updated_at": now, "member_id": mid,
                     "org_id": org, "year": year, "result": result, "appraised_on": day, "remarks": ""})
    for at in range(0, len(rows), 5000):
        s.execute(insert(OrgAppraisal), rows[at:at + 5000])
    return len(rows)
