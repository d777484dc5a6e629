"""Figures are true for the period: counted as at the period's end from the members' history,
the organisations that existed then and the terms that had ended by then."""

from __future__ import annotations

import datetime as dt

from app.reports.briefings import figures
from app.reports.briefings.period import parse_period
from app.services.container import Services

Q3 = parse_period("2025Q3")  # ends 2025-09-30
YEAR = parse_period("2025")  # ends 2025-12-31
PAST_YEAR = parse_period("2024")  # ends 2024-12-31
D = dt.date


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


def test_the_table_of_subordinate_organisations_counts_the_same_roll(services: Services, history: int) -> None:
    for period, expected in ((Q3, [("第一网格党支部", "14")]),
                             (YEAR, [("第一网格党支部", "17"), ("第二网格党支部", "0")]),
                             (PAST_YEAR, [("第一网格党支部", "16"), ("老街党支部", "0")])):
        table = figures.TABLES["下级党组织情况"](figures.FigureContext(services, history, period))
        assert [(r[0], r[-1]) for r in table.rows] == expected, period.label
