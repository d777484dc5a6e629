"""Candidates for joining the Party in the demonstration county: in each community a few at every
stage, with two full members of their branch as introducers for those admitted."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from app.domain.kit.idcard import make_id
from app.services.members.query import MemberQuery
from app.services.orglife.candidates_rows import AdvanceInput, CandidateInput

if TYPE_CHECKING:
    from app.services.container import Services
    from app.services.demo import DemoCounty

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗"
GIVEN = ("子涵", "欣怡", "浩然", "梓轩", "雨桐", "宇航", "思远", "佳怡", "俊杰", "晓东", "海燕", "志强")
# How far each demo candidate gets: 0 applicant … 4 full member.
STAGES_REACHED = (0, 0, 1, 1, 2, 2, 3, 4)


def _day(today: dt.date, days_ago: int) -> dt.date:
    return today - dt.timedelta(days=days_ago)


def add_demo_candidates(services: Services, county: DemoCounty, rng: random.Random, options: dict[str, Any]) -> None:
    if options.get("members") == 0:
        return
    today = dt.date.today()
    used: set[str] = set()
    for community in county.communities:
        branches = [b for b in county.branches if b.parent_id == community.id] or [community]
        for i, reached in enumerate(STAGES_REACHED):
            branch = branches[i % len(branches)]
            full = services.members.search_ids(MemberQuery(org_id=branch.id, member_type="正式党员"))
            if reached >= 3 and len(full) < 2:
                reached = 2
            _one(services, branch.id, reached, full[:2], rng, today, used)


def _one(services: Services, org_id: int, reached: int, introducers: list[int], rng: random.Random,
         today: dt.date, used: set[str]) -> None:
    sex = rng.choice(("男", "女"))
    born = dt.date(rng.randint(1985, 2003), rng.randint(1, 12), rng.randint(1, 28))
    number = make_id("371122", born, sex, rng)
    while number in used:
        number = make_id("371122", born, sex, rng)
    used.add(number)
    # Dates spaced so the waiting times hold: application, +4 months, +13 months, +13 months, +12 months.
    start = 1300 if reached >= 4 else 950 if reached == 3 else 600 if reached == 2 else 300
    applied = _day(today, start + rng.randint(0, 60))
    c = services.candidates.create(CandidateInput(
        name=rng.choice(SURNAMES) + rng.choice(GIVEN), id_number=number, org_id=org_id, applied_on=applied,
        phone=f"139{rng.randint(10000000, 99999999)}", native_place=rng.choice(("山东青岛", "山东潍坊", "河北保定", "")),
        activist_on=applied + dt.timedelta(days=120) if reached >= 1 else None))
    steps = [applied + dt.timedelta(days=120 + 395), applied + dt.timedelta(days=120 + 395 + 395),
             applied + dt.timedelta(days=120 + 395 + 395 + 370)]
    for stage, day in zip(range(2, reached + 1), steps, strict=False):
        day = min(day, today)
        if stage == 2:
            services.candidates.advance(c.id, AdvanceInput(day, training="街道党校发展对象培训班", training_on=day))
        elif stage == 3:
            services.candidates.advance(c.id, AdvanceInput(day, introducers[0], introducers[1], review="政治审查合格",
                                                           review_on=day - dt.timedelta(days=20)))
        else:
            services.candidates.advance(c.id, AdvanceInput(day, remark="支部大会讨论通过"))
