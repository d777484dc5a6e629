"""Volunteer service in the demonstration county: most in-service members linked to a unit have
reported in (some not, for the "not reported" list; one has left), teams of every kind, residents
who volunteer (one of them a 人大代表), posts claimed, a year of activities with sign-up and
attendance, and service records in every state (confirmed, waiting, returned, corrected)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from app.domain.kit.idcard import make_id
from app.domain.service.fields import POST_CATEGORIES, TEAM_KINDS
from app.services.container import Services
from app.services.demo import DemoCounty, mobile, person_name
from app.services.service.rows import (
    ActivityInput,
    PostInput,
    RecordInput,
    ReportInput,
    TeamInput,
    VolunteerInput,
)

CONTENTS = ("入户走访独居老人", "帮助老人代购药品", "清理楼道小广告", "文明交通劝导", "政策宣传讲解", "调解邻里纠纷",
            "社区义诊测血压", "辅导青少年作业", "垃圾分类督导", "夜间治安巡逻")
ACTIVITIES = (("义诊进社区", "健康医疗"), ("法律咨询日", "法律援助"), ("环境整治", "社区治理"), ("文艺汇演", "文体"),
              ("防诈骗宣传", "安全宣传巡逻"), ("就业帮扶", "助困扶残就业"), ("主题党日志愿服务", "组织建设"))


def add_demo_service(services: Services, county: DemoCounty, rng: random.Random, options: dict[str, Any]) -> None:
    today = dt.date.today()
    start = today - dt.timedelta(days=365)
    for community in county.communities:
        people = _reports(services, community.id, rng, start, today)
        residents = _residents(services, community.id, rng)
        teams = _teams(services, community.id, [*people, *residents], rng, start)
        _posts(services, community.id, [*people, *residents], rng)
        _activities(services, community.id, teams, [*people, *residents], rng, start, today)
        _records(services, community.id, [*people, *residents], rng, start, today)


def _reports(services: Services, org_id: int, rng: random.Random, start: dt.date, today: dt.date) -> list[int]:
    volunteers: list[int] = []
    for unit_id, _name in services.units.names(org_id):
        members = services.units.unit_members(unit_id)
        for i, m in enumerate(members):
            if i % 5 == 4:  # not yet reported
                continue
            day = start + dt.timedelta(days=rng.randint(0, 60))
            report = services.reports.report_in(ReportInput(
                member_id=m.member_id, unit_id=unit_id, org_id=org_id, reported_on=day,
                slip_no=f"BD{day.year}{len(volunteers) + 1:04d}", skills=rng.choice(("医疗", "法律", "文艺", "电工", "")),
                preferences=rng.choice(POST_CATEGORIES), grid=f"第{rng.randint(1, 4)}网格"))
            if i == 7:
                services.reports.leave(report.id, today - dt.timedelta(days=rng.randint(5, 30)))
                continue
            volunteers.append(services.volunteers.for_member(m.member_id).id)
    return volunteers


def _residents(services: Services, org_id: int, rng: random.Random) -> list[int]:
    out = []
    for i in range(6):
        born = dt.date(rng.randint(1950, 1995), rng.randint(1, 12), rng.randint(1, 28))
        out.append(services.volunteers.create(VolunteerInput(
            name=person_name(rng), org_id=org_id, phone=mobile(rng), is_rep=i == 0,
            rep_body="青山县第十八届人民代表大会" if i == 0 else "",
            id_number=make_id("370124", born, rng.choice("男女"), rng), skills=rng.choice(("理发", "缝补", "", "厨艺")))).id)
    return out


def _teams(services: Services, org_id: int, people: list[int], rng: random.Random, start: dt.date) -> list[int]:
    teams = []
    for kind in TEAM_KINDS[: 3 + rng.randint(0, 2)]:
        leader = rng.choice(people) if people else None
        team = services.teams.create(TeamInput(name=f"{kind}" if kind.endswith("队") else f"{kind}服务队", kind=kind,
                                               org_id=org_id, leader_id=leader, founded_on=start))
        if people:
            services.teams.add_members(team.id, rng.sample(people, min(len(people), rng.randint(3, 8))), start)
        teams.append(team.id)
    return teams


def _posts(services: Services, org_id: int, people: list[int], rng: random.Random) -> None:
    for title, category in (("楼栋长", "社区治理"), ("法律顾问", "法律援助"), ("健康指导员", "健康医疗"), ("平安巡逻员", "安全宣传巡逻")):
        post = services.posts.create(PostInput(title=title, category=category, org_id=org_id,
                                               description=f"在网格内担任{title}", capacity=rng.choice((None, 3, 5))))
        for vid in rng.sample(people, min(len(people), 2)):
            services.posts.claim(post.id, vid)


def _activities(services: Services, org_id: int, teams: list[int], people: list[int], rng: random.Random,
                start: dt.date, today: dt.date) -> None:
    for month in range(11):
        day = start + dt.timedelta(days=30 * month + 15)
        if day >= today or not people:
            break
        title, category = ACTIVITIES[month % len(ACTIVITIES)]
        act = services.activities.create(ActivityInput(
            title=title, category=category, org_id=org_id, held_on=day, start_time="8:30", end_time="11:30",
            place="社区党群服务中心", organiser="社区党委", team_id=rng.choice(teams) if teams else None))
        came = rng.sample(people, min(len(people), rng.randint(4, 10)))
        services.activities.sign_up(act.id, came)
        services.activities.take_attendance(act.id, times={came[0]: ("9:00", "11:00")})
        ids = services.activities.record_attendance(act.id)
        services.service_records.confirm(ids[: len(ids) - (1 if month >= 9 else 0)])


def _records(services: Services, org_id: int, people: list[int], rng: random.Random,
             start: dt.date, today: dt.date) -> None:
    inputs = []
    for vid in people:
        days = rng.sample(range(1, 364), 12)
        for d in days:
            served_on = start + dt.timedelta(days=d)
            if served_on >= today:
                continue
            inputs.append(RecordInput(
                volunteer_id=vid, org_id=org_id, served_on=served_on, content=rng.choice(CONTENTS),
                start_time="14:00", end_time=rng.choice(("15:00", "15:30", "16:00", "17:00")),
                category=rng.choice(POST_CATEGORIES), served_people=rng.randint(0, 8)))
    if not inputs:
        return
    ids = services.service_records.bulk_create(inputs)
    rows = services.service_records.rows(ids)
    recent = [r.id for r in rows if r.served_on is not None and r.served_on > today - dt.timedelta(days=20)]
    services.service_records.confirm([i for i in ids if i not in recent])
    if len(recent) >= 2:
        services.service_records.send_back(recent[:1], "服务内容写得太笼统，请写明服务对象")
    first = next(r for r in rows if r.id not in recent)
    fix = services.service_records.correct(first.id, RecordInput(
        volunteer_id=first.volunteer_id, org_id=org_id, served_on=first.served_on, content=first.content,
        start_time="14:00", end_time="14:30", category=first.category), "签退时间登记有误，按签到表更正")
    services.service_records.confirm([fix.id])
