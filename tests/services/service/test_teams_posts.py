"""Teams' members and leader set in one step, people from the roster joining as volunteers, posts
edited, claimed until full, released and closed; the quota and points settings as typed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.domain.kit.errors import ConflictError, ValidationError
from app.services.container import Services
from app.services.service.rows import PostInput, PostQuery, TeamInput, TeamQuery
from tests.services.members.helpers import member
from tests.services.service.helpers import build_place


def test_a_teams_members_and_leader_are_set_in_one_step(services: Services) -> None:
    place = build_place(services)
    t = place.tree
    retired = services.members.create(member(t.branch_a, "赵退休")).id  # on the roster, no volunteer record yet
    team = services.teams.create(TeamInput(name="银发先锋队", kind="银发先锋", org_id=t.community))
    choices = {c.key: c for c in services.volunteers.choices(t.community)}
    assert -retired in choices and choices[-retired].name == "赵退休"
    assert place.resident_id in choices and choices[place.resident_id].label.startswith("王阿姨（群众，")
    row = services.teams.set_members(team.id, [place.resident_id, -retired], leader=-retired, version=team.version)
    volunteer = services.volunteers.for_member(retired)
    assert row.size == 2 and row.leader_id == volunteer.id and row.leader_name == "赵退休"
    assert -retired not in {c.key for c in services.volunteers.choices(t.community)}  # now a volunteer
    row = services.teams.set_members(team.id, [volunteer.id, place.volunteer_ids[0]], leader=place.volunteer_ids[0])
    assert sorted(services.teams.member_ids(team.id)) == sorted([volunteer.id, place.volunteer_ids[0]])
    assert row.leader_name == "李一"
    with pytest.raises(ValidationError, match="队长须是队员之一"):
        services.teams.set_members(team.id, [volunteer.id], leader=place.resident_id)
    with pytest.raises(ValidationError, match="找不到编号为999999的志愿者"):
        services.teams.set_members(team.id, [999999], leader=None)
    assert services.teams.get(team.id).size == 2  # nothing of a refused step is kept
    row = services.teams.set_members(team.id, [], leader=None)
    assert row.size == 0 and row.leader_id is None
    assert [e.action for e in services.audit.recent(3)] == ["更换队长", "退出服务队伍", "退出服务队伍"]


def test_teams_are_listed_by_kind_and_words(services: Services) -> None:
    place = build_place(services, members=0)
    c = place.tree.community
    a = services.teams.create(TeamInput(name="党员先锋队", kind="党员先锋队", org_id=c)).id
    b = services.teams.create(TeamInput(name="巾帼志愿服务队", kind="志愿服务队", org_id=c)).id
    assert services.teams.search_ids(TeamQuery(org_id=c, kind="志愿服务队")) == [b]
    assert services.teams.search_ids(TeamQuery(org_id=c, text="先锋")) == [a]
    assert services.teams.search_ids(TeamQuery(org_id=c, text="%")) == []
    services.teams.dissolve(a, dt.date.today())
    assert services.teams.search_ids(TeamQuery(org_id=c)) == [b]
    assert set(services.teams.search_ids(TeamQuery(org_id=c, include_dissolved=True))) == {a, b}
    with pytest.raises(ConflictError, match="已撤销"):
        services.teams.set_members(a, [place.resident_id], leader=None)


def test_a_post_is_claimed_until_full_and_refuses_one_more(services: Services) -> None:
    place = build_place(services)
    c = place.tree.community
    post = services.posts.create(PostInput(title="楼道长", category="社区治理", org_id=c, capacity=2, grid="第3网格"))
    retired = services.members.create(member(place.tree.branch_a, "钱退休")).id
    services.posts.claim(post.id, place.resident_id)
    row = services.posts.claim(post.id, -retired)
    assert row.claimed == 2 and set(row.claimant_names.split("、")) == {"王阿姨", "钱退休"}
    with pytest.raises(ConflictError, match="已有2人认领，达到人数上限2人"):
        services.posts.claim(post.id, place.volunteer_ids[0])
    with pytest.raises(ValidationError, match="人数上限不能少于2人"):
        services.posts.update(post.id, PostInput(title="楼道长", category="社区治理", org_id=c, capacity=1), row.version)
    row = services.posts.release(post.id, place.resident_id)
    assert row.claimed == 1
    assert services.posts.claim(post.id, place.volunteer_ids[0]).claimed == 2
    edited = services.posts.update(post.id, PostInput(title="楼栋长", category="我们的类别", org_id=c, capacity=None),
                                   services.posts.get(post.id).version)
    assert edited.title == "楼栋长" and edited.category == "我们的类别" and edited.capacity is None
    assert services.posts.search_ids(PostQuery(org_id=c, text="楼栋")) == [post.id]
    services.posts.close(post.id, dt.date.today())
    assert services.posts.search_ids(PostQuery(org_id=c)) == []
    with pytest.raises(ConflictError, match="已关闭"):
        services.posts.claim(post.id, place.volunteer_ids[1])


@pytest.mark.parametrize(("changes", "words"), [
    ({"title": ""}, "岗位名称不能为空"),
    ({"title": "岗" * 41}, "过长"),
    ({"category": ""}, "岗位类别不能为空"),
    ({"capacity": -3}, "人数上限“-3”应为正整数"),
    ({"capacity": 0}, "应为正整数"),
    ({"capacity": "很多"}, "人数上限"),
])
def test_hostile_post_input_is_refused(services: Services, changes: dict, words: str) -> None:
    place = build_place(services, members=0)
    data = {"title": "巡逻", "category": "安全宣传巡逻", "org_id": place.tree.community, **changes}
    with pytest.raises(ValidationError, match=words):
        services.posts.create(PostInput(**data))
    assert services.posts.count_all() == 0


def test_quotas_typed_by_an_administrator_change_progress(services: Services) -> None:
    place = build_place(services)
    year = dt.date.today().year
    saved = services.service_totals.set_quotas([("在职党员", "次数", "12"), ("", "", ""), ("离退休党员", "小时", "20.5")])
    assert [q.text for q in saved] == ["在职党员每年12次", "离退休党员每年20.5小时"]
    assert services.settings.get("service_quotas")[1] == {"category": "离退休党员", "basis": "小时", "amount": "20.5"}
    line = services.service_totals.quota_progress(year)[0]
    assert line.progress.quota.text == "在职党员每年12次"
    for rows, words in (([("在职党员", "小时", "0")], "应大于0"), ([("在职党员", "小时", "abc")], "不是数字"),
                        ([("在职党员", "小时", "")], "请填写在职党员的年度服务指标"),
                        ([("=cmd|' /C calc'!A0", "小时", "5")], "不在党员名册的类别中"),
                        ([("在职党员", "小时", "5"), ("在职党员", "次数", "3")], "设置了两次")):
        with pytest.raises(ValidationError, match=words):
            services.service_totals.set_quotas(rows)
    assert services.service_totals.quotas()["在职党员"].text == "在职党员每年12次"  # kept as it was
    assert place.volunteer_ids


def test_points_rules_typed_by_an_administrator_rank_the_year(services: Services) -> None:
    place = build_place(services)
    day = dt.date.today() - dt.timedelta(days=2)
    from tests.services.service.helpers import record
    r = services.service_records
    r.confirm([r.create(record(place, place.volunteer_ids[0], day=day, start="", end="", hours="2", category="文体")).id,
               r.create(record(place, place.resident_id, day=day, start="", end="", hours="1", category="组织建设")).id])
    scheme = services.service_totals.set_points("1", [("组织建设", "", "5"), ("文体", "0.5", "")])
    assert scheme.per_service_by_kind == {"组织建设": Decimal("5")}
    ranking = services.service_totals.points_ranking(day.year)
    assert [(rank, name, points) for rank, name, points in ranking] == [(1, "王阿姨", Decimal(6)), (2, "李一", Decimal(1))]
    for per_hour, rows, words in (("-1", [], "应为0至1000"), ("abc", [], "不是数字"), ("", [], "请填写每小时积分"),
                                  ("1", [("文体", "", "")], "请为“文体”填写"), ("1", [("", "2", "")], "活动类别"),
                                  ("1", [("文体", "1", ""), ("文体", "2", "")], "设置了两次")):
        with pytest.raises(ValidationError, match=words):
            services.service_totals.set_points(per_hour, rows)
    assert services.service_totals.points_scheme() == scheme
