"""A small tree with a roster for the organisation-life tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from app.services.container import Services
from app.services.orglife.rows import OrgMeetingInput
from tests.services.members.helpers import Tree, build_tree, member

TODAY = dt.date.today()
NAMES = ("张建国", "李秀英", "王红梅", "赵志强")


@dataclass(frozen=True)
class Roster:
    tree: Tree
    members: dict[str, int]


def roster(services: Services) -> Roster:
    tree = build_tree(services)
    services.settings.set("office_org_id", tree.county)
    ids = {n: services.members.create(member(tree.branch_a, n)).id for n in NAMES}
    return Roster(tree, ids)


def meeting(org_id: int, kind: str = "支部党员大会", day: dt.date | None = None, **changes: object) -> OrgMeetingInput:
    data = OrgMeetingInput(org_id=org_id, kind=kind, held_on=day or TODAY - dt.timedelta(days=1), start_time="9:00",
                           place="社区党群服务中心", host="张建国", topic="学习党章")
    return replace(data, **changes)  # type: ignore[arg-type]
