"""The demonstration county's sites, first secretaries and Party workers, two brands at
different steps, and a year of grid visits with some follow-ups overdue."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from app.domain.sites.fields import CADRE, CENTRAL_HOUSEHOLD, CENTRE, PLACE, SHARED, WORKER
from app.services.sites.rows import BrandInput, SiteInput, StaffInput, VisitInput

if TYPE_CHECKING:
    from app.services.container import Services
    from app.services.demo import DemoCounty

HOME_UNITS = ("县委组织部", "县财政局", "县民政局", "县住建局", "县人社局", "县卫健委")
MATTERS = (("楼道灯损坏，夜间出行不便", "报物业维修"), ("独居老人希望有人定期探望", "安排党员结对"),
           ("小区停车位不足", "协调共建单位错时开放停车场"), ("反映低保申请流程", "网格员代办"),
           ("雨水井堵塞", "报市政疏通"), ("希望开设老年智能手机课", "纳入党群服务中心活动安排"),
           ("邻里噪音纠纷", ""), ("无", ""))
BRANDS = (("红色物业", "党建引领物业服务，物业企业党员亮身份、认岗位。"),
          ("邻里守望", "楼栋党员中心户联系周边住户，小事不出楼栋。"))


def add_demo_sites(services: Services, county: DemoCounty, rng: random.Random, options: dict[str, Any]) -> None:
    today = dt.date.today()
    from app.services.demo import person_name

    sites: list[SiteInput] = []
    staff: list[StaffInput] = []
    for n, community in enumerate(county.communities):
        short = community.name.removesuffix("党委").removesuffix("党总支")
        sites.append(SiteInput(f"{short}党群服务中心", CENTRE, community.id, address=f"{short}居委会一楼",
                               area=Decimal(rng.randint(20000, 80000)) / 100, owner="街道办事处",
                               opened_on=dt.date(today.year - 6 + n % 4, 7, 1),
                               standardised_year=today.year - 1 if n % 3 else None))
        sites.append(SiteInput(f"{short}老年活动室", PLACE, community.id, area="86.5", owner="社区居委会",
                               opened_on=today - dt.timedelta(days=40 + 30 * n)))
        units = services.units.names(community.id)
        if units:
            unit_id, unit_name = units[n % len(units)]
            sites.append(SiteInput(f"{unit_name}党员活动室", SHARED, community.id, unit_id=unit_id,
                                   menu="会议室（可容纳40人）\n投影设备\n党建书屋", area="120", owner=unit_name,
                                   opened_on=dt.date(today.year - 2, 3, 15)))
        staff.append(StaffInput("第一书记" if n % 2 == 0 else "副书记", person_name(rng), community.id,
                                home_unit=HOME_UNITS[n % len(HOME_UNITS)], term_start=dt.date(today.year - 1, 3, 1),
                                term_end=dt.date(today.year + 1, 2, 28)))
        for k in range(2):
            hired = today.year - (k + n) % 4
            staff.append(StaffInput(WORKER, person_name(rng), community.id, hired_year=hired,
                                    hire_way=("公开招聘", "选调")[k], certified=k == 0,
                                    certificate="社区工作者职业水平证书" if k == 0 else "",
                                    certified_on=dt.date(hired, 9, 1) if k == 0 else None))
        for post in ("书记", "主任", "委员"):
            staff.append(StaffInput("两委成员", person_name(rng), community.id, post=post,
                                    cross_post=post != "委员", term_start=dt.date(today.year - 2, 1, 10),
                                    term_end=dt.date(today.year + 3, 1, 9)))
    services.sites.bulk_create(sites)
    services.staff.bulk_create(staff)
    _brands(services, county, today)
    _visits(services, county, rng, today)


def _brands(services: Services, county: DemoCounty, today: dt.date) -> None:
    for k, (name, text) in enumerate(BRANDS):
        community = county.communities[k % len(county.communities)]
        brand = services.brands.create(BrandInput(name, community.id, description=text))
        steps = ("品牌申报", "组织实施", "成果展示", "评比验收")[:2 + k]
        for i, step in enumerate(steps):
            services.brands.record_step(brand.id, step, today - dt.timedelta(days=300 - 80 * i),
                                        f"{step}已完成")


def _visits(services: Services, county: DemoCounty, rng: random.Random, today: dt.date) -> None:
    from app.services.demo import person_name

    visits: list[VisitInput] = []
    for community in county.communities:
        visitors = [(person_name(rng), CADRE) for _ in range(3)] + [(person_name(rng), CENTRAL_HOUSEHOLD)
                                                                    for _ in range(3)]
        for _ in range(40):
            day = today - dt.timedelta(days=rng.randint(0, 364))
            who, role = rng.choice(visitors)
            matter, follow = rng.choice(MATTERS)
            due = min(day + dt.timedelta(days=rng.choice((7, 15, 30))), today + dt.timedelta(days=30)) if follow else None
            done = None
            if follow and due is not None and rng.random() < 0.75:
                done = min(day + dt.timedelta(days=rng.randint(1, 20)), today)
            visits.append(VisitInput(who, community.id, f"{rng.randint(1, 12)}号楼{rng.randint(1, 4)}单元"
                                     f"{rng.randint(1, 6)}0{rng.randint(1, 2)}", day, visitor_role=role,
                                     grid=f"第{rng.randint(1, 4)}网格", matters=matter if matter != "无" else "",
                                     follow_up=follow, due_on=due, result="已办结" if done else "", done_on=done))
    services.grid_visits.bulk_create(visits)
