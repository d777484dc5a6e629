"""A roster import's write: new organisations, additions and updates in one transaction, each
audited in a chain that still verifies; and who may import, edit and export at all."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest

from app.domain.kit.errors import ConflictError, PermissionDenied, ValidationError
from app.domain.kit.idcard import make_id
from app.domain.orgs.rules import OrgType
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.members.query import MemberQuery
from app.services.members.service import MemberInput, NewOrg
from tests.services.members.helpers import Tree, build_tree, member


@pytest.fixture
def tree(services: Services) -> Tree:
    return build_tree(services)


def many(org_id: int | str, n: int, first: int = 0) -> list[MemberInput]:
    """``n`` valid, distinct people (ID numbers differ by birth date and sequence)."""
    out = []
    for i in range(first, first + n):
        born = dt.date(1950, 1, 1) + dt.timedelta(days=i // 400)
        seq = i % 400 * 2 + 1
        out.append(replace(member(org_id, f"党员{i}", born=born),
                           id_number=make_id("370102", born, "男", sequence=seq)))
    return out


def on_record(services: Services) -> int:
    return services.members.count(MemberQuery(include_left=True))


def test_a_thousand_row_import_keeps_the_audit_chain_whole(services: Services, tree: Tree) -> None:
    before = services.audit.count()
    result = services.members.import_batch(many(tree.branch_a, 1000), [])
    assert len(result.added_ids) == 1000 == on_record(services)
    assert services.audit.count() == before + 1000
    report = services.audit.verify()
    assert report.ok, report.problem
    # One record per member, naming them, without full numbers; the chain goes on afterwards.
    last = services.audit.recent(1)[0]
    assert last.action == "导入新增党员" and last.entity_id == str(result.added_ids[-1])
    assert "党员999" in last.summary
    row = services.members.get(result.added_ids[-1])
    assert row.id_number not in last.new_values and row.name_pinyin == "dangyuan999"
    services.members.create(member(tree.branch_b, "张三"))
    assert services.audit.verify().ok


def test_updates_are_audited_with_what_changed_and_unchanged_ones_are_not(
    services: Services, tree: Tree,
) -> None:
    a, b = (services.members.create(m) for m in many(tree.branch_a, 2))
    before = services.audit.count()
    result = services.members.import_batch(
        many(tree.branch_a, 1, first=5),
        [(a.id, replace(a.as_input(), org_id=tree.branch_b, phone="13900001111")), (b.id, b.as_input())],
    )
    assert result.updated_ids == [a.id, b.id] and len(result.added_ids) == 1
    assert services.members.get(a.id).org_id == tree.branch_b
    entries = services.audit.recent(services.audit.count() - before)
    assert [e.action for e in entries] == ["导入新增党员", "导入修改党员"]
    changed = json.loads(entries[1].new_values)
    assert changed == {"所在党组织": tree.branch_b, "联系电话": "139****1111"}
    assert services.audit.verify().ok


def test_new_organisations_are_made_with_their_members(services: Services, tree: Tree) -> None:
    result = services.members.import_batch(
        many("第九网格", 3), [],
        new_orgs=[NewOrg("第九网格党支部", tree.community, OrgType.GRID_BRANCH, key="第九网格")],
    )
    (new,) = [o for o in services.orgs.list() if o.name == "第九网格党支部"]
    assert result.created_orgs == {"第九网格": new.id}
    assert new.parent_id == tree.community and new.remarks == "导入党员名册时自动新建"
    assert {m.org_id for m in services.members.rows(result.added_ids)} == {new.id}
    assert services.audit.verify().ok


def test_a_bad_member_after_the_new_organisations_leaves_neither(services: Services, tree: Tree) -> None:
    orgs, audit = services.orgs.count(), services.audit.count()
    people = many("第九网格党支部", 3)
    people[2] = replace(people[2], phone="110")
    with pytest.raises(ValidationError, match="党员“党员2”：联系电话“110”格式不对"):
        services.members.import_batch(
            people, [], new_orgs=[("第九网格党支部", tree.community, OrgType.GRID_BRANCH)])
    assert services.orgs.count() == orgs and on_record(services) == 0
    assert services.audit.count() == audit


def test_a_new_organisation_that_breaks_the_tree_rules_is_refused(services: Services, tree: Tree) -> None:
    with pytest.raises(ValidationError):
        services.members.import_batch(
            many("党委", 1), [], new_orgs=[NewOrg("新党委", tree.branch_a, OrgType.COMMUNITY, key="党委")])
    assert on_record(services) == 0


def test_an_organisation_made_since_the_preview_is_used_not_doubled(services: Services, tree: Tree) -> None:
    from app.services.orgs.service import OrgInput

    made = services.orgs.create(OrgInput("第九网格党支部", OrgType.GRID_BRANCH, tree.community))
    result = services.members.import_batch(
        many("第九网格党支部", 1), [], new_orgs=[("第九网格党支部", tree.community, OrgType.GRID_BRANCH)])
    assert result.created_orgs == {"第九网格党支部": made.id}
    assert [o.name for o in services.orgs.list()].count("第九网格党支部") == 1


def test_duplicate_numbers_refuse_the_whole_batch(services: Services, tree: Tree) -> None:
    existing = services.members.create(member(tree.branch_a, "王芳", sex="女"))
    people = many(tree.branch_a, 3)
    with pytest.raises(ConflictError, match="与本批的“党员0”重复"):
        services.members.import_batch([*people, replace(people[0], name="李四")], [])
    with pytest.raises(ConflictError, match="已登记为党员“王芳”"):
        services.members.import_batch(
            [*people, replace(member(tree.branch_b, "王小芳", sex="女"), id_number=existing.id_number)], [])
    assert on_record(services) == 1


def test_closed_or_unknown_organisation_refuses_the_batch(services: Services, tree: Tree) -> None:
    services.orgs.close(tree.other_branch, dt.date.today(), "合并")
    with pytest.raises(ValidationError, match="“东湖第一网格党支部”已撤销"):
        services.members.import_batch([*many(tree.branch_a, 2), *many(tree.other_branch, 1, first=9)], [])
    with pytest.raises(ValidationError, match="须先在组织架构中找到"):
        services.members.import_batch(many("没有这个支部", 1), [])
    assert on_record(services) == 0


def test_ids_by_id_number(services: Services, tree: Tree) -> None:
    a, b = (services.members.create(m) for m in many(tree.branch_a, 2))
    found = services.members.ids_by_id_number([a.id_number, b.id_number, "110101199001011234", ""])
    assert found == {a.id_number: a.id, b.id_number: b.id}


# ---- permissions ----------------------------------------------------------------------------

def test_a_viewer_can_read_but_not_write_import_or_export(services: Services, tree: Tree,
                                                          tmp_path: Path) -> None:
    from app.io.members.exporter import export_members, write_template

    row = services.members.create(member(tree.branch_a, "张三"))
    services.act_as(Actor("小李", role="查看"))
    assert services.members.get(row.id).name == "张三"
    with pytest.raises(PermissionDenied, match="录入和修改台账"):
        services.members.create(member(tree.branch_a, "李四"))
    with pytest.raises(PermissionDenied):
        services.members.update(row.id, replace(row.as_input(), phone="13900001111"))
    with pytest.raises(PermissionDenied, match="导入数据"):
        services.members.import_batch(many(tree.branch_a, 1), [])
    with pytest.raises(PermissionDenied, match="导出个人信息"):
        export_members(services, MemberQuery(), tmp_path / "a.xlsx")
    with pytest.raises(PermissionDenied, match="导出个人信息"):
        write_template(tmp_path / "t.xlsx", services)
    assert not list(tmp_path.glob("*.xlsx"))  # refused before any file was written
    assert on_record(services) == 1


def test_a_party_worker_may_do_all_of_it(services: Services, tree: Tree, tmp_path: Path) -> None:
    from app.io.members.exporter import export_members

    services.act_as(Actor("小王", role="党务工作者"))
    row = services.members.create(member(tree.branch_a, "张三"))
    services.members.import_batch(many("第九网格党支部", 1), [],
                                  new_orgs=[("第九网格党支部", tree.community, OrgType.GRID_BRANCH)])
    result = export_members(services, MemberQuery(), tmp_path / "a.xlsx", show_sensitive=True)
    assert result.count == 2 and not result.masked
    assert services.members.get(row.id).name == "张三"


def test_an_auditor_may_not_export_full_numbers_or_read_the_roster(services: Services, tree: Tree,
                                                                   tmp_path: Path) -> None:
    services.act_as(Actor("审计", role="审计员"))
    with pytest.raises(PermissionDenied, match="查看台账"):
        services.members.search_ids(MemberQuery())
    with pytest.raises(PermissionDenied):
        services.exports.check(masked=False)


def test_full_numbers_need_the_sensitive_permission(services: Services) -> None:
    from app.domain.access.permissions import TABLE, Permission, Role

    services.act_as(Actor("小王", role="党务工作者"))
    services.exports.check(masked=False)
    # A role allowed to export masked files only (none has that today; the rule still holds).
    TABLE[Role.VIEWER] = TABLE[Role.VIEWER] | {Permission.EXPORT_PERSONAL_DATA}
    try:
        services.act_as(Actor("小李", role="查看"))
        services.exports.check(masked=True)
        with pytest.raises(PermissionDenied, match="查看完整身份证号和电话"):
            services.exports.check(masked=False)
    finally:
        TABLE[Role.VIEWER] = TABLE[Role.VIEWER] - {Permission.EXPORT_PERSONAL_DATA}


def test_an_actor_without_a_role_is_not_checked(services: Services, tree: Tree, tmp_path: Path) -> None:
    from app.io.members.exporter import export_members

    services.act_as(Actor("本机用户"))
    services.members.import_batch(many(tree.branch_a, 2), [])
    assert export_members(services, MemberQuery(), tmp_path / "a.csv", show_sensitive=True).count == 2


def test_records_appended_in_bulk_chain_on_with_single_ones(services: Services) -> None:
    from app.services.safety import audit

    with services.db.sessions.begin() as s:
        audit.append(s, "甲", "单条", summary="前")
        assert audit.append_many(s, "乙", [{"action": "批量", "summary": f"第{i}条", "new": {"序号": i}}
                                          for i in range(3)]) == 3
        audit.append(s, "丙", "单条", summary="后")
    report = services.audit.verify()
    assert report.ok and report.checked == 5
    assert [e.summary for e in reversed(services.audit.recent(5))] == ["前", "第0条", "第1条", "第2条", "后"]
