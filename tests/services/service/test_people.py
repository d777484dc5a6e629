"""Volunteers, reporting in, teams and posts."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.kit.errors import ConflictError, ValidationError
from app.services.container import Services
from app.services.service.rows import PostInput, ReportInput, TeamInput, VolunteerInput
from tests.services.cobuild.helpers import build_tree, in_service
from tests.services.service.helpers import build_place, resident_id


def test_reporting_in_links_the_member_to_the_unit_and_makes_a_volunteer(services: Services) -> None:
    place = build_place(services)
    report = services.reports.of_member(place.member_ids[0])
    assert report is not None and report.status == "已报到" and report.unit_name == "青山县人民医院"
    assert services.units.unit_of_member(place.member_ids[0]) == place.unit_id
    v = services.volunteers.get(place.volunteer_ids[0])
    assert v.is_member and v.member_category == "在职党员" and v.name == "李一"
    # Asking again gives the same volunteer, not a second one.
    assert services.volunteers.for_member(place.member_ids[0]).id == v.id


def test_reporting_in_refuses_what_is_not_true(services: Services) -> None:
    place = build_place(services, members=1)
    t = place.tree
    with pytest.raises(ConflictError, match="已于.*报到"):
        services.reports.report_in(ReportInput(place.member_ids[0], place.unit_id, t.community, dt.date.today()))
    from tests.services.members.helpers import member
    resident = services.members.create(member(t.branch_a, "赵常住")).id
    with pytest.raises(ValidationError, match="不是在册的在职党员"):
        services.reports.report_in(ReportInput(resident, place.unit_id, t.community, dt.date.today()))
    other = in_service(services, t.branch_a, "钱在职")
    with pytest.raises(ValidationError, match="晚于今天"):
        services.reports.report_in(ReportInput(other, place.unit_id, t.community,
                                               dt.date.today() + dt.timedelta(days=1)))
    with pytest.raises(ValidationError, match="须先在台账中找到"):
        services.reports.report_in(ReportInput(other, "不存在的单位'; DROP TABLE units;--", t.community,  # type: ignore[arg-type]
                                               dt.date.today()))
    with pytest.raises(ValidationError, match="报到单编号.*过长"):
        services.reports.report_in(ReportInput(other, place.unit_id, t.community, dt.date.today(), slip_no="号" * 31))
    assert services.reports.of_member(other) is None


def test_who_has_not_reported_by_a_date_per_unit(services: Services) -> None:
    place = build_place(services, members=1)
    late = in_service(services, place.tree.branch_a, "孙未报", work_unit="青山县人民医院")
    nowhere = in_service(services, place.tree.branch_a, "周无单位", work_unit="")
    missing = services.reports.not_reported(place.tree.community, dt.date.today())
    by_member = {m.member_id: m for m in missing}
    assert place.member_ids[0] not in by_member
    assert by_member[late].unit_id == place.unit_id and by_member[late].unit_name == "青山县人民医院"
    assert by_member[nowhere].unit_id is None
    assert [m.member_id for m in missing] == [late, nowhere]  # units first


def test_leaving_keeps_the_report_and_allows_reporting_again(services: Services) -> None:
    place = build_place(services, members=1)
    report = services.reports.of_member(place.member_ids[0])
    assert report is not None
    left = services.reports.leave(report.id, dt.date.today())
    assert left.status == "已离开" and left.left_on == dt.date.today()
    with pytest.raises(ConflictError, match="已于"):
        services.reports.leave(report.id, dt.date.today())
    again = services.reports.report_in(ReportInput(place.member_ids[0], place.unit_id, place.tree.community,
                                                   dt.date.today()))
    assert again.id == report.id and again.status == "已报到" and again.left_on is None


def test_a_volunteer_who_is_not_a_member_needs_an_id_number_once(services: Services) -> None:
    tree = build_tree(services)
    with pytest.raises(ValidationError, match="须填写公民身份号码"):
        services.volunteers.create(VolunteerInput(name="刘大妈", org_id=tree.community))
    number = resident_id()
    a = services.volunteers.create(VolunteerInput(name="刘大妈", org_id=tree.community, id_number=number,
                                                  is_rep=True, rep_body="青山县人大"))
    assert a.is_rep and not a.is_member and a.masked_id.startswith("370") and "*" in a.masked_id
    with pytest.raises(ConflictError, match="已登记为志愿者"):
        services.volunteers.create(VolunteerInput(name="刘二妈", org_id=tree.community, id_number=number))


@pytest.mark.parametrize(("changes", "words"), [
    ({"name": ""}, "姓名不能为空"),
    ({"name": "名" * 31}, "过长"),
    ({"id_number": "11010519491231002Y"}, "公民身份号码"),
    ({"phone": "call me"}, "联系电话"),
    ({"rep_body": "政协"}, "两代表一委员"),
    ({"org_id": "<script>"}, "须先在台账中找到"),
])
def test_hostile_volunteer_input_is_refused(services: Services, changes: dict, words: str) -> None:
    tree = build_tree(services)
    data = {"name": "刘大妈", "org_id": tree.community, "id_number": resident_id(), **changes}
    with pytest.raises(ValidationError, match=words):
        services.volunteers.create(VolunteerInput(**data))
    assert services.volunteers.count_all() == 0


def test_a_member_volunteer_must_be_the_member_named(services: Services) -> None:
    tree = build_tree(services)
    mid = in_service(services, tree.branch_a, "吴真名")
    with pytest.raises(ValidationError, match="不一致"):
        services.volunteers.create(VolunteerInput(name="吴假名", org_id=tree.community, member_id=mid))
    v = services.volunteers.create(VolunteerInput(name="吴真名", org_id=tree.community, member_id=mid))
    assert v.id_number == services.members.get(mid).id_number


def test_teams_hold_members_and_residents_and_posts_have_room(services: Services) -> None:
    place = build_place(services)
    t = place.tree
    team = services.teams.create(TeamInput(name="银发先锋队", kind="银发先锋", org_id=t.community,
                                           leader_id=place.resident_id))
    assert team.size == 1 and team.leader_name == "王阿姨"
    assert services.teams.add_members(team.id, [*place.volunteer_ids, place.volunteer_ids[0]]) == 2
    assert services.teams.get(team.id).size == 3
    with pytest.raises(ConflictError, match="队长不能退出"):
        services.teams.remove_member(team.id, place.resident_id)
    services.teams.dissolve(team.id, dt.date.today())
    with pytest.raises(ConflictError, match="已撤销"):
        services.teams.add_members(team.id, [place.volunteer_ids[0]])
    post = services.posts.create(PostInput(title="楼道长", category="社区治理", org_id=t.community, capacity=1))
    services.posts.claim(post.id, place.volunteer_ids[0])
    with pytest.raises(ConflictError, match="已认领"):
        services.posts.claim(post.id, place.volunteer_ids[0])
    with pytest.raises(ConflictError, match="达到人数上限1人"):
        services.posts.claim(post.id, place.volunteer_ids[1])
    assert services.posts.get(post.id).claimed == 1
    with pytest.raises(ValidationError, match="人数上限"):
        services.posts.create(PostInput(title="巡逻", category="安全宣传巡逻", org_id=t.community, capacity=-5))


def test_a_team_kind_may_be_the_communitys_own(services: Services) -> None:
    tree = build_tree(services)
    team = services.teams.create(TeamInput(name="红色物业先锋", kind="红色物业队", org_id=tree.community))
    assert team.kind == "红色物业队"
    with pytest.raises(ValidationError, match="队伍类型不能为空"):
        services.teams.create(TeamInput(name="无类型", kind="  ", org_id=tree.community))


def test_a_community_with_reported_members_cannot_close(services: Services) -> None:
    place = build_place(services, members=0)
    mid = in_service(services, place.tree.branch_a, "郑在职")
    services.reports.report_in(ReportInput(mid, place.unit_id, place.tree.branch_b, dt.date.today()))
    with pytest.raises(ConflictError, match="1名已报到的在职党员"):
        services.orgs.close(place.tree.branch_b, dt.date.today(), "合并")
    assert services.orgs.get(place.tree.branch_b).closed_on is None
