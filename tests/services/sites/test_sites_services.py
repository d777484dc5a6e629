"""The sites area's services on both engines: records saved and read back, references checked,
each write audited, brand steps in order, overdue follow-ups found, and the figures."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.db.models import AuditEntry
from app.domain.kit.errors import ConflictError, ValidationError
from app.services.container import Services
from app.services.kit.versions import StaleRecord
from app.services.sites.rows import (
    DONE,
    OVERDUE,
    PENDING,
    BrandInput,
    SiteInput,
    SitesQuery,
    StaffInput,
    VisitInput,
)
from tests.services.cobuild.helpers import Tree, build_tree, unit

D = dt.date
TODAY = dt.date.today()


@pytest.fixture
def tree(services: Services) -> Tree:
    return build_tree(services)


def audit_actions(services: Services) -> list[str]:
    with services.db.sessions.begin() as s:
        return list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_a_site_keeps_its_area_exactly_and_is_audited(services: Services, tree: Tree) -> None:
    row = services.sites.create(SiteInput("和平社区党群服务中心", "党群服务中心", tree.community, area="320.55",
                                          opened_on=D(2020, 7, 1), standardised_year=2023))
    assert row.area == 32055 and row.area_m2 == "320.55" and row.org_name == "和平社区党委"
    changed = services.sites.update(row.id, SiteInput(row.name, row.kind, tree.community, area=row.area_m2,
                                                      address="和平路1号"), row.version)
    assert changed.area == 32055 and changed.address == "和平路1号"
    assert audit_actions(services)[-2:] == ["新增阵地", "修改阵地"]
    with pytest.raises(StaleRecord):
        services.sites.update(row.id, SiteInput(row.name, row.kind, tree.community, area="1"), row.version)
    assert services.sites.choices(tree.community) == [(row.id, "和平社区党群服务中心")]
    assert services.sites.choices(tree.other_community) == []


def test_a_shared_base_names_a_unit_in_the_area(services: Services, tree: Tree) -> None:
    u = services.units.create(unit(tree.community, "青山县人民医院"))
    row = services.sites.create(SiteInput("医院党员活动室", "共享型组织生活基地", tree.community, unit_id=u.id,
                                          menu="会议室\n投影"))
    assert row.unit_name == "青山县人民医院"
    services.units.leave(u.id, TODAY, "搬迁")
    with pytest.raises(ValidationError, match="已迁出辖区"):
        services.sites.create(SiteInput("另一处", "共享型组织生活基地", tree.community, unit_id=u.id))
    with pytest.raises(ValidationError, match="在台账中找不到"):
        services.sites.create(SiteInput("某处", "活动场所", "不存在的社区"))


def test_a_community_cannot_have_two_sites_of_one_name(services: Services, tree: Tree) -> None:
    services.sites.create(SiteInput("老年活动室", "活动场所", tree.community))
    with pytest.raises(ConflictError, match="不能重复登记"):
        services.sites.create(SiteInput("老年活动室", "活动场所", tree.community))
    services.sites.create(SiteInput("老年活动室", "活动场所", tree.other_community))  # another community: fine


def test_lists_search_filter_and_sort_in_the_subtree(services: Services, tree: Tree) -> None:
    s = services.sites
    a = s.create(SiteInput("甲中心", "党群服务中心", tree.community, area="200")).id
    b = s.create(SiteInput("乙活动室", "活动场所", tree.branch_a, area="50", opened_on=D(2020, 1, 1),
                           closed_on=D(2024, 1, 1))).id
    c = s.create(SiteInput("丙中心", "党群服务中心", tree.other_community, area="500")).id
    assert s.search_ids(SitesQuery(org_id=tree.community, sort="area")) == [b, a]
    assert s.search_ids(SitesQuery(sort="area", descending=True)) == [c, a, b]
    assert s.search_ids(SitesQuery(kind="党群服务中心", sort="area")) == [a, c]
    assert s.search_ids(SitesQuery(state="已停用")) == [b]
    assert s.search_ids(SitesQuery(text="活动")) == [b]
    assert s.count(SitesQuery(state="在用")) == 2


def test_staff_of_each_kind_keep_only_their_fields(services: Services, tree: Tree) -> None:
    st = services.staff
    sec = st.create(StaffInput("第一书记", "王建国", tree.community, home_unit="县财政局", term_start=D(2025, 3, 1),
                               term_end=D(2027, 2, 28), hire_way="选调", post="主任"))
    assert sec.hire_way == "" and sec.post == "" and sec.home_unit == "县财政局"
    worker = st.create(StaffInput("专职党务工作者", "李敏", tree.community, hired_year=2024, hire_way="公开招聘",
                                  certified=True, certificate="社会工作者职业水平证书", term_start=D(2024, 1, 1)))
    assert worker.term_start is None and worker.certified
    with pytest.raises(ValidationError, match="请填写两委职务"):
        st.create(StaffInput("两委成员", "赵强", tree.community))
    assert [r.name for r in st.in_post(tree.community, ("第一书记", "副书记"), D(2026, 1, 1))] == ["王建国"]
    assert st.in_post(tree.community, ("第一书记", "副书记"), D(2028, 1, 1)) == []


def test_brand_steps_are_recorded_in_order_and_taken_back(services: Services, tree: Tree) -> None:
    b = services.brands
    brand = b.create(BrandInput("红色物业", tree.community, description="物业党建"))
    assert brand.stage == "未申报" and brand.next_step == "品牌申报"
    with pytest.raises(ValidationError, match="不能跳到“组织实施”"):
        b.record_step(brand.id, "组织实施", D(2026, 2, 1))
    b.record_step(brand.id, "品牌申报", D(2026, 1, 5), "已向街道申报")
    row = b.record_step(brand.id, "组织实施", D(2026, 2, 1), "开展活动12次")
    assert [s.step for s in row.steps] == ["品牌申报", "组织实施"] and row.step_on("品牌申报") == D(2026, 1, 5)
    with pytest.raises(ValidationError, match="红色物业.*早于上一步"):
        b.record_step(brand.id, "成果展示", D(2026, 1, 20))
    row = b.undo_step(brand.id)
    assert row.stage == "品牌申报"
    with pytest.raises(ConflictError, match="本社区已有名为“红色物业”"):
        b.create(BrandInput("红色物业", tree.community))
    assert {"品牌品牌申报", "品牌组织实施", "撤回品牌步骤"} <= set(audit_actions(services))


def test_overdue_follow_ups_are_found_and_filtered(services: Services, tree: Tree) -> None:
    v = services.grid_visits
    day = TODAY - dt.timedelta(days=30)
    late = v.create(VisitInput("李秀兰", tree.community, "3号楼2单元", day, visitor_role="社区干部",
                               matters="楼道灯坏", follow_up="报物业", due_on=day + dt.timedelta(days=7)))
    v.create(VisitInput("李秀兰", tree.community, "4号楼", day, follow_up="报修", due_on=day + dt.timedelta(days=7),
                        result="已修好", done_on=day + dt.timedelta(days=3)))
    waiting = v.create(VisitInput("张伟", tree.branch_a, "5号楼", TODAY, follow_up="回访",
                                  due_on=TODAY + dt.timedelta(days=5)))
    v.create(VisitInput("东湖某", tree.other_community, "1号楼", day, follow_up="x", due_on=day))
    assert [r.id for r in v.overdue(tree.community)] == [late.id]
    assert late.overdue() and late.follow_state == OVERDUE
    assert v.search_ids(SitesQuery(org_id=tree.community, state=OVERDUE)) == [late.id]
    assert v.search_ids(SitesQuery(org_id=tree.community, state=PENDING)) == [waiting.id]
    assert v.count(SitesQuery(org_id=tree.community, state=DONE)) == 1
    assert v.figures(tree.community, day, TODAY) == (2, 3)  # 李秀兰 twice, 张伟 once
    v.remove(waiting.id)
    assert audit_actions(services)[-1] == "删除走访记录"


def test_a_visit_by_a_roster_member_must_name_them(services: Services, tree: Tree) -> None:
    from tests.services.members.helpers import member

    m = services.members.create(member(tree.branch_a, "周建华"))
    with pytest.raises(ValidationError, match="所选党员是“周建华”"):
        services.grid_visits.create(VisitInput("周华", tree.community, "1号楼", TODAY, member_id=m.id))
    row = services.grid_visits.create(VisitInput("周建华", tree.community, "1号楼", TODAY, member_id=m.id,
                                                 visitor_role="党员中心户"))
    assert row.member_id == m.id


def test_the_figures_count_as_at_the_end_and_within_the_period(services: Services, tree: Tree) -> None:
    s = services
    u = s.units.create(unit(tree.community, "县医院"))
    s.sites.create(SiteInput("中心", "党群服务中心", tree.community, opened_on=D(2020, 1, 1), standardised_year=2024))
    s.sites.create(SiteInput("东湖中心", "党群服务中心", tree.other_community, opened_on=D(2025, 4, 1)))
    s.sites.create(SiteInput("基地", "共享型组织生活基地", tree.community, unit_id=u.id, opened_on=D(2025, 2, 1)))
    s.sites.create(SiteInput("旧室", "活动场所", tree.community, opened_on=D(2019, 1, 1), closed_on=D(2025, 3, 1)))
    s.staff.create(StaffInput("副书记", "甲", tree.community, home_unit="县民政局", term_start=D(2024, 1, 1),
                              term_end=D(2025, 6, 30)))
    s.staff.create(StaffInput("第一书记", "乙", tree.community, home_unit="县委组织部", term_start=D(2025, 7, 1)))
    s.staff.create(StaffInput("专职党务工作者", "丙", tree.community, hired_year=2025))
    s.staff.create(StaffInput("专职党务工作者", "丁", tree.community, hired_year=2022))
    year = s.sites_stats.figures(tree.street, D(2025, 1, 1), D(2025, 12, 31))
    assert (year.centres, year.standard_centres, year.shared_bases, year.new_sites) == (2, 1, 1, 2)
    assert (year.posted_secretaries, year.workers, year.new_workers) == (1, 2, 1)
    early = s.sites_stats.figures(tree.community, D(2025, 1, 1), D(2025, 1, 31))
    assert (early.shared_bases, early.posted_secretaries, early.new_sites) == (0, 1, 0)
