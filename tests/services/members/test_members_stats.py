"""Roster figures for briefings, checked against hand-counted members."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services.container import Services
from tests.services.members.helpers import Tree, build_tree, member

TODAY = dt.date(2026, 7, 1)


@pytest.fixture
def tree(services: Services) -> Tree:
    t = build_tree(services)
    add = services.members.create
    add(member(t.branch_a, "甲", born=dt.date(1950, 1, 1), category="离退休党员", education="高中",
               center_household=True))                                      # 76, 托管
    add(member(t.branch_a, "乙", born=dt.date(1995, 1, 1), sex="女", category="在职党员",
               ethnicity="回族", joined_on=dt.date(2025, 3, 1), full_on=dt.date(2026, 3, 1)))  # 31
    add(member(t.branch_b, "丙", born=dt.date(1988, 1, 1), category="流动党员", mobile=True,
               mobile_to="上海市", member_type="预备党员", full_on=None,
               joined_on=dt.date(2026, 2, 1)))                               # 38
    add(member(t.branch_b, "丁", born=dt.date(1970, 1, 1), sex="女", category="", education="",
               lost_contact=True, lost_since=dt.date(2024, 5, 1)))            # 56
    add(member(t.other_branch, "戊", born=dt.date(1980, 1, 1), category="在职党员"))
    gone = add(member(t.branch_a, "己", born=dt.date(1960, 1, 1)))
    services.members.add_event(gone.id, "转出", dt.date(2026, 2, 10), "外地")
    came = add(member(t.branch_b, "庚", born=dt.date(1966, 1, 1)))
    services.members.add_event(came.id, "转入", dt.date(2026, 3, 10), "外地")
    services.members.add_event(came.id, "停止党籍", dt.date(2026, 4, 10))
    return t


def test_stats_of_a_community(services: Services, tree: Tree) -> None:
    st = services.members.stats(tree.community, today=TODAY)
    # On record under 和平社区: 甲 乙 丙 丁 庚 (己 transferred out; 戊 is in another community).
    assert st.total == 5
    assert (st.full, st.probationary) == (4, 1)
    assert st.by_category == {"常住党员": 1, "在职党员": 1, "离退休党员": 1, "流动党员": 1, "进城务工党员": 0,
                              "下岗失业党员": 0, "待业大学生党员": 0, "未填写": 1}
    assert st.by_sex == {"男": 3, "女": 2}
    assert st.by_age_band == {"35岁及以下": 1, "36–45岁": 1, "46–59岁": 1, "60岁及以上": 2}
    assert st.by_education["大学本科"] == 3  # 乙 丙 庚 and st.by_education["高中"] == 1 and st.by_education["未填写"] == 1
    assert sum(st.by_education.values()) == 5
    assert list(st.by_ethnicity.items()) == [("汉族", 4), ("回族", 1)]
    assert (st.mobile, st.lost_contact, st.stopped, st.center_households) == (1, 1, 1, 1)


def test_stats_of_everything_and_of_an_empty_branch(services: Services, tree: Tree) -> None:
    assert services.members.stats(None, today=TODAY).total == 6
    assert services.members.stats(tree.county, today=TODAY).total == 6
    empty = services.members.stats(tree.other_community, today=TODAY)
    assert empty.total == 1 and empty.by_category["在职党员"] == 1


def test_flow_in_a_period(services: Services, tree: Tree) -> None:
    f = services.members.flow(tree.community, dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert f.joined_party == 1  # 丙 joined 2026-02-01
    assert f.became_full == 1  # 乙 full 2026-03-01
    assert (f.transferred_in, f.transferred_out, f.died, f.expelled) == (1, 1, 0, 0)
    assert (f.came, f.left) == (2, 1)
    earlier = services.members.flow(tree.community, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert (earlier.joined_party, earlier.transferred_out) == (1, 0)  # 乙 joined 2025-03-01
    other = services.members.flow(tree.other_community, dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert other.came == 0 and other.left == 0


def _by_hand(services: Services, org_id: int | None, day: dt.date):  # type: ignore[no-untyped-def]
    """Every member replayed from the whole history (the slow way)."""
    from sqlalchemy import select

    from app.db.models import MemberEvent
    from app.services.members import history, stats

    with services.db.sessions.begin() as s:
        tally = stats._Tally(day)
        events: dict[int, list] = {}
        for member_id, kind, date in s.execute(select(MemberEvent.member_id, MemberEvent.kind, MemberEvent.date)
                                                .order_by(MemberEvent.date, MemberEvent.id)):
            events.setdefault(member_id, []).append((kind, date))
        for row in s.execute(select(*history.COLUMNS).where(*stats._scope(org_id))):
            state = history.state_on(row, events.get(row.id, []), day)
            if state is not None:
                tally.add(state, 1, row.org_id)
        return tally.stats()


def test_stats_on_past_days_agree_with_replaying_every_members_history(demo_services: Services) -> None:
    office = demo_services.settings.get("office_org_id")
    community = demo_services.orgs.find_by_name("和平社区党委")
    assert community is not None
    today = dt.date.today()
    for day in (today - dt.timedelta(days=40), today.replace(month=1, day=1) - dt.timedelta(days=1),
                dt.date(today.year - 2, 6, 30)):
        for org_id in (office, community.id):
            quick = demo_services.members.stats(org_id, day, by_org=True)
            assert quick == _by_hand(demo_services, org_id, day), (day, org_id)
    # the demonstration has history: a year ago the roll was not what it is today
    assert demo_services.members.stats(office, dt.date(today.year - 2, 6, 30)).total != \
        demo_services.members.stats(office).total
