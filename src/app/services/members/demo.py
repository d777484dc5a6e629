"""Demonstration members: realistic, valid records spread over the demo county's branches.

ID numbers carry area codes of 济南市 and agree with each member's sex and birth date; the
joining age is 18–40 with full membership a year later (about 5% still probationary);
in-service members have a work unit and 双管, retirees 托管, mobile members a destination and
协管. A few have history events, and a few have transferred out.
"""

from __future__ import annotations

import datetime as dt
import random

from app.domain.kit.idcard import make_id
from app.domain.orgs.rules import OrgType
from app.services.container import Services
from app.services.demo import DemoCounty, mobile, person_name
from app.services.members.service import EventInput, MemberInput

DEFAULT_COUNT = 600
AREAS = ("370102", "370103", "370104", "370105", "370112", "370113", "370114", "370115", "370124")
WORK_UNITS = ("青山县人民医院", "青山县第一中学", "国网青山县供电公司", "国家税务总局青山县税务局",
              "中国银行青山支行", "青山县市场监督管理局", "青山县自来水公司", "青山县实验小学",
              "青山县住房和城乡建设局", "青山县中医院")
DESTINATIONS = ("广东省深圳市南山区", "浙江省杭州市余杭区", "江苏省苏州市吴中区", "北京市朝阳区",
                "上海市浦东新区", "山东省青岛市黄岛区", "天津市滨海新区")
ESTATES = ("和平小区", "文化苑", "幸福里小区", "东湖花园", "滨河新村", "新华家园", "锦绣华庭", "书香名邸")
ETHNIC = ("汉族",) * 95 + ("回族", "回族", "满族", "蒙古族", "朝鲜族")
EDUCATION_YOUNG = ("大学本科",) * 5 + ("研究生（硕士）", "大学专科", "大学专科", "研究生（博士）")
EDUCATION_OLD = ("高中", "初中", "中等职业", "大学专科", "大学本科", "小学")
POSTS_SERVING = ("公务员", "事业单位管理人员", "事业单位专业技术人员", "企业管理人员", "企业专业技术人员",
                 "工勤技能人员")
# (category, management, post, weight, retirement branch?)
KINDS = (
    ("常住党员", "—", "", 22, False),
    ("在职党员", "双管", None, 28, False),
    ("离退休党员", "托管", "退休人员", 30, True),
    ("流动党员", "协管", "自由职业人员", 6, False),
    ("进城务工党员", "—", "其他从业人员", 6, False),
    ("下岗失业党员", "—", "无业人员", 4, False),
    ("待业大学生党员", "—", "无业人员", 4, False),
)


def add_demo_members(services: Services, county: DemoCounty, rng: random.Random, options: dict) -> None:
    count = options.get("members")
    count = DEFAULT_COUNT if count is None else int(count)
    if count <= 0:
        return
    today = dt.date.today()
    retire = [b for b in county.branches if b.name == "离退休党员党支部"]
    others = [b for b in county.branches if b.name != "离退休党员党支部"]
    grids = [b for b in county.branches if b.org_type is OrgType.GRID_BRANCH]
    grid_names = {b.id: b.name.replace("党支部", "") for b in grids}
    used: set[str] = set()
    inputs: list[MemberInput] = []
    weights = [k[3] for k in KINDS]
    for _ in range(count):
        category, management, post, _w, retired = rng.choices(KINDS, weights)[0]
        branch = rng.choice(retire if retired and retire else others)
        sex = "男" if rng.random() < 0.58 else "女"
        if retired:
            born = _day(rng, today.year - 88, today.year - 58)
        elif category == "待业大学生党员":
            born = _day(rng, today.year - 26, today.year - 21)
        else:
            born = _day(rng, today.year - 58, today.year - 23)
        number = make_id(rng.choice(AREAS), born, sex, rng)
        while number in used:
            number = make_id(rng.choice(AREAS), born, sex, rng)
        used.add(number)
        youngest = _add_years(born, 18)
        oldest = min(_add_years(born, 40), today - dt.timedelta(days=30))
        probationary = rng.random() < 0.05 and today - youngest > dt.timedelta(days=400)
        if probationary:
            joined = today - dt.timedelta(days=rng.randint(30, 330))
            full = None
        else:
            joined = youngest + dt.timedelta(days=rng.randint(0, max(0, (oldest - youngest).days - 400)))
            full = joined + dt.timedelta(days=365)
        inputs.append(MemberInput(
            name=person_name(rng), id_number=number, org_id=branch.id, sex=sex, birth_date=born,
            member_type="预备党员" if probationary else "正式党员", joined_on=joined, full_on=full,
            ethnicity=rng.choice(ETHNIC),
            education=rng.choice(EDUCATION_OLD if retired else EDUCATION_YOUNG),
            post=post if post is not None else rng.choice(POSTS_SERVING),
            phone=mobile(rng),
            address=f"{rng.choice(ESTATES)}{rng.randint(1, 40)}号楼{rng.randint(1, 4)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}",
            category=category, management=management,
            work_unit=rng.choice(WORK_UNITS) if category == "在职党员" else "",
            mobile=category == "流动党员",
            mobile_to=rng.choice(DESTINATIONS) if category == "流动党员" else "",
            grid=grid_names.get(branch.id, ""),
            center_household=retired and rng.random() < 0.08,
        ))
    ids = services.members.bulk_create(inputs)
    services.members.add_events(_history(rng, ids, inputs, today))


def _history(rng: random.Random, ids: list[int], inputs: list[MemberInput], today: dt.date) -> list[EventInput]:
    """A few members came by transfer, became full members lately, went away or lost touch."""
    events: list[EventInput] = []
    for member_id, data in zip(ids, inputs, strict=True):
        roll = rng.random()
        assert data.joined_on is not None
        since = max(data.joined_on, today - dt.timedelta(days=3 * 365))
        span = max(1, (today - since).days - 1)

        def when(since: dt.date = since, span: int = span) -> dt.date:
            return since + dt.timedelta(days=rng.randint(0, span))

        if roll < 0.04:
            events.append(EventInput(member_id, "转入", when(), rng.choice(DESTINATIONS) + "某社区党支部",
                                     "组织关系转入"))
        elif roll < 0.055 and data.category != "流动党员":
            events.append(EventInput(member_id, "转出", when(), rng.choice(DESTINATIONS) + "某街道党工委",
                                     "随子女迁居"))
        elif roll < 0.058 and data.category == "离退休党员":
            events.append(EventInput(member_id, "去世", when()))
        elif roll < 0.065 and data.category == "常住党员":
            events.append(EventInput(member_id, "外出流动", when(), rng.choice(DESTINATIONS), "外出务工"))
        elif roll < 0.07 and data.category not in ("离退休党员",):
            events.append(EventInput(member_id, "失去联系", when(), remark="多次联系未果"))
    return events


def _day(rng: random.Random, first_year: int, last_year: int) -> dt.date:
    start = dt.date(first_year, 1, 1)
    return start + dt.timedelta(days=rng.randint(0, (dt.date(last_year, 12, 31) - start).days))


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
