"""The sites area's briefing figures by their exact placeholder names, as at the period's end and
within the period, and a briefing that quotes them."""

from __future__ import annotations

import datetime as dt

import pytest

from app.reports.briefings import figures
from app.reports.briefings.figures import FigureContext, FigureUnavailable
from app.reports.briefings.period import parse_period
from app.services.container import Services
from app.services.sites.rows import BrandInput, SiteInput, StaffInput, VisitInput
from tests.services.cobuild.helpers import Tree, build_tree, unit

D = dt.date
Y2025 = parse_period("2025")


@pytest.fixture
def tree(services: Services) -> Tree:
    t = build_tree(services)
    s = services
    u = s.units.create(unit(t.community, "县医院"))
    s.sites.create(SiteInput("中心", "党群服务中心", t.community, opened_on=D(2020, 1, 1), standardised_year=2024))
    s.sites.create(SiteInput("东湖中心", "党群服务中心", t.other_community, opened_on=D(2025, 4, 1)))
    s.sites.create(SiteInput("基地", "共享型组织生活基地", t.community, unit_id=u.id, opened_on=D(2025, 2, 1)))
    s.staff.create(StaffInput("第一书记", "乙", t.community, home_unit="县委组织部", term_start=D(2025, 7, 1)))
    s.staff.create(StaffInput("副书记", "甲", t.other_community, home_unit="县民政局", term_start=D(2024, 1, 1),
                              term_end=D(2025, 6, 30)))
    s.staff.create(StaffInput("专职党务工作者", "丙", t.community, hired_year=2025, hire_way="公开招聘"))
    s.staff.create(StaffInput("专职党务工作者", "丁", t.other_community, hired_year=2021))
    for name, org in (("红色物业", t.community), ("邻里守望", t.other_community), ("银发先锋", t.community)):
        b = s.brands.create(BrandInput(name, org))
        s.brands.record_step(b.id, "品牌申报", D(2025, 3, 1))
    s.brands.create(BrandInput("尚未申报", t.community))
    for who, day in (("李秀兰", D(2025, 3, 1)), ("李秀兰", D(2025, 5, 1)), ("张伟", D(2025, 6, 1)),
                     ("张伟", D(2024, 6, 1))):
        s.grid_visits.create(VisitInput(who, t.community, "3号楼", day))
    return t


def value(services: Services, name: str, org_id: int, period=Y2025) -> str:  # type: ignore[no-untyped-def]
    return figures.evaluate(name, FigureContext(services, org_id, period)).text()


def test_the_figures_by_their_placeholder_names(services: Services, tree: Tree) -> None:
    street = tree.street
    expected = {
        "共享型组织生活基地数": "1个", "新建活动场所数": "2处", "标准化党群服务中心数": "1个", "党群服务中心数": "2个",
        "兼任第一书记副书记人数": "1名", "专职党务工作者数": "2名", "新招聘专职党务工作者数": "1名",
        "特色品牌数": "3个", "进格入户人数": "2名", "入户走访次数": "3次",
    }
    assert {name: value(services, name, street) for name in expected} == expected
    assert value(services, "特色品牌", street) in ("红色物业、银发先锋、邻里守望", "邻里守望、红色物业、银发先锋")
    assert value(services, "特色品牌", tree.community) == "红色物业、银发先锋"


def test_a_community_and_an_earlier_period_count_their_own(services: Services, tree: Tree) -> None:
    q1 = parse_period("2025Q1")
    assert value(services, "兼任第一书记副书记人数", tree.street, q1) == "1名"  # 甲 in post on 31 March
    assert value(services, "共享型组织生活基地数", tree.community, q1) == "1个"
    assert value(services, "入户走访次数", tree.other_community) == "0次"
    with pytest.raises(FigureUnavailable, match="还没有申报特色品牌"):
        figures.evaluate("特色品牌", FigureContext(services, tree.community, parse_period("2024")))
