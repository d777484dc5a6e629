"""Unit lists as offices keep them, for the import tests."""

from __future__ import annotations

from app.domain.orgs.rules import OrgType
from app.services.container import Services
from app.services.orgs.service import OrgInput
from tests.services.cobuild.helpers import code

# The unit list a 街道 keeps: its own header names, a 序号 column and a column we do not keep.
STREET_HEADER = ["序号", "单位名称", "统一社会信用代码", "单位性质", "所在社区", "地址", "党组织名称", "党组织类型",
                 "书记", "党员数", "是否大党委成员单位", "联系人", "联系电话", "法定代表人"]


def street_row(n: int, **changes: object) -> list[object]:
    values = {"序号": n, "单位名称": f"青山县第{n}中学", "统一社会信用代码": code("1", "2"), "单位性质": "事业单位",
              "所在社区": "和平社区党委", "地址": f"和平路{n}号", "党组织名称": f"青山县第{n}中学党支部",
              "党组织类型": "党支部", "书记": "王建国", "党员数": 12 + n, "是否大党委成员单位": "是" if n % 2 else "否",
              "联系人": "李敏", "联系电话": "13953112345", "法定代表人": "张校长"}
    values.update({k.replace("_", ""): v for k, v in changes.items()})
    return [values[h] for h in STREET_HEADER]


def make_office(services: Services) -> dict[str, int]:
    o = services.orgs
    street = o.create(OrgInput(name="城关街道党工委", org_type=OrgType.STREET)).id
    peace = o.create(OrgInput(name="和平社区党委", org_type=OrgType.COMMUNITY, parent_id=street)).id
    lake = o.create(OrgInput(name="东湖社区党委", org_type=OrgType.COMMUNITY, parent_id=street)).id
    services.settings.set("office_org_id", peace)
    return {"street": street, "peace": peace, "lake": lake}
