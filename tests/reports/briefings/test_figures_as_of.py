"""Figures are true for the period: counted as at the period's end from the members' history,
the organisations that existed then and the terms that had ended by then."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from tests.services.members.helpers import member

from app.domain.orgs.rules import OrgType
from app.reports.briefings import figures
from app.reports.briefings.period import parse_period
from app.services.container import Services
from app.services.orgs.service import OrgInput

Q3 = parse_period("2025Q3")  # ends 2025-09-30
YEAR = parse_period("2025")  # ends 2025-12-31
PAST_YEAR = parse_period("2024")  # ends 2024-12-31
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


def values(services: Services, org_id: int, period, *names: str) -> tuple:  # type: ignore[no-untyped-def]
    ctx = figures.FigureContext(services, org_id, period)
    return tuple(figures.evaluate(n, ctx).value for n in names)


NAMES = ("党员总数", "预备党员数", "正式党员数", "外出流动党员数", "失联党员数", "党支部数", "网格党支部数",
         "届满未换届党组织数")


def test_a_quarter_counts_the_roll_at_its_end(services: Services, history: int) -> None:
    # On 2025-09-30: 10 old + 转正者 (full since 9-15) + 去世者 (died later) + 外出者 + 失联者 = 14.
    # The four who came in October are not there; 转出者 left in August, 过客 in February.
    # Branches: 第一网格 only (老街 closed in May, 第二网格 founded in November).
    # Terms ended: 第一网格 (2024-06-30) and the community (2025-08-01, renewed only in December).
    assert values(services, history, Q3, *NAMES) == (14, 0, 14, 0, 1, 1, 1, 2)


def test_a_year_counts_the_roll_at_its_end(services: Services, history: int) -> None:
    # On 2025-12-31: the 14 less 去世者, plus the four of October = 17, two of them 预备党员;
    # 外出者 went out in November; 失联者 was found again; the community has been re-elected.
    assert values(services, history, YEAR, *NAMES) == (17, 2, 15, 1, 0, 2, 2, 1)
    flow = values(services, history, YEAR, "新发展党员数", "转入党员数", "转出党员数", "去世党员数", "转正党员数")
    assert flow == (2, 2, 2, 1, 1)


def test_a_past_year_counts_the_roll_of_that_year(services: Services, history: int) -> None:
    # On 2024-12-31: 10 old + 转出者 + 去世者 + 外出者 + 失联者 + 过客 + 转正者 (预备 since 2024-09-15) = 16;
    # 老街党支部 was still open; only 第一网格's term had ended.
    assert values(services, history, PAST_YEAR, *NAMES) == (16, 1, 15, 0, 0, 2, 1, 1)
    assert values(services, history, PAST_YEAR, "新发展党员数", "转入党员数") == (1, 1)


def test_todays_figures_are_the_records_as_they_stand(services: Services, history: int) -> None:
    now = parse_period(str(dt.date.today().year))
    total, lost, mobile = values(services, history, now, "党员总数", "失联党员数", "外出流动党员数")
    assert (total, lost, mobile) == (services.members.stats(history).total, 0, 1) and total == 17
