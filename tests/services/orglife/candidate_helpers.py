"""A branch with full and probationary members and candidates at each stage, for the 发展党员 tests."""

from __future__ import annotations

import datetime as dt
import itertools

from app.domain.kit.idcard import make_id
from app.services.container import Services
from app.services.orglife.candidates_rows import CandidateInput
from tests.services.members.helpers import Tree, build_tree, member

_seq = itertools.count(1)
TODAY = dt.date.today()


def years_ago(years: int, days: int = 0) -> dt.date:
    day = TODAY.replace(year=TODAY.year - years) if not (TODAY.month == 2 and TODAY.day == 29) else \
        dt.date(TODAY.year - years, 2, 28)
    return day - dt.timedelta(days=days)


def candidate_id_number(born: dt.date = dt.date(1998, 4, 5), sex: str = "男") -> str:
    return make_id("370102", born, sex, sequence=(next(_seq) % 400) * 2 + (1 if sex == "男" else 0))


def candidate(org_id: int, name: str = "李明", **changes: object) -> CandidateInput:
    data = {"name": name, "id_number": candidate_id_number(), "org_id": org_id, "applied_on": years_ago(4),
            "phone": "13812345678", "native_place": "山东青岛", **changes}
    return CandidateInput(**data)  # type: ignore[arg-type]


def setup(services: Services) -> tuple[Tree, int, int, int]:
    """The tree, two full members (introducers) and a probationary member of branch A."""
    tree = build_tree(services)
    one = services.members.create(member(tree.branch_a, "王建国")).id
    two = services.members.create(member(tree.branch_a, "李秀英", sex="女")).id
    prob = services.members.create(member(tree.branch_a, "赵新", member_type="预备党员", full_on=None,
                                          joined_on=years_ago(0, 30))).id
    return tree, one, two, prob
