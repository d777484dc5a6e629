"""Co-building in the demonstration county: units with valid credit codes spread over the six
communities (in-service members linked to theirs by 工作单位), 大党委 part-time members, postings
both ways, agreements in every status with commitments, the three lists at every step, joint
meetings with decisions, and last year's mutual appraisal (this year's begun)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from app.domain.cobuild.appraisal import DEFAULT_CRITERIA
from app.domain.cobuild.credit_code import make_credit_code
from app.domain.cobuild.units import FROM_UNIT, TO_UNIT
from app.services.cobuild import demo_data as data
from app.services.cobuild.agreement_rows import AgreementInput
from app.services.cobuild.appraisal import OF_COMMUNITY, OF_UNIT
from app.services.cobuild.list_rows import ListItemInput
from app.services.cobuild.meetings import MeetingInput
from app.services.cobuild.rows import CouncilInput, SecondmentInput, UnitInput
from app.services.container import Services
from app.services.demo import DemoCounty, mobile, person_name

AREA = "370124"


def add_demo_cobuild(services: Services, county: DemoCounty, rng: random.Random, options: dict[str, Any]) -> None:
    today = dt.date.today()
    units = _units(services, county, rng, today)
    services.units.link_by_work_unit()
    for community in county.communities:
        mine = units.get(community.id, [])
        if not mine:
            continue
        _people(services, community.id, mine, rng, today)
        _agreements(services, community.id, mine, rng, today)
        _lists(services, community.id, mine, rng, today)
        _meetings(services, community.id, mine, rng, today)
        _appraisal(services, community.id, mine, rng, today)


def _units(services: Services, county: DemoCounty, rng: random.Random, today: dt.date) -> dict[int, list[tuple[int, str]]]:
    communities = county.communities
    inputs: list[UnitInput] = []
    for i, (name, kind, code, org_type, members) in enumerate(data.UNITS):
        community = communities[i % len(communities)]
        grids = [b.name.replace("党支部", "") for b in county.branches if b.parent_id == community.id
                 and b.name.startswith("第")]
        inputs.append(UnitInput(
            name=name, org_id=community.id, credit_code=make_credit_code(rng, body=code[0], kind=code[1], area=AREA),
            unit_type=kind, address=f"青山县{rng.choice(data.STREETS)}{rng.randint(1, 300)}号",
            grid=rng.choice(grids) if grids else "",
            party_org_name="" if org_type == "未建" else name + {"党委": "党委", "党总支": "党总支"}.get(org_type, "党支部"),
            party_org_type=org_type, secretary="" if org_type == "未建" else person_name(rng),
            party_members=members, on_council=members >= 20 or rng.random() < 0.2,
            liaison=person_name(rng), phone=mobile(rng)))
    ids = services.units.bulk_create(inputs)
    by_org: dict[int, list[tuple[int, str]]] = {}
    for unit_id, u in zip(ids, inputs, strict=True):
        assert u.org_id is not None
        by_org.setdefault(u.org_id, []).append((unit_id, u.name))
    last = ids[-1]  # one unit has moved out of the area (its agreement ended before)
    services.units.leave(last, today - dt.timedelta(days=rng.randint(60, 200)), "单位整体搬迁至开发区")
    for org_units in by_org.values():
        org_units[:] = [(i, n) for i, n in org_units if i != last]
    return by_org


def _people(services: Services, org_id: int, units: list[tuple[int, str]], rng: random.Random,
            today: dt.date) -> None:
    start = dt.date(today.year - 2, 3, 1)
    for i, (unit_id, _name) in enumerate(units[:4]):
        ended = i == 3  # one term has ended without a new appointment: flagged
        services.council.create(CouncilInput(
            name=person_name(rng), org_id=org_id, unit_id=unit_id, council_post=rng.choice(data.COUNCIL_POSTS),
            unit_post=rng.choice(data.UNIT_POSTS), phone=mobile(rng), term_start=start,
            term_end=today - dt.timedelta(days=20) if ended else dt.date(today.year + 3, 2, 28)))
    if len(units) >= 2:
        services.secondments.create(SecondmentInput(
            name=person_name(rng), direction=TO_UNIT, org_id=org_id, unit_id=units[0][0],
            starts_on=today - dt.timedelta(days=rng.randint(60, 150)), post=rng.choice(data.LIAISON_POSTS),
            ends_on=today + dt.timedelta(days=rng.randint(60, 200))))
        services.secondments.create(SecondmentInput(
            name=person_name(rng), direction=FROM_UNIT, org_id=org_id, unit_id=units[1][0], post="社区党委副书记（兼）",
            starts_on=today - dt.timedelta(days=rng.randint(30, 300))))


def _agreements(services: Services, org_id: int, units: list[tuple[int, str]], rng: random.Random,
                today: dt.date) -> None:
    """Per community: agreements in force, one ending within the warning period, one expired
    last year and renewed, one terminated, one draft."""
    ag = services.agreements
    plans = ["生效", "即将到期", "续签", "已终止", "草拟", "生效", "生效"]
    for (unit_id, _name), plan in zip(units, plans, strict=False):
        if plan == "即将到期":
            end = today + dt.timedelta(days=rng.randint(5, 25))
        elif plan == "续签":
            end = today - dt.timedelta(days=rng.randint(20, 80))
        else:
            end = today + dt.timedelta(days=rng.randint(90, 300))
        start = end - dt.timedelta(days=364)
        row = ag.create(AgreementInput(
            org_id=org_id, unit_id=unit_id, starts_on=start, ends_on=end,
            signed_on=None if plan == "草拟" else start, liaison_a=person_name(rng), liaison_a_phone=mobile(rng),
            liaison_b=person_name(rng), liaison_b_phone=mobile(rng),
            mechanisms=tuple(rng.sample(("双向承诺", "双向挂职", "双向服务", "双向联系", "双向评议"), 4)),
            content=data.CONTENT))
        _commitments(services, row.id, rng, start, min(today, end))
        if plan == "续签":
            ag.renew(row.id)
        elif plan == "已终止":
            ag.terminate(row.id, today - dt.timedelta(days=rng.randint(5, 40)), "单位机构调整，共建事项由新单位承接")


def _commitments(services: Services, agreement_id: int, rng: random.Random, start: dt.date, until: dt.date) -> None:
    """Each side's commitments, some fulfilled. Recorded in one transaction as an office entering
    the year's record would (the agreement may have ended since)."""
    svc = services.commitments
    chosen = [("甲方", c) for c in rng.sample(data.COMMITMENTS_A, 2)] + \
             [("乙方", c) for c in rng.sample(data.COMMITMENTS_B, 3)]
    span = max(1, (until - start).days)
    with svc.writing(svc.spec.change) as s:
        for order, (side, content) in enumerate(chosen, start=1):
            deadline = start + dt.timedelta(days=rng.randint(span // 3, span + 30))
            done = start + dt.timedelta(days=rng.randint(10, span)) if rng.random() < 0.55 else None
            svc._insert(s, {"agreement_id": agreement_id, "side": side, "content": content, "deadline": deadline,
                            "done_on": min(done, until) if done else None,
                            "evidence": "活动照片和签到表已存档" if done else "", "sort_order": order},
                        action="新增承诺事项", summary=f"演示数据：承诺事项“{content}”")


def _lists(services: Services, org_id: int, units: list[tuple[int, str]], rng: random.Random, today: dt.date) -> None:
    lists = services.lists
    names = {n: i for i, n in units}
    unit_ids = [i for i, _n in units]

    def day(back: int) -> dt.date:
        return today - dt.timedelta(days=back)

    made: list[tuple[int, str]] = []
    for title, category, people in rng.sample(data.NEEDS, 5):
        raised = rng.randint(40, 200)
        item = lists.create(ListItemInput(kind="需求清单", title=title, org_id=org_id, category=category,
                                          raised_by=f"第{rng.choice('一二三')}网格居民", raised_on=day(raised),
                                          beneficiaries=people, deadline=day(raised - rng.randint(20, 120))))
        made.append((item.id, "need"))
    for title, category, provider in data.RESOURCES[:3]:
        lists.create(ListItemInput(kind="资源清单", title=title, org_id=org_id, category=category,
                                   raised_by=provider, unit_id=names.get(provider), raised_on=day(rng.randint(60, 200))))
    for title, category, people in rng.sample(data.PROJECTS, 3):
        item = lists.create(ListItemInput(kind="项目清单", title=title, org_id=org_id, category=category,
                                          raised_by="社区党委", raised_on=day(rng.randint(100, 220)),
                                          beneficiaries=people, deadline=day(-rng.randint(30, 150))))
        made.append((item.id, "project"))
    # Every step is shown: waiting, claimed, under way, finished, cancelled.
    steps = ["done", "under_way", "claimed", "open", "cancelled", "done", "under_way", "open"]
    for (item_id, _kind), step in zip(made, steps, strict=False):
        row = lists.get(item_id)
        assert row.raised_on is not None
        if step in ("open",):
            continue
        if step == "cancelled":
            lists.cancel(item_id, row.raised_on + dt.timedelta(days=10), "已纳入街道统一实施计划")
            continue
        claimed = row.raised_on + dt.timedelta(days=rng.randint(3, 10))
        lists.claim(item_id, claimed, unit_id=rng.choice(unit_ids))
        if step == "claimed":
            continue
        started = claimed + dt.timedelta(days=rng.randint(3, 15))
        lists.start(item_id, started)
        if step == "done":
            lists.complete(item_id, min(today, started + dt.timedelta(days=rng.randint(10, 30))),
                           rng.choice(data.OUTCOMES), rng.randint(20, 300))


def _meetings(services: Services, org_id: int, units: list[tuple[int, str]], rng: random.Random,
              today: dt.date) -> None:
    held = [dt.date(today.year - 1, 12, rng.randint(10, 25)), today - dt.timedelta(days=rng.randint(20, 120))]
    for i, day in enumerate(held):
        m = services.meetings.create(MeetingInput(
            org_id=org_id, held_on=day, place=rng.choice(data.PLACES), host=person_name(rng),
            attendees="社区党委委员、驻区单位党组织负责人和联络员、网格长代表",
            agenda="通报共建工作情况；认领需求清单；研究下阶段共建项目",
            minutes="会议听取了社区党委关于共驻共建工作的情况通报，各驻区单位交流了共建做法，"
                    "对需求清单事项进行了认领，研究确定了下阶段共建项目。"),
            [u for u, _n in units[: rng.randint(3, len(units))]])
        decision = services.meetings.add_decision(m.id, data.DECISIONS[i % len(data.DECISIONS)])
        if i == len(held) - 1:
            services.meetings.decision_to_project(decision.id, category="社区治理", unit_id=units[0][0],
                                                  deadline=today + dt.timedelta(days=90))


def _appraisal(services: Services, org_id: int, units: list[tuple[int, str]], rng: random.Random,
               today: dt.date) -> None:
    last = services.appraisals.open_year(org_id, today.year - 1)
    for unit_id, _name in units[:6]:
        base = rng.randint(72, 96)
        for direction in (OF_UNIT, OF_COMMUNITY):
            scores = {c.name: min(100, max(0, base + rng.randint(-6, 6))) for c in DEFAULT_CRITERIA}
            services.appraisals.set_scores(last.id, unit_id, direction, scores)
    services.appraisals.open_year(org_id, today.year)  # this year's: criteria copied forward, not scored yet
