"""A known organisation tree with known members, so printed figures can be checked."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from app.domain.kit.idcard import make_id
from app.domain.orgs.rules import OrgType
from app.services.container import Services
from app.services.members.service import MemberInput
from app.services.orgs.service import OrgInput

_seq = itertools.count(1)


@dataclass(frozen=True)
class Known:
    street: int
    community: int
    grid_a: int
    members: int  # on record under the street
    in_service: int  # 在职党员
    probationary: int


def build_known(services: Services, *, with_members: bool = True) -> Known:
    """城关街道: 2 communities, 3 网格党支部, 1 离退休党支部, 1 联合党支部, 4 党小组;
    7 members (3 在职, 2 离退休, 2 常住; 1 预备党员)."""
    o = services.orgs

    def add(name: str, kind: OrgType, parent: int | None, **kw) -> int:
        return o.create(OrgInput(name=name, org_type=kind, parent_id=parent, **kw)).id

    street = add("城关街道党工委", OrgType.STREET, None, short_name="城关街道")
    c1 = add("和平社区党委", OrgType.COMMUNITY, street, term_start=dt.date(2018, 3, 1),
             term_end=dt.date(2023, 3, 1))  # past its term
    c2 = add("幸福里社区党委", OrgType.COMMUNITY, street)
    ga = add("第一网格党支部", OrgType.GRID_BRANCH, c1)
    add("第二网格党支部", OrgType.GRID_BRANCH, c1)
    gc = add("第一网格党支部", OrgType.GRID_BRANCH, c2)
    retired = add("离退休党员党支部", OrgType.BRANCH, c2)
    add("沿街商户联合党支部", OrgType.JOINT_BRANCH, street)
    for parent, name in ((ga, "1号楼党小组"), (ga, "2号楼党小组"), (gc, "3号楼党小组"),
                         (retired, "老干部党小组")):
        add(name, OrgType.GROUP, parent)
    if with_members:
        people = [
            (ga, "张堃", "在职党员", "正式党员"), (ga, "李喆", "在职党员", "正式党员"),
            (gc, "王赟", "在职党员", "预备党员"), (retired, "赵昇", "离退休党员", "正式党员"),
            (retired, "钱镕", "离退休党员", "正式党员"), (gc, "孙丽", "常住党员", "正式党员"),
            (ga, "周强", "常住党员", "正式党员"),
        ]
        for org, name, category, kind in people:
            services.members.create(member(org, name, category=category, member_type=kind))
    return Known(street, c1, ga, 7 if with_members else 0, 3, 1)


def member(org_id: int, name: str, **kw) -> MemberInput:
    born = dt.date(1975, 3, 8)
    seq = next(_seq) * 2 + 1
    values = dict(name=name, id_number=make_id("370102", born, "男", sequence=seq), org_id=org_id,
                  member_type="正式党员", joined_on=dt.date(2001, 7, 1), full_on=dt.date(2002, 7, 1),
                  phone="13812345678", category="常住党员", ethnicity="汉族", education="大学本科")
    values.update(kw)
    if values["member_type"] == "预备党员":
        values["full_on"] = None
        values["joined_on"] = dt.date.today() - dt.timedelta(days=100)
    return MemberInput(**values)  # type: ignore[arg-type]
