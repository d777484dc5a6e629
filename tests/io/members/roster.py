"""An office with two branches, and valid people to put in import files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.kit.idcard import make_id
from app.domain.orgs.rules import OrgType
from app.services.access.setup import init_office
from app.services.container import Services
from app.services.orgs.service import OrgInput

HEADER = ["序号", "姓名", "公民身份号码", "人员类别", "所在党组织", "加入党组织日期", "转为正式党员日期",
          "联系电话"]


@dataclass(frozen=True)
class Office:
    office_id: int
    first: int  # 第一党支部
    second: int  # 第二党支部


def make_office(services: Services) -> Office:
    office = init_office(services, "和平社区党委", "社区党委")
    first = services.orgs.create(OrgInput("第一党支部", OrgType.BRANCH, office.id))
    second = services.orgs.create(OrgInput("第二党支部", OrgType.BRANCH, office.id))
    return Office(office.id, first.id, second.id)


def id_for(n: int, born: dt.date = dt.date(1960, 5, 17), sex: str = "男") -> str:
    """A valid ID number; ``n`` picks the sequence so that numbers differ."""
    return make_id("370102", born, sex, sequence=2 * n + (1 if sex == "男" else 0))


def member_row(n: int, name: str = "", org: str = "第一党支部", **over: object) -> list[object]:
    """A full, valid row under HEADER."""
    values = {
        "序号": n, "姓名": name or f"党员{n}", "公民身份号码": id_for(n), "人员类别": "正式党员",
        "所在党组织": org, "加入党组织日期": "1985-07-01", "转为正式党员日期": "1986-07-01",
        "联系电话": f"1381234{n:04d}",
    }
    values.update(over)
    return [values[h] for h in HEADER]
