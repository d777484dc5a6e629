"""A built history for the as-of figures and the change-against-earlier figures."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from app.domain.orgs.rules import OrgType
from app.services.container import Services
from app.services.orgs.service import OrgInput
from tests.services.members.helpers import member

D = dt.date


@pytest.fixture
def history(services: Services) -> int:
    """和平社区党委 with ten long-standing members and a history through 2024 and 2025."""
    o, m = services.orgs, services.members

    def org(name: str, kind: OrgType, parent: int | None, **kw) -> int:
        return o.create(OrgInput(name=name, org_type=kind, parent_id=parent, **kw)).id

    community = org("和平社区党委", OrgType.COMMUNITY, None, term_start=D(2020, 8, 1), term_end=D(2025, 8, 1))
    grid = org("第一网格党支部", OrgType.GRID_BRANCH, community, established=D(2010, 1, 1),
               term_start=D(2021, 6, 30), term_end=D(2024, 6, 30))  # never renewed
    org("第二网格党支部", OrgType.GRID_BRANCH, community, established=D(2025, 11, 1))  # founded after Q3
    closed = org("老街党支部", OrgType.BRANCH, community, established=D(2000, 1, 1))
    o.close(closed, D(2025, 5, 1), "并入第一网格党支部")
    # the community held its election in December 2025 (recorded by editing its term)
    row = o.get(community)
    o.update(community, dataclasses.replace(row.as_input(), term_start=D(2025, 12, 20), term_end=D(2030, 12, 20)))

    for i in range(10):
        m.create(member(grid, f"老党员{i}", born=D(1960 + i, 3, 1)))
    # four came in October 2025: two admitted as 预备党员, two transferred in
    for i in range(2):
        m.create(member(grid, f"新党员{i}", born=D(2000, 1, 1), member_type="预备党员",
                        joined_on=D(2025, 10, 10 + i), full_on=None))
    for i in range(2):
        came = m.create(member(grid, f"转入{i}", born=D(1985, 1, 1)))
        m.add_event(came.id, "转入", D(2025, 10, 20 + i), "外地")
    gone = m.create(member(grid, "转出者", born=D(1970, 1, 1)))
    m.add_event(gone.id, "转出", D(2025, 8, 15), "外地")
    died = m.create(member(grid, "去世者", born=D(1940, 1, 1)))
    m.add_event(died.id, "去世", D(2025, 11, 20))
    m.create(member(grid, "转正者", born=D(1998, 1, 1), joined_on=D(2024, 9, 15), full_on=D(2025, 9, 15)))
    moving = m.create(member(grid, "外出者", born=D(1990, 1, 1)))
    m.add_event(moving.id, "外出流动", D(2025, 11, 1), "上海市")
    passing = m.create(member(grid, "过客", born=D(1988, 1, 1)))
    m.add_event(passing.id, "转入", D(2024, 3, 1), "外地")
    m.add_event(passing.id, "转出", D(2025, 2, 1), "外地")
    lost = m.create(member(grid, "失联者", born=D(1975, 1, 1)))
    m.add_event(lost.id, "失去联系", D(2025, 5, 10))
    m.add_event(lost.id, "恢复联系", D(2025, 12, 1))
    return community
