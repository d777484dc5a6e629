"""Where an organisation's meetings may be held: the names of the sites in use of the
organisation, of those above it and of those below it, by name and each once; a closed site and
another community's are not offered; every site for no organisation, up to the limit."""

from __future__ import annotations

import datetime as dt

from app.services.container import Services
from app.services.sites.rows import SiteInput
from tests.services.members.helpers import build_tree


def test_the_places_of_a_branch_a_community_and_the_county(services: Services) -> None:
    t = build_tree(services)
    add = services.sites.create
    add(SiteInput("和平社区党群服务中心", "党群服务中心", t.community))
    add(SiteInput("第一网格党群服务站", "活动场所", t.branch_a))
    add(SiteInput("第二网格党群服务站", "活动场所", t.branch_b))
    add(SiteInput("东湖社区党群服务中心", "党群服务中心", t.other_community))
    add(SiteInput("社区党员活动室", "活动场所", t.community))
    add(SiteInput("社区党员活动室", "活动场所", t.other_community))  # the same name elsewhere
    add(SiteInput("旧活动室", "活动场所", t.community, opened_on=dt.date(2015, 1, 1), closed_on=dt.date(2020, 1, 1)))
    def places(org_id: int | None, limit: int = 200) -> list[str]:
        found = services.sites.place_names(org_id, limit)
        assert len(found) == len(set(found))
        return sorted(found)  # the server's collation may order Chinese names its own way

    assert places(t.branch_a) == sorted(["和平社区党群服务中心", "第一网格党群服务站", "社区党员活动室"])
    assert places(t.community) == sorted(["和平社区党群服务中心", "第一网格党群服务站", "第二网格党群服务站",
                                          "社区党员活动室"])
    everything = sorted(["和平社区党群服务中心", "第一网格党群服务站", "第二网格党群服务站", "东湖社区党群服务中心",
                         "社区党员活动室"])
    assert places(t.county) == places(None) == everything
    first_two = places(None, limit=2)
    assert len(first_two) == 2 and set(first_two) <= set(everything)
