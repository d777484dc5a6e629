"""A small organisation tree and valid member inputs for the roster tests."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, replace

from app.domain.kit.idcard import make_id
from app.domain.orgs.rules import OrgType
from app.services.container import Services
from app.services.members.service import MemberInput
from app.services.orgs.service import OrgInput

_sequence = itertools.count(1)


@dataclass(frozen=True)
class Tree:
    county: int
    street: int
    community: int
    branch_a: int
    branch_b: int
    other_community: int
    other_branch: int


def build_tree(services: Services) -> Tree:
    o = services.orgs

    def add(name: str, kind: OrgType, parent: int | None) -> int:
        return o.create(OrgInput(name=name, org_type=kind, parent_id=parent)).id

    county = add("青山县委", OrgType.COUNTY, None)
    street = add("城关街道党工委", OrgType.STREET, county)
    community = add("和平社区党委", OrgType.COMMUNITY, street)
    branch_a = add("第一网格党支部", OrgType.GRID_BRANCH, community)
    branch_b = add("第二网格党支部", OrgType.GRID_BRANCH, community)
    other = add("东湖社区党委", OrgType.COMMUNITY, street)
    other_branch = add("东湖第一网格党支部", OrgType.GRID_BRANCH, other)
    return Tree(county, street, community, branch_a, branch_b, other, other_branch)


def member(org_id: int, name: str = "张三丰", *, born: dt.date = dt.date(1980, 5, 6), sex: str = "男",
           **changes: object) -> MemberInput:
    seq = next(_sequence) % 499 * 2 + (1 if sex == "男" else 0)
    data = MemberInput(
        name=name, id_number=make_id("370102", born, sex, sequence=seq), org_id=org_id,
        member_type="正式党员", joined_on=dt.date(born.year + 25, 7, 1),
        full_on=dt.date(born.year + 26, 7, 1), phone="13812345678", category="常住党员",
        ethnicity="汉族", education="大学本科",
    )
    return replace(data, **changes)  # type: ignore[arg-type]
