"""Demonstration data: a county with two sub-districts and six communities.

Names are ordinary, realistic ones so that a newcomer sees a living record book. Each later
area adds its own records (see app.services.areas).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from app.domain.access.permissions import Role
from app.domain.kit.changes import Change
from app.domain.kit.errors import ConflictError, PermissionDenied
from app.domain.orgs.rules import OrgType, term_end_default
from app.services.container import Services
from app.services.orgs.service import OrgInput, OrgRow

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强海燕玉兰淑珍德明红梅春生国庆丽华晓东文博宇航子涵欣怡浩然思远嘉怡俊杰雪梅秀珍瑞芳鹏飞卫东永刚桂芝凤英"


@dataclass(frozen=True)
class DemoCounty:
    root: OrgRow
    streets: list[OrgRow]
    communities: list[OrgRow]
    branches: list[OrgRow]


DEMO_ADMIN = "admin"
DEMO_PASSWORD = "demo"

STREETS = {
    "城关街道党工委": ["和平社区党委", "文化路社区党委", "幸福里社区党委"],
    "东湖街道党工委": ["东湖社区党委", "滨河社区党总支", "新华社区党委"],
}


def person_name(rng: random.Random) -> str:
    given = GIVEN_NAMES[rng.randrange(len(GIVEN_NAMES))]
    return SURNAMES[rng.randrange(len(SURNAMES))] + given


GIVEN_NAMES = [GIVEN[i : i + 2] for i in range(0, len(GIVEN) - 1, 2)] + list("伟芳敏静丽强磊军勇杰涛明超刚平")


def mobile(rng: random.Random) -> str:
    return rng.choice(["138", "139", "137", "150", "152", "158", "186", "189", "133", "177"]) + "".join(
        str(rng.randrange(10)) for _ in range(8)
    )


def check_demo_allowed(services: Services, *, force: bool = False) -> None:
    """Everything ``build_demo`` needs is checked here, before anything is changed: only an
    administrator (or the program on a database without accounts) builds the demonstration,
    and --force replaces only a database that ``demo`` made itself."""
    role = services.actor.role
    if role is not None and role != Role.ADMIN.value:
        raise PermissionDenied("只有管理员才能生成演示数据（生成时会替换整个数据库的内容）。")
    if services.is_empty():
        return
    if not force:
        raise ConflictError("这个数据库里已有数据，演示数据不会覆盖它。确需覆盖请加 --force，或换一个数据库文件。")
    if not services.settings.get("is_demo"):
        raise ConflictError("这个数据库里是本单位的台账，不是由“生成演示数据”建立的，演示数据不会覆盖它（加 --force 也不行）。"
                            "请换一个数据库文件生成演示数据，例如：dangjian demo --db 演示.db")


def build_demo(services: Services, *, force: bool = False, options: dict | None = None) -> DemoCounty:
    """Fills the database with the demonstration county. Refuses a database with data, and
    with --force replaces only a demonstration database (see ``check_demo_allowed``)."""
    check_demo_allowed(services, force=force)
    if not services.is_empty():
        _wipe(services)
    else:  # marked first, so that a build cut short can be started over with --force
        services.settings.set("is_demo", True)
    rng = random.Random(20260701)
    orgs = services.orgs
    today = dt.date.today()

    def add(name: str, kind: OrgType, parent: OrgRow | None, short: str = "", years_ago: int = 2, **kw) -> OrgRow:
        start = dt.date(today.year - years_ago, rng.choice([3, 4, 5, 6, 9]), rng.randint(1, 28))
        return orgs.create(
            OrgInput(
                name=name, org_type=kind, parent_id=parent.id if parent else None, short_name=short,
                secretary=person_name(rng), phone=mobile(rng),
                established=dt.date(rng.randint(1998, 2015), rng.randint(1, 12), rng.randint(1, 28)),
                term_start=start, term_end=term_end_default(kind, start), **kw,
            )
        )

    root = add("青山县委组织部", OrgType.COUNTY, None, short="青山县", years_ago=1)
    streets, communities, branches = [], [], []
    for street_name, community_names in STREETS.items():
        street = add(street_name, OrgType.STREET, root, short=street_name.replace("党工委", ""),
                     coverage="辖区内社区、驻区单位")
        streets.append(street)
        for ci, cname in enumerate(community_names):
            kind = OrgType.GENERAL_BRANCH if cname.endswith("党总支") else OrgType.COMMUNITY
            # One community's committee is past its term, so the warning shows in the demo.
            community = add(cname, kind, street, short=cname.replace("党委", "").replace("党总支", ""),
                            years_ago=6 if (street_name, ci) == ("城关街道党工委", 1) else 2,
                            coverage=f"{cname[:-2]}辖区 {rng.randint(8, 20)} 个居民小区")
            communities.append(community)
            for gi in range(1, rng.randint(3, 5) + 1):
                grid = add(f"第{'一二三四五'[gi - 1]}网格党支部", OrgType.GRID_BRANCH, community,
                           coverage=f"{rng.randint(1, 30)}号楼至{rng.randint(31, 60)}号楼")
                branches.append(grid)
                for bi in range(rng.randint(1, 2)):
                    add(f"{rng.randint(1, 40)}号楼党小组" if bi == 0 else "沿街商户党小组",
                        OrgType.GROUP, grid)
            branches.append(add("离退休党员党支部", OrgType.BRANCH, community))
        branches.append(add(f"{street_name[:2]}沿街商户联合党支部", OrgType.JOINT_BRANCH, street))
        branches.append(add(f"{street_name[:2]}片区改造项目临时党支部", OrgType.TEMP_BRANCH, street,
                            years_ago=1, remarks="项目竣工后撤销"))
    add("金融大厦商务楼宇党委", OrgType.OFFICE_BUILDING, streets[0], short="金融大厦楼宇党委")
    add("物业服务行业党委", OrgType.INDUSTRY, streets[1], short="物业行业党委")
    add("万达广场商圈党委", OrgType.BUSINESS_DISTRICT, streets[1], short="万达商圈党委")
    closed = add("老城棚改项目临时党支部", OrgType.TEMP_BRANCH, streets[0], years_ago=3)
    orgs.close(closed.id, today - dt.timedelta(days=200), "项目竣工，临时党支部完成使命")

    county = DemoCounty(root, streets, communities, branches)
    from app.services.areas import AREAS

    for area in AREAS:
        if area.demo is not None:
            area.demo(services, county, rng, options or {})
    services.settings.set("office_org_id", root.id)
    if not services.auth.has_users():
        # The one database with a known password; its login screen says so.
        services.auth.create_admin(DEMO_ADMIN, DEMO_PASSWORD, "演示管理员", enforce_strength=False)
    return county


def _wipe(services: Services) -> None:
    """--force: start the demo over on a demonstration database (audit trail kept). Its accounts
    are replaced by the demonstration administrator in the same transaction, so the database
    is never without an account; the settings the program keeps (identity, accounts) stay."""
    from sqlalchemy import delete, text

    from app.db.models import Organization, Setting
    from app.services.access.settings import PROGRAM_KEYS
    from app.services.areas import wipe_tables
    from app.services.safety import audit

    with services.orgs.writing(Change.ORGS, Change.SETTINGS, Change.USERS) as s:
        from app.db import funds_triggers

        with funds_triggers.suspended(s.connection()):  # posted entries are emptied too
            for table in wipe_tables():
                s.execute(text(f"DELETE FROM {table}"))
        s.execute(delete(Setting).where(Setting.key.not_in({*PROGRAM_KEYS, "is_demo"})))
        s.execute(text("DELETE FROM users"))
        services.auth._insert(s, DEMO_ADMIN, Role.ADMIN, DEMO_PASSWORD, "演示管理员")
        services.auth.mark_accounts(s)
        s.execute(text("DELETE FROM briefings"))
        s.execute(text("UPDATE organizations SET parent_id = NULL"))
        s.execute(delete(Organization))
        audit.append(s, services.actor.name, "清空数据", summary="生成演示数据前清空原有数据（--force）")
