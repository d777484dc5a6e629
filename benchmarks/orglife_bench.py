"""Organisation life at county size: 100 branches, 100,000 members, a year of 三会一课 and
主题党日 in every branch with every member's attendance, then the steps the 组织生活 tab performs
(median of repeated runs; wall and CPU of the process).

The demo county is built with a few members, grid branches are added under its communities
until there are 100 branches, and the members are added by the demo's own generator spread
over them. Meetings and attendance are written straight to their tables (one per kind and
period the default rules ask for, each with the branch's whole roster: 出席, some 请假 and 缺席),
as years of use would leave them.

    LANG=C.UTF-8 .venv/bin/python benchmarks/orglife_bench.py [--members N] [--branches N] [--db PATH] [--reuse]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_timing import median_ms
from sqlalchemy import func, insert, select, text

from app.db.models import Member, Organization, OrgAttendance, OrgMeeting
from app.domain.orglife.schedule import quarter_of
from app.domain.orgs.rules import OrgType
from app.services.container import Services
from app.services.demo import DemoCounty, build_demo
from app.services.kit.base import Actor
from app.services.members import demo as member_demo
from app.services.orglife.rows import OrgMeetingQuery, RateQuery
from app.services.orgs.service import OrgInput

BRANCH_TYPES = ("网格党支部", "党支部", "联合党支部", "临时党支部")
MONTHLY = ("支部委员会", "党小组会", "主题党日")
QUARTERLY = ("支部党员大会", "党课")



def build(s: Services, members: int, branches: int) -> None:
    start = time.perf_counter()
    county = build_demo(s, options={"members": 50})
    grids = list(county.branches)
    names = "一二三四五六七八九十"
    i = 0
    while len(grids) < branches:
        community = county.communities[i % len(county.communities)]
        grids.append(s.orgs.create(OrgInput(name=f"第{names[i // 10 % 10]}{names[i % 10]}网格党支部",
                                            org_type=OrgType.GRID_BRANCH, parent_id=community.id,
                                            established=dt.date(2010, 1, 1))))
        i += 1
    member_demo.add_demo_members(s, DemoCounty(county.root, county.streets, county.communities, grids),
                                 random.Random(11), {"members": members})
    print(f"demo county, {len(grids)} branches, {members} members: {time.perf_counter() - start:.0f} s")
    start = time.perf_counter()
    rng = random.Random(5)
    today = dt.date.today()
    with s.db.sessions.begin() as db:
        roster: dict[int, list[int]] = {}
        for mid, org in db.execute(select(Member.id, Member.org_id).where(Member.status == "在册")):
            roster.setdefault(org, []).append(mid)
        branch_ids = [g.id for g in grids]
        meetings = attendance = 0
        for branch in branch_ids:
            people = roster.get(branch, [])
            for month in range(1, 13):
                kinds = MONTHLY + (QUARTERLY if month % 3 == 0 else ())
                for kind in kinds:
                    day = dt.date(today.year - (month > today.month), month, rng.randint(1, 28))
                    marks = []
                    for _member in people:
                        r = rng.random()
                        marks.append(("出席", "") if r < 0.85 else (("请假", "外出务工") if r < 0.95 else ("缺席", "")))
                    counts = {st: sum(1 for m, _r in marks if m == st) for st in ("出席", "请假", "缺席")}
                    mid = db.execute(insert(OrgMeeting).values(
                        org_id=branch, kind=kind, held_on=day, start_time="9:00", place="社区党群服务中心",
                        host="张建国", speaker="", topic=f"{kind}：学习贯彻会议精神", minutes="", decisions="",
                        present_count=counts["出席"], leave_count=counts["请假"], absent_count=counts["缺席"])
                    ).inserted_primary_key[0]
                    meetings += 1
                    rows = [{"meeting_id": mid, "member_id": member, "status": status, "reason": reason}
                            for member, (status, reason) in zip(people, marks, strict=True)]
                    if rows:
                        db.execute(insert(OrgAttendance), rows)
                        attendance += len(rows)
        db.execute(text("ANALYZE"))
    print(f"{meetings} meetings, {attendance} attendance rows written in {time.perf_counter() - start:.0f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--members", type=int, default=100_000)
    ap.add_argument("--branches", type=int, default=100)
    ap.add_argument("--db", default=os.path.join(tempfile.gettempdir(), "orglife_bench.db"))
    ap.add_argument("--reuse", action="store_true")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    path = Path(args.db)
    if not args.reuse:
        for p in path.parent.glob(path.name + "*"):
            p.unlink()
    s = Services.open(path, Actor("基准测试"))
    if not args.reuse:
        build(s, args.members, args.branches)
    with s.db.sessions.begin() as db:
        county = db.scalar(select(Organization.id).where(Organization.parent_id.is_(None)))
        big = db.execute(select(Member.org_id, func.count()).where(Member.status == "在册")
                         .group_by(Member.org_id).order_by(func.count().desc()).limit(1)).one()
        community = db.scalar(select(Organization.parent_id).where(Organization.id == big[0]))
        branch_meeting = db.scalar(select(OrgMeeting.id).where(OrgMeeting.org_id == big[0]).limit(1))
        on_record = db.scalar(select(func.count()).select_from(Member).where(Member.status == "在册"))
        attendance = db.scalar(select(func.count()).select_from(OrgAttendance))
    year = dt.date.today().year
    print(f"members on record {on_record}, attendance rows {attendance}, largest branch {big[1]}; "
          f"load {os.getloadavg()[0]:.2f}")
    life, schedule = s.orglife, s.orglife_schedule
    county_ids = life.search_ids(OrgMeetingQuery(org_id=county, year=year))
    rate_ids = schedule.search_ids(RateQuery(org_id=county, year=year))
    q = quarter_of(dt.date.today())
    steps: list[tuple[str, Callable[[], object]]] = [
        ("三会一课: search_ids county, this year", lambda: life.search_ids(OrgMeetingQuery(org_id=county, year=year))),
        ("三会一课: search_ids one community, this year",
         lambda: life.search_ids(OrgMeetingQuery(org_id=community, year=year))),
        ("三会一课: rows(first page of 200) with attendance counts", lambda: life.rows(county_ids[:200])),
        ("三会一课: search_ids county, text", lambda: life.search_ids(OrgMeetingQuery(org_id=county, text="党课"))),
        ("出席情况 dialog: attendance of the largest branch's meeting", lambda: life.attendance(branch_meeting)),
        ("出席情况: roster of a whole community", lambda: life.roster(community)),
        ("落实情况: branches behind schedule, county, this quarter", lambda: schedule.behind(county, q)),
        ("落实情况: attendance rates, search_ids county", lambda: schedule.search_ids(RateQuery(org_id=county, year=year))),
        ("落实情况: attendance rates, rows(first page of 200)", lambda: schedule.rows(rate_ids[:200], year)),
        ("figures: attendance totals, county, this year",
         lambda: life.attendance_totals(county, dt.date(year, 1, 1), dt.date(year, 12, 31))),
        ("figures: 三会一课次数, county, this year",
         lambda: life.count_kinds(county, dt.date(year, 1, 1), dt.date(year, 12, 31),
                                  {"支部党员大会", "支部委员会", "党小组会", "党课"})),
    ]
    print("| step | wall ms | cpu ms | rows |\n|---|---:|---:|---:|")
    for name, step in steps:
        wall, cpu, result = median_ms(step, args.runs)
        n = len(result) if isinstance(result, list | tuple) else ""
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {n} |")


if __name__ == "__main__":
    main()
